import { resolve } from 'node:path';
import { type DuckDbOptions, DuckDbStore } from './duckdb-store.ts';
import { migrate } from './migrate.ts';
import type { Store } from './store.ts';

/** The default database file: --db PATH, else $AETHER_DB, else ./data/aether.duckdb. */
export function resolveDbPath(explicit?: string): string {
  if (explicit) return explicit === ':memory:' ? explicit : resolve(explicit);
  if (process.env.AETHER_DB) return resolve(process.env.AETHER_DB);
  return resolve('data', 'aether.duckdb');
}

/** Opens the store and brings its schema up to date. */
export async function openStore(location?: string, options: DuckDbOptions = {}): Promise<DuckDbStore> {
  const store = await DuckDbStore.open(resolveDbPath(location), options);
  if (!options.readOnly) await migrate(store);
  return store;
}

export type { Store };
