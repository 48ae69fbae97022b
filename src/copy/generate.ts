import type { CopyFacts, CopyVariant } from '../contracts/copy.ts';
import type { Channel } from '../contracts/trigger-costs.ts';
import { TRIGGER_CATALOGUE, type TriggerId } from '../contracts/triggers.ts';
import { hashString, Rng } from '../core/rng.ts';
import { type CopyDraft, checkCopy } from './guardrails.ts';
import { type Angle, factSentences, type PhraseContext, phrasesFor } from './phrasebook.ts';

export interface GenerateCopyInput {
  trigger: TriggerId;
  channel: Channel;
  facts: CopyFacts;
  /** How many variants (default 3). */
  variants?: number;
  /** Different seeds give different variants; the same seed gives the same ones. */
  seed?: number;
  /**
   * Whether the audience was chosen for an abandoned cart (audienceHasCart of its criteria); a
   * cart reminder claims a cart only then. Default true: the caller vouches for its audience.
   */
  audienceHasCart?: boolean;
}

export interface GeneratedCopy {
  variants: CopyVariant[];
  notes: string[];
}

const SMS_OPT_OUT = 'Reply STOP to opt out';

/** What the message is about, in words a customer reads: the brief's product, else the segment's next category. */
export function subjectOf(facts: CopyFacts): string {
  // A category is no name a sentence can carry ("the story behind Shoes", "how to make the most of
  // Kids"): it reads as our picks in it, like the next category below.
  if (facts.product?.kind === 'category') return `our picks in ${facts.product.name}`;
  if (facts.product) return facts.product.name;
  // "our picks in Bags", not "our bags picks"; a category name keeps its own capitals.
  if (facts.next_category) return `our picks in ${facts.next_category.name}`;
  return 'our latest picks';
}

function factsUsed(text: string, facts: CopyFacts): string[] {
  const used: string[] = [];
  if (facts.product && text.includes(facts.product.name)) used.push('product');
  if (facts.next_category && text.includes(facts.next_category.name)) used.push('next_category');
  if (facts.social_proof && text.includes(facts.social_proof.count.toLocaleString('en-US')))
    used.push('social_proof.count');
  if (
    facts.stock.units !== null &&
    new RegExp(`\\b${facts.stock.units.toLocaleString('en-US')} left`).test(text)
  ) {
    used.push('stock.units');
  }
  if (/running low|stock is low/i.test(text)) used.push('stock.status');
  if (facts.offer.discount_percent !== null && text.includes(`${facts.offer.discount_percent}%`))
    used.push('offer.discount_percent');
  if (facts.offer.reward_percent !== null && text.includes(`${facts.offer.reward_percent}%`))
    used.push('offer.reward_percent');
  if (/free (expedited )?shipping/i.test(text)) used.push('offer.free_shipping');
  if (facts.offer.deadline && text.includes(facts.offer.deadline)) used.push('offer.deadline');
  return used;
}

function placeholdersIn(text: string): string[] {
  return [...new Set([...text.matchAll(/\{\{([a-z_]+)\}\}/g)].map((m) => m[1] as string))];
}

/**
 * One angle drafted for the channel. An SMS has two openings (the greeting or the line itself),
 * tried in a seeded order, so a line too long with the name still goes out without it.
 */
function draftsOf(channel: Channel, a: Angle, support: readonly string[], rng: Rng): CopyDraft[] {
  if (channel === 'email') {
    // A fact sentence already in the hook or preheader is not repeated in the body.
    const extra = support.filter((f) => !a.hook.includes(f) && f !== a.preheader);
    const body = ['Hi {{first_name}},', [a.hook, ...extra].join(' '), a.cta, 'The team'].join('\n\n');
    return [{ channel, subject: a.subject, preheader: a.preheader, body }];
  }
  if (channel === 'sms') {
    // Lines that start lower-case continue a greeting; proper names keep their capitals.
    const greet: CopyDraft = { channel, body: `{{first_name}}, ${a.sms} ${a.cta} ${SMS_OPT_OUT}` };
    const plain: CopyDraft = {
      channel,
      body: `${a.sms.charAt(0).toUpperCase()}${a.sms.slice(1)} ${a.cta} ${SMS_OPT_OUT}`,
    };
    return rng.next() < 0.5 ? [greet, plain] : [plain, greet];
  }
  return [{ channel, title: a.pushTitle, body: a.pushBody }];
}

/**
 * The embedded, offline copy generator: variants for one trigger and channel whose tone follows the
 * trigger's mechanism and whose facts come from `facts` only. Each variant is checked by the
 * guardrails; only variants that pass are returned, each of its own angle (phrasebook.ts).
 */
export function generateCopy(input: GenerateCopyInput): GeneratedCopy {
  const { trigger, channel, facts } = input;
  const want = input.variants ?? 3;
  const seed = input.seed ?? 0;
  const item = subjectOf(facts);
  const c: PhraseContext = {
    item,
    category: facts.next_category?.name ?? null,
    // A product is one thing; a collection, a category or "our latest picks" are many.
    plural: facts.product ? facts.product.kind !== 'product' : true,
    facts,
    hasCart: input.audienceHasCart ?? true,
    ...factSentences(facts, item),
  };
  const phrases = phrasesFor(trigger, c);
  const notes: string[] = [];
  if (trigger === 'scarcity_message' && facts.stock.status === 'high') {
    notes.push(
      `No low-stock claim: the products table shows ${facts.stock.units} units in stock, above the low-stock threshold of ${facts.stock.threshold}.`,
    );
  }
  if (trigger === 'scarcity_message' && facts.stock.status === 'unknown') {
    notes.push(
      'Stock is not recorded for this product, so scarcity is phrased conditionally ("while stock lasts").',
    );
  }
  if (trigger === 'cart_reminder' && !c.hasCart) {
    notes.push(
      'This audience was not chosen for having an abandoned cart, so the reminder does not say they left anything in their cart.',
    );
  }
  if (trigger === 'social_proof' && !facts.social_proof) {
    notes.push('No purchase count could be computed for this product, so no number of buyers is stated.');
  }
  if (trigger === 'urgency_message' && !facts.offer.deadline) {
    notes.push(
      'The campaign has no deadline, so no time limit is stated; set one to say when the offer ends.',
    );
  }

  const rng = new Rng(hashString(`copy:${trigger}:${channel}:${seed}`));
  // One variant per angle, so no two share a subject, an opening or a call to action. The first
  // suggestion (seed 0) leads with the angles the facts back; "regenerate" draws them in another order.
  const order = seed === 0 ? phrases.angles : rng.shuffle([...phrases.angles]);
  const chosen: CopyVariant[] = [];
  const rejected: string[] = [];
  for (const angle of order) {
    if (chosen.length >= want) break;
    const d = draftsOf(channel, angle, phrases.support, rng).find((x) => checkCopy(x, facts).ok);
    if (!d) {
      rejected.push(angle.name);
      continue;
    }
    const checks = checkCopy(d, facts);
    const all = [d.subject, d.preheader, d.title, d.body].filter(Boolean).join('\n');
    chosen.push({
      id: `v${chosen.length + 1}-${hashString(all).toString(36)}`,
      channel,
      trigger,
      tone: phrases.tone,
      angle: angle.name,
      source: 'embedded',
      ...(d.subject !== undefined ? { subject: d.subject } : {}),
      ...(d.preheader !== undefined ? { preheader: d.preheader } : {}),
      ...(d.title !== undefined ? { title: d.title } : {}),
      body: d.body,
      placeholders: placeholdersIn(all),
      facts_used: factsUsed(all, facts),
      checks,
    });
  }
  if (chosen.length < want) {
    notes.push(
      `${chosen.length} of ${want} variants: ${TRIGGER_CATALOGUE[trigger].label} by ${channel} has ${chosen.length === 1 ? 'one angle' : `${chosen.length} angles`} the facts support${rejected.length ? ` (${rejected.join(', ')} failed the guardrails)` : ''}, and a variant never repeats another's angle.`,
    );
  }
  return { variants: chosen, notes };
}
