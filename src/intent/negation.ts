import { TRIGGER_IDS, type TriggerId } from '../contracts/triggers.ts';
import { NEGATION_OPENERS, TRIGGER_CUES } from './lexicon.ts';

/**
 * Negation scope, in the spirit of NegEx (Chapman et al., 2001, "A simple algorithm for
 * identifying negated findings and diseases in discharge summaries"): an opener ("without",
 * "no", "don't use", "rather than") negates the trigger mentions that follow it up to a clause
 * boundary or a short window, so "without any discount or coupon, just remind them" excludes
 * discount and leaves the reminder standing.
 */
export interface NegationResult {
  /** Triggers the brief forbids, in order of first mention. */
  excluded: TriggerId[];
  /** Character ranges of the normalised text that lie under a negation. */
  spans: Array<[number, number]>;
}

const BOUNDARY =
  /[.;!?:()]|,\s*(?:just|only|but|instead|and (?:just|only))\b|\s(?:but|instead|just|only|so|then|rather|use|using|lean on|focus on|go with|try)\b|\s-\s/g;
const WINDOW_CHARS = 48;
/**
 * Openers that mostly leave people out ("everyone except the control group, 10% off",
 * "excluding VIPs, free shipping"): their scope also ends at a plain comma, where a list of
 * forbidden offers ("no discounts, coupons or points") would go on.
 */
const AUDIENCE_OPENER = /^(?:except|exclud(?:e|ing)|leave out|minus)\b/;

export function findNegations(text: string): NegationResult {
  const spans: Array<[number, number]> = [];
  const opener = new RegExp(NEGATION_OPENERS.source, 'g');
  for (let m = opener.exec(text); m; m = opener.exec(text)) {
    const start = m.index + m[0].length;
    let end = Math.min(text.length, start + WINDOW_CHARS);
    const boundary = new RegExp(BOUNDARY.source, 'g');
    boundary.lastIndex = start;
    const b = boundary.exec(text);
    if (b && b.index < end) end = b.index;
    const comma = AUDIENCE_OPENER.test(m[0]) ? text.indexOf(',', start) : -1;
    if (comma >= 0 && comma < end) end = comma;
    if (end > start) spans.push([m.index, end]);
  }
  const found: Array<{ trigger: TriggerId; at: number }> = [];
  for (const trigger of TRIGGER_IDS) {
    const cue = new RegExp(TRIGGER_CUES[trigger].source, 'g');
    for (let m = cue.exec(text); m; m = cue.exec(text)) {
      const at = m.index;
      // A cue that starts with the opener itself ("no shipping fees", "zero delivery cost") is a positive mention.
      if (spans.some(([s, e]) => at > s && at < e && !openerOverlaps(text, s, at))) {
        found.push({ trigger, at });
        break;
      }
    }
  }
  // Words that only name a trigger when forbidden: "no points", "no recommendations".
  for (const [trigger, re] of NEGATED_ONLY) {
    const g = new RegExp(re.source, 'g');
    for (let m = g.exec(text); m; m = g.exec(text))
      if (spans.some(([s, e]) => m.index > s && m.index < e)) {
        found.push({ trigger, at: m.index });
        break;
      }
  }
  found.sort((a, b) => a.at - b.at);
  return { excluded: [...new Set(found.map((f) => f.trigger))], spans };
}

/** True when the cue at `at` begins inside the opener's own words (the opener is part of the cue). */
function openerOverlaps(text: string, spanStart: number, at: number): boolean {
  const opener = new RegExp(`^(?:${NEGATION_OPENERS.source})`);
  const m = opener.exec(text.slice(spanStart));
  return m !== null && at < spanStart + m[0].length;
}

const NEGATED_ONLY: Array<[TriggerId, RegExp]> = [
  ['loyalty_reward', /\bpoints?\b/],
  ['personalized_recommendation', /\b(?:recommendations?|recs?|cross-?sells?|upsells?)\b/],
  ['urgency_message', /\b(?:timers?|deadlines?|fake urgency|pressure)\b/],
  ['scarcity_message', /\b(?:stock (?:warnings?|messages?|alerts?)|low-stock)\b/],
  ['social_proof', /\b(?:social proof|testimonials?)\b/],
];

export function isNegated(spans: Array<[number, number]>, at: number): boolean {
  return spans.some(([s, e]) => at > s && at < e);
}
