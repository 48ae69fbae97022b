import { readColumns } from '../features/read-columns.ts';
import type { SqlValue, Store } from '../store/store.ts';

/**
 * A query's numeric result as one Float64Array per column, read chunk by chunk: no object per
 * row. Building a row object per customer (30 keys each) and reading it back cost the planner
 * about a second for 100,000 customers, most of it in the garbage collector.
 */
export interface NumericColumns {
  rows: number;
  /** The first column as strings, when read with `keyed`. */
  keys: string[];
  /** Every (other) column, in query order, as numbers (`missing` where the value is null). */
  columns: Float64Array[];
}

/**
 * Reads `sql`, whose columns are numbers or booleans (true → 1, false → 0). `missing[j]` is the
 * value a null of column j becomes: NaN for a feature the tree bins as missing, 0 where the
 * planner treats a null score as no uplift. With `keyed`, the first column is a key (e.g.
 * customer_id) read as strings, and `missing` describes the columns after it.
 */
export async function readNumericColumns(
  store: Store,
  sql: string,
  params: readonly SqlValue[],
  missing: readonly number[],
  keyed = false,
): Promise<NumericColumns> {
  const chunks: Float64Array[][] = missing.map(() => []);
  const keys: string[] = [];
  const first = keyed ? 1 : 0;
  let rows = 0;
  await readColumns(
    store,
    sql,
    (j, offset, get, length) => {
      if (j === 0) rows = offset + length;
      if (j < first) {
        for (let i = 0; i < length; i++) keys.push(String(get(i)));
        return;
      }
      const out = new Float64Array(length);
      const fill = missing[j - first] as number;
      for (let i = 0; i < length; i++) {
        const v = get(i);
        out[i] = v === null || v === undefined ? fill : typeof v === 'boolean' ? (v ? 1 : 0) : Number(v);
      }
      (chunks[j - first] as Float64Array[]).push(out);
    },
    params,
  );
  const columns = chunks.map((parts) => {
    const all = new Float64Array(rows);
    let at = 0;
    for (const p of parts) {
      all.set(p, at);
      at += p.length;
    }
    return all;
  });
  return { rows, keys, columns };
}

/** The entries of `column` at `index`, in that order. */
export function pick(column: Float64Array, index: Uint32Array): Float64Array {
  const out = new Float64Array(index.length);
  for (let k = 0; k < index.length; k++) out[k] = column[index[k] as number] as number;
  return out;
}
