import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type AppError, InvalidInput } from '../core/errors.ts';
import type { DuckDbStore } from '../store/duckdb-store.ts';
import { openStore } from '../store/open.ts';
import { fileWriter } from '../test-support/file-writer.ts';
import { importTable } from './import-table.ts';

let dir: string;
let store: DuckDbStore;

beforeEach(async () => {
  dir = mkdtempSync(join(tmpdir(), 'aether-import-'));
  store = await openStore(':memory:');
});
afterEach(async () => {
  await store.close();
});

const file = fileWriter(() => dir);

/** The invalid_params of the error `promise` rejects with, as "row:column" → reason. */
async function problems(promise: Promise<unknown>): Promise<Record<string, string>> {
  try {
    await promise;
  } catch (e) {
    expect(e).toBeInstanceOf(InvalidInput);
    const out: Record<string, string> = {};
    for (const p of (e as AppError).invalidParams) {
      const [, row, column] = p.name.match(/:([^:]+):([^:]+)$/) ?? [];
      out[`${row}:${column}`] = p.reason;
    }
    return out;
  }
  throw new Error('expected the import to fail');
}

const CUSTOMERS = `customer_id,first_name,location_country,creation_date,email_opt_in
c1,Ana,Portugal,2024-01-01T00:00:00Z,true
c2,Ben,USA,2024-02-01 10:00:00,false
c3,"Cy, Jr.",Norway,2024-03-01T12:00:00+02:00,yes
`;

const count = async (table: string) =>
  (await store.query<{ n: number }>(`SELECT count(*) AS n FROM ${table}`))[0].n;

describe('aether import TABLE FILE', () => {
  it('reads semicolon-delimited files (found from the header, or --delimiter)', async () => {
    const semi = CUSTOMERS.replaceAll(',', ';').replace('"Cy; Jr."', '"Cy, Jr."');
    const r = await importTable(store, 'customers', file('semi.csv', semi), { refreshProfiles: false });
    expect(r.imported).toBe(3);
    const names = await store.query<{ first_name: string }>(
      'SELECT first_name FROM customers ORDER BY customer_id',
    );
    expect(names.map((x) => x.first_name)).toEqual(['Ana', 'Ben', 'Cy, Jr.']);
    const again = await importTable(store, 'customers', file('semi2.csv', semi), {
      refreshProfiles: false,
      delimiter: ';',
    });
    expect(again.replaced).toBe(3);
  });

  it('loads a CSV, converts types (offsets to UTC) and refreshes the profiles', async () => {
    const r = await importTable(store, 'customers', file('customers.csv', CUSTOMERS));
    expect(r).toMatchObject({
      table: 'customers',
      format: 'csv',
      rows_in_file: 3,
      imported: 3,
      replaced: 0,
      rejected: 0,
    });
    const rows = await store.query(
      'SELECT customer_id, first_name, creation_date, email_opt_in, sms_opt_in FROM customers ORDER BY 1',
    );
    expect(rows).toEqual([
      {
        customer_id: 'c1',
        first_name: 'Ana',
        creation_date: '2024-01-01T00:00:00Z',
        email_opt_in: true,
        sms_opt_in: false,
      },
      {
        customer_id: 'c2',
        first_name: 'Ben',
        creation_date: '2024-02-01T10:00:00Z',
        email_opt_in: false,
        sms_opt_in: false,
      },
      {
        customer_id: 'c3',
        first_name: 'Cy, Jr.',
        creation_date: '2024-03-01T10:00:00Z',
        email_opt_in: true,
        sms_opt_in: false,
      },
    ]);
    expect(r.profiles?.customers).toBe(3);
    expect(await count('customer_profiles')).toBe(3);
  });

  it('re-importing the same file replaces rows instead of duplicating them', async () => {
    const path = file('customers.csv', CUSTOMERS);
    await importTable(store, 'customers', path);
    const again = await importTable(store, 'customers', path);
    expect(again).toMatchObject({ imported: 3, replaced: 3 });
    expect(await count('customers')).toBe(3);
    // A table without a primary key uses its natural key.
    const events = file(
      'email.csv',
      'campaign_id,customer_id,event_type,occurred_at\nk1,c1,opened,2025-01-01T10:00:00Z\nk1,c2,delivered,2025-01-01T09:00:00Z\n',
    );
    await importTable(store, 'email_events', events);
    await importTable(store, 'email_events', events);
    expect(await count('email_events')).toBe(2);
  });

  it('reads JSON Lines and Parquet into the same rows as CSV', async () => {
    const csv = file(
      'orders.csv',
      'order_id,customer_id,ordered_at,subtotal,total,status\no1,c1,2025-01-01T10:00:00Z,100,105,completed\no2,c2,2025-02-01T10:00:00Z,50.5,55.5,returned\n',
    );
    await importTable(store, 'orders', csv);
    const fromCsv = await store.query('SELECT * FROM orders ORDER BY order_id');
    await store.run(`COPY (SELECT * FROM orders) TO '${join(dir, 'orders.parquet')}' (FORMAT parquet)`);
    await store.run('DELETE FROM orders');
    const jsonl = file(
      'orders.jsonl',
      '{"order_id":"o1","customer_id":"c1","ordered_at":"2025-01-01T10:00:00Z","subtotal":100,"total":105,"status":"completed"}\n' +
        '\n{"order_id":"o2","customer_id":"c2","ordered_at":"2025-02-01T10:00:00Z","subtotal":50.5,"total":55.5,"status":"returned"}\n',
    );
    expect((await importTable(store, 'orders', jsonl)).format).toBe('jsonl');
    expect(await store.query('SELECT * FROM orders ORDER BY order_id')).toEqual(fromCsv);
    await store.run('DELETE FROM orders');
    expect((await importTable(store, 'orders', join(dir, 'orders.parquet'))).format).toBe('parquet');
    expect(await store.query('SELECT * FROM orders ORDER BY order_id')).toEqual(fromCsv);
  });

  it('names missing and unknown columns, and imports nothing', async () => {
    const p = await problems(
      importTable(store, 'customers', file('c.csv', 'customer_id,first_nam\nc1,Ana\n')),
    );
    expect(p).toEqual({
      'header:first_nam': 'unknown column for customers',
      'header:creation_date': 'missing required column',
    });
    expect(await count('customers')).toBe(0);
  });

  it('reports every bad value with its row, column and reason', async () => {
    const csv = [
      'order_id,line_no,product_id,quantity,unit_price,returned',
      'o1,1,p1,2,10.5,false',
      'o1,2,p2,1.5,10,false', // row 2: quantity not an integer
      'o1,3,p3,1,abc,maybe', // row 3: price and boolean
      'o1,1,p4,1,10,false', // row 4: duplicate key of row 1
      'o2,1,,0,-1,false', // row 5: missing product, quantity 0, negative price
    ].join('\n');
    const p = await problems(importTable(store, 'order_items', file('items.csv', `${csv}\n`)));
    expect(p).toEqual({
      '2:quantity': 'not an integer: "1.5"',
      '3:unit_price': 'not a number: "abc"',
      '3:returned': 'not a boolean (true/false): "maybe"',
      '4:order_id,line_no': 'duplicate key within the file (first in row 1)',
      '5:product_id': 'missing value',
      '5:quantity': expect.stringMatching(/^must be > 0 \(a negative value is a cancellation/),
      '5:unit_price': expect.stringMatching(/^must be >= 0 \(a negative value is a cancellation/),
    });
    expect(await count('order_items')).toBe(0);
  });

  it('checks enumerations and probabilities of campaign exposures', async () => {
    const csv =
      'campaign_id,customer_id,arm,assignment_probability,sent_at\nk1,c1,discount,0.5,2025-01-01\nk1,c2,coupon,0.5,2025-01-01\nk1,c3,control,0,2025-01-01\nk1,c4,control,1.2,2025-01-01\n';
    const p = await problems(importTable(store, 'campaign_exposures', file('x.csv', csv)));
    expect(Object.keys(p)).toEqual(['2:arm', '3:assignment_probability', '4:assignment_probability']);
    expect(p['3:assignment_probability']).toBe('must be a probability in (0, 1]');
  });

  it('reports truncated files: a cut CSV row and a cut JSON line', async () => {
    const cut = `${CUSTOMERS}c4,Dee,Chile,2024-0`;
    const p = await problems(importTable(store, 'customers', file('cut.csv', cut)));
    expect(Object.keys(p)).toEqual(['4:email_opt_in']);
    expect(p['4:email_opt_in']).toMatch(/truncated or ragged row/);
    const cutJson = '{"customer_id":"c1","creation_date":"2024-01-01"}\n{"customer_id":"c2","creat';
    const q = await problems(importTable(store, 'customers', file('cut.jsonl', cutJson)));
    expect(q).toEqual({ '2:*': 'not valid JSON (truncated line?)' });
    expect(await count('customers')).toBe(0);
  });

  it('rejects an empty file, and a file in the wrong encoding once, naming the line and the way out', async () => {
    await expect(importTable(store, 'customers', file('empty.csv', ''))).rejects.toThrow(/is empty/);
    const latin1 = Buffer.from(`${CUSTOMERS}c4,Zoë,France,2024-01-01,true\n`, 'latin1');
    const p = await problems(importTable(store, 'customers', file('latin1.csv', latin1)));
    // One problem for the file (not one per row), at data row 4 (line 5), with the byte and the option.
    expect(p).toEqual({ '4:*': 'wrong encoding: not valid UTF-8 (byte 0xEB; try --encoding windows-1252)' });
    await expect(
      importTable(store, 'customers', file('latin1.jsonl', Buffer.from('{"customer_id":"Zoë"}\n', 'latin1'))),
    ).rejects.toThrow(/latin1\.jsonl is not UTF-8 text: line 1 has the byte 0xEB/);
    // Binary content is refused as such, not read as text.
    await expect(
      importTable(store, 'customers', file('binary.csv', Buffer.from([0x63, 0x00, 0x01, 0x02, 0x0a]))),
    ).rejects.toThrow(/not CSV text \(NUL bytes/);
    expect(await count('customers')).toBe(0);
  });

  it('reads Windows-1252 and Latin-1 files when told, and UTF-16 with a byte order mark by itself', async () => {
    const rows = `${CUSTOMERS}c4,Zoë,France,2024-01-01,true\n`;
    await importTable(store, 'customers', file('cp1252.csv', Buffer.from(rows, 'latin1')), {
      encoding: 'windows-1252',
    });
    const utf8 = await store.query('SELECT * FROM customers ORDER BY customer_id');
    expect(utf8.find((r) => r.customer_id === 'c4')?.first_name).toBe('Zoë');
    await store.run('DELETE FROM customers');
    // Excel's "Unicode text": UTF-16LE with a byte order mark, tab-delimited.
    const utf16 = Buffer.concat([
      Buffer.from([0xff, 0xfe]),
      Buffer.from(rows.replaceAll(',', '\t').replace('Cy\t Jr.', 'Cy, Jr.'), 'utf16le'),
    ]);
    await importTable(store, 'customers', file('unicode.txt', utf16));
    expect(await store.query('SELECT * FROM customers ORDER BY customer_id')).toEqual(utf8);
    await expect(
      importTable(store, 'customers', file('x.csv', rows), { encoding: 'ebcdic' }),
    ).rejects.toThrow(/--encoding must be one of utf-8, latin-1, windows-1252/);
  });

  it('reads gzip-compressed CSV and JSON Lines, and names a corrupt one', async () => {
    await importTable(store, 'customers', file('plain.csv', CUSTOMERS));
    const plain = await store.query('SELECT * FROM customers ORDER BY customer_id');
    await store.run('DELETE FROM customers');
    const result = await importTable(store, 'customers', file('customers.csv.gz', gzipSync(CUSTOMERS)));
    expect(result.format).toBe('csv');
    expect(await store.query('SELECT * FROM customers ORDER BY customer_id')).toEqual(plain);
    await store.run('DELETE FROM customers');
    const jsonl =
      '{"customer_id":"c1","creation_date":"2024-01-01"}\n{"customer_id":"c2","creation_date":"2024-02-01"}\n';
    await importTable(store, 'customers', file('customers.jsonl.gz', gzipSync(jsonl)));
    expect(await count('customers')).toBe(2);
    // A download cut short: the gzip stream ends early. Nothing is imported; the file is named.
    const cut = gzipSync(CUSTOMERS.repeat(50));
    await expect(
      importTable(store, 'customers', file('cut.csv.gz', cut.subarray(0, cut.length - 30))),
    ).rejects.toThrow(/cut\.csv\.gz: cannot be read as gzip/);
    expect(await count('customers')).toBe(2);
    // Row numbers and the file name in errors are the compressed file's own.
    const bad = `${CUSTOMERS}c9,Bad,France,not-a-date,true\n`;
    const p = await problems(importTable(store, 'customers', file('bad.csv.gz', gzipSync(bad))));
    expect(Object.keys(p)).toEqual(['4:creation_date']);
  });

  it('is all or nothing: a file with one bad row leaves the previous state intact', async () => {
    await importTable(store, 'customers', file('a.csv', CUSTOMERS));
    const before = await store.query('SELECT * FROM customers ORDER BY 1');
    const profilesBefore = await store.query('SELECT * FROM profile_facts ORDER BY customer_id');
    const b =
      'customer_id,first_name,creation_date\nc1,Changed,2024-01-01\nc9,New,2024-01-01\nc10,Bad,not-a-date\n';
    await expect(importTable(store, 'customers', file('b.csv', b))).rejects.toBeInstanceOf(InvalidInput);
    expect(await store.query('SELECT * FROM customers ORDER BY 1')).toEqual(before);
    expect(await store.query('SELECT * FROM profile_facts ORDER BY customer_id')).toEqual(profilesBefore);
  });

  it('with --on-error skip loads the good rows and writes the rejects with reasons', async () => {
    const csv = [
      'customer_id,first_name,creation_date',
      'c1,Ana,2024-01-01',
      'c2,Ben', // row 2: ragged
      'c3,Cy,someday', // row 3: bad timestamp
      'c4,Dee,2024-04-01',
    ].join('\n');
    const rejects = join(dir, 'rejects.jsonl');
    const r = await importTable(store, 'customers', file('s.csv', `${csv}\n`), { onError: 'skip', rejects });
    expect(r).toMatchObject({ rows_in_file: 4, imported: 2, rejected: 2, rejects_file: rejects });
    expect(
      (await store.query('SELECT customer_id FROM customers ORDER BY 1')).map((x) => x.customer_id),
    ).toEqual(['c1', 'c4']);
    const lines = readFileSync(rejects, 'utf8')
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l));
    expect(lines.map((l) => l.row)).toEqual([2, 3]);
    expect(lines[0].line).toBe('c2,Ben');
    expect(lines[1].errors).toEqual([
      { column: 'creation_date', reason: 'not a timestamp (ISO 8601, e.g. 2025-03-01T12:00:00Z): "someday"' },
    ]);
    expect(lines[1].values).toEqual({ customer_id: 'c3', first_name: 'Cy', creation_date: 'someday' });
    await expect(importTable(store, 'customers', file('s2.csv', csv), { onError: 'skip' })).rejects.toThrow(
      /--rejects/,
    );
  });

  it('passes the file path as a parameter: a quote in the path is just a character', async () => {
    const path = file("o'brien; DROP TABLE customers; --.csv", CUSTOMERS);
    expect((await importTable(store, 'customers', path)).imported).toBe(3);
    const jsonl = file("it's.jsonl", '{"customer_id":"c9","creation_date":"2024-01-01"}\n');
    expect((await importTable(store, 'customers', jsonl)).imported).toBe(1);
  });

  it('refuses unknown tables and formats', async () => {
    await expect(importTable(store, 'truth.customer_uplift', file('t.csv', 'a\n1\n'))).rejects.toThrow(
      /unknown table/,
    );
    await expect(importTable(store, 'customers', file('t.dat', 'a\n1\n'))).rejects.toThrow(/--format/);
    await expect(importTable(store, 'customers', file('t.xlsx', 'a\n1\n'))).rejects.toThrow(
      /spreadsheet workbook, which is not read directly: save the sheet as CSV/,
    );
  });
});
