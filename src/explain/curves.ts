import { incrementalProfitSql, medianOrderValueSql } from '../causal/pipeline/economics-sql.ts';
import type { TradeoffPoint, UpliftCurves } from '../contracts/explain.ts';
import type { Channel, CostConfig } from '../contracts/trigger-costs.ts';
import { TRIGGER_CATALOGUE, type TriggerId, upliftField } from '../contracts/triggers.ts';
import type { Store } from '../store/store.ts';
import { type Cohort, CohortQuery, EVERYONE } from './cohort.ts';

/** Fewer exposed customers than this in the segment: the curves use everyone (and say so). */
const MIN_CURVE_ROWS = 400;
const CURVE_POINTS = 20;

interface ScoredOutcome {
  score: number;
  treated: boolean;
  converted: boolean;
}

/**
 * Qini curve (Radcliffe 2007, "Using control groups to target on predicted lift", DMA Analytics
 * Journal): customers sorted by predicted uplift, and at each share φ targeted
 * Q(φ) = Y_t(φ) − Y_c(φ)·N_t(φ)/N_c(φ), the incremental conversions among the top φ. The uplift
 * curve is the observed lift Y_t/N_t − Y_c/N_c (points) among the same top share.
 */
export function qiniPoints(
  rows: ScoredOutcome[],
  points = CURVE_POINTS,
): Pick<UpliftCurves, 'qini' | 'uplift'> {
  const sorted = rows.slice().sort((a, b) => b.score - a.score);
  const qini = [{ share: 0, value: 0 }];
  const uplift: { share: number; value: number }[] = [];
  let nt = 0;
  let nc = 0;
  let yt = 0;
  let yc = 0;
  let next = 1;
  for (let i = 0; i < sorted.length; i++) {
    const r = sorted[i]!;
    if (r.treated) {
      nt++;
      if (r.converted) yt++;
    } else {
      nc++;
      if (r.converted) yc++;
    }
    const share = (i + 1) / sorted.length;
    if (share >= next / points - 1e-12 || i === sorted.length - 1) {
      qini.push({ share, value: nc > 0 ? yt - (yc * nt) / nc : yt });
      if (nt > 0 && nc > 0) uplift.push({ share, value: 100 * (yt / nt - yc / nc) });
      while (next / points <= share + 1e-12) next++;
    }
  }
  return { qini, uplift };
}

async function curveRows(
  store: Store,
  cohort: Cohort,
  trigger: TriggerId,
  modelVersion: string,
  reservedOnly: boolean,
  asOf: Date,
): Promise<ScoredOutcome[]> {
  const q = new CohortQuery(cohort);
  const mv = q.bind(modelVersion);
  const closedBy = q.bind(asOf);
  const arm = q.bind(trigger);
  const rows = await store.query<{ score: number; treated: boolean; converted: boolean }>(
    `${q.with},
     x AS (
       SELECT e.customer_id, e.arm, e.sent_at, e.sent_at + c.window_days * INTERVAL '1 day' AS window_end
       FROM campaign_exposures e JOIN campaigns c ON c.campaign_id = e.campaign_id
       JOIN cohort k ON k.customer_id = e.customer_id
       WHERE e.arm IN (${arm}, 'control') ${reservedOnly ? 'AND c.reserved_for_evaluation' : ''}
         AND e.campaign_id IN (SELECT campaign_id FROM campaign_exposures WHERE arm = ${arm})
         AND e.sent_at + c.window_days * INTERVAL '1 day' <= ${closedBy})
     SELECT s.${upliftField(trigger)} AS score, x.arm = ${arm} AS treated,
            EXISTS (SELECT 1 FROM orders o WHERE o.customer_id = x.customer_id
                    AND o.ordered_at >= x.sent_at AND o.ordered_at < x.window_end) AS converted
     FROM x JOIN customer_scores s ON s.customer_id = x.customer_id AND s.model_version = ${mv}
     WHERE s.${upliftField(trigger)} IS NOT NULL`,
    q.params,
  );
  return rows.map((r) => ({ score: Number(r.score), treated: !!r.treated, converted: !!r.converted }));
}

/**
 * The model's Qini and uplift curves for a trigger, out of sample on the reserved evaluation
 * campaign when it tested the trigger, else on every closed campaign (in sample). The segment's own
 * customers when there are enough of them, else everyone.
 */
export async function upliftCurves(
  store: Store,
  cohort: Cohort,
  trigger: TriggerId,
  modelVersion: string,
  asOf: Date,
): Promise<UpliftCurves | null> {
  for (const reservedOnly of [true, false]) {
    for (const [population, c] of [
      ['segment', cohort],
      ['everyone', EVERYONE],
    ] as const) {
      const rows = await curveRows(store, c, trigger, modelVersion, reservedOnly, asOf);
      const nt = rows.filter((r) => r.treated).length;
      const nc = rows.length - nt;
      if (nt === 0 || nc === 0 || (rows.length < MIN_CURVE_ROWS && population === 'segment')) continue;
      const label = TRIGGER_CATALOGUE[trigger].label;
      const note =
        `${reservedOnly ? 'Out of sample, on the reserved evaluation campaign' : 'In sample, on past campaigns the model learned from (optimistic)'}: ` +
        `${nt.toLocaleString('en-US')} customers who got ${label} and ${nc.toLocaleString('en-US')} in control` +
        `${population === 'everyone' ? ', from all customers (too few of this segment were in those campaigns)' : ', all from this segment'}, ranked by the model's predicted uplift.`;
      return {
        trigger,
        source: reservedOnly ? 'reserved_campaign' : 'past_campaigns',
        population,
        n_treated: nt,
        n_control: nc,
        ...qiniPoints(rows),
        note,
      };
    }
  }
  return null;
}

/**
 * Size against profit when the audience is narrowed to the customers with the highest predicted
 * profit under the trigger, or widened to the whole segment: cumulative incremental conversions
 * (Σ uplift) and profit (Σ uplift·order value·margin − cost) at about 40 sizes. Each customer is
 * valued at their own average order value, a customer without an order at the median of the
 * segment's (the element `expectedOrderValues` takes), and costed as the planner costs them
 * (`incrementalProfit` of src/causal/pipeline/economics.ts), so the curve's peak is the ranking's
 * figure for the same customers rather than one computed at the segment's average order value.
 */
export async function sizeProfitTradeoff(
  store: Store,
  cohort: Cohort,
  trigger: TriggerId,
  modelVersion: string,
  economics: { config: CostConfig; channel: Channel },
): Promise<TradeoffPoint[] | null> {
  const m = economics.config.triggers[trigger];
  const q = new CohortQuery(cohort);
  const mv = q.bind(modelVersion);
  const margin = q.bind(economics.config.default_margin);
  const send = q.bind(economics.config.send_cost[economics.channel]);
  const share = q.bind(m.order_value_share);
  const amount = q.bind(m.per_conversion_amount);
  const u = `s.${upliftField(trigger)}`;
  const rows = await store.query<{ k: number; cu: number; cp: number }>(
    `${q.with},
     c AS (
       SELECT s.baseline_conversion_probability AS b, ${u} AS u, p.average_order_value AS aov
       FROM customer_scores s JOIN cohort k ON k.customer_id = s.customer_id
       JOIN customer_profiles p ON p.customer_id = s.customer_id
       WHERE s.model_version = ${mv} AND ${u} IS NOT NULL AND s.baseline_conversion_probability IS NOT NULL),
     fb AS (${medianOrderValueSql('aov', 'c')}),
     e AS (SELECT b, u, CASE WHEN aov > 0 THEN aov ELSE fb.v END AS eov FROM c CROSS JOIN fb),
     p AS (
       SELECT u, ${incrementalProfitSql({ uplift: 'u', baseline: 'b', orderValue: 'eov', margin, sendCost: send, orderValueShare: share, perConversionAmount: amount })} AS profit FROM e),
     r AS (
       SELECT row_number() OVER w AS k, sum(u) OVER w AS cu, sum(profit) OVER w AS cp, count(*) OVER () AS n,
         count(*) FILTER (WHERE profit > 0) OVER () AS paying
       FROM p WINDOW w AS (ORDER BY profit DESC ROWS BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW))
     -- The peak (the last customer who pays) is always a point, so the peak read off the curve is exact.
     SELECT k, cu, cp FROM r WHERE k % greatest(1, CAST(floor(n / 40.0) AS BIGINT)) = 0 OR k = n OR k = 1 OR k = paying
     ORDER BY k`,
    q.params,
  );
  if (!rows.length) return null;
  return [
    { size: 0, incremental_conversions: 0, incremental_profit: 0 },
    ...rows.map((r) => ({
      size: Number(r.k),
      incremental_conversions: Number(r.cu),
      incremental_profit: Number(r.cp),
    })),
  ];
}
