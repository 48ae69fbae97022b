/**
 * How far the logged profit of the reserved campaign's exposures is from the simulator's "true"
 * profit, arm by arm. The DR estimate of a policy's profit averages the logged margin of the
 * orders in each exposure's window (product costs, every discount given, shipping fee paid less
 * the shop's shipping cost); the truth applies the cost model of DESIGN.md §1 to the simulator's
 * probabilities (p × expected order value × default margin − the trigger's cost). Where the two
 * differ, a DR interval can miss the "truth" with nothing wrong in the estimator.
 *
 *   npm run -s bench -- profit-truth-gap --db PATH [--json]
 */
import { ARM_NAMES, loadExposureData } from '../src/causal/pipeline/exposure-data.ts';
import {
  loadTrueOrderValues,
  loadTruthProbabilities,
  trueProfitByArm,
} from '../src/causal/pipeline/simulator-truth.ts';
import { DEFAULT_COST_CONFIG } from '../src/contracts/trigger-costs.ts';
import { TRIGGER_IDS } from '../src/contracts/triggers.ts';
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
const store = await openStore(db, { readOnly: true });
const holdout = await loadExposureData(
  store,
  { kind: 'evaluation' },
  { shippingCost: costs.triggers.free_shipping.per_conversion_amount },
);
const probabilities = await loadTruthProbabilities(store, holdout);
const orderValues = await loadTrueOrderValues(store, holdout);
await store.close();
if (!probabilities)
  throw new Error('no simulator truth for the held-out exposures: a simulated data set is needed');
const trueProfit = trueProfitByArm(probabilities, orderValues, TRIGGER_IDS, costs, channel);
// A converting exposure's margin under the cost model: its true profit given that it converted.
const perOrder = (a: number, i: number) => {
  const v = orderValues[i] as number;
  const m = a === 0 ? null : costs.triggers[TRIGGER_IDS[a - 1] as (typeof TRIGGER_IDS)[number]];
  return v * costs.default_margin - (m ? m.order_value_share * v + m.per_conversion_amount : 0);
};

const arms = ARM_NAMES.map((arm, a) => {
  const send = a === 0 ? 0 : costs.send_cost[channel];
  let n = 0;
  let conv = 0;
  let loggedMargin = 0;
  let modelMargin = 0;
  let truth = 0;
  for (let i = 0; i < holdout.rowCount; i++) {
    if (holdout.arm[i] !== a) continue;
    n++;
    loggedMargin += holdout.outcomes.margin[i] as number;
    truth += (trueProfit[a] as Float64Array)[i] as number;
    if (holdout.outcomes.converted[i] === 1) {
      conv++;
      modelMargin += perOrder(a, i);
    }
  }
  return {
    arm,
    exposures: n,
    conversions: conv,
    logged_margin_per_conversion: conv ? loggedMargin / conv : Number.NaN,
    cost_model_margin_per_conversion: conv ? modelMargin / conv : Number.NaN,
    logged_profit_per_exposure: (loggedMargin - n * send) / n,
    true_profit_per_exposure: truth / n,
  };
});
const doc = { db, held_out_exposures: holdout.rowCount, campaigns: holdout.campaignIds, arms };
if (args.includes('--json')) process.stdout.write(`${JSON.stringify(doc, null, 2)}\n`);
else
  for (const g of arms)
    process.stdout.write(
      `${g.arm.padEnd(28)} margin per conversion: logged ${g.logged_margin_per_conversion.toFixed(2)}, cost model ${g.cost_model_margin_per_conversion.toFixed(2)}; profit per exposure: logged ${g.logged_profit_per_exposure.toFixed(3)}, true ${g.true_profit_per_exposure.toFixed(3)}\n`,
    );
