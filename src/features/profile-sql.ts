import { FIELD_CATALOGUE } from '../contracts/fields.ts';
import { exactAvg, exactSum } from '../store/exact-sum.ts';

/**
 * The SQL of the customer profile. `profile_facts` holds the flat and aggregate part, one row per
 * customer, rebuilt in one set-based pass; `customer_profiles` joins it with the active model's
 * scores. Histories (transaction_history, campaign_history, viewed_product_pages,
 * abandoned_cart_details) are assembled per customer on read, in profile.ts.
 */

/** The filterable profile fields that live in profile_facts (everything but scores and engine outputs). */
export const FACT_COLUMNS: readonly { name: string; sql: string }[] = [
  { name: 'customer_id', sql: 'VARCHAR NOT NULL' },
  { name: 'first_name', sql: 'VARCHAR' },
  { name: 'email_address', sql: 'VARCHAR' },
  { name: 'location_city', sql: 'VARCHAR' },
  { name: 'location_country', sql: 'VARCHAR' },
  { name: 'acquisition_source', sql: 'VARCHAR' },
  { name: 'creation_date', sql: 'TIMESTAMP' },
  { name: 'average_order_value', sql: 'DOUBLE' },
  { name: 'purchase_frequency', sql: 'INTEGER NOT NULL' },
  { name: 'last_purchase_date', sql: 'TIMESTAMP' },
  { name: 'lifetime_value', sql: 'DOUBLE NOT NULL' },
  { name: 'has_ever_returned_item', sql: 'BOOLEAN NOT NULL' },
  { name: 'product_categories_purchased', sql: 'VARCHAR[] NOT NULL' },
  { name: 'last_seen_timestamp', sql: 'TIMESTAMP' },
  { name: 'session_count', sql: 'INTEGER NOT NULL' },
  { name: 'avg_session_duration', sql: 'DOUBLE' },
  { name: 'viewed_bestsellers_page', sql: 'BOOLEAN NOT NULL' },
  { name: 'product_reviews_written', sql: 'INTEGER NOT NULL' },
  { name: 'wishlist_items_count', sql: 'INTEGER NOT NULL' },
  { name: 'interacted_with_content', sql: 'BOOLEAN NOT NULL' },
  { name: 'email_open_rate', sql: 'DOUBLE' },
  { name: 'email_click_through_rate', sql: 'DOUBLE' },
  { name: 'control_group_membership', sql: 'VARCHAR[] NOT NULL' },
  { name: 'email_opt_in', sql: 'BOOLEAN' },
  { name: 'sms_opt_in', sql: 'BOOLEAN' },
  { name: 'abandoned_cart_value', sql: 'DOUBLE NOT NULL' },
  { name: 'abandoned_cart_age_hours', sql: 'DOUBLE' },
  { name: 'abandoned_cart_reason', sql: 'VARCHAR' },
  { name: 'days_since_last_purchase', sql: 'DOUBLE' },
  { name: 'tenure_days', sql: 'DOUBLE' },
  { name: 'orders_last_90_days', sql: 'INTEGER NOT NULL' },
  // Not a §4 field: the key of the open abandoned cart, so abandoned_cart_details is one lookup.
  { name: 'abandoned_cart_id', sql: 'VARCHAR' },
];

export const PROFILE_FACTS_DDL = `CREATE TABLE profile_facts (\n  ${FACT_COLUMNS.map((c) => `${c.name} ${c.sql}`).join(',\n  ')}\n)`;

const SCORE_FIELDS = FIELD_CATALOGUE.filter((d) => d.group === 'scores').map((d) => d.name);
const ENGINE_FIELDS = FIELD_CATALOGUE.filter((d) => d.group === 'engine').map((d) => d.name);
const FACT_NAMES = new Set(FACT_COLUMNS.map((c) => c.name));

/** The columns of customer_profiles: every filterable catalogue field, in catalogue order. */
export const PROFILE_VIEW_COLUMNS: readonly string[] = FIELD_CATALOGUE.filter((d) => d.filterable).map(
  (d) => d.name,
);

/**
 * The view segments compile criteria against. Scores come from the most recent active model
 * version that has rows in each score table, so a derived-score model (CLV, churn) and an uplift
 * model may be trained and activated independently. Before any training they are all null.
 */
export function customerProfilesViewSql(): string {
  const cols = PROFILE_VIEW_COLUMNS.map((name) => {
    if (FACT_NAMES.has(name)) return `f.${name}`;
    if (SCORE_FIELDS.includes(name)) return `d.${name}`;
    if (ENGINE_FIELDS.includes(name)) return `s.${name}`;
    throw new Error(`profile field ${name} has no source`);
  });
  const active = (table: string) =>
    `(SELECT mv.model_version FROM model_versions mv WHERE mv.is_active AND EXISTS (SELECT 1 FROM ${table} x WHERE x.model_version = mv.model_version) ORDER BY mv.created_at DESC, mv.model_version DESC LIMIT 1)`;
  return `CREATE OR REPLACE VIEW customer_profiles AS
SELECT ${cols.join(', ')}
FROM profile_facts f
LEFT JOIN customer_derived_scores d ON d.customer_id = f.customer_id AND d.model_version = ${active('customer_derived_scores')}
LEFT JOIN customer_scores s ON s.customer_id = f.customer_id AND s.model_version = ${active('customer_scores')}`;
}

/**
 * One set-based pass over the event tables, as of $1 (inclusive: the profile describes the data
 * set at its as_of). "Last N days" windows are (as_of - N days, as_of].
 *
 * The open abandoned cart is the last cart abandoned with no order placed after it: a cart the
 * customer later bought from is no longer a recovery target.
 */
export const PROFILE_FACTS_SELECT = `
WITH
o AS (
  SELECT customer_id,
    count(*) AS n_orders,
    ${exactAvg('total')} AS aov,
    ${exactSum('total', "status <> 'returned'")} AS ltv,
    count(*) FILTER (WHERE ordered_at > $1::TIMESTAMP - INTERVAL '365 days') AS orders_365,
    count(*) FILTER (WHERE ordered_at > $1::TIMESTAMP - INTERVAL '90 days') AS orders_90,
    max(ordered_at) AS last_order,
    bool_or(status IN ('returned', 'partially_returned')) AS returned_status
  FROM orders WHERE ordered_at <= $1::TIMESTAMP GROUP BY customer_id),
oi AS (
  SELECT o.customer_id,
    list(DISTINCT p.category ORDER BY p.category) FILTER (WHERE p.category IS NOT NULL) AS cats,
    bool_or(i.returned) AS returned_item
  FROM order_items i JOIN orders o ON o.order_id = i.order_id LEFT JOIN products p ON p.product_id = i.product_id
  WHERE o.ordered_at <= $1::TIMESTAMP GROUP BY o.customer_id),
s AS (
  SELECT customer_id,
    count(*) FILTER (WHERE started_at > $1::TIMESTAMP - INTERVAL '90 days') AS sessions_90,
    avg(duration_seconds) FILTER (WHERE started_at > $1::TIMESTAMP - INTERVAL '90 days') AS avg_dur_90,
    max(started_at) AS last_session
  FROM sessions WHERE started_at <= $1::TIMESTAMP GROUP BY customer_id),
pv AS (
  SELECT customer_id,
    bool_or(page_type IN ('bestsellers', 'trending')) AS viewed_best,
    bool_or(page_type = 'content') AS viewed_content,
    max(viewed_at) AS last_view
  FROM page_views WHERE viewed_at <= $1::TIMESTAMP GROUP BY customer_id),
ca AS (
  SELECT customer_id, arg_max(cart_id, abandoned_at) AS cart_id, max(abandoned_at) AS abandoned_at,
    arg_max(value, abandoned_at) AS value, arg_max(abandon_reason, abandoned_at) AS reason
  FROM carts WHERE status = 'abandoned' AND abandoned_at <= $1::TIMESTAMP GROUP BY customer_id),
w AS (
  SELECT customer_id, count(*) AS n FROM wishlist_items
  WHERE added_at <= $1::TIMESTAMP AND (removed_at IS NULL OR removed_at > $1::TIMESTAMP)
  GROUP BY customer_id),
r AS (SELECT customer_id, count(*) AS n FROM reviews WHERE written_at <= $1::TIMESTAMP GROUP BY customer_id),
ci AS (
  SELECT customer_id, count(*) AS n, max(interacted_at) AS last_at
  FROM content_interactions WHERE interacted_at <= $1::TIMESTAMP GROUP BY customer_id),
ee AS (
  SELECT customer_id,
    count(DISTINCT campaign_id) FILTER (WHERE event_type = 'delivered') AS delivered,
    count(DISTINCT campaign_id) FILTER (WHERE event_type = 'opened') AS opened,
    count(DISTINCT campaign_id) FILTER (WHERE event_type = 'clicked') AS clicked,
    max(occurred_at) FILTER (WHERE event_type IN ('opened', 'clicked')) AS last_engaged
  FROM email_events WHERE occurred_at <= $1::TIMESTAMP GROUP BY customer_id),
cx AS (
  SELECT customer_id, list(campaign_id ORDER BY campaign_id) FILTER (WHERE arm = 'control') AS control_campaigns
  FROM campaign_exposures WHERE sent_at <= $1::TIMESTAMP GROUP BY customer_id)
SELECT
  c.customer_id, c.first_name, c.email_address, c.location_city, c.location_country, c.acquisition_source,
  c.creation_date,
  o.aov AS average_order_value,
  coalesce(o.orders_365, 0) AS purchase_frequency,
  o.last_order AS last_purchase_date,
  coalesce(o.ltv, 0) AS lifetime_value,
  coalesce(oi.returned_item, false) OR coalesce(o.returned_status, false) AS has_ever_returned_item,
  coalesce(oi.cats, []::VARCHAR[]) AS product_categories_purchased,
  greatest(s.last_session, pv.last_view, o.last_order, ci.last_at, ee.last_engaged) AS last_seen_timestamp,
  coalesce(s.sessions_90, 0) AS session_count,
  s.avg_dur_90 AS avg_session_duration,
  coalesce(pv.viewed_best, false) AS viewed_bestsellers_page,
  coalesce(r.n, 0) AS product_reviews_written,
  coalesce(w.n, 0) AS wishlist_items_count,
  coalesce(pv.viewed_content, false) OR coalesce(ci.n, 0) > 0 AS interacted_with_content,
  CASE WHEN ee.delivered > 0 THEN least(ee.opened / ee.delivered, 1.0) END AS email_open_rate,
  CASE WHEN ee.delivered > 0 THEN least(ee.clicked / ee.delivered, 1.0) END AS email_click_through_rate,
  coalesce(cx.control_campaigns, []::VARCHAR[]) AS control_group_membership,
  c.email_opt_in, c.sms_opt_in,
  CASE WHEN ca.open THEN ca.value ELSE 0 END AS abandoned_cart_value,
  CASE WHEN ca.open THEN (epoch($1::TIMESTAMP) - epoch(ca.abandoned_at)) / 3600.0 END AS abandoned_cart_age_hours,
  CASE WHEN ca.open THEN ca.reason END AS abandoned_cart_reason,
  (epoch($1::TIMESTAMP) - epoch(o.last_order)) / 86400.0 AS days_since_last_purchase,
  (epoch($1::TIMESTAMP) - epoch(c.creation_date)) / 86400.0 AS tenure_days,
  coalesce(o.orders_90, 0) AS orders_last_90_days,
  CASE WHEN ca.open THEN ca.cart_id END AS abandoned_cart_id
FROM customers c
LEFT JOIN o ON o.customer_id = c.customer_id
LEFT JOIN oi ON oi.customer_id = c.customer_id
LEFT JOIN s ON s.customer_id = c.customer_id
LEFT JOIN pv ON pv.customer_id = c.customer_id
LEFT JOIN (
  SELECT ca.*, (o2.last_order IS NULL OR o2.last_order <= ca.abandoned_at) AS open
  FROM ca LEFT JOIN o AS o2 ON o2.customer_id = ca.customer_id
) ca ON ca.customer_id = c.customer_id
LEFT JOIN w ON w.customer_id = c.customer_id
LEFT JOIN r ON r.customer_id = c.customer_id
LEFT JOIN ci ON ci.customer_id = c.customer_id
LEFT JOIN ee ON ee.customer_id = c.customer_id
LEFT JOIN cx ON cx.customer_id = c.customer_id
ORDER BY c.customer_id`;
