/**
 * The store interface: plain, dialect-neutral SQL with positional parameters ($1, $2, …),
 * so the DuckDB default and a PostgreSQL deployment share every query. Values only ever travel
 * in the parameter array, never pasted into SQL text.
 */
export type SqlValue = string | number | bigint | boolean | null | Date | readonly SqlValue[];
export type Row = Record<string, unknown>;

export type Dialect = 'duckdb' | 'postgres';

export interface Store {
  readonly dialect: Dialect;
  /** Where the data lives (a file path, or ':memory:'). */
  readonly location: string;
  query<T extends Row = Row>(sql: string, params?: readonly SqlValue[]): Promise<T[]>;
  run(sql: string, params?: readonly SqlValue[]): Promise<void>;
  /** Runs `fn` in one transaction: all or nothing. Nested calls join the outer transaction. */
  transaction<T>(fn: (tx: Store) => Promise<T>): Promise<T>;
  close(): Promise<void>;
}
