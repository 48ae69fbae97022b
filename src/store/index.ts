export { DuckDbStore, toPlain } from './duckdb-store.ts';
export { currentSchemaVersion, MIGRATIONS, type Migration, migrate } from './migrate.ts';
export { openStore, resolveDbPath } from './open.ts';
export type { Dialect, Row, SqlValue, Store } from './store.ts';
