import { readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { type CampaignObjective, NOT_A_BRIEF_QUESTION } from '../contracts/coo.ts';
import type { Criteria } from '../contracts/criteria.ts';
import { InvalidInput, Unavailable } from '../core/errors.ts';
import { hashString } from '../core/rng.ts';
import { codeCues, foreignWordCount, pastedCues, requestCues } from './brief-gate-cues.ts';
import { extractCriteria } from './extract-criteria.ts';
import { HASH_DIM, type SparseVector } from './features.ts';
import type { AnalyzedBrief } from './intent-model.ts';

/**
 * The "not a campaign brief" gate (issue 5): is this text a campaign brief at all?
 *
 * A binary logistic regression (in-domain brief vs anything else) over the features the intent
 * model already computes for the brief (hashed stemmed words, bigrams, character n-grams, lexicon
 * cues, the audience the rules read: `features.ts`), plus a few shape features of the raw text that
 * only the gate reads (length, first word, question mark, code and URL marks, the old campaign-word
 * regexes). Positives are the training corpus' briefs, negatives a hand-written list of everything
 * else people type into such a box (`corpus/offtopic-train.jsonl`). Trained by `brief-gate-train.ts`
 * as part of `aether intent train`, stored in `corpus/brief-gate.json`.
 *
 * Three answers: a brief; a borderline text, answered with a COO that asks first whether it is a
 * brief (and states a confidence scaled by the gate's probability); or an InvalidInput with reason
 * "not a campaign brief". Two rules come before the model because they are right without it: text
 * with no letter, and text whose letters are mostly not Latin (the interpreter reads English only).
 */
export const GATE_PATH = fileURLToPath(new URL('./corpus/brief-gate.json', import.meta.url));

/** Below this probability of being a brief, the text is refused. */
export const GATE_REFUSE_BELOW = 0.1;
/** Below this (and not refused), the COO is answered but asks first whether it is a brief. */
export const GATE_CLARIFY_BELOW = 0.5;

export const GATE_REASON = 'not a campaign brief';
export const GATE_QUESTION = NOT_A_BRIEF_QUESTION;
const REFUSAL =
  'This does not read like a campaign brief. Say who to target and what you want, e.g. "Win back customers who have not bought in 90 days with free shipping".';

/** The campaign words of the earlier regex gate: now one feature among others, not a verdict. */
const CAMPAIGN_WORDS =
  /\b(?:customers?|shoppers?|users?|buyers?|browsers|viewers|abandoners|wishlisters|vips|regulars|subscribers?|members?|visitors?|people|clients?|audience|segment|campaign|target\w*|offer\w*|send|email|sms|push|promo\w*|sale|market\w*|cart|basket|checkout|orders?|purchas\w*|bought|brief|loyal\w*|churn\w*|lapsed|convert\w*|revenue|aov|launch\w*|collection|products?|discount\w*|shipping|remind\w*|engag\w+|win back|retain|retention|upsell|cross-sell|wishlist\w*|subscri\w+|followers|fans|readers|stock|deal|sell\w*|recommend\w*|notify|newsletter|promo|coupon|voucher|blast|banner|reminder|nudge|kpi|ctr|ltv|clv|winback|reactivat\w*|cross-?sell|up-?sell|triggers?)\b/;

/** A directive addressed to the audience as "them" ("let them know", "walk them through"). */
const ADDRESSED =
  /\b(?:let|tell|show|give|send|share|walk|drop|remind|offer|get|treat|email|text|ping|nudge|invite|thank|reward|surprise|alert|warn|inform|update|point)\s+(?:them|'em|their|those|these)\b|\bwho should (?:get|hear|receive|see)\b|\b(?:the ones|those) who\b/;

const QUESTION_START =
  /^(?:what|what's|whats|how|why|who|whom|whose|when|where|which|is|are|am|was|were|can|could|do|does|did|should|will|would|shall|may|might|have|has|had|isn't|aren't|don't|doesn't|didn't|won't|wouldn't|can't|couldn't)$/;

/** Shape features of the raw text that the intent model's features do not carry (punctuation, script, length). */
export function shapeFeatures(raw: string, text: string): string[] {
  const out: string[] = [];
  const words = text.match(/[a-z0-9]+(?:'[a-z]+)?/g) ?? [];
  const n = words.length;
  out.push(
    `len:${n <= 1 ? '1' : n <= 2 ? '2' : n <= 4 ? '3-4' : n <= 8 ? '5-8' : n <= 16 ? '9-16' : n <= 32 ? '17-32' : '33+'}`,
  );
  const first = words[0];
  if (first) {
    out.push(`first:${first}`);
    if (QUESTION_START.test(first)) out.push('qstart');
  }
  const trimmed = raw.trim();
  if (trimmed.endsWith('?')) out.push('qend');
  if (/^[a-z]/.test(trimmed)) out.push('lowerstart');
  if (/\b(?:i|i'm|i've|i'd|me|my|mine)\b/.test(text)) out.push('firstperson');
  if (/\b(?:you|your|you're)\b/.test(text)) out.push('secondperson');
  if (/https?:\/\/|www\.|\.(?:com|org|net|io)\b/.test(text)) out.push('url');
  const codeMarks = (raw.match(/[{}[\]<>=;|\\`]|=>|::|\(\)/g) ?? []).length;
  if (codeMarks >= 3) out.push('code');
  if (codeMarks >= 8) out.push('code+');
  if (/^\s*[{[]/.test(raw) && /[}\]]\s*$/.test(raw)) out.push('json');
  const letters = raw.match(/\p{L}/gu) ?? [];
  const latin = raw.match(/\p{Script=Latin}/gu) ?? [];
  const ascii = raw.match(/[a-zA-Z]/g) ?? [];
  if (letters.length && ascii.length / letters.length < 0.97) out.push('accented');
  if (letters.length && latin.length / letters.length < 0.8) out.push('nonlatin');
  // Letters with no vowel run or endless consonants: typed noise ("asdfgh", "qwrtzp").
  const noisy = words.filter(
    (w) => w.length >= 5 && /^[a-z]+$/.test(w) && (!/[aeiouy]/.test(w) || /[^aeiouy]{5}/.test(w)),
  );
  if (noisy.length) out.push(noisy.length * 3 >= n ? 'noise+' : 'noise');
  const upper = raw.match(/[A-Z]/g) ?? [];
  if (ascii.length >= 8 && upper.length / ascii.length > 0.6) out.push('shouting');
  if (/[.!?]\s+\S/.test(trimmed)) out.push('sentences');
  // On the raw text: normalisation writes digits for number words and "last night".
  if (/\d/.test(raw)) out.push('digits');
  if (/[%$€£]/.test(raw)) out.push('money');
  const campaignWord = CAMPAIGN_WORDS.test(text);
  if (campaignWord) out.push('campaignword');
  if (ADDRESSED.test(text)) out.push('addressed');
  // Since the eighth session: another language, pasted text, another task, a report, a ticket.
  const foreign = foreignWordCount(raw);
  if (foreign) out.push(foreign >= 3 ? 'foreign3+' : foreign === 2 ? 'foreign2' : 'foreign1');
  if (foreign >= 2 && foreign * 5 >= n) out.push('foreignshare');
  out.push(...pastedCues(raw), ...codeCues(raw), ...requestCues(text));
  if (!campaignWord) out.push(n <= 8 ? 'nocampaignword:short' : 'nocampaignword');
  return out;
}

/**
 * What the intent model reads in the text, as evidence of a brief by its absence: no trigger cue
 * of the lexicon and no audience the rules read (a shopper's search "linen shirt white xl", a
 * pasted paragraph) against a cue or an audience (a terse "cart reminder", "win back lapsed vips").
 */
export function readingFeatures(brief: AnalyzedBrief): string[] {
  const cues = brief.cues.size;
  const audience = brief.audience.length > 0;
  return [cues ? (cues >= 2 ? 'cues2+' : 'cue') : 'nocue', audience ? 'audience' : 'noaudience'].concat(
    !cues && !audience ? ['unread'] : [],
  );
}

/** Scale of the shape features next to the model's L2-normalised features. */
const SHAPE_VALUE = 0.25;

/** The gate's input: the brief's trigger-head features plus the shape features (own `g:` names). */
export function gateVector(brief: AnalyzedBrief, shapeValue = SHAPE_VALUE): SparseVector {
  const acc = new Map<number, number>();
  const f = brief.features;
  for (let j = 0; j < f.index.length; j++) acc.set(f.index[j]!, f.value[j]!);
  for (const name of [...shapeFeatures(brief.raw, brief.text), ...readingFeatures(brief)]) {
    const h = hashString(`g:${name}`) & (HASH_DIM - 1);
    acc.set(h, (acc.get(h) ?? 0) + shapeValue);
  }
  const index = new Int32Array(acc.size);
  const value = new Float32Array(acc.size);
  let i = 0;
  for (const [k, v] of acc) {
    index[i] = k;
    value[i] = v;
    i++;
  }
  return { index, value };
}

/** A binary logistic regression: one weight per feature bucket seen in training. */
export class BriefGate {
  constructor(
    readonly weights: Map<number, number>,
    readonly bias: number,
    /** The intent model whose analysis (speller, features) the gate was trained on. */
    readonly modelVersion: string,
  ) {}

  /** The probability that the text is a campaign brief (classes weighted equally in training). */
  probability(x: SparseVector): number {
    let z = this.bias;
    for (let j = 0; j < x.index.length; j++) z += (this.weights.get(x.index[j]!) ?? 0) * x.value[j]!;
    return 1 / (1 + Math.exp(-z));
  }
}

export type GateVerdict =
  | { kind: 'brief'; probability: number }
  | { kind: 'clarify'; probability: number }
  | { kind: 'refuse'; probability: number; rule: string | null };

/** The rules that need no model: no letter at all, or letters mostly of another script. */
export function ruleRefusal(raw: string): string | null {
  const letters = raw.match(/\p{L}/gu) ?? [];
  if (letters.length === 0) return 'no words';
  const latin = raw.match(/\p{Script=Latin}/gu) ?? [];
  if (latin.length / letters.length < 0.5) return 'not in English';
  return null;
}

/**
 * Whether the rules read an audience other than a place ("people who did the skin quiz but never
 * purchased", "lapsed VIPs"): such a text may be a brief phrased as a question, so it is asked
 * about, never refused. Places alone do not count ("what's the weather in London").
 */
export function namesAudience(text: string): boolean {
  const fields: string[] = [];
  const walk = (c: Criteria): void => {
    if ('all' in c) c.all.forEach(walk);
    else if ('any' in c) c.any.forEach(walk);
    else if ('not' in c) walk(c.not);
    else fields.push('field' in c ? c.field : c.event);
  };
  const c = extractCriteria(text).criteria;
  if (c) walk(c);
  return fields.some((f) => f !== 'location_country' && f !== 'location_city');
}

/** The verdict for a gate probability (the rules first; the audience floor only where it matters, as it costs a rules pass). */
export function verdictFor(p: number, raw: string, text: string): GateVerdict {
  const rule = ruleRefusal(raw);
  if (rule) return { kind: 'refuse', probability: 0, rule };
  if (p < GATE_REFUSE_BELOW)
    return namesAudience(text)
      ? { kind: 'clarify', probability: p }
      : { kind: 'refuse', probability: p, rule: null };
  if (p < GATE_CLARIFY_BELOW) return { kind: 'clarify', probability: p };
  return { kind: 'brief', probability: p };
}

/**
 * A campaign action on a trigger, told as an order: "send a discount", "email a coupon", "text a
 * flash sale". The gate's model learnt that a brief names its audience and its goal, so two or three
 * such words scored below the refusal line although no one types them into this box for anything
 * else (of the 1,333 off-topic lines of the training and validation lists none has this form once
 * "recommend", "show" and "give" are left out: "recommend a good book", "show the discount rate").
 * A question or a first person ("send me a coupon") is a request to us, not an order to the shop.
 */
const CAMPAIGN_ORDER =
  /^(?:please\s+)?(?:send|e-?mail|text|sms|push|offer|launch|promote|remind|nudge|ping|reward|target|invite|blast|retarget|reactivate|re-?engage|upsell|cross-?sell|tempt|entice|win back)\b/i;

export function isCampaignOrder(brief: AnalyzedBrief): boolean {
  const raw = brief.raw.trim();
  if (raw.endsWith('?') || /\b(?:i|me|my|mine|i'm|i'd|i've)\b/i.test(raw)) return false;
  return brief.cues.size > 0 && CAMPAIGN_ORDER.test(raw);
}

/**
 * A few words that name a trigger and nothing else ("discount", "free shipping weekend"): too little
 * to act on, so the brief is asked about, never refused as something else.
 */
function namesOnlyATrigger(brief: AnalyzedBrief): boolean {
  return brief.cues.size > 0 && (brief.text.match(/[a-z0-9]+/g) ?? []).length <= 3;
}

export function judgeBrief(brief: AnalyzedBrief, gate: BriefGate): GateVerdict {
  if (ruleRefusal(brief.raw)) return verdictFor(0, brief.raw, brief.text);
  const v = verdictFor(gate.probability(gateVector(brief)), brief.raw, brief.text);
  if (v.kind !== 'brief' && isCampaignOrder(brief)) return { kind: 'brief', probability: v.probability };
  if (v.kind === 'refuse' && namesOnlyATrigger(brief)) return { kind: 'clarify', probability: v.probability };
  return v;
}

/** Throws the clear InvalidInput of a refused text; returns the verdict otherwise. */
export function enforceGate(brief: AnalyzedBrief, gate: BriefGate = loadGate()): GateVerdict {
  const v = judgeBrief(brief, gate);
  if (v.kind === 'refuse')
    throw new InvalidInput(
      v.rule === 'not in English'
        ? `This does not read like a campaign brief in English (the interpreter reads English only). ${REFUSAL.slice(REFUSAL.indexOf('Say'))}`
        : REFUSAL,
      [{ name: 'brief', reason: GATE_REASON }],
    );
  return v;
}

/**
 * A COO for a borderline text (from a backend that has no gate of its own): the gate's question
 * first, and confidences stated as "a brief, and this trigger" (times the gate's probability).
 */
export function withGateQuestion(coo: CampaignObjective, probability: number): CampaignObjective {
  const r = (v: number): number => Math.round(v * probability * 1000) / 1000;
  return {
    ...coo,
    confidence: r(coo.confidence),
    alternatives: coo.alternatives.map((a) => ({ ...a, confidence: r(a.confidence) })),
    clarifications: [GATE_QUESTION, ...coo.clarifications.filter((c) => c !== GATE_QUESTION)].slice(0, 10),
  };
}

export interface BriefGateJson {
  format: 'aether-brief-gate/1';
  model_version: string;
  trained_at_seed: number;
  bias: number;
  scale: number;
  /** Bucket indices (int32, base64) and their weights quantised to int8 (base64). */
  index: string;
  weights: string;
  metrics: Record<string, number>;
}

export function encodeGate(gate: BriefGate, seed: number, metrics: Record<string, number>): BriefGateJson {
  const keys = [...gate.weights.keys()].filter((k) => gate.weights.get(k) !== 0).sort((a, b) => a - b);
  let max = 0;
  for (const k of keys) max = Math.max(max, Math.abs(gate.weights.get(k)!));
  const scale = max / 127 || 1;
  // Buckets whose weight rounds to zero are dropped: they change no score.
  const kept = keys.filter((k) => Math.round(gate.weights.get(k)! / scale) !== 0);
  const q = Int8Array.from(kept.map((k) => Math.round(gate.weights.get(k)! / scale)));
  return {
    format: 'aether-brief-gate/1',
    model_version: gate.modelVersion,
    trained_at_seed: seed,
    bias: Math.round(gate.bias * 1e5) / 1e5,
    scale,
    index: Buffer.from(new Int32Array(kept).buffer).toString('base64'),
    weights: Buffer.from(q.buffer).toString('base64'),
    metrics,
  };
}

export function decodeGate(json: BriefGateJson): BriefGate {
  const idxBuf = Buffer.from(json.index, 'base64');
  const keys = new Int32Array(idxBuf.buffer, idxBuf.byteOffset, idxBuf.byteLength / 4);
  const wBuf = Buffer.from(json.weights, 'base64');
  const q = new Int8Array(wBuf.buffer, wBuf.byteOffset, wBuf.byteLength);
  const weights = new Map<number, number>();
  keys.forEach((k, i) => {
    weights.set(k, q[i]! * json.scale);
  });
  return new BriefGate(weights, json.bias, json.model_version);
}

export function saveGate(json: BriefGateJson, path = GATE_PATH): void {
  writeFileSync(path, `${JSON.stringify(json)}\n`);
}

let cached: BriefGate | null = null;

/** The committed gate, loaded once per process. */
export function loadGate(path = GATE_PATH): BriefGate {
  if (cached && path === GATE_PATH) return cached;
  let json: BriefGateJson;
  try {
    json = JSON.parse(readFileSync(path, 'utf8')) as BriefGateJson;
  } catch (e) {
    throw new Unavailable(
      `The brief gate is missing or unreadable at ${path}; run \`aether intent train\`. (${(e as Error).message})`,
    );
  }
  const gate = decodeGate(json);
  if (path === GATE_PATH) cached = gate;
  return gate;
}

export function resetGateCache(): void {
  cached = null;
}
