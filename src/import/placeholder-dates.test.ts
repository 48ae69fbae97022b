import { mkdirSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { DuckDbStore } from '../store/duckdb-store.ts';
import { openStore } from '../store/open.ts';
import { fileWriter } from '../test-support/file-writer.ts';
import { invalidInputError } from '../test-support/invalid-input.ts';
import { aetherJson } from '../test-support/run-cli.ts';
import { importExperiment } from './experiment.ts';
import { importTable } from './import-table.ts';

// The twelfth session's outside check (docs/data-import.md, "Malformed and unusual files"):
// placeholder dates were accepted as history, and a missing file answered in Node's words.

let dir: string;
let store: DuckDbStore;

beforeEach(async () => {
  dir = mkdtempSync(join(tmpdir(), 'aether-placeholder-'));
  store = await openStore(':memory:');
});
afterEach(async () => {
  await store.close();
});

const file = fileWriter(() => dir);

const failure = invalidInputError;

const DAY_MS = 86_400_000;
const isoDay = (ms: number) => new Date(ms).toISOString().slice(0, 10);
const customers = (dates: string[]) =>
  `customer_id,creation_date\n${dates.map((d, i) => `c${i + 1},${d}`).join('\n')}\n`;

describe('placeholder dates', () => {
  it('refuses 0001-01-01, 1900-01-01, the epoch and 9999-12-31 as creation dates, naming row, column and value', async () => {
    const path = file(
      'customers.csv',
      customers([
        '2011-03-04',
        '0001-01-01',
        '1900-01-01',
        '1970-01-01T00:00:00Z',
        '9999-12-31',
        '1995-01-01',
      ]),
    );
    const e = await failure(importTable(store, 'customers', path));
    expect(e.invalidParams.map((p) => p.name)).toEqual([2, 3, 4, 5].map((r) => `${path}:${r}:creation_date`));
    for (const p of e.invalidParams)
      expect(p.reason).toMatch(/^a placeholder date\? must be from 1995-01-01/);
    expect(e.invalidParams[0].reason).toContain('"0001-01-01"');
    expect(e.message).toContain('row 2, column "creation_date": a placeholder date?');
    const [{ n }] = await store.query<{ n: number }>('SELECT count(*)::INT AS n FROM customers');
    expect(n).toBe(0);
  });

  it('refuses an order more than a day after the import, reads one of today, and skips the placeholders with --on-error skip', async () => {
    const now = Date.now();
    await importTable(store, 'customers', file('c.csv', customers(['2016-09-04'])));
    const orders = [
      'order_id,customer_id,ordered_at,subtotal,total',
      `o1,c1,${isoDay(now)},10,10`,
      `o2,c1,${isoDay(now + 3 * DAY_MS)},10,10`,
      'o3,c1,1970-01-01 00:00:00,10,10',
      'o4,c1,2010-12-01 08:26:00,10,10',
    ].join('\n');
    const path = file('orders.csv', `${orders}\n`);
    const e = await failure(importTable(store, 'orders', path));
    expect(e.invalidParams.map((p) => p.name)).toEqual([`${path}:2:ordered_at`, `${path}:3:ordered_at`]);
    expect(e.invalidParams[0].reason).toContain(`a day after this import (${isoDay(now)})`);

    const rejects = join(dir, 'rejects.csv');
    const r = await importTable(store, 'orders', path, { onError: 'skip', rejects });
    expect(r.imported).toBe(2);
    const kept = await store.query<{ order_id: string }>('SELECT order_id FROM orders ORDER BY 1');
    expect(kept.map((o) => o.order_id)).toEqual(['o1', 'o4']);
    expect(readFileSync(rejects, 'utf8')).toContain('a placeholder date?');
  });

  it('lets a product launch be scheduled up to a year ahead, not at 9999-12-31', async () => {
    const products = [
      'product_id,name,category,price,launched_at',
      `p1,Coat,outerwear,90,${isoDay(Date.now() + 200 * DAY_MS)}`,
      'p2,Scarf,accessories,20,9999-12-31',
    ].join('\n');
    const path = file('products.csv', `${products}\n`);
    const e = await failure(importTable(store, 'products', path));
    expect(e.invalidParams.map((p) => p.name)).toEqual([`${path}:2:launched_at`]);
    expect(e.invalidParams[0].reason).toContain('366 days after this import');
  });
});

describe('a missing file or a directory', () => {
  it('is "no such file: <path>" for a table import and an experiment, and a directory is named as one', async () => {
    const missing = join(dir, 'nope.csv');
    // One import at a time: a second rejection made before the first is awaited goes unhandled.
    for (const attempt of [
      () => importTable(store, 'customers', missing),
      () => importExperiment(store, missing, { treatment: 't', control: '0', outcome: 'y' }),
    ]) {
      const e = await failure(attempt());
      expect(e.message).toBe(`no such file: ${missing}`);
      expect(e.message).not.toContain('ENOENT');
      expect(e.invalidParams).toEqual([{ name: 'file', reason: `no such file: ${missing}` }]);
    }
    const folder = join(dir, 'exports');
    mkdirSync(folder);
    // One import at a time: a second rejection made before the first is awaited goes unhandled.
    for (const attempt of [
      () => importTable(store, 'customers', folder),
      () => importExperiment(store, folder, { treatment: 't', control: '0', outcome: 'y' }),
    ]) {
      const e = await failure(attempt());
      expect(e.message).toContain(`${folder} is a directory, not a file`);
      expect(e.message).not.toContain('cannot tell the format');
    }
  });

  it('reaches the CLI as an invalid-input error document naming the file, exit 2', async () => {
    const missing = join(dir, 'orders.csv');
    const run = await aetherJson(join(dir, 'shop.duckdb'), 'import', 'orders', missing);
    expect(run.code).toBe(2);
    expect(run.doc).toMatchObject({ error: { type: 'invalid-input', detail: `no such file: ${missing}` } });
    expect(run.stderr).not.toContain('ENOENT');
  });
});
