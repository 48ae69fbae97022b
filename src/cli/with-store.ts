import { heldByServerMessage, readServerLock } from '../api/server-lock.ts';
import { Conflict } from '../core/errors.ts';
import type { DuckDbStore } from '../store/duckdb-store.ts';
import { openStore, resolveDbPath } from '../store/open.ts';

export interface DbOptions {
  db?: string;
}

/** Opens the store named by --db (or $AETHER_DB, or ./data/aether.duckdb), runs `fn`, always closes it. */
export async function withStore<T>(
  options: DbOptions,
  fn: (store: DuckDbStore) => Promise<T>,
  mode: { readOnly?: boolean } = {},
): Promise<T> {
  // While `aether serve` holds the file, say so by name rather than with DuckDB's lock error.
  const held = readServerLock(resolveDbPath(options.db));
  if (held) throw new Conflict(heldByServerMessage(held));
  const store = await openStore(options.db, mode);
  try {
    return await fn(store);
  } finally {
    await store.close();
  }
}
