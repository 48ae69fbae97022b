import { openStore } from '../store/open.ts';
import type { DuckDbStore } from '../store/duckdb-store.ts';

export interface DbOptions {
  db?: string;
}

/** Opens the store named by --db (or $AETHER_DB, or ./data/aether.duckdb), runs `fn`, always closes it. */
export async function withStore<T>(
  options: DbOptions,
  fn: (store: DuckDbStore) => Promise<T>,
  mode: { readOnly?: boolean } = {},
): Promise<T> {
  const store = await openStore(options.db, mode);
  try {
    return await fn(store);
  } finally {
    await store.close();
  }
}
