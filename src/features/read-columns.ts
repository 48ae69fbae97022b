import { type DuckDBDataChunk, DuckDBDoubleVector, type DuckDBVector, listValue } from '@duckdb/node-api';
import { DuckDbStore } from '../store/duckdb-store.ts';
import type { SqlValue, Store } from '../store/store.ts';

export type Getter = (i: number) => unknown;
/**
 * Writes a DOUBLE column's values of the chunk to target[at..], NaN where null: given besides
 * `get` for such columns, and what a reader of many numbers should use (see doubleCopier).
 */
export type CopyDoubles = (target: Float64Array, at: number) => void;
type Visit = (column: number, offset: number, get: Getter, length: number, copy?: CopyDoubles) => void;

/**
 * The shape of @duckdb/node-api's DOUBLE vector inside (its `items` and validity words are
 * private). Reading them spares a call and a BigInt test of the validity per value, which made
 * reading the million rows of ~100 feature columns cost seconds; where the shape is not this one
 * (another version of the library), there is no copier and readers use `get`.
 */
interface DoubleVectorInside {
  items?: unknown;
  validity?: { data?: unknown; offset?: unknown };
}

function doubleCopier(vector: DuckDBVector, length: number): CopyDoubles | undefined {
  if (!(vector instanceof DuckDBDoubleVector)) return undefined;
  const inside = vector as unknown as DoubleVectorInside;
  const items = inside.items;
  const words = inside.validity?.data;
  if (!(items instanceof Float64Array) || items.length !== length || inside.validity?.offset !== 0)
    return undefined;
  if (words !== null && !(words instanceof BigUint64Array)) return undefined;
  // Validity bit i of the little-endian 64-bit words is bit (i & 31) of 32-bit word i >>> 5.
  const valid = words ? new Uint32Array(words.buffer, words.byteOffset, words.length * 2) : null;
  return (target, at) => {
    target.set(items, at);
    if (!valid) return;
    for (let w = 0; w < valid.length; w++) {
      const bits = valid[w] as number;
      if (bits === 0xffffffff) continue;
      for (let i = w * 32; i < Math.min(length, w * 32 + 32); i++)
        if (!((bits >>> (i & 31)) & 1)) target[at + i] = Number.NaN;
    }
  };
}

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
    visit(j, offset, (i) => vector.getItem(i), chunk.rowCount, doubleCopier(vector, chunk.rowCount));
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
