import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TrainUpliftResult } from '../causal/pipeline/train-uplift.ts';
import { aetherJson as aether } from '../test-support/run-cli.ts';
import { selectionLines } from './commands/train.ts';

/** `aether train --select` on a 1,000-customer simulated shop, through the real CLI. */
describe('train --select', () => {
  let dir: string;
  let db: string;
  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'aether-select-'));
    db = join(dir, 'shop.duckdb');
    const made = await aether(db, 'generate', '--customers', '1000', '--seed', '5');
    expect(made.code).toBe(0);
  }, 120_000);
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it("fits every learner with train's settings, reports the sweep's time, and trains the one chosen", async () => {
    const r = await aether(db, 'train', '--select', '--no-derived');
    expect(r.code).toBe(0);
    const doc = r.doc as unknown as TrainUpliftResult;
    const sel = doc.selection;
    expect(sel).not.toBeNull();
    if (!sel) return;
    expect(sel.candidates.map((c) => c.learner)).toEqual(['t', 'x', 'dr', 'r', 'forest']);
    expect(doc.learner).toBe(sel.chosen);
    // The default candidate is the T-learner with the small-data settings train gives it.
    const defaults = sel.candidates.filter((c) => c.is_default);
    expect(defaults.map((c) => c.learner)).toEqual(['t']);
    expect((defaults[0]?.options as { sharedBase?: unknown } | undefined)?.sharedBase).toBe('control');
    // The sweep's time covers every candidate's fit, and is part of the train step's fit time.
    const fits = sel.candidates.reduce((a, c) => a + c.fit_seconds, 0);
    expect(sel.seconds).toBeGreaterThanOrEqual(fits - 0.01);
    expect(doc.seconds.fit).toBeGreaterThanOrEqual(sel.seconds);
    expect(sel.training_rows + sel.held_out_rows).toBe(doc.training_rows);
    // The text says it, with the default marked.
    const lines = selectionLines(sel, doc.outcome);
    expect(lines[0]).toMatch(new RegExp(`^Model selection in ${sel.seconds.toFixed(1)} s: `));
    expect(lines[0]).toContain(`judged on ${sel.held_out_rows.toLocaleString('en-US')} of the latest`);
    expect(lines[0]).toMatch(new RegExp(`; chose ${sel.chosen}\\.$`));
    expect(lines.filter((l) => l.includes('(default)'))).toEqual([
      expect.stringMatching(/^ {2}t \(default\): policy /),
    ]);
    expect(lines).toHaveLength(6);
  }, 300_000);

  it('refuses --select for a flat experiment', async () => {
    const r = await aether(db, 'train', '--select', '--experiment', 'exp_none');
    expect(r.code).not.toBe(0);
    expect(JSON.stringify(r.doc)).toContain('--select');
  }, 60_000);
});
