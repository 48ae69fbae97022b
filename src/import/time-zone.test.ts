import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type AppError, InvalidInput } from '../core/errors.ts';
import type { DuckDbStore } from '../store/duckdb-store.ts';
import { openStore } from '../store/open.ts';
import { withStderr } from '../test-support/capture-stderr.ts';
import { fileWriter } from '../test-support/file-writer.ts';
import { importTable } from './import-table.ts';

/** `--timezone ZONE`: times written without an offset are local times of ZONE (time-zone.ts). */
let dir: string;
let store: DuckDbStore;

beforeEach(async () => {
  dir = mkdtempSync(join(tmpdir(), 'aether-tz-'));
  store = await openStore(':memory:');
});
afterEach(async () => {
  await store.close();
});

const file = fileWriter(() => dir);

const orderTimes = () =>
  store.query<{ order_id: string; ordered_at: string }>('SELECT order_id, ordered_at FROM orders ORDER BY 1');

/**
 * A New York shop's orders around both clock changes of 2024 (10 March 02:00 EST → 03:00 EDT,
 * 3 November 02:00 EDT → 01:00 EST), with values that carry their own offset and a date alone.
 */
const NEW_YORK = `order_id,customer_id,ordered_at,subtotal,total
a1,c1,2024-03-10 01:30:00,10,10
a2,c1,2024-03-10 02:30:00,10,10
a3,c1,2024-03-10 03:30:00,10,10
b1,c1,2024-11-03 00:30:00,10,10
b2,c1,2024-11-03 01:30:00,10,10
b3,c1,2024-11-03 02:30:00,10,10
c1,c1,2024-07-01T12:00:00-07:00,10,10
c2,c1,2024-07-01T12:00:00Z,10,10
c3,c1,2024-07-01 12:00:00 +0200,10,10
d1,c1,2024-07-01,10,10
`;

describe('import --timezone', () => {
  it('reads times without an offset as New York local times across both DST changes; offsets and dates stay', async () => {
    const path = file('orders.csv', NEW_YORK);
    const { result, stderr } = await withStderr(() =>
      importTable(store, 'orders', path, { timeZone: 'America/New_York' }),
    );
    expect(result).toMatchObject({
      imported: 10,
      local_time: { zone: 'America/New_York', columns: ['ordered_at'] },
    });
    expect(stderr).toMatch(
      /ordered_at read as local times of America\/New_York where written without an offset/,
    );
    expect(await orderTimes()).toEqual([
      { order_id: 'a1', ordered_at: '2024-03-10T06:30:00Z' }, // EST, -5
      // 02:30 does not exist that day: read with the offset before the change (as 03:30 EDT).
      { order_id: 'a2', ordered_at: '2024-03-10T07:30:00Z' },
      { order_id: 'a3', ordered_at: '2024-03-10T07:30:00Z' }, // EDT, -4
      { order_id: 'b1', ordered_at: '2024-11-03T04:30:00Z' }, // EDT, -4
      // 01:30 happens twice that day: read as the second, in standard time.
      { order_id: 'b2', ordered_at: '2024-11-03T06:30:00Z' },
      { order_id: 'b3', ordered_at: '2024-11-03T07:30:00Z' }, // EST, -5
      { order_id: 'c1', ordered_at: '2024-07-01T19:00:00Z' },
      { order_id: 'c2', ordered_at: '2024-07-01T12:00:00Z' },
      { order_id: 'c3', ordered_at: '2024-07-01T10:00:00Z' },
      { order_id: 'd1', ordered_at: '2024-07-01T00:00:00Z' },
    ]);
  });

  it('without --timezone the same file is read as UTC', async () => {
    const result = await importTable(store, 'orders', file('orders.csv', NEW_YORK));
    expect(result.local_time).toBeNull();
    expect((await orderTimes())[0]).toEqual({ order_id: 'a1', ordered_at: '2024-03-10T01:30:00Z' });
  });

  it('keeps a column of dates without a time as written', async () => {
    const path = file(
      'orders.csv',
      'order_id,customer_id,ordered_at,subtotal,total\na1,c1,2024-03-10,10,10\na2,c1,2024-11-03,10,10\n',
    );
    await importTable(store, 'orders', path, { timeZone: 'Europe/Berlin' });
    expect(await orderTimes()).toEqual([
      { order_id: 'a1', ordered_at: '2024-03-10T00:00:00Z' },
      { order_id: 'a2', ordered_at: '2024-11-03T00:00:00Z' },
    ]);
  });

  it('reads --date-format values in the zone: UK times are UTC in winter, an hour ahead in summer', async () => {
    const path = file(
      'orders.csv',
      'order_id,customer_id,ordered_at,subtotal,total\na1,c1,01/12/2010 08:26,10,10\na2,c1,01/06/2011 08:26,10,10\n',
    );
    const result = await importTable(store, 'orders', path, {
      dateFormat: 'DD/MM/YYYY',
      timeZone: 'europe/london',
    });
    expect(result).toMatchObject({
      timestamp_formats: { ordered_at: 'DD/MM/YYYY' },
      local_time: { zone: 'Europe/London' },
    });
    expect(await orderTimes()).toEqual([
      { order_id: 'a1', ordered_at: '2010-12-01T08:26:00Z' },
      { order_id: 'a2', ordered_at: '2011-06-01T07:26:00Z' },
    ]);
  });

  it('leaves epoch times, instants already, unchanged', async () => {
    const path = file('views.csv', 'timestamp,visitorid,event,itemid\n1433221900546,257597,view,355908\n');
    // RetailRocket's events, mapped as docs/data-import.md does.
    await importTable(store, 'page_views', path, {
      map: ['session_id=visitorid,customer_id=visitorid,viewed_at=timestamp,product_id=itemid'],
      set: ['page_type=product'],
      timeZone: 'America/Sao_Paulo',
    });
    const [row] = await store.query<{ viewed_at: string }>('SELECT viewed_at FROM page_views');
    expect(row?.viewed_at).toBe('2015-06-02T05:11:40.546Z');
  });

  it('refuses an unknown zone before reading the file, naming the option with an example; the table is untouched', async () => {
    await importTable(store, 'orders', file('orders.csv', NEW_YORK));
    let error: AppError | undefined;
    try {
      await importTable(store, 'orders', join(dir, 'missing.csv'), { timeZone: 'New York' });
    } catch (e) {
      error = e as AppError;
    }
    expect(error).toBeInstanceOf(InvalidInput);
    expect(error?.message).toMatch(
      /--timezone must be an IANA time zone name, e\.g\. --timezone America\/New_York/,
    );
    expect(error?.message).toContain('"New York"');
    expect((await orderTimes()).length).toBe(10);
    expect((await orderTimes())[0]?.ordered_at).toBe('2024-03-10T01:30:00Z');
  });
});
