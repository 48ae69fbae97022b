import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Rng } from '../core/rng.ts';
import { aetherJson as aether } from '../test-support/run-cli.ts';

/** `aether import experiment` of a file written by writeExperiment. */
const importFile = (db: string, file: string, ...extra: string[]) =>
  aether(
    db,
    'import',
    'experiment',
    file,
    '--treatment',
    'arm',
    '--control',
    'a',
    '--outcome',
    'bought',
    ...extra,
  );

/** Arm "b" lifts conversion by 12 points where seg = x, arm "c" does nothing; 4,000 rows. */
function writeExperiment(file: string, seed: number): void {
  const rng = new Rng(seed);
  const lines = ['id,arm,bought,seg,visits'];
  for (let i = 0; i < 4000; i++) {
    const seg = rng.bernoulli(0.5) ? 'x' : 'y';
    const arm = ['a', 'b', 'c'][rng.int(3)];
    const p = 0.1 + (arm === 'b' && seg === 'x' ? 0.12 : 0);
    lines.push(`r${i},${arm},${rng.bernoulli(p) ? 1 : 0},${seg},${rng.poisson(2)}`);
  }
  writeFileSync(file, `${lines.join('\n')}\n`);
}

describe('train, evaluate and score without --experiment on a database of imported experiments', () => {
  let dir: string;
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'aether-implied-'));
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('take the latest imported experiment and say so on stderr', async () => {
    const db = join(dir, 'x.duckdb');
    for (const seed of [1, 2]) {
      writeExperiment(join(dir, `e${seed}.csv`), seed);
      await importFile(db, join(dir, `e${seed}.csv`), '--id', 'id');
    }
    const trained = await aether(db, 'train');
    expect(trained.doc.experiment_id).toBe('exp_0002');
    expect(trained.stderr).toContain('training on imported experiment exp_0002');
    expect(trained.stderr).toContain('also exp_0001');

    const evaluated = await aether(db, 'evaluate');
    expect(evaluated.doc.experiment_id).toBe('exp_0002');
    expect(evaluated.doc.model_version).toBe(trained.doc.model_version);
    expect(evaluated.doc.holdout_rows).toBe(1200);

    const out = join(dir, 'scores.csv');
    const scored = await aether(db, 'score', '--out', out);
    expect(scored.doc.rows).toBe(4000);
    expect(readFileSync(out, 'utf8').split('\n')[0]).toBe(
      'id,baseline,uplift_b,uplift_c,recommended_arm,held_out',
    );

    // Naming the other experiment still works, and a model for it becomes the one used.
    const first = await aether(db, 'train', '--experiment', 'exp_0001');
    expect(first.doc.experiment_id).toBe('exp_0001');
    expect((await aether(db, 'evaluate')).doc.experiment_id).toBe('exp_0001');
  }, 120_000);

  it('a database with campaign history is never redirected', async () => {
    const db = join(dir, 'h.duckdb');
    await aether(db, 'generate', '--customers', '300', '--seed', '3');
    writeExperiment(join(dir, 'e.csv'), 3);
    await importFile(db, join(dir, 'e.csv'));
    const evaluated = await aether(db, 'evaluate');
    // No campaign model yet: the campaign-history message, not the experiment's model.
    expect(evaluated.code).not.toBe(0);
    expect((evaluated.doc.error as { detail: string }).detail).toContain('no uplift model trained yet');
  }, 120_000);
});
