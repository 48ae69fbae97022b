import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Rng } from '../../core/rng.ts';
import { importExperiment, loadExperiment, rowOrder } from '../../import/experiment.ts';
import { type ExperimentBatch, scanExperimentBatches } from '../../import/experiment-batches.ts';
import type { DuckDbStore } from '../../store/duckdb-store.ts';
import { openStore } from '../../store/open.ts';
import { evaluateExperimentModel, scoreExperiment, trainExperimentModel } from './experiment-model.ts';

/**
 * Reading an experiment's features a batch at a time (train, evaluate and score on files larger
 * than memory) must give exactly what one pass over every row gave: same rows, same values, same
 * model, same evaluation, same score file, whatever the batch size.
 */
function writeExperiment(file: string, n: number): void {
  const rng = new Rng(21);
  const lines = ['user,group,converted,seg,visits,noise'];
  for (let i = 0; i < n; i++) {
    const seg = ['a', 'b', 'c'][rng.int(3)] as string;
    const arm = ['ctrl', 'promo'][rng.int(2)];
    const p = 0.15 + (arm === 'promo' && seg === 'a' ? 0.2 : 0);
    // Missing values in a numeric and a categorical column, to cover NaN and null.
    const noise = rng.bernoulli(0.1) ? '' : rng.normal().toFixed(3);
    lines.push(
      `u${i},${arm},${rng.bernoulli(p) ? 1 : 0},${rng.bernoulli(0.05) ? '' : seg},${rng.poisson(3)},${noise}`,
    );
  }
  writeFileSync(file, `${lines.join('\n')}\n`);
}

const without = (r: object) => {
  const { model_version: _v, seconds: _s, ...rest } = r as Record<string, unknown>;
  return rest;
};

describe('experiment rows in batches', () => {
  let dir: string;
  let store: DuckDbStore;
  let id: string;
  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'aether-exp-batches-'));
    store = await openStore(join(dir, 'db.duckdb'));
    writeExperiment(join(dir, 'e.csv'), 3000);
    id = (
      await importExperiment(store, join(dir, 'e.csv'), {
        treatment: 'group',
        control: 'ctrl',
        outcome: 'converted',
        id: 'user',
      })
    ).experiment_id;
  });
  afterAll(async () => {
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('pass on exactly the kept rows, in order, with the values one full read gives', async () => {
    const all = await loadExperiment(store, id);
    const keep = new Uint8Array(all.rowCount);
    const rng = new Rng(3);
    for (let i = 0; i < keep.length; i++) keep[i] = rng.bernoulli(0.3) ? 1 : 0;
    const batches: ExperimentBatch[] = [];
    const passed = await scanExperimentBatches(store, id, { keep, ids: true, batchRows: 100 }, (b) =>
      // The scanner reuses its arrays: copy.
      batches.push({
        rows: b.rows.slice(),
        ids: b.ids,
        features: b.features.map((f) =>
          f.kind === 'numeric' ? { ...f, values: f.values.slice() } : { ...f, values: [...f.values] },
        ),
      }),
    );
    const kept = [...keep.keys()].filter((i) => keep[i]);
    expect(passed).toBe(kept.length);
    // DuckDB hands over chunks of 2,048 rows: a batch closes at the end of the chunk that fills it.
    expect(batches.length).toBeGreaterThan(1);
    for (const b of batches) expect(b.rows.length).toBeLessThan(100 + 2048);
    expect(batches.flatMap((b) => [...b.rows])).toEqual(kept);
    expect(batches.flatMap((b) => b.ids as string[])).toEqual(kept.map((i) => all.ids[i]));
    expect(all.features.map((f) => f.kind)).toEqual(['categorical', 'numeric', 'numeric']);
    for (const [c, f] of all.features.entries()) {
      const got = batches.flatMap((b) => [...(b.features[c]?.values ?? [])]);
      expect(got).toEqual(kept.map((i) => f.values[i]));
    }
    // Without `keep`, every row.
    let count = 0;
    await scanExperimentBatches(store, id, {}, (b) => {
      count += b.rows.length;
    });
    expect(count).toBe(all.rowCount);
  });

  it('read a rows table stored out of row order in row order', async () => {
    const all = await loadExperiment(store, id);
    const [{ t }] = await store.query<{ t: string }>(
      'SELECT rows_table AS t FROM experiments WHERE experiment_id = $1',
      [id],
    );
    await store.run(`CREATE TABLE experiment_rows_0099 AS SELECT * FROM ${t} ORDER BY row_no DESC`);
    expect(await rowOrder(store, 'experiment_rows_0099')).toBe(' ORDER BY row_no');
    expect(await rowOrder(store, t)).toBe('');
    await store.run("UPDATE experiments SET rows_table = 'experiment_rows_0099' WHERE experiment_id = $1", [
      id,
    ]);
    try {
      const reread = await loadExperiment(store, id);
      expect(reread.ids).toEqual(all.ids);
      expect(reread.features).toEqual(all.features);
      const rows: number[] = [];
      await scanExperimentBatches(store, id, { batchRows: 10 }, (b) => rows.push(...b.rows));
      expect(rows).toEqual([...all.ids.keys()]);
      const noise: number[] = [];
      await scanExperimentBatches(store, id, { batchRows: 10 }, (b) =>
        noise.push(...(b.features[2] as { values: Float64Array }).values),
      );
      expect(noise).toEqual([...(all.features[2] as { values: Float64Array }).values]);
    } finally {
      await store.run('UPDATE experiments SET rows_table = $1 WHERE experiment_id = $2', [t, id]);
    }
  });

  it('train, evaluate and score give the same results whatever the batch size, run after run', async () => {
    const big = { seed: 4, maxTrainingRows: 1500, batchRows: 1_000_000 };
    const trainedWhole = await trainExperimentModel(store, id, big);
    const evaluatedWhole = await evaluateExperimentModel(store, id, { batchRows: 1_000_000 });
    await scoreExperiment(store, id, join(dir, 'whole.csv'), { batchRows: 1_000_000 });
    const trained = await trainExperimentModel(store, id, { ...big, batchRows: 97 });
    const evaluated = await evaluateExperimentModel(store, id, { batchRows: 131 });
    await scoreExperiment(store, id, join(dir, 'batched.csv'), { batchRows: 50 });
    expect(trained.training_rows_used).toBe(1500);
    expect(without(trained)).toEqual(without(trainedWhole));
    expect(without(evaluated)).toEqual(without(evaluatedWhole));
    expect(evaluated.holdout_rows).toBe(900);
    const batched = readFileSync(join(dir, 'batched.csv'), 'utf8');
    expect(batched).toBe(readFileSync(join(dir, 'whole.csv'), 'utf8'));
    expect(batched.trim().split('\n')).toHaveLength(3001);
    // The held-out flags in the score file are the evaluated rows.
    expect(batched.split('\n').filter((l) => l.endsWith(',true'))).toHaveLength(900);
  });
});
