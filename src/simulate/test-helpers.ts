import { createHash } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DuckDbStore } from '../store/duckdb-store.ts';
import { TABLE_SPECS } from './tables.ts';

/** A fresh folder for a test database. */
export function tempDbPath(name = 'sim.duckdb'): string {
  return join(mkdtempSync(join(tmpdir(), 'aether-sim-')), name);
}

/** SHA-256 of every data table dumped in sorted order (plus meta), for determinism tests. */
export async function hashTables(db: string): Promise<Record<string, string>> {
  const store = await DuckDbStore.open(db, { readOnly: true });
  try {
    const out: Record<string, string> = {};
    for (const table of ['meta', ...TABLE_SPECS.map((s) => s.table)]) {
      const rows = await store.query(`SELECT * FROM ${table} ORDER BY ALL`);
      const h = createHash('sha256');
      for (const r of rows) h.update(`${JSON.stringify(r)}\n`);
      out[table] = `${rows.length}:${h.digest('hex').slice(0, 16)}`;
    }
    return out;
  } finally {
    await store.close();
  }
}
