import type { PlanResponse } from '../../../src/contracts/api.ts';
import type { SegmentExplanation } from '../../../src/contracts/explain.ts';
import { fmtInt, fmtMoney } from '../format.ts';
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

/**
 * A plan whose rules give several triggers (each customer their rule's) is explained one trigger at
 * a time: without this sentence, "Send Urgency Message to these 4,257 customers" read as if the plan
 * sent it to all of them. Null for a one-trigger plan, an empty segment or no plan.
 */
export function mixedPlanNote(plan: PlanResponse | null, ex: SegmentExplanation): string | null {
  if (!plan || !ex.trigger || ex.segment_size === 0) return null;
  const mix = Object.entries(plan.trigger_mix)
    .filter(([t, n]) => t !== 'control' && n > 0)
    .sort((a, b) => b[1] - a[1]);
  if (mix.length < 2) return null;
  // Asked for only when the brief or the marketer chose it (the plan's COO names it); a trigger
  // explained because it tops the ranking is the ranking's best, not a request (twelfth walk-through).
  const asked = ex.trigger_source === 'requested' && plan.coo?.proposed_intervention === ex.trigger;
  const which = asked
    ? 'the trigger asked for'
    : plan.ranked_triggers?.[0]?.trigger === ex.trigger
      ? 'the best-ranked trigger above'
      : 'the best single trigger';
  return (
    `The plan gives each customer their own rule's trigger (${mix.map(([t, n]) => `${triggerLabel(t)} to ${fmtInt(n)}`).join(', ')}); ` +
    `the reasons below make the case for ${triggerLabel(ex.trigger)} alone, ${which}, as if it went to all ${fmtInt(ex.segment_size)}.`
  );
}

/**
 * The ranking counts a trigger on every customer of the audience it pays to treat; the segment the
 * rules select (what the reasons and charts are about) is another number of customers. Said when
 * the two differ for the trigger explained, so "46 customers, $20.14" above and "these 29
 * customers, $17.00" below do not read as a contradiction. Null for a mixed plan (its own note).
 */
export function countNote(plan: PlanResponse | null, ex: SegmentExplanation): string | null {
  if (!plan || !ex.trigger || ex.segment_size === 0) return null;
  if (Object.entries(plan.trigger_mix).filter(([t, n]) => t !== 'control' && n > 0).length > 1) return null;
  const row = plan.ranked_triggers.find((r) => r.trigger === ex.trigger);
  if (!row || row.segment_size === ex.segment_size) return null;
  return (
    `The ranking above counts ${triggerLabel(ex.trigger)} on the ${fmtInt(row.segment_size)} customers of the audience it pays to treat ` +
    `(${fmtMoney(row.expected_incremental_profit)}); the segment rules select ${fmtInt(ex.segment_size)}, the customers these reasons and charts are about.`
  );
}
