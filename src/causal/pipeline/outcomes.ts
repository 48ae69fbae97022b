import type { CampaignGoal } from '../../contracts/goals.ts';
import { GOAL_OUTCOME, type OutcomeKind } from '../../contracts/goals.ts';
import { exactSum } from '../../store/exact-sum.ts';

/**
 * The outcome of each campaign exposure, measured from what happened in the campaign's window
 * after the send (issue 4): every exposure gets every outcome, so one pass serves any goal.
 *
 * - converted: any completed order in [sent_at, sent_at + window)
 * - order_value: revenue of those orders (0 without one) — the AOV goal's outcome
 * - new_category_purchase: an order in the window with a category never bought before sent_at
 * - engaged: a click on this campaign's message or a site session in the window
 * - repeat_purchase: an order in the window by a customer who had ordered before sent_at
 * - revenue, margin: for profit; margin is merchandise revenue less product cost and discounts,
 *   plus the shipping fee the customer paid less what shipping costs the shop ($1), so free
 *   shipping and discounts show up as the margin they give away.
 *
 * Any order counts, not only those attributed to the campaign: the causal question is whether the
 * message changed behaviour, and attribution would bias the control arm (which has no message).
 */
export const EXPOSURE_OUTCOME_COLUMNS = [
  'converted',
  'order_value',
  'new_category_purchase',
  'engaged',
  'repeat_purchase',
  'revenue',
  'margin',
] as const;
export type ExposureOutcomeColumn = (typeof EXPOSURE_OUTCOME_COLUMNS)[number];

export function outcomeColumnForGoal(goal: CampaignGoal): OutcomeKind {
  return GOAL_OUTCOME[goal];
}

/**
 * SQL yielding one row per exposure of `exposures` (a relation with campaign_id, customer_id,
 * sent_at, window_days) with the outcome columns. Set-based: a million exposures, one statement.
 * Parameter $1 is the shop's shipping cost per order.
 */
export function exposureOutcomesSql(exposures: string): string {
  return `
WITH ex AS (SELECT campaign_id, customer_id, sent_at,
                   sent_at + to_days(CAST(window_days AS INTEGER)) AS window_end FROM ${exposures}),
win_orders AS (
  SELECT ex.campaign_id, ex.customer_id, o.order_id, o.total, o.discount_amount, o.shipping_fee
  FROM ex JOIN orders o ON o.customer_id = ex.customer_id
   AND o.ordered_at >= ex.sent_at AND o.ordered_at < ex.window_end
),
order_margin AS (
  SELECT oi.order_id, ${exactSum('oi.quantity * (oi.unit_price - coalesce(p.cost, oi.unit_price * 0.45))')} AS merch_margin,
         list(DISTINCT p.category) AS categories
  FROM order_items oi JOIN products p ON p.product_id = oi.product_id
  WHERE oi.order_id IN (SELECT order_id FROM win_orders)
  GROUP BY oi.order_id
),
win_agg AS (
  SELECT w.campaign_id, w.customer_id, count(*) AS n_orders, ${exactSum('w.total')} AS revenue,
         ${exactSum('coalesce(m.merch_margin, 0) - w.discount_amount + w.shipping_fee - $1')} AS margin,
         flatten(list(coalesce(m.categories, []))) AS categories
  FROM win_orders w LEFT JOIN order_margin m ON m.order_id = w.order_id
  GROUP BY w.campaign_id, w.customer_id
),
prior AS (
  SELECT ex.campaign_id, ex.customer_id, count(DISTINCT o.order_id) AS prior_orders,
         list(DISTINCT p.category) FILTER (WHERE p.category IS NOT NULL) AS prior_categories
  FROM ex JOIN orders o ON o.customer_id = ex.customer_id AND o.ordered_at < ex.sent_at
  LEFT JOIN order_items oi ON oi.order_id = o.order_id
  LEFT JOIN products p ON p.product_id = oi.product_id
  WHERE ex.customer_id IN (SELECT customer_id FROM win_orders)
  GROUP BY ex.campaign_id, ex.customer_id
),
clicks AS (
  SELECT DISTINCT e.campaign_id, e.customer_id FROM email_events e
  JOIN ex ON ex.campaign_id = e.campaign_id AND ex.customer_id = e.customer_id
  WHERE e.event_type = 'clicked' AND e.occurred_at >= ex.sent_at AND e.occurred_at < ex.window_end
),
visits AS (
  SELECT DISTINCT ex.campaign_id, ex.customer_id FROM ex JOIN sessions s ON s.customer_id = ex.customer_id
   AND s.started_at >= ex.sent_at AND s.started_at < ex.window_end
)
SELECT ex.campaign_id, ex.customer_id,
  CASE WHEN w.n_orders > 0 THEN 1.0 ELSE 0.0 END AS converted,
  coalesce(w.revenue, 0) AS order_value,
  CASE WHEN w.n_orders > 0 AND len(list_filter(w.categories,
         c -> NOT list_contains(coalesce(pr.prior_categories, []), c))) > 0 THEN 1.0 ELSE 0.0 END AS new_category_purchase,
  CASE WHEN c.customer_id IS NOT NULL OR v.customer_id IS NOT NULL THEN 1.0 ELSE 0.0 END AS engaged,
  CASE WHEN w.n_orders > 0 AND coalesce(pr.prior_orders, 0) > 0 THEN 1.0 ELSE 0.0 END AS repeat_purchase,
  coalesce(w.revenue, 0) AS revenue,
  coalesce(w.margin, 0) AS margin
FROM ex
LEFT JOIN win_agg w ON w.campaign_id = ex.campaign_id AND w.customer_id = ex.customer_id
LEFT JOIN prior pr ON pr.campaign_id = ex.campaign_id AND pr.customer_id = ex.customer_id
LEFT JOIN clicks c ON c.campaign_id = ex.campaign_id AND c.customer_id = ex.customer_id
LEFT JOIN visits v ON v.campaign_id = ex.campaign_id AND v.customer_id = ex.customer_id`;
}
