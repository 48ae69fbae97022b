import { existsSync, mkdirSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { dirname, join } from 'node:path';
import { CONTROL_ARM } from '../contracts/triggers.ts';
import { AppError, Conflict, InvalidInput } from '../core/errors.ts';
import { note, startProgress } from '../core/progress.ts';
import { DuckDbStore } from '../store/duckdb-store.ts';
import { AS_OF_ISO, epochSeconds } from './calendar.ts';
import { AUDIENCE_DESCRIPTIONS, planCampaigns } from './campaigns.ts';
import { buildCatalogue } from './catalogue.ts';
import { type ChunkPool, createChunkPool } from './chunk-pool.ts';
import { TRUTH_WINDOW_DAYS } from './ground-truth.ts';
import { STATIC_TABLES, TableLoader } from './table-loader.ts';
import { csvText, TABLE_SPECS } from './tables.ts';
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
  /** Customers per part (a part is loaded while the next ones are simulated); default 1,000,000. */
  partSize?: number;
  quiet?: boolean;
  /** Called after each part is loaded; tests throw from it to check what a failed run leaves. */
  afterPart?: (part: number) => void;
}

export interface GenerateResult {
  db: string;
  customers: number;
  seed: number;
  as_of: string;
  threads: number;
  /**
   * Wall time: `generate` until the last customer is simulated (loading runs alongside), `load`
   * what remains after it (the last part, the primary keys, the checkpoint), `total` both.
   */
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
 * at the end, so a failed or interrupted run (Ctrl-C, SIGTERM) leaves the previous database
 * intact and no temporary file behind.
 *
 * Customers are simulated in parts of `partSize`, each part in chunks (in worker threads when
 * threads > 0), every writer appending CSV to its own files of that part. While the workers
 * simulate the next parts, DuckDB loads the finished one with its parallel CSV reader; primary
 * keys are built once everything is in. Memory stays bounded by the chunks in flight and disk by
 * three parts of CSV, whatever the number of customers.
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
  const threads = Math.max(0, options.threads ?? Math.min(availableParallelism(), 8));
  // An interrupted run removes what it wrote (DuckDB and the workers may still hold the files
  // open; on POSIX they go once closed, at exit) and exits as the signal would have.
  const onSignal = (signal: NodeJS.Signals) => {
    removeDb(tmpDb);
    rmSync(dir, { recursive: true, force: true });
    note(`generate: ${signal}; temporary files removed, ${db} left as it was`);
    process.exit(signal === 'SIGINT' ? 130 : 143);
  };
  process.once('SIGINT', onSignal);
  process.once('SIGTERM', onSignal);
  let pool: ChunkPool | null = null;
  let loader: TableLoader | null = null;
  let replaced = false;
  try {
    mkdirSync(dir, { recursive: true });
    writeStaticTables(options.seed, dir);
    loader = await TableLoader.open(tmpDb);
    await loader.loadStatic(dir);
    pool = createChunkPool(options.seed, dir, threads);
    const { rows, simulatedAt } = await simulateAndLoad(options, pool, loader, dir);
    await pool.close();
    pool = null;
    const meta: [string, string][] = [
      ['as_of', AS_OF_ISO],
      ['seed', String(options.seed)],
      ['source', 'simulator'],
      ['customers', String(options.customers)],
      ['generator_version', GENERATOR_VERSION],
      ['truth_window_days', String(TRUTH_WINDOW_DAYS)],
    ];
    await loader.finish(meta, Object.fromEntries(TABLE_SPECS.map((s) => [s.table, rows[s.key] ?? 0])));
    const counts = await loader.counts();
    for (const spec of TABLE_SPECS) {
      if (!STATIC_TABLES.has(spec.key) && counts[spec.table] !== (rows[spec.key] ?? 0)) {
        throw new Error(`${spec.table}: loaded ${counts[spec.table]} rows, generated ${rows[spec.key]}`);
      }
    }
    await loader.close();
    loader = null;
    removeDb(db);
    renameSync(tmpDb, db);
    if (existsSync(`${tmpDb}.wal`)) renameSync(`${tmpDb}.wal`, `${db}.wal`);
    replaced = true;
    const cpu = process.cpuUsage();
    return {
      db,
      customers: options.customers,
      seed: options.seed,
      as_of: AS_OF_ISO,
      threads,
      seconds: {
        generate: round1((simulatedAt - t0) / 1000),
        load: round1((performance.now() - simulatedAt) / 1000),
        total: round1((performance.now() - t0) / 1000),
      },
      cpu_seconds: round1((cpu.user + cpu.system) / 1e6),
      peak_rss_mib: Math.round(process.resourceUsage().maxRSS / 1024),
      rows: counts,
    };
  } finally {
    await pool?.close(true).catch(() => {});
    await loader?.close().catch(() => {});
    if (!replaced) removeDb(tmpDb);
    rmSync(dir, { recursive: true, force: true });
    process.removeListener('SIGINT', onSignal);
    process.removeListener('SIGTERM', onSignal);
  }
}

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

/**
 * Customers per part. One part up to a million customers: overlapping the load of a part with the
 * simulation of the next costs more CPU than it saves on 2 cores (every part's INSERT ends in
 * partially filled row groups that DuckDB commits and checkpoints again; measured in
 * docs/benchmarks.md). Bigger runs go in parts of a million, which bounds the CSV on disk.
 */
function partSizeFor(options: GenerateOptions): number {
  return Math.max(1, options.partSize ?? 1_000_000);
}

/** Customers per chunk: small enough that no thread waits long for the last chunk of a part. */
function chunkSizeFor(options: GenerateOptions, partSize: number): number {
  return Math.max(1, options.chunkSize ?? Math.max(250, Math.min(2000, Math.ceil(partSize / 8))));
}

/**
 * Simulates part after part and loads each finished part while the next two are simulated, so at
 * most three parts of CSV are on disk at a time. Returns the rows generated per table and when
 * the last customer was simulated.
 */
async function simulateAndLoad(
  options: GenerateOptions,
  pool: ChunkPool,
  loader: TableLoader,
  dir: string,
): Promise<{ rows: Record<string, number>; simulatedAt: number }> {
  const n = options.customers;
  const partSize = partSizeFor(options);
  const chunkSize = chunkSizeFor(options, partSize);
  const parts = Math.ceil(n / partSize);
  const progress = startProgress({ label: 'generate', total: n, unit: 'customers', quiet: options.quiet });
  const simulatePart = (k: number): Promise<Record<string, number>[]> => {
    const jobs: Promise<Record<string, number>>[] = [];
    const to = Math.min(n, (k + 1) * partSize);
    for (let start = k * partSize; start < to; start += chunkSize) {
      const end = Math.min(to, start + chunkSize);
      jobs.push(
        pool.run({ part: k, start, end }).then((rows) => {
          progress.tick(end - start);
          return rows;
        }),
      );
    }
    const all = Promise.all(jobs);
    all.catch(() => {}); // awaited in its turn; a failure before then must not count as unhandled
    return all;
  };
  const totals: Record<string, number> = {};
  const sims = [simulatePart(0)];
  if (parts > 1) sims.push(simulatePart(1));
  let loading: Promise<void> = Promise.resolve();
  let simulatedAt = performance.now();
  try {
    for (let k = 0; k < parts; k++) {
      for (const rows of await sims[k]!) {
        for (const [key, v] of Object.entries(rows)) totals[key] = (totals[key] ?? 0) + v;
      }
      if (k === parts - 1) {
        simulatedAt = performance.now();
        progress.done();
      }
      await loading;
      if (k + 2 < parts) sims.push(simulatePart(k + 2));
      loading = loader.loadPart(dir, k).then(() => options.afterPart?.(k));
      loading.catch(() => {});
    }
    await loading;
  } finally {
    // Never leave a load running into a database about to be closed.
    await loading.catch(() => {});
  }
  return { rows: totals, simulatedAt };
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
