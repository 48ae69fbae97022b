import { readColumns } from '../features/read-columns.ts';
import type { Store } from '../store/store.ts';
import { type Cohort, cohortPositions, EVERYONE } from './cohort.ts';

/**
 * Every customer's behaviour features (the per-customer rows behind FEATURES), computed once per
 * state of the data and kept in memory, so that a segment's comparison with everyone is an
 * aggregation over its members instead of a new pass over the event tables (which cost 0.3–0.5 s
 * per explanation on 100,000 customers). The features depend on the event tables and the data's
 * as_of only, never on the request: the cache is keyed by the as_of and the size of every table
 * the features read, and rebuilt when either changes.
 */

/** Per-customer columns, in this order; NaN where SQL has null. */
export const CUSTOMER_COLUMNS = [
  'abandoned_at_shipping_step',
  'abandoned_for_shipping_cost',
  'open_abandoned_cart',
  'used_discount',
  'bought_limited_edition',
  'viewed_limited_edition',
  'viewed_bestsellers',
  'engaged_with_content',
  'n_orders',
  'revenue',
  'customer_aov',
  'orders_last_12_months',
  'categories_purchased',
  'days_since_last_purchase',
] as const;
type CustomerColumn = (typeof CUSTOMER_COLUMNS)[number];

export const SHARE_FEATURES = CUSTOMER_COLUMNS.slice(0, 8);

export interface PopulationFeatures {
  /** Row of each customer id. */
  index: Map<string, number>;
  rows: number;
  columns: Record<CustomerColumn, Float64Array>;
}

function tagged(store: Store, tagLiteral: string, alias: string): string {
  return store.dialect === 'postgres'
    ? `'${tagLiteral}' = ANY(${alias}.tags)`
    : `list_contains(${alias}.tags, '${tagLiteral}')`;
}

/**
 * One pass over the event tables as of `at`: one row per customer. AOV parts (orders, revenue)
 * are null for customers without orders; recency is null for them too; shares are 0/1.
 */
function customerFeaturesSql(store: Store, at: Date): { sql: string; params: Date[] } {
  const params = [
    at,
    new Date(at.getTime() - 90 * 86_400_000),
    new Date(at.getTime() - 14 * 86_400_000),
    new Date(at.getTime() - 365 * 86_400_000),
  ];
  const [now, d90, d14, d365] = ['$1', '$2', '$3', '$4'];
  const sql = `WITH
    ca AS (
      SELECT customer_id,
        bool_or(abandon_step = 'shipping' AND abandoned_at >= ${d90}) AS ship_step,
        bool_or(abandon_reason = 'shipping_cost' AND abandoned_at >= ${d90}) AS ship_cost,
        bool_or(abandoned_at >= ${d14}) AS recent_cart
      FROM carts WHERE status = 'abandoned' AND abandoned_at <= ${now} GROUP BY customer_id),
    od AS (
      SELECT customer_id, count(*) AS n_orders, sum(total) AS revenue,
        bool_or(discount_amount > 0) AS used_discount, max(ordered_at) AS last_order,
        count(*) FILTER (WHERE ordered_at >= ${d365}) AS orders_12m
      FROM orders WHERE ordered_at <= ${now} GROUP BY customer_id),
    oi AS (
      SELECT o.customer_id, bool_or(${tagged(store, 'limited_edition', 'p')}) AS bought_le,
        count(DISTINCT p.category) AS n_categories
      FROM orders o JOIN order_items i ON i.order_id = o.order_id JOIN products p ON p.product_id = i.product_id
      WHERE o.ordered_at <= ${now} GROUP BY o.customer_id),
    pv AS (
      SELECT v.customer_id,
        bool_or(v.page_type IN ('bestsellers', 'trending')) AS viewed_best,
        bool_or(v.page_type = 'product' AND ${tagged(store, 'limited_edition', 'p')}) AS viewed_le
      FROM page_views v LEFT JOIN products p ON p.product_id = v.product_id
      WHERE v.viewed_at >= ${d90} AND v.viewed_at <= ${now} GROUP BY v.customer_id),
    ct AS (
      SELECT customer_id, count(*) AS n FROM content_interactions
      WHERE interacted_at >= ${d90} AND interacted_at <= ${now} GROUP BY customer_id)
    SELECT c.customer_id,
      CASE WHEN coalesce(ca.ship_step, false) THEN 1.0 ELSE 0.0 END AS abandoned_at_shipping_step,
      CASE WHEN coalesce(ca.ship_cost, false) THEN 1.0 ELSE 0.0 END AS abandoned_for_shipping_cost,
      CASE WHEN coalesce(ca.recent_cart, false) THEN 1.0 ELSE 0.0 END AS open_abandoned_cart,
      CASE WHEN coalesce(od.used_discount, false) THEN 1.0 ELSE 0.0 END AS used_discount,
      CASE WHEN coalesce(oi.bought_le, false) THEN 1.0 ELSE 0.0 END AS bought_limited_edition,
      CASE WHEN coalesce(pv.viewed_le, false) THEN 1.0 ELSE 0.0 END AS viewed_limited_edition,
      CASE WHEN coalesce(pv.viewed_best, false) THEN 1.0 ELSE 0.0 END AS viewed_bestsellers,
      CASE WHEN coalesce(ct.n, 0) > 0 THEN 1.0 ELSE 0.0 END AS engaged_with_content,
      od.n_orders, od.revenue, od.revenue / od.n_orders AS customer_aov,
      coalesce(od.orders_12m, 0) AS orders_last_12_months,
      coalesce(oi.n_categories, 0) AS categories_purchased,
      CASE WHEN od.last_order IS NOT NULL THEN (epoch(${now}::TIMESTAMP) - epoch(od.last_order)) / 86400.0 END AS days_since_last_purchase
    FROM customers c
    LEFT JOIN ca ON ca.customer_id = c.customer_id LEFT JOIN od ON od.customer_id = c.customer_id
    LEFT JOIN oi ON oi.customer_id = c.customer_id LEFT JOIN pv ON pv.customer_id = c.customer_id
    LEFT JOIN ct ON ct.customer_id = c.customer_id
    ORDER BY c.customer_id`;
  return { sql, params };
}

async function loadPopulation(store: Store, at: Date): Promise<PopulationFeatures> {
  const { sql, params } = customerFeaturesSql(store, at);
  const ids: string[] = [];
  const parts: Float64Array[][] = CUSTOMER_COLUMNS.map(() => []);
  await readColumns(
    store,
    sql,
    (j, _offset, get, length) => {
      if (j === 0) {
        for (let i = 0; i < length; i++) ids.push(String(get(i)));
        return;
      }
      const out = new Float64Array(length);
      for (let i = 0; i < length; i++) {
        const v = get(i);
        out[i] = v === null || v === undefined ? Number.NaN : Number(v);
      }
      (parts[j - 1] as Float64Array[]).push(out);
    },
    params,
  );
  const rows = ids.length;
  const columns = {} as Record<CustomerColumn, Float64Array>;
  CUSTOMER_COLUMNS.forEach((name, k) => {
    const all = new Float64Array(rows);
    let at = 0;
    for (const p of parts[k] as Float64Array[]) {
      all.set(p, at);
      at += p.length;
    }
    columns[name] = all;
  });
  const index = new Map<string, number>();
  for (const [i, id] of ids.entries()) index.set(id, i);
  return { index, rows, columns };
}

/**
 * The cache's scope: one database. A file is named by its path (the server's reader connections
 * share it); an in-memory database only by its own connection.
 */
type Scope = string | object;
const byPath = new Map<string, { key: string; value: Promise<PopulationFeatures> }>();
const byStore = new WeakMap<object, { key: string; value: Promise<PopulationFeatures> }>();

/** What the features (and the exposures below) depend on: the as_of and the size of every table they read. */
export async function dataVersionKey(store: Store, at: Date): Promise<string> {
  const f = await store.query<Record<string, unknown>>(
    `SELECT (SELECT count(*) FROM customers) AS c, (SELECT count(*) FROM orders) AS o, (SELECT count(*) FROM carts) AS k,
            (SELECT count(*) FROM page_views) AS v, (SELECT count(*) FROM content_interactions) AS i,
            (SELECT count(*) FROM order_items) AS l, (SELECT count(*) FROM products) AS p,
            (SELECT count(*) FROM campaign_exposures) AS e, (SELECT count(*) FROM campaigns) AS g`,
  );
  return `${at.toISOString()}|${JSON.stringify(f[0])}`;
}

export async function populationFeatures(store: Store, at: Date): Promise<PopulationFeatures> {
  const key = await dataVersionKey(store, at);
  const scope: Scope = store.location && store.location !== ':memory:' ? store.location : store;
  const hit = typeof scope === 'string' ? byPath.get(scope) : byStore.get(scope);
  if (hit && hit.key === key) return hit.value;
  const value = loadPopulation(store, at);
  const entry = { key, value };
  if (typeof scope === 'string') byPath.set(scope, entry);
  else byStore.set(scope, entry);
  // A failed load is not kept: the next request tries again.
  value.catch(() => {
    if (typeof scope === 'string' && byPath.get(scope) === entry) byPath.delete(scope);
    if (typeof scope !== 'string' && byStore.get(scope) === entry) byStore.delete(scope);
  });
  return value;
}

/** The rows of the cohort's customers in the population (each once; unknown ids are left out). */
export function cohortRows(store: Store, pop: PopulationFeatures, cohort: Cohort): Promise<Uint32Array> {
  return cohortPositions(store, pop.index, pop.rows, cohort);
}

export type Stats = Record<string, number | null>;

function meanSd(
  values: Float64Array,
  rows: Uint32Array | null,
): { n: number; mean: number | null; sd: number | null } {
  let n = 0;
  let sum = 0;
  const m = rows ? rows.length : values.length;
  for (let k = 0; k < m; k++) {
    const v = values[rows ? (rows[k] as number) : k] as number;
    if (Number.isNaN(v)) continue;
    n++;
    sum += v;
  }
  if (n === 0) return { n, mean: null, sd: null };
  const mean = sum / n;
  let ss = 0;
  for (let k = 0; k < m; k++) {
    const v = values[rows ? (rows[k] as number) : k] as number;
    if (!Number.isNaN(v)) ss += (v - mean) ** 2;
  }
  return { n, mean, sd: Math.sqrt(ss / n) };
}

/** Median with linear interpolation between the two middle values (SQL percentile_cont(0.5)). */
function median(values: Float64Array, rows: Uint32Array | null): number | null {
  const m = rows ? rows.length : values.length;
  const known: number[] = [];
  for (let k = 0; k < m; k++) {
    const v = values[rows ? (rows[k] as number) : k] as number;
    if (!Number.isNaN(v)) known.push(v);
  }
  if (known.length === 0) return null;
  const sorted = Float64Array.from(known).sort();
  const pos = (sorted.length - 1) / 2;
  const lo = Math.floor(pos);
  const hi = Math.ceil(pos);
  return (sorted[lo] as number) + ((sorted[hi] as number) - (sorted[lo] as number)) * (pos - lo);
}

/**
 * The group's figures, as the SQL aggregate over its per-customer rows computed them: shares are
 * means over every customer of the group; AOV is order-weighted (revenue over orders) with the
 * population standard deviation of customers' own AOV; recency is the median over customers who
 * have ordered. `rows` null is everyone.
 */
export function groupStats(pop: PopulationFeatures, rows: Uint32Array | null): Stats {
  const c = pop.columns;
  const n = rows ? rows.length : pop.rows;
  const out: Stats = { n };
  for (const f of SHARE_FEATURES) out[f] = meanSd(c[f], rows).mean;
  // Revenue over orders, both summed over the customers who have ordered.
  let rev = 0;
  let ord = 0;
  let buyers = 0;
  const m = rows ? rows.length : pop.rows;
  for (let k = 0; k < m; k++) {
    const i = rows ? (rows[k] as number) : k;
    const o = c.n_orders[i] as number;
    if (Number.isNaN(o)) continue;
    buyers++;
    ord += o;
    rev += c.revenue[i] as number;
  }
  out.average_order_value = ord > 0 ? rev / ord : null;
  out.average_order_value_sd = meanSd(c.customer_aov, rows).sd;
  out.average_order_value_n = buyers;
  const o12 = meanSd(c.orders_last_12_months, rows);
  out.orders_last_12_months = o12.mean;
  out.orders_last_12_months_sd = o12.sd;
  const cats = meanSd(c.categories_purchased, rows);
  out.categories_purchased = cats.mean;
  out.categories_purchased_sd = cats.sd;
  const recency = meanSd(c.days_since_last_purchase, rows);
  out.days_since_last_purchase = median(c.days_since_last_purchase, rows);
  out.days_since_last_purchase_sd = recency.sd;
  out.days_since_last_purchase_n = recency.n;
  return out;
}

/** Past campaign exposures whose outcome window had closed by the as_of, one per customer and campaign. */
export interface ClosedExposures {
  /** Population row of the exposed customer (-1 when not a known customer). */
  row: Int32Array;
  /** Index into `campaigns`. */
  campaign: Uint16Array;
  /** Index into `arms`. */
  arm: Uint16Array;
  /** 1 when the customer ordered within the campaign's window after the send. */
  converted: Uint8Array;
  campaigns: string[];
  arms: string[];
}

const exposureCache = new WeakMap<PopulationFeatures, Promise<ClosedExposures>>();

async function loadExposures(store: Store, pop: PopulationFeatures, at: Date): Promise<ClosedExposures> {
  const sql = `WITH x AS (
       SELECT e.campaign_id, e.arm, e.customer_id, e.sent_at,
              e.sent_at + c.window_days * INTERVAL '1 day' AS window_end
       FROM campaign_exposures e JOIN campaigns c ON c.campaign_id = e.campaign_id
       WHERE e.sent_at + c.window_days * INTERVAL '1 day' <= $1),
     conv AS (
       SELECT x.campaign_id, x.customer_id
       FROM x JOIN orders o ON o.customer_id = x.customer_id
        AND o.ordered_at >= x.sent_at AND o.ordered_at < x.window_end
       GROUP BY x.campaign_id, x.customer_id)
     SELECT x.customer_id, x.campaign_id, x.arm, conv.customer_id IS NOT NULL AS converted
     FROM x LEFT JOIN conv ON conv.campaign_id = x.campaign_id AND conv.customer_id = x.customer_id`;
  const row: number[] = [];
  const campaign: number[] = [];
  const arm: number[] = [];
  const converted: number[] = [];
  const campaigns = new Map<string, number>();
  const arms = new Map<string, number>();
  const code = (m: Map<string, number>, k: string) => {
    let v = m.get(k);
    if (v === undefined) {
      v = m.size;
      m.set(k, v);
    }
    return v;
  };
  await readColumns(
    store,
    sql,
    (j, _offset, get, length) => {
      for (let i = 0; i < length; i++) {
        const v = get(i);
        if (j === 0) row.push(pop.index.get(String(v)) ?? -1);
        else if (j === 1) campaign.push(code(campaigns, String(v)));
        else if (j === 2) arm.push(code(arms, String(v)));
        else converted.push(v === true ? 1 : 0);
      }
    },
    [at],
  );
  return {
    row: Int32Array.from(row),
    campaign: Uint16Array.from(campaign),
    arm: Uint16Array.from(arm),
    converted: Uint8Array.from(converted),
    campaigns: [...campaigns.keys()],
    arms: [...arms.keys()],
  };
}

/** The closed exposures of the population's data state, read once with it. */
export function closedExposures(store: Store, pop: PopulationFeatures, at: Date): Promise<ClosedExposures> {
  let value = exposureCache.get(pop);
  if (!value) {
    value = loadExposures(store, pop, at);
    exposureCache.set(pop, value);
    value.catch(() => {
      if (exposureCache.get(pop) === value) exposureCache.delete(pop);
    });
  }
  return value;
}

const cohortRowsMemo = new WeakMap<Cohort, Map<PopulationFeatures, Promise<Uint32Array>>>();

/**
 * cohortRows, asked once per cohort object: an explanation's comparisons and evidence share the
 * one query. EVERYONE is every row, without a query.
 */
export function cohortRowsOnce(store: Store, pop: PopulationFeatures, cohort: Cohort): Promise<Uint32Array> {
  if (cohort === EVERYONE) return Promise.resolve(Uint32Array.from({ length: pop.rows }, (_, i) => i));
  let byPop = cohortRowsMemo.get(cohort);
  if (!byPop) {
    byPop = new Map();
    cohortRowsMemo.set(cohort, byPop);
  }
  let rows = byPop.get(pop);
  if (!rows) {
    rows = cohortRows(store, pop, cohort);
    byPop.set(pop, rows);
  }
  return rows;
}
