import {
  COPY_LIMITS,
  COPY_PLACEHOLDERS,
  type CopyFacts,
  type CopyFieldName,
  type FieldCheck,
  type GuardrailIssue,
  type GuardrailReport,
} from '../contracts/copy.ts';
import type { Channel } from '../contracts/trigger-costs.ts';

/** A message as written, by the embedded generator or an LLM, before it is checked. */
export interface CopyDraft {
  channel: Channel;
  subject?: string;
  preheader?: string;
  title?: string;
  body: string;
}

/**
 * The longest value each placeholder is expected to take, so a limit holds for every customer
 * and not only for the template text (a 15-letter first name covers 99% of names in most CRMs).
 */
export const PLACEHOLDER_MAX_CHARS: Record<(typeof COPY_PLACEHOLDERS)[number], number> = {
  first_name: 15,
  location_city: 20,
  predicted_next_purchase_category: 20,
};

/** Words that spam filters and carriers score against a message (a short list of the worst offenders). */
export const SPAM_PHRASES = [
  '100% free',
  'act now',
  'amazing deal',
  'best price',
  'cash bonus',
  'click here',
  'double your',
  'earn money',
  'free gift',
  'free money',
  'guaranteed',
  'lowest price',
  'miracle',
  'no obligation',
  'no strings attached',
  'once in a lifetime',
  'risk-free',
  'risk free',
  'winner',
  'you have been selected',
  "you've won",
  '$$$',
];

/** Upper-case words that are names, not shouting. */
const ALLOWED_CAPS = new Set(['STOP', 'VIP', 'USA', 'UK', 'SMS', 'FAQ', 'USD', 'EUR', 'GBP']);

const OPT_OUT = /\breply\s+stop\b/i;

/** GSM 03.38 basic set: an SMS outside it is sent as UCS-2 and holds only 70 characters. */
const GSM7 = /^[@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ !"#¤%&'()*+,\-./0-9:;<=>?¡A-ZÄÖÑÜ§¿a-zäöñüà^{}\\[~\]|€]*$/;
const UCS2_SMS_LIMIT = 70;

// Claims and the fact each one needs. Assertive scarcity needs stock that is really low;
// conditional scarcity ("while stock lasts") is honest unless stock is known to be high.
const ASSERTIVE_SCARCITY =
  /\b(low stock|stock is low|running (low|out)|almost gone|selling out|nearly sold out|few left|last (few|pieces|pairs|units)|only \d[\d,]* left|\d[\d,]* left in stock)\b/i;
const CONDITIONAL_SCARCITY =
  /\b(while (stock|supplies|they|it) lasts?|before (it|they)('s| is| are|'re) gone|until (it|they) sells? out)\b/i;
const LIMITED_EDITION = /\b(limited[- ]edition|numbered run|limited run)\b/i;
const COUNT_OF_PEOPLE = /\b(\d[\d,]*)\s+(customers|people|shoppers|buyers|others|members)\b/gi;
const POPULARITY = /\b(best[- ]?sell(er|ers|ing)|trending|most popular)\b/i;
const PERCENT = /(\d+(?:\.\d+)?)\s?%/g;
const FREE_SHIPPING = /\bfree\s+(express\s+|expedited\s+)?(shipping|delivery)\b/i;
const DEADLINE =
  /\b(ends (tonight|today|tomorrow|soon|on|at|in)|last chance|today only|expires?|countdown|\d+\s?(hours?|hrs|days?) (left|only)|until midnight|price(s)? (rise|go up))\b/i;
const ONLY_N_LEFT = /\bonly (\d[\d,]*) left\b|\b(\d[\d,]*) left in stock\b/i;

const FIELDS_BY_CHANNEL: Record<Channel, CopyFieldName[]> = {
  email: ['subject', 'preheader', 'body'],
  sms: ['body'],
  push: ['title', 'body'],
};

function parseCount(s: string): number {
  return Number(s.replace(/,/g, ''));
}

/** The text with every placeholder replaced by a string of its longest expected length. */
function maxRenderedLength(text: string): number {
  return text.replace(/\{\{\s*([a-z_]+)\s*\}\}/g, (_m, name: string) =>
    'x'.repeat(PLACEHOLDER_MAX_CHARS[name as keyof typeof PLACEHOLDER_MAX_CHARS] ?? 20),
  ).length;
}

function checkPlaceholders(field: CopyFieldName, text: string, issues: GuardrailIssue[]): void {
  const allowed = new Set<string>(COPY_PLACEHOLDERS);
  for (const m of text.matchAll(/\{\{\s*([^{}]*?)\s*\}\}/g)) {
    const name = m[1] ?? '';
    if (!allowed.has(name)) {
      issues.push({
        code: 'placeholder',
        severity: 'error',
        field,
        detail: `unknown placeholder {{${name}}}: use one of ${COPY_PLACEHOLDERS.map((p) => `{{${p}}}`).join(', ')}`,
      });
    }
    if (m[0] !== `{{${name}}}`) {
      issues.push({ code: 'placeholder', severity: 'error', field, detail: `write ${m[0]} as {{${name}}}` });
    }
  }
  // Whatever braces remain after removing the well-formed ones are broken placeholders.
  const rest = text.replace(/\{\{\s*[^{}]*?\s*\}\}/g, '');
  if (/[{}]/.test(rest)) {
    issues.push({
      code: 'placeholder',
      severity: 'error',
      field,
      detail: 'unbalanced or single brace: placeholders are written {{name}}',
    });
  }
}

function checkSpam(field: CopyFieldName, text: string, issues: GuardrailIssue[]): void {
  const lower = text.toLowerCase();
  for (const phrase of SPAM_PHRASES) {
    if (lower.includes(phrase)) {
      issues.push({
        code: 'spam_word',
        severity: 'error',
        field,
        detail: `"${phrase}" is a common spam-filter trigger`,
      });
    }
  }
  const shouting = (text.replace(/\{\{[^}]*\}\}/g, '').match(/\b[A-Z]{4,}\b/g) ?? []).filter(
    (w) => !ALLOWED_CAPS.has(w),
  );
  if (shouting.length > 0) {
    issues.push({
      code: 'spam_word',
      severity: 'warning',
      field,
      detail: `all-caps words read as shouting: ${shouting.join(', ')}`,
    });
  }
  const bangs = (text.match(/!/g) ?? []).length;
  if (/!!|\?!/.test(text) || bangs > 2) {
    issues.push({
      code: 'spam_word',
      severity: 'warning',
      field,
      detail: `${bangs} exclamation marks: one is plenty`,
    });
  }
}

/** Every claim in the text must be backed by the facts; returns one issue per unsupported claim. */
function checkClaims(field: CopyFieldName, text: string, facts: CopyFacts, issues: GuardrailIssue[]): void {
  const claim = (detail: string) =>
    issues.push({ code: 'unsupported_claim', severity: 'error', field, detail });
  const stock = facts.stock;

  const assertive = text.match(ASSERTIVE_SCARCITY);
  if (assertive && stock.status !== 'low') {
    claim(
      `"${assertive[0]}" claims low stock, but stock is ${stock.status}${stock.units !== null ? ` (${stock.units} units)` : ''}`,
    );
  }
  const onlyLeft = text.match(ONLY_N_LEFT);
  if (onlyLeft && stock.status === 'low') {
    const n = parseCount(onlyLeft[1] ?? onlyLeft[2] ?? '');
    if (stock.units === null || n !== stock.units) {
      claim(`"${onlyLeft[0]}" does not match the ${stock.units ?? 'unknown'} units in stock`);
    }
  }
  const conditional = text.match(CONDITIONAL_SCARCITY);
  if (conditional && stock.status === 'high') {
    claim(`"${conditional[0]}" implies limited stock, but stock is high (${stock.units} units)`);
  }
  const limited = text.match(LIMITED_EDITION);
  if (limited && !(facts.product && /limited/i.test(facts.product.name))) {
    claim(`"${limited[0]}": the product is not a limited edition in the catalogue`);
  }

  for (const m of text.matchAll(COUNT_OF_PEOPLE)) {
    const n = parseCount(m[1] ?? '');
    if (!facts.social_proof || n !== facts.social_proof.count) {
      claim(
        `"${m[0]}" is not the count in the data${facts.social_proof ? ` (${facts.social_proof.count.toLocaleString('en-US')})` : ' (none computed)'}`,
      );
    }
  }
  const popular = text.match(POPULARITY);
  if (popular && !(facts.social_proof && facts.social_proof.count > 0)) {
    claim(`"${popular[0]}" needs a real purchase count, and none was computed`);
  }

  const allowedPercents = [facts.offer.discount_percent, facts.offer.reward_percent].filter(
    (x): x is number => x !== null,
  );
  for (const m of text.matchAll(PERCENT)) {
    const v = Number(m[1]);
    if (!allowedPercents.includes(v)) {
      claim(
        `"${m[0]}" is not an offer of this campaign${allowedPercents.length ? ` (${allowedPercents.map((p) => `${p}%`).join(', ')})` : ''}`,
      );
    }
  }
  const ship = text.match(FREE_SHIPPING);
  if (ship && !facts.offer.free_shipping) claim(`"${ship[0]}" is not offered by this campaign`);
  if (ship && /express|expedited/i.test(ship[0]) && facts.offer.shipping_variant !== 'expedited') {
    claim(`"${ship[0]}": the offer is standard free shipping`);
  }
  const deadline = text.match(DEADLINE);
  if (deadline && !facts.offer.deadline)
    claim(`"${deadline[0]}" states a deadline, but the campaign has none`);
}

/** Longest angle a variant may carry: a few words beside "Variant 2:", not a sentence. */
export const ANGLE_MAX_CHARS = 40;

/**
 * What is wrong with a variant's angle (the reason it gives to act, shown beside the variant):
 * none, too long, one another variant already takes (compared without case or punctuation), or a
 * claim the facts do not back ("low stock" when stock is high). Empty when it is fine.
 */
export function angleProblems(angle: unknown, taken: readonly string[], facts: CopyFacts): string[] {
  if (typeof angle !== 'string' || angle.trim() === '') return ['it names no angle'];
  const a = angle.trim();
  const problems: string[] = [];
  if (a.length > ANGLE_MAX_CHARS)
    problems.push(`its angle has ${a.length} characters, over ${ANGLE_MAX_CHARS}`);
  const key = angleKey(a);
  if (taken.some((t) => angleKey(t) === key)) problems.push(`its angle "${a}" repeats another variant's`);
  const issues: GuardrailIssue[] = [];
  checkSpam('body', a, issues);
  checkClaims('body', a, facts, issues);
  for (const i of issues) if (i.severity === 'error') problems.push(`its angle: ${i.detail}`);
  return problems;
}

/** An angle as compared for repeats: lower case, letters, digits and single spaces only. */
export function angleKey(a: string): string {
  return a
    .toLowerCase()
    .replace(/[^\p{L}\p{N}]+/gu, ' ')
    .trim();
}

/**
 * The guardrails, checked on every variant whoever wrote it (embedded generator or LLM):
 * required fields, length limits (as written and with placeholders filled at their longest),
 * SMS opt-out and encoding, well-formed placeholders, spam words, and claims the data does not back.
 */
export function checkCopy(draft: CopyDraft, facts: CopyFacts): GuardrailReport {
  const issues: GuardrailIssue[] = [];
  const fields: FieldCheck[] = [];
  const limits = COPY_LIMITS[draft.channel] as Partial<Record<CopyFieldName, number>>;
  for (const field of FIELDS_BY_CHANNEL[draft.channel]) {
    const text = draft[field] ?? '';
    let limit = limits[field] ?? 0;
    if (draft.channel === 'sms' && !GSM7.test(text)) {
      limit = UCS2_SMS_LIMIT;
      issues.push({
        code: 'encoding',
        severity: 'warning',
        field,
        detail: `characters outside the GSM-7 set make this a UCS-2 SMS, limited to ${UCS2_SMS_LIMIT} characters`,
      });
    }
    const check: FieldCheck = {
      field,
      chars: text.length,
      max_rendered_chars: maxRenderedLength(text),
      limit,
    };
    fields.push(check);
    if (text.trim() === '') {
      issues.push({ code: 'empty', severity: 'error', field, detail: `${field} is empty` });
      continue;
    }
    if (check.max_rendered_chars > limit) {
      issues.push({
        code: 'length',
        severity: 'error',
        field,
        detail:
          check.chars > limit
            ? `${check.chars} characters, over the ${limit} limit`
            : `${check.chars} characters as written, but up to ${check.max_rendered_chars} once placeholders are filled (limit ${limit})`,
      });
    }
    checkPlaceholders(field, text, issues);
    checkSpam(field, text, issues);
    checkClaims(field, text, facts, issues);
  }
  if (draft.channel === 'sms' && !OPT_OUT.test(draft.body)) {
    issues.push({
      code: 'missing_opt_out',
      severity: 'error',
      field: 'body',
      detail: 'an SMS must say how to opt out ("Reply STOP to opt out")',
    });
  }
  return { ok: !issues.some((i) => i.severity === 'error'), fields, issues };
}
