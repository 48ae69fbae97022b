import { z } from 'zod';
import { CampaignObjective, InterventionParams } from './coo.ts';
import { Criteria } from './criteria.ts';
import { FIELD_CATALOGUE, type FieldType } from './fields.ts';
import { fmtInt } from './number-format.ts';
import { Channel, TriggerCostModel } from './trigger-costs.ts';
import { InterventionType, TRIGGER_IDS, TriggerId } from './triggers.ts';

/**
 * Request and response schemas of the REST activation API (DESIGN.md §7, issue 6). The server
 * validates requests with them and generates its OpenAPI document from them; the web UI imports
 * them for its types. One source of truth.
 */

export const SCOPES = [
  'segments:read',
  'segments:write',
  'customers:read',
  'plans:write',
  'models:read',
] as const;
export const Scope = z.enum(SCOPES);
export type Scope = z.infer<typeof Scope>;

export const Assignment = z.enum(['treatment', 'holdout']);
export type Assignment = z.infer<typeof Assignment>;
export const AssignmentFilter = z.enum(['treatment', 'holdout', 'all']);
export type AssignmentFilter = z.infer<typeof AssignmentFilter>;
export const RefreshSchedule = z.enum(['hourly', 'daily', 'weekly']);
export type RefreshSchedule = z.infer<typeof RefreshSchedule>;
export const SegmentStatus = z.enum(['computing', 'ready', 'failed']);
export type SegmentStatus = z.infer<typeof SegmentStatus>;
export const SegmentSource = z.enum(['criteria', 'coo', 'brief']);
export type SegmentSource = z.infer<typeof SegmentSource>;

/**
 * A value that is no trigger, said in words with the catalogue's ids (the validation library's own
 * "Invalid option: expected one of …" is what a CLI user read). The API words it the same way.
 */
function notATrigger(input: unknown, orControl = false): string {
  const ids = `${TRIGGER_IDS.join(', ')}${orControl ? ', or control' : ''}`;
  if (input === undefined) return `a trigger is required; the triggers are ${ids}`;
  return `${JSON.stringify(input).slice(0, 100)} is not a trigger; the triggers are ${ids}`;
}
/** A trigger a request names (the same ids as TriggerId), refused in words. */
const RequestTrigger = z.enum(TRIGGER_IDS, { error: (iss) => notATrigger(iss.input) });
/** A trigger or the control arm, as the customers and export filters accept. */
const RequestArm = z.union([RequestTrigger, z.literal('control')], {
  error: (iss) => notATrigger(iss.input, true),
});

/** A brief: 1 to 2,000 characters; a longer one is refused with its length. */
const Brief = z
  .string()
  .min(1, { error: 'a brief cannot be empty' })
  .max(2000, {
    error: (iss) =>
      `a brief is at most 2,000 characters (this one has ${typeof iss.input === 'string' ? fmtInt(iss.input.length) : 'more'})`,
  });

/** URL-safe ids: `seg_` + 20 base32 characters. */
export const SegmentId = z.string().regex(/^seg_[a-z0-9]{1,40}$/, 'a segment id looks like seg_…');
export const SegmentIdParams = z.object({ id: SegmentId }).strict();

const SegmentSpecShape = {
  name: z.string().min(1).max(200).optional(),
  /** Exactly one of criteria, coo, brief says who is in the segment. */
  criteria: Criteria.optional(),
  coo: CampaignObjective.optional(),
  brief: Brief.optional(),
  /** The segment's trigger; null or absent for a mixed segment (each customer's own recommendation). */
  trigger: RequestTrigger.nullable().optional(),
  trigger_params: InterventionParams.optional(),
  channel: Channel.optional(),
  /** Share of the segment held out as a control group, chosen deterministically (default 0.1). */
  holdout_share: z.number().min(0).max(0.5).optional(),
  /** Keep customers who have not opted in to the channel (default false). */
  include_not_opted_in: z.boolean().optional(),
  /** For a mixed segment: leave out customers whose recommended trigger is one of these. */
  exclude_triggers: z.array(RequestTrigger).max(10).optional(),
  refresh_schedule: RefreshSchedule.nullable().optional(),
};

const oneSource = (s: { criteria?: unknown; coo?: unknown; brief?: unknown }) =>
  [s.criteria, s.coo, s.brief].filter((x) => x !== undefined).length === 1;
const oneSourceMessage = { message: 'give exactly one of criteria, coo or brief', path: ['criteria'] };

export const SegmentCreate = z.object(SegmentSpecShape).strict().refine(oneSource, oneSourceMessage);
export type SegmentCreate = z.infer<typeof SegmentCreate>;

export const SegmentPreviewRequest = z
  .object({ ...SegmentSpecShape, sample_size: z.number().int().min(0).max(100).optional() })
  .strict()
  .refine(oneSource, oneSourceMessage);
export type SegmentPreviewRequest = z.infer<typeof SegmentPreviewRequest>;

export const WaitQuery = z
  .object({ wait: z.enum(['true', 'false']).optional().describe('Wait until the snapshot is computed') })
  .strict();

export const TriggerMix = z.record(z.string(), z.number().int().nonnegative());

export const Segment = z.object({
  segment_id: z.string(),
  name: z.string(),
  source: SegmentSource,
  brief: z.string().nullable(),
  coo: CampaignObjective.nullable(),
  criteria: Criteria,
  criteria_text: z.string(),
  recommended_trigger: TriggerId.nullable(),
  recommended_trigger_params: InterventionParams.nullable(),
  trigger_mix: TriggerMix.nullable(),
  channel: Channel,
  include_not_opted_in: z.boolean(),
  holdout_share: z.number(),
  exclude_triggers: z.array(TriggerId),
  model_version: z.string().nullable(),
  status: SegmentStatus,
  failure_reason: z.string().nullable(),
  size: z.number().int().nullable(),
  treatment_size: z.number().int().nullable(),
  holdout_size: z.number().int().nullable(),
  snapshot_id: z.string().nullable(),
  refresh_schedule: RefreshSchedule.nullable(),
  next_refresh_at: z.string().nullable(),
  created_at: z.string(),
  last_computed_at: z.string().nullable(),
  /**
   * Why a segment made from a COO or a brief holds nobody, when the planner can say (the brief's
   * trigger was never tested, or it is predicted to lift no customer, and which trigger would).
   * Stored with the segment: in its creation's response, GET, the list and its customers pages;
   * absent for other segments, for segments made before it was stored, and once a refresh finds
   * customers in the segment.
   */
  note: z.string().optional(),
});
export type Segment = z.infer<typeof Segment>;

export const SegmentList = z.object({ segments: z.array(Segment) });
export type SegmentList = z.infer<typeof SegmentList>;

export const SegmentSampleRow = z.object({
  customer_id: z.string(),
  recommended_trigger: z.string().nullable(),
  uplift: z.number().nullable(),
  expected_incremental_profit: z.number().nullable(),
  assignment: Assignment,
});

export const SegmentPreview = z.object({
  criteria: Criteria,
  criteria_text: z.string(),
  recommended_trigger: TriggerId.nullable(),
  model_version: z.string().nullable(),
  size: z.number().int(),
  treatment_size: z.number().int(),
  holdout_size: z.number().int(),
  trigger_mix: TriggerMix,
  sample: z.array(SegmentSampleRow),
});
export type SegmentPreview = z.infer<typeof SegmentPreview>;

const FIELD_SCHEMAS: Record<FieldType, z.ZodType> = {
  string: z.string().nullable(),
  number: z.number().nullable(),
  integer: z.number().int().nullable(),
  boolean: z.boolean().nullable(),
  timestamp: z.string().nullable(),
  string_list: z.array(z.string()).nullable(),
  json: z.unknown(),
};

/**
 * A customer profile as the API returns it: the DESIGN.md §4 fields by their exact names. In a
 * segment listing, `recommended_trigger` and `expected_incremental_profit` are those of the trigger
 * the segment assigns, and `assignment` and `segment_rank` are added. With `fields`, only those.
 */
export const CustomerProfile = z
  .object({
    ...Object.fromEntries(FIELD_CATALOGUE.map((d) => [d.name, FIELD_SCHEMAS[d.type].optional()])),
    assignment: Assignment.optional(),
    segment_rank: z.number().int().positive().optional(),
  })
  .strict();
export type CustomerProfile = z.infer<typeof CustomerProfile>;

/** The names `fields` may list in a segment listing or export. */
export const MEMBER_FIELD_NAMES: readonly string[] = [
  ...FIELD_CATALOGUE.map((d) => d.name),
  'assignment',
  'segment_rank',
];

export const SegmentCustomersQuery = z
  .object({
    limit: z.coerce.number().int().min(1).max(1000).default(100),
    cursor: z.string().min(1).max(1000).optional().describe('Opaque; from next_cursor of the previous page'),
    fields: z
      .string()
      .min(1)
      .max(4000)
      .optional()
      .describe('Comma-separated profile fields (sparse field set)'),
    trigger: RequestArm.optional(),
    assignment: AssignmentFilter.default('treatment'),
    search: z
      .string()
      .trim()
      .min(1)
      .max(200)
      .optional()
      .describe(
        'Keeps members whose customer id contains this text, or whose e-mail domain does ("@example.com" or "example"); case-insensitive',
      ),
  })
  .strict();
export type SegmentCustomersQuery = z.infer<typeof SegmentCustomersQuery>;

export const SegmentCustomersPage = z.object({
  segment_id: z.string(),
  name: z.string(),
  recommended_trigger: TriggerId.nullable(),
  recommended_trigger_params: InterventionParams.nullable(),
  trigger_mix: TriggerMix.optional(),
  criteria: Criteria,
  criteria_text: z.string(),
  model_version: z.string().nullable(),
  snapshot_id: z.string(),
  generated_at: z.string(),
  assignment: AssignmentFilter,
  total: z.number().int().describe('Members matching assignment (and trigger, when given) in this snapshot'),
  note: z
    .string()
    .optional()
    .describe("Why the segment holds nobody, when the planner could say (the segment's note)"),
  customer_profiles: z.array(CustomerProfile),
  next_cursor: z.string().nullable(),
});
export type SegmentCustomersPage = z.infer<typeof SegmentCustomersPage>;

export const ExportFormat = z.enum(['ndjson', 'csv']);
export const SegmentExportQuery = z
  .object({
    format: ExportFormat.default('ndjson'),
    fields: z.string().min(1).max(4000).optional(),
    trigger: RequestArm.optional(),
    assignment: AssignmentFilter.default('treatment'),
  })
  .strict();
export type SegmentExportQuery = z.infer<typeof SegmentExportQuery>;

export const CustomerIdParams = z.object({ id: z.string().min(1).max(200) }).strict();

export const InterpretRequest = z.object({ brief: Brief }).strict();
export type InterpretRequest = z.infer<typeof InterpretRequest>;
export const InterpretResponse = z.object({
  coo: CampaignObjective,
  /** Which interpreter answered (the embedded model, or an LLM when configured) and its version. */
  backend: z.string().optional(),
  fallback_reason: z.string().nullable().optional(),
  model_version: z.string().optional(),
  elapsed_ms: z.number().optional(),
});
export type InterpretResponse = z.infer<typeof InterpretResponse>;

export const PlanRequest = z
  .object({ brief: Brief.optional(), coo: CampaignObjective.optional() })
  .strict()
  .refine((r) => (r.brief === undefined) !== (r.coo === undefined), {
    message: 'give exactly one of brief or coo',
    path: ['brief'],
  });
export type PlanRequest = z.infer<typeof PlanRequest>;

export const RankedTrigger = z.object({
  trigger: TriggerId,
  label: z.string(),
  intervention_type: InterventionType,
  rank: z.number().int(),
  /** Mean predicted uplift over the whole audience (probability units). */
  uplift: z.number(),
  /** 95% interval of the audience's lift measured in past randomised campaigns; null without evidence. */
  uplift_ci_low: z.number().nullable(),
  uplift_ci_high: z.number().nullable(),
  evidence_campaigns: z.number().int(),
  /** Customers of the audience with positive expected value under this trigger (who would be treated). */
  segment_size: z.number().int(),
  expected_incremental_conversions: z.number(),
  expected_incremental_profit: z.number(),
  expected_cost: z.number(),
  cost_per_incremental_conversion: z.number().nullable(),
  is_best: z.boolean(),
  is_proposed: z.boolean(),
  /**
   * False when no campaign the model learned from tested the trigger: its uplift of 0 is no
   * measure, so it is ranked after the tested ones and never best (absent in older responses).
   */
  tested: z.boolean().optional(),
});
export type RankedTrigger = z.infer<typeof RankedTrigger>;
export const RuleLeaf = z.object({
  criteria: Criteria,
  text: z.string(),
  trigger: z.union([TriggerId, z.literal('control')]),
  size: z.number().int(),
  expected_lift: z.number(),
  lift_ci_low: z.number(),
  lift_ci_high: z.number(),
});
export type RuleLeaf = z.infer<typeof RuleLeaf>;
/**
 * How a product word of the brief that is no catalogue category ("sneakers") was read: the
 * products whose name names it (and that carry the predicate's tag), by the categories holding
 * them. `by: 'products'` when the audience names those products; `'categories'` when they were
 * too many and the audience names their categories instead.
 */
export const CategoryResolution = z.object({
  from: z.string(),
  tag: z.string().optional(),
  matched_products: z.number().int(),
  categories: z.array(z.object({ category: z.string(), products: z.number().int() })),
  by: z.enum(['products', 'categories']),
});
export type CategoryResolution = z.infer<typeof CategoryResolution>;
/**
 * The brief's metric target against the plan's prediction (src/planner/target-check.ts): whether
 * the predicted incremental effect reaches it and, when not, what the model says would come closer.
 * `predictable: false` (with the reason in `message`) for metrics the engine does not predict.
 */
export const TargetOption = z.object({
  kind: z.enum(['no_budget', 'other_trigger', 'everyone_who_responds', 'wider_audience']),
  trigger: TriggerId.nullable(),
  customers: z.number().int(),
  incremental_conversions: z.number(),
  incremental_profit: z.number(),
  /** The effect in the target's own terms (percent, points, level, count or currency). */
  value: z.number(),
  reaches: z.boolean(),
  text: z.string(),
});
export type TargetOption = z.infer<typeof TargetOption>;
export const TargetCheck = z.object({
  metric: z.string(),
  predictable: z.boolean(),
  trigger: TriggerId.nullable(),
  /** The target's value as the brief states it (its kind and unit are the COO's). */
  target: z.number(),
  /** The predicted effect in the target's terms; null when the metric is not predictable. */
  predicted: z.number().nullable(),
  /** Without the campaign (rate in percent, count or currency), over the same customers. */
  without_campaign: z.number().nullable(),
  with_campaign: z.number().nullable(),
  reaches: z.boolean().nullable(),
  window_days: z.number().nullable(),
  horizon_days: z.number().nullable(),
  message: z.string(),
  notes: z.array(z.string()),
  options: z.array(TargetOption),
});
export type TargetCheck = z.infer<typeof TargetCheck>;
export const PlanResponse = z.object({
  coo: CampaignObjective,
  model_version: z.string(),
  objective: z.enum(['conversion', 'profit']),
  channel: z.enum(['email', 'sms', 'push']),
  audience: z.object({
    size: z.number().int(),
    excluded_not_opted_in: z.number().int(),
    criteria: Criteria.nullable(),
    criteria_text: z.string(),
    /** The brief's product words read as the shop's products (absent in older responses). */
    resolutions: z.array(CategoryResolution).optional(),
  }),
  ranked_triggers: z.array(RankedTrigger),
  recommended_trigger: TriggerId.nullable(),
  proposed_comparison: z
    .object({
      trigger: TriggerId,
      best_trigger: TriggerId,
      is_best: z.boolean(),
      profit_gap: z.number(),
      conversions_gap: z.number(),
      message: z.string(),
    })
    .nullable(),
  /**
   * The campaign window, in days, the stored scores were predicted for (the model learned how
   * uplift grows with a campaign's window; customers are scored with its median training window or
   * the one `aether score --refresh --window-days` set). Null when the model did not learn from the
   * window (one imported experiment); absent in older responses.
   */
  scoring_window_days: z.number().positive().nullable().optional(),
  /** Present when the brief has a metric target (absent in older responses). */
  target_check: TargetCheck.nullable().optional(),
  segment_rules: Criteria,
  segment_rules_text: z.string(),
  rule_leaves: z.array(RuleLeaf),
  trigger_mix: z.record(z.string(), z.number()),
  /**
   * The triggers no campaign the model learned from tested (its metrics' arms): their predicted
   * uplift is 0 for everyone by construction, not a measure (absent in older responses).
   */
  untested_triggers: z.array(TriggerId).optional(),
  /**
   * Why the segment the rules define holds nobody, when the plan can say: the brief's trigger was
   * never tested, or it is predicted to lift no customer (with the trigger that would). Null otherwise.
   */
  segment_note: z.string().nullable().optional(),
  elapsed_ms: z.number(),
});
export type PlanResponse = z.infer<typeof PlanResponse>;

export const TriggersResponse = z.object({
  currency: z.string(),
  default_margin: z.number(),
  send_cost: z.record(z.string(), z.number()),
  triggers: z.array(
    z.object({
      id: TriggerId,
      label: z.string(),
      intervention_type: InterventionType,
      description: z.string(),
      cost: TriggerCostModel,
    }),
  ),
});

export const ModelsResponse = z.object({
  models: z.array(
    z.object({
      model_version: z.string(),
      created_at: z.string(),
      kind: z.string(),
      goal: z.string().nullable(),
      learner: z.string(),
      is_active: z.boolean(),
      metrics: z.unknown(),
      /**
       * Triggers of the catalogue no campaign the model learned from tested (its metrics' arms
       * without rows): scored 0 by construction, not measured. Empty when the metrics name no
       * catalogue arms (an imported experiment's model); absent in older responses.
       */
      untested_triggers: z.array(TriggerId).optional(),
    }),
  ),
});

export const HealthResponse = z.object({
  status: z.literal('ok'),
  version: z.string(),
  schema_version: z.number().int(),
  uptime_seconds: z.number(),
});

export const ApiKeyCreated = z.object({
  id: z.string(),
  name: z.string(),
  key: z.string(),
  scopes: z.array(Scope),
});
export type ApiKeyCreated = z.infer<typeof ApiKeyCreated>;
export const ApiKeyInfo = z.object({
  id: z.string(),
  name: z.string(),
  prefix: z.string(),
  scopes: z.array(Scope),
  created_at: z.string(),
  revoked_at: z.string().nullable(),
});
export type ApiKeyInfo = z.infer<typeof ApiKeyInfo>;
