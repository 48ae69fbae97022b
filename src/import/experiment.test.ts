import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type AppError, InvalidInput, NotFound } from '../core/errors.ts';
import type { DuckDbStore } from '../store/duckdb-store.ts';
import { openStore } from '../store/open.ts';
import { importExperiment, listExperiments, loadExperiment } from './experiment.ts';

let dir: string;
let store: DuckDbStore;
beforeEach(async () => {
  dir = mkdtempSync(join(tmpdir(), 'aether-exp-'));
  store = await openStore(':memory:');
});
afterEach(async () => {
  await store.close();
});
const file = (name: string, content: string) => {
  const path = join(dir, name);
  writeFileSync(path, content);
  return path;
};

// A Hillstrom-shaped file: three free-form arms, a binary outcome, spend, ids, a split, missing values.
const HILLSTROM = `recency,history_segment,history,mens,zip_code,channel,segment,visit,conversion,spend,uid,split
10,2) $100 - $200,142.44,1,Surburban,Phone,Womens E-Mail,0,0,0,u1,train
6,3) $200 - $350,329.08,1,Rural,Web,No E-Mail,0,0,0,u2,test
7,,180.65,0,Surburban,Web,Womens E-Mail,1,0,0,u3,train
9,5) $500 - $750,NA,1,Rural,,Mens E-Mail,1,1,29.99,u4,TRAIN
2,1) $0 - $100,,1,Urban,Web,No E-Mail,1,1,12.5,u5,test
`;
const OPTIONS = {
  treatment: 'segment',
  control: 'No E-Mail',
  outcome: 'conversion',
  revenue: 'spend',
  id: 'uid',
  split: 'split',
  exclude: ['visit'],
  name: 'hillstrom sample',
};

async function problems(promise: Promise<unknown>): Promise<Record<string, string>> {
  try {
    await promise;
  } catch (e) {
    expect(e).toBeInstanceOf(InvalidInput);
    return Object.fromEntries(
      (e as AppError).invalidParams.map((p) => [p.name.split(':').slice(-2).join(':'), p.reason]),
    );
  }
  throw new Error('expected the import to fail');
}

describe('aether import experiment', () => {
  it('registers the experiment with column roles, arms and feature kinds', async () => {
    const s = await importExperiment(store, file('h.csv', HILLSTROM), OPTIONS);
    expect(s.experiment_id).toBe('exp_0001');
    expect(s.row_count).toBe(5);
    expect(s.arms).toEqual([
      { index: 0, label: 'No E-Mail', count: 2, share: 0.4 },
      { index: 1, label: 'Mens E-Mail', count: 1, share: 0.2 },
      { index: 2, label: 'Womens E-Mail', count: 2, share: 0.4 },
    ]);
    expect(s.features.map((f) => [f.name, f.kind, f.missing])).toEqual([
      ['recency', 'numeric', 0],
      ['history_segment', 'categorical', 1],
      ['history', 'numeric', 2],
      ['mens', 'numeric', 0],
      ['zip_code', 'categorical', 0],
      ['channel', 'categorical', 1],
    ]);
    const listed = await listExperiments(store);
    expect(listed.map((e) => [e.experiment_id, e.name, e.treatment_column, e.split_column])).toEqual([
      ['exp_0001', 'hillstrom sample', 'segment', 'split'],
    ]);
    // Our table names, never user text.
    expect(listed[0].rows_table).toBe('experiment_rows_0001');
  });

  it('loads typed columns for the causal engine', async () => {
    const s = await importExperiment(store, file('h.csv', HILLSTROM), OPTIONS);
    const d = await loadExperiment(store, s.experiment_id);
    expect(d.rowCount).toBe(5);
    expect(d.ids).toEqual(['u1', 'u2', 'u3', 'u4', 'u5']);
    expect(d.armNames).toEqual(['No E-Mail', 'Mens E-Mail', 'Womens E-Mail']);
    expect(Array.from(d.arm)).toEqual([2, 0, 2, 1, 0]);
    expect(Array.from(d.outcome)).toEqual([0, 0, 0, 1, 1]);
    expect(d.outcomeBinary).toBe(true);
    expect(Array.from(d.revenue ?? [])).toEqual([0, 0, 0, 29.99, 12.5]);
    expect(Array.from(d.split ?? [])).toEqual([0, 1, 0, 0, 1]);
    expect(Array.from(d.propensity)).toEqual([0.4, 0.4, 0.4, 0.2, 0.4]);
    const history = d.features.find((f) => f.name === 'history');
    expect(history?.kind).toBe('numeric');
    if (history?.kind !== 'numeric') throw new Error('history should be numeric');
    expect(Array.from(history.values).map((v) => (Number.isNaN(v) ? null : v))).toEqual([
      142.44,
      329.08,
      180.65,
      null,
      null,
    ]);
    const seg = d.features.find((f) => f.name === 'history_segment');
    expect(seg?.values).toEqual(['2) $100 - $200', '3) $200 - $350', null, '5) $500 - $750', '1) $0 - $100']);
    await expect(loadExperiment(store, 'exp_9999')).rejects.toBeInstanceOf(NotFound);
  });

  it('reads the same experiment from JSON Lines, without id or split', async () => {
    const jsonl = [
      { x: 1.5, city: 'A', arm: 'treated', y: true },
      { x: null, city: 'B', arm: 'ctl', y: false },
      { x: 3, city: 'A', arm: 'ctl', y: 1 },
    ]
      .map((o) => JSON.stringify(o))
      .join('\n');
    const s = await importExperiment(store, file('e.jsonl', jsonl), {
      treatment: 'arm',
      control: 'ctl',
      outcome: 'y',
    });
    const d = await loadExperiment(store, s.experiment_id);
    expect(d.ids).toEqual(['1', '2', '3']);
    expect(Array.from(d.arm)).toEqual([1, 0, 0]);
    expect(Array.from(d.outcome)).toEqual([1, 0, 1]);
    expect(d.split).toBeNull();
    expect(d.revenue).toBeNull();
    expect(d.features.map((f) => [f.name, f.kind])).toEqual([
      ['x', 'numeric'],
      ['city', 'categorical'],
    ]);
  });

  it('names missing columns', async () => {
    const p = await problems(
      importExperiment(store, file('h.csv', HILLSTROM), { ...OPTIONS, treatment: 'arm', exclude: ['nope'] }),
    );
    expect(p).toEqual({
      'header:arm': 'column named by --treatment is not in the file',
      'header:nope': 'column named by --exclude is not in the file',
    });
  });

  it('reports bad outcomes, splits and duplicate ids by row', async () => {
    const bad = HILLSTROM.replace('0,0,u2,test', 'maybe,0,u2,test')
      .replace('u3,train', 'u1,train')
      .replace('u5,test', 'u5,valid');
    const p = await problems(importExperiment(store, file('bad.csv', bad), OPTIONS));
    expect(p).toEqual({
      '2:conversion': 'outcome must be numeric or binary (0/1, true/false, yes/no): "maybe"',
      '3:uid': 'duplicate id "u1" (first in row 1)',
      // holdout and training are read as test and train; a value that is neither is its row's error.
      '5:split': 'split must be train or test (or name the held-out value with --test-value), not "valid"',
    });
    expect(await listExperiments(store)).toEqual([]);
  });

  it('refuses a control value that does not occur, with the labels it saw', async () => {
    await expect(
      importExperiment(store, file('h.csv', HILLSTROM), { ...OPTIONS, control: 'control' }),
    ).rejects.toThrow(
      /control value "control" does not occur in column "segment" \(values: Mens E-Mail \(1\), No E-Mail \(2\), Womens E-Mail \(2\)\)/,
    );
    await expect(
      importExperiment(store, file('h.csv', HILLSTROM), { ...OPTIONS, outcome: 'segment' }),
    ).rejects.toThrow(/one role/);
    await expect(
      importExperiment(store, file('empty.csv', 'a,b,c\n'), { treatment: 'a', control: 'x', outcome: 'b' }),
    ).rejects.toThrow(/no rows/);
  });
});
