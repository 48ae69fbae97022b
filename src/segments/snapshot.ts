import { incrementalProfitSql, medianOrderValueSql } from '../causal/pipeline/economics-sql.ts';
import type { InterventionParams } from '../contracts/coo.ts';
import type { Criteria } from '../contracts/criteria.ts';
import { type CostConfig, DEFAULT_COST_CONFIG, withDiscountDepth } from '../contracts/trigger-costs.ts';
import { TRIGGER_IDS, type TriggerId, upliftField } from '../contracts/triggers.ts';
import { datasetAsOf } from '../features/as-of.ts';
import type { SqlValue, Store } from '../store/store.ts';
import { compileCriteria } from './criteria-compile.ts';
import { holdoutBucketSql } from './holdout.ts';
import { historyCtes, historyJoins, profileJsonSql } from './profile-json-sql.ts';

/** What decides membership and the trigger of each member: the part of a segment a snapshot is built from. */
export interface MembershipSpec {
  segmentId: string;
  criteria: Criteria;
  /** The segment's trigger, or null for a mixed segment (each customer's own recommendation). */
  trigger: TriggerId | null;
  /** The trigger's parameters (the brief's "20% off"): a discount is costed at its own depth. */
  triggerParams?: InterventionParams | null;
  excludeTriggers: readonly TriggerId[];
  channel: 'email' | 'sms' | 'push';
  includeNotOptedIn: boolean;
  holdoutShare: number;
}

export interface SnapshotSummary {
  snapshot_id: string;
  model_version: string | null;
  data_as_of: string | null;
  size: number;
  treatment_size: number;
  holdout_size: number;
  trigger_mix: Record<string, number>;
  seconds: number;
}

/** The uplift model version whose scores customer_profiles shows (the same rule as the view). */
export async function activeScoreModel(store: Store): Promise<string | null> {
  const rows = await store.query<{ v: string }>(
    `SELECT mv.model_version AS v FROM model_versions mv WHERE mv.is_active
     AND EXISTS (SELECT 1 FROM customer_scores x WHERE x.model_version = mv.model_version)
     ORDER BY mv.created_at DESC, mv.model_version DESC LIMIT 1`,
  );
  return rows[0]?.v ?? null;
}

/** The as_of of the profile facts (what the profile describes), else the data set's. */
export async function profileAsOf(store: Store): Promise<string | null> {
  const rows = await store.query<{ v: string | null }>(
    "SELECT CAST(nullif(value, '') AS TIMESTAMP) AS v FROM meta WHERE key = 'profile_facts_as_of'",
  );
  return rows[0]?.v ?? (await datasetAsOf(store));
}

class Params {
  readonly values: SqlValue[] = [];
  bind(v: SqlValue): string {
    this.values.push(v);
    return `$${this.values.length}`;
  }
}

/**
 * The cost configuration the segment's profits are computed with: the brief's own discount depth
 * where the segment's trigger is a discount that states one, as the planner costs it
 * (src/planner/plan.ts), so the saved figures are those shown when the brief was planned.
 */
export function segmentCostConfig(spec: Pick<MembershipSpec, 'trigger' | 'triggerParams'>): CostConfig {
  return withDiscountDepth(
    DEFAULT_COST_CONFIG,
    spec.trigger === 'discount' ? (spec.triggerParams?.percent ?? null) : null,
  );
}

/**
 * The members query as CTEs `base` … `ranked`: who is in (criteria, consent, a mixed segment's
 * exclusions), which trigger each gets, its uplift and expected incremental profit, the
 * deterministic holdout, and the order: expected incremental profit, then uplift, then id.
 *
 * For a segment-level trigger, the profit is the engine's stored figure where that trigger is the
 * customer's recommendation; elsewhere it follows from the stored uplift and the cost model of
 * DESIGN.md §1 (uplift × order value × margin, minus the send cost and the trigger's give-away on
 * every treated conversion), i.e. arithmetic on stored scores, not a rescoring. The stored figure
 * was costed with the configured trigger costs: a segment whose trigger is costed otherwise (a
 * discount at the brief's own depth) takes the arithmetic for every member. A customer without an
 * order is valued at the median order value of the segment's scored customers (the element
 * `expectedOrderValues` of src/causal/pipeline/economics.ts takes), as the planner values its
 * audience, so a segment of the plan's whole audience adds up to the plan's figures.
 */
async function membersCtes(store: Store, spec: MembershipSpec, params: Params): Promise<string> {
  const costs = segmentCostConfig(spec);
  let trigger: string;
  let uplift: string;
  let profit: string;
  const where: string[] = [];
  if (spec.trigger) {
    const t = spec.trigger;
    const u = `p.${upliftField(t)}`;
    const aov = '(CASE WHEN p.average_order_value > 0 THEN p.average_order_value ELSE eov.v END)';
    const m = costs.triggers[t];
    const d = DEFAULT_COST_CONFIG.triggers[t];
    const storedApplies =
      m.order_value_share === d.order_value_share && m.per_conversion_amount === d.per_conversion_amount;
    const tp = params.bind(t);
    trigger = tp;
    uplift = u;
    const arithmetic = incrementalProfitSql({
      uplift: u,
      baseline: 'p.baseline_conversion_probability',
      orderValue: aov,
      margin: params.bind(costs.default_margin),
      sendCost: params.bind(costs.send_cost[spec.channel]),
      orderValueShare: params.bind(m.order_value_share),
      perConversionAmount: params.bind(m.per_conversion_amount),
    });
    profit = storedApplies
      ? `CASE WHEN p.recommended_trigger = ${tp} THEN p.expected_incremental_profit ELSE ${arithmetic} END`
      : arithmetic;
  } else {
    trigger = 'p.recommended_trigger';
    uplift = `CASE p.recommended_trigger ${TRIGGER_IDS.map((t) => `WHEN '${t}' THEN p.${upliftField(t)}`).join(' ')} END`;
    profit = 'p.expected_incremental_profit';
    // A mixed segment is for customers some trigger is predicted to move; "control" means none does.
    where.push("p.recommended_trigger IS DISTINCT FROM 'control'");
    if (spec.excludeTriggers.length > 0) {
      where.push(
        `(p.recommended_trigger IS NULL OR p.recommended_trigger NOT IN (${spec.excludeTriggers.map((t) => params.bind(t)).join(', ')}))`,
      );
    }
  }
  if (!spec.includeNotOptedIn) {
    if (spec.channel === 'email') where.push('p.email_opt_in IS TRUE');
    if (spec.channel === 'sms') where.push('p.sms_opt_in IS TRUE');
    // push: the data has no push consent flag; the app store's opt-in governs it.
  }
  const compiled = compileCriteria(spec.criteria, store.dialect, {
    alias: 'p',
    paramOffset: params.values.length,
  });
  params.values.push(...compiled.params);
  where.unshift(`(${compiled.sql})`);
  const seg = params.bind(spec.segmentId);
  const share = params.bind(spec.holdoutShare);
  return `
audience AS (SELECT p.* FROM customer_profiles p WHERE ${where.join(' AND ')}),
eov AS (${medianOrderValueSql('average_order_value', 'audience', 'baseline_conversion_probability IS NOT NULL')}),
base AS (
  SELECT p.*, ${trigger} AS m_trigger, ${uplift} AS m_uplift, ${profit} AS m_profit,
    CASE WHEN ${holdoutBucketSql(seg, 'p.customer_id')} < ${share} THEN 'holdout' ELSE 'treatment' END AS m_assignment
  FROM audience p CROSS JOIN eov),
ranked AS (
  SELECT *, row_number() OVER (ORDER BY m_profit DESC NULLS LAST, m_uplift DESC NULLS LAST, customer_id) AS m_rank
  FROM base),
members AS (
  SELECT *, row_number() OVER (PARTITION BY m_assignment ORDER BY m_rank) AS m_arank FROM ranked)`;
}

/**
 * Materialises one immutable snapshot of a segment: every member with its trigger, uplift,
 * expected incremental profit, dense rank, assignment and the full profile rendered to JSON once.
 * Reads the stored scores of the active model version; nothing is rescored.
 */
export async function buildSnapshot(
  store: Store,
  spec: MembershipSpec,
  snapshotId: string,
): Promise<SnapshotSummary> {
  const started = performance.now();
  if (store.dialect !== 'duckdb') throw new Error('snapshot building is implemented for DuckDB only');
  const modelVersion = await activeScoreModel(store);
  const asOf = await profileAsOf(store);
  const params = new Params();
  const snap = params.bind(snapshotId);
  const asOfSql = `CAST(${params.bind(asOf)} AS TIMESTAMP)`;
  const ctes = await membersCtes(store, spec, params);
  const profile = profileJsonSql(
    'r',
    { recommended_trigger: 'r.m_trigger', expected_incremental_profit: 'r.m_profit' },
    [
      ['assignment', 'r.m_assignment'],
      ['segment_rank', 'r.m_rank'],
    ],
  );
  await store.run(
    `INSERT INTO segment_members
     WITH ${ctes}, ${historyCtes('members', asOfSql)}
     SELECT ${snap}, r.m_rank, r.m_arank, r.customer_id, r.m_trigger, r.m_uplift, r.m_profit, r.m_assignment, ${profile}
     FROM members r ${historyJoins('r')}
     ORDER BY r.m_rank`,
    params.values,
  );
  const counts = await store.query<{ trigger: string | null; assignment: string; n: number }>(
    'SELECT trigger, assignment, count(*) AS n FROM segment_members WHERE snapshot_id = $1 GROUP BY ALL',
    [snapshotId],
  );
  return {
    snapshot_id: snapshotId,
    model_version: modelVersion,
    data_as_of: asOf,
    ...summarise(counts),
    seconds: (performance.now() - started) / 1000,
  };
}

function summarise(counts: { trigger: string | null; assignment: string; n: number }[]) {
  const mix: Record<string, number> = {};
  let treatment = 0;
  let holdout = 0;
  for (const c of counts) {
    const key = c.trigger ?? 'none';
    mix[key] = (mix[key] ?? 0) + c.n;
    if (c.assignment === 'holdout') holdout += c.n;
    else treatment += c.n;
  }
  return { size: treatment + holdout, treatment_size: treatment, holdout_size: holdout, trigger_mix: mix };
}

export interface PreviewResult {
  model_version: string | null;
  size: number;
  treatment_size: number;
  holdout_size: number;
  trigger_mix: Record<string, number>;
  sample: {
    customer_id: string;
    recommended_trigger: string | null;
    uplift: number | null;
    expected_incremental_profit: number | null;
    assignment: 'treatment' | 'holdout';
  }[];
}

/** Size, trigger mix and the top of the ranking, computed like a snapshot but not saved. */
export async function previewMembers(
  store: Store,
  spec: MembershipSpec,
  sampleSize: number,
): Promise<PreviewResult> {
  const params = new Params();
  const ctes = await membersCtes(store, spec, params);
  const counts = await store.query<{ trigger: string | null; assignment: string; n: number }>(
    `WITH ${ctes} SELECT m_trigger AS trigger, m_assignment AS assignment, count(*) AS n FROM base GROUP BY ALL`,
    params.values,
  );
  const sample = await store.query<PreviewResult['sample'][number]>(
    `WITH ${ctes} SELECT customer_id, m_trigger AS recommended_trigger, m_uplift AS uplift,
       m_profit AS expected_incremental_profit, m_assignment AS assignment
     FROM ranked ORDER BY m_rank LIMIT ${Math.max(0, Math.min(100, Math.floor(sampleSize)))}`,
    params.values,
  );
  return { model_version: await activeScoreModel(store), ...summarise(counts), sample };
}
