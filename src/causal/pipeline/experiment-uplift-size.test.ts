import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { importExperiment } from '../../import/experiment.ts';
import type { DuckDbStore } from '../../store/duckdb-store.ts';
import { openStore } from '../../store/open.ts';
import { emailShape, megafonShape, type ShapeFile } from '../../test-support/experiment-shapes.ts';
import { evaluateExperimentModel, scoreExperiment, trainExperimentModel } from './experiment-model.ts';

/**
 * The per-row uplifts of the default learner on an imported experiment are at the planted size,
 * not shrunk toward 0 (they were 35–60% smaller with the base pooled over all arms): the score
 * file's `uplift_<arm>` is what `expected_incremental_*` and a costed policy read.
 */
let dir: string;
let store: DuckDbStore;
beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'aether-size-'));
  store = await openStore(join(dir, 'size.duckdb'));
});
afterAll(async () => {
  await store?.close();
  rmSync(dir, { recursive: true, force: true });
});

function importOptions(shape: ShapeFile) {
  const get = (k: string) => shape.args[shape.args.indexOf(`--${k}`) + 1] as string;
  return { treatment: get('treatment'), control: get('control'), outcome: get('outcome'), id: get('id') };
}

/** Mean predicted and planted uplift of arm `k` (1-based) over the rows `where` selects. */
function meanUplift(shape: ShapeFile, scores: string, k: number, where: (row: number) => boolean) {
  const lines = readFileSync(scores, 'utf8').trim().split('\n');
  const header = (lines[0] as string).split(',');
  const col = header.indexOf(`uplift_${shape.arms[k]}`);
  const rowOf = new Map(shape.ids.map((id, i) => [id, i]));
  let predicted = 0;
  let planted = 0;
  let n = 0;
  for (const line of lines.slice(1)) {
    const cells = line.split(',');
    const i = rowOf.get(cells[0] as string) as number;
    if (!where(i)) continue;
    predicted += Number(cells[col]);
    planted +=
      ((shape.truth[k] as Float64Array)[i] as number) - ((shape.truth[0] as Float64Array)[i] as number);
    n++;
  }
  return { predicted: predicted / n, planted: planted / n };
}

/**
 * Imports, trains and scores a shape file. The held-out rows depend on the experiment's id, so a
 * test that needs a given split passes a fresh database of its own (`into`).
 */
async function run(name: string, shape: ShapeFile, seed: number, into: DuckDbStore = store) {
  const file = join(dir, `${name}.csv`);
  writeFileSync(file, shape.text);
  const imported = await importExperiment(into, file, importOptions(shape));
  const trained = await trainExperimentModel(into, imported.experiment_id, { seed });
  const scores = join(dir, `${name}-scores.csv`);
  await scoreExperiment(into, imported.experiment_id, scores);
  return { id: imported.experiment_id, trained, scores };
}

describe('uplift magnitudes on imported experiments', () => {
  it('MegaFon shape: +10 points where X_1 > 0 and -5 elsewhere come out at about that size', async () => {
    const shape = megafonShape(12_000, 4);
    const { scores, trained } = await run('megafon', shape, 1);
    expect(trained.policy).toBe('personalised');
    // The planted X_1 is the file's X_1 column; the shape keeps it in the truth's row order.
    const x1 = shape.text
      .split('\n')
      .slice(1, 12_001)
      .map((l) => Number(l.split(',')[2]));
    const inside = meanUplift(shape, scores, 1, (i) => (x1[i] as number) > 0.3);
    const outside = meanUplift(shape, scores, 1, (i) => (x1[i] as number) < -0.3);
    expect(inside.planted).toBeCloseTo(0.1, 10);
    expect(outside.planted).toBeCloseTo(-0.05, 10);
    // Measured 0.075 / -0.032; 0.061 / -0.027 before the arm models' rounds were chosen on 5 folds
    // and they started at the arm's mean departure (EXPERIMENT_ARM_GBDT), still short of the planted
    // size on this split of this binary outcome (docs/uplift-pipeline.md, "Eleventh session"). The
    // pooled base of the simulated shop's default gave 0.044 / -0.021 on the same split (and the
    // control base is compared with it on a planted subgroup in learners/t-learner.test.ts).
    expect(inside.predicted).toBeGreaterThan(0.065);
    expect(inside.predicted).toBeLessThan(0.13);
    expect(outside.predicted).toBeLessThan(-0.02);
    expect(outside.predicted).toBeGreaterThan(-0.08);
  }, 120_000);

  it('e-mail shape: the North discount (+$8) and free shipping past 3 years (+$6) at about their size, the same model after a reload and a retrain', async () => {
    const shape = emailShape(12_000, 5);
    const { id, scores, trained } = await run('email', shape, 2);
    const region = shape.text
      .split('\n')
      .slice(1, 12_001)
      .map((l) => l.split(',')[2]);
    const tenure = shape.text
      .split('\n')
      .slice(1, 12_001)
      .map((l) => Number(l.split(',')[3]));
    const north = meanUplift(shape, scores, 1, (i) => region[i] === 'North');
    const long = meanUplift(shape, scores, 2, (i) => (tenure[i] as number) > 3.5);
    expect(north.planted).toBe(8);
    expect(north.predicted).toBeGreaterThan(6);
    expect(north.predicted).toBeLessThan(10);
    expect(long.planted).toBe(6);
    expect(long.predicted).toBeGreaterThan(4.3);
    expect(long.predicted).toBeLessThan(7.7);
    // The discount costs $2 outside the North: almost never recommended there.
    const lines = readFileSync(scores, 'utf8').trim().split('\n').slice(1);
    const rowOf = new Map(shape.ids.map((x, i) => [x, i]));
    let southDiscount = 0;
    let south = 0;
    for (const line of lines) {
      const cells = line.split(',');
      if (region[rowOf.get(cells[0] as string) as number] === 'North') continue;
      south++;
      if (cells.at(-2) === 'Discount 10%') southDiscount++;
    }
    expect(southDiscount / south).toBeLessThan(0.02);
    // Reloaded from the database, the model evaluates the held-out rows exactly as at training.
    const again = await evaluateExperimentModel(store, id);
    expect(again.policy_value_dr).toEqual(trained.evaluation.policy_value_dr);
    // A second fit with the same seed writes the same scores, byte for byte.
    await trainExperimentModel(store, id, { seed: 2 });
    const second = join(dir, 'email-scores-2.csv');
    await scoreExperiment(store, id, second);
    expect(readFileSync(second, 'utf8')).toBe(readFileSync(scores, 'utf8'));
  }, 180_000);
});

describe('small files (about 1,000 training rows per arm)', () => {
  it('finds a planted subgroup on 4,000 rows (MegaFon shape, 1,400 training rows per arm)', async () => {
    const shape = megafonShape(4_000, 2);
    const own = await openStore(':memory:');
    const { scores, trained } = await run('megafon-small', shape, 2, own).finally(() => own.close());
    // Leaves of 300 rows could not split the cross-fitted halves: this file got one arm for all.
    expect(trained.policy).toBe('personalised');
    expect(trained.personalisation_gain.value).toBeGreaterThan(1.645 * trained.personalisation_gain.se);
    const x1 = shape.text
      .split('\n')
      .slice(1, 4_001)
      .map((l) => Number(l.split(',')[2]));
    const rowOf = new Map(shape.ids.map((x, i) => [x, i]));
    let right = 0;
    let clear = 0;
    for (const line of readFileSync(scores, 'utf8').trim().split('\n').slice(1)) {
      const cells = line.split(',');
      const v = x1[rowOf.get(cells[0] as string) as number] as number;
      if (Math.abs(v) < 0.3) continue;
      clear++;
      if (v > 0 === (cells.at(-2) === 'treatment')) right++;
    }
    expect(right / clear).toBeGreaterThan(0.8);
  }, 120_000);

  it('gives one arm to everyone on 4,000 rows where no arm does anything', async () => {
    const shape = emailShape(4_000, 1, 15, 'none');
    const own = await openStore(':memory:');
    const { scores, trained } = await run('email-none', shape, 1, own).finally(() => own.close());
    // The smaller leaves let the per-row choices spread over the arms (cross-fitted gain +0.28
    // per row), but within noise (standard error 0.43): not personalised.
    expect(trained.policy).toBe('best_single_arm');
    const arms = new Set(
      readFileSync(scores, 'utf8')
        .trim()
        .split('\n')
        .slice(1)
        .map((l) => l.split(',').at(-2)),
    );
    expect([...arms]).toEqual([trained.best_single_arm_on_training]);
  }, 120_000);
});
