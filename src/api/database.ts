import type { DuckDbStore } from '../store/duckdb-store.ts';
import type { Row, SqlValue, Store } from '../store/store.ts';

/**
 * The server's connections to its one DuckDB file: a single writer, used by one task at a time
 * (DuckDB has one writer per process, and a transaction must not interleave with other work on
 * its connection), and a small pool of reader connections, each running one query at a time,
 * which see committed data only (DuckDB's MVCC) and so never a half-built snapshot.
 */
export class Database {
  private writeChain: Promise<unknown> = Promise.resolve();
  private readonly idle: DuckDbStore[];
  private readonly waiting: ((s: DuckDbStore) => void)[] = [];
  /** Reads as a plain query function (each query borrows a reader). */
  readonly reader: Pick<Store, 'query'>;

  private constructor(
    readonly writer: DuckDbStore,
    private readonly readers: DuckDbStore[],
  ) {
    this.idle = [...readers];
    this.reader = {
      query: <T extends Row = Row>(sql: string, params?: readonly SqlValue[]) =>
        this.read((s) => s.query<T>(sql, params)),
    };
  }

  static async open(store: DuckDbStore, readers = 3): Promise<Database> {
    const pool: DuckDbStore[] = [];
    for (let i = 0; i < readers; i++) pool.push(await store.fork());
    return new Database(store, pool);
  }

  /** Runs `fn` on a reader connection of its own. */
  async read<T>(fn: (s: Store) => Promise<T>): Promise<T> {
    const s = this.idle.pop() ?? (await new Promise<DuckDbStore>((resolve) => this.waiting.push(resolve)));
    try {
      return await fn(s);
    } finally {
      const next = this.waiting.shift();
      if (next) next(s);
      else this.idle.push(s);
    }
  }

  /** Runs `fn` on the writer after every write queued before it. */
  write<T>(fn: (s: Store) => Promise<T>): Promise<T> {
    const run = this.writeChain.then(() => fn(this.writer));
    this.writeChain = run.catch(() => {});
    return run;
  }

  /** Waits for queued writes, then closes every connection and the database. */
  async close(): Promise<void> {
    await this.writeChain;
    for (const r of this.readers) await r.close();
    await this.writer.close();
  }
}
