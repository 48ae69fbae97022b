import { type DuckDBDataChunk, listValue } from '@duckdb/node-api';
import { DuckDbStore } from '../store/duckdb-store.ts';
import type { SqlValue, Store } from '../store/store.ts';

export type Getter = (i: number) => unknown;
type Visit = (column: number, offset: number, get: Getter, length: number) => void;

/** Parameters bound as DuckDbStore.query binds them: lists (criteria `in` values) as DuckDB lists. */
function bind(params: readonly SqlValue[]): never[] | undefined {
  const bound = params.map((p) =>
    Array.isArray(p) ? listValue(p as never[]) : p instanceof Date ? p.toISOString() : p,
  );
  return bound.length ? (bound as never[]) : undefined;
}

function visitChunk(chunk: DuckDBDataChunk, offset: number, visit: Visit): void {
  for (let j = 0; j < chunk.columnCount; j++) {
    const vector = chunk.getColumnVector(j);
    visit(j, offset, (i) => vector.getItem(i), chunk.rowCount);
  }
}

/** Other stores: row objects, visited column by column. */
async function visitRows(
  store: Store,
  sql: string,
  visit: Visit,
  params: readonly SqlValue[],
): Promise<void> {
  const rows = await store.query(sql, params);
  const names = rows[0] ? Object.keys(rows[0]) : [];
  for (const [j, k] of names.entries()) visit(j, 0, (i) => rows[i][k] ?? null, rows.length);
}

/**
 * Visits a query's result column by column, chunk by chunk, so large results land in typed arrays
 * without one object per row (on DuckDB; other stores fall back to row objects). `offset` is the
 * chunk's first row. Values are DuckDB's JS values: number, bigint, string, boolean or null.
 * The result is streamed: memory stays at one chunk, but nothing else may run on the connection
 * until the scan ends (see readColumns).
 */
export async function scanColumns(
  store: Store,
  sql: string,
  visit: Visit,
  params: readonly SqlValue[] = [],
): Promise<void> {
  if (!(store instanceof DuckDbStore)) return visitRows(store, sql, visit, params);
  const result = await store.connection.stream(sql, bind(params));
  let offset = 0;
  for (;;) {
    const chunk = await result.fetchChunk();
    if (!chunk || chunk.rowCount === 0) break;
    visitChunk(chunk, offset, visit);
    offset += chunk.rowCount;
  }
}

/**
 * scanColumns over a materialised result: a streamed result is cut short when another query runs
 * on the same connection meanwhile, and the explanation and planner run their queries concurrently.
 */
export async function readColumns(
  store: Store,
  sql: string,
  visit: Visit,
  params: readonly SqlValue[] = [],
): Promise<void> {
  if (!(store instanceof DuckDbStore)) return visitRows(store, sql, visit, params);
  const result = await store.connection.run(sql, bind(params));
  let offset = 0;
  for (let c = 0; c < result.chunkCount; c++) {
    const chunk = result.getChunk(c);
    if (chunk.rowCount === 0) continue;
    visitChunk(chunk, offset, visit);
    offset += chunk.rowCount;
  }
}
