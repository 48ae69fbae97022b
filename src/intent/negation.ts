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
    end = Math.min(end, behaviourScopeEnd(text, m.index, start, end));
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

/**
 * "never purchased", "no purchase in the last 120 days", "bought skincare but not makeup",
 * "browsed twice without buying": the opener negates what the customers did, not an offer. Its scope
 * ends with the behaviour (or, after "bought X", at once); what follows ("... get early access",
 * "... a loyalty bonus") is the brief's offer, stated positively.
 */
const BEHAVIOUR_AFTER =
  /^\s+(?:(?:yet|ever|once|even|really|recently|again|been|made|placed|had|completed|a|an|any|their|single|first|second|repeat)\s+)*(?:bought|buy(?:ing)?|purchas(?:ed|es|e|ing)|order(?:ed|s|ing)?|shopp(?:ed|ing)|check(?:ed|ing) out|opened|opening|clicked|clicking|returned|returning|converted|converting|visited|visiting|logged in|signed in|activity|sessions?|visits?|transactions?|spend(?:ing)?)\b/;
/** "bought running shoes but never", "purchased a sofa but no": the opener negates another product. */
const BOUGHT_BEFORE = /\b(?:bought|purchased|ordered|shopped)(?:\s+[a-z'-]+){1,3}\s+(?:and\s+)?$/;

function behaviourScopeEnd(text: string, openerAt: number, start: number, end: number): number {
  const opener = text.slice(openerAt, start);
  if (!/^(?:no|not|never|but not|zero|without(?: any| a| an)?|no more)$/.test(opener)) return end;
  // "without pre-workout in their history": a product they never bought.
  const history = /\bin (?:their|the|his|her) (?:purchase |order |buying )?history\b/.exec(
    text.slice(start, end),
  );
  if (history) return start + history.index + history[0].length;
  const verb = BEHAVIOUR_AFTER.exec(text.slice(start, end));
  if (verb) return start + verb[0].length;
  if (/^(?:but not|never|not|no)$/.test(opener) && BOUGHT_BEFORE.test(text.slice(0, openerAt))) return start;
  return end;
}

/** True when the cue at `at` begins inside the opener's own words (the opener is part of the cue). */
function openerOverlaps(text: string, spanStart: number, at: number): boolean {
  const opener = new RegExp(`^(?:${NEGATION_OPENERS.source})`);
  const m = opener.exec(text.slice(spanStart));
  return m !== null && at < spanStart + m[0].length;
}

const NEGATED_ONLY: Array<[TriggerId, RegExp]> = [
  // "no monetary incentives", "nothing monetary": every monetary trigger (DESIGN.md §1).
  ['discount', /\bmonetary\b/],
  ['free_shipping', /\bmonetary\b/],
  ['loyalty_reward', /\bmonetary\b/],
  ['discount', /\bextra %|%\s*on top\b|\bextra percent/],
  ['loyalty_reward', /\bfreebies?\b/],
  ['urgency_message', /\bhurry[- ]up\b|\bpushy\b/],
  ['loyalty_reward', /\bpoints?\b/],
  ['personalized_recommendation', /\b(?:recommendations?|recs?|cross-?sells?|upsells?)\b/],
  ['urgency_message', /\b(?:timers?|deadlines?|fake urgency|pressure)\b/],
  ['scarcity_message', /\b(?:stock (?:warnings?|messages?|alerts?)|low-stock)\b/],
  ['social_proof', /\b(?:social proof|testimonials?)\b/],
];

export function isNegated(spans: Array<[number, number]>, at: number): boolean {
  return spans.some(([s, e]) => at > s && at < e);
}
