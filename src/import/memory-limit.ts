import { totalmem } from 'node:os';
import { InvalidInput } from '../core/errors.ts';
import type { Store } from '../store/store.ts';

/**
 * DuckDB memory for importing one large file. The import holds the whole file in DuckDB (staged
 * as text, then as typed columns, joined and sorted by row), and DuckDB's default limit is 80% of
 * the machine: a 14-million-row Criteo file took it past 10 GiB (docs/benchmarks.md), which on a
 * shared machine leaves too little for the Node heap and everyone else. Past `memory_limit`
 * DuckDB writes table blocks, sorts, hash joins and windows to its temp_directory (next to the
 * database file; https://duckdb.org/docs/stable/guides/performance/how_to_tune_workloads), so a
 * lower limit makes a file larger than memory slower, not impossible.
 *
 * Default: a quarter of the machine's memory (6 GiB of 24), never more than the limit already set;
 * `AETHER_IMPORT_MEMORY_LIMIT` (e.g. `2GB`, `12GiB`) overrides it.
 */
export function importMemoryLimit(env: NodeJS.ProcessEnv = process.env): string {
  const given = env.AETHER_IMPORT_MEMORY_LIMIT?.trim();
  if (given) {
    if (!/^\d+(\.\d+)?\s*(B|KB|MB|GB|TB|KiB|MiB|GiB|TiB)$/i.test(given))
      throw new InvalidInput(
        `AETHER_IMPORT_MEMORY_LIMIT must be a size such as 4GB or 6GiB, not ${JSON.stringify(given)}`,
        [{ name: 'AETHER_IMPORT_MEMORY_LIMIT', reason: 'not a size' }],
      );
    return given;
  }
  return `${Math.max(1, Math.floor(totalmem() / 4 / 2 ** 20))}MiB`;
}

/** Bytes of a DuckDB size setting as DuckDB prints it ("18.8 GiB", "512.0 MiB", "4GB"). */
export function sizeBytes(text: string): number {
  const m = /^\s*(\d+(?:\.\d+)?)\s*([KMGT]?i?B)\s*$/i.exec(text);
  if (!m) return Number.NaN;
  const unit = (m[2] as string).toUpperCase();
  const power = { B: 0, KB: 1, KIB: 1, MB: 2, MIB: 2, GB: 3, GIB: 3, TB: 4, TIB: 4 }[unit];
  if (power === undefined) return Number.NaN;
  return Number(m[1]) * (unit.includes('I') || unit === 'B' ? 1024 : 1000) ** power;
}

/**
 * Runs `fn` with DuckDB's memory_limit lowered to `limit` (when it is lower than the current one),
 * and puts the previous limit back afterwards. The setting is the database's, not the
 * connection's: a command runs one import at a time.
 */
export async function withMemoryLimit<T>(store: Store, limit: string, fn: () => Promise<T>): Promise<T> {
  if (store.dialect !== 'duckdb') return fn();
  const [row] = await store.query<{ m: string }>("SELECT current_setting('memory_limit') AS m");
  const previous = String(row?.m ?? '');
  if (!(sizeBytes(limit) < sizeBytes(previous))) return fn();
  // Both values are checked sizes (ours or DuckDB's own text), not free user text.
  await store.run(`SET memory_limit = '${limit.replaceAll("'", '')}'`);
  try {
    return await fn();
  } finally {
    // DuckDB prints a limit truncated to 0.1 of its unit and cannot take back its own text exactly:
    // the default (what every command opens with) comes back exactly by RESET, any other limit
    // as printed.
    await store.run('RESET memory_limit');
    const [now] = await store.query<{ m: string }>("SELECT current_setting('memory_limit') AS m");
    if (String(now?.m) !== previous) await store.run(`SET memory_limit = '${previous.replaceAll("'", '')}'`);
  }
}
