import { CONTROL_ARM, TRIGGER_IDS } from '../contracts/triggers.ts';
import { exactAvg, exactSum } from '../store/exact-sum.ts';

/**
 * The point-in-time feature SQL. Every aggregate joins the request rows (key, customer_id, as_of)
 * to one event table on customer_id with `event time < as_of`: strictly before, so the event at
 * the timestamp itself (e.g. the exposure being modelled) and everything after stay out.
 * One statement per batch; DuckDB runs each CTE as a hash join plus a grouped aggregate.
 *
 * Leak guards beyond the time filter, where the schema has no event time for a change:
 * - Returns carry no return time, so returned items count only for orders placed at least
 *   RETURN_KNOWN_DAYS before as_of (by then a return would normally have been recorded).
 * - A session counts once it has ended before as_of (started_at + duration), so its length is known.
 * - A wishlist item counts if added before as_of and not removed before as_of.
 * - Consent flags, country and acquisition source are the customer's current values (no history).
 */
export const RETURN_KNOWN_DAYS = 30;

/**
 * Arms whose past outcomes become features: how often the customer was sent each trigger (or held
 * out as control) and how often they ordered within that campaign's window. A customer's response
 * to a kind of message is partly their own and repeats (the price-sensitive answer discounts, the
 * status seeker exclusivity), so the history of responses per arm is among the strongest signals of
 * heterogeneous uplift a shop has. Only exposures whose window had closed before as_of count, so
 * the outcome was known at the time.
 */
const HISTORY_ARMS = [CONTROL_ARM, ...TRIGGER_IDS] as const;

const days = (n: number) => `r.as_of - INTERVAL '${n} days'`;
const ageDays = (t: string) => `(epoch(r.as_of) - epoch(${t})) / 86400.0`;

/** Builds the statement over a request relation `req` (key, customer_id, as_of). */
export function pointInTimeSql(req: string): string {
  return `
WITH
r0 AS (SELECT key, customer_id, as_of FROM ${req}),
o AS (
  SELECT r.key,
    count(*) AS orders_lifetime,
    count(*) FILTER (WHERE e.ordered_at >= ${days(30)}) AS orders_30d,
    count(*) FILTER (WHERE e.ordered_at >= ${days(90)}) AS orders_90d,
    count(*) FILTER (WHERE e.ordered_at >= ${days(365)}) AS orders_365d,
    ${exactSum('e.total')} AS revenue_lifetime,
    coalesce(${exactSum('e.total', `e.ordered_at >= ${days(30)}`)}, 0) AS revenue_30d,
    coalesce(${exactSum('e.total', `e.ordered_at >= ${days(90)}`)}, 0) AS revenue_90d,
    coalesce(${exactSum('e.total', `e.ordered_at >= ${days(365)}`)}, 0) AS revenue_365d,
    ${exactAvg('e.total')} AS aov_lifetime,
    avg(CASE WHEN e.discount_amount > 0 THEN 1.0 ELSE 0.0 END) AS discounted_orders_share,
    avg(CASE WHEN e.shipping_fee > 0 THEN 1.0 ELSE 0.0 END) AS shipping_paid_share,
    count(*) FILTER (WHERE e.campaign_id IS NOT NULL) AS campaign_conversions_lifetime,
    max(e.ordered_at) AS last_order_at,
    min(e.ordered_at) AS first_order_at
  FROM r0 r JOIN orders e ON e.customer_id = r.customer_id AND e.ordered_at < r.as_of
  GROUP BY r.key),
oi AS (
  SELECT r.key,
    sum(i.quantity) AS items_purchased_lifetime,
    count(DISTINCT p.category) AS categories_purchased_count,
    count(*) FILTER (WHERE list_has_any(p.tags, ['limited_edition', 'vip'])) AS exclusive_items_purchased,
    count(*) FILTER (WHERE i.returned AND e.ordered_at < ${days(RETURN_KNOWN_DAYS)}) AS returned_items,
    count(*) FILTER (WHERE e.ordered_at < ${days(RETURN_KNOWN_DAYS)}) AS return_eligible_items
  FROM r0 r JOIN orders e ON e.customer_id = r.customer_id AND e.ordered_at < r.as_of
  JOIN order_items i ON i.order_id = e.order_id
  LEFT JOIN products p ON p.product_id = i.product_id
  GROUP BY r.key),
s AS (
  SELECT r.key,
    count(*) AS sessions_lifetime,
    count(*) FILTER (WHERE e.started_at >= ${days(7)}) AS sessions_7d,
    count(*) FILTER (WHERE e.started_at >= ${days(30)}) AS sessions_30d,
    count(*) FILTER (WHERE e.started_at >= ${days(90)}) AS sessions_90d,
    coalesce(sum(e.duration_seconds) FILTER (WHERE e.started_at >= ${days(7)}), 0) AS session_seconds_7d,
    coalesce(sum(e.duration_seconds) FILTER (WHERE e.started_at >= ${days(30)}), 0) AS session_seconds_30d,
    coalesce(sum(e.duration_seconds) FILTER (WHERE e.started_at >= ${days(90)}), 0) AS session_seconds_90d,
    avg(e.duration_seconds) AS avg_session_seconds,
    max(e.started_at + to_seconds(e.duration_seconds)) AS last_session_end
  FROM r0 r JOIN sessions e ON e.customer_id = r.customer_id
    AND e.started_at + to_seconds(e.duration_seconds) < r.as_of
  GROUP BY r.key),
-- Page views are the largest table: the window join reads only the last 90 days of them, and
-- the lifetime counts join only bestseller/trending views (3x faster at 100k customers). How
-- focused the browsing is (the share of product views in the most viewed category) comes from a
-- per-row histogram of categories in the same pass.
pv0 AS (
  SELECT r.key,
    count(*) FILTER (WHERE e.page_type = 'product' AND e.viewed_at >= ${days(7)}) AS product_views_7d,
    count(*) FILTER (WHERE e.page_type = 'product' AND e.viewed_at >= ${days(30)}) AS product_views_30d,
    count(*) FILTER (WHERE e.page_type = 'product') AS product_views_90d,
    count(*) FILTER (WHERE e.page_type = 'bestsellers') AS bestseller_views_90d,
    count(*) FILTER (WHERE e.page_type = 'trending') AS trending_views_90d,
    count(*) FILTER (WHERE e.page_type = 'content') AS content_views_90d,
    count(*) FILTER (WHERE e.exclusive) AS exclusive_product_views_90d,
    count(*) FILTER (WHERE e.page_type = 'checkout') AS checkout_views_90d,
    max(e.viewed_at) AS last_view_at,
    map_values(histogram(e.category) FILTER (WHERE e.page_type = 'product' AND e.category IS NOT NULL)) AS category_views
  FROM r0 r JOIN (
    SELECT v.customer_id, v.viewed_at, v.page_type, p.category,
      coalesce(v.page_type = 'product' AND list_has_any(p.tags, ['limited_edition', 'vip']), false) AS exclusive
    FROM page_views v LEFT JOIN products p ON p.product_id = v.product_id
  ) e ON e.customer_id = r.customer_id AND e.viewed_at < r.as_of AND e.viewed_at >= ${days(90)}
  GROUP BY r.key),
pv AS (
  SELECT * EXCLUDE (category_views), len(category_views) AS categories_viewed_90d,
    CASE WHEN len(category_views) > 0 THEN list_max(category_views) / list_sum(category_views) END
      AS top_category_view_share_90d
  FROM pv0),
pvb AS (
  SELECT r.key, count(*) FILTER (WHERE e.page_type = 'bestsellers') AS bestseller_views_lifetime,
    count(*) FILTER (WHERE e.page_type = 'trending') AS trending_views_lifetime
  FROM r0 r JOIN page_views e ON e.customer_id = r.customer_id AND e.viewed_at < r.as_of
    AND e.page_type IN ('bestsellers', 'trending')
  GROUP BY r.key),
ca AS (
  SELECT r.key,
    count(*) AS abandonments_lifetime,
    count(*) FILTER (WHERE e.abandoned_at >= ${days(30)}) AS abandonments_30d,
    count(*) FILTER (WHERE e.abandoned_at >= ${days(90)}) AS abandonments_90d,
    count(*) FILTER (WHERE e.abandon_reason = 'shipping_cost') AS shipping_cost_abandonments,
    max(e.abandoned_at) AS last_abandoned_at,
    arg_max(e.value, e.abandoned_at) AS last_abandon_value,
    arg_max(e.abandon_step, e.abandoned_at) AS last_abandon_step,
    arg_max(e.abandon_reason, e.abandoned_at) AS last_abandon_reason
  FROM r0 r JOIN carts e ON e.customer_id = r.customer_id AND e.status = 'abandoned' AND e.abandoned_at < r.as_of
  GROUP BY r.key),
w AS (
  SELECT r.key, count(*) AS wishlist_items
  FROM r0 r JOIN wishlist_items e ON e.customer_id = r.customer_id AND e.added_at < r.as_of
    AND (e.removed_at IS NULL OR e.removed_at >= r.as_of)
  GROUP BY r.key),
rv AS (
  SELECT r.key, count(*) AS reviews_lifetime, avg(e.rating) AS avg_review_rating
  FROM r0 r JOIN reviews e ON e.customer_id = r.customer_id AND e.written_at < r.as_of
  GROUP BY r.key),
ci AS (
  SELECT r.key, count(*) AS content_interactions_lifetime,
    count(*) FILTER (WHERE e.kind = 'share') AS content_shares_lifetime,
    count(*) FILTER (WHERE e.interacted_at >= ${days(90)}) AS content_interactions_90d,
    max(e.interacted_at) AS last_content_at
  FROM r0 r JOIN content_interactions e ON e.customer_id = r.customer_id AND e.interacted_at < r.as_of
  GROUP BY r.key),
ee AS (
  SELECT r.key,
    count(DISTINCT e.campaign_id) FILTER (WHERE e.event_type = 'delivered') AS emails_delivered_lifetime,
    count(DISTINCT e.campaign_id) FILTER (WHERE e.event_type = 'delivered' AND e.occurred_at >= ${days(30)}) AS emails_delivered_30d,
    count(DISTINCT e.campaign_id) FILTER (WHERE e.event_type = 'opened') AS emails_opened_lifetime,
    count(DISTINCT e.campaign_id) FILTER (WHERE e.event_type = 'clicked') AS emails_clicked_lifetime,
    max(e.occurred_at) FILTER (WHERE e.event_type IN ('opened', 'clicked')) AS last_email_engaged_at
  FROM r0 r JOIN email_events e ON e.customer_id = r.customer_id AND e.occurred_at < r.as_of
  GROUP BY r.key),
cx AS (
  SELECT r.key, count(*) AS campaign_exposures_lifetime,
    count(*) FILTER (WHERE e.arm <> 'control') AS campaign_treatments_lifetime,
    count(*) FILTER (WHERE e.sent_at >= ${days(30)}) AS campaign_exposures_30d,
    count(*) FILTER (WHERE e.arm <> 'control' AND e.sent_at >= ${days(60)}) AS campaign_treatments_60d,
    max(e.sent_at) AS last_exposure_at
  FROM r0 r JOIN campaign_exposures e ON e.customer_id = r.customer_id AND e.sent_at < r.as_of
  GROUP BY r.key),
-- Each past exposure's outcome is computed once per exposure (not once per request row that
-- sees it: a training set asks about the same customer once per campaign), then counted for the
-- request rows whose as_of falls after that exposure's window closed.
hx AS (
  SELECT e.campaign_id, e.customer_id, e.arm, e.sent_at + to_days(c.window_days) AS window_end,
    EXISTS (SELECT 1 FROM orders o WHERE o.customer_id = e.customer_id
      AND o.ordered_at >= e.sent_at AND o.ordered_at < e.sent_at + to_days(c.window_days)) AS converted
  FROM campaign_exposures e JOIN campaigns c ON c.campaign_id = e.campaign_id
  WHERE e.customer_id IN (SELECT customer_id FROM r0)),
hr AS (
  SELECT r.key, x.arm, x.converted
  FROM r0 r JOIN hx x ON x.customer_id = r.customer_id AND x.window_end <= r.as_of),
h AS (
  SELECT key,
    ${HISTORY_ARMS.map(
      (a) => `count(*) FILTER (WHERE arm = '${a}') AS history_${a}_exposures,
    count(*) FILTER (WHERE arm = '${a}' AND converted) AS history_${a}_conversions`,
    ).join(',\n    ')}
  FROM hr GROUP BY key)
SELECT
  r.key, r.customer_id, epoch_ms(r.as_of)::DOUBLE AS as_of_ms,
  ${ageDays('c.creation_date')} AS tenure_days,
  CASE WHEN c.email_opt_in THEN 1.0 WHEN NOT c.email_opt_in THEN 0.0 END AS email_opt_in,
  CASE WHEN c.sms_opt_in THEN 1.0 WHEN NOT c.sms_opt_in THEN 0.0 END AS sms_opt_in,
  ${ageDays('o.last_order_at')} AS days_since_last_order,
  ${ageDays('o.first_order_at')} AS days_since_first_order,
  coalesce(o.orders_30d, 0) AS orders_30d, coalesce(o.orders_90d, 0) AS orders_90d,
  coalesce(o.orders_365d, 0) AS orders_365d, coalesce(o.orders_lifetime, 0) AS orders_lifetime,
  coalesce(o.revenue_30d, 0) AS revenue_30d, coalesce(o.revenue_90d, 0) AS revenue_90d,
  coalesce(o.revenue_365d, 0) AS revenue_365d, coalesce(o.revenue_lifetime, 0) AS revenue_lifetime,
  o.aov_lifetime, o.discounted_orders_share, o.shipping_paid_share,
  coalesce(o.campaign_conversions_lifetime, 0) AS campaign_conversions_lifetime,
  coalesce(oi.items_purchased_lifetime, 0) AS items_purchased_lifetime,
  coalesce(oi.categories_purchased_count, 0) AS categories_purchased_count,
  coalesce(oi.exclusive_items_purchased, 0) AS exclusive_items_purchased,
  coalesce(oi.returned_items, 0) AS returned_items,
  oi.returned_items / nullif(oi.return_eligible_items, 0) AS return_rate_items,
  coalesce(s.sessions_7d, 0) AS sessions_7d, coalesce(s.sessions_30d, 0) AS sessions_30d,
  coalesce(s.sessions_90d, 0) AS sessions_90d, coalesce(s.sessions_lifetime, 0) AS sessions_lifetime,
  coalesce(s.session_seconds_7d, 0) AS session_seconds_7d, coalesce(s.session_seconds_30d, 0) AS session_seconds_30d,
  coalesce(s.session_seconds_90d, 0) AS session_seconds_90d, s.avg_session_seconds,
  coalesce(pv.product_views_7d, 0) AS product_views_7d, coalesce(pv.product_views_30d, 0) AS product_views_30d,
  coalesce(pv.product_views_90d, 0) AS product_views_90d,
  coalesce(pv.bestseller_views_90d, 0) AS bestseller_views_90d,
  coalesce(pvb.bestseller_views_lifetime, 0) AS bestseller_views_lifetime,
  coalesce(pv.trending_views_90d, 0) AS trending_views_90d,
  coalesce(pvb.trending_views_lifetime, 0) AS trending_views_lifetime,
  coalesce(pvb.bestseller_views_lifetime, 0) / nullif(s.sessions_lifetime, 0) AS bestseller_views_per_session,
  coalesce(pvb.trending_views_lifetime, 0) / nullif(s.sessions_lifetime, 0) AS trending_views_per_session,
  coalesce(pv.categories_viewed_90d, 0) AS categories_viewed_90d, pv.top_category_view_share_90d,
  coalesce(pv.content_views_90d, 0) AS content_views_90d,
  coalesce(pv.exclusive_product_views_90d, 0) AS exclusive_product_views_90d,
  coalesce(pv.checkout_views_90d, 0) AS checkout_views_90d,
  coalesce(ca.abandonments_30d, 0) AS abandonments_30d, coalesce(ca.abandonments_90d, 0) AS abandonments_90d,
  coalesce(ca.abandonments_lifetime, 0) AS abandonments_lifetime,
  coalesce(ca.shipping_cost_abandonments, 0) AS shipping_cost_abandonments,
  ca.last_abandon_value,
  (epoch(r.as_of) - epoch(ca.last_abandoned_at)) / 3600.0 AS last_abandon_age_hours,
  CASE WHEN ca.last_abandoned_at IS NULL THEN NULL
       WHEN o.last_order_at > ca.last_abandoned_at THEN 1.0 ELSE 0.0 END AS last_abandon_recovered,
  coalesce(w.wishlist_items, 0) AS wishlist_items,
  coalesce(rv.reviews_lifetime, 0) AS reviews_lifetime, rv.avg_review_rating,
  coalesce(rv.reviews_lifetime, 0) / nullif(o.orders_lifetime, 0) AS reviews_per_order,
  coalesce(ci.content_interactions_90d, 0) AS content_interactions_90d,
  coalesce(ci.content_interactions_lifetime, 0) AS content_interactions_lifetime,
  coalesce(ci.content_shares_lifetime, 0) AS content_shares_lifetime,
  coalesce(ee.emails_delivered_lifetime, 0) AS emails_delivered_lifetime,
  coalesce(ee.emails_delivered_30d, 0) AS emails_delivered_30d,
  CASE WHEN ee.emails_delivered_lifetime > 0 THEN least(ee.emails_opened_lifetime / ee.emails_delivered_lifetime, 1.0) END AS email_open_rate,
  CASE WHEN ee.emails_delivered_lifetime > 0 THEN least(ee.emails_clicked_lifetime / ee.emails_delivered_lifetime, 1.0) END AS email_click_rate,
  ${ageDays('ee.last_email_engaged_at')} AS days_since_last_email_engagement,
  coalesce(cx.campaign_exposures_lifetime, 0) AS campaign_exposures_lifetime,
  coalesce(cx.campaign_treatments_lifetime, 0) AS campaign_treatments_lifetime,
  coalesce(cx.campaign_exposures_30d, 0) AS campaign_exposures_30d,
  coalesce(cx.campaign_treatments_60d, 0) AS campaign_treatments_60d,
  ${HISTORY_ARMS.map(
    (a) =>
      `coalesce(h.history_${a}_exposures, 0) AS history_${a}_exposures, coalesce(h.history_${a}_conversions, 0) AS history_${a}_conversions`,
  ).join(',\n  ')},
  ${ageDays('cx.last_exposure_at')} AS days_since_last_exposure,
  ${ageDays('greatest(o.last_order_at, s.last_session_end, pv.last_view_at, ci.last_content_at, ee.last_email_engaged_at)')} AS days_since_last_seen,
  c.acquisition_source, c.location_country, ca.last_abandon_step, ca.last_abandon_reason
FROM r0 r
LEFT JOIN customers c ON c.customer_id = r.customer_id
LEFT JOIN o ON o.key = r.key
LEFT JOIN oi ON oi.key = r.key
LEFT JOIN s ON s.key = r.key
LEFT JOIN pv ON pv.key = r.key
LEFT JOIN pvb ON pvb.key = r.key
LEFT JOIN ca ON ca.key = r.key
LEFT JOIN w ON w.key = r.key
LEFT JOIN rv ON rv.key = r.key
LEFT JOIN ci ON ci.key = r.key
LEFT JOIN ee ON ee.key = r.key
LEFT JOIN cx ON cx.key = r.key
LEFT JOIN h ON h.key = r.key
ORDER BY r.key`;
}

/** The categorical output columns (strings); every other column after as_ms is numeric. */
export const CATEGORICAL_FEATURES = [
  'acquisition_source',
  'location_country',
  'last_abandon_step',
  'last_abandon_reason',
] as const;
