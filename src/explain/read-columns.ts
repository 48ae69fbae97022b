import { listValue } from '@duckdb/node-api';
import { DuckDbStore } from '../store/duckdb-store.ts';
import type { SqlValue, Store } from '../store/store.ts';

export type Getter = (i: number) => unknown;

/**
 * Visits a query's result column by column, chunk by chunk, like features/read-columns.ts's
 * scanColumns, but over a materialised result: a streamed result is cut short when another query
 * runs on the same connection meanwhile, and an explanation runs its queries concurrently.
 * Values are DuckDB's JS values (number, bigint, string, boolean or null); other stores fall back
 * to row objects.
 */
export async function readColumns(
  store: Store,
  sql: string,
  visit: (column: number, offset: number, get: Getter, length: number) => void,
  params: readonly SqlValue[] = [],
): Promise<void> {
  if (store instanceof DuckDbStore) {
    // Lists (criteria `in` values) bind as DuckDB lists, as in DuckDbStore.query.
    const bound = params.map((p) =>
      Array.isArray(p) ? listValue(p as never[]) : p instanceof Date ? p.toISOString() : p,
    );
    const result = await store.connection.run(sql, bound.length ? (bound as never) : undefined);
    let offset = 0;
    for (let c = 0; c < result.chunkCount; c++) {
      const chunk = result.getChunk(c);
      if (chunk.rowCount === 0) continue;
      for (let j = 0; j < chunk.columnCount; j++) {
        const vector = chunk.getColumnVector(j);
        visit(j, offset, (i) => vector.getItem(i), chunk.rowCount);
      }
      offset += chunk.rowCount;
    }
    return;
  }
  const rows = await store.query(sql, params);
  const names = rows[0] ? Object.keys(rows[0]) : [];
  for (const [j, k] of names.entries()) visit(j, 0, (i) => rows[i][k] ?? null, rows.length);
}
