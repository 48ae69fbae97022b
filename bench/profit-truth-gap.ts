/**
 * How far the logged profit of the reserved campaign's exposures is from the simulator's true
 * profit, arm by arm. The DR estimate of a policy's profit averages the logged margin of the
 * orders in each exposure's window (product costs, every discount given, shipping fee paid less
 * the shop's shipping cost), less the send cost of a treated arm. The truth
 * (simulator-truth.ts, trueProfitByArm) is the expectation of that same quantity: p_a × the
 * expected realised margin of the window's order under the arm's pricing (recorded by the
 * simulator, src/simulate/order-margin.ts). For reference the cost model of DESIGN.md §1 (p × expected
 * order value × default margin − the trigger's cost), what the truth was before, is shown beside it.
 *
 * Per arm: the mean of (logged − true) profit per exposure with a 95% interval (normal, from the
 * sample variance of the differences; exposures are independent), and the same for the margin of
 * converting exposures (logged margin against the recorded expected margin of the drawn arm).
 *
 * --all-campaigns adds the check over every campaign's converting exposures (training ones too,
 * far more orders; no features needed): the logged margin of the window's order against the
 * recorded expected margin under the drawn arm's pricing, per pricing, with a 95% interval.
 *
 *   npm run -s bench -- profit-truth-gap --db PATH [--all-campaigns] [--json]
 */
import { ARM_NAMES, loadExposureData } from '../src/causal/pipeline/exposure-data.ts';
import { exposureOutcomesSql } from '../src/causal/pipeline/outcomes.ts';
import {
  costModelProfitByArm,
  loadTrueOrderMargins,
  loadTrueOrderValues,
  loadTruthProbabilities,
  orderMarginsOf,
  trueProfitByArm,
} from '../src/causal/pipeline/simulator-truth.ts';
import { DEFAULT_COST_CONFIG } from '../src/contracts/trigger-costs.ts';
import { TRIGGER_IDS, type TriggerId } from '../src/contracts/triggers.ts';
import { openStore } from '../src/store/open.ts';

const args = process.argv.slice(2);
const dbAt = args.indexOf('--db');
const db = dbAt >= 0 ? args[dbAt + 1] : undefined;
if (!db) {
  process.stderr.write('usage: npm run -s bench -- profit-truth-gap --db PATH [--json]\n');
  process.exit(2);
}
const costs = DEFAULT_COST_CONFIG;
const channel = 'email';
const shippingCost = costs.triggers.free_shipping.per_conversion_amount;
const store = await openStore(db, { readOnly: true });
const holdout = await loadExposureData(store, { kind: 'evaluation' }, { shippingCost });
const probabilities = await loadTruthProbabilities(store, holdout);
const margins = await loadTrueOrderMargins(store, holdout);
const orderValues = await loadTrueOrderValues(store, holdout);
const allCampaigns = args.includes('--all-campaigns')
  ? (
      await store.query<{ pricing: string; n: number; logged: number; truth: number; v: number }>(
        `WITH ex AS (SELECT e.campaign_id, e.customer_id, e.sent_at, c.window_days, e.arm
                     FROM campaign_exposures e JOIN campaigns c USING (campaign_id)),
         o AS (${exposureOutcomesSql('ex')}),
         d AS (SELECT CASE WHEN ex.arm IN ('discount', 'free_shipping') THEN ex.arm ELSE 'full_price' END AS pricing,
                      o.margin AS logged,
                      CASE ex.arm WHEN 'discount' THEN t.order_margin_discount
                        WHEN 'free_shipping' THEN t.order_margin_free_shipping
                        ELSE t.order_margin_full_price END - $1 AS truth
               FROM ex JOIN o USING (campaign_id, customer_id)
               JOIN truth.exposure_probabilities t USING (campaign_id, customer_id) WHERE o.converted = 1)
         SELECT pricing, count(*) AS n, avg(logged) AS logged, avg(truth) AS truth, var_samp(logged - truth) AS v
         FROM d GROUP BY pricing ORDER BY pricing`,
        [shippingCost],
      )
    ).map((r) => {
      const n = Number(r.n);
      const diff = Number(r.logged) - Number(r.truth);
      const se = Math.sqrt(Number(r.v) / n);
      return {
        pricing: r.pricing,
        converting_exposures: n,
        logged_margin_per_conversion: Number(r.logged),
        true_margin_per_conversion: Number(r.truth),
        logged_minus_true: { value: diff, ci_low: diff - 1.96 * se, ci_high: diff + 1.96 * se, z: diff / se },
      };
    })
  : undefined;
await store.close();
if (!probabilities || !margins)
  throw new Error(
    'no simulator truth (with order margins) for the held-out exposures: generate the data set with this version',
  );
const trueProfit = trueProfitByArm(probabilities, margins, TRIGGER_IDS, costs, channel);
const costModel = costModelProfitByArm(probabilities, orderValues, TRIGGER_IDS, costs, channel);
// A converting exposure's margin under the cost model: its cost-model profit given that it converted.
const costModelPerOrder = (a: number, i: number) => {
  const v = orderValues[i] as number;
  const m = a === 0 ? null : costs.triggers[TRIGGER_IDS[a - 1] as TriggerId];
  return v * costs.default_margin - (m ? m.order_value_share * v + m.per_conversion_amount : 0);
};

/** Mean and 95% normal interval of a sum and sum of squares over n. */
function interval(sum: number, sumSq: number, n: number) {
  const mean = sum / n;
  const se = Math.sqrt(Math.max(0, sumSq / n - mean * mean) / Math.max(1, n - 1));
  return { value: mean, ci_low: mean - 1.96 * se, ci_high: mean + 1.96 * se, z: se > 0 ? mean / se : 0 };
}

const arms = ARM_NAMES.map((arm, a) => {
  const send = a === 0 ? 0 : costs.send_cost[channel];
  const marginTruth = orderMarginsOf(margins, a === 0 ? null : (TRIGGER_IDS[a - 1] as TriggerId));
  let n = 0;
  let conv = 0;
  let logged = 0;
  let truth = 0;
  let model = 0;
  let diff = 0;
  let diffSq = 0;
  let loggedMargin = 0;
  let truthMargin = 0;
  let modelMargin = 0;
  let marginDiffSq = 0;
  for (let i = 0; i < holdout.rowCount; i++) {
    if (holdout.arm[i] !== a) continue;
    n++;
    const y = (holdout.outcomes.margin[i] as number) - send;
    const mu = (trueProfit[a] as Float64Array)[i] as number;
    logged += y;
    truth += mu;
    model += (costModel[a] as Float64Array)[i] as number;
    diff += y - mu;
    diffSq += (y - mu) ** 2;
    if (holdout.outcomes.converted[i] === 1) {
      conv++;
      const m = holdout.outcomes.margin[i] as number;
      const t = (marginTruth[i] as number) - shippingCost;
      loggedMargin += m;
      truthMargin += t;
      modelMargin += costModelPerOrder(a, i);
      marginDiffSq += (m - t) ** 2;
    }
  }
  return {
    arm,
    exposures: n,
    conversions: conv,
    logged_margin_per_conversion: conv ? loggedMargin / conv : Number.NaN,
    true_margin_per_conversion: conv ? truthMargin / conv : Number.NaN,
    cost_model_margin_per_conversion: conv ? modelMargin / conv : Number.NaN,
    margin_per_conversion_logged_minus_true: interval(loggedMargin - truthMargin, marginDiffSq, conv),
    logged_profit_per_exposure: logged / n,
    true_profit_per_exposure: truth / n,
    cost_model_profit_per_exposure: model / n,
    profit_per_exposure_logged_minus_true: interval(diff, diffSq, n),
  };
});
// All arms together: Σ over exposures of (logged − true profit), the figure a policy's DR estimate inherits.
let pooled = 0;
let pooledSq = 0;
for (let i = 0; i < holdout.rowCount; i++) {
  const a = holdout.arm[i] as number;
  const d =
    (holdout.outcomes.margin[i] as number) -
    (a === 0 ? 0 : costs.send_cost[channel]) -
    ((trueProfit[a] as Float64Array)[i] as number);
  pooled += d;
  pooledSq += d * d;
}
const all = interval(pooled, pooledSq, holdout.rowCount);

/** Treat nobody, every single arm, and the oracle (best arm per exposure) under one profit truth. */
function policies(profit: Float64Array[]) {
  const n = holdout.rowCount;
  const mean = (a: Float64Array) => a.reduce((s, x) => s + x, 0) / n;
  const single = ARM_NAMES.map((arm, a) => ({ arm, value: mean(profit[a] as Float64Array) }));
  let oracle = 0;
  for (let i = 0; i < n; i++) {
    let best = Number.NEGATIVE_INFINITY;
    for (const arm of profit) best = Math.max(best, arm[i] as number);
    oracle += best;
  }
  const bestSingle = single.reduce((b, x) => (x.value > b.value ? x : b));
  return { treat_nobody: single[0]?.value, best_single: bestSingle, oracle: oracle / n };
}
const perExposure = { realised_margin_truth: policies(trueProfit), cost_model: policies(costModel) };
const doc = {
  db,
  held_out_exposures: holdout.rowCount,
  campaigns: holdout.campaignIds,
  profit_per_exposure_logged_minus_true: all,
  policies_per_exposure: perExposure,
  arms,
  all_campaigns_margin_per_conversion: allCampaigns,
};
if (args.includes('--json')) process.stdout.write(`${JSON.stringify(doc, null, 2)}\n`);
else {
  const f = (x: number, d = 2) => x.toFixed(d);
  const ci = (c: { value: number; ci_low: number; ci_high: number }, d: number) =>
    `${f(c.value, d)} [${f(c.ci_low, d)}, ${f(c.ci_high, d)}]`;
  for (const g of arms)
    process.stdout.write(
      `${g.arm.padEnd(28)} margin per conversion: logged ${f(g.logged_margin_per_conversion)}, true ${f(g.true_margin_per_conversion)} (diff ${ci(g.margin_per_conversion_logged_minus_true, 2)}), cost model ${f(g.cost_model_margin_per_conversion)}; ` +
        `profit per exposure: logged ${f(g.logged_profit_per_exposure, 3)}, true ${f(g.true_profit_per_exposure, 3)} (diff ${ci(g.profit_per_exposure_logged_minus_true, 3)}), cost model ${f(g.cost_model_profit_per_exposure, 3)}\n`,
    );
  process.stdout.write(`all arms: logged − true profit per exposure ${ci(all, 4)}\n`);
  for (const g of allCampaigns ?? [])
    process.stdout.write(
      `all campaigns, ${g.pricing}: ${g.converting_exposures} converting exposures, margin per conversion logged ${f(g.logged_margin_per_conversion)}, true ${f(g.true_margin_per_conversion)}, diff ${ci(g.logged_minus_true, 2)}\n`,
    );
  for (const [name, p] of Object.entries(perExposure))
    process.stdout.write(
      `${name}: treat nobody ${f(p.treat_nobody ?? Number.NaN, 3)}, best single ${p.best_single.arm} ${f(p.best_single.value, 3)}, oracle ${f(p.oracle, 3)} per exposure (true, with the true best single)\n`,
    );
}
