/**
 * Does telling the default learner the campaign's context help? Fits the default T-learner on a
 * simulated data set's training exposures with and without the context columns that the exposure
 * loader gives every row (src/causal/campaign-context.ts: the campaign's window in days, and the
 * season of the send as the sine and cosine of its day of the year), and scores the policy "best
 * predicted positive uplift" on the reserved campaign with the simulator's true probabilities, as
 * learner-sweep does.
 *
 *   npm run -s bench -- context-features --db PATH [--variants none,w,ws] [--seed 1] [--json]
 *
 * Variants: `none` (customer features only: the default before the context was adopted), `w`
 * (+ window), `ws` (+ window and season: what `aether train` fits, context columns that are the
 * same on every training row left out).
 */
import { CONTEXT_WINDOW, informativeColumns, isContextFeature } from '../src/causal/campaign-context.ts';
import { fitUpliftAsync } from '../src/causal/fit-uplift.ts';
import {
  type ExposureData,
  frameToRawColumns,
  loadExposureData,
} from '../src/causal/pipeline/exposure-data.ts';
import { loadTruthProbabilities, truePolicyValues } from '../src/causal/pipeline/simulator-truth.ts';
import { argmax, pooledArmLift } from '../src/causal/pipeline/training-data-summary.ts';
import { recommend } from '../src/causal/policy/recommend.ts';
import { applyBinning, fitBinning, type RawColumn } from '../src/causal/trees/binning.ts';
import { openStore } from '../src/store/open.ts';

const args = process.argv.slice(2);
const flag = (name: string): string | undefined => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 ? args[i + 1] : undefined;
};
const db = flag('db');
if (!db) {
  process.stderr.write(
    'usage: npm run -s bench -- context-features --db PATH [--variants none,w,ws] [--json]\n',
  );
  process.exit(2);
}
const variants = (flag('variants') ?? 'none,ws').split(',');
const seed = Number(flag('seed') ?? 1);

const store = await openStore(db, { readOnly: true });
const train = await loadExposureData(store, { kind: 'training' }, { shippingCost: 7.95 });
const holdout = await loadExposureData(store, { kind: 'evaluation' }, { shippingCost: 7.95 });
const truth = await loadTruthProbabilities(store, holdout);
await store.close();
if (!truth) throw new Error('no simulator truth for the held-out exposures: a simulated data set is needed');

/** The loader's columns, less the context columns the variant leaves out. */
function columns(d: ExposureData, variant: string): RawColumn[] {
  return frameToRawColumns(d.frame).filter(
    (c) =>
      !isContextFeature(c.name) ||
      (c.name === CONTEXT_WINDOW ? variant.includes('w') : variant.includes('s')),
  );
}

const y = train.outcomes.converted;
const bestSingle = argmax(pooledArmLift(train.arm, train.campaign, y, train.armNames.length));

const results = [];
for (const variant of variants) {
  const raw = informativeColumns(columns(train, variant));
  const binning = fitBinning(raw);
  const model = await fitUpliftAsync(
    {
      X: applyBinning(binning, raw),
      arm: train.arm,
      armNames: train.armNames,
      y,
      propensity: train.propensity,
    },
    { seed, threads: 2 } as Parameters<typeof fitUpliftAsync>[1],
  );
  // The policy "best predicted positive uplift": recommend() with no costs.
  const policy = recommend(model.predict(applyBinning(binning, frameToRawColumns(holdout.frame)))).arm;
  const values = truePolicyValues(truth, policy, bestSingle);
  const r = {
    variant,
    context_features: binning.filter((b) => isContextFeature(b.name)).map((b) => b.name),
    oracle_incremental_share: values.oracleIncrementalShare,
    headroom_captured: values.headroomCaptured,
  };
  process.stderr.write(`context-features: ${JSON.stringify(r)}\n`);
  results.push(r);
}
const doc = {
  date: new Date().toISOString(),
  db,
  seed,
  training_rows: train.rowCount,
  holdout_rows: holdout.rowCount,
  results,
};
if (args.includes('--json')) process.stdout.write(`${JSON.stringify(doc, null, 2)}\n`);
