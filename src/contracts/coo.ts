import { z } from 'zod';
import { Criteria } from './criteria.ts';
import { CampaignGoal } from './goals.ts';
import { Channel } from './trigger-costs.ts';
import { InterventionType, TriggerId } from './triggers.ts';

/** The Campaign Objective Object of DESIGN.md §3: the interpreter's output, shared by API, CLI and UI. */
/**
 * The clarification an interpreter puts first when the text may not be a campaign brief at all
 * (the gate's borderline band). Clients look for it to ask before planning anything.
 */
export const NOT_A_BRIEF_QUESTION =
  'Is this a campaign brief? Say who to target and what you want, e.g. "Win back customers who have not bought in 90 days with free shipping".';

export const METRIC_KINDS = ['relative', 'points', 'level', 'absolute'] as const;

export const MetricTarget = z
  .object({
    metric: z.string().min(1).max(60),
    direction: z.enum(['increase', 'decrease']),
    kind: z.enum(METRIC_KINDS),
    value: z.number().finite(),
    unit: z.enum(['percent', 'points', 'currency', 'count']),
    horizon_days: z.number().int().positive().max(3650).nullable(),
  })
  .strict();
export type MetricTarget = z.infer<typeof MetricTarget>;

export const Budget = z.object({ amount: z.number().positive(), currency: z.string().length(3) }).strict();
export type Budget = z.infer<typeof Budget>;

export const InterventionParams = z
  .object({
    variant: z.string().max(60).optional(),
    percent: z.number().min(0).max(100).optional(),
    amount: z.number().min(0).optional(),
    deadline: z.string().max(60).optional(),
  })
  .strict();
export type InterventionParams = z.infer<typeof InterventionParams>;

export const TargetBehavior = z
  .object({
    description: z.string().max(2000),
    criteria: Criteria.nullable(),
  })
  .strict();
export type TargetBehavior = z.infer<typeof TargetBehavior>;

export const Constraints = z
  .object({
    exclude_triggers: z.array(TriggerId).max(10),
    budget: Budget.nullable(),
    channel: Channel.nullable(),
    min_segment_size: z.number().int().nonnegative().optional(),
  })
  .strict();
export type Constraints = z.infer<typeof Constraints>;

export const Alternative = z
  .object({ proposed_intervention: TriggerId.nullable(), confidence: z.number().min(0).max(1) })
  .strict();

export const CampaignObjective = z
  .object({
    campaign_goal: CampaignGoal,
    target_behavior: TargetBehavior,
    metric_target: MetricTarget.nullable(),
    proposed_intervention: TriggerId.nullable(),
    intervention_params: InterventionParams.optional(),
    intervention_type: InterventionType.nullable(),
    constraints: Constraints,
    confidence: z.number().min(0).max(1),
    alternatives: z.array(Alternative).max(10),
    clarifications: z.array(z.string().max(500)).max(10),
  })
  .strict();
export type CampaignObjective = z.infer<typeof CampaignObjective>;
