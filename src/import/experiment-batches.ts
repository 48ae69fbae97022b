import { scanColumns } from '../features/read-columns.ts';
import type { Store } from '../store/store.ts';
import { type ExperimentFeature, experimentRecord, rowOrder } from './experiment.ts';

/**
 * An imported experiment's feature columns read a batch of rows at a time, so that predicting,
 * evaluating or scoring millions of rows holds one batch of features in memory instead of all of
 * them (a 14-million-row Criteo file's 12 features are 1.3 GB as doubles, its ids as JS strings
 * about as much again).
 */
export interface ExperimentBatch {
  /** Positions of the batch's rows among the experiment's rows (0-based, file order), ascending. */
  rows: Uint32Array;
  /** The rows' ids (the --id column or the 1-based file row number); null when not asked for. */
  ids: string[] | null;
  /** The rows' feature values, in the experiment's feature order. */
  features: ExperimentFeature[];
}

export interface ExperimentBatchOptions {
  /** keep[i] = 1: read row i; null or absent: every row. */
  keep?: Uint8Array | null;
  ids?: boolean;
  /** Rows per batch (a batch may exceed it by less than one DuckDB chunk of 2,048 rows). */
  batchRows?: number;
}

export const DEFAULT_BATCH_ROWS = 65_536;

/**
 * Calls `onBatch` with consecutive batches of the experiment's rows (those in `keep`), in file
 * order. One ordered scan of the rows table; the batch's arrays are reused afterwards, so
 * `onBatch` must copy what it keeps. Returns the number of rows passed on.
 */
export async function scanExperimentBatches(
  store: Store,
  experimentId: string,
  options: ExperimentBatchOptions,
  onBatch: (batch: ExperimentBatch) => void,
): Promise<number> {
  const e = await experimentRecord(store, experimentId);
  const keep = options.keep ?? null;
  const withIds = options.ids ?? false;
  const batchRows = Math.max(1, options.batchRows ?? DEFAULT_BATCH_ROWS);
  const infos = e.features;
  let capacity = batchRows + 2048;
  let positions = new Uint32Array(capacity);
  const ids: string[] = withIds ? new Array<string>(capacity) : [];
  let numeric = infos.map((f) => (f.kind === 'numeric' ? new Float64Array(capacity) : null));
  let text = infos.map((f) =>
    f.kind === 'categorical' ? new Array<string | null>(capacity).fill(null) : null,
  );
  let fill = 0;
  let passed = 0;
  // Per chunk: the chunk-local indexes of the rows read.
  let picked = new Int32Array(2048);
  let count = 0;
  let scratch = new Float64Array(2048);
  const last = infos.length; // column 0 is the id (or NULL), 1.. the features
  const flush = () => {
    if (fill === 0) return;
    onBatch({
      rows: positions.subarray(0, fill),
      ids: withIds ? ids.slice(0, fill) : null,
      features: infos.map((f, c) =>
        f.kind === 'numeric'
          ? { name: f.name, kind: 'numeric', values: (numeric[c] as Float64Array).subarray(0, fill) }
          : { name: f.name, kind: 'categorical', values: (text[c] as (string | null)[]).slice(0, fill) },
      ),
    });
    passed += fill;
    fill = 0;
  };
  const grow = (need: number) => {
    capacity = need;
    positions = Uint32Array.from({ length: capacity }, (_, i) => positions[i] ?? 0);
    if (withIds) ids.length = capacity;
    numeric = numeric.map((a) => {
      if (!a) return null;
      const b = new Float64Array(capacity);
      b.set(a);
      return b;
    });
    text = text.map((a) => (a ? [...a, ...new Array<string | null>(capacity - a.length).fill(null)] : null));
  };
  const cols = [withIds ? 'id' : 'NULL', ...infos.map((f) => f.column)];
  await scanColumns(
    store,
    `SELECT ${cols.join(', ')} FROM ${e.rows_table}${await rowOrder(store, e.rows_table)}`,
    (j, offset, get, length, copy) => {
      if (j === 0) {
        if (picked.length < length) picked = new Int32Array(length);
        count = 0;
        for (let i = 0; i < length; i++) if (!keep || keep[offset + i]) picked[count++] = i;
        if (fill + count > capacity) flush();
        if (count > capacity) grow(count);
        for (let t = 0; t < count; t++) positions[fill + t] = offset + (picked[t] as number);
        if (withIds) for (let t = 0; t < count; t++) ids[fill + t] = String(get(picked[t] as number));
      } else if (count > 0) {
        const values = numeric[j - 1];
        if (values) {
          if (copy) {
            if (scratch.length < length) scratch = new Float64Array(length);
            copy(scratch, 0);
            for (let t = 0; t < count; t++) values[fill + t] = scratch[picked[t] as number] as number;
          } else
            for (let t = 0; t < count; t++) {
              const v = get(picked[t] as number);
              values[fill + t] = v === null ? Number.NaN : Number(v);
            }
        } else {
          const out = text[j - 1] as (string | null)[];
          for (let t = 0; t < count; t++) {
            const v = get(picked[t] as number);
            out[fill + t] = v === null ? null : String(v);
          }
        }
      }
      if (j === last) {
        fill += count;
        if (fill >= batchRows) flush();
      }
    },
  );
  flush();
  return passed;
}
