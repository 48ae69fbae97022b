import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { DuckDbStore } from '../store/duckdb-store.ts';
import { openStore } from '../store/open.ts';
import { fileWriter } from '../test-support/file-writer.ts';
import { invalidInputError } from '../test-support/invalid-input.ts';
import { importTable } from './import-table.ts';

// Files of the shapes the twelfth session's outside check fed the CLI (docs/data-import.md,
// "Malformed and unusual files"), each written to disk and imported as a user's file would be.

let dir: string;
let store: DuckDbStore;

beforeEach(async () => {
  dir = mkdtempSync(join(tmpdir(), 'aether-malformed-'));
  store = await openStore(':memory:');
});
afterEach(async () => {
  await store.close();
});

const file = fileWriter(() => dir);

const failure = invalidInputError;

/** Every table's row count and a hash of its rows: the database state a failed import must keep. */
async function state(): Promise<Record<string, string>> {
  const tables = await store.query<{ t: string }>(
    "SELECT table_name AS t FROM information_schema.tables WHERE table_schema = 'main' AND table_type = 'BASE TABLE' ORDER BY 1",
  );
  const out: Record<string, string> = {};
  for (const { t } of tables) {
    const [r] = await store.query<{ n: number; h: string }>(
      `SELECT count(*) AS n, coalesce(sum(hash(x)::HUGEINT), 0)::VARCHAR AS h FROM "${t}" x`,
    );
    out[t] = `${r.n}:${r.h}`;
  }
  return out;
}

const HEADER =
  'customer_id,first_name,email_address,location_city,location_country,acquisition_source,creation_date,email_opt_in,sms_opt_in';
const customer = (id: string, name = 'Ann') =>
  `${id},${name},${id}@example.com,Oslo,NOR,direct,2026-01-02 03:04:05,true,false`;

const customerRows = async () =>
  store.query<{ customer_id: string; first_name: string; creation_date: string }>(
    'SELECT customer_id, first_name, creation_date::VARCHAR AS creation_date FROM customers ORDER BY 1',
  );

describe('malformed and unusual shop files', () => {
  it('reads a header written in another case or with spaces (Customer ID, CREATION_DATE) as the table columns', async () => {
    const spaced = [
      'Customer ID,First Name,Email Address,Location City,Location Country,Acquisition Source,Creation Date,Email Opt-In,SMS Opt In',
      customer('n1'),
    ].join('\n');
    const result = await importTable(store, 'customers', file('spaced.csv', `${spaced}\n`));
    expect(result.imported).toBe(1);
    expect(result.mapped_columns).toMatchObject({ customer_id: 'Customer ID', email_opt_in: 'Email Opt-In' });
    const upper = [HEADER.toUpperCase(), customer('n2', 'Bo')].join('\r\n');
    await importTable(store, 'customers', file('upper.csv', `${upper}\r\n`));
    expect(await customerRows()).toEqual([
      { customer_id: 'n1', first_name: 'Ann', creation_date: '2026-01-02 03:04:05' },
      { customer_id: 'n2', first_name: 'Bo', creation_date: '2026-01-02 03:04:05' },
    ]);
  });

  it('names a loosely matched column as the file writes it in row errors', async () => {
    const csv = ['Customer ID,Creation Date', 'n1,yesterday'].join('\n');
    const e = await failure(importTable(store, 'customers', file('bad-date.csv', `${csv}\n`)));
    expect(e.invalidParams.map((p) => p.name)).toEqual([
      `${join(dir, 'bad-date.csv')}:1:Creation Date (as creation_date)`,
    ]);
  });

  it('leaves a column to --map when the map names it, even if it reads like a table column', async () => {
    const csv = ['Customer ID,Other ID,Creation Date', 'n1,x1,2026-01-02'].join('\n');
    await importTable(store, 'customers', file('mapped.csv', `${csv}\n`), { map: ['customer_id=Other ID'] });
    expect((await customerRows()).map((r) => r.customer_id)).toEqual(['x1']);
  });

  it('refuses a column written twice in the header by its own name, not as an unknown first_name_1', async () => {
    await importTable(store, 'customers', file('a.csv', `${HEADER}\n${customer('c1')}\n`));
    const before = await state();
    const csv = [`${HEADER},First_Name`, `${customer('n1')},Other`].join('\n');
    const e = await failure(importTable(store, 'customers', file('twice.csv', `${csv}\n`)));
    expect(e.message).toContain('"First_Name" more than once');
    expect(e.message).not.toContain('_1');
    expect(e.invalidParams.map((p) => p.name)).toEqual([`${join(dir, 'twice.csv')}:header:First_Name`]);
    expect(await state()).toEqual(before);
  });

  it('skips the empty rows Excel leaves below a sheet (,,,,) and lines of spaces, keeping row numbers', async () => {
    const csv = [
      HEADER,
      customer('n1'),
      ',,,,,,,,',
      customer('n2'),
      '   ',
      ',,,',
      customer('n3'),
      ',,,,,,,,',
      '',
    ].join('\r\n');
    const result = await importTable(store, 'customers', file('excel.csv', csv));
    expect(result.imported).toBe(3);
    expect(result.rows_in_file).toBe(3);
    expect((await customerRows()).map((r) => r.customer_id)).toEqual(['n1', 'n2', 'n3']);
    // A bad row after them keeps its own number.
    const bad = [HEADER, ',,,,,,,,', customer('n4'), 'n5,Bo,b@x,Oslo,NOR,direct,not-a-date,true,false'].join(
      '\n',
    );
    const e = await failure(importTable(store, 'customers', file('excel-bad.csv', `${bad}\n`)));
    expect(e.invalidParams.map((p) => p.name)).toEqual([`${join(dir, 'excel-bad.csv')}:3:creation_date`]);
  });

  it('still refuses a row with some cells and a missing key', async () => {
    const csv = [HEADER, ',Ann,,,,,2026-01-02,,'].join('\n');
    const e = await failure(importTable(store, 'customers', file('nokey.csv', `${csv}\n`)));
    expect(e.invalidParams.map((p) => `${p.name.split(':').slice(-2).join(':')} ${p.reason}`)).toEqual([
      '1:customer_id missing value',
    ]);
  });

  it('reads Excel date serial numbers (a date column saved as "General") and names the convention', async () => {
    const csv = [
      HEADER,
      customer('n1').replace('2026-01-02 03:04:05', '46024'),
      customer('n2').replace('2026-01-02 03:04:05', '45292.75'),
    ];
    const result = await importTable(store, 'customers', file('serial.csv', `${csv.join('\n')}\n`));
    expect(result.timestamp_formats).toEqual({
      creation_date: 'Excel date serial numbers (days since 1899-12-30)',
    });
    expect((await customerRows()).map((r) => r.creation_date)).toEqual([
      '2026-01-02 00:00:00',
      '2024-01-01 18:00:00',
    ]);
  });

  it('reads ids written with spaces around them as the ids, so a padded key is a duplicate and a padded reference finds its row', async () => {
    await importTable(store, 'customers', file('a.csv', `${HEADER}\n${customer('c1')}\n`));
    const before = await state();
    const padded = [HEADER, customer('n1'), customer(' n1 ', 'Bo')].join('\n');
    const e = await failure(importTable(store, 'customers', file('padded.csv', `${padded}\n`)));
    expect(e.invalidParams.map((p) => `${p.name.split(':').slice(-2).join(':')} ${p.reason}`)).toEqual([
      '2:customer_id duplicate key within the file (first in row 1)',
    ]);
    expect(await state()).toEqual(before);
    const orders = [
      'order_id,customer_id,ordered_at,subtotal,total',
      '" o1 ",c1 ,2026-03-01,10,12',
      'o2,"  c1",2026-03-02,10,12',
    ].join('\n');
    const result = await importTable(store, 'orders', file('orders.csv', `${orders}\n`));
    expect(result.unknown_references).toEqual([]);
    expect(await store.query('SELECT order_id, customer_id FROM orders ORDER BY 1')).toEqual([
      { order_id: 'o1', customer_id: 'c1' },
      { order_id: 'o2', customer_id: 'c1' },
    ]);
  });

  it('reads amounts whose thousands are separated by a no-break space, a narrow one or an apostrophe (French and Swiss Excel)', async () => {
    const comma = [
      'order_id,customer_id,ordered_at,subtotal,total',
      'o1,c1,2026-03-01,"1\u00a0234,50","1\u202f236,50 €"',
      'o2,c1,2026-03-01,"1\'234,50","1 236,50"',
    ].join('\n');
    await importTable(store, 'orders', file('fr.csv', `${comma}\n`), { decimalComma: true });
    const point = [
      'order_id,customer_id,ordered_at,subtotal,total',
      "o3,c1,2026-03-01,1'234.50,$1\u00a0236.50",
    ].join('\n');
    await importTable(store, 'orders', file('ch.csv', `${point}\n`));
    expect(await store.query('SELECT order_id, subtotal, total FROM orders ORDER BY 1')).toEqual([
      { order_id: 'o1', subtotal: 1234.5, total: 1236.5 },
      { order_id: 'o2', subtotal: 1234.5, total: 1236.5 },
      { order_id: 'o3', subtotal: 1234.5, total: 1236.5 },
    ]);
    // Groups must be of three: "12 34.5" is not a number.
    const bad = ['order_id,customer_id,ordered_at,subtotal,total', 'o4,c1,2026-03-01,12 34.5,1'].join('\n');
    const e = await failure(importTable(store, 'orders', file('bad.csv', `${bad}\n`)));
    expect(e.invalidParams.map((p) => `${p.name.split(':').slice(-2).join(':')} ${p.reason}`)).toEqual([
      '1:subtotal not a number: "12 34.5"',
    ]);
  });

  it('a 50,000-row file with one bad row near the end names that row and leaves the database as it was', async () => {
    await importTable(store, 'customers', file('a.csv', `${HEADER}\n${customer('c1')}\n${customer('c2')}\n`));
    await importTable(
      store,
      'orders',
      file('o.csv', 'order_id,customer_id,ordered_at,subtotal,total\no1,c1,2026-03-01,10,12\n'),
    );
    const before = await state();
    const lines = [HEADER];
    // c1 is in the file too: a good row that would replace the stored one.
    for (let i = 1; i <= 50_000; i++)
      lines.push(customer(i === 7 ? 'c1' : `b${i}`, i === 7 ? 'Changed' : 'Name'));
    lines[49_990] = 'b49990,Name,b@example.com,Oslo,NOR,direct,2026-13-45 10:00,true,false';
    const e = await failure(importTable(store, 'customers', file('big.csv', `${lines.join('\n')}\n`)));
    expect(e.invalidParams).toEqual([
      {
        name: `${join(dir, 'big.csv')}:49990:creation_date`,
        reason: 'not a timestamp (ISO 8601, e.g. 2025-03-01T12:00:00Z): "2026-13-45 10:00"',
      },
    ]);
    expect(e.message).toContain('nothing was imported');
    expect(await state()).toEqual(before);
  });

  it('names a file of only blank lines or a byte order mark, and an empty JSON array, as empty', async () => {
    await importTable(store, 'customers', file('a.csv', `${HEADER}\n${customer('c1')}\n`));
    const before = await state();
    for (const [name, content, says] of [
      ['bom.csv', '\uFEFF', 'is empty (only blank lines or a byte order mark'],
      ['blank.csv', '\r\n\r\n  \n', 'is empty (only blank lines or a byte order mark'],
      ['empty.json', '[]', 'has no records (an empty JSON array)'],
      ['blank.jsonl', '\n\n', 'is empty (only blank lines or a byte order mark)'],
    ] as const) {
      const e = await failure(importTable(store, 'customers', file(name, content)));
      expect(e.message).toContain(says);
      expect(e.message).not.toContain('column0');
    }
    // A header and no rows is an export of nothing: 0 rows, not an error.
    const result = await importTable(store, 'customers', file('header.csv', `${HEADER}\n`));
    expect([result.rows_in_file, result.imported]).toEqual([0, 0]);
    expect(await state()).toEqual(before);
  });

  it('reads a CSV whose line ends are mixed (CRLF header, LF rows, a lone CR), keeping row numbers', async () => {
    const mixed = `${HEADER}\r\n${customer('n1')}\n${customer('n2')}\r\n${customer('n3')}\r${customer('n4')}\n`;
    const result = await importTable(store, 'customers', file('mixed.csv', mixed));
    expect([result.rows_in_file, result.imported]).toEqual([4, 4]);
    const rows = await customerRows();
    expect(rows.map((r) => r.customer_id)).toEqual(['n1', 'n2', 'n3', 'n4']);
    expect(
      (
        await store.query<{ n: number }>(
          "SELECT count(*) AS n FROM customers WHERE sms_opt_in IS NULL OR email_address LIKE '%\r%'",
        )
      )[0].n,
    ).toBe(0);
    // A CRLF split across the 64 KiB read chunks is one line end: the bad row after it keeps its number.
    let text = `${HEADER}\n`;
    let k = 0;
    while (text.length < 65_300) text += `${customer(`m${++k}`)}\n`;
    const pad = 65_535 - text.length - customer(`m${k + 1}`).length;
    text += `${customer(`m${++k}`, `Ann${'a'.repeat(pad)}`)}\r\n`;
    expect(text.indexOf('\r')).toBe(65_535);
    text += `${customer(`m${++k}`)}\n${customer(`m${++k}`).replace('2026-01-02 03:04:05', 'not-a-date')}\r\n`;
    const e = await failure(importTable(store, 'customers', file('boundary.csv', text)));
    expect(e.invalidParams.map((p) => p.name)).toEqual([`${join(dir, 'boundary.csv')}:${k}:creation_date`]);
  });

  it('reads NULL, \\N, #N/A or nan in an id column as missing: no campaign called "NULL", a customer id NULL is refused', async () => {
    const orders = [
      'order_id,customer_id,ordered_at,subtotal,total,campaign_id',
      'o1,c1,2026-03-01,10,12,NULL',
      'o2,c1,2026-03-02,10,12,\\N',
      'o3,c1,2026-03-03,10,12,cmp01',
    ].join('\n');
    await importTable(store, 'orders', file('sql-export.csv', `${orders}\n`));
    expect(await store.query('SELECT order_id, campaign_id FROM orders ORDER BY 1')).toEqual([
      { order_id: 'o1', campaign_id: null },
      { order_id: 'o2', campaign_id: null },
      { order_id: 'o3', campaign_id: 'cmp01' },
    ]);
    const before = await state();
    const csv = [HEADER, customer('NULL'), customer('#N/A'), customer('nan'), customer('Nancy')].join('\n');
    const e = await failure(importTable(store, 'customers', file('null-ids.csv', `${csv}\n`)));
    expect(e.invalidParams.map((p) => `${p.name.split(':').slice(-2).join(':')} ${p.reason}`)).toEqual([
      '1:customer_id missing value',
      '2:customer_id missing value',
      '3:customer_id missing value',
    ]);
    expect(await state()).toEqual(before);
  });

  it('shows ids that are e-mail addresses in unknown_references by their shape only', async () => {
    const customers = [
      'customer_id,creation_date',
      'bo.berg@example.com,2026-01-01',
      '17850,2026-01-01',
    ].join('\n');
    await importTable(store, 'customers', file('c.csv', `${customers}\n`));
    const orders = [
      'order_id,customer_id,ordered_at,subtotal,total',
      'o1,ann.lee@example.org,2026-03-01,10,12',
    ].join('\n');
    const result = await importTable(store, 'orders', file('o.csv', `${orders}\n`));
    expect(result.unknown_references).toEqual([
      {
        column: 'customer_id',
        references: 'customers',
        count: 1,
        examples: ['a***@example.org'],
        known: ['17850', 'b***@example.com'],
      },
    ]);
    expect(JSON.stringify(result)).not.toContain('ann.lee');
  });

  it('says which stored values a re-import without their columns replaced by the defaults', async () => {
    const full = [
      'order_id,customer_id,ordered_at,subtotal,discount_amount,shipping_fee,total,status',
      'o1,c1,2026-03-01,10,0,7.95,17.95,partially_returned',
      'o2,c1,2026-03-02,10,0,0,10,completed',
    ].join('\n');
    await importTable(store, 'orders', file('full.csv', `${full}\n`));
    const subset = [
      'order_id,customer_id,ordered_at,subtotal,total',
      'o1,c1,2026-03-01,10,17.95',
      'o2,c1,2026-03-02,10,10',
    ];
    const result = await importTable(store, 'orders', file('subset.csv', `${subset.join('\n')}\n`));
    expect(result.replaced).toBe(2);
    expect(result.reset_columns).toEqual({ shipping_fee: 1, status: 1 });
    // Again: the stored values are the defaults now, so nothing more is lost.
    const again = await importTable(store, 'orders', file('subset.csv', `${subset.join('\n')}\n`));
    expect(again.reset_columns).toEqual({});
  });

  it('reads an integer quantity written with thousands (1,000; 1.000 with --decimal-comma), groups of three only', async () => {
    const lines = [
      'order_id,line_no,product_id,quantity,unit_price',
      'o1,1,p1,"1,000",2',
      "o1,2,p1,1'200,2",
      'o1,3,p1,6.0,2',
    ];
    await importTable(store, 'order_items', file('items.csv', `${lines.join('\n')}\n`));
    const eu = ['order_id;line_no;product_id;quantity;unit_price', 'o2;1;p1;1.000;2,50', 'o2;2;p1;6,0;2'];
    await importTable(store, 'order_items', file('items-eu.csv', `${eu.join('\n')}\n`), {
      decimalComma: true,
    });
    expect(await store.query('SELECT order_id, line_no, quantity FROM order_items ORDER BY 1, 2')).toEqual([
      { order_id: 'o1', line_no: 1, quantity: 1000 },
      { order_id: 'o1', line_no: 2, quantity: 1200 },
      { order_id: 'o1', line_no: 3, quantity: 6 },
      { order_id: 'o2', line_no: 1, quantity: 1000 },
      { order_id: 'o2', line_no: 2, quantity: 6 },
    ]);
    const bad = ['order_id,line_no,product_id,quantity,unit_price', 'o3,1,p1,"1,00",2', 'o3,2,p1,"1,5",2'];
    const e = await failure(importTable(store, 'order_items', file('bad.csv', `${bad.join('\n')}\n`)));
    expect(e.invalidParams.map((p) => `${p.name.split(':').slice(-2).join(':')} ${p.reason}`)).toEqual([
      '1:quantity not an integer: "1,00"',
      '2:quantity not an integer: "1,5"',
    ]);
  });

  it('points a UTF-16 file without a byte order mark to --encoding, and not a binary file', async () => {
    const utf16 = Buffer.from(`${HEADER}\n${customer('n1')}\n`, 'utf16le');
    const e1 = await failure(importTable(store, 'customers', file('utf16.csv', utf16)));
    expect(e1.message).toContain('pass --encoding utf-16le');
    // Bytes of an image or a database: NULs here and there, not in every other byte.
    const binary = Buffer.from(Array.from({ length: 4096 }, (_, i) => (i % 7 === 0 ? 0 : (i * 31) % 251)));
    const e2 = await failure(importTable(store, 'customers', file('photo.csv', binary)));
    expect(e2.message).toContain('a binary file, not a text export');
    expect(e2.message).not.toContain('--encoding');
  });

  it('names an amount in accounting brackets as a negative, not only "not a number"', async () => {
    const csv = [
      'order_id,customer_id,ordered_at,subtotal,total',
      'o1,c1,2026-03-01,(10.00),"($1,012.00)"',
      'o2,c1,2026-03-01,(ten),12',
    ];
    const e = await failure(importTable(store, 'orders', file('brackets.csv', `${csv.join('\n')}\n`)));
    const reasons = Object.fromEntries(
      e.invalidParams.map((p) => [p.name.split(':').slice(-2).join(':'), p.reason]),
    );
    expect(reasons['1:subtotal']).toMatch(
      /^not a number: "\(10\.00\)" \(a negative amount in accounting brackets\?/,
    );
    expect(reasons['1:total']).toContain('accounting brackets');
    expect(reasons['2:subtotal']).toBe('not a number: "(ten)"');
  });
});
