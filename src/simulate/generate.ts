import { existsSync, mkdirSync, readdirSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { dirname, join } from 'node:path';
import { Worker } from 'node:worker_threads';
import { CONTROL_ARM } from '../contracts/triggers.ts';
import { AppError, Conflict, InvalidInput } from '../core/errors.ts';
import { note, startProgress } from '../core/progress.ts';
import { DuckDbStore } from '../store/duckdb-store.ts';
import { openStore } from '../store/open.ts';
import { AS_OF_ISO, epochSeconds } from './calendar.ts';
import { AUDIENCE_DESCRIPTIONS, planCampaigns } from './campaigns.ts';
import { buildCatalogue } from './catalogue.ts';
import { ChunkWriter } from './chunk-writer.ts';
import type { WorkerReply, WorkerRequest } from './generate-worker.ts';
import { TRUTH_WINDOW_DAYS } from './ground-truth.ts';
import { csvText, loadSql, TABLE_SPECS } from './tables.ts';
import { CATEGORIES } from './traits.ts';

export interface GenerateOptions {
  customers: number;
  seed: number;
  /** Database file to (re)create. */
  db: string;
  /** Replace a database that already holds data. */
  force?: boolean;
  /** Generator threads; 0 generates in the calling thread. Default: the machine's cores. */
  threads?: number;
  /** Customers per work unit. */
  chunkSize?: number;
  quiet?: boolean;
}

export interface GenerateResult {
  db: string;
  customers: number;
  seed: number;
  as_of: string;
  threads: number;
  seconds: { generate: number; load: number; total: number };
  /** CPU time of the process (all threads: workers and DuckDB), seconds; on a shared machine wall time is not enough. */
  cpu_seconds: number;
  /** Peak resident memory of the process (worker threads and DuckDB included), MiB. */
  peak_rss_mib: number;
  rows: Record<string, number>;
}

export const GENERATOR_VERSION = '1';

/** Checks the arguments a user gives; the CLI turns strings into numbers first. */
export function validateGenerateOptions(o: { customers: number; seed: number }): void {
  const bad = [];
  if (!Number.isInteger(o.customers) || o.customers < 1 || o.customers > 20_000_000) {
    bad.push({ name: 'customers', reason: 'must be a whole number between 1 and 20,000,000' });
  }
  if (!Number.isInteger(o.seed) || o.seed < 0 || o.seed > 0xffffffff) {
    bad.push({ name: 'seed', reason: 'must be a whole number between 0 and 4294967295' });
  }
  if (bad.length) throw new InvalidInput(bad.map((b) => `--${b.name} ${b.reason}`).join('; '), bad);
}

/** A database file that exists and holds rows in any table other than the bookkeeping ones. */
async function holdsData(path: string): Promise<boolean> {
  if (!existsSync(path) || statSync(path).size === 0) return false;
  let store: DuckDbStore;
  try {
    store = await DuckDbStore.open(path, { readOnly: true });
  } catch (e) {
    if (e instanceof AppError) throw e;
    return true; // not a database we can read: treat as data, do not overwrite without --force
  }
  try {
    const tables = await store.query<{ name: string }>(
      "SELECT table_name AS name FROM information_schema.tables WHERE table_schema = 'main' AND table_name = 'customers'",
    );
    if (!tables.length)
      return (await store.query('SELECT 1 FROM information_schema.tables LIMIT 1')).length > 0;
    const n = await store.query<{ n: number }>('SELECT count(*) AS n FROM customers');
    return (n[0]?.n ?? 0) > 0;
  } finally {
    await store.close();
  }
}

function removeDb(path: string): void {
  rmSync(path, { force: true });
  rmSync(`${path}.wal`, { force: true });
}

/**
 * Generates the whole data set into a temporary database next to `db` and renames it over `db`
 * at the end, so a failed or interrupted run leaves the previous database intact.
 *
 * Customers are simulated in chunks (in worker threads when threads > 0), each writer appending
 * CSV to its own files; DuckDB then loads every table with its parallel CSV reader. Memory stays
 * bounded by the chunks in flight, whatever the number of customers.
 */
export async function generateDataset(options: GenerateOptions): Promise<GenerateResult> {
  validateGenerateOptions(options);
  const t0 = performance.now();
  const db = options.db;
  if (db === ':memory:') throw new InvalidInput('generate needs a database file, not :memory:');
  if (!options.force && (await holdsData(db))) {
    throw new Conflict(
      `${db} already holds data; pass --force to replace it (the old data set is then lost)`,
    );
  }
  mkdirSync(dirname(db), { recursive: true });
  const tag = `${process.pid}-${Date.now()}`;
  const tmpDb = `${db}.tmp-${tag}`;
  const dir = `${db}.gen-${tag}`;
  mkdirSync(dir, { recursive: true });
  const threads = Math.max(0, options.threads ?? Math.min(availableParallelism(), 8));
  try {
    writeStaticTables(options.seed, dir);
    const rows = await simulateAll(options, dir, threads);
    const t1 = performance.now();
    await loadAll(options, dir, tmpDb);
    const t2 = performance.now();
    const counts = await countRows(tmpDb);
    for (const spec of TABLE_SPECS) {
      if (!STATIC_TABLES.has(spec.key) && counts[spec.table] !== (rows[spec.key] ?? 0)) {
        throw new Error(`${spec.table}: loaded ${counts[spec.table]} rows, generated ${rows[spec.key]}`);
      }
    }
    removeDb(db);
    renameSync(tmpDb, db);
    if (existsSync(`${tmpDb}.wal`)) renameSync(`${tmpDb}.wal`, `${db}.wal`);
    return {
      db,
      customers: options.customers,
      seed: options.seed,
      as_of: AS_OF_ISO,
      threads,
      seconds: {
        generate: round1((t1 - t0) / 1000),
        load: round1((t2 - t1) / 1000),
        total: round1((performance.now() - t0) / 1000),
      },
      cpu_seconds: round1((process.cpuUsage().user + process.cpuUsage().system) / 1e6),
      peak_rss_mib: Math.round(process.resourceUsage().maxRSS / 1024),
      rows: counts,
    };
  } catch (e) {
    removeDb(tmpDb);
    throw e;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

const STATIC_TABLES = new Set(['products', 'content_items', 'campaigns']);
const round1 = (x: number) => Math.round(x * 10) / 10;

function writeStaticTables(seed: number, dir: string): void {
  const cat = buildCatalogue(seed);
  writeFileSync(
    join(dir, 'products.static.csv'),
    cat.products
      .map(
        (p) =>
          `${p.id},${csvText(p.name)},${CATEGORIES[p.category]},${p.price},${p.cost},${p.stock},${p.tags.join('|')},${epochSeconds(p.launchedDay)}\n`,
      )
      .join(''),
  );
  writeFileSync(
    join(dir, 'content_items.static.csv'),
    cat.content.map((c) => `${c.id},${csvText(c.title)},${c.kind},${CATEGORIES[c.category]}\n`).join(''),
  );
  writeFileSync(
    join(dir, 'campaigns.static.csv'),
    planCampaigns(seed)
      .map(
        (c) =>
          `${c.id},${csvText(c.name)},${c.goal},${c.channel},${epochSeconds(c.startDay)},${c.windowDays},` +
          `${[...c.triggers, CONTROL_ARM].join('|')},${c.controlShare},${csvText(`${AUDIENCE_DESCRIPTIONS[c.audience]} (${Math.round(c.audienceShare * 100)}% sampled)`)},${c.reserved}\n`,
      )
      .join(''),
  );
}

function chunkSizeFor(options: GenerateOptions): number {
  return options.chunkSize ?? Math.max(250, Math.min(5000, Math.ceil(options.customers / 64)));
}

async function simulateAll(
  options: GenerateOptions,
  dir: string,
  threads: number,
): Promise<Record<string, number>> {
  const n = options.customers;
  const size = chunkSizeFor(options);
  const progress = startProgress({ label: 'generate', total: n, unit: 'customers', quiet: options.quiet });
  const totals: Record<string, number> = {};
  const add = (rows: Record<string, number>) => {
    for (const [k, v] of Object.entries(rows)) totals[k] = (totals[k] ?? 0) + v;
  };
  if (threads === 0) {
    const writer = new ChunkWriter(options.seed, dir, 'main');
    try {
      for (let start = 0; start < n; start += size) {
        const end = Math.min(n, start + size);
        add(writer.run(start, end));
        progress.tick(end - start);
        // Yield to the event loop so the progress bar (and signals) stay responsive.
        await new Promise((r) => setImmediate(r));
      }
    } finally {
      writer.close();
    }
  } else {
    await runWorkers(options.seed, dir, n, size, Math.min(threads, Math.ceil(n / size)), (rows, count) => {
      add(rows);
      progress.tick(count);
    });
  }
  progress.done();
  return totals;
}

function runWorkers(
  seed: number,
  dir: string,
  n: number,
  size: number,
  threads: number,
  onChunk: (rows: Record<string, number>, count: number) => void,
): Promise<void> {
  const boot = new URL('./generate-worker-boot.mjs', import.meta.url);
  return new Promise((resolve, reject) => {
    let next = 0;
    let running = threads;
    let failed = false;
    const workers: Worker[] = [];
    const fail = (e: Error) => {
      if (failed) return;
      failed = true;
      for (const w of workers) void w.terminate();
      reject(e);
    };
    for (let w = 0; w < threads; w++) {
      // A larger young generation: the simulator allocates many short-lived strings.
      const worker = new Worker(boot, {
        workerData: { seed, dir, writer: `w${w}` },
        resourceLimits: { maxYoungGenerationSizeMb: 96 },
      });
      workers.push(worker);
      let closed = false;
      const feed = () => {
        if (next < n) {
          const start = next;
          next = Math.min(n, next + size);
          worker.postMessage({ start, end: next } satisfies WorkerRequest);
        } else worker.postMessage({ close: true } satisfies WorkerRequest);
      };
      worker.on('message', (m: WorkerReply) => {
        if ('error' in m) return fail(new Error(`generator thread failed: ${m.error}`));
        if ('closed' in m) {
          closed = true;
          if (--running === 0 && !failed) resolve();
          return;
        }
        onChunk(m.rows, m.end - m.start);
        feed();
      });
      worker.on('error', fail);
      worker.on('exit', (code) => {
        if (!closed) fail(new Error(`generator thread exited early with code ${code}`));
      });
      feed();
    }
  });
}

/**
 * Loads every table's CSV files. A table with a primary key is loaded without it and the key is
 * added afterwards: DuckDB builds the index in bulk several times faster than it checks it row by
 * row during the insert. The table is recreated from its own catalogue DDL, so the final schema
 * is exactly the migrated one (later migrations included).
 */
async function loadAll(options: GenerateOptions, dir: string, tmpDb: string): Promise<void> {
  const store = await openStore(tmpDb);
  try {
    for (const spec of TABLE_SPECS) {
      const t = performance.now();
      const [schema, name] = spec.table.includes('.') ? spec.table.split('.') : ['main', spec.table];
      const ddl = await store.query<{ sql: string }>(
        'SELECT sql FROM duckdb_tables() WHERE schema_name = $1 AND table_name = $2',
        [schema!, name!],
      );
      const pk = await store.query<{ cols: string[] }>(
        `SELECT constraint_column_names AS cols FROM duckdb_constraints()
         WHERE schema_name = $1 AND table_name = $2 AND constraint_type = 'PRIMARY KEY'`,
        [schema!, name!],
      );
      const keyColumns = pk[0]?.cols ?? [];
      if (keyColumns.length && ddl[0]) {
        await store.run(`DROP TABLE ${spec.table}`);
        await store.run(withoutPrimaryKey(ddl[0].sql));
      }
      await store.run(loadSql(spec, join(dir, `${spec.key}.*.csv`)));
      if (keyColumns.length) {
        await store.run(
          `ALTER TABLE ${spec.table} ADD PRIMARY KEY (${keyColumns.map((c) => `"${c}"`).join(', ')})`,
        );
      }
      if (!options.quiet) note(`loaded ${spec.table} in ${((performance.now() - t) / 1000).toFixed(1)} s`);
      // Free the disk as we go: at a million customers the files take gigabytes.
      for (const f of readdirSync(dir)) if (f.startsWith(`${spec.key}.`)) rmSync(join(dir, f));
    }
    const meta: [string, string][] = [
      ['as_of', AS_OF_ISO],
      ['seed', String(options.seed)],
      ['source', 'simulator'],
      ['customers', String(options.customers)],
      ['generator_version', GENERATOR_VERSION],
      ['truth_window_days', String(TRUTH_WINDOW_DAYS)],
    ];
    for (const [k, v] of meta) await store.run('INSERT INTO meta (key, value) VALUES ($1, $2)', [k, v]);
    await store.run('CHECKPOINT');
  } finally {
    await store.close();
  }
}

/** A CREATE TABLE statement from DuckDB's catalogue, minus its primary key (inline or table-level). */
export function withoutPrimaryKey(ddl: string): string {
  return ddl.replace(/,\s*PRIMARY KEY\s*\([^)]*\)/i, '').replace(/ PRIMARY KEY(?=\s*[,)])/gi, '');
}

/** Row count of every table of the data set (truth tables prefixed `truth.`). */
export async function countRows(db: string): Promise<Record<string, number>> {
  const store = await DuckDbStore.open(db, { readOnly: true });
  try {
    const out: Record<string, number> = {};
    for (const spec of TABLE_SPECS) {
      const r = await store.query<{ n: number }>(`SELECT count(*) AS n FROM ${spec.table}`);
      out[spec.table] = r[0]?.n ?? 0;
    }
    return out;
  } finally {
    await store.close();
  }
}
