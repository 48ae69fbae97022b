import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { compileCriteria } from '../segments/criteria-compile.ts';
import type { DuckDbStore } from '../store/duckdb-store.ts';
import { openStore } from '../store/open.ts';
import type { SqlValue } from '../store/store.ts';
import { captureStderr } from '../test-support/capture-stderr.ts';
import { fileWriter } from '../test-support/file-writer.ts';
import { invalidInputError } from '../test-support/invalid-input.ts';
import { importTable } from './import-table.ts';

/**
 * Shops' own exports, in the shapes public data sets and platforms write them (column names,
 * dates, money, one row per order line), imported with --map / --set as docs/data-import.md's
 * recipes do. The fixtures are small hand-written files in those shapes.
 */
let dir: string;
let store: DuckDbStore;

beforeEach(async () => {
  dir = mkdtempSync(join(tmpdir(), 'aether-shop-'));
  store = await openStore(':memory:');
});
afterEach(async () => {
  await store.close();
  vi.restoreAllMocks();
  vi.unstubAllEnvs();
});

const file = fileWriter(() => dir);

const failure = invalidInputError;

const rows = <T>(sql: string, params: readonly SqlValue[] = []) =>
  store.query<T & Record<string, unknown>>(sql, params);

/** UCI Online Retail: one row per invoice line, US dates, float customer ids, a cancellation, a guest. */
const ONLINE_RETAIL = `InvoiceNo,StockCode,Description,Quantity,InvoiceDate,UnitPrice,CustomerID,Country
536365,85123A,WHITE HANGING HEART T-LIGHT HOLDER,6,12/1/2010 8:26,2.55,17850.0,United Kingdom
536365,71053,WHITE METAL LANTERN,6,12/1/2010 8:26,3.39,17850.0,United Kingdom
536366,22633,HAND WARMER UNION JACK,6,12/13/2010 8:28,1.85,17850.0,United Kingdom
536367,84879,ASSORTED COLOUR BIRD ORNAMENT,32,12/1/2010 8:34,1.69,13047.0,United Kingdom
C536379,D,Discount,-1,12/1/2010 9:41,27.50,14527.0,United Kingdom
536380,22961,JAM MAKING SET PRINTED,24,12/1/2010 9:45,1.45,,United Kingdom
`;
const ITEMS_MAP = ['order_id=InvoiceNo,product_id=StockCode,quantity=Quantity,unit_price=UnitPrice'];
const ORDERS_MAP = ['order_id=InvoiceNo,customer_id=CustomerID,ordered_at=InvoiceDate'];

describe('--map: a file with its own column names', () => {
  it('reads mapped columns, keeps columns named like the table, leaves the others out and says so', async () => {
    const stderr = captureStderr();
    const path = file(
      'olist_customers_dataset.csv',
      'customer_id,customer_unique_id,customer_city,customer_state,creation_date\n' +
        'c1,u1,sao paulo,SP,2017-01-05\nc2,u2,curitiba,PR,2017-02-01\n',
    );
    const r = await importTable(store, 'customers', path, {
      map: ['Location_City = Customer_City'],
      refreshProfiles: false,
    });
    expect(r.imported).toBe(2);
    expect(r.mapped_columns).toEqual({ location_city: 'customer_city' });
    expect(r.ignored_columns).toEqual(['customer_unique_id', 'customer_state']);
    expect(stderr.join('')).toContain(
      '2 column(s) not named by --map left out: customer_unique_id, customer_state',
    );
    expect(await rows('SELECT customer_id, location_city FROM customers ORDER BY 1')).toEqual([
      { customer_id: 'c1', location_city: 'sao paulo' },
      { customer_id: 'c2', location_city: 'curitiba' },
    ]);
  });

  it('names an unknown table column and a missing file column with what they could have been', async () => {
    const path = file('retail.csv', ONLINE_RETAIL);
    const e = await failure(
      importTable(store, 'order_items', path, { map: ['order_id=Invoice,product=StockCode'] }),
    );
    expect(e.message).toContain(
      '"product" is not a column of order_items (its columns: order_id, line_no, product_id',
    );
    expect(e.message).toContain('has no column "Invoice" (for order_id; its columns: InvoiceNo, StockCode');
    expect(e.invalidParams.map((p) => p.name)).toEqual(['map:order_id', 'map:product']);
    const bad = await failure(importTable(store, 'orders', path, { map: ['order_id'] }));
    expect(bad.message).toMatch(/--map takes table_column=FileColumn pairs/);
    const header = await failure(importTable(store, 'orders', path));
    expect(header.message).toContain('imports with --map table_column=FileColumn');
  });

  it('--set gives every row one value; a quoted source may hold a comma', async () => {
    const path = file(
      'events.csv',
      'timestamp,visitorid,"item, id"\n1433221332117,257597,355908\n1433224214164,992329,248676\n',
    );
    const stderr = captureStderr();
    const r = await importTable(store, 'page_views', path, {
      map: ['session_id=visitorid,customer_id=visitorid,viewed_at=timestamp', 'product_id="item, id"'],
      set: ['page_type=product'],
      refreshProfiles: false,
    });
    expect(r.imported).toBe(2);
    expect(r.constant_columns).toEqual({ page_type: 'product' });
    // RetailRocket's epoch milliseconds, found from the column's values.
    expect(r.timestamp_formats).toEqual({ viewed_at: 'epoch milliseconds' });
    expect(stderr.join('')).toContain('timestamp (as viewed_at) read as epoch milliseconds');
    expect(
      await rows('SELECT customer_id, viewed_at, page_type, product_id FROM page_views ORDER BY 1'),
    ).toEqual([
      {
        customer_id: '257597',
        viewed_at: '2015-06-02T05:02:12.117Z',
        page_type: 'product',
        product_id: '355908',
      },
      {
        customer_id: '992329',
        viewed_at: '2015-06-02T05:50:14.164Z',
        page_type: 'product',
        product_id: '248676',
      },
    ]);
    const both = await failure(
      importTable(store, 'page_views', path, { map: ['page_type=visitorid'], set: ['page_type=product'] }),
    );
    expect(both.message).toContain('page_type is given both by --map and by --set');
  });
});

describe('UCI Online Retail: one file of invoice lines into order_items, orders and customers', () => {
  it('refuses a cancellation line saying what it is, and leaves the store as it was', async () => {
    const path = file('online_retail.csv', ONLINE_RETAIL);
    const e = await failure(importTable(store, 'order_items', path, { map: ITEMS_MAP }));
    expect(e.invalidParams).toEqual([
      {
        name: `${path}:5:Quantity (as quantity)`,
        reason: expect.stringMatching(
          /^must be > 0 \(a negative value is a cancellation or refund.*--on-error skip/,
        ),
      },
    ]);
    expect((await rows<{ n: number }>('SELECT count(*) AS n FROM order_items'))[0]?.n).toBe(0);
  });

  it('builds orders with totals from their lines and customers dated by their first order; profiles count real orders', async () => {
    const path = file('online_retail.csv', ONLINE_RETAIL);
    const rejects = join(dir, 'rejects.jsonl');
    const items = await importTable(store, 'order_items', path, {
      map: ITEMS_MAP,
      onError: 'skip',
      rejects,
    });
    expect(items).toMatchObject({ imported: 5, rejected: 1, derived_columns: [{ column: 'line_no' }] });
    expect(await rows('SELECT order_id, line_no, product_id FROM order_items ORDER BY 1, 2 LIMIT 2')).toEqual(
      [
        { order_id: '536365', line_no: 1, product_id: '85123A' },
        { order_id: '536365', line_no: 2, product_id: '71053' },
      ],
    );
    const orders = await importTable(store, 'orders', path, { map: ORDERS_MAP, onError: 'skip', rejects });
    // 536365 is written on two lines, read once; C536379 has no lines left, 536380 no customer.
    expect(orders).toMatchObject({ imported: 3, repeated_rows: 1, rejected: 2 });
    expect(orders.timestamp_formats).toEqual({ ordered_at: 'MM/DD/YYYY' });
    const rejected = readFileSync(rejects, 'utf8')
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l));
    expect(rejected.map((r) => [r.row, r.errors.map((x: { column: string }) => x.column)])).toEqual([
      [5, ['subtotal', 'total']],
      [6, ['CustomerID (as customer_id)']],
    ]);
    expect(rejected[0].errors[0].reason).toMatch(/no order_items of this order imported.*a cancellation/);
    expect(await rows('SELECT order_id, ordered_at, subtotal, total FROM orders ORDER BY 1')).toEqual([
      { order_id: '536365', ordered_at: '2010-12-01T08:26:00Z', subtotal: 35.64, total: 35.64 },
      { order_id: '536366', ordered_at: '2010-12-13T08:28:00Z', subtotal: 11.1, total: 11.1 },
      { order_id: '536367', ordered_at: '2010-12-01T08:34:00Z', subtotal: 54.08, total: 54.08 },
    ]);
    const customers = await importTable(store, 'customers', path, {
      map: ['customer_id=CustomerID,location_country=Country'],
      onError: 'skip',
      rejects,
    });
    // 17850 three times, 13047, and 14527 (only a cancellation: dated by the latest event instead).
    expect(customers).toMatchObject({ imported: 3, repeated_rows: 2, rejected: 1 });
    const profiles = await rows(
      `SELECT customer_id, creation_date, purchase_frequency, lifetime_value, location_country
       FROM customer_profiles ORDER BY customer_id`,
    );
    expect(profiles).toEqual([
      {
        customer_id: '13047.0',
        creation_date: '2010-12-01T08:34:00Z',
        purchase_frequency: 1,
        lifetime_value: 54.08,
        location_country: 'United Kingdom',
      },
      {
        customer_id: '14527.0',
        creation_date: '2010-12-13T08:28:00Z',
        purchase_frequency: 0,
        lifetime_value: 0,
        location_country: 'United Kingdom',
      },
      {
        customer_id: '17850.0',
        creation_date: '2010-12-01T08:26:00Z',
        purchase_frequency: 2,
        lifetime_value: 46.74,
        location_country: 'United Kingdom',
      },
    ]);
    // "Bought in the last 7 days" on data without a simulator as_of: the latest event stands in.
    const recent = compileCriteria({ event: 'purchased', within_days: 7 }, 'duckdb', { alias: 'p' });
    expect(
      await rows(`SELECT customer_id FROM customer_profiles p WHERE ${recent.sql}`, recent.params),
    ).toEqual([{ customer_id: '17850.0' }]);
  });

  it('a repeated key with a different value is still a duplicate', async () => {
    const path = file(
      'customers.csv',
      'CustomerID,Country\n12370.0,Cyprus\n12370.0,\n12370.0,Austria\n,Spain\n,Spain\n',
    );
    const e = await failure(
      importTable(store, 'customers', path, {
        map: ['customer_id=CustomerID,location_country=Country,creation_date=CustomerID'],
      }),
    );
    expect(e.invalidParams.map((p) => `${p.name.split(':').slice(1).join(':')} ${p.reason}`)).toEqual([
      '1:CustomerID (as creation_date) not a timestamp (ISO 8601, e.g. 2025-03-01T12:00:00Z): "12370.0"',
      '3:CustomerID (as creation_date) not a timestamp (ISO 8601, e.g. 2025-03-01T12:00:00Z): "12370.0"',
      '3:CustomerID (as customer_id) duplicate key within the file (first in row 1)',
      // Lines without a customer are not repeats of each other: each keeps its error.
      '4:CustomerID (as creation_date) missing value',
      '4:CustomerID (as customer_id) missing value',
      '5:CustomerID (as creation_date) missing value',
      '5:CustomerID (as customer_id) missing value',
    ]);
  });
});

describe('Shopify orders export: order lines, money with separators, offsets with a space', () => {
  const EXPORT = `Name,Email,Financial Status,Subtotal,Shipping,Total,Discount Amount,Created at,Lineitem quantity,Lineitem name,Lineitem price,Lineitem sku
#1001,ana@example.com,paid,"1,258.50",0.00,"1,258.50",0.00,2024-03-01 22:00:00 -0500,1,Rain Jacket,"1,234.50",JKT-RAIN
#1001,ana@example.com,,,,,,2024-03-01 22:00:00 -0500,1,Wool Beanie,24.00,BEANIE
#1002,ben@example.com,paid,$24.00,$9.95,$33.95,,2024-03-02 10:15:00 +0100,1,Wool Beanie,24.00,BEANIE
`;

  it('imports one order per name with its amounts, instants in UTC, and the lines numbered', async () => {
    const path = file('orders_export.csv', EXPORT);
    const orders = await importTable(store, 'orders', path, {
      map: [
        'order_id=Name,customer_id=Email,ordered_at=Created at,subtotal=Subtotal,shipping_fee=Shipping,total=Total,discount_amount=Discount Amount',
      ],
      refreshProfiles: false,
    });
    expect(orders).toMatchObject({ imported: 2, repeated_rows: 1, rejected: 0 });
    expect(
      await rows('SELECT order_id, ordered_at, subtotal, shipping_fee, total FROM orders ORDER BY 1'),
    ).toEqual([
      {
        order_id: '#1001',
        ordered_at: '2024-03-02T03:00:00Z',
        subtotal: 1258.5,
        shipping_fee: 0,
        total: 1258.5,
      },
      {
        order_id: '#1002',
        ordered_at: '2024-03-02T09:15:00Z',
        subtotal: 24,
        shipping_fee: 9.95,
        total: 33.95,
      },
    ]);
    await importTable(store, 'order_items', path, {
      map: ['order_id=Name,product_id=Lineitem sku,quantity=Lineitem quantity,unit_price=Lineitem price'],
      refreshProfiles: false,
    });
    expect(await rows('SELECT order_id, line_no, unit_price FROM order_items ORDER BY 1, 2')).toEqual([
      { order_id: '#1001', line_no: 1, unit_price: 1234.5 },
      { order_id: '#1001', line_no: 2, unit_price: 24 },
      { order_id: '#1002', line_no: 1, unit_price: 24 },
    ]);
  });
  it('reads every offset written with a space, on many rows, to the UTC instant', async () => {
    // The speed of this path (114 s -> 7.6 s for a 36,409-order export, eleventh session) is
    // measured by `npm run bench -- import-speed --offsets`, not here.
    const offsets = ['-0500', '+0530', '-08:00', '+0000'];
    const lines = Array.from({ length: 2_000 }, (_, i) => {
      const day = String((i % 28) + 1).padStart(2, '0');
      return `#${i},c${i % 500}@example.com,10.00,10.00,2024-03-${day} 22:00:00 ${offsets[i % 4]}`;
    });
    const path = file('orders_export.csv', `Name,Email,Subtotal,Total,Created at\n${lines.join('\n')}\n`);
    const result = await importTable(store, 'orders', path, {
      map: ['order_id=Name,customer_id=Email,ordered_at=Created at,subtotal=Subtotal,total=Total'],
      refreshProfiles: false,
    });
    expect(result.imported).toBe(2_000);
    expect(
      await rows(
        "SELECT order_id, ordered_at FROM orders WHERE order_id IN ('#24', '#25', '#26', '#27') ORDER BY order_id",
      ),
    ).toEqual([
      { order_id: '#24', ordered_at: '2024-03-26T03:00:00Z' },
      { order_id: '#25', ordered_at: '2024-03-26T16:30:00Z' },
      { order_id: '#26', ordered_at: '2024-03-28T06:00:00Z' },
      { order_id: '#27', ordered_at: '2024-03-28T22:00:00Z' },
    ]);
  });
});

describe('timestamps in other conventions', () => {
  const sessions = (dates: string[]) =>
    `sid,cid,start,secs\n${dates.map((d, i) => `s${i},c${i},${d},60`).join('\n')}\n`;
  const MAP = ['session_id=sid,customer_id=cid,started_at=start,duration_seconds=secs'];

  it('stops on dates that read both day-first and month-first, and --date-format decides', async () => {
    const path = file('s.csv', sessions(['03/04/2024', '05/06/2024 10:00', '2024-01-02']));
    const e = await failure(importTable(store, 'sessions', path, { map: MAP }));
    expect(e.message).toContain(
      'column "started_at" has dates that read both as MM/DD/YYYY and as DD/MM/YYYY',
    );
    expect(e.message).toContain('--date-format MM/DD/YYYY');
    await importTable(store, 'sessions', path, {
      map: MAP,
      dateFormat: 'DD/MM/YYYY',
      refreshProfiles: false,
    });
    expect(
      (await rows('SELECT started_at FROM sessions ORDER BY session_id')).map((r) => r.started_at),
    ).toEqual(['2024-04-03T00:00:00Z', '2024-06-05T10:00:00Z', '2024-01-02T00:00:00Z']);
    const unknown = await failure(importTable(store, 'sessions', path, { map: MAP, dateFormat: 'YYYYMMDD' }));
    expect(unknown.message).toContain('--date-format must be one of MM/DD/YYYY');
  });

  it('a column of two formats: ISO and one other are read, a stray value names both', async () => {
    const path = file('s.csv', sessions(['12/25/2024 8:05', '2024-12-26T10:00:00Z', 'yesterday']));
    const e = await failure(importTable(store, 'sessions', path, { map: MAP }));
    expect(e.invalidParams).toEqual([
      {
        name: `${path}:3:start (as started_at)`,
        reason: 'not a timestamp (ISO 8601, or MM/DD/YYYY like the rest of this column): "yesterday"',
      },
    ]);
  });

  it('an integer written as a float is that integer; a fraction is still refused', async () => {
    const path = file(
      's.csv',
      'session_id,customer_id,started_at,duration_seconds\ns1,c1,2024-01-01,60.0\ns2,c2,2024-01-01,1.5\n',
    );
    const e = await failure(importTable(store, 'sessions', path));
    expect(e.invalidParams.map((p) => p.name.split(':').slice(1).join(':'))).toEqual(['2:duration_seconds']);
  });
});

describe('malformed exports', () => {
  it('names an HTML page saved as the export, and a header read with the wrong delimiter', async () => {
    const html = file(
      'export.csv',
      '<!DOCTYPE html>\n<html><head><title>Log in</title></head><body>Sign in</body></html>\n',
    );
    expect((await failure(importTable(store, 'customers', html))).message).toContain(
      'export.csv is an HTML page, not CSV data',
    );
    const tabs = file('tabs.csv', 'customer_id\tcreation_date\nc1\t2024-01-01\n');
    expect((await failure(importTable(store, 'customers', tabs, { delimiter: ';' }))).message).toContain(
      "the file looks tab-delimited, not ;-delimited; pass --delimiter 'tab'",
    );
  });

  it('reads decimal commas when told, and says so in the error when not', async () => {
    const path = file(
      'products.csv',
      'sep=;\nproduct_id;name;category;price\np1;Mug;kitchen;3,50\np2;Pot;kitchen;1.234,50 €\n',
    );
    const e = await failure(importTable(store, 'products', path));
    expect(e.invalidParams[0]?.reason).toBe('not a number: "3,50" (a decimal comma? pass --decimal-comma)');
    await importTable(store, 'products', path, { decimalComma: true, refreshProfiles: false });
    expect((await rows('SELECT price FROM products ORDER BY product_id')).map((r) => r.price)).toEqual([
      3.5, 1234.5,
    ]);
  });

  it('imports orders of customers it does not know, and says which ids match none', async () => {
    await importTable(store, 'customers', file('c.csv', 'customer_id,creation_date\n17850,2010-12-01\n'), {
      refreshProfiles: false,
    });
    const stderr = captureStderr();
    const r = await importTable(
      store,
      'orders',
      file('o.csv', 'order_id,customer_id,ordered_at,subtotal,total\n536365,17850.0,2010-12-01,15.3,15.3\n'),
      { refreshProfiles: false },
    );
    expect(r.imported).toBe(1);
    expect(r.unknown_references).toEqual([
      { column: 'customer_id', references: 'customers', count: 1, examples: ['17850.0'], known: ['17850'] },
    ]);
    expect(stderr.join('')).toContain(
      '1 customer_id value(s) match no row of customers (e.g. "17850.0"; customers has e.g. "17850")',
    );
  });
});
