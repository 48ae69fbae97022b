import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import {
  evaluateExperimentModel,
  scoreExperiment,
  trainExperimentModel,
} from '../causal/pipeline/experiment-model.ts';
import { Rng } from '../core/rng.ts';
import type { DuckDbStore } from '../store/duckdb-store.ts';
import { openStore } from '../store/open.ts';
import { captureStderr } from '../test-support/capture-stderr.ts';
import { invalidInputOf } from '../test-support/invalid-input.ts';
import { importExperiment, listExperiments, loadExperiment } from './experiment.ts';

/**
 * Cell values of spreadsheets and exports that an outside tester's files hold and that used to
 * mis-read silently: each is now read as meant, or named on stderr with the way out.
 */
let dir: string;
let store: DuckDbStore;
let stderr: string[];
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'aether-values-'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));
beforeEach(async () => {
  await store?.close();
  store = await openStore(':memory:');
  stderr = captureStderr();
});
afterEach(() => {
  vi.restoreAllMocks();
  vi.unstubAllEnvs();
});
const file = (name: string, lines: string[]) => {
  const path = join(dir, name);
  writeFileSync(path, `${lines.join('\n')}\n`);
  return path;
};
const ARM = { treatment: 'arm', control: 'a', outcome: 'y' };
const days = (y: number, m: number, d: number) => Date.UTC(y, m - 1, d) / 86_400_000;

describe('experiment import: cell values of spreadsheets and exports', () => {
  it('inf, Excel errors, "-" and "?" among numbers leave the column numeric, those cells missing', async () => {
    // Before: each of these columns was categorical (one level per number), silently, so a model
    // could not split on it and learnt nothing from it.
    const lines = ['arm,y,x_inf,x_excel,x_dash,x_pct'];
    for (let i = 0; i < 40; i++) {
      const v = (i * 0.37).toFixed(2);
      lines.push(
        [
          i % 2 ? 'b' : 'a',
          i % 3 ? 0 : 1,
          i === 3 ? 'inf' : i === 4 ? '-Infinity' : v,
          i === 5 ? '#N/A' : i === 6 ? '#DIV/0!' : v,
          i === 7 ? '-' : i === 8 ? '?' : v,
          i === 9 ? '12%' : v,
        ].join(','),
      );
    }
    const s = await importExperiment(store, file('cells.csv', lines), ARM);
    expect(s.features.map((f) => [f.name, f.kind, f.missing])).toEqual([
      ['x_inf', 'numeric', 2],
      ['x_excel', 'numeric', 2],
      ['x_dash', 'numeric', 2],
      ['x_pct', 'categorical', 0],
    ]);
    const d = await loadExperiment(store, s.experiment_id);
    const xInf = Array.from(d.features[0]?.values as Float64Array);
    expect(xInf.slice(2, 6)).toEqual([0.74, Number.NaN, Number.NaN, 1.85]);
    const said = stderr.join('');
    expect(said).toContain('feature "x_inf" has 2 infinite value(s) (inf, -inf); read as missing');
    // The one "12%" is named, so the user knows which cell to clean.
    expect(said).toMatch(
      /feature "x_pct" is read as categorical because 1 of its 40 values are not numbers \("12%" 1x\)/,
    );
  });

  it('spaces around a category are not a level of their own', async () => {
    const lines = ['arm,y,region'];
    for (let i = 0; i < 12; i++)
      lines.push(`${i % 2 ? 'b' : 'a'},${i % 3 ? 0 : 1},${['North', '"North "', ' North', 'South'][i % 4]}`);
    const s = await importExperiment(store, file('spaces.csv', lines), ARM);
    const d = await loadExperiment(store, s.experiment_id);
    expect(new Set(d.features[0]?.values as (string | null)[])).toEqual(new Set(['North', 'South']));
  });

  it('non-ISO dates in one unambiguous format become days since 1970; ambiguous and mixed ones stay text, said on stderr', async () => {
    const rng = new Rng(3);
    const lines = ['arm,y,us,de,jp,uk,dash,ambiguous,mixed'];
    const want: number[][] = [];
    for (let i = 0; i < 120; i++) {
      const [y, m, d] = [2015 + rng.int(8), 1 + rng.int(12), 1 + rng.int(28)];
      // Row 0 has a day above 12, which rules out the swapped reading of the slash columns.
      const day = i === 0 ? 25 : d;
      const mm = String(m).padStart(2, '0');
      const dd = String(day).padStart(2, '0');
      want.push([days(y, m, day)]);
      lines.push(
        [
          i % 2 ? 'b' : 'a',
          i % 3 ? 0 : 1,
          `${m}/${day}/${y}${i === 1 ? ' 10:30 PM' : ''}`,
          `${dd}.${mm}.${y}`,
          `${y}/${mm}/${dd}`,
          `${dd}/${mm}/${y}`,
          // Dashes, one-digit days and months, a space before: still read (the text-date
          // formats are tried only on values shaped like them).
          ` ${day}-${m}-${y}`,
          `${String(1 + (i % 12)).padStart(2, '0')}/${String(1 + (i % 11)).padStart(2, '0')}/2020`,
          [`${y}-${mm}-${dd}`, `${mm}/${dd}/${y}`, `${dd}.${mm}.${y}`][i % 3],
        ].join(','),
      );
    }
    const s = await importExperiment(store, file('dates.csv', lines), ARM);
    expect(s.features.map((f) => [f.name, f.kind, f.date_format ?? null])).toEqual([
      ['us', 'numeric', 'MM/DD/YYYY'],
      ['de', 'numeric', 'DD.MM.YYYY'],
      ['jp', 'numeric', 'YYYY/MM/DD'],
      ['uk', 'numeric', 'DD/MM/YYYY'],
      ['dash', 'numeric', 'DD-MM-YYYY'],
      ['ambiguous', 'categorical', null],
      ['mixed', 'categorical', null],
    ]);
    const d = await loadExperiment(store, s.experiment_id);
    for (const k of [0, 1, 2, 3, 4]) {
      const values = Array.from(d.features[k]?.values as Float64Array);
      // Row 1 of the US column carries a 12-hour time: 22:30 is 0.9375 of a day.
      expect(values.map((v) => Math.floor(v))).toEqual(want.map((w) => w[0]));
      if (k === 0) expect(values[1]).toBeCloseTo((want[1]?.[0] as number) + 0.9375, 9);
    }
    const said = stderr.join('');
    expect(said).toContain('feature "uk" read as dates written DD/MM/YYYY');
    expect(said).toContain('feature "ambiguous" holds dates that read as MM/DD/YYYY and as DD/MM/YYYY alike');
    expect(said).toMatch(
      /feature "mixed" has about \d+ distinct values in 120 rows \(an id, free text, or dates in mixed formats\?\)/,
    );
  });
});

describe('an experiment of arm and outcome only', () => {
  it('trains, evaluates and scores: one mean per arm, the best single arm for everyone', async () => {
    // Before: "arm has 2100 rows, X has 0" at train (a spreadsheet A/B/n of id, arm, outcome).
    const rng = new Rng(11);
    const lines = ['id,arm,y'];
    for (let i = 0; i < 1500; i++) {
      const arm = ['a', 'b', 'c'][i % 3] as string;
      lines.push(`u${i},${arm},${rng.bernoulli(arm === 'b' ? 0.35 : 0.15) ? 1 : 0}`);
    }
    const s = await importExperiment(store, file('ab-only.csv', lines), { ...ARM, id: 'id' });
    expect(s.features).toEqual([]);
    const trained = await trainExperimentModel(store, s.experiment_id, { seed: 1 });
    expect(trained.policy).toBe('best_single_arm');
    expect(trained.best_single_arm_on_training).toBe('b');
    expect(trained.evaluation.policy_counts).toEqual({ b: trained.holdout_rows });
    const again = await evaluateExperimentModel(store, s.experiment_id);
    expect(again.policy_value_dr).toEqual(trained.evaluation.policy_value_dr);
    const scored = await scoreExperiment(store, s.experiment_id, join(dir, 'ab-only-scores.csv'));
    expect(scored.rows).toBe(1500);
  }, 60_000);
});

describe('a split column not written train/test', () => {
  const splitFile = (name: string, values: string[]) => {
    const lines = ['arm,y,x,part'];
    for (let i = 0; i < 60; i++)
      lines.push(`${i % 2 ? 'b' : 'a'},${i % 3 ? 0 : 1},${i % 7},${values[i % values.length]}`);
    return file(name, lines);
  };
  const heldOut = async (id: string) => Array.from((await loadExperiment(store, id)).split ?? []);

  it('stops once, naming its values and --test-value, instead of one error per row', async () => {
    // Before: 60 row errors "split must be train or test, not "0"".
    const path = splitFile('is-test.csv', ['0', '0', '1']);
    const p = await invalidInputOf(importExperiment(store, path, { ...ARM, split: 'part' }));
    expect(p.message).toMatch(
      /the split column "part" is not written train\/test \(values: "0" \(40\), "1" \(20\)\); name the value of its held-out rows with --test-value/,
    );
    expect(Object.keys(p.params)).toEqual(['is-test.csv:*:part']);
    expect(await listExperiments(store)).toEqual([]);
  });

  it('--test-value names the held-out value (a number as a number); every other value trains', async () => {
    const s = await importExperiment(store, splitFile('is-test.csv', ['0.0', '0.0', '1.0']), {
      ...ARM,
      split: 'part',
      testValues: ['1'],
    });
    expect(s.split_test_values).toEqual(['1']);
    expect((await heldOut(s.experiment_id)).slice(0, 6)).toEqual([0, 0, 1, 0, 0, 1]);
    // train / valid / test: the validation rows are training rows when only test is held out.
    const tvt = await importExperiment(store, splitFile('tvt.csv', ['train', 'valid', 'TEST']), {
      ...ARM,
      split: 'part',
      testValues: ['test'],
    });
    expect((await heldOut(tvt.experiment_id)).slice(0, 3)).toEqual([0, 0, 1]);
    expect((await listExperiments(store)).map((e) => e.split_test_values)).toEqual([['1'], ['test']]);
    const p = await invalidInputOf(
      importExperiment(store, splitFile('tvt.csv', ['train', 'valid', 'test']), {
        ...ARM,
        split: 'part',
        testValues: ['test', 'holdout'],
      }),
    );
    expect(p.message).toMatch(/--test-value "holdout" does not occur in the split column "part" \(values: /);
  });

  it('training / holdout are read without --test-value; a stray value is its row error', async () => {
    const s = await importExperiment(store, splitFile('words.csv', ['Training', 'training', 'HoldOut']), {
      ...ARM,
      split: 'part',
    });
    expect((await heldOut(s.experiment_id)).slice(0, 3)).toEqual([0, 0, 1]);
    const p = await invalidInputOf(
      importExperiment(store, splitFile('typo.csv', ['train', 'test', 'train', 'tset']), {
        ...ARM,
        split: 'part',
      }),
    );
    expect(p.params['typo.csv:4:part']).toBe(
      'split must be train or test (or name the held-out value with --test-value), not "tset"',
    );
  });
});

describe('rows after a blank line', () => {
  it('keep the number of their line: an error names the row that holds the bad value', async () => {
    // Before: DuckDB skips the blank line but counts it in a rejected row's line, so the ragged
    // row was row 4 while "maybe" (line 6) was reported as row 3, which holds other values.
    const path = file('blank.csv', [
      'id,arm,x,y',
      '1,a,0.1,0',
      '',
      '2,b,0.2,1',
      '3,a,0.3',
      '4,b,0.4,maybe',
      '5,a,0.5,1',
    ]);
    const rejects = join(dir, 'blank-rejects.jsonl');
    const s = await importExperiment(store, path, { ...ARM, onError: 'skip', rejects });
    expect(s.skipped_rows).toBe(2);
    const rows = readFileSync(rejects, 'utf8')
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as { row: number; errors: { column: string }[] });
    expect(rows.map((r) => [r.row, r.errors[0]?.column])).toEqual([
      [4, 'y'],
      [5, 'y'],
    ]);
    // Without --id the row number is the id: line n + 1 is row n.
    expect((await loadExperiment(store, s.experiment_id)).ids).toEqual(['1', '3', '6']);
  });
});

describe('a CSV line longer than 2 MB', () => {
  it('is read whole (a JSON blob in a cell), instead of "CSV Error on Line: 1"', async () => {
    const lines = ['arm,y,x,note'];
    for (let i = 0; i < 30; i++)
      lines.push(`${i % 2 ? 'b' : 'a'},${i % 3 ? 0 : 1},${i % 5},${i === 7 ? 'z'.repeat(2_500_000) : 'n'}`);
    const s = await importExperiment(store, file('long.csv', lines), ARM);
    expect(s.row_count).toBe(30);
    const d = await loadExperiment(store, s.experiment_id);
    const note = d.features.find((f) => f.name === 'note');
    expect(String(note?.values[7]).length).toBe(2_500_000);
    // The note naming the odd cell shows 40 characters of it, not 2.5 MB.
    expect(Math.max(...stderr.map((l) => l.length))).toBeLessThan(2000);
  });
});

describe('a file of another kind', () => {
  it('is named for what it is: a workbook, a ZIP under a .csv name, Parquet under a .csv name', async () => {
    // Before: "cannot tell the format of book.xlsx", "NUL bytes: a binary file, or UTF-16 ...".
    const zip = Buffer.concat([Buffer.from('PK\x03\x04', 'latin1'), Buffer.alloc(64)]);
    writeFileSync(join(dir, 'book.xlsx'), zip);
    writeFileSync(join(dir, 'book.csv'), zip);
    writeFileSync(join(dir, 'table.csv'), Buffer.concat([Buffer.from('PAR1'), Buffer.alloc(64)]));
    await expect(importExperiment(store, join(dir, 'book.xlsx'), ARM)).rejects.toThrow(
      /book\.xlsx is a spreadsheet workbook, which is not read directly: save the sheet as CSV/,
    );
    await expect(importExperiment(store, join(dir, 'book.csv'), ARM)).rejects.toThrow(
      /book\.csv is a ZIP archive, not CSV text \(an Excel workbook saved under this name\?\)/,
    );
    await expect(importExperiment(store, join(dir, 'table.csv'), ARM)).rejects.toThrow(
      /table\.csv is a Parquet file, not CSV text: pass --format parquet/,
    );
  });
});

describe('a .json file that is not JSON Lines', () => {
  const records = Array.from({ length: 40 }, (_, i) => ({
    arm: i % 2 ? 'b' : 'a',
    y: i % 3 ? 0 : 1,
    x: i % 7,
  }));
  const json = (name: string, text: string) => {
    writeFileSync(join(dir, name), text);
    return join(dir, name);
  };

  it('one JSON array of records (pandas orient="records", API exports) is read, row n the n-th element', async () => {
    // Before: "row 1: not a JSON object" for the one-line array, one error per line for a pretty one.
    for (const [name, text] of [
      ['array.json', JSON.stringify(records)],
      ['pretty.json', JSON.stringify(records, null, 2)],
    ] as const) {
      const s = await importExperiment(store, json(name, text), ARM);
      expect(s.row_count).toBe(40);
      const d = await loadExperiment(store, s.experiment_id);
      expect(Array.from(d.arm.slice(0, 4))).toEqual([0, 1, 0, 1]);
      expect(Array.from(d.features[0]?.values as Float64Array).slice(0, 8)).toEqual([0, 1, 2, 3, 4, 5, 6, 0]);
    }
    await expect(
      importExperiment(store, json('cut.json', JSON.stringify(records).slice(0, 300)), ARM),
    ).rejects.toThrow(
      /cut\.json is a JSON array that does not parse: unexpected end of data at byte 300 \(a truncated file\?\)/,
    );
  });

  it('a UTF-8 byte order mark (Windows tools write one) is not part of the first record', async () => {
    // Before: "row 1: not valid JSON" for JSON Lines, "BOM is not supported" for an array.
    const bom = '\uFEFF';
    const lines = records.map((r) => JSON.stringify(r));
    for (const [name, text] of [
      ['bom.jsonl', `${bom}${lines.join('\r\n')}\r\n`],
      ['bom-array.json', `${bom}[${lines.join(',')}]`],
    ] as const) {
      const s = await importExperiment(store, json(name, text), ARM);
      expect(s.row_count).toBe(40);
    }
  });

  it("pandas' default to_json (one object per column) is named, not read as one row of JSON text", async () => {
    const columns = {
      arm: Object.fromEntries(records.map((r, i) => [i, r.arm])),
      y: Object.fromEntries(records.map((r, i) => [i, r.y])),
    };
    await expect(importExperiment(store, json('columns.json', JSON.stringify(columns)), ARM)).rejects.toThrow(
      /columns\.json holds one object per column \(pandas' to_json\(\) default\), not one per row/,
    );
  });
});

describe('an A/B/n sheet exported from a European spreadsheet', () => {
  // BOM, CRLF, ';', decimal commas, a header with spaces and capitals, a totals row at the end.
  const sheet = (outcome: (i: number) => string) => {
    const rows = ['Kunden Nr;Test Gruppe;Warenkorb Wert;Bestellt'];
    for (let i = 0; i < 30; i++)
      rows.push(
        `${100 + i};${['Kontrolle', 'Variante A', 'Variante B'][i % 3]};${i},5${i % 10};${outcome(i)}`,
      );
    rows.push('Summe;;1.234,50;');
    const path = join(dir, 'sheet.csv');
    writeFileSync(
      path,
      Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(`${rows.join('\r\n')}\r\n`)]),
    );
    return path;
  };
  const OPTIONS = {
    treatment: 'Test Gruppe',
    control: 'Kontrolle',
    outcome: 'Bestellt',
    id: 'Kunden Nr',
    decimalComma: true,
  };

  it('the totals row is named as such, and --on-error skip leaves it out', async () => {
    const path = sheet((i) => String(i % 4 === 0 ? 1 : 0));
    await expect(importExperiment(store, path, OPTIONS)).rejects.toThrow(
      /nothing was imported: the last row has no arm label \(a totals or notes row\?\); --on-error skip leaves it out\. First: row 31/,
    );
    const s = await importExperiment(store, path, { ...OPTIONS, onError: 'skip' });
    expect([s.row_count, s.skipped_rows]).toEqual([30, 1]);
    expect(s.arms.map((a) => a.label)).toEqual(['Kontrolle', 'Variante A', 'Variante B']);
    expect(s.features).toMatchObject([{ name: 'Warenkorb Wert', kind: 'numeric' }]);
    const d = await loadExperiment(store, s.experiment_id);
    expect(Array.from(d.features[0]?.values as Float64Array).slice(0, 3)).toEqual([0.5, 1.51, 2.52]);
  });

  it('a column of thousands written 1.234 without --decimal-comma is named (read as 1.234 it is out of order)', async () => {
    const lines = ['arm;y;basket;visits'];
    for (let i = 0; i < 30; i++)
      lines.push(`${i % 2 ? 'b' : 'a'};${i % 3 ? 0 : 1};${i % 4 ? 950 + i : `1.${200 + i}`};${i}.5`);
    const s = await importExperiment(store, file('thousands.csv', lines), ARM);
    expect(s.features.map((f) => f.kind)).toEqual(['numeric', 'numeric']);
    const said = stderr.join('');
    expect(said).toContain(
      'feature "basket" of this semicolon file writes 8 value(s) like "1.234" and no other decimals: read as 1.234 (a decimal point); if the point separates thousands, pass --decimal-comma',
    );
    // visits has ordinary decimals: not named.
    expect(said).not.toContain('feature "visits" of this semicolon file');
  });

  it('an outcome written 1,0 / 0,0 without --decimal-comma says to pass it', async () => {
    const p = await invalidInputOf(
      importExperiment(
        store,
        sheet((i) => (i % 4 === 0 ? '1,0' : '0,0')),
        { ...OPTIONS, decimalComma: false },
      ),
    );
    expect(p.message).toContain('"1,0" (a number with a decimal comma: pass --decimal-comma)');
  });
});

describe('a header that ends with the delimiter', () => {
  it('is read without its empty last name; a row that really misses a field is still its row error', async () => {
    // Before: every row "truncated or ragged row: expected number of columns: 4 found: 3".
    const lines = ['arm,y,x,'];
    for (let i = 0; i < 30; i++) lines.push(`${i % 2 ? 'b' : 'a'},${i % 3 ? 0 : 1},${i % 5}`);
    const s = await importExperiment(store, file('trailing.csv', lines), ARM);
    expect([s.row_count, s.features.map((f) => f.name)]).toEqual([30, ['x']]);
    expect(stderr.join('')).toContain('the header ends with a delimiter that no row has');
    lines[9] = 'b,0';
    const p = await invalidInputOf(importExperiment(store, file('trailing-bad.csv', lines), ARM));
    expect(p.params['trailing-bad.csv:9:x']).toMatch(
      /truncated or ragged row: expected number of columns: 3 found: 2/,
    );
  });
});

describe('title lines above the header', () => {
  it('are skipped and named on stderr; the delimiter is found from the header below them', async () => {
    // Before: the title was read as a one-column header and every row as ragged.
    const lines = ['Campaign report Q3 2026', '', 'arm;y;x'];
    for (let i = 0; i < 30; i++) lines.push(`${i % 2 ? 'b' : 'a'};${i % 3 ? 0 : 1};${i % 5},5`);
    lines[10] = 'b;1';
    const p = await invalidInputOf(importExperiment(store, file('titled.csv', lines), ARM));
    // Line 11 is data row 8 (two title lines and the header above it).
    expect(Object.keys(p.params)).toEqual(['titled.csv:8:x']);
    lines[10] = 'b;1;2,5';
    const s = await importExperiment(store, file('titled.csv', lines), { ...ARM, decimalComma: true });
    expect(s.row_count).toBe(30);
    expect(
      Array.from((await loadExperiment(store, s.experiment_id)).features[0]?.values as Float64Array).slice(
        0,
        3,
      ),
    ).toEqual([0.5, 1.5, 2.5]);
    expect(stderr.join('')).toContain(
      'titled.csv: 2 line(s) above the header skipped (a title?): "Campaign report Q3 2026"',
    );
  });
});

describe('a test randomised at different rates by segment', () => {
  it('is named as a possible stratified test, with --strata COL as the fix', async () => {
    const rng = new Rng(4);
    const lines = ['arm,y,country'];
    for (let i = 0; i < 2000; i++) {
      const de = rng.bernoulli(0.5);
      lines.push(
        `${rng.bernoulli(de ? 0.9 : 0.3) ? 'b' : 'a'},${rng.bernoulli(de ? 0.3 : 0.1) ? 1 : 0},${de ? 'DE' : 'US'}`,
      );
    }
    const s = await importExperiment(store, file('stratified.csv', lines), ARM);
    expect(s.excluded_imbalanced).toEqual(['country']);
    expect(stderr.join('')).toContain(
      'Or arms assigned at different rates by its levels (a stratified test): then pass --strata "country", which keeps it as a feature',
    );
  });
});
