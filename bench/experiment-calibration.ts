/**
 * How large are the default learner's per-row uplifts on imported randomised experiments, against
 * the planted truth? `npm run bench -- experiment-calibration [--shapes megafon,email,...]
 * [--rows 5000,20000] [--seeds 1,2,3] [--variants default,...] [--json]`.
 *
 * For each shape file of src/test-support/experiment-shapes.ts (imported as `aether import
 * experiment` would), a seeded 30% is held out, each variant is fitted on the rest and measured on
 * the held-out rows: per treated arm the slope of the planted uplift on the predicted one (1 =
 * right size; 2 = predictions half the planted size) and their correlation; the planted value of
 * the policy (each row's best predicted arm, no cost) and of the profit policy (treat only where
 * the predicted uplift beats a cost per treated row of half the largest planted uplift), against
 * the oracle's; whether the held-out DR value of the policy (normal interval) covers its planted
 * value.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { calibrateByBlp, crossFittedBlp } from '../src/causal/calibrate-uplift.ts';
import { aipwScores, armMeans } from '../src/causal/evaluate/aipw.ts';
import { type FitUpliftOptions, fitUplift } from '../src/causal/fit-uplift.ts';
import type { TLearnerOptions } from '../src/causal/learners/t-learner.ts';
import type { UpliftDataset, UpliftModel, UpliftPrediction } from '../src/causal/learners/types.ts';
import { experimentLearnerOptions } from '../src/causal/pipeline/experiment-model.ts';
import { recommend } from '../src/causal/policy/recommend.ts';
import { applyBinning, fitBinning, takeRows } from '../src/causal/trees/binning.ts';
import { Rng } from '../src/core/rng.ts';
import { importExperiment, loadExperiment } from '../src/import/experiment.ts';
import { openStore } from '../src/store/open.ts';
import {
  EXPERIMENT_SHAPES,
  type ExperimentShapeName,
  shapeImportOptions,
} from '../src/test-support/experiment-shapes.ts';
import { slopeAndCorrelation } from '../src/test-support/shape-run.ts';

const arg = (name: string) => {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? process.argv[i + 1] : undefined;
};
const list = (name: string, fallback: string) => (arg(name) ?? fallback).split(',');
const shapes = list('shapes', 'megafon,email,hillstrom,x5') as ExperimentShapeName[];
const sizes = list('rows', '5000,20000').map(Number);
const seeds = list('seeds', '1,2,3').map(Number);

interface Variant {
  opts: (d: UpliftDataset) => FitUpliftOptions;
  blp?: boolean;
}
/** The flat-experiment default before EXPERIMENT_ARM_GBDT, with these arm-model settings over it. */
const before = (armGbdt: TLearnerOptions['armGbdt']) =>
  experimentLearnerOptions('t', {
    armGbdt: { cvFolds: 0, fitInitOffset: false, ...armGbdt },
  }) as FitUpliftOptions;

const VARIANTS: Record<string, Variant> = {
  default: { opts: () => ({}) },
  lr10: { opts: () => ({ gbdt: { learningRate: 0.1 } }) },
  armLr10: { opts: () => ({ armGbdt: { learningRate: 0.1 } }) },
  armLr20: { opts: () => ({ armGbdt: { learningRate: 0.2 } }) },
  armEs50: { opts: () => ({ armGbdt: { earlyStoppingRounds: 50 } }) },
  noBase: { opts: () => ({ sharedBase: false }) },
  leaf100: { opts: () => ({ gbdt: { minDataInLeaf: 100 } }) },
  leafArm8: { opts: (d) => ({ gbdt: { minDataInLeaf: Math.max(50, Math.floor(smallestArm(d) / 8)) } }) },
  blp: { opts: () => ({}), blp: true },
  ctrlBase: { opts: () => ({ sharedBase: 'control' }) },
  /** The flat-experiment default now (experimentLearnerOptions of the T-learner). */
  exp: { opts: () => experimentLearnerOptions('t') as FitUpliftOptions },
  /**
   * The flat-experiment default before 2026-11-28 18:00 UTC: arm models early-stopped on one
   * held-out 15% and started at the control base alone (`exp` in the runs of that day's eleventh
   * session, docs/uplift-pipeline.md).
   */
  expBefore: { opts: () => before({}) },
  expLr10: { opts: () => before({ learningRate: 0.1 }) },
  expLr20: { opts: () => before({ learningRate: 0.2 }) },
  expEs50: { opts: () => before({ earlyStoppingRounds: 50 }) },
  expVal30: { opts: () => before({ validationFraction: 0.3 }) },
  expOffset: { opts: () => before({ fitInitOffset: true }) },
  expCv3: { opts: () => before({ cvFolds: 3 }) },
  expCv5: { opts: () => before({ cvFolds: 5 }) },
  expCv5Offset: { opts: () => before({ cvFolds: 5, fitInitOffset: true }) },
  ctrlBaseBlp: { opts: () => ({ sharedBase: 'control' }), blp: true },
  ctrlLr10: { opts: () => ({ sharedBase: 'control', armGbdt: { learningRate: 0.1 } }) },
  ctrlEs50: { opts: () => ({ sharedBase: 'control', armGbdt: { earlyStoppingRounds: 50 } }) },
  ctrlNoEs: {
    opts: () => ({ sharedBase: 'control', armGbdt: { earlyStoppingRounds: 0, nEstimators: 100 } }),
  },
  ctrlLeaf300: { opts: () => ({ sharedBase: 'control', gbdt: { minDataInLeaf: 300 } }) },
  noBaseBlp: { opts: () => ({ sharedBase: false }), blp: true },
  armLr20blp: { opts: () => ({ armGbdt: { learningRate: 0.2 } }), blp: true },
};
const variants = list('variants', Object.keys(VARIANTS).join(','));

function smallestArm(d: UpliftDataset): number {
  const c = new Map<number, number>();
  for (const a of d.arm) c.set(a, (c.get(a) ?? 0) + 1);
  return Math.min(...c.values());
}

/** Trees per arm model of a T-learner (null for other learners): how far early stopping let each run. */
function armRounds(model: UpliftModel): (number | null)[] | null {
  const models = (model as { models?: ({ trees: unknown[] } | null)[] }).models;
  return models ? models.map((m) => (m ? m.trees.length : null)) : null;
}

const pick = <T extends Float64Array | Int32Array>(a: T, rows: Uint32Array): T =>
  (a.constructor as unknown as { from(x: ArrayLike<number>): T }).from(Array.from(rows, (i) => a[i]));

const out: Record<string, unknown>[] = [];
const dir = mkdtempSync(join(tmpdir(), 'aether-calib-'));
const started = process.cpuUsage();
try {
  for (const shape of shapes)
    for (const n of sizes)
      for (const seed of seeds) {
        const file = EXPERIMENT_SHAPES[shape](n, seed);
        const path = join(dir, `${shape}.csv`);
        writeFileSync(path, file.text);
        const store = await openStore(':memory:');
        const imp = await importExperiment(store, path, shapeImportOptions(file.args));
        const data = await loadExperiment(store, imp.experiment_id);
        await store.close();
        const order = new Rng(Rng.derive(seed, 'bench-holdout').nextUint32()).shuffle(
          Array.from({ length: n }, (_, i) => i),
        );
        const test = Uint32Array.from(order.slice(0, Math.round(n * 0.3))).sort();
        const train = Uint32Array.from(order.slice(Math.round(n * 0.3))).sort();
        const binning = fitBinning(data.features);
        const X = applyBinning(binning, data.features, n);
        const d: UpliftDataset = {
          X: takeRows(X, train),
          arm: pick(data.arm, train),
          armNames: data.armNames,
          y: pick(data.outcome, train),
          propensity: pick(data.propensity, train),
        };
        const Xtest = takeRows(X, test);
        const K = data.armNames.length - 1;
        const planted = Array.from({ length: K }, (_, k) =>
          Float64Array.from(
            test,
            (i) =>
              ((file.truth[k + 1] as Float64Array)[i] as number) -
              ((file.truth[0] as Float64Array)[i] as number),
          ),
        );
        let maxUplift = 0;
        for (const p of planted) for (const v of p) maxUplift = Math.max(maxUplift, v);
        const cost = maxUplift / 2;
        const truthAt = (arm: Int32Array, net: boolean) => {
          let s = 0;
          for (let j = 0; j < arm.length; j++)
            s +=
              ((file.truth[arm[j] as number] as Float64Array)[test[j] as number] as number) -
              (net && arm[j] ? cost : 0);
          return s / arm.length;
        };
        const oracle = (net: boolean) => {
          let s = 0;
          for (const i of test) {
            let best = (file.truth[0] as Float64Array)[i] as number;
            for (let a = 1; a <= K; a++)
              best = Math.max(best, ((file.truth[a] as Float64Array)[i] as number) - (net ? cost : 0));
            s += best;
          }
          return s / test.length;
        };
        const yTest = pick(data.outcome, test);
        const armTest = pick(data.arm, test);
        const pTest = pick(data.propensity, test);
        for (const v of variants) {
          const variant = VARIANTS[v];
          if (!variant) throw new Error(`unknown variant ${v}`);
          const t0 = process.cpuUsage();
          const opts = { ...variant.opts(d), seed } as FitUpliftOptions;
          const model: UpliftModel = fitUplift(d, opts);
          let pred: UpliftPrediction = model.predict(Xtest);
          let blp: unknown = null;
          if (variant.blp) {
            const fit = crossFittedBlp(d, (half) => fitUplift(half, opts), seed);
            blp = fit;
            pred = calibrateByBlp(pred, fit);
          }
          const cpu = (process.cpuUsage(t0).user + process.cpuUsage(t0).system) / 1e6;
          const arms = planted.map((p, k) => slopeAndCorrelation(pred.uplift[k] as Float64Array, p));
          const policy = recommend(pred).arm;
          const profit = recommend(pred, { fixedCost: Array.from({ length: K }, () => cost) }).arm;
          const gamma = aipwScores(armTest, yTest, pTest, armMeans(pred));
          let s = 0;
          let s2 = 0;
          for (let j = 0; j < test.length; j++) {
            const g = (gamma[policy[j] as number] as Float64Array)[j] as number;
            s += g;
            s2 += g * g;
          }
          const m = s / test.length;
          const se = Math.sqrt((s2 / test.length - m * m) / test.length);
          const truth = truthAt(policy, false);
          const row = {
            shape,
            rows: n,
            seed,
            variant: v,
            slope: arms.map((a) => a.slope),
            corr: arms.map((a) => a.corr),
            policy_truth: truth,
            oracle: oracle(false),
            nobody: truthAt(new Int32Array(test.length), false),
            profit_truth: truthAt(profit, true),
            profit_oracle: oracle(true),
            dr: m,
            dr_covers: Math.abs(m - truth) <= 1.96 * se,
            rounds: armRounds(model),
            cpu_s: cpu,
            blp,
          };
          out.push(row);
          process.stderr.write(
            `${shape} n=${n} seed=${seed} ${v}: slope ${arms.map((a) => a.slope?.toFixed(2)).join('/')} corr ${arms
              .map((a) => a.corr?.toFixed(2))
              .join(
                '/',
              )} policy ${truth.toFixed(4)} (oracle ${row.oracle.toFixed(4)}, nobody ${row.nobody.toFixed(4)}) profit ${row.profit_truth.toFixed(4)} (oracle ${row.profit_oracle.toFixed(4)}) dr ${row.dr_covers ? 'covers' : 'MISSES'} rounds ${row.rounds?.join('/')} ${cpu.toFixed(1)} s\n`,
          );
        }
      }
} finally {
  rmSync(dir, { recursive: true, force: true });
}
const cpu = process.cpuUsage(started);
if (process.argv.includes('--json'))
  process.stdout.write(`${JSON.stringify({ cpu_s: (cpu.user + cpu.system) / 1e6, runs: out })}\n`);
