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
const shippingCost = costs.triggers.free_shipping.per_conversion_amount;
const store = await openStore(db, { readOnly: true });
const holdout = await loadExposureData(store, { kind: 'evaluation' }, { shippingCost });
const truthRows = await store.query<Record<string, number | string>>(
  `SELECT campaign_id || ':' || customer_id AS key, p_control, ${TRIGGER_IDS.map((t) => `p_${t}`).join(', ')}
   FROM truth.exposure_probabilities WHERE list_contains($1::VARCHAR[], campaign_id) ORDER BY key`,
  [holdout.campaignIds],
);
const eovRows = await store.query<{ customer_id: string; v: number }>(
  'SELECT customer_id, expected_order_value AS v FROM truth.customer_uplift',
);
await store.close();
if (truthRows.length !== holdout.rowCount || truthRows.some((r, i) => r.key !== holdout.keys[i]))
  throw new Error('truth rows do not match the held-out exposures');
const eov = new Map(eovRows.map((r) => [r.customer_id, Number(r.v)]));

interface ArmGap {
  arm: string;
  exposures: number;
  conversions: number;
  logged_margin_per_conversion: number;
  cost_model_margin_per_conversion: number;
  logged_profit_per_exposure: number;
  true_profit_per_exposure: number;
}
const arms: ArmGap[] = [];
for (let a = 0; a < ARM_NAMES.length; a++) {
  const arm = ARM_NAMES[a] as string;
  const m = a === 0 ? null : costs.triggers[arm as TriggerId];
  const send = a === 0 ? 0 : costs.send_cost.email;
  let n = 0;
  let conv = 0;
  let logged = 0;
  let modelMarginOfConverters = 0;
  let trueProfit = 0;
  for (let i = 0; i < holdout.rowCount; i++) {
    if (holdout.arm[i] !== a) continue;
    const v = eov.get(holdout.customerIds[i] as string) ?? Number.NaN;
    const p = Number(truthRows[i]?.[a === 0 ? 'p_control' : `p_${arm}`]);
    const perOrder = v * costs.default_margin - (m ? m.order_value_share * v + m.per_conversion_amount : 0);
    n++;
    logged += (holdout.outcomes.margin[i] as number) - send;
    trueProfit += p * perOrder - send;
    if (holdout.outcomes.converted[i] === 1) {
      conv++;
      modelMarginOfConverters += perOrder;
    }
  }
  arms.push({
    arm,
    exposures: n,
    conversions: conv,
    logged_margin_per_conversion: conv ? (logged + n * send) / conv : Number.NaN,
    cost_model_margin_per_conversion: conv ? modelMarginOfConverters / conv : Number.NaN,
    logged_profit_per_exposure: logged / n,
    true_profit_per_exposure: trueProfit / n,
  });
}
const doc = { db, held_out_exposures: holdout.rowCount, campaigns: holdout.campaignIds, arms };
if (args.includes('--json')) process.stdout.write(`${JSON.stringify(doc, null, 2)}\n`);
else
  for (const g of arms)
    process.stdout.write(
      `${g.arm.padEnd(28)} margin per conversion: logged ${g.logged_margin_per_conversion.toFixed(2)}, cost model ${g.cost_model_margin_per_conversion.toFixed(2)}; profit per exposure: logged ${g.logged_profit_per_exposure.toFixed(3)}, true ${g.true_profit_per_exposure.toFixed(3)}\n`,
    );
