import type { Channel, CostConfig } from '../../contracts/trigger-costs.ts';
import { TRIGGER_IDS, type TriggerId } from '../../contracts/triggers.ts';
import type { Store } from '../../store/store.ts';
import { incrementalProfit } from './economics.ts';
import { ARM_NAMES, type ExposureData } from './exposure-data.ts';

/*
 * The simulator's ground truth for held-out exposures (the `truth` schema, absent on real data):
 * every arm's true conversion probability, the expected realised margin of the window's order
 * under each kind of pricing, and from them the true expected profit of every arm in the units of
 * the engine's profit outcome (the logged margin of the window's orders, less the send cost of a
 * treated arm). The pipeline's evaluation and the benchmarks read the truth only through here.
 */

/** The simulator's true probabilities of every arm for the held-out exposures, or null on real data. */
export async function loadTruthProbabilities(
  store: Store,
  holdout: ExposureData,
): Promise<Float64Array[] | null> {
  const exists = await store.query<{ n: number }>(
    "SELECT count(*) AS n FROM information_schema.tables WHERE table_schema = 'truth' AND table_name = 'exposure_probabilities'",
  );
  if (!exists[0].n) return null;
  const rows = await store.query<Record<string, number | string>>(
    `SELECT campaign_id || ':' || customer_id AS key, p_control, ${TRIGGER_IDS.map((t) => `p_${t}`).join(', ')}
     FROM truth.exposure_probabilities WHERE list_contains($1::VARCHAR[], campaign_id) ORDER BY key`,
    [holdout.campaignIds],
  );
  if (rows.length !== holdout.rowCount) return null;
  const out = ARM_NAMES.map(() => new Float64Array(holdout.rowCount));
  for (let i = 0; i < rows.length; i++) {
    if (rows[i].key !== holdout.keys[i]) return null;
    out[0][i] = Number(rows[i].p_control);
    TRIGGER_IDS.forEach((t, k) => {
      out[k + 1][i] = Number(rows[i][`p_${t}`]);
    });
  }
  return out;
}

/** Each held-out customer's expected order value in the simulator (100 where it has none). */
export async function loadTrueOrderValues(store: Store, holdout: ExposureData): Promise<Float64Array> {
  const rows = await store.query<{ customer_id: string; v: number }>(
    'SELECT customer_id, expected_order_value AS v FROM truth.customer_uplift',
  );
  const byId = new Map(rows.map((r) => [r.customer_id, Number(r.v)]));
  return Float64Array.from(holdout.customerIds, (id) => byId.get(id) ?? 100);
}

/**
 * The expected margin of an exposure's order (merchandise less product cost, less the discount
 * given, plus the shipping fee paid; before the shop's shipping cost) under each kind of pricing
 * in the simulator, at the exposure's send time (src/simulate/order-margin.ts).
 */
export interface TrueOrderMargins {
  /** No price change by the trigger (control and all but the two below); the customer's own codes apply. */
  fullPrice: Float64Array;
  discount: Float64Array;
  freeShipping: Float64Array;
}

/**
 * The true order margins of the held-out exposures, or null where the data set has none (real
 * data, or a simulated data set generated before they were recorded: generate it again).
 */
export async function loadTrueOrderMargins(
  store: Store,
  holdout: ExposureData,
): Promise<TrueOrderMargins | null> {
  const [has] = await store.query<{ n: number }>(
    `SELECT count(*) AS n FROM information_schema.columns WHERE table_schema = 'truth'
       AND table_name = 'exposure_probabilities' AND column_name LIKE 'order_margin_%'`,
  );
  if (Number(has?.n) !== 3) return null;
  const rows = await store.query<{ key: string; f: number | null; d: number | null; s: number | null }>(
    `SELECT campaign_id || ':' || customer_id AS key, order_margin_full_price AS f,
            order_margin_discount AS d, order_margin_free_shipping AS s
     FROM truth.exposure_probabilities WHERE list_contains($1::VARCHAR[], campaign_id) ORDER BY key`,
    [holdout.campaignIds],
  );
  if (rows.length !== holdout.rowCount) return null;
  const n = holdout.rowCount;
  const out: TrueOrderMargins = {
    fullPrice: new Float64Array(n),
    discount: new Float64Array(n),
    freeShipping: new Float64Array(n),
  };
  for (let i = 0; i < n; i++) {
    const r = rows[i];
    if (r.key !== holdout.keys[i] || r.f === null || r.d === null || r.s === null) return null;
    out.fullPrice[i] = Number(r.f);
    out.discount[i] = Number(r.d);
    out.freeShipping[i] = Number(r.s);
  }
  return out;
}

/** The pricing an order converted by `trigger` gets in the simulator (orders.ts, priceOrder). */
export function orderMarginsOf(margins: TrueOrderMargins, trigger: TriggerId | null): Float64Array {
  if (trigger === 'discount') return margins.discount;
  if (trigger === 'free_shipping') return margins.freeShipping;
  return margins.fullPrice;
}

/**
 * True expected profit of every arm (control first) per exposure, as the engine accounts its
 * profit outcome (train-uplift.ts, profitOutcome; outcomes.ts, margin): p_a × (expected order
 * margin under the arm's pricing − the shop's shipping cost per order) − the send cost for a
 * treated arm. The shipping cost is the cost configuration's free-shipping amount, as in
 * loadExposureData's `shippingCost`. The cost model's per-conversion costs (the discount's share,
 * the waived fee) are inside the realised margin; the loyalty reward's 5% is not charged, since
 * the simulated orders give no reward and so the logged margin does not pay one either.
 */
export function trueProfitByArm(
  probabilities: Float64Array[],
  margins: TrueOrderMargins,
  triggers: readonly TriggerId[],
  costs: CostConfig,
  channel: Channel,
): Float64Array[] {
  const shipping = costs.triggers.free_shipping.per_conversion_amount;
  const send = costs.send_cost[channel];
  const arm = (p: Float64Array, m: Float64Array, fixed: number) =>
    Float64Array.from(p, (pi, i) => pi * ((m[i] as number) - shipping) - fixed);
  return [
    arm(probabilities[0] as Float64Array, margins.fullPrice, 0),
    ...triggers.map((t, k) => arm(probabilities[k + 1] as Float64Array, orderMarginsOf(margins, t), send)),
  ];
}

/**
 * The cost model of DESIGN.md section 1 applied to the true probabilities (p_a × expected order
 * value × default margin, less the trigger's costs and the send cost; economics.ts): what the
 * engine's profit objective assumes. Not the truth of the logged outcome (see trueProfitByArm);
 * kept for the profit-truth-gap benchmark, which shows how far the two are apart.
 */
export function costModelProfitByArm(
  probabilities: Float64Array[],
  orderValues: Float64Array,
  triggers: readonly TriggerId[],
  costs: CostConfig,
  channel: Channel,
): Float64Array[] {
  const p0 = probabilities[0] as Float64Array;
  const base = Float64Array.from(p0, (p, i) => p * (orderValues[i] as number) * costs.default_margin);
  return [
    base,
    ...triggers.map((t, k) =>
      Float64Array.from(
        base,
        (b, i) =>
          b +
          incrementalProfit(
            (probabilities[k + 1] as Float64Array)[i] as number,
            p0[i] as number,
            orderValues[i] as number,
            t,
            costs,
            channel,
          ),
      ),
    ),
  ];
}

/** Mean true outcomes per row of a policy and of the references it is judged against. */
export interface TruePolicyValues {
  policy: number;
  treatNobody: number;
  bestSingle: number;
  oracle: number;
  /** (policy − nobody) / (oracle − nobody): the policy's share of the oracle's incremental outcome. */
  oracleIncrementalShare: number;
  /** (policy − best single) / (oracle − best single): the share of the personalisation headroom. */
  headroomCaptured: number;
}

/**
 * The true value of `policy` (the arm per row, 0 = control) and of treating nobody, giving every
 * row `bestSingleArm`, and the oracle (every row's truly best arm), from the true outcome of every
 * arm per row (`truth[arm][row]`, control first). Shares are NaN where their denominator is 0.
 */
export function truePolicyValues(
  truth: readonly Float64Array[],
  policy: ArrayLike<number>,
  bestSingleArm: number,
): TruePolicyValues {
  const n = policy.length;
  let pol = 0;
  let nobody = 0;
  let single = 0;
  let oracle = 0;
  for (let i = 0; i < n; i++) {
    let best = Number.NEGATIVE_INFINITY;
    for (const arm of truth) best = Math.max(best, arm[i]);
    oracle += best;
    pol += truth[policy[i]][i];
    nobody += truth[0][i];
    single += truth[bestSingleArm][i];
  }
  const share = (a: number, b: number) => (oracle - b !== 0 ? (a - b) / (oracle - b) : Number.NaN);
  return {
    policy: pol / n,
    treatNobody: nobody / n,
    bestSingle: single / n,
    oracle: oracle / n,
    oracleIncrementalShare: share(pol, nobody),
    headroomCaptured: share(pol, single),
  };
}
