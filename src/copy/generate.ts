import type { CopyFacts, CopyVariant } from '../contracts/copy.ts';
import type { Channel } from '../contracts/trigger-costs.ts';
import { TRIGGER_CATALOGUE, type TriggerId } from '../contracts/triggers.ts';
import { hashString, Rng } from '../core/rng.ts';
import { type CopyDraft, checkCopy } from './guardrails.ts';
import { factSentences, type PhraseContext, phrasesFor } from './phrasebook.ts';

export interface GenerateCopyInput {
  trigger: TriggerId;
  channel: Channel;
  facts: CopyFacts;
  /** How many variants (default 3). */
  variants?: number;
  /** Different seeds give different variants; the same seed gives the same ones. */
  seed?: number;
}

export interface GeneratedCopy {
  variants: CopyVariant[];
  notes: string[];
}

const SMS_OPT_OUT = 'Reply STOP to opt out';

/** What the message is about, in words a customer reads: the brief's product, else the segment's next category. */
export function subjectOf(facts: CopyFacts): string {
  if (facts.product) return facts.product.name;
  if (facts.next_category) return `our ${facts.next_category.name.toLowerCase()} picks`;
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

/** Every combination of the phrase lists, in a seeded order, drafted for the channel. */
function drafts(channel: Channel, p: ReturnType<typeof phrasesFor>, rng: Rng): CopyDraft[] {
  const out: CopyDraft[] = [];
  if (channel === 'email') {
    for (const subject of p.subjects)
      for (const preheader of p.preheaders)
        for (const hook of p.hooks)
          for (const cta of p.ctas) {
            // A fact sentence already in the hook or preheader is not repeated in the body.
            const extra = p.support.filter((f) => !hook.includes(f) && f !== preheader);
            const body = [`Hi {{first_name}},`, [hook, ...extra].join(' '), cta, 'The team'].join('\n\n');
            out.push({ channel, subject, preheader, body });
          }
  } else if (channel === 'sms') {
    for (const line of p.sms)
      for (const cta of p.ctas) {
        // Lines that start lower-case continue a greeting; proper names keep their capitals.
        out.push({ channel, body: `{{first_name}}, ${line} ${cta} ${SMS_OPT_OUT}` });
        out.push({ channel, body: `${line.charAt(0).toUpperCase()}${line.slice(1)} ${cta} ${SMS_OPT_OUT}` });
      }
  } else {
    for (const title of p.pushTitles) for (const body of p.pushBodies) out.push({ channel, title, body });
  }
  return rng.shuffle(out);
}

function leadText(d: CopyDraft): string {
  return d.subject ?? d.title ?? d.body.split(' ').slice(0, 6).join(' ');
}

/**
 * The embedded, offline copy generator: variants for one trigger and channel whose tone follows the
 * trigger's mechanism and whose facts come from `facts` only. Each variant is checked by the
 * guardrails; only variants that pass are returned, as distinct as the phrase lists allow (a
 * different opening line each, where possible).
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
  if (trigger === 'social_proof' && !facts.social_proof) {
    notes.push('No purchase count could be computed for this product, so no number of buyers is stated.');
  }
  if (trigger === 'urgency_message' && !facts.offer.deadline) {
    notes.push(
      'The campaign has no deadline, so no time limit is stated; set one to say when the offer ends.',
    );
  }

  const rng = new Rng(hashString(`copy:${trigger}:${channel}:${seed}`));
  const chosen: CopyVariant[] = [];
  const leads = new Set<string>();
  const bodies = new Set<string>();
  let rejected = 0;
  const candidates = drafts(channel, phrases, rng);
  // Two passes: first insist on a new opening line per variant, then accept any new body.
  for (const distinctLead of [true, false]) {
    for (const d of candidates) {
      if (chosen.length >= want) break;
      if (bodies.has(`${leadText(d)}|${d.body}`) || (distinctLead && leads.has(leadText(d)))) continue;
      const checks = checkCopy(d, facts);
      if (!checks.ok) {
        if (distinctLead) rejected++;
        continue;
      }
      leads.add(leadText(d));
      bodies.add(`${leadText(d)}|${d.body}`);
      const all = [d.subject, d.preheader, d.title, d.body].filter(Boolean).join('\n');
      chosen.push({
        id: `v${chosen.length + 1}-${hashString(all).toString(36)}`,
        channel,
        trigger,
        tone: phrases.tone,
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
  }
  if (chosen.length < want) {
    notes.push(
      `${chosen.length} of ${want} variants: the other combinations for ${TRIGGER_CATALOGUE[trigger].label} by ${channel} failed the guardrails (${rejected} rejected).`,
    );
  }
  return { variants: chosen, notes };
}
