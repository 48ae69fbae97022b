import { PROFILE_FIELD_NAMES } from '../contracts/fields.ts';
import { NotFound } from '../core/errors.ts';
import type { Row, Store } from '../store/store.ts';
import { datasetAsOf } from './as-of.ts';
import { customerProfilesViewSql, PROFILE_FACTS_SELECT } from './profile-sql.ts';

/** How many recent product views a profile lists in viewed_product_pages. */
export const VIEWED_PRODUCTS_LIMIT = 50;

export interface RefreshResult {
  as_of: string | null;
  customers: number;
  seconds: number;
}

/**
 * Rebuilds profile_facts in one set-based pass as of the data set's as_of, in one transaction
 * (readers see the old facts or the new ones, never half). Call after generate and import.
 */
export async function refreshProfiles(store: Store): Promise<RefreshResult> {
  const started = performance.now();
  const asOf = await datasetAsOf(store);
  await store.transaction(async (tx) => {
    await tx.run('DELETE FROM profile_facts');
    if (asOf !== null) await tx.run(`INSERT INTO profile_facts ${PROFILE_FACTS_SELECT}`, [asOf]);
    // Recreated so the view always matches the field catalogue of this code.
    await tx.run(customerProfilesViewSql());
    await tx.run("INSERT OR REPLACE INTO meta VALUES ('profile_facts_as_of', $1)", [asOf ?? '']);
  });
  const n = await store.query<{ n: number }>('SELECT count(*) AS n FROM profile_facts');
  return { as_of: asOf, customers: n[0]?.n ?? 0, seconds: (performance.now() - started) / 1000 };
}

/**
 * Rebuilds the profile facts when they were never built or were built for another as_of than the
 * data set's (e.g. right after `aether generate`, which loads the tables and sets meta.as_of).
 * Cheap when fresh: two meta lookups. Returns whether it rebuilt.
 */
export async function ensureProfiles(store: Store): Promise<boolean> {
  const rows = await store.query<{ facts: string | null; data: string | null }>(
    `SELECT (SELECT value FROM meta WHERE key = 'profile_facts_as_of') AS facts,
            (SELECT value FROM meta WHERE key = 'as_of') AS data`,
  );
  const r = rows[0];
  let stale = r?.facts === null || r?.facts === undefined;
  if (!stale && r?.data) {
    const same = await store.query<{ same: boolean | null }>(
      "SELECT CAST($1 AS TIMESTAMP) = CAST(nullif($2, '') AS TIMESTAMP) AS same",
      [r.data, r.facts ?? ''],
    );
    stale = same[0]?.same !== true;
  }
  if (stale) await refreshProfiles(store);
  return stale;
}

export type CustomerProfile = Record<string, unknown>;

/**
 * The full profile of one customer: every field of DESIGN.md §4 by its exact name, in catalogue
 * order. Flat fields and scores come from customer_profiles; the histories are read per customer.
 */
export async function getProfile(store: Store, customerId: string): Promise<CustomerProfile> {
  await ensureProfiles(store);
  const flat = await store.query('SELECT * FROM customer_profiles WHERE customer_id = $1', [customerId]);
  if (!flat[0]) {
    const known = await store.query('SELECT 1 FROM customers WHERE customer_id = $1', [customerId]);
    throw new NotFound(
      known[0]
        ? `Customer ${customerId} exists but has no profile yet; run a profile refresh (any import or generate does it).`
        : `No customer with id ${JSON.stringify(customerId)}.`,
    );
  }
  const facts = await store.query<{ abandoned_cart_id: string | null; as_of: string | null }>(
    "SELECT abandoned_cart_id, (SELECT nullif(value, '') FROM meta WHERE key = 'profile_facts_as_of') AS as_of FROM profile_facts WHERE customer_id = $1",
    [customerId],
  );
  const asOf = facts[0]?.as_of ?? (await datasetAsOf(store));
  const histories: Row = {
    transaction_history: await transactionHistory(store, customerId, asOf),
    campaign_history: await campaignHistory(store, customerId, asOf),
    viewed_product_pages: await viewedProductPages(store, customerId, asOf),
    abandoned_cart_details: await abandonedCartDetails(store, facts[0]?.abandoned_cart_id ?? null, asOf),
  };
  const row = flat[0];
  const out: CustomerProfile = {};
  for (const name of PROFILE_FIELD_NAMES)
    out[name] = name in histories ? histories[name] : (row[name] ?? null);
  return out;
}

async function transactionHistory(store: Store, id: string, asOf: string | null): Promise<Row[]> {
  const orders = await store.query(
    `SELECT order_id, ordered_at, subtotal, discount_amount, shipping_fee, total, campaign_id, status
     FROM orders WHERE customer_id = $1 AND ordered_at <= $2::TIMESTAMP ORDER BY ordered_at, order_id`,
    [id, asOf],
  );
  const items = await store.query<Row & { order_id: string }>(
    `SELECT i.order_id, i.line_no, i.product_id, p.name AS product_name, p.category, i.quantity, i.unit_price, i.returned
     FROM order_items i JOIN orders o ON o.order_id = i.order_id LEFT JOIN products p ON p.product_id = i.product_id
     WHERE o.customer_id = $1 AND o.ordered_at <= $2::TIMESTAMP ORDER BY i.order_id, i.line_no`,
    [id, asOf],
  );
  const byOrder = new Map<string, Row[]>();
  for (const { order_id, ...item } of items) {
    const list = byOrder.get(order_id) ?? [];
    list.push(item);
    byOrder.set(order_id, list);
  }
  return orders.map((o) => ({ ...o, items: byOrder.get(o.order_id as string) ?? [] }));
}

/**
 * One entry per exposure. `converted` / `revenue` count orders attributed to the campaign
 * (orders.campaign_id) within its window after the send; opened / clicked come from email events.
 */
async function campaignHistory(store: Store, id: string, asOf: string | null): Promise<Row[]> {
  return store.query(
    `SELECT x.campaign_id, CASE WHEN x.arm = 'control' THEN NULL ELSE x.arm END AS trigger, x.arm, x.sent_at,
       x.assignment_probability,
       EXISTS (SELECT 1 FROM email_events e WHERE e.customer_id = x.customer_id AND e.campaign_id = x.campaign_id
               AND e.event_type = 'opened' AND e.occurred_at <= $2::TIMESTAMP) AS opened,
       EXISTS (SELECT 1 FROM email_events e WHERE e.customer_id = x.customer_id AND e.campaign_id = x.campaign_id
               AND e.event_type = 'clicked' AND e.occurred_at <= $2::TIMESTAMP) AS clicked,
       coalesce(a.n, 0) > 0 AS converted,
       coalesce(a.revenue, 0) AS revenue
     FROM campaign_exposures x
     LEFT JOIN campaigns c ON c.campaign_id = x.campaign_id
     LEFT JOIN (
       SELECT o.campaign_id, count(*) AS n, sum(o.total) AS revenue
       FROM orders o JOIN campaign_exposures x2 ON x2.campaign_id = o.campaign_id AND x2.customer_id = o.customer_id
       LEFT JOIN campaigns c2 ON c2.campaign_id = o.campaign_id
       WHERE o.customer_id = $1 AND o.ordered_at >= x2.sent_at AND o.ordered_at <= $2::TIMESTAMP
         AND (c2.window_days IS NULL OR o.ordered_at <= x2.sent_at + to_days(c2.window_days))
       GROUP BY o.campaign_id
     ) a ON a.campaign_id = x.campaign_id
     WHERE x.customer_id = $1 AND x.sent_at <= $2::TIMESTAMP
     ORDER BY x.sent_at, x.campaign_id`,
    [id, asOf],
  );
}

async function viewedProductPages(store: Store, id: string, asOf: string | null): Promise<Row[]> {
  return store.query(
    `SELECT v.product_id, p.name AS product_name, p.category, p.tags, v.viewed_at
     FROM page_views v LEFT JOIN products p ON p.product_id = v.product_id
     WHERE v.customer_id = $1 AND v.page_type = 'product' AND v.viewed_at <= $2::TIMESTAMP
     ORDER BY v.viewed_at DESC, v.product_id LIMIT ${VIEWED_PRODUCTS_LIMIT}`,
    [id, asOf],
  );
}

async function abandonedCartDetails(
  store: Store,
  cartId: string | null,
  asOf: string | null,
): Promise<Row | null> {
  if (cartId === null) return null;
  const carts = await store.query(
    `SELECT cart_id, created_at, abandoned_at, value, abandon_step, abandon_reason,
       (epoch($2::TIMESTAMP) - epoch(abandoned_at)) / 3600.0 AS age_hours
     FROM carts WHERE cart_id = $1`,
    [cartId, asOf],
  );
  if (!carts[0]) return null;
  const items = await store.query(
    `SELECT i.product_id, p.name AS product_name, p.category, i.quantity, i.unit_price
     FROM cart_items i LEFT JOIN products p ON p.product_id = i.product_id WHERE i.cart_id = $1 ORDER BY i.product_id`,
    [cartId],
  );
  return { ...carts[0], items };
}
