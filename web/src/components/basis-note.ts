import type { PlanResponse } from '../../../src/contracts/api.ts';
import type { SegmentExplanation } from '../../../src/contracts/explain.ts';
import { fmtInt } from '../format.ts';
import { triggerLabel } from '../labels.ts';

/**
 * The ranked triggers and the explanation answer two questions over two sets of customers: the
 * ranking counts, for each trigger, the customers of the whole audience it pays to treat; the
 * explanation compares every trigger on the segment the rules select. When their winners differ,
 * a reader sees "Urgency is best" above "Scarcity has the highest expected profit"; this sentence
 * says why both hold. Null when they agree or there is no plan.
 */
export function basisNote(plan: PlanResponse | null, ex: SegmentExplanation): string | null {
  if (!plan) return null;
  const best = plan.ranked_triggers.find((r) => r.is_best)?.trigger;
  const top = ex.economics.find((e) => e.rank === 1)?.trigger;
  if (!best || !top || best === top) return null;
  return (
    `On these ${fmtInt(ex.segment_size)} customers of the segment, ${triggerLabel(top)} earns the most per customer; ` +
    `the ranking above counts each trigger on the customers of the whole audience (${fmtInt(plan.audience.size)}) ` +
    `it pays to treat, where ${triggerLabel(best)} earns the most in total.`
  );
}
