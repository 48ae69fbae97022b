import type { Criteria } from '../contracts/criteria.ts';
import { datasetAsOf } from '../features/as-of.ts';
import { readColumns } from '../features/read-columns.ts';
import { compileCriteria } from '../segments/criteria-compile.ts';
import type { SqlValue, Store } from '../store/store.ts';

/**
 * A set of customers as a SQL query that returns one `customer_id` column, with its own
 * positional parameters ($1 … $k). Explanations and copy facts compute every number for a cohort
 * by joining it, so the same code serves a saved segment, a plan's proposed criteria or everyone.
 */
export interface Cohort {
  sql: string;
  params: readonly SqlValue[];
}

export const EVERYONE: Cohort = { sql: 'SELECT customer_id FROM customers', params: [] };

/**
 * Builds one query over a cohort: the cohort's parameters come first, and `bind` appends a value
 * and returns its placeholder, so values never enter the SQL text.
 */
export class CohortQuery {
  readonly params: SqlValue[];

  constructor(readonly cohort: Cohort) {
    this.params = [...cohort.params];
  }

  bind(value: SqlValue): string {
    this.params.push(value);
    return `$${this.params.length}`;
  }

  /** `WITH cohort AS (…)`, to which further CTEs can be appended with a comma. */
  get with(): string {
    return `WITH cohort AS (${this.cohort.sql})`;
  }
}

/** A cohort given by explicit customer ids (tests, the customer page). */
export function cohortOfIds(ids: readonly string[]): Cohort {
  if (ids.length === 0) return { sql: 'SELECT customer_id FROM customers WHERE false', params: [] };
  return {
    sql: `SELECT customer_id FROM customers WHERE customer_id IN (${ids.map((_, i) => `$${i + 1}`).join(', ')})`,
    params: ids,
  };
}

/** The data set's `as_of` time as a Date (the data layer's definition; the epoch for an empty store). */
export async function dataAsOf(store: Store): Promise<Date> {
  const t = await datasetAsOf(store);
  return t ? new Date(t) : new Date(0);
}

/**
 * The customers whose profile matches segment criteria (DESIGN.md §5), through the segments
 * compiler: an unknown field or a wrongly typed value is an InvalidInput naming it.
 */
export function cohortOfCriteria(store: Store, criteria: Criteria | null | undefined): Cohort {
  if (!criteria) return EVERYONE;
  const compiled = compileCriteria(criteria, store.dialect, { alias: 'p', path: 'criteria' });
  return {
    sql: `SELECT p.customer_id FROM customer_profiles p WHERE ${compiled.sql}`,
    params: compiled.params,
  };
}

let materialized = 0;

/**
 * Runs `fn` over a cohort computed once into a temporary table of this connection, so that the
 * several queries of one explanation do not each re-evaluate criteria (event predicates scan the
 * event tables). Falls back to the cohort as given where temporary tables are not available.
 */
export async function withMaterializedCohort<T>(
  store: Store,
  cohort: Cohort,
  fn: (c: Cohort) => Promise<T>,
): Promise<T> {
  if (cohort === EVERYONE) return fn(cohort);
  // A name of our own making (pid and a counter), never from user input.
  const name = `aether_cohort_${process.pid}_${++materialized}`;
  try {
    await store.run(
      `CREATE TEMP TABLE ${name} AS SELECT DISTINCT customer_id FROM (${cohort.sql}) AS c`,
      cohort.params,
    );
  } catch {
    return fn(cohort);
  }
  try {
    return await fn({ sql: `SELECT customer_id FROM ${name}`, params: [] });
  } finally {
    await store.run(`DROP TABLE IF EXISTS ${name}`).catch(() => {});
  }
}

/**
 * The positions of a cohort's customers in a population held in memory (`index`: customer id →
 * position, `size` positions), each once and in population order, so that every aggregate over
 * them sums in the same order whatever the cohort's own order. Unknown ids are left out.
 */
export async function cohortPositions(
  store: Store,
  index: ReadonlyMap<string, number>,
  size: number,
  cohort: Cohort,
): Promise<Uint32Array> {
  const q = new CohortQuery(cohort);
  const seen = new Uint8Array(size);
  let count = 0;
  await readColumns(
    store,
    `${q.with} SELECT customer_id FROM cohort`,
    (_j, _offset, get, length) => {
      for (let i = 0; i < length; i++) {
        const r = index.get(String(get(i)));
        if (r !== undefined && !seen[r]) {
          seen[r] = 1;
          count++;
        }
      }
    },
    q.params,
  );
  const rows = new Uint32Array(count);
  let k = 0;
  for (let r = 0; r < size; r++) if (seen[r]) rows[k++] = r;
  return rows;
}
