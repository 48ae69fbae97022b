/**
 * Import speed: exports N customers' synthetic sessions (10 per customer) to CSV, Parquet and JSON
 * Lines with DuckDB, then imports each file with importTable (profile refresh off). The second and
 * third imports replace the rows of the first (the re-import path).
 * With --offsets, also an orders file as Shopify writes it (one order per customer, "2024-03-01
 * 22:00:00 -0500": an offset after a space), imported with --map: the path whose failed casts once
 * cost a 36,409-order export 114 s (docs/data-import.md, eleventh session).
 *   npm run bench -- import-speed [--customers N] [--offsets] [--json]
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fillSyntheticEvents } from '../src/features/synthetic-events.ts';
import { importTable } from '../src/import/import-table.ts';
import { openStore } from '../src/store/open.ts';

const args = process.argv.slice(2);
const i = args.indexOf('--customers');
const customers = Number(i >= 0 ? args[i + 1] : 100_000);
const dir = mkdtempSync(join(tmpdir(), 'aether-import-bench-'));
const src = await openStore(':memory:');
await fillSyntheticEvents(src, customers);
// Our own temp paths (no user text): COPY TO takes no parameter for its target.
await src.run(`COPY sessions TO '${join(dir, 'sessions.csv')}' (HEADER)`);
await src.run(`COPY sessions TO '${join(dir, 'sessions.parquet')}' (FORMAT parquet)`);
await src.run(`COPY sessions TO '${join(dir, 'sessions.jsonl')}' (FORMAT json)`);
await src.close();
const store = await openStore(':memory:');
const result: Record<string, unknown> = { customers };
for (const name of ['sessions.csv', 'sessions.parquet', 'sessions.jsonl']) {
  const t = performance.now();
  const r = await importTable(store, 'sessions', join(dir, name), { refreshProfiles: false });
  result[name] = {
    rows: r.rows_in_file,
    imported: r.imported,
    replaced: r.replaced,
    seconds: Math.round((performance.now() - t) / 100) / 10,
  };
  process.stderr.write(`${name}: ${JSON.stringify(result[name])}\n`);
}
if (args.includes('--offsets')) {
  const lines = Array.from({ length: customers }, (_, k) => {
    const day = String((k % 28) + 1).padStart(2, '0');
    return `#${k},c${k}@example.com,10.00,10.00,2024-03-${day} 22:00:00 -0500`;
  });
  const path = join(dir, 'orders_export.csv');
  writeFileSync(path, `Name,Email,Subtotal,Total,Created at\n${lines.join('\n')}\n`);
  const t = performance.now();
  const r = await importTable(store, 'orders', path, {
    map: ['order_id=Name,customer_id=Email,ordered_at=Created at,subtotal=Subtotal,total=Total'],
    refreshProfiles: false,
  });
  result['orders_export.csv (offsets after a space)'] = {
    rows: r.rows_in_file,
    imported: r.imported,
    seconds: Math.round((performance.now() - t) / 100) / 10,
  };
}
await store.close();
process.stdout.write(`${JSON.stringify(result, null, args.includes('--json') ? 2 : 0)}\n`);
