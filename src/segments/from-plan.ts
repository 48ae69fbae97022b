import type { CampaignObjective } from '../contracts/coo.ts';
import type { Criteria } from '../contracts/criteria.ts';
import { TRIGGER_IDS, type TriggerId } from '../contracts/triggers.ts';
import { NotFound, Unavailable } from '../core/errors.ts';

/** What segments read from the causal engine's plan (src/planner's Plan). */
export interface PlanForSegment {
  segment_rules: Criteria;
  recommended_trigger: TriggerId | null;
  trigger_mix: Record<string, number>;
  /** Why the rules hold nobody, when the planner can say (absent from older planners). */
  segment_note?: string | null;
}

/**
 * A segment from a COO through the planner: the COO's audience narrowed by the planner's learned
 * rules; the brief's own trigger when it names one, else the one trigger the plan assigns, else a
 * mixed segment (each customer's own recommendation). Without a trained model (or with nobody in
 * the audience) the planner has no plan, and the COO's own audience and trigger define the segment.
 */
export async function segmentFromPlan(
  coo: CampaignObjective,
  plan: () => Promise<PlanForSegment>,
  resolve?: (criteria: Criteria) => Promise<Criteria>,
): Promise<{ criteria: Criteria; trigger: TriggerId | null; note?: string }> {
  let p: PlanForSegment;
  try {
    p = await plan();
  } catch (e) {
    // No model yet (Unavailable), or nobody in the audience (NotFound): the COO alone defines the
    // segment, which then says so by its size rather than failing its creation.
    if (e instanceof Unavailable || e instanceof NotFound) {
      // The brief's product words are still read as the shop's categories (what the plan would
      // have done): a shop that imported its orders but has no campaign history has no model, and
      // "bought cama mesa banho" kept the interpreter's "cama_mesa_banhos", which matched nobody.
      const own = coo.target_behavior.criteria ?? { all: [] };
      return { criteria: resolve ? await resolve(own) : own, trigger: coo.proposed_intervention };
    }
    throw e;
  }
  // The plan's rules already hold the audience (with the brief's product words resolved to the
  // shop's categories), the channel consent and the policy-tree leaves: they are the segment.
  const criteria: Criteria = p.segment_rules;
  const assigned = Object.entries(p.trigger_mix)
    .filter(([t, n]) => n > 0 && (TRIGGER_IDS as readonly string[]).includes(t))
    .map(([t]) => t as TriggerId);
  const trigger = coo.proposed_intervention ?? (assigned.length === 1 ? assigned[0]! : null);
  return { criteria, trigger, ...(p.segment_note ? { note: p.segment_note } : {}) };
}
