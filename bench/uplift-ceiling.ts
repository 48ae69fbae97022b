/**
 * How much of the oracle any learner could reach from the observable features: gradient-boosted
 * regressions fitted directly on the simulator's TRUE uplift of each trigger for the reserved
 * campaign's exposures (2-fold cross-fitted, same point-in-time features as the engine), then the
 * policy "best predicted positive uplift" scored with the true probabilities. No learner trained
 * on outcomes can be expected to beat this ceiling.
 *
 * It also reports a second, learner-free bound: the policy of someone who knows every latent
 * trait and causal state of the simulator but not the one idiosyncratic response per trigger
 * (`responseNoise`, normal with sd RESPONSE_NOISE_SD on the log-odds, which no behaviour
 * reveals). From the stored true probability p_t and the customer's stored noise n_t, the
 * noise-free log-odds are x_t = logit(p_t) - n_t, and that person's expected probability is
 * E[sigmoid(x_t + e)] over e ~ N(0, sd^2) (a quadrature on a fine grid); they pick the arm with the
 * largest expectation. Its true value over the oracle's is the share attainable by any features
 * at all (a customer's past responses reveal a little of n_t, but a handful of binary outcomes
 * at a few percent say almost nothing about it).
 *
 * With `--trait-recovery` it also says how much of each latent trait the features reveal: the
 * cross-fitted R^2 of a gradient-boosted regression of the trait on the same features, over the
 * reserved campaign's exposures.
 *
 *   npm run bench -- uplift-ceiling --db PATH [--trait-recovery] [--json]
 */
import { frameToRawColumns, loadExposureData } from '../src/causal/pipeline/exposure-data.ts';
import { loadTruthProbabilities, truePolicyValues } from '../src/causal/pipeline/simulator-truth.ts';
import { recommend } from '../src/causal/policy/recommend.ts';
import { binColumns, takeRows } from '../src/causal/trees/binning.ts';
import { fitGbdt, predictGbdt } from '../src/causal/trees/gbdt.ts';
import { TRIGGER_IDS } from '../src/contracts/triggers.ts';
import { RESPONSE_NOISE_SD } from '../src/simulate/traits.ts';
import { openStore } from '../src/store/open.ts';

const args = process.argv.slice(2);
const db = args[args.indexOf('--db') + 1];
if (!args.includes('--db') || !db) {
  process.stderr.write('usage: npm run bench -- uplift-ceiling --db PATH [--json]\n');
  process.exit(2);
}
const store = await openStore(db, { readOnly: true });
const holdout = await loadExposureData(store, { kind: 'evaluation' }, { shippingCost: 7.95 });
const X = binColumns(frameToRawColumns(holdout.frame));
const p = await loadTruthProbabilities(store, holdout);
const traitRows = await store.query<{ customer_id: string; traits: string }>(
  'SELECT customer_id, traits FROM truth.customer_traits',
);
await store.close();
const traitsByCustomer = new Map(
  traitRows.map((r) => [
    r.customer_id,
    JSON.parse(r.traits) as Record<string, number> & { responseNoise: number[] },
  ]),
);
if (!p) throw new Error('no simulator truth for the held-out exposures: a simulated data set is needed');
const n = holdout.rowCount;
const pred: Float64Array[] = TRIGGER_IDS.map(() => new Float64Array(n));
/** Cross-fitted (2 folds by row parity) gradient-boosted regression of `target` on the features. */
function crossFitted(target: Float64Array): Float64Array {
  const out = new Float64Array(n);
  for (let fold = 0; fold < 2; fold++) {
    const train = Array.from({ length: n }, (_, i) => i).filter((i) => i % 2 !== fold);
    const test = Array.from({ length: n }, (_, i) => i).filter((i) => i % 2 === fold);
    const model = fitGbdt(
      takeRows(X, train),
      Float64Array.from(train, (i) => target[i]),
      { objective: 'regression', nEstimators: 200, learningRate: 0.05, seed: 1 },
    );
    const predicted = predictGbdt(model, takeRows(X, test));
    test.forEach((i, j) => {
      out[i] = predicted[j];
    });
  }
  return out;
}
TRIGGER_IDS.forEach((_, k) => {
  pred[k] = crossFitted(Float64Array.from({ length: n }, (_, i) => p[k + 1][i] - p[0][i]));
});
// The policy "best predicted positive uplift": recommend() with no costs.
const ceiling = truePolicyValues(p, recommend({ baseline: new Float64Array(n), uplift: pred }).arm, 0);

// Quadrature of N(0, sd^2) on 161 points over +-5 sd: the error of E[sigmoid(x + e)] is far below
// the 1e-7 rounding of the stored probabilities.
const nodes = Array.from({ length: 161 }, (_, j) => ((j - 80) / 16) * RESPONSE_NOISE_SD);
const rawWeights = nodes.map((e) => Math.exp(-0.5 * (e / RESPONSE_NOISE_SD) ** 2));
const weightSum = rawWeights.reduce((a, b) => a + b, 0);
const weights = rawWeights.map((w) => w / weightSum);
const logit = (q: number) => Math.log(q / (1 - q));
const expectedProbability = (x: number) => {
  let e = 0;
  for (let j = 0; j < nodes.length; j++) e += weights[j] / (1 + Math.exp(-(x + nodes[j])));
  return e;
};
const knownTraitsPolicy = new Int32Array(n);
for (let i = 0; i < n; i++) {
  const noise = traitsByCustomer.get(holdout.customerIds[i])?.responseNoise;
  if (!noise) throw new Error(`no stored traits for customer ${holdout.customerIds[i]}`);
  let best = 0;
  let bestValue = p[0][i];
  for (let k = 0; k < TRIGGER_IDS.length; k++) {
    const q = Math.min(1 - 1e-7, Math.max(1e-7, p[k + 1][i]));
    const value = expectedProbability(logit(q) - noise[k]);
    if (value > bestValue) {
      bestValue = value;
      best = k + 1;
    }
  }
  knownTraitsPolicy[i] = best;
}
const knownTraits = truePolicyValues(p, knownTraitsPolicy, 0);
const result = {
  date: new Date().toISOString(),
  db,
  holdout_rows: n,
  ceiling_true_value: ceiling.policy,
  treat_nobody_true_value: ceiling.treatNobody,
  oracle_value: ceiling.oracle,
  ceiling_oracle_incremental_share: ceiling.oracleIncrementalShare,
  known_traits_true_value: knownTraits.policy,
  known_traits_oracle_incremental_share: knownTraits.oracleIncrementalShare,
};
const TRAITS = [
  'priceSensitivity',
  'shippingSensitivity',
  'statusSeeking',
  'socialConformity',
  'urgencyFomo',
  'contentAffinity',
  'loyaltyAffinity',
  'emailFatigue',
  'emailAttention',
  'categoryFocus',
  'purchaseRate',
] as const;
const traitRecovery: Record<string, number> = {};
if (args.includes('--trait-recovery'))
  for (const trait of TRAITS) {
    const y = Float64Array.from(holdout.customerIds, (id) => traitsByCustomer.get(id)?.[trait] ?? Number.NaN);
    const fitted = crossFitted(y);
    const mean = y.reduce((a, b) => a + b, 0) / n;
    let total = 0;
    let residual = 0;
    for (let i = 0; i < n; i++) {
      total += (y[i] - mean) ** 2;
      residual += (y[i] - fitted[i]) ** 2;
    }
    traitRecovery[trait] = 1 - residual / total;
    process.stderr.write(`trait recovery: ${trait} R^2 ${traitRecovery[trait].toFixed(3)}\n`);
  }
process.stdout.write(
  `${JSON.stringify(args.includes('--trait-recovery') ? { ...result, trait_recovery_r2: traitRecovery } : result, null, args.includes('--json') ? 2 : 0)}\n`,
);
