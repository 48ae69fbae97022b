/**
 * Small imported experiments, the whole train path (`trainExperimentModel`: the cross-fitted check
 * of personalising, then the model), under several learner settings:
 * `npm run bench -- experiment-small-files [--shapes email,megafon,x5,email-none,email-uniform]
 * [--rows 2000,4000,8000] [--seeds 1,2,3] [--variants current,...] [--json]`.
 *
 * Per file: the policy mode (personalised or the best single arm for everyone), the planted value
 * of what is recommended on the held-out rows against the oracle's and the best single arm's, the
 * share of held-out rows given their truly best arm, and whether the DR interval covers the planted
 * value. `email-none` (no effect) and `email-uniform` (+$5 of the discount for everyone) have no
 * heterogeneity: personalising there follows noise.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { FitUpliftOptions } from '../src/causal/fit-uplift.ts';
import { scoreExperiment, trainExperimentModel } from '../src/causal/pipeline/experiment-model.ts';
import { importExperiment } from '../src/import/experiment.ts';
import { openStore } from '../src/store/open.ts';
import {
  EXPERIMENT_SHAPES,
  type ExperimentShapeName,
  emailShape,
  type ShapeFile,
  shapeImportOptions,
} from '../src/test-support/experiment-shapes.ts';
import { checkShapeRun } from '../src/test-support/shape-run.ts';

const arg = (name: string) => {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? process.argv[i + 1] : undefined;
};
const list = (name: string, fallback: string) => (arg(name) ?? fallback).split(',');
const shapes = list('shapes', 'email,megafon,x5,email-none,email-uniform');
const sizes = list('rows', '2000,4000,8000').map(Number);
const seeds = list('seeds', '1,2,3').map(Number);

const VARIANTS: Record<string, Partial<FitUpliftOptions>> = {
  /** The learner's defaults as they were (pooled base, leaves of at least 300 rows). */
  current: { sharedBase: true, leafFloor: 300 },
  ctrl: { sharedBase: 'control', leafFloor: 300 },
  ctrl100: { sharedBase: 'control', leafFloor: 100 },
  ctrl50: { sharedBase: 'control', leafFloor: 50 },
  pooled100: { sharedBase: true, leafFloor: 100 },
  /** Whatever the flat-experiment defaults are now (experimentLearnerOptions). */
  now: {},
  /**
   * The flat-experiment default before EXPERIMENT_ARM_GBDT (2026-11-28 18:00 UTC): arm models
   * early-stopped on one held-out 15%, starting at the control base alone (`now` in that day's
   * eleventh-session runs, docs/uplift-pipeline.md).
   */
  before: { armGbdt: { cvFolds: 0, fitInitOffset: false } },
  /** The arm models' rounds chosen on 5 folds (GbdtOptions.cvFolds), no offset. */
  cv5: { armGbdt: { cvFolds: 5, fitInitOffset: false } },
  /** The same, each arm model starting from its mean departure from the base: EXPERIMENT_ARM_GBDT. */
  cv5Offset: { armGbdt: { cvFolds: 5, fitInitOffset: true } },
};
const variants = list('variants', 'current,ctrl,ctrl100,ctrl50');

function shapeFile(name: string, n: number, seed: number): ShapeFile {
  if (name === 'email-none') return emailShape(n, seed, 15, 'none');
  if (name === 'email-uniform') return emailShape(n, seed, 15, 'uniform');
  return EXPERIMENT_SHAPES[name as ExperimentShapeName](n, seed);
}

const out: Record<string, unknown>[] = [];
const dir = mkdtempSync(join(tmpdir(), 'aether-small-'));
const started = process.cpuUsage();
try {
  for (const shape of shapes)
    for (const n of sizes)
      for (const seed of seeds) {
        const file = shapeFile(shape, n, seed);
        const path = join(dir, 'file.csv');
        writeFileSync(path, file.text);
        const store = await openStore(':memory:');
        try {
          const imp = await importExperiment(store, path, shapeImportOptions(file.args));
          for (const v of variants) {
            const t0 = process.cpuUsage();
            const r = await trainExperimentModel(store, imp.experiment_id, {
              seed,
              learnerOptions: VARIANTS[v],
            });
            const csv = join(dir, 'scores.csv');
            await scoreExperiment(store, imp.experiment_id, csv);
            const c = checkShapeRun(file, r.evaluation as unknown as Record<string, unknown>, csv);
            const cpu = process.cpuUsage(t0);
            const row = {
              shape,
              rows: n,
              seed,
              variant: v,
              policy: r.policy,
              gain: r.personalisation_gain.value,
              gain_se: r.personalisation_gain.se,
              truth: c.policy_true_value,
              oracle: c.oracle_true_value,
              best_single: c.best_single_true_value,
              nobody: c.treat_nobody_true_value,
              counts: c.policy_counts,
              dr_covers: c.dr_covers_truth,
              cpu_s: (cpu.user + cpu.system) / 1e6,
            };
            out.push(row);
            process.stderr.write(
              `${shape} n=${n} seed=${seed} ${v}: ${r.policy} gain ${r.personalisation_gain.value.toPrecision(2)} se ${r.personalisation_gain.se.toPrecision(2)} truth ${c.policy_true_value.toFixed(4)} (oracle ${c.oracle_true_value.toFixed(4)}, single ${c.best_single_true_value.toFixed(4)}, nobody ${c.treat_nobody_true_value.toFixed(4)}) ${JSON.stringify(c.policy_counts)} dr ${c.dr_covers_truth ? 'covers' : 'MISSES'}\n`,
            );
          }
        } finally {
          await store.close();
        }
      }
} finally {
  rmSync(dir, { recursive: true, force: true });
}
const cpu = process.cpuUsage(started);
if (process.argv.includes('--json'))
  process.stdout.write(`${JSON.stringify({ cpu_s: (cpu.user + cpu.system) / 1e6, runs: out })}\n`);
