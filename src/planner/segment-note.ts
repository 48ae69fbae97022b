import type { RankedTrigger } from '../contracts/api.ts';
import { TRIGGER_CATALOGUE, TRIGGER_IDS, type TriggerId } from '../contracts/triggers.ts';

export interface SegmentNoteInputs {
  /** The brief's trigger. */
  proposed: TriggerId;
  /** Triggers the model version has no measure of (src/segments/untested-triggers.ts). */
  untested: readonly TriggerId[];
  /** The ranking of the audience's triggers (labels, mean uplift, the best). */
  planned: readonly RankedTrigger[];
  /** Per trigger (catalogue order), each audience customer's predicted uplift. */
  uplift: readonly Float64Array[];
}

function liftedCount(u: Float64Array | undefined): number {
  let n = 0;
  if (u) for (let i = 0; i < u.length; i++) if ((u[i] as number) > 0) n++;
  return n;
}

const label = (t: TriggerId) => TRIGGER_CATALOGUE[t].label;

/**
 * Why a brief's segment holds nobody, in the marketer's words, or null when it holds someone.
 *
 * When no rule leaf is worth the brief's trigger, the segment keeps the customers that trigger is
 * predicted to lift (plan.ts); for a trigger the model predicts lowers everyone's conversion (an
 * urgency variant, eleventh session) that is nobody, and a segment of 0 said nothing about why
 * while the plan knew which trigger would do better. A trigger no campaign tested has an uplift of
 * 0 by construction: the note says it was never tested rather than that it lifts nobody.
 */
export function segmentNote(x: SegmentNoteInputs): string | null {
  const k = TRIGGER_IDS.indexOf(x.proposed);
  const lifted = liftedCount(x.uplift[k]);
  const alternative = betterAlternative(x);
  const instead = alternative
    ? `; ${label(alternative.trigger)} would lift ${alternative.lifted.toLocaleString('en-US')}.`
    : '.';
  if (x.untested.includes(x.proposed))
    return `No past campaign tested ${label(x.proposed)}, so the model has no measure of its effect and predicts it lifts no customer${instead}`;
  if (lifted > 0) return null;
  const mean = x.planned.find((p) => p.trigger === x.proposed)?.uplift ?? 0;
  const points = Math.abs(mean * 100).toFixed(1);
  const effect =
    mean < 0 && points !== '0.0'
      ? `it lowers predicted conversion by ${points} percentage points on average`
      : 'its predicted uplift is at most 0 for every customer';
  return `No customer is predicted to be lifted by ${label(x.proposed)}: ${effect}${instead}`;
}

/**
 * The trigger to name instead: the plan's best when it is another one, else the tested trigger
 * that lifts the most customers; none when no tested trigger lifts anyone.
 */
function betterAlternative(x: SegmentNoteInputs): { trigger: TriggerId; lifted: number } | null {
  const candidates = x.planned
    .filter((p) => p.trigger !== x.proposed && !x.untested.includes(p.trigger))
    .map((p) => ({ trigger: p.trigger, lifted: liftedCount(x.uplift[TRIGGER_IDS.indexOf(p.trigger)]) }))
    .filter((c) => c.lifted > 0);
  const best = x.planned.find((p) => p.is_best && p.trigger !== x.proposed);
  const bestCandidate = best ? candidates.find((c) => c.trigger === best.trigger) : undefined;
  if (bestCandidate) return bestCandidate;
  candidates.sort((a, b) => b.lifted - a.lifted || a.trigger.localeCompare(b.trigger));
  return candidates[0] ?? null;
}
