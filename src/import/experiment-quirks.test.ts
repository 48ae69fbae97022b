import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { DuckDbStore } from '../store/duckdb-store.ts';
import { openStore } from '../store/open.ts';
import { withStderr } from '../test-support/capture-stderr.ts';
import { invalidInputOf } from '../test-support/invalid-input.ts';
import { importExperiment, listExperiments, loadExperiment } from './experiment.ts';

/** Real-world CSV quirks on the experiment import: each either reads right or fails naming file, row, column and why. */
let dir: string;
let store: DuckDbStore;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'aether-quirks-'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));
beforeEach(async () => {
  await store?.close();
  store = await openStore(':memory:');
});
const file = (name: string, content: string | Buffer) => {
  const path = join(dir, name);
  writeFileSync(path, content);
  return path;
};
const BASIC = { treatment: 'segment', control: 'No E-Mail', outcome: 'conversion' };

const numbers = (a: Float64Array | null | undefined) => Array.from(a ?? []);

describe('experiment import on real-world CSV quirks', () => {
  it('a UTF-8 byte order mark and Windows line ends', async () => {
    const body = 'segment,conversion,spend,zip_code\r\nNo E-Mail,0,0,Urban\r\nMens E-Mail,1,12.5,Rural\r\n';
    const path = file('bom-crlf.csv', Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(body)]));
    const s = await importExperiment(store, path, { ...BASIC, revenue: 'spend' });
    // The first column keeps its name (no BOM glued to it) and the last value has no stray \r.
    expect(s.treatment_column).toBe('segment');
    const d = await loadExperiment(store, s.experiment_id);
    expect(numbers(d.revenue)).toEqual([0, 12.5]);
    expect(d.features[0].values).toEqual(['Urban', 'Rural']);
  });

  it('quoted fields with commas, quotes and line breaks', async () => {
    const csv = [
      'segment,conversion,history_segment,note',
      'No E-Mail,0,"6) $750 - $1,000","said ""hi"", left"',
      'Mens E-Mail,1,"7) $1,000 +","two',
      'lines"',
      'No E-Mail,0,"1) $0 - $100",plain',
    ].join('\n');
    const s = await importExperiment(store, file('quoted.csv', `${csv}\n`), BASIC);
    expect(s.row_count).toBe(3);
    const d = await loadExperiment(store, s.experiment_id);
    expect(d.features.map((f) => f.values)).toEqual([
      ['6) $750 - $1,000', '7) $1,000 +', '1) $0 - $100'],
      ['said "hi", left', 'two\nlines', 'plain'],
    ]);
  });

  it('a header with spaces around the names', async () => {
    const csv = ' segment , conversion ,"  recency "\nNo E-Mail,0,3\nMens E-Mail,1,4\n';
    const s = await importExperiment(store, file('spaces.csv', csv), { ...BASIC, treatment: ' segment ' });
    expect([s.treatment_column, s.outcome_column, s.features.map((f) => f.name)]).toEqual([
      'segment',
      'conversion',
      ['recency'],
    ]);
  });

  it('semicolon- and tab-delimited files, found from the header line, and decimal commas', async () => {
    const semi = 'segment;conversion;spend;history\nNo E-Mail;0;0;1.234,50\nMens E-Mail;1;"29,99 €";87,5\n';
    const s = await importExperiment(store, file('semi.csv', semi), {
      ...BASIC,
      revenue: 'spend',
      decimalComma: true,
    });
    const d = await loadExperiment(store, s.experiment_id);
    expect(numbers(d.revenue)).toEqual([0, 29.99]);
    expect(d.features[0]).toMatchObject({ name: 'history', kind: 'numeric' });
    expect(numbers(d.features[0].values as Float64Array)).toEqual([1234.5, 87.5]);
    // Without --decimal-comma the revenue is refused with the row, the column and a hint.
    const p = await invalidInputOf(
      importExperiment(store, file('semi.csv', semi), { ...BASIC, revenue: 'spend' }),
    );
    expect(p.params['semi.csv:2:spend']).toMatch(/revenue must be a number .*--decimal-comma.*: "29,99 €"/);
    const tab = 'segment\tconversion\tage\nNo E-Mail\t0\t31\nMens E-Mail\t1\t45\n';
    const t = await importExperiment(store, file('tab.tsv', tab), BASIC);
    expect(t.features.map((f) => [f.name, f.kind])).toEqual([['age', 'numeric']]);
    // An explicit --delimiter wins, and a bad one is named.
    const forced = await importExperiment(
      store,
      file('pipe.csv', 'segment|conversion|a,b\nNo E-Mail|0|x\nA|1|y\n'),
      {
        ...BASIC,
        delimiter: '|',
      },
    );
    expect(forced.features.map((f) => f.name)).toEqual(['a,b']);
    await expect(importExperiment(store, file('t.csv', tab), { ...BASIC, delimiter: '::' })).rejects.toThrow(
      /--delimiter must be one of/,
    );
  });

  it("Excel's sep= first line names the delimiter; rows are still counted from the header", async () => {
    const ok = 'sep=;\r\nsegment;conversion;spend\r\nNo E-Mail;0;0\r\nMens E-Mail;1;12,5\r\n';
    const s = await importExperiment(store, file('excel.csv', ok), {
      ...BASIC,
      revenue: 'spend',
      decimalComma: true,
    });
    expect(numbers((await loadExperiment(store, s.experiment_id)).revenue)).toEqual([0, 12.5]);
    const ragged = 'sep=;\nsegment;conversion;x\nNo E-Mail;0;1\nMens E-Mail;1\n';
    const p = await invalidInputOf(importExperiment(store, file('excel-bad.csv', ragged), BASIC));
    expect(p.params).toEqual({
      'excel-bad.csv:2:x': 'truncated or ragged row: expected number of columns: 3 found: 2',
    });
  });

  it('money with currency signs and thousands separators is read as numbers; anything else is a row error', async () => {
    const csv = [
      'segment,conversion,spend,history',
      'No E-Mail,0,0,"$1,234.50"',
      'Mens E-Mail,1,"$1,234.50",87',
      'Mens E-Mail,1,"1,000",£12',
      'No E-Mail,1,-$5.25,"12,345,678"',
      'No E-Mail,0,12.50 €,1e3',
    ].join('\n');
    const s = await importExperiment(store, file('money.csv', `${csv}\n`), { ...BASIC, revenue: 'spend' });
    const d = await loadExperiment(store, s.experiment_id);
    expect(numbers(d.revenue)).toEqual([0, 1234.5, 1000, -5.25, 12.5]);
    expect(d.features[0].kind).toBe('numeric');
    expect(numbers(d.features[0].values as Float64Array)).toEqual([1234.5, 87, 12, 12345678, 1000]);
    const bad = [
      'segment,conversion,spend',
      'No E-Mail,0,0',
      'Mens E-Mail,1,"1,23"',
      'Mens E-Mail,1,USD 12',
      'No E-Mail,0,"1,2345.00"',
      'No E-Mail,0,',
    ].join('\n');
    const p = await invalidInputOf(
      importExperiment(store, file('bad-money.csv', `${bad}\n`), { ...BASIC, revenue: 'spend' }),
    );
    expect(p.message).toMatch(/bad-money\.csv: 4 bad row\(s\).*nothing was imported/);
    expect(Object.keys(p.params)).toEqual([
      'bad-money.csv:2:spend',
      'bad-money.csv:3:spend',
      'bad-money.csv:4:spend',
      'bad-money.csv:5:spend',
    ]);
    expect(p.params['bad-money.csv:2:spend']).toMatch(
      /revenue must be a number \(12\.5, 1,234\.50 or \$1,234\.50.*: "1,23"$/,
    );
    expect(p.params['bad-money.csv:5:spend']).toBe('missing revenue');
  });

  it('binary outcomes written yes/no or true/false, any case', async () => {
    const csv =
      'segment,conversion,newbie\nNo E-Mail,No,yes\nMens E-Mail,YES,no\nNo E-Mail,true,yes\nMens E-Mail, False ,no\n';
    const s = await importExperiment(store, file('yesno.csv', csv), BASIC);
    const d = await loadExperiment(store, s.experiment_id);
    expect(numbers(d.outcome)).toEqual([0, 1, 1, 0]);
    expect(d.outcomeBinary).toBe(true);
    expect(d.features[0]).toMatchObject({
      name: 'newbie',
      kind: 'categorical',
      values: ['yes', 'no', 'yes', 'no'],
    });
  });

  it('arm labels differing only in case and spacing are one arm; the control matches the same way', async () => {
    const csv = [
      'segment,conversion',
      'Mens E-Mail,1',
      ' mens  e-mail ,0',
      'MENS E-MAIL,1',
      'Mens E-Mail,0',
      'No E-Mail,0',
      'no e-mail,1',
      'Womens E-Mail,0',
    ].join('\n');
    const s = await importExperiment(store, file('arms.csv', `${csv}\n`), {
      ...BASIC,
      control: ' NO E-MAIL',
    });
    expect(s.arms).toEqual([
      { index: 0, label: 'No E-Mail', count: 2, share: 2 / 7, spellings: ['no e-mail'] },
      { index: 1, label: 'Mens E-Mail', count: 4, share: 4 / 7, spellings: ['MENS E-MAIL', 'mens e-mail'] },
      { index: 2, label: 'Womens E-Mail', count: 1, share: 1 / 7 },
    ]);
    const d = await loadExperiment(store, s.experiment_id);
    expect(Array.from(d.arm)).toEqual([1, 1, 1, 1, 0, 0, 2]);
  });

  it('a header name written twice: the repeat is read as name_1 (and named on stderr)', async () => {
    const s = await importExperiment(
      store,
      file('dup.csv', 'segment,conversion,x,x\nNo E-Mail,0,1,2\nA,1,3,4\n'),
      BASIC,
    );
    expect(s.features.map((f) => f.name)).toEqual(['x', 'x_1']);
    const d = await loadExperiment(store, s.experiment_id);
    expect(numbers(d.features[1].values as Float64Array)).toEqual([2, 4]);
  });

  it('a row index saved by pandas (unnamed first column) is not a feature', async () => {
    const lines = [',segment,conversion,recency'];
    for (let i = 0; i < 30; i++)
      lines.push(`${i},${i % 2 ? 'Mens E-Mail' : 'No E-Mail'},${i % 3 ? 0 : 1},${(i * 7) % 12}`);
    const s = await importExperiment(store, file('pandas.csv', `${lines.join('\n')}\n`), BASIC);
    expect(s.excluded_row_index).toEqual(['column0']);
    expect(s.features.map((f) => f.name)).toEqual(['recency']);
    expect((await listExperiments(store))[0].excluded_row_index).toEqual(['column0']);
  });

  it('an id with gaps rising with the row (Starbucks ID 1, 3, 4, 7, …) is named with the --id to pass', async () => {
    const lines = ['ID,Promotion,purchase,V1,V2'];
    let id = 0;
    for (let i = 0; i < 30; i++) {
      id += 1 + (i % 3);
      lines.push(`${id},${i % 2 ? 'Yes' : 'No'},${i % 4 ? 0 : 1},${i % 4},${(i * 7) % 11}`);
    }
    // V2 (0, 7, 3, 10, …) takes whole numbers but does not rise; V1 spans 0..3 only.
    const path = file('sbux.csv', `${lines.join('\n')}\n`);
    const opts = { treatment: 'Promotion', control: 'No', outcome: 'purchase' };
    const { result: s, stderr } = await withStderr(() => importExperiment(store, path, opts));
    expect(stderr).toContain('"ID" holds a different whole number in every row, rising with the row');
    expect(stderr).toContain('--id "ID"');
    expect(stderr).not.toContain('"V2" holds');
    // Only a note: the column stays a feature unless the user says otherwise.
    expect(s.features.map((f) => f.name)).toEqual(['ID', 'V1', 'V2']);
    const keyed = await withStderr(() => importExperiment(store, path, { ...opts, id: 'ID' }));
    expect(keyed.stderr).not.toContain('holds a different whole number');
    expect(keyed.result.features.map((f) => f.name)).toEqual(['V1', 'V2']);
    // One step down (a file sorted otherwise) and it is no longer an id in file order.
    const unsorted = [...lines.slice(0, 5), lines[6], lines[5], ...lines.slice(7)];
    const other = await withStderr(() =>
      importExperiment(store, file('sbux2.csv', `${unsorted.join('\n')}\n`), opts),
    );
    expect(other.stderr).not.toContain('holds a different whole number');
  });

  it('an arm-and-outcome file (X5 uplift_train.csv alone) says train can only pick one arm, and why', async () => {
    const lines = ['client_id,treatment_flg,target'];
    for (let i = 0; i < 30; i++)
      lines.push(`${(0x12768d + i * 97).toString(16).padStart(10, '0')},${i % 2},${i % 3 ? 1 : 0}`);
    const path = file('uplift_train.csv', `${lines.join('\n')}\n`);
    const opts = { treatment: 'treatment_flg', control: '0', outcome: 'target', id: 'client_id' };
    const { result: s, stderr } = await withStderr(() => importExperiment(store, path, opts));
    expect(s.features).toEqual([]);
    expect(stderr).toContain('no feature column');
    expect(stderr).toContain('clients.csv');
    const withAge = file(
      'x5.csv',
      `${lines.map((l, i) => `${l},${i ? 20 + (i % 40) : 'age'}`).join('\n')}\n`,
    );
    expect((await withStderr(() => importExperiment(store, withAge, opts))).stderr).not.toContain(
      'no feature column',
    );
  });

  it('X5 RetailHero shape: ISO dates become days since 1970, empty dates are missing', async () => {
    const csv = [
      'client_id,treatment_flg,target,age,gender,first_issue_date,first_redeem_date',
      '000012768d,0,1,45,U,2017-08-05 15:44:00,2018-01-04 19:30:07',
      '000036f903,1,1,72,F,1970-01-02,',
      '00010925a5,1,0,83,U,2018-07-06T12:00:00Z,2018-07-06 00:00:00',
      '0001f552b0,0,1,33,F,2017-06-30 12:00:00+02:00,',
    ].join('\n');
    const s = await importExperiment(store, file('x5.csv', `${csv}\n`), {
      treatment: 'treatment_flg',
      control: '0',
      outcome: 'target',
      id: 'client_id',
    });
    expect(s.features.map((f) => [f.name, f.kind, f.parsed_from ?? null, f.missing])).toEqual([
      ['age', 'numeric', null, 0],
      ['gender', 'categorical', null, 0],
      ['first_issue_date', 'numeric', 'date', 0],
      ['first_redeem_date', 'numeric', 'date', 2],
    ]);
    const d = await loadExperiment(store, s.experiment_id);
    const issue = d.features[2].values as Float64Array;
    expect(issue[1]).toBe(1);
    expect(issue[2]).toBe(Date.UTC(2018, 6, 6, 12) / 86_400_000);
    // With an offset the instant is taken in UTC: 12:00+02:00 is 10:00 UTC.
    expect(issue[3]).toBeCloseTo(Date.UTC(2017, 5, 30, 10) / 86_400_000, 9);
    expect(Number.isNaN((d.features[3].values as Float64Array)[1])).toBe(true);
  });

  it('Lenta shape: Cyrillic categories, test/control arms, NaN-filled numeric columns', async () => {
    const csv = [
      'age,gender,group,response_att,food_share_15d,k_var_disc_share_6m',
      '47,Ж,test,0,0.7,NaN',
      '57,М,control,1,,1.2',
      '38,Не определен,test,1,0.3,0.8',
      '65,Ж,control,0,NaN,',
    ].join('\n');
    const s = await importExperiment(store, file('lenta.csv', `${csv}\n`), {
      treatment: 'group',
      control: 'control',
      outcome: 'response_att',
    });
    expect(s.arms.map((a) => a.label)).toEqual(['control', 'test']);
    expect(s.features.map((f) => [f.name, f.kind, f.missing])).toEqual([
      ['age', 'numeric', 0],
      ['gender', 'categorical', 0],
      ['food_share_15d', 'numeric', 2],
      ['k_var_disc_share_6m', 'numeric', 2],
    ]);
    const d = await loadExperiment(store, s.experiment_id);
    expect(d.features[1].values).toEqual(['Ж', 'М', 'Не определен', 'Ж']);
  });

  it('malformed files fail naming the row and column, and leave the database as it was', async () => {
    const good = await importExperiment(
      store,
      file('good.csv', 'segment,conversion,x\nNo E-Mail,0,1\nMens E-Mail,1,2\n'),
      BASIC,
    );
    const tables = async () =>
      (await store.query<{ t: string }>('SELECT table_name AS t FROM duckdb_tables() ORDER BY 1')).map(
        (r) => r.t,
      );
    const before = { experiments: await listExperiments(store), tables: await tables() };
    const cases: [string, string, Record<string, string>][] = [
      [
        'ragged.csv',
        'segment,conversion,x\nNo E-Mail,0,1\nMens E-Mail,1\nNo E-Mail,0,1,9\n',
        {
          'ragged.csv:2:x': 'truncated or ragged row: expected number of columns: 3 found: 2',
          'ragged.csv:3:*': 'ragged row: expected number of columns: 3 found: 4',
        },
      ],
      // A file cut off inside a quoted value: DuckDB's sniffer gives up on it; the row is still named.
      [
        'truncated.csv',
        'segment,conversion,x\nNo E-Mail,0,1\nMens E-Mail,1,"2\n',
        { 'truncated.csv:2:x': 'unterminated or misplaced quote (truncated file?)' },
      ],
      [
        'labels.csv',
        'segment,conversion,x\nNo E-Mail,0,1\n  ,1,2\nMens E-Mail,,3\nMens E-Mail,maybe,3\n',
        {
          'labels.csv:2:segment': 'missing arm label',
          'labels.csv:3:conversion': 'missing outcome',
          'labels.csv:4:conversion': 'outcome must be numeric or binary (0/1, true/false, yes/no): "maybe"',
        },
      ],
    ];
    for (const [name, content, expected] of cases) {
      const p = await invalidInputOf(importExperiment(store, file(name, content), BASIC));
      expect(p.params, name).toEqual(expected);
    }
    await expect(
      importExperiment(store, file('binary.csv', Buffer.from([0x73, 0x00, 0x65, 0x00, 0x0a, 0x00])), BASIC),
    ).rejects.toThrow(/not CSV text \(NUL bytes/);
    await expect(
      importExperiment(
        store,
        file('cp1252.csv', Buffer.from('segment,conversion,city\nNo E-Mail,0,Liège\n', 'latin1')),
        BASIC,
      ),
    ).rejects.toThrow(/cp1252\.csv is not UTF-8 text: line 2 has the byte 0xE8.*--encoding windows-1252/);
    expect(await listExperiments(store)).toEqual(before.experiments);
    expect(await tables()).toEqual(before.tables);
    expect(before.tables).toContain(`experiment_rows_${good.experiment_id.slice(4)}`);
  });
});
