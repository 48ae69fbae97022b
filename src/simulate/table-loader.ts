import { readdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import type { DuckDbStore } from '../store/duckdb-store.ts';
import { openStore } from '../store/open.ts';
import { loadSql, partGlob, TABLE_SPECS, type TableSpec } from './tables.ts';

/** Tables written once from the catalogue and the campaign plan, not by the customer writers. */
export const STATIC_TABLES: ReadonlySet<string> = new Set(['products', 'content_items', 'campaigns']);

interface KeyedTable {
  table: string;
  columns: string[];
}

/**
 * Loads the generator's CSV files into a fresh, migrated database, part by part while the next
 * part is being simulated.
 *
 * - Tables with a primary key are recreated without it (from their own catalogue DDL, so the final
 *   schema is exactly the migrated one) and the keys are added once everything is in: DuckDB builds
 *   an index in bulk several times faster than it checks it row by row during the inserts
 *   (docs/benchmarks.md).
 * - `preserve_insertion_order = false` lets DuckDB's parallel CSV reader insert from all its threads
 *   instead of funnelling rows through one to keep file order. Nothing depends on the physical row
 *   order (the files' order already depends on which thread simulated which chunk); the
 *   determinism test compares sorted dumps.
 */
export class TableLoader {
  private constructor(
    private readonly store: DuckDbStore,
    private readonly keyed: KeyedTable[],
  ) {}

  static async open(db: string): Promise<TableLoader> {
    const store = await openStore(db);
    try {
      await store.run('SET preserve_insertion_order = false');
      const keyed: KeyedTable[] = [];
      for (const spec of TABLE_SPECS) {
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
        const columns = pk[0]?.cols ?? [];
        if (columns.length && ddl[0]) {
          await store.run(`DROP TABLE ${spec.table}`);
          await store.run(withoutPrimaryKey(ddl[0].sql));
          keyed.push({ table: spec.table, columns });
        }
      }
      return new TableLoader(store, keyed);
    } catch (e) {
      await store.close();
      throw e;
    }
  }

  /** Loads the catalogue and campaign tables from `<dir>/<table>.static.csv`. */
  async loadStatic(dir: string): Promise<void> {
    for (const spec of TABLE_SPECS) {
      if (STATIC_TABLES.has(spec.key)) await this.load(spec, join(dir, `${spec.key}.static.csv`));
    }
  }

  /** Loads every writer's files of one part, then deletes them: at a million customers they take gigabytes. */
  async loadPart(dir: string, part: number): Promise<void> {
    for (const spec of TABLE_SPECS) {
      if (!STATIC_TABLES.has(spec.key)) await this.load(spec, join(dir, partGlob(spec.key, part)));
    }
    const suffix = `.p${part}.`;
    for (const f of readdirSync(dir)) if (f.includes(suffix)) rmSync(join(dir, f), { force: true });
  }

  private async load(spec: TableSpec, glob: string): Promise<void> {
    await this.store.run(loadSql(spec, glob));
  }

  /**
   * Adds the primary keys, two tables at a time on two connections (building one index does not
   * keep both cores busy), biggest first so the last one to finish is short; then the metadata
   * and a checkpoint, so the file is complete without its WAL.
   */
  async finish(meta: [string, string][], rows: Record<string, number>): Promise<void> {
    const queue = [...this.keyed].sort((a, b) => (rows[b.table] ?? 0) - (rows[a.table] ?? 0));
    const second = await this.store.fork();
    try {
      await Promise.all(
        [this.store, second].map(async (conn) => {
          for (let t = queue.shift(); t; t = queue.shift()) {
            await conn.run(
              `ALTER TABLE ${t.table} ADD PRIMARY KEY (${t.columns.map((c) => `"${c}"`).join(', ')})`,
            );
          }
        }),
      );
    } finally {
      await second.close();
    }
    for (const [k, v] of meta) await this.store.run('INSERT INTO meta (key, value) VALUES ($1, $2)', [k, v]);
    await this.store.run('CHECKPOINT');
  }

  /** Row count of every data set table (truth tables prefixed `truth.`). */
  async counts(): Promise<Record<string, number>> {
    const out: Record<string, number> = {};
    for (const spec of TABLE_SPECS) {
      const r = await this.store.query<{ n: number }>(`SELECT count(*) AS n FROM ${spec.table}`);
      out[spec.table] = r[0]?.n ?? 0;
    }
    return out;
  }

  async close(): Promise<void> {
    await this.store.close();
  }
}

/** A CREATE TABLE statement from DuckDB's catalogue, minus its primary key (inline or table-level). */
export function withoutPrimaryKey(ddl: string): string {
  return ddl.replace(/,\s*PRIMARY KEY\s*\([^)]*\)/i, '').replace(/ PRIMARY KEY(?=\s*[,)])/gi, '');
}
