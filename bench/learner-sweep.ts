/**
 * A model-selection sweep on a simulated data set: every learner configuration given is fitted on
 * the training campaigns (the same seeded sample `aether train` learns from) and its policy "best
 * predicted positive uplift" is scored on the reserved all-trigger campaign with the simulator's
 * TRUE probabilities: oracle incremental share, headroom over the best single trigger (chosen on
 * training data), uplift RMSE against the truth, and fit / predict times.
 *
 *   npm run -s bench -- learner-sweep --db PATH [--configs JSON] [--max-rows N] [--cache DIR] [--json]
 *
 * --configs is a JSON array of fitUplift options, e.g. '[{"learner":"forest"},{"learner":"t"}]'
 * (default: every learner with its defaults). --cache keeps the loaded exposures in DIR, keyed by
 * the database's size and time, so repeated sweeps skip the point-in-time features.
 * --no-context leaves out the campaign-context columns (window and season) that the default model
 * learns from (src/causal/campaign-context.ts), to compare with the model without them.
 */
import { existsSync, mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { deserialize, serialize } from 'node:v8';
import { informativeColumns, isContextFeature } from '../src/causal/campaign-context.ts';
import { type FitUpliftOptions, fitUpliftAsync } from '../src/causal/fit-uplift.ts';
import {
  customerGroups,
  type ExposureData,
  frameToRawColumns,
  loadExposureData,
} from '../src/causal/pipeline/exposure-data.ts';
import { loadTruthProbabilities, truePolicyValues } from '../src/causal/pipeline/simulator-truth.ts';
import { DEFAULT_MAX_TRAINING_ROWS } from '../src/causal/pipeline/train-uplift.ts';
import { argmax, pooledArmLift } from '../src/causal/pipeline/training-data-summary.ts';
import { recommend } from '../src/causal/policy/recommend.ts';
import { applyBinning, fitBinning } from '../src/causal/trees/binning.ts';
import { openStore } from '../src/store/open.ts';

const args = process.argv.slice(2);
const flag = (name: string): string | undefined => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 ? args[i + 1] : undefined;
};
const db = flag('db');
if (!db) {
  process.stderr.write('usage: npm run -s bench -- learner-sweep --db PATH [--configs JSON] [--json]\n');
  process.exit(2);
}
const configs: FitUpliftOptions[] = JSON.parse(
  flag('configs') ?? '[{"learner":"forest"},{"learner":"t"},{"learner":"x"},{"learner":"dr"}]',
);
const maxRows = Number(flag('max-rows') ?? DEFAULT_MAX_TRAINING_ROWS);
const seed = Number(flag('seed') ?? 1);
const cacheDir = flag('cache');
const withContext = !args.includes('--no-context');

interface Loaded {
  train: ExposureData;
  holdout: ExposureData;
  truth: Float64Array[];
}

async function load(): Promise<Loaded> {
  const st = statSync(db as string);
  const cacheFile = cacheDir
    ? join(cacheDir, `sweep-ctx-${st.size}-${Math.floor(st.mtimeMs)}-${maxRows}-${seed}.v8`)
    : null;
  if (cacheFile && existsSync(cacheFile)) {
    process.stderr.write(`learner-sweep: exposures from ${cacheFile}\n`);
    return deserialize(readFileSync(cacheFile)) as Loaded;
  }
  const store = await openStore(db as string);
  const train = await loadExposureData(store, { kind: 'training' }, { shippingCost: 7.95, maxRows, seed });
  const holdout = await loadExposureData(store, { kind: 'evaluation' }, { shippingCost: 7.95 });
  const truth = await loadTruthProbabilities(store, holdout);
  await store.close();
  if (!truth)
    throw new Error('no simulator truth for the held-out exposures: a simulated data set is needed');
  const loaded = { train, holdout, truth };
  if (cacheFile) {
    mkdirSync(cacheDir as string, { recursive: true });
    writeFileSync(cacheFile, serialize(loaded));
  }
  return loaded;
}

/**
 * Trees kept per boosted model of a T-learner (null for an arm not fitted), or per effect model of
 * the DR- and R-learners; {} for other learners.
 */
function treeCounts(model: unknown): { base_trees?: number; trees_per_arm?: (number | null)[] } {
  const m = model as { models?: unknown; effects?: unknown; base?: { trees: unknown[] } | null };
  if (Array.isArray(m.effects))
    return {
      trees_per_arm: (m.effects as ({ trees: unknown[] } | null)[]).map((a) => (a ? a.trees.length : null)),
    };
  if (!Array.isArray(m.models)) return {};
  return {
    base_trees: m.base ? m.base.trees.length : undefined,
    trees_per_arm: (m.models as ({ trees: unknown[] } | null)[]).map((a) => (a ? a.trees.length : null)),
  };
}

const { train, holdout, truth } = await load();
// As `aether train`: the context columns where the training campaigns differ in them.
const rawTrain = informativeColumns(frameToRawColumns(train.frame)).filter(
  (c) => withContext || !isContextFeature(c.name),
);
const binning = fitBinning(rawTrain);
const X = applyBinning(binning, rawTrain);
const Xh = applyBinning(binning, frameToRawColumns(holdout.frame));
const y = train.outcomes.converted;
const K1 = train.armNames.length;
const bestSingle = argmax(pooledArmLift(train.arm, train.campaign, y, K1));
const n = holdout.rowCount;

// Treating nobody, the best single arm and the oracle: the same for every configuration.
const references = truePolicyValues(truth, new Int32Array(n), bestSingle);
const results = [];
for (const config of configs) {
  const t0 = process.hrtime.bigint();
  const model = await fitUpliftAsync(
    {
      X,
      arm: train.arm,
      armNames: train.armNames,
      y,
      propensity: train.propensity,
      // As aether train: a customer's exposures stay together when a config with bags halves the rows.
      group: customerGroups(train.customerIds),
      // As aether train: the campaigns, from which the DR-learner reads which arms each row could
      // have received and the R-learner each campaign's assignment probabilities (the T-learner
      // does not read them).
      campaign: train.campaign,
    },
    { seed, threads: 2, ...config } as FitUpliftOptions & { threads: number },
  );
  const t1 = process.hrtime.bigint();
  const pred = model.predict(Xh);
  const t2 = process.hrtime.bigint();
  // The policy "best predicted positive uplift": recommend() with no costs.
  const values = truePolicyValues(truth, recommend(pred).arm, bestSingle);
  let sq = 0;
  const meanPredicted = new Float64Array(K1 - 1);
  const meanTrue = new Float64Array(K1 - 1);
  for (let i = 0; i < n; i++) {
    for (let k = 0; k < K1 - 1; k++) {
      const u = pred.uplift[k][i];
      const err = u - (truth[k + 1][i] - truth[0][i]);
      sq += err * err;
      meanPredicted[k] += u / n;
      meanTrue[k] += (truth[k + 1][i] - truth[0][i]) / n;
    }
  }
  const r = {
    config,
    oracle_incremental_share: values.oracleIncrementalShare,
    headroom_captured: values.headroomCaptured,
    policy_true_value: values.policy,
    uplift_rmse: Math.sqrt(sq / (n * (K1 - 1))),
    // Where a learner is biased per arm (e.g. campaigns of different seasons pooled badly).
    mean_uplift_by_arm: Object.fromEntries(
      train.armNames.slice(1).map((a, k) => [a, { predicted: meanPredicted[k], true: meanTrue[k] }]),
    ),
    // Where early stopping halted each model (T-learner: the shared base and each arm's model).
    ...treeCounts(model),
    fit_seconds: Number(t1 - t0) / 1e9,
    predict_seconds: Number(t2 - t1) / 1e9,
  };
  process.stderr.write(`${JSON.stringify(r)}\n`);
  results.push(r);
}
const out = {
  date: new Date().toISOString(),
  db,
  training_rows: train.rowCount,
  holdout_rows: n,
  features: binning.length,
  context_features: binning.filter((b) => isContextFeature(b.name)).map((b) => b.name),
  best_single_arm: train.armNames[bestSingle],
  treat_nobody_true_value: references.treatNobody,
  best_single_true_value: references.bestSingle,
  oracle_value: references.oracle,
  results,
};
process.stdout.write(`${JSON.stringify(out, null, args.includes('--json') ? 2 : 0)}\n`);
