/**
 * Causal core benchmark (issue 4): quality of each learner on synthetic uplift problems with known
 * answers, and time / peak memory of the default learner at 1M rows x 40 features x 11 arms.
 *
 *   npm run bench -- causal-core [--part quality|scale|policy|all] [--threads 2] [--policy-n 100000]
 *                                [--n 1000000] [--quality-n 50000]
 *                                [--learners t,x,dr,forest,forest-cts] [--seeds 1,2] [--json]
 *
 * Progress goes to stderr; with --json one JSON document goes to stdout.
 */
import os from 'node:os';
import { aipwScores } from '../src/causal/evaluate/aipw.ts';
import { qiniByArm } from '../src/causal/evaluate/qini.ts';
import { DEFAULT_LEARNER, type FitUpliftOptions, fitUplift } from '../src/causal/fit-uplift.ts';
import { UpliftForest } from '../src/causal/forest/uplift-forest.ts';
import { TLearner } from '../src/causal/learners/t-learner.ts';
import type { UpliftPrediction } from '../src/causal/learners/types.ts';
import { PolicyTree } from '../src/causal/policy/policy-tree.ts';
import { recommend } from '../src/causal/policy/recommend.ts';
import { makeUpliftProblem, type SyntheticProblem } from '../src/causal/synthetic.ts';

const args = process.argv.slice(2);
const arg = (name: string, dflt: string) => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 && args[i + 1] ? (args[i + 1] as string) : dflt;
};
const json = args.includes('--json');
const part = arg('part', 'all');
const log = (msg: string) => process.stderr.write(`[causal-core] ${msg}\n`);

const LEARNERS: Record<string, FitUpliftOptions> = {
  t: { learner: 't' },
  't-shared': { learner: 't', sharedBase: true },
  x: { learner: 'x' },
  dr: { learner: 'dr' },
  forest: { learner: 'forest', criterion: 'kl', nTrees: 100 },
  'forest-cts': { learner: 'forest', criterion: 'cts', nTrees: 100 },
  'forest-honest': { learner: 'forest', criterion: 'cts', nTrees: 100, honest: true },
};

/** CPU seconds of this process since `from`: the honest figure when other jobs share the cores. */
function cpuSince(from: NodeJS.CpuUsage): number {
  const d = process.cpuUsage(from);
  return (d.user + d.system) / 1e6;
}

function policyTrueValue(arm: Int32Array, p: SyntheticProblem): number {
  let s = 0;
  for (let i = 0; i < arm.length; i++) s += p.trueMean[arm[i] as number]![i] as number;
  return s / arm.length;
}

function qualityOf(pred: UpliftPrediction, test: SyntheticProblem) {
  const n = test.X.nRows;
  const K = pred.uplift.length;
  let se = 0;
  for (let k = 0; k < K; k++) {
    const u = pred.uplift[k]!;
    const t = test.trueUplift[k]!;
    for (let i = 0; i < n; i++) se += (u[i]! - t[i]!) ** 2;
  }
  const rmse = Math.sqrt(se / (n * K));
  const policy = recommend(pred).arm;
  const oracle = new Int32Array(n);
  for (let i = 0; i < n; i++) {
    let best = 0;
    for (let a = 1; a <= K; a++) if (test.trueMean[a]![i]! > test.trueMean[best]![i]!) best = a;
    oracle[i] = best;
  }
  const control = policyTrueValue(new Int32Array(n), test);
  let bestSingle = control;
  let bestSingleArm = 0;
  for (let a = 1; a <= K; a++) {
    const v = policyTrueValue(new Int32Array(n).fill(a), test);
    if (v > bestSingle) {
      bestSingle = v;
      bestSingleArm = a;
    }
  }
  const vPolicy = policyTrueValue(policy, test);
  const vOracle = policyTrueValue(oracle, test);
  const qini = qiniByArm(pred.uplift, test.data.arm, test.data.y, { propensity: test.data.propensity });
  const harmfulArm = K; // the mixed scenario's last arm harms everyone
  let harmfulTreated = 0;
  for (let i = 0; i < n; i++) if (policy[i] === harmfulArm) harmfulTreated++;
  return {
    upliftRmse: rmse,
    policyTrueValue: vPolicy,
    oracleValue: vOracle,
    controlValue: control,
    bestSingleArm,
    bestSingleValue: bestSingle,
    oracleIncrementalShare: (vPolicy - control) / (vOracle - control),
    headroomCaptured: (vPolicy - bestSingle) / (vOracle - bestSingle),
    meanQiniNormalized: qini.reduce((s, q) => s + q.qiniNormalized, 0) / qini.length,
    harmfulArmRows: harmfulTreated,
  };
}

function quality() {
  const n = Number(arg('quality-n', '50000'));
  const learners = arg('learners', 't,x,dr,forest,forest-cts').split(',');
  const seeds = arg('seeds', '1,2').split(',').map(Number);
  const results: Record<string, unknown>[] = [];
  for (const seed of seeds) {
    const problem = { n, arms: 10, nNumeric: 19, scenario: 'mixed' as const, campaigns: 6, confounding: 1 };
    const train = makeUpliftProblem({ ...problem, seed: `train:${seed}` });
    const test = makeUpliftProblem({ ...problem, seed: `test:${seed}`, binning: train.X.binning });
    for (const name of learners) {
      const opts = LEARNERS[name];
      if (!opts) throw new Error(`unknown learner ${name}`);
      const c0 = process.cpuUsage();
      const t0 = performance.now();
      const model = fitUplift(train.data, { ...opts, seed } as FitUpliftOptions);
      const fitSeconds = (performance.now() - t0) / 1000;
      const fitCpuSeconds = cpuSince(c0);
      const t1 = performance.now();
      const pred = model.predict(test.X);
      const predictSeconds = (performance.now() - t1) / 1000;
      const q = qualityOf(pred, test);
      const row = { seed, learner: name, fitSeconds, fitCpuSeconds, predictSeconds, ...q };
      log(JSON.stringify(row));
      results.push(row);
    }
  }
  return { rows: n, arms: 10, features: 20, scenario: 'mixed, 6 campaigns, confounding 1', results };
}

async function scale() {
  const n = Number(arg('n', '1000000'));
  // The default learner is the CTS forest ('forest' in this table is the KL one).
  const learner = arg('learner', DEFAULT_LEARNER === 'forest' ? 'forest-cts' : DEFAULT_LEARNER);
  const opts = LEARNERS[learner];
  if (!opts) throw new Error(`unknown learner ${learner}`);
  log(`generating ${n} rows x 40 features x 11 arms`);
  let t = performance.now();
  const problem = { n, arms: 10, nNumeric: 39, scenario: 'mixed' as const, campaigns: 6, confounding: 1 };
  const train = makeUpliftProblem({ ...problem, seed: 'scale-train' });
  const generateSeconds = (performance.now() - t) / 1000;
  log(`generated in ${generateSeconds.toFixed(1)} s; fitting ${learner}`);
  t = performance.now();
  let c0 = process.cpuUsage();
  // --threads N: the T-learner's arm models fitted and predicted in N worker threads.
  const threads = Number(arg('threads', '0'));
  const model =
    threads > 0 && learner === 't'
      ? await TLearner.fitAsync(train.data, { seed: 1, threads })
      : threads > 0 && opts.learner === 'forest'
        ? await UpliftForest.fitAsync(train.data, { ...opts, seed: 1, threads })
        : fitUplift(train.data, { ...opts, seed: 1 } as FitUpliftOptions);
  const fitSeconds = (performance.now() - t) / 1000;
  const fitCpuSeconds = cpuSince(c0);
  log(`fitted in ${fitSeconds.toFixed(1)} s`);
  const score = makeUpliftProblem({ ...problem, seed: 'scale-score', binning: train.X.binning });
  t = performance.now();
  c0 = process.cpuUsage();
  const pred =
    threads > 0 && model instanceof TLearner
      ? await model.predictAsync(score.X, threads)
      : model.predict(score.X);
  const predictSeconds = (performance.now() - t) / 1000;
  const predictCpuSeconds = cpuSince(c0);
  log(`predicted ${n} x ${pred.uplift.length} arms in ${predictSeconds.toFixed(1)} s`);
  const q = qualityOf(pred, score);
  const trees =
    'models' in model
      ? model.models.map((m) => (m ? m.trees.length : 0))
      : 'trees' in model
        ? [model.trees.length]
        : [];
  return {
    rows: n,
    features: train.X.columns.length,
    arms: 11,
    learner,
    threads,
    generateSeconds,
    fitSeconds,
    fitCpuSeconds,
    predictSeconds,
    predictCpuSeconds,
    loadAverage: os.loadavg(),
    treesPerModel: trees,
    peakRssMiB: Math.round(process.resourceUsage().maxRSS / 1024),
    quality: q,
  };
}

function policyTreeTiming() {
  const n = Number(arg('policy-n', '100000'));
  const problem = { n, arms: 10, nNumeric: 39, scenario: 'mixed' as const, campaigns: 6, confounding: 1 };
  const p = makeUpliftProblem({ ...problem, seed: 'policy' });
  // DR scores with the true arm means as the outcome model (the timing does not depend on mu).
  const gamma = aipwScores(p.data.arm, p.data.y, p.data.propensity, p.trueMean);
  const results: Record<string, unknown>[] = [];
  for (const depth of [2, 3] as const) {
    const c0 = process.cpuUsage();
    const t0 = performance.now();
    const tree = PolicyTree.fit(p.X, gamma, { depth });
    const seconds = (performance.now() - t0) / 1000;
    const row = {
      rows: n,
      features: p.X.columns.length,
      arms: 11,
      depth,
      seconds,
      cpuSeconds: cpuSince(c0),
      leaves: tree.leaves.length,
      policyTrueValue: policyTrueValue(tree.predict(p.X), p),
    };
    log(JSON.stringify(row));
    results.push(row);
  }
  return results;
}

const out: Record<string, unknown> = {
  date: new Date().toISOString(),
  machine: `${os.cpus().length} cores (${os.cpus()[0]?.model ?? 'cpu'}), ${Math.round(os.totalmem() / 2 ** 30)} GiB, node ${process.version}`,
};
if (part === 'quality' || part === 'all') out.quality = quality();
if (part === 'scale' || part === 'all') out.scale = await scale();
if (part === 'policy' || part === 'all') out.policyTree = policyTreeTiming();
if (json) process.stdout.write(`${JSON.stringify(out, null, 2)}\n`);
else log(JSON.stringify(out, null, 2));
