import type { Criteria } from '../contracts/criteria.ts';

/**
 * A brief that names its audience only by a vague word ("our most loyal customers", "VIPs", "big
 * spenders", "lapsed customers" with no period) is read as the labels read it: no threshold is
 * invented beyond the documented defaults. What the marketer means is still worth asking, so the
 * COO carries one question that offers concrete definitions in the catalogue's fields.
 *
 * It is a suggestion, not a block: clarifications never stop planning (only the "not a campaign
 * brief" question does, and only when it comes first), and `intent eval` leaves this question out of
 * its clarification rate, which measures the interpreter's own doubt about trigger and goal.
 */

type Kind = 'value' | 'spend' | 'lapse';

/** Words that define a value audience: a field, a rank or a count ("VIPs (top 5% CLV)", "5+ orders"). */
const VALUE_DEFINED =
  /\b(?:clv|ltv|lifetime|aov|average order|spent|spend|spends|orders?|purchases?|percentile|top \d|\d+\s*%|\d+\+|i\.e\.|defined as|meaning|which means|tier)\b|\d+\+|\d\s*%/;
/** Words that give a lapse its period ("lapsed 120+ days", "dormant since March", "inactive 6 months"). */
const LAPSE_DEFINED =
  /\d+\s*\+?\s*(?:d|days?|weeks?|wks?|months?|mos?|mths?|years?|yrs?)\b|\bsince\b|\b(?:a|1|one|last) (?:year|quarter|season)\b/;

const VAGUE: Array<{ re: RegExp; kind: Kind }> = [
  {
    re: /\b(?:(?:our|my|the)\s+)?(?:most\s+)?(?:loyal|loyalest|best|top|favourite|favorite)\s+(?:customers|shoppers|clients|buyers|members|fans|regulars)\b|\bloyalists\b/,
    kind: 'value',
  },
  { re: /\b(?:(?:our|my|the)\s+)?vips?\b/, kind: 'value' },
  {
    re: /\b(?:(?:our|my|the)\s+)?(?:high[- ]value|high[- ]spending|big[- ]spending)\s+(?:customers|shoppers|clients|buyers|spenders|members)\b|\b(?:(?:our|my|the)\s+)?(?:big|biggest|top|high)\s+spenders\b|\bwhales\b/,
    kind: 'spend',
  },
  {
    re: /\b(?:(?:our|my|the)\s+)?(?:lapsed|dormant|inactive|churned|sleeping)\s+(?:customers|shoppers|clients|buyers|members|users|subscribers|regulars|vips)\b/,
    kind: 'lapse',
  },
];

const VALUE_FIELDS = new Set([
  'clv_score',
  'lifetime_value',
  'average_order_value',
  'purchase_frequency',
  'orders_last_90_days',
]);

/** The conditions on `fields` of a criteria tree other than the vague word's documented default. */
function stated(c: Criteria | null, fields: ReadonlySet<string>, fallback: string): boolean {
  if (!c) return false;
  if ('all' in c) return c.all.some((k) => stated(k, fields, fallback));
  if ('any' in c) return c.any.some((k) => stated(k, fields, fallback));
  if ('not' in c) return stated(c.not, fields, fallback);
  if ('field' in c) return fields.has(c.field) && `${c.field} ${c.op} ${String(c.value)}` !== fallback;
  return c.min_count !== undefined && fields.has('purchase_frequency');
}

/** The brief's own words for the question: "your most loyal customers", "your VIPs". */
function asked(words: string): string {
  return words
    .trim()
    .replace(/^(?:our|my|the)\s+/, '')
    .replace(/\bvips?\b/, 'VIPs')
    .replace(/^/, 'your ');
}

/**
 * The question to add for a brief whose audience is only a vague word (normalised text and the
 * criteria the rules read), or null when it has none or says who it means ("VIPs (top 5% CLV)",
 * "lapsed customers, 120+ days"). The criteria are not changed.
 */
export function vagueAudienceQuestion(text: string, criteria: Criteria | null): string | null {
  for (const v of VAGUE) {
    const m = v.re.exec(text);
    if (!m) continue;
    // The sentence of the vague word, without it: where a writer defines it.
    const start = Math.max(0, text.lastIndexOf('.', m.index) + 1);
    const dot = text.indexOf('.', m.index + m[0].length);
    const sentence = text.slice(start, dot < 0 ? text.length : dot).replace(m[0], ' ');
    const who = asked(m[0]);
    if (v.kind === 'lapse') {
      if (
        LAPSE_DEFINED.test(sentence) ||
        stated(criteria, new Set(['days_since_last_purchase']), 'days_since_last_purchase > 90')
      )
        return null;
      return `How long without an order do you mean by "${m[0].trim()}"? For example 90+ days (days_since_last_purchase > 90) or 6+ months (days_since_last_purchase > 180).`;
    }
    if (VALUE_DEFINED.test(sentence) || stated(criteria, VALUE_FIELDS, 'clv_score >= 0.8')) return null;
    return v.kind === 'spend'
      ? `Who counts as ${who}? For example the top 20% by CLV (clv_score >= 0.8) or a lifetime spend above 1,000 (lifetime_value > 1000).`
      : `Who counts as ${who}? For example the top 20% by CLV (clv_score >= 0.8) or 5+ orders in the last 12 months (purchase_frequency >= 5).`;
  }
  return null;
}

/**
 * The vague words themselves as the brief wrote them ("our most loyal customers"), for the COO's
 * audience description: a brief that names its audience only vaguely has not named "no audience".
 */
export function vagueAudienceWords(text: string): string | null {
  for (const v of VAGUE) {
    const m = v.re.exec(text);
    if (m) return m[0].trim();
  }
  return null;
}

/** Whether a clarification is this module's suggestion (kept out of the clarification rate). */
export function isVagueAudienceQuestion(q: string): boolean {
  return /^(?:Who counts as .+\? For example the top 20% by CLV|How long without an order do you mean by ".+"\? For example 90\+ days)/.test(
    q,
  );
}
