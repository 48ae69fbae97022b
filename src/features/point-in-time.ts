import { InvalidInput } from '../core/errors.ts';
import type { SqlValue, Store } from '../store/store.ts';
import { CATEGORICAL_FEATURES, pointInTimeSql } from './point-in-time-sql.ts';
import { scanColumns } from './read-columns.ts';

export type FeatureKind = 'numeric' | 'categorical';

/** A numeric feature: one value per request row, NaN where undefined (e.g. AOV with no orders). */
export interface NumericFeature {
  name: string;
  kind: 'numeric';
  values: Float64Array;
}

/** A categorical feature as dictionary codes into `levels` (sorted); -1 where missing. */
export interface CategoricalFeature {
  name: string;
  kind: 'categorical';
  codes: Int32Array;
  levels: string[];
}

export type FeatureColumn = NumericFeature | CategoricalFeature;

/** Features of a batch, row i describing `keys[i]` (rows ordered by key). */
export interface FeatureFrame {
  rowCount: number;
  keys: string[];
  customerIds: string[];
  /** The request's timestamp, epoch milliseconds. */
  asOf: Float64Array;
  features: FeatureColumn[];
}

/** One request row: features of `customer_id` from events strictly before `as_of`. */
export interface AsOfRow {
  key: string;
  customer_id: string;
  as_of: string | Date;
}

/**
 * A batch given as SQL yielding columns (key, customer_id, as_of), e.g. every exposure of a
 * campaign at its send time: `SELECT campaign_id || ':' || customer_id AS key, customer_id,
 * sent_at AS as_of FROM campaign_exposures WHERE campaign_id = $1`. Values go in `params`.
 */
export interface AsOfQuery {
  sql: string;
  params?: readonly SqlValue[];
}

let batchCounter = 0;

/**
 * Behavioural and transactional features of customers as of given timestamps, from events
 * strictly before each timestamp (nothing at or after it can leak in). One set-based SQL pass per
 * batch, so a million exposures cost one statement, not a million. See point-in-time-sql.ts for
 * the definitions and the leak guards where the schema has no event time.
 */
export interface PointInTimeOptions {
  /**
   * Request rows per SQL pass (default 1,000,000). Rows are cut into consecutive key ranges, so
   * DuckDB's join and aggregate state stays bounded and the output stays ordered by key.
   */
  batchRows?: number;
}

export async function pointInTimeFeatures(
  store: Store,
  request: AsOfQuery | readonly AsOfRow[],
  options: PointInTimeOptions = {},
): Promise<FeatureFrame> {
  const table = `pit_request_${process.pid}_${++batchCounter}`;
  const source: AsOfQuery = Array.isArray(request)
    ? {
        // The rows travel as one JSON parameter, never pasted into SQL text.
        sql: `SELECT r.key, r.customer_id, r.as_of FROM (SELECT unnest(json_transform($1::JSON,
          '[{"key":"VARCHAR","customer_id":"VARCHAR","as_of":"TIMESTAMP"}]')) AS r)`,
        params: [
          JSON.stringify(
            (request as readonly AsOfRow[]).map((r) => ({
              key: r.key,
              customer_id: r.customer_id,
              as_of: r.as_of instanceof Date ? r.as_of.toISOString() : r.as_of,
            })),
          ),
        ],
      }
    : (request as AsOfQuery);
  const batchRows = Math.max(1, Math.floor(options.batchRows ?? 1_000_000));
  await store.run(
    `CREATE TEMP TABLE ${table} AS
     SELECT key, customer_id, as_of, (row_number() OVER (ORDER BY key) - 1) // ${batchRows} AS batch
     FROM (SELECT CAST(key AS VARCHAR) AS key, CAST(customer_id AS VARCHAR) AS customer_id,
             CAST(as_of AS TIMESTAMP) AS as_of FROM (${source.sql}) AS src)`,
    source.params ?? [],
  );
  try {
    const check = await store.query<{ n: number; keys: number; nulls: number; batches: number }>(
      `SELECT count(*) AS n, count(DISTINCT key) AS keys, coalesce(max(batch) + 1, 0) AS batches,
         count(*) FILTER (WHERE key IS NULL OR customer_id IS NULL OR as_of IS NULL) AS nulls FROM ${table}`,
    );
    const c = check[0];
    if (c.nulls > 0) throw new InvalidInput(`${c.nulls} request rows lack a key, customer_id or as_of`);
    if (c.keys !== c.n)
      throw new InvalidInput(`request keys must be unique (${c.n} rows, ${c.keys} distinct keys)`);
    const names = (
      await store.query<{ column_name: string }>(
        `DESCRIBE ${pointInTimeSql(`(SELECT key, customer_id, as_of FROM ${table} LIMIT 0)`)}`,
      )
    ).map((d) => d.column_name);
    const buffers = allocate(names, c.n);
    let offset = 0;
    for (let b = 0; b < c.batches; b++) {
      const batch = `(SELECT key, customer_id, as_of FROM ${table} WHERE batch = ${b})`;
      offset += await readBatch(store, pointInTimeSql(batch), `${table}_out`, names, buffers, offset);
    }
    if (offset !== c.n) throw new Error(`internal: read ${offset} feature rows for ${c.n} requests`);
    return toFrame(names, buffers, c.n);
  } finally {
    await store.run(`DROP TABLE IF EXISTS ${table}`);
  }
}

const CATEGORICAL = new Set<string>(CATEGORICAL_FEATURES);

interface Buffers {
  numeric: (Float64Array | null)[];
  text: (string | null)[][];
}

/** Columns 0-1 are key and customer_id, 2 is as_of in ms, the rest features. */
function allocate(names: string[], n: number): Buffers {
  return {
    numeric: names.map((name, j) => (j >= 2 && !CATEGORICAL.has(name) ? new Float64Array(n) : null)),
    text: names.map((name, j) => (j < 2 || CATEGORICAL.has(name) ? new Array(n) : [])),
  };
}

/**
 * Materialises one batch into a temp table first (DuckDB runs a CREATE TABLE AS on all threads,
 * a streamed query less so), then reads it chunk by chunk straight into the typed arrays. The
 * numeric columns are read as DOUBLE (counts are BIGINT or HUGEINT, flags DECIMAL), so each
 * chunk's values are copied as they are stored instead of converted one by one (a million rows:
 * seconds less); a count or a 0/1 flag is the same double either way, being an integer far below
 * 2^53.
 */
async function readBatch(
  store: Store,
  sql: string,
  out: string,
  names: string[],
  buffers: Buffers,
  start: number,
): Promise<number> {
  await store.run(`CREATE TEMP TABLE ${out} AS ${sql}`);
  try {
    let rows = 0;
    const select = names
      .map((name, j) => (buffers.numeric[j] ? `CAST("${name}" AS DOUBLE) AS "${name}"` : `"${name}"`))
      .join(', ');
    await scanColumns(store, `SELECT ${select} FROM ${out}`, (j, offset, get, length, copy) => {
      const values = buffers.numeric[j];
      if (values && copy) copy(values, start + offset);
      else if (values) {
        for (let i = 0; i < length; i++) {
          const v = get(i);
          values[start + offset + i] = v === null ? Number.NaN : typeof v === 'number' ? v : Number(v);
        }
      } else {
        const target = buffers.text[j];
        for (let i = 0; i < length; i++) {
          const v = get(i);
          target[start + offset + i] = v === null ? null : String(v);
        }
      }
      if (j === 0) rows = offset + length;
    });
    return rows;
  } finally {
    await store.run(`DROP TABLE IF EXISTS ${out}`);
  }
}

function toFrame(names: string[], buffers: Buffers, n: number): FeatureFrame {
  const features: FeatureColumn[] = [];
  for (let j = 3; j < names.length; j++) {
    const name = names[j];
    const values = buffers.numeric[j];
    if (values) {
      features.push({ name, kind: 'numeric', values });
      continue;
    }
    const raw = buffers.text[j];
    const levels = [...new Set(raw.filter((v): v is string => v !== null))].sort();
    const index = new Map(levels.map((l, i) => [l, i]));
    const codes = new Int32Array(n);
    for (let i = 0; i < n; i++) codes[i] = raw[i] === null ? -1 : (index.get(raw[i] as string) as number);
    features.push({ name, kind: 'categorical', codes, levels });
  }
  return {
    rowCount: n,
    keys: buffers.text[0] as string[],
    customerIds: buffers.text[1] as string[],
    asOf: buffers.numeric[2] as Float64Array,
    features,
  };
}

/** The feature names and kinds the function returns, in column order (for a model's schema). */
export async function pointInTimeFeatureSchema(store: Store): Promise<{ name: string; kind: FeatureKind }[]> {
  const frame = await pointInTimeFeatures(store, []);
  return frame.features.map((f) => ({ name: f.name, kind: f.kind }));
}
