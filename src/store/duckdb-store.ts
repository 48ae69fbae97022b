import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { type DuckDBConnection, DuckDBInstance, type DuckDBValue, listValue } from '@duckdb/node-api';
import { Conflict } from '../core/errors.ts';
import type { Row, SqlValue, Store } from './store.ts';

export interface DuckDbOptions {
  /** Open without write access (many readers may share a file that nobody writes). */
  readOnly?: boolean;
  /** DuckDB threads; defaults to the machine's cores. */
  threads?: number;
  memoryLimit?: string;
}

/** Converts DuckDB's own value classes (BIGINT, DECIMAL, TIMESTAMP, LIST …) to plain JSON-able values. */
export function toPlain(value: unknown): unknown {
  if (value === null || value === undefined) return null;
  if (typeof value === 'bigint') {
    return value <= BigInt(Number.MAX_SAFE_INTEGER) && value >= BigInt(Number.MIN_SAFE_INTEGER)
      ? Number(value)
      : value.toString();
  }
  if (typeof value !== 'object') return value;
  if (Array.isArray(value)) return value.map(toPlain);
  const v = value as Record<string, unknown> & { constructor?: { name?: string } };
  const kind = v.constructor?.name ?? '';
  if (kind === 'DuckDBTimestampValue' || kind.startsWith('DuckDBTimestamp') || kind === 'DuckDBDateValue') {
    const s = String(value);
    return kind === 'DuckDBDateValue' ? s : `${s.replace(' ', 'T')}${s.includes('+') ? '' : 'Z'}`;
  }
  if (kind === 'DuckDBDecimalValue') return Number(String(value));
  if (kind === 'DuckDBListValue' || kind === 'DuckDBArrayValue') return (v.items as unknown[]).map(toPlain);
  if (kind === 'DuckDBStructValue') {
    const out: Record<string, unknown> = {};
    for (const [k, x] of Object.entries(v.entries as Record<string, unknown>)) out[k] = toPlain(x);
    return out;
  }
  if (kind === 'DuckDBMapValue') {
    const out: Record<string, unknown> = {};
    for (const e of v.entries as { key: unknown; value: unknown }[])
      out[String(toPlain(e.key))] = toPlain(e.value);
    return out;
  }
  if (value instanceof Date) return value.toISOString();
  if (kind.startsWith('DuckDB')) return String(value);
  return value;
}

function toDuck(value: SqlValue): DuckDBValue {
  if (value instanceof Date) return value.toISOString();
  if (Array.isArray(value)) return listValue(value.map(toDuck));
  return value as DuckDBValue;
}

export class DuckDbStore implements Store {
  readonly dialect = 'duckdb' as const;
  private inTransaction = false;

  private constructor(
    readonly location: string,
    private readonly instance: DuckDBInstance,
    readonly connection: DuckDBConnection,
    private readonly ownsInstance = true,
  ) {}

  /** Another connection to the same database, for concurrent readers; its close() leaves the database open. */
  async fork(): Promise<DuckDbStore> {
    return new DuckDbStore(this.location, this.instance, await this.instance.connect(), false);
  }

  static async open(location: string, options: DuckDbOptions = {}): Promise<DuckDbStore> {
    if (location !== ':memory:') mkdirSync(dirname(location), { recursive: true });
    const config: Record<string, string> = {};
    if (options.readOnly) config.access_mode = 'READ_ONLY';
    if (options.threads) config.threads = String(options.threads);
    if (options.memoryLimit) config.memory_limit = options.memoryLimit;
    let instance: DuckDBInstance;
    try {
      instance = await DuckDBInstance.create(location, config);
    } catch (e) {
      const msg = (e as Error).message;
      if (/lock|Conflicting lock/i.test(msg)) {
        throw new Conflict(
          `The database ${location} is in use by another process (${msg.split('\n')[0]}). ` +
            'Stop it (e.g. a running `aether serve`) or send the command through the server.',
        );
      }
      throw e;
    }
    const connection = await instance.connect();
    return new DuckDbStore(location, instance, connection);
  }

  async query<T extends Row = Row>(sql: string, params: readonly SqlValue[] = []): Promise<T[]> {
    const reader = await this.connection.runAndReadAll(sql, params.length ? params.map(toDuck) : undefined);
    const rows = reader.getRowObjects();
    return rows.map((r) => {
      const out: Row = {};
      for (const [k, v] of Object.entries(r)) out[k] = toPlain(v);
      return out as T;
    });
  }

  async run(sql: string, params: readonly SqlValue[] = []): Promise<void> {
    await this.connection.run(sql, params.length ? params.map(toDuck) : undefined);
  }

  async transaction<T>(fn: (tx: Store) => Promise<T>): Promise<T> {
    if (this.inTransaction) return fn(this);
    this.inTransaction = true;
    await this.connection.run('BEGIN TRANSACTION');
    try {
      const result = await fn(this);
      await this.connection.run('COMMIT');
      return result;
    } catch (e) {
      await this.connection.run('ROLLBACK').catch(() => {});
      throw e;
    } finally {
      this.inTransaction = false;
    }
  }

  async close(): Promise<void> {
    this.connection.closeSync();
    if (this.ownsInstance) this.instance.closeSync();
  }
}
