import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { trainExperimentModel } from '../causal/pipeline/experiment-model.ts';
import { Rng } from '../core/rng.ts';
import type { DuckDbStore } from '../store/duckdb-store.ts';
import { openStore } from '../store/open.ts';
import { filePathLiteral } from '../store/sql-literal.ts';
import { invalidInputOf } from '../test-support/invalid-input.ts';
import { importExperiment, listExperiments, loadExperiment } from './experiment.ts';

/** Inputs that once crashed, mis-read silently or trained on nothing; each now reads right or fails by name. */
let dir: string;
let store: DuckDbStore;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'aether-robust-'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));
beforeEach(async () => {
  await store?.close();
  store = await openStore(':memory:');
});
const file = (name: string, content: string) => {
  const path = join(dir, name);
  writeFileSync(path, content);
  return path;
};
const ARM = { treatment: 'arm', control: 'a', outcome: 'y' };

/** `n` rows: arm from `armOf(i)`, y ~ Bernoulli(0.3) unless `yOf` is given, x uniform 0..4. */
function rows(n: number, seed: number, armOf: (i: number, rng: Rng) => string, yOf?: (i: number) => string) {
  const rng = new Rng(seed);
  const out = ['arm,y,x'];
  for (let i = 0; i < n; i++)
    out.push(`${armOf(i, rng)},${yOf ? yOf(i) : rng.bernoulli(0.3) ? 1 : 0},${rng.int(5)}`);
  return `${out.join('\n')}\n`;
}
const coin = (_: number, rng: Rng) => (rng.bernoulli(0.5) ? 'a' : 'b');

describe('experiment import: inputs that used to go wrong', () => {
  it('columns named k, key, s or m keep their names; a column named __row is refused by name', async () => {
    // The CSV stager's own row key was called k: a file column k came out as k_1 and the import crashed.
    const csv = 'arm,y,k,key,s,m\na,0,1,u,p,q\nb,1,2,v,p,r\na,1,3,u,p,q\n';
    const s = await importExperiment(store, file('names.csv', csv), ARM);
    expect(s.features.map((f) => f.name)).toEqual(['k', 'key', 'm']);
    expect(s.excluded_constant).toEqual(['s']);
    const d = await loadExperiment(store, s.experiment_id);
    expect(Array.from(d.features[0].values as Float64Array)).toEqual([1, 2, 3]);
    // __row (the row number every check reports) was silently dropped from the features.
    const p = await invalidInputOf(
      importExperiment(store, file('row.csv', 'arm,y,__ROW\na,0,1\nb,1,2\n'), ARM),
    );
    expect(p.params).toEqual({ 'row.csv:header:__ROW': 'reserved column name; rename it' });
    const jsonl = file('row.jsonl', '{"arm":"a","y":0,"__row":1}\n{"arm":"b","y":1,"__row":2}\n');
    expect((await invalidInputOf(importExperiment(store, jsonl, ARM))).message).toMatch(
      /"__row" is reserved/,
    );
    expect(await listExperiments(store)).toHaveLength(1);
    // DuckDB compares names without case: the second of Age / age is read as age_1, and said so.
    const cased = await importExperiment(store, file('age.csv', 'arm,y,Age,age\na,0,1,2\nb,1,3,4\n'), ARM);
    expect(cased.features.map((f) => f.name)).toEqual(['Age', 'age_1']);
  });

  it('a constant outcome is refused, naming the column and the value; nothing is stored', async () => {
    for (const [name, y] of [
      ['ones.csv', '1'],
      ['zeros.csv', '0'],
    ] as const) {
      const p = await invalidInputOf(
        importExperiment(
          store,
          file(
            name,
            rows(40, 1, coin, () => y),
          ),
          ARM,
        ),
      );
      expect(p.message).toContain(`the outcome column "y" is ${y} in every one of the 40 rows`);
      expect(p.params).toEqual({ [`${name}:*:y`]: `constant outcome (${y} in every row)` });
    }
    expect(await listExperiments(store)).toEqual([]);
    expect(
      await store.query("SELECT table_name FROM duckdb_tables() WHERE table_name LIKE 'experiment_rows%'"),
    ).toEqual([]);
  });

  it('NaN / NULL / NA as an arm label is a row error unless it is the control value', async () => {
    const csv = rows(30, 2, (i, rng) => (i === 4 ? 'NaN' : i === 9 ? 'NULL' : coin(i, rng)));
    const p = await invalidInputOf(importExperiment(store, file('nan-arm.csv', csv), ARM));
    expect(p.params).toEqual({
      'nan-arm.csv:5:arm':
        'missing arm label: "NaN" is a missing value, not an arm (pass it as --control if it is one)',
      'nan-arm.csv:10:arm':
        'missing arm label: "NULL" is a missing value, not an arm (pass it as --control if it is one)',
    });
    // "None" is a plausible arm ("no promotion"), and a token passed as --control is an arm.
    const none = await importExperiment(
      store,
      file(
        'none.csv',
        rows(30, 3, (_, rng) => (rng.bernoulli(0.5) ? 'None' : 'Promo')),
      ),
      { ...ARM, control: 'None' },
    );
    expect(none.arms.map((a) => a.label)).toEqual(['None', 'Promo']);
    const na = await importExperiment(
      store,
      file(
        'na.csv',
        rows(30, 4, (_, rng) => (rng.bernoulli(0.5) ? 'NA' : 'b')),
      ),
      { ...ARM, control: 'na' },
    );
    expect(na.arms.map((a) => a.label)).toEqual(['NA', 'b']);
  });

  it('--control 0 finds the arm a float column writes 0.0; True/False labels are arms like any other', async () => {
    const floats = rows(30, 5, (_, rng) => (rng.bernoulli(0.5) ? '0.0' : '1.0'));
    const s = await importExperiment(store, file('floats.csv', floats), { ...ARM, control: '0' });
    expect(s.arms.map((a) => a.label)).toEqual(['0.0', '1.0']);
    expect(s.control_value).toBe('0.0');
    const bools = rows(30, 6, (_, rng) => (rng.bernoulli(0.5) ? 'True' : 'False'));
    const b = await importExperiment(store, file('bools.csv', bools), { ...ARM, control: 'false' });
    expect(b.arms.map((a) => [a.index, a.label])).toEqual([
      [0, 'False'],
      [1, 'True'],
    ]);
    // Still refused when no label is that number.
    await expect(
      importExperiment(store, file('floats.csv', floats), { ...ARM, control: '2' }),
    ).rejects.toThrow(
      /control value "2" does not occur in column "arm" \(values: 0\.0 \(\d+\), 1\.0 \(\d+\)\)/,
    );
  });

  it('constant and empty columns are not features; one value plus missing cells is kept', async () => {
    const csv = [
      'arm,y,flag,country,empty,partly',
      ...Array.from(
        { length: 12 },
        (_, i) => `${i % 2 ? 'a' : 'b'},${i % 3 ? 0 : 1},1,RU,,${i % 4 ? 'yes' : ''}`,
      ),
    ].join('\n');
    const s = await importExperiment(store, file('constant.csv', csv), ARM);
    expect(s.excluded_constant).toEqual(['flag', 'country', 'empty']);
    expect(s.features.map((f) => [f.name, f.missing])).toEqual([['partly', 3]]);
    expect((await listExperiments(store))[0].excluded_constant).toEqual(['flag', 'country', 'empty']);
    // The stored feature column is the one read (the column names shift past excluded columns).
    const d = await loadExperiment(store, s.experiment_id);
    expect(d.features[0].values.slice(0, 4)).toEqual([null, 'yes', 'yes', 'yes']);
  });

  it('--on-error skip leaves bad rows out, counts them and lists them; the error without it says so', async () => {
    const csv = [
      'segment,conversion,x,id',
      'No E-Mail,0,1,a',
      'Mens E-Mail,NaN,2,b',
      'Mens E-Mail,,3,c',
      'No E-Mail,1,4,d',
      'Mens E-Mail,1',
      'Mens E-Mail,0,5,a',
      'Mens E-Mail,1,6,f',
    ].join('\n');
    const options = { treatment: 'segment', control: 'No E-Mail', outcome: 'conversion', id: 'id' };
    const p = await invalidInputOf(importExperiment(store, file('skip.csv', `${csv}\n`), options));
    expect(p.message).toMatch(/nothing was imported \(--on-error skip leaves such rows out\)/);
    // The whole file is checked at once: the structural error stops it before the row checks.
    expect(p.params).toEqual({
      'skip.csv:5:x': 'truncated or ragged row: expected number of columns: 4 found: 2',
    });
    const rejects = join(dir, 'skip-rejects.jsonl');
    const s = await importExperiment(store, file('skip.csv', `${csv}\n`), {
      ...options,
      onError: 'skip',
      rejects,
    });
    expect([s.row_count, s.skipped_rows, s.rejects_file]).toEqual([3, 4, rejects]);
    const d = await loadExperiment(store, s.experiment_id);
    expect(d.ids).toEqual(['a', 'd', 'f']);
    expect(
      readFileSync(rejects, 'utf8')
        .trim()
        .split('\n')
        .map((l) => JSON.parse(l)),
    ).toEqual([
      { file: 'skip.csv', row: 2, errors: [{ column: 'conversion', reason: 'missing outcome ("NaN")' }] },
      { file: 'skip.csv', row: 3, errors: [{ column: 'conversion', reason: 'missing outcome' }] },
      {
        file: 'skip.csv',
        row: 5,
        errors: [{ column: 'x', reason: 'truncated or ragged row: expected number of columns: 4 found: 2' }],
      },
      { file: 'skip.csv', row: 6, errors: [{ column: 'id', reason: 'duplicate id "a" (first in row 1)' }] },
    ]);
  });

  it('a column named in another case is found; a file read with the wrong delimiter says which to use', async () => {
    const csv = 'Promotion,Purchase,V1\nNo,0,1\nYes,1,2\nNo,1,3\n';
    const s = await importExperiment(store, file('case.csv', csv), {
      treatment: 'promotion',
      control: 'no',
      outcome: 'purchase',
    });
    expect([s.treatment_column, s.outcome_column]).toEqual(['Promotion', 'Purchase']);
    const semi = file('semi.csv', 'segment;conversion;x\nNo E-Mail;0;1\nMens E-Mail;1;2\n');
    await expect(
      importExperiment(store, semi, {
        treatment: 'segment',
        control: 'No E-Mail',
        outcome: 'conversion',
        delimiter: ',',
      }),
    ).rejects.toThrow(
      /one column: the file looks ;-delimited, not ,-delimited; pass --delimiter ';' or leave --delimiter out/,
    );
  });

  it('a file wider than one batch of columns: every column read as its own kind into its own place', async () => {
    // The feature statements run 16 columns at a time (DuckDB plans one SELECT over 190 columns for
    // a minute); kinds, dates, constants and row indexes past the first batch must land right.
    const names = Array.from({ length: 40 }, (_, j) => `c${j}`);
    const lines = [['arm', 'y', ...names].join(',')];
    for (let i = 0; i < 30; i++)
      lines.push(
        [
          i % 2 ? 'a' : 'b',
          i % 3 ? 0 : 1,
          ...names.map((_, j) =>
            j === 20
              ? `2020-01-${String(1 + i).padStart(2, '0')}`
              : j === 25
                ? i + 1
                : j === 33
                  ? `t${i % 4}`
                  : j === 37
                    ? 5
                    : 100 + j * 1000 + i,
          ),
        ].join(','),
      );
    const s = await importExperiment(store, file('wide.csv', `${lines.join('\n')}\n`), ARM);
    expect(s.excluded_row_index).toEqual(['c25']);
    expect(s.excluded_constant).toEqual(['c37']);
    expect(s.features).toHaveLength(38);
    const d = await loadExperiment(store, s.experiment_id);
    const byName = Object.fromEntries(d.features.map((f) => [f.name, f]));
    expect(byName.c20?.kind).toBe('numeric');
    expect((byName.c20?.values as Float64Array | undefined)?.[2]).toBe(Date.UTC(2020, 0, 3) / 86_400_000);
    expect(byName.c33?.values.slice(0, 3)).toEqual(['t0', 't1', 't2']);
    for (const j of [0, 15, 16, 17, 31, 32, 39])
      expect(
        Array.from((byName[`c${j}`]?.values as Float64Array | undefined)?.slice(0, 3) ?? []),
        `c${j}`,
      ).toEqual([100 + j * 1000, 101 + j * 1000, 102 + j * 1000]);
  });

  it('a Parquet file with a boolean treatment, integer outcome and typed features', async () => {
    const path = join(dir, 'typed.parquet');
    await store.run(
      `COPY (SELECT i % 2 = 0 AS treated, (i % 3 = 0)::INTEGER AS converted, i * 1.5 AS spend_before,
               CASE WHEN i % 5 = 0 THEN NULL ELSE 'Ж' END AS gender
             FROM range(40) t(i)) TO ${filePathLiteral(path)} (FORMAT PARQUET)`,
    );
    const s = await importExperiment(store, path, {
      treatment: 'treated',
      control: 'False',
      outcome: 'converted',
    });
    expect(s.arms.map((a) => [a.label, a.count])).toEqual([
      ['false', 20],
      ['true', 20],
    ]);
    expect(s.features.map((f) => [f.name, f.kind, f.missing])).toEqual([
      ['spend_before', 'numeric', 0],
      ['gender', 'categorical', 8],
    ]);
  });
});

describe('experiment training: arms too small to learn', () => {
  it('an arm of 1 row is refused at train with the --drop-arms way out, which then trains', async () => {
    // Before: the 1-row arm, converted once, became the best single arm recommended to everyone.
    const csv = rows(
      400,
      7,
      (i, rng) => (i === 7 ? 'c' : coin(i, rng)),
      (i) => (i === 7 ? '1' : String(i % 4 === 0 ? 1 : 0)),
    );
    const s = await importExperiment(store, file('tiny.csv', csv), ARM);
    const p = await invalidInputOf(trainExperimentModel(store, s.experiment_id, { seed: 1 }));
    expect(p.message).toMatch(
      /arm "c" has [01] training row\(s\) \([01] held out\); every arm needs at least 30 training rows to be learnt\. Import the file again without it: --drop-arms "c"/,
    );
    const dropped = await importExperiment(store, file('tiny.csv', csv), { ...ARM, dropArms: ['C'] });
    expect(dropped.dropped_arms).toEqual([{ label: 'c', count: 1 }]);
    expect(dropped.row_count).toBe(399);
    expect(dropped.arms.map((a) => a.label)).toEqual(['a', 'b']);
    const d = await loadExperiment(store, dropped.experiment_id);
    // Ids stay the file's row numbers: row 8 (the dropped one) is simply absent.
    expect(d.ids.slice(6, 8)).toEqual(['7', '9']);
    const trained = await trainExperimentModel(store, dropped.experiment_id, { seed: 1 });
    expect(trained.arms).toEqual(['a', 'b']);
    await expect(importExperiment(store, file('tiny.csv', csv), { ...ARM, dropArms: ['z'] })).rejects.toThrow(
      /--drop-arms "z" does not occur in column "arm" \(values: a \(\d+\), b \(\d+\), c \(1\)\)/,
    );
  }, 30_000);

  it('an arm missing from the held-out split is refused (its DR interval had zero width)', async () => {
    const lines = ['arm,y,x,split'];
    for (let i = 0; i < 600; i++) {
      const test = i >= 450;
      const arm = test ? ['a', 'b'][i % 2] : ['a', 'b', 'c'][i % 3];
      lines.push(`${arm},${(i * 7) % 5 === 0 ? 1 : 0},${i % 5},${test ? 'test' : 'train'}`);
    }
    const s = await importExperiment(store, file('no-c-in-test.csv', `${lines.join('\n')}\n`), {
      ...ARM,
      split: 'split',
    });
    await expect(trainExperimentModel(store, s.experiment_id, { seed: 1 })).rejects.toThrow(
      /arm "c" has 0 held-out row\(s\); evaluating an arm needs at least 10 held-out rows of it\. The file's split column/,
    );
  });

  it('an outcome that never varies on the training rows is refused', async () => {
    // A rare outcome whose only positives fall in the held-out split.
    const lines = ['arm,y,x,split'];
    for (let i = 0; i < 300; i++)
      lines.push(`${i % 2 ? 'a' : 'b'},${i >= 290 ? 1 : 0},${i % 7},${i >= 200 ? 'test' : 'train'}`);
    const s = await importExperiment(store, file('rare.csv', `${lines.join('\n')}\n`), {
      ...ARM,
      split: 'split',
    });
    await expect(trainExperimentModel(store, s.experiment_id, { seed: 1 })).rejects.toThrow(
      /the outcome is 0 in every one of the 200 training rows; nothing to learn/,
    );
  });
});
