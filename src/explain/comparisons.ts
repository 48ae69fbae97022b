import type { FeatureComparison } from '../contracts/explain.ts';
import type { TriggerId } from '../contracts/triggers.ts';
import type { Store } from '../store/store.ts';
import { type Cohort, CohortQuery, dataAsOf, EVERYONE } from './cohort.ts';

/**
 * The behaviours behind each trigger's mechanism, measured for a cohort and for everyone from the
 * event tables (not from model scores, so they exist before any model is trained). Each says which
 * triggers it speaks to, so a reason for a trigger cites the features that explain it.
 */
interface FeatureSpec {
  feature: string;
  label: string;
  stat: FeatureComparison['stat'];
  unit: FeatureComparison['unit'];
  triggers: TriggerId[];
  /** Sentence fragment for a share: "{x}% of these customers {phrase}". */
  phrase?: string;
}

export const FEATURES: readonly FeatureSpec[] = [
  {
    feature: 'abandoned_at_shipping_step',
    label: 'Abandoned a cart at the shipping step (90 days)',
    stat: 'share',
    unit: 'share',
    triggers: ['free_shipping', 'cart_reminder'],
    phrase: 'abandoned a cart at the shipping step in the last 90 days',
  },
  {
    feature: 'abandoned_for_shipping_cost',
    label: 'Abandoned a cart over shipping cost (90 days)',
    stat: 'share',
    unit: 'share',
    triggers: ['free_shipping'],
    phrase: 'left a cart because of the shipping cost in the last 90 days',
  },
  {
    feature: 'open_abandoned_cart',
    label: 'Has a cart abandoned in the last 14 days',
    stat: 'share',
    unit: 'share',
    triggers: ['cart_reminder', 'urgency_message'],
    phrase: 'abandoned a cart in the last 14 days',
  },
  {
    feature: 'used_discount',
    label: 'Has used a discount on a past order',
    stat: 'share',
    unit: 'share',
    triggers: ['discount'],
    phrase: 'have used a discount on a past order',
  },
  {
    feature: 'bought_limited_edition',
    label: 'Bought a limited-edition product',
    stat: 'share',
    unit: 'share',
    triggers: ['exclusivity_offer', 'scarcity_message'],
    phrase: 'have bought a limited-edition product',
  },
  {
    feature: 'viewed_limited_edition',
    label: 'Viewed a limited-edition product (90 days)',
    stat: 'share',
    unit: 'share',
    triggers: ['scarcity_message', 'exclusivity_offer'],
    phrase: 'viewed a limited-edition product in the last 90 days',
  },
  {
    feature: 'viewed_bestsellers',
    label: 'Visited the bestsellers or trending pages (90 days)',
    stat: 'share',
    unit: 'share',
    triggers: ['social_proof'],
    phrase: 'visited the bestsellers or trending pages in the last 90 days',
  },
  {
    feature: 'engaged_with_content',
    label: 'Read or watched our content (90 days)',
    stat: 'share',
    unit: 'share',
    triggers: ['content_storytelling'],
    phrase: 'read or watched our content in the last 90 days',
  },
  {
    feature: 'average_order_value',
    label: 'Average order value',
    stat: 'mean',
    unit: 'currency',
    triggers: ['discount', 'free_shipping', 'loyalty_reward'],
  },
  {
    feature: 'orders_last_12_months',
    label: 'Orders in the last 12 months',
    stat: 'mean',
    unit: 'count',
    triggers: ['loyalty_reward', 'exclusivity_offer'],
  },
  {
    feature: 'categories_purchased',
    label: 'Categories bought from',
    stat: 'mean',
    unit: 'count',
    triggers: ['personalized_recommendation'],
  },
  {
    feature: 'days_since_last_purchase',
    label: 'Days since the last purchase (median)',
    stat: 'median',
    unit: 'days',
    triggers: ['urgency_message', 'discount', 'cart_reminder'],
  },
];

function tagged(store: Store, tagLiteral: string, alias: string): string {
  return store.dialect === 'postgres'
    ? `'${tagLiteral}' = ANY(${alias}.tags)`
    : `list_contains(${alias}.tags, '${tagLiteral}')`;
}

type Stats = Record<string, number | string | null>;

/**
 * Every feature of FEATURES over one group of customers (a cohort, or everyone), in one pass over
 * the event tables, each restricted to the group first. AOV is order-weighted (revenue over
 * orders); recency is the median over customers who have ordered; shares are over all customers
 * of the group.
 */
async function groupStats(store: Store, cohort: Cohort | null, at: Date): Promise<Stats | undefined> {
  const restricted = cohort !== null;
  const q = new CohortQuery(cohort ?? EVERYONE);
  const only = (column: string) => (restricted ? `AND ${column} IN (SELECT customer_id FROM cohort)` : '');
  const now = q.bind(at);
  const d90 = q.bind(new Date(at.getTime() - 90 * 86_400_000));
  const d14 = q.bind(new Date(at.getTime() - 14 * 86_400_000));
  const d365 = q.bind(new Date(at.getTime() - 365 * 86_400_000));
  const sql = `${q.with},
    ca AS (
      SELECT customer_id,
        bool_or(abandon_step = 'shipping' AND abandoned_at >= ${d90}) AS ship_step,
        bool_or(abandon_reason = 'shipping_cost' AND abandoned_at >= ${d90}) AS ship_cost,
        bool_or(abandoned_at >= ${d14}) AS recent_cart
      FROM carts WHERE status = 'abandoned' AND abandoned_at <= ${now} ${only('customer_id')} GROUP BY customer_id),
    od AS (
      SELECT customer_id, count(*) AS n_orders, sum(total) AS revenue,
        bool_or(discount_amount > 0) AS used_discount, max(ordered_at) AS last_order,
        count(*) FILTER (WHERE ordered_at >= ${d365}) AS orders_12m
      FROM orders WHERE ordered_at <= ${now} ${only('customer_id')} GROUP BY customer_id),
    oi AS (
      SELECT o.customer_id, bool_or(${tagged(store, 'limited_edition', 'p')}) AS bought_le,
        count(DISTINCT p.category) AS n_categories
      FROM orders o JOIN order_items i ON i.order_id = o.order_id JOIN products p ON p.product_id = i.product_id
      WHERE o.ordered_at <= ${now} ${only('o.customer_id')} GROUP BY o.customer_id),
    pv AS (
      SELECT v.customer_id,
        bool_or(v.page_type IN ('bestsellers', 'trending')) AS viewed_best,
        bool_or(v.page_type = 'product' AND ${tagged(store, 'limited_edition', 'p')}) AS viewed_le
      FROM page_views v LEFT JOIN products p ON p.product_id = v.product_id
      WHERE v.viewed_at >= ${d90} AND v.viewed_at <= ${now} ${only('v.customer_id')} GROUP BY v.customer_id),
    ct AS (
      SELECT customer_id, count(*) AS n FROM content_interactions
      WHERE interacted_at >= ${d90} AND interacted_at <= ${now} ${only('customer_id')} GROUP BY customer_id),
    f AS (
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
      ${restricted ? 'JOIN (SELECT DISTINCT customer_id FROM cohort) k ON k.customer_id = c.customer_id' : ''}
      LEFT JOIN ca ON ca.customer_id = c.customer_id LEFT JOIN od ON od.customer_id = c.customer_id
      LEFT JOIN oi ON oi.customer_id = c.customer_id LEFT JOIN pv ON pv.customer_id = c.customer_id
      LEFT JOIN ct ON ct.customer_id = c.customer_id)
    SELECT count(*) AS n,
      ${FEATURES.filter((x) => x.stat === 'share')
        .map((x) => `avg(${x.feature}) AS ${x.feature}`)
        .join(', ')},
      sum(revenue) / nullif(sum(n_orders), 0) AS average_order_value,
      stddev_pop(customer_aov) AS average_order_value_sd, count(n_orders) AS average_order_value_n,
      avg(orders_last_12_months) AS orders_last_12_months, stddev_pop(orders_last_12_months) AS orders_last_12_months_sd,
      avg(categories_purchased) AS categories_purchased, stddev_pop(categories_purchased) AS categories_purchased_sd,
      percentile_cont(0.5) WITHIN GROUP (ORDER BY days_since_last_purchase) AS days_since_last_purchase,
      stddev_pop(days_since_last_purchase) AS days_since_last_purchase_sd, count(days_since_last_purchase) AS days_since_last_purchase_n
    FROM f`;
  return (await store.query<Stats>(sql, q.params))[0];
}

/**
 * The population's figures depend only on the data, not on the request, so each connection keeps
 * them until the data changes (its as_of or the size of the event tables).
 */
const populationCache = new WeakMap<Store, { key: string; stats: Stats | undefined }>();

async function populationStats(store: Store, at: Date): Promise<Stats | undefined> {
  const f = await store.query<Record<string, unknown>>(
    `SELECT (SELECT count(*) FROM customers) AS c, (SELECT count(*) FROM orders) AS o, (SELECT count(*) FROM carts) AS k,
            (SELECT count(*) FROM page_views) AS v, (SELECT count(*) FROM content_interactions) AS i,
            (SELECT count(*) FROM order_items) AS l, (SELECT count(*) FROM products) AS p`,
  );
  const key = `${at.toISOString()}|${JSON.stringify(f[0])}`;
  const hit = populationCache.get(store);
  if (hit && hit.key === key) return hit.stats;
  const stats = await groupStats(store, null, at);
  populationCache.set(store, { key, stats });
  return stats;
}

/** Every feature of FEATURES for the cohort and for the whole population. */
export async function compareCohort(store: Store, cohort: Cohort, asOf?: Date): Promise<FeatureComparison[]> {
  const at = asOf ?? (await dataAsOf(store));
  const [seg, pop] = await Promise.all([
    cohort === EVERYONE ? populationStats(store, at) : groupStats(store, cohort, at),
    populationStats(store, at),
  ]);
  const num = (r: Record<string, unknown> | undefined, k: string): number | null =>
    r && r[k] !== null && r[k] !== undefined ? Number(r[k]) : null;

  return FEATURES.map((spec) => {
    const s = num(seg, spec.feature);
    const p = num(pop, spec.feature);
    let sd: number | null;
    if (spec.stat === 'share') sd = p !== null ? Math.sqrt(p * (1 - p)) : null;
    else sd = num(pop, `${spec.feature}_sd`);
    const nKey =
      spec.feature === 'average_order_value' || spec.feature === 'days_since_last_purchase'
        ? `${spec.feature}_n`
        : 'n';
    return {
      feature: spec.feature,
      label: spec.label,
      stat: spec.stat,
      unit: spec.unit,
      segment: s,
      population: p,
      segment_n: num(seg, nKey) ?? 0,
      population_n: num(pop, nKey) ?? 0,
      std_diff: s !== null && p !== null && sd !== null && sd > 0 ? (s - p) / sd : null,
      triggers: spec.triggers,
    };
  });
}

export function featureSpec(feature: string): FeatureSpec | undefined {
  return FEATURES.find((f) => f.feature === feature);
}
