import type { Store } from '../store/store.ts';
import type { ImportableTable } from './table-specs.ts';

/** Rows of the imported table whose reference names nothing in the referenced table. */
export interface UnknownReference {
  column: string;
  references: string;
  /** Distinct values not found. */
  count: number;
  /** A few of them, to compare with the ids the other table has. */
  examples: string[];
  /** A few ids the referenced table does have. */
  known: string[];
}

/** customer_id everywhere it occurs, and an order line's order_id. */
const REFERENCES: Partial<Record<ImportableTable, { column: string; table: string; key: string }[]>> = {
  orders: [{ column: 'customer_id', table: 'customers', key: 'customer_id' }],
  order_items: [{ column: 'order_id', table: 'orders', key: 'order_id' }],
  sessions: [{ column: 'customer_id', table: 'customers', key: 'customer_id' }],
  page_views: [{ column: 'customer_id', table: 'customers', key: 'customer_id' }],
  carts: [{ column: 'customer_id', table: 'customers', key: 'customer_id' }],
  wishlist_items: [{ column: 'customer_id', table: 'customers', key: 'customer_id' }],
  reviews: [{ column: 'customer_id', table: 'customers', key: 'customer_id' }],
  content_interactions: [{ column: 'customer_id', table: 'customers', key: 'customer_id' }],
  campaign_exposures: [{ column: 'customer_id', table: 'customers', key: 'customer_id' }],
  email_events: [{ column: 'customer_id', table: 'customers', key: 'customer_id' }],
};

/**
 * References are not enforced, so tables load in any order; but once the referenced table holds
 * rows, an id that matches none of them is most often the same id written two ways (`17850.0` in
 * the orders export, `17850` in the customer list): such orders never reach a profile. Reported,
 * with examples of both, after the import; nothing is refused. `good` is the imported rows.
 */
export async function unknownReferences(
  store: Store,
  table: ImportableTable,
  good: string,
): Promise<UnknownReference[]> {
  const out: UnknownReference[] = [];
  for (const ref of REFERENCES[table] ?? []) {
    // An empty referenced table is one not loaded yet, which is allowed: no pass over the rows.
    const [held] = await store.query<{ any: boolean }>(`SELECT EXISTS (SELECT 1 FROM ${ref.table}) AS any`);
    if (!held?.any) continue;
    const [row] = await store.query<{ count: number; examples: string[] | null; known: string[] | null }>(
      `WITH missing AS (
         SELECT DISTINCT g.${ref.column} AS id FROM ${good} g
         WHERE NOT EXISTS (SELECT 1 FROM ${ref.table} t WHERE t.${ref.key} = g.${ref.column}))
       SELECT (SELECT count(*) FROM missing)::INTEGER AS count,
         (SELECT list(id ORDER BY id) FROM (SELECT id FROM missing ORDER BY id LIMIT 3)) AS examples,
         (SELECT list(${ref.key} ORDER BY ${ref.key}) FROM (SELECT ${ref.key} FROM ${ref.table} ORDER BY ${ref.key} LIMIT 3)) AS known`,
    );
    const known = row?.known ?? [];
    // An empty referenced table: not loaded yet, which is allowed.
    if (!row || Number(row.count) === 0 || known.length === 0) continue;
    out.push({
      column: ref.column,
      references: ref.table,
      count: Number(row.count),
      examples: (row.examples ?? []).map(maskEmail),
      known: known.map(maskEmail),
    });
  }
  return out;
}

/**
 * An id that is an e-mail address (Shopify's customers are keyed by Email) is shown by its shape
 * only, `a***@example.com`: the examples are there to compare how ids are written (an e-mail in
 * one file, a number in the other), and an address is personal data, not for stderr or logs.
 */
export function maskEmail(id: string): string {
  const at = id.lastIndexOf('@');
  if (at < 1 || /\s/.test(id) || id.indexOf('@') !== at) return id;
  return `${id[0]}***${id.slice(at)}`;
}
