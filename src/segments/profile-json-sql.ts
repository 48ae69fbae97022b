import { FIELD_CATALOGUE } from '../contracts/fields.ts';

/**
 * Set-based SQL (DuckDB) that renders the full profile of many customers to JSON in one pass, for
 * snapshot building: every DESIGN.md §4 field by its exact name, with the histories in the same
 * shape as features' getProfile (which assembles one customer with a few queries; a test checks
 * that both agree). `members` is a relation with a customer_id column and the profile's flat
 * columns; `$asOf` is the placeholder of the profile's as_of timestamp.
 */
export function iso(expr: string): string {
  // The same text as the store's toPlain for a TIMESTAMP: '2025-06-01T09:01:00Z'.
  return `(replace(CAST(${expr} AS VARCHAR), ' ', 'T') || 'Z')`;
}

const TIMESTAMP_FIELDS = new Set(FIELD_CATALOGUE.filter((d) => d.type === 'timestamp').map((d) => d.name));

/** CTEs (to follow a WITH list) named tx, ch, vp, ac: one JSON document per customer. */
export function historyCtes(members: string, asOf: string): string {
  const inMembers = (col: string) => `${col} IN (SELECT customer_id FROM ${members})`;
  return `
tx_items AS (
  SELECT i.order_id, to_json(list({'line_no': i.line_no, 'product_id': i.product_id, 'product_name': p.name,
      'category': p.category, 'quantity': i.quantity, 'unit_price': i.unit_price, 'returned': i.returned}
      ORDER BY i.line_no)) AS j
  FROM order_items i JOIN orders o ON o.order_id = i.order_id LEFT JOIN products p ON p.product_id = i.product_id
  WHERE ${inMembers('o.customer_id')} AND o.ordered_at <= ${asOf}
  GROUP BY i.order_id),
tx AS (
  SELECT o.customer_id, to_json(list({'order_id': o.order_id, 'ordered_at': ${iso('o.ordered_at')},
      'subtotal': o.subtotal, 'discount_amount': o.discount_amount, 'shipping_fee': o.shipping_fee, 'total': o.total,
      'campaign_id': o.campaign_id, 'status': o.status, 'items': coalesce(it.j, '[]'::JSON)}
      ORDER BY o.ordered_at, o.order_id)) AS j
  FROM orders o LEFT JOIN tx_items it ON it.order_id = o.order_id
  WHERE ${inMembers('o.customer_id')} AND o.ordered_at <= ${asOf}
  GROUP BY o.customer_id),
ch_events AS (
  SELECT customer_id, campaign_id, bool_or(event_type = 'opened') AS opened, bool_or(event_type = 'clicked') AS clicked
  FROM email_events WHERE ${inMembers('customer_id')} AND occurred_at <= ${asOf}
  GROUP BY customer_id, campaign_id),
ch_orders AS (
  SELECT o.customer_id, o.campaign_id, count(*) AS n, sum(o.total) AS revenue
  FROM orders o JOIN campaign_exposures x2 ON x2.campaign_id = o.campaign_id AND x2.customer_id = o.customer_id
  LEFT JOIN campaigns c2 ON c2.campaign_id = o.campaign_id
  WHERE ${inMembers('o.customer_id')} AND o.ordered_at >= x2.sent_at AND o.ordered_at <= ${asOf}
    AND (c2.window_days IS NULL OR o.ordered_at <= x2.sent_at + to_days(c2.window_days))
  GROUP BY o.customer_id, o.campaign_id),
ch AS (
  SELECT x.customer_id, to_json(list({'campaign_id': x.campaign_id,
      'trigger': CASE WHEN x.arm = 'control' THEN NULL ELSE x.arm END, 'arm': x.arm, 'sent_at': ${iso('x.sent_at')},
      'assignment_probability': x.assignment_probability, 'opened': coalesce(e.opened, false),
      'clicked': coalesce(e.clicked, false), 'converted': coalesce(a.n, 0) > 0, 'revenue': coalesce(a.revenue, 0)}
      ORDER BY x.sent_at, x.campaign_id)) AS j
  FROM campaign_exposures x
  LEFT JOIN ch_events e ON e.customer_id = x.customer_id AND e.campaign_id = x.campaign_id
  LEFT JOIN ch_orders a ON a.customer_id = x.customer_id AND a.campaign_id = x.campaign_id
  WHERE ${inMembers('x.customer_id')} AND x.sent_at <= ${asOf}
  GROUP BY x.customer_id),
vp AS (
  SELECT v.customer_id, to_json(list({'product_id': v.product_id, 'product_name': p.name, 'category': p.category,
      'tags': p.tags, 'viewed_at': ${iso('v.viewed_at')}} ORDER BY v.viewed_at DESC, v.product_id)) AS j
  FROM (SELECT customer_id, product_id, viewed_at,
          row_number() OVER (PARTITION BY customer_id ORDER BY viewed_at DESC, product_id) AS n
        FROM page_views WHERE page_type = 'product' AND ${inMembers('customer_id')} AND viewed_at <= ${asOf}) v
  LEFT JOIN products p ON p.product_id = v.product_id
  WHERE v.n <= 50
  GROUP BY v.customer_id),
ac_items AS (
  SELECT i.cart_id, to_json(list({'product_id': i.product_id, 'product_name': p.name, 'category': p.category,
      'quantity': i.quantity, 'unit_price': i.unit_price} ORDER BY i.product_id)) AS j
  FROM cart_items i LEFT JOIN products p ON p.product_id = i.product_id
  WHERE i.cart_id IN (SELECT abandoned_cart_id FROM profile_facts WHERE ${inMembers('customer_id')})
  GROUP BY i.cart_id),
ac AS (
  SELECT f.customer_id, to_json({'cart_id': c.cart_id, 'created_at': ${iso('c.created_at')},
      'abandoned_at': ${iso('c.abandoned_at')}, 'value': c.value, 'abandon_step': c.abandon_step,
      'abandon_reason': c.abandon_reason, 'age_hours': (epoch(${asOf}) - epoch(c.abandoned_at)) / 3600.0,
      'items': coalesce(ci.j, '[]'::JSON)}) AS j
  FROM profile_facts f JOIN carts c ON c.cart_id = f.abandoned_cart_id LEFT JOIN ac_items ci ON ci.cart_id = c.cart_id
  WHERE ${inMembers('f.customer_id')})`;
}

const HISTORY_SOURCES: Record<string, string> = {
  transaction_history: "coalesce(tx.j, '[]'::JSON)",
  campaign_history: "coalesce(ch.j, '[]'::JSON)",
  viewed_product_pages: "coalesce(vp.j, '[]'::JSON)",
  abandoned_cart_details: 'ac.j',
};

/** Joins that make tx.j … ac.j available next to relation alias `r`. */
export function historyJoins(alias: string): string {
  return ['tx', 'ch', 'vp', 'ac']
    .map((t) => `LEFT JOIN ${t} ON ${t}.customer_id = ${alias}.customer_id`)
    .join(' ');
}

/** The profile's JSON-valued fields (histories), in catalogue order. */
export const JSON_FIELDS: readonly string[] = FIELD_CATALOGUE.filter((d) => d.type === 'json').map(
  (d) => d.name,
);

/**
 * json_object(...) of the full profile of row `alias`. `overrides` replaces the SQL of some
 * fields (a segment's own trigger and profit) and `extra` adds keys.
 *
 * Key order: the flat fields, then `extra`, then the JSON histories (JSON_FIELDS). Keeping the
 * bulky histories last lets a reader that wants only flat fields parse a short prefix of each
 * rendered profile (see snapshot-pages.ts).
 */
export function profileJsonSql(
  alias: string,
  overrides: Record<string, string> = {},
  extra: [string, string][] = [],
): string {
  const parts: string[] = [];
  const field = (name: string) => {
    let sql = overrides[name] ?? HISTORY_SOURCES[name] ?? `${alias}.${name}`;
    if (TIMESTAMP_FIELDS.has(name) && !overrides[name]) sql = iso(sql);
    parts.push(`'${name}', ${sql}`);
  };
  for (const d of FIELD_CATALOGUE) if (d.type !== 'json') field(d.name);
  for (const [k, v] of extra) parts.push(`'${k}', ${v}`);
  for (const name of JSON_FIELDS) field(name);
  return `json_object(${parts.join(', ')})`;
}
