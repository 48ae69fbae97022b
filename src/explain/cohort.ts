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

/**
 * The data set's `as_of` time (the simulator and importers record it in `meta`); without it, the
 * latest order or session, so "the last 90 days" means the 90 days the data covers.
 */
export async function dataAsOf(store: Store): Promise<Date> {
  const meta = await store.query<{ value: string }>("SELECT value FROM meta WHERE key = 'as_of'");
  if (meta[0]?.value) {
    const d = new Date(meta[0].value);
    if (!Number.isNaN(d.getTime())) return d;
  }
  const rows = await store.query<{ t: string | null }>(
    'SELECT greatest((SELECT max(ordered_at) FROM orders), (SELECT max(started_at) FROM sessions)) AS t',
  );
  const t = rows[0]?.t;
  return t ? new Date(t) : new Date(0);
}
