import { z } from 'zod';
import { Criteria } from './criteria.ts';
import { Arm, TriggerId } from './triggers.ts';

/**
 * Explanations (issue 7): every number computed for the segment at request time, from the event
 * tables (comparisons, past randomised campaigns) and, once a model is trained, from its scores.
 * Shared by src/explain, the API and the web UI.
 */

export const Interval = z.object({ low: z.number(), high: z.number() });
export type Interval = z.infer<typeof Interval>;

/** One driving feature, in the segment and in the whole population. */
export const FeatureComparison = z.object({
  feature: z.string(),
  label: z.string(),
  /** share: a proportion 0..1; mean / median: in `unit`. */
  stat: z.enum(['share', 'mean', 'median']),
  unit: z.enum(['share', 'currency', 'days', 'count']),
  segment: z.number().nullable(),
  population: z.number().nullable(),
  /** Customers the value is computed over (the denominators). */
  segment_n: z.number().int(),
  population_n: z.number().int(),
  /** Standardised difference (segment − population in population SDs), for ranking what stands out. */
  std_diff: z.number().nullable(),
  /** The triggers whose mechanism this feature speaks to. */
  triggers: z.array(TriggerId),
});
export type FeatureComparison = z.infer<typeof FeatureComparison>;

/** One past randomised campaign's arm against its control group, for the segment's customers. */
export const CampaignArmEvidence = z.object({
  campaign_id: z.string(),
  name: z.string(),
  started_at: z.string(),
  window_days: z.number().int(),
  treated_n: z.number().int(),
  treated_conversions: z.number().int(),
  control_n: z.number().int(),
  control_conversions: z.number().int(),
  /** Treated minus control conversion rate, in percentage points, with its 95% Wald interval. */
  lift_points: z.number(),
  ci: Interval,
});
export type CampaignArmEvidence = z.infer<typeof CampaignArmEvidence>;

/** A trigger's observed lift for the segment, pooled over the campaigns that tested it against control. */
export const TriggerEvidence = z.object({
  trigger: TriggerId,
  campaign_count: z.number().int(),
  treated_n: z.number().int(),
  control_n: z.number().int(),
  treated_rate: z.number().nullable(),
  control_rate: z.number().nullable(),
  /** Mantel–Haenszel risk difference across campaigns, in points, with its 95% interval; null when never tested. */
  lift_points: z.number().nullable(),
  ci: Interval.nullable(),
  campaigns: z.array(CampaignArmEvidence),
});
export type TriggerEvidence = z.infer<typeof TriggerEvidence>;

/** A trigger's economics for the segment, per treated customer, from a lift and the cost model. */
export const TriggerEconomics = z.object({
  trigger: TriggerId,
  source: z.enum(['evidence', 'model']),
  lift_points: z.number().nullable(),
  ci: Interval.nullable(),
  /** Expected extra orders per 1,000 treated customers. */
  incremental_orders_per_1000: z.number().nullable(),
  /** Expected cost per treated customer (send cost + the trigger's cost on every treated conversion). */
  cost_per_customer: z.number(),
  /** Incremental margin minus cost, per treated customer. */
  profit_per_customer: z.number().nullable(),
  cost_per_incremental_order: z.number().nullable(),
  rank: z.number().int(),
  /** Why it ranks where it does, in a sentence with the numbers. */
  reason: z.string(),
});
export type TriggerEconomics = z.infer<typeof TriggerEconomics>;

/** The trained model's view of the segment, when a model is active. */
export const ModelView = z.object({
  model_version: z.string(),
  scored_n: z.number().int(),
  /** Mean predicted conversion probability without a trigger (0..1). */
  baseline_rate: z.number().nullable(),
  /** Mean predicted uplift per trigger (points) with a 95% interval of that mean over the segment's customers. */
  uplift: z.array(z.object({ trigger: TriggerId, mean_points: z.number(), ci: Interval })),
  recommended_mix: z.array(z.object({ arm: Arm, count: z.number().int() })),
  feature_importance: z.array(z.object({ feature: z.string(), importance: z.number() })).nullable(),
});
export type ModelView = z.infer<typeof ModelView>;

/**
 * Qini and uplift curves of the active model for one trigger against control, on customers of past
 * randomised campaigns ranked by the model's score: out of sample on the reserved evaluation
 * campaign when it tested the trigger, else on every closed campaign (in sample, said in `note`).
 */
export const UpliftCurves = z.object({
  trigger: TriggerId,
  source: z.enum(['reserved_campaign', 'past_campaigns']),
  population: z.enum(['segment', 'everyone']),
  n_treated: z.number().int(),
  n_control: z.number().int(),
  /** Share targeted (0..1) → incremental conversions in the sample (Radcliffe's Qini). */
  qini: z.array(z.object({ share: z.number(), value: z.number() })),
  /** Share targeted → observed lift (points) among the top share. */
  uplift: z.array(z.object({ share: z.number(), value: z.number() })),
  note: z.string(),
});
export type UpliftCurves = z.infer<typeof UpliftCurves>;

/** Targeting the top `size` customers of the segment by predicted profit of the trigger. */
export const TradeoffPoint = z.object({
  size: z.number().int(),
  incremental_conversions: z.number(),
  incremental_profit: z.number(),
});
export type TradeoffPoint = z.infer<typeof TradeoffPoint>;

export const Reason = z.object({
  /** `summary`: who, which trigger, what it brings, why and how sure, in a marketer's terms (first). */
  kind: z.enum(['summary', 'feature', 'evidence', 'model', 'comparison']),
  text: z.string(),
  /** The numbers the sentence states, by name, exactly as computed (shares 0..1, points, currency). */
  numbers: z.record(z.string(), z.number()),
});
export type Reason = z.infer<typeof Reason>;

export const ExplainRequest = z
  .object({
    criteria: Criteria.nullable().optional(),
    /** A saved segment instead of criteria. */
    segment_id: z.string().max(100).optional(),
    /** The trigger to explain; when absent, the best by the evidence (or the model). */
    trigger: TriggerId.nullable().optional(),
    channel: z.enum(['email', 'sms', 'push']).optional(),
    /** The brief's discount depth in percent, when it states one; else the cost configuration's. */
    discount_percent: z.number().min(0).max(100).nullable().optional(),
    /** Triggers the brief rules out ("no discounts"): left out of the evidence and the ranking. */
    exclude_triggers: z.array(TriggerId).max(10).optional(),
  })
  .strict();
export type ExplainRequest = z.infer<typeof ExplainRequest>;

export const SegmentExplanation = z.object({
  trigger: TriggerId.nullable(),
  /** Whether the trigger was asked for (brief or request) or chosen as the best. */
  trigger_source: z.enum(['requested', 'best_evidence', 'best_model', 'none']),
  segment_size: z.number().int(),
  population_size: z.number().int(),
  as_of: z.string().nullable(),
  reasons: z.array(Reason),
  comparisons: z.array(FeatureComparison),
  evidence: z.array(TriggerEvidence),
  economics: z.array(TriggerEconomics),
  model: ModelView.nullable(),
  curves: UpliftCurves.nullable(),
  tradeoff: z.array(TradeoffPoint).nullable(),
  notes: z.array(z.string()),
});
export type SegmentExplanation = z.infer<typeof SegmentExplanation>;
