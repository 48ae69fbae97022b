import { type Channel, type CostConfig, DEFAULT_COST_CONFIG } from '../contracts/trigger-costs.ts';
import { type Arm, CONTROL_ARM, TRIGGER_IDS } from '../contracts/triggers.ts';
import { InvalidInput, NotFound } from '../core/errors.ts';
import { Rng } from '../core/rng.ts';
import type { Store } from '../store/store.ts';
import { AS_OF_DAY } from './calendar.ts';
import { buildCatalogue, type Catalogue } from './catalogue.ts';
import { ARM_IDS, ARM_INDEX } from './causal-model.ts';
import {
  asOfProbabilities,
  ORDER_MARGIN_COLUMNS,
  type StoredTraits,
  TRUTH_WINDOW_DAYS,
} from './ground-truth.ts';
import { novemberShare, orderMarginProfile, pricingMargins } from './order-margin.ts';

/**
 * The counterfactual simulator: scores any targeting policy against the oracle. Given a new
 * campaign's assignment (customer → trigger or control) sent at as_of, it returns
 *  - the TRUE expected conversions, revenue and profit from the causal model's probabilities
 *    (what the policy is worth, free of sampling noise), and
 *  - outcomes drawn from the same model, as a real campaign would produce them. Draws use
 *    common random numbers per customer (same seed and label, same uniform), so two policies
 *    are compared on the same luck.
 * It reads the stored truth (truth.customer_uplift for the default window; the traits in
 * truth.customer_traits, through the same causal-model.ts, for any other window) and never
 * writes anything. A converted customer's order value is drawn log-normal around their expected
 * order value (mean preserved), and its margin scaled by the same draw.
 *
 * Profit of treating a customer with arm a = p_a × (the expected realised margin of an order under
 * a's pricing − the shop's shipping cost per order) − the send cost for a trigger: the units of
 * the engine's logged profit outcome (causal/pipeline/simulator-truth.ts, trueProfitByArm). The
 * order margin (order-margin.ts) already has the discount given and the shipping fee waived; the
 * shipping cost is the cost configuration's free-shipping amount, as the engine takes it.
 */
export interface TruthPopulation {
  customerIds: string[];
  index: Map<string, number>;
  windowDays: number;
  /** Row-major n × ARM_IDS.length probabilities (control first). */
  probs: Float64Array;
  expectedOrderValue: Float64Array;
  /** Row-major n × 3 expected order margins: full price, discount, free shipping (ORDER_MARGIN_COLUMNS). */
  orderMargins: Float64Array;
  seed: string;
}

export interface CounterfactualOptions {
  /** Draws depend on (seed, label, customer) only. */
  seed?: number | string;
  label?: string;
  costs?: CostConfig;
  channel?: Channel;
  /** Return the per-customer rows too. */
  details?: boolean;
}

export interface ArmSummary {
  customers: number;
  expected_conversions: number;
  sampled_conversions: number;
}

export interface PolicyValue {
  conversions: number;
  revenue: number;
  profit: number;
}

export interface CounterfactualResult {
  customers: number;
  window_days: number;
  per_arm: Record<string, ArmSummary>;
  /** True expected values under the assignment. */
  expected: PolicyValue & { incremental_conversions: number; incremental_profit: number };
  /** The same population left entirely in control (the baseline the increments are measured from). */
  expected_all_control: PolicyValue;
  /** One draw of outcomes. */
  sampled: PolicyValue;
  rows?: { customer_id: string; arm: Arm; p: number; converted: boolean; order_value: number }[];
}

const ARMS = ARM_IDS.length;

/** Reads the truth for every customer (or those listed), for the given window. */
export async function loadTruth(
  store: Store,
  options: { windowDays?: number; customerIds?: readonly string[]; fromTraits?: boolean } = {},
): Promise<TruthPopulation> {
  const windowDays = options.windowDays ?? TRUTH_WINDOW_DAYS;
  if (!Number.isFinite(windowDays) || windowDays <= 0 || windowDays > 120) {
    throw new InvalidInput('window must be between 1 and 120 days', [
      { name: 'windowDays', reason: 'out of range' },
    ]);
  }
  const meta = await store.query<{ value: string }>("SELECT value FROM meta WHERE key = 'seed'");
  const seed = meta[0]?.value;
  const source = await store.query<{ value: string }>("SELECT value FROM meta WHERE key = 'source'");
  if (!seed || source[0]?.value !== 'simulator') {
    throw new NotFound('this data set has no simulator truth (counterfactuals need `aether generate` data)');
  }
  const wanted = options.customerIds ? new Set(options.customerIds) : null;
  const customerIds: string[] = [];
  const probs: number[] = [];
  const eov: number[] = [];
  const margins: number[] = [];
  const [stored] = await store.query<{ n: number }>(
    `SELECT count(*) AS n FROM information_schema.columns WHERE table_schema = 'truth'
       AND table_name = 'customer_uplift' AND column_name LIKE 'order_margin_%'`,
  );
  if (windowDays === TRUTH_WINDOW_DAYS && !options.fromTraits && Number(stored?.n) === 3) {
    const cols = TRIGGER_IDS.map((t) => `uplift_score_for_${t}`);
    const rows = await store.query<Record<string, number | string>>(
      `SELECT customer_id, baseline_conversion_probability AS p0, ${cols.join(', ')}, expected_order_value,
              ${ORDER_MARGIN_COLUMNS.join(', ')}
       FROM truth.customer_uplift ORDER BY customer_id`,
    );
    for (const r of rows) {
      if (wanted && !wanted.has(r.customer_id as string)) continue;
      const p0 = Number(r.p0);
      customerIds.push(r.customer_id as string);
      probs.push(p0);
      // Uplifts were stored rounded; p_t = p0 + uplift reproduces the model's probability to 1e-7.
      for (const c of cols) probs.push(Math.round((p0 + Number(r[c])) * 1e7) / 1e7);
      eov.push(Number(r.expected_order_value));
      for (const c of ORDER_MARGIN_COLUMNS) margins.push(Number(r[c]));
    }
  } else {
    // Another window (or a data set from before the margins were stored): the same causal model
    // and order-margin computation from the stored traits and the run's catalogue.
    const cat: Catalogue = buildCatalogue(Number.isFinite(Number(seed)) ? Number(seed) : seed);
    const share = novemberShare(AS_OF_DAY, windowDays, Number.POSITIVE_INFINITY);
    const rows = await store.query<{ customer_id: string; traits: string }>(
      'SELECT customer_id, traits::VARCHAR AS traits FROM truth.customer_traits ORDER BY customer_id',
    );
    for (const r of rows) {
      if (wanted && !wanted.has(r.customer_id)) continue;
      const stored = JSON.parse(r.traits) as StoredTraits;
      customerIds.push(r.customer_id);
      for (const p of asOfProbabilities(stored, windowDays)) probs.push(p);
      eov.push(stored.expectedOrderValue);
      const m = pricingMargins(orderMarginProfile(stored, cat), share);
      margins.push(m.fullPrice, m.discount, m.freeShipping);
    }
  }
  return {
    customerIds,
    index: new Map(customerIds.map((c, i) => [c, i])),
    windowDays,
    probs: Float64Array.from(probs),
    expectedOrderValue: Float64Array.from(eov),
    orderMargins: Float64Array.from(margins),
    seed,
  };
}

/** Which of the three order margins arm k (0 = control) is sold at (orders.ts, priceOrder). */
function pricingOf(k: number): number {
  const t = k === 0 ? null : TRIGGER_IDS[k - 1];
  return t === 'discount' ? 1 : t === 'free_shipping' ? 2 : 0;
}

/** Expected profit of giving customer i arm k (k = 0 is control). */
export function expectedProfit(
  truth: TruthPopulation,
  i: number,
  k: number,
  costs: CostConfig,
  channel: Channel,
): number {
  const p = truth.probs[i * ARMS + k]!;
  const margin = truth.orderMargins[i * 3 + pricingOf(k)]!;
  const gross = p * (margin - costs.triggers.free_shipping.per_conversion_amount);
  return k === 0 ? gross : gross - costs.send_cost[channel];
}

export function simulateCampaign(
  truth: TruthPopulation,
  assignment: Iterable<readonly [string, Arm]> | ReadonlyMap<string, Arm>,
  options: CounterfactualOptions = {},
): CounterfactualResult {
  const costs = options.costs ?? DEFAULT_COST_CONFIG;
  const channel = options.channel ?? 'email';
  const label = options.label ?? 'campaign';
  const seed = options.seed ?? truth.seed;
  const perArm: Record<string, ArmSummary> = {};
  const expected = {
    conversions: 0,
    revenue: 0,
    profit: 0,
    incremental_conversions: 0,
    incremental_profit: 0,
  };
  const base = { conversions: 0, revenue: 0, profit: 0 };
  const sampled = { conversions: 0, revenue: 0, profit: 0 };
  const rows: CounterfactualResult['rows'] = options.details ? [] : undefined;
  const seen = new Set<string>();
  const entries =
    assignment instanceof Map ? assignment.entries() : (assignment as Iterable<readonly [string, Arm]>);
  for (const [customerId, arm] of entries) {
    const i = truth.index.get(customerId);
    if (i === undefined)
      throw new InvalidInput(`unknown customer ${customerId}`, [
        { name: customerId, reason: 'not in the data set' },
      ]);
    const k = ARM_INDEX.get(arm);
    if (k === undefined)
      throw new InvalidInput(`unknown arm ${arm}`, [{ name: customerId, reason: `unknown arm "${arm}"` }]);
    if (seen.has(customerId))
      throw new InvalidInput(`customer ${customerId} assigned twice`, [
        { name: customerId, reason: 'duplicate' },
      ]);
    seen.add(customerId);
    const p = truth.probs[i * ARMS + k]!;
    const p0 = truth.probs[i * ARMS]!;
    const v = truth.expectedOrderValue[i]!;
    const profit = expectedProfit(truth, i, k, costs, channel);
    const profit0 = expectedProfit(truth, i, 0, costs, channel);
    expected.conversions += p;
    expected.revenue += p * v;
    expected.profit += profit;
    expected.incremental_conversions += p - p0;
    expected.incremental_profit += profit - profit0;
    base.conversions += p0;
    base.revenue += p0 * v;
    base.profit += profit0;
    // One draw, common to every policy scored with the same seed and label.
    const rng = Rng.derive(seed, `counterfactual:${label}:${customerId}`);
    const converted = rng.next() < p;
    let orderValue = 0;
    if (arm !== CONTROL_ARM) sampled.profit -= costs.send_cost[channel];
    if (converted) {
      const v = truth.expectedOrderValue[i]!;
      orderValue = sampleOrderValue(rng, v);
      sampled.conversions += 1;
      sampled.revenue += orderValue;
      // The margin scaled with the order value's draw (mean preserved), less the shipping cost.
      sampled.profit +=
        (truth.orderMargins[i * 3 + pricingOf(k)]! * orderValue) / v -
        costs.triggers.free_shipping.per_conversion_amount;
    }
    perArm[arm] ??= { customers: 0, expected_conversions: 0, sampled_conversions: 0 };
    const s = perArm[arm];
    s.customers += 1;
    s.expected_conversions += p;
    if (converted) s.sampled_conversions += 1;
    rows?.push({ customer_id: customerId, arm, p, converted, order_value: orderValue });
  }
  const round = (x: number) => Math.round(x * 100) / 100;
  for (const s of Object.values(perArm)) s.expected_conversions = round(s.expected_conversions);
  return {
    customers: seen.size,
    window_days: truth.windowDays,
    per_arm: perArm,
    expected: {
      conversions: round(expected.conversions),
      revenue: round(expected.revenue),
      profit: round(expected.profit),
      incremental_conversions: round(expected.incremental_conversions),
      incremental_profit: round(expected.incremental_profit),
    },
    expected_all_control: {
      conversions: round(base.conversions),
      revenue: round(base.revenue),
      profit: round(base.profit),
    },
    sampled: {
      conversions: sampled.conversions,
      revenue: round(sampled.revenue),
      profit: round(sampled.profit),
    },
    rows,
  };
}

/**
 * An order value for a converted customer: their expected order value scaled by a log-normal
 * draw (right-skewed like real baskets, mean preserved), so sampled revenue is noisy around the
 * truth without needing the full basket model here.
 */
function sampleOrderValue(rng: Rng, expected: number): number {
  const sigma = 0.5;
  return Math.round(expected * rng.logNormal(-(sigma * sigma) / 2, sigma) * 100) / 100;
}

export interface OracleArm {
  customer_id: string;
  /** Arm with the highest conversion probability (control when no trigger beats it). */
  best_conversion_arm: Arm;
  best_conversion_uplift: number;
  /** Arm with the highest expected profit (control when every trigger loses money). */
  best_profit_arm: Arm;
  best_incremental_profit: number;
}

/** The oracle: each customer's best arm, for conversions and for incremental profit. */
export function oracleBestArms(
  truth: TruthPopulation,
  options: Pick<CounterfactualOptions, 'costs' | 'channel'> = {},
): OracleArm[] {
  const costs = options.costs ?? DEFAULT_COST_CONFIG;
  const channel = options.channel ?? 'email';
  const out: OracleArm[] = [];
  for (let i = 0; i < truth.customerIds.length; i++) {
    let bestK = 0;
    for (let k = 1; k < ARMS; k++) if (truth.probs[i * ARMS + k]! > truth.probs[i * ARMS + bestK]!) bestK = k;
    const profit0 = expectedProfit(truth, i, 0, costs, channel);
    let bestP = 0;
    let bestProfit = profit0;
    for (let k = 1; k < ARMS; k++) {
      const v = expectedProfit(truth, i, k, costs, channel);
      if (v > bestProfit) {
        bestProfit = v;
        bestP = k;
      }
    }
    out.push({
      customer_id: truth.customerIds[i]!,
      best_conversion_arm: ARM_IDS[bestK]!,
      best_conversion_uplift: truth.probs[i * ARMS + bestK]! - truth.probs[i * ARMS]!,
      best_profit_arm: ARM_IDS[bestP]!,
      best_incremental_profit: bestProfit - profit0,
    });
  }
  return out;
}

/** The oracle policy as an assignment, ready for simulateCampaign. */
export function oracleAssignment(
  oracle: readonly OracleArm[],
  objective: 'conversion' | 'profit',
): Map<string, Arm> {
  return new Map(
    oracle.map((o) => [
      o.customer_id,
      objective === 'conversion' ? o.best_conversion_arm : o.best_profit_arm,
    ]),
  );
}
