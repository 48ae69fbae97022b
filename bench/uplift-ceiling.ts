/**
 * How much of the oracle any learner could reach from the observable features: gradient-boosted
 * regressions fitted directly on the simulator's TRUE uplift of each trigger for the reserved
 * campaign's exposures (2-fold cross-fitted, same point-in-time features as the engine), then the
 * policy "best predicted positive uplift" scored with the true probabilities. No learner trained
 * on outcomes can be expected to beat this ceiling.
 *
 *   npm run bench -- uplift-ceiling --db PATH [--json]
 */
import { frameToRawColumns, loadExposureData } from '../src/causal/pipeline/exposure-data.ts';
import { loadTruthProbabilities } from '../src/causal/pipeline/simulator-truth.ts';
import { binColumns, takeRows } from '../src/causal/trees/binning.ts';
import { fitGbdt, predictGbdt } from '../src/causal/trees/gbdt.ts';
import { TRIGGER_IDS } from '../src/contracts/triggers.ts';
import { openStore } from '../src/store/open.ts';

const args = process.argv.slice(2);
const db = args[args.indexOf('--db') + 1];
if (!args.includes('--db') || !db) {
  process.stderr.write('usage: npm run bench -- uplift-ceiling --db PATH [--json]\n');
  process.exit(2);
}
const store = await openStore(db);
const holdout = await loadExposureData(store, { kind: 'evaluation' }, { shippingCost: 7.95 });
const X = binColumns(frameToRawColumns(holdout.frame));
const p = await loadTruthProbabilities(store, holdout);
await store.close();
if (!p) throw new Error('no simulator truth for the held-out exposures: a simulated data set is needed');
const n = holdout.rowCount;
const pred = TRIGGER_IDS.map(() => new Float64Array(n));
for (let fold = 0; fold < 2; fold++) {
  const train = Array.from({ length: n }, (_, i) => i).filter((i) => i % 2 !== fold);
  const test = Array.from({ length: n }, (_, i) => i).filter((i) => i % 2 === fold);
  const Xtrain = takeRows(X, train);
  const Xtest = takeRows(X, test);
  TRIGGER_IDS.forEach((_, k) => {
    const y = Float64Array.from(train, (i) => p[k + 1][i] - p[0][i]);
    const model = fitGbdt(Xtrain, y, {
      objective: 'regression',
      nEstimators: 200,
      learningRate: 0.05,
      seed: 1,
    });
    const out = predictGbdt(model, Xtest);
    test.forEach((i, j) => {
      pred[k][i] = out[j];
    });
  });
}
let policy = 0;
let nobody = 0;
let oracle = 0;
for (let i = 0; i < n; i++) {
  let best = 0;
  let bestValue = 0;
  for (let k = 0; k < TRIGGER_IDS.length; k++)
    if (pred[k][i] > bestValue) {
      bestValue = pred[k][i];
      best = k + 1;
    }
  policy += p[best][i];
  nobody += p[0][i];
  let m = 0;
  for (let a = 0; a <= TRIGGER_IDS.length; a++) m = Math.max(m, p[a][i]);
  oracle += m;
}
const result = {
  date: new Date().toISOString(),
  db,
  holdout_rows: n,
  ceiling_true_value: policy / n,
  treat_nobody_true_value: nobody / n,
  oracle_value: oracle / n,
  ceiling_oracle_incremental_share: (policy - nobody) / (oracle - nobody),
};
process.stdout.write(`${JSON.stringify(result, null, args.includes('--json') ? 2 : 0)}\n`);
