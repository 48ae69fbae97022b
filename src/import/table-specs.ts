import { CONTROL_ARM, TRIGGER_IDS } from '../contracts/triggers.ts';

/** The event tables a user may import (DESIGN.md §4). Column names and types come from the store's catalog. */
export const IMPORTABLE_TABLES = [
  'customers',
  'products',
  'orders',
  'order_items',
  'sessions',
  'page_views',
  'carts',
  'cart_items',
  'wishlist_items',
  'reviews',
  'content_items',
  'content_interactions',
  'campaigns',
  'campaign_exposures',
  'email_events',
] as const;
export type ImportableTable = (typeof IMPORTABLE_TABLES)[number];

/**
 * Identity of a row for tables without a primary key, so re-importing a file replaces rows instead
 * of duplicating them. Tables with a primary key use it.
 */
export const NATURAL_KEYS: Partial<Record<ImportableTable, string[]>> = {
  page_views: ['session_id', 'customer_id', 'viewed_at', 'page_type', 'product_id', 'content_id'],
  cart_items: ['cart_id', 'product_id'],
  wishlist_items: ['customer_id', 'product_id', 'added_at'],
  content_interactions: ['customer_id', 'content_id', 'interacted_at', 'kind'],
  email_events: ['campaign_id', 'customer_id', 'event_type', 'occurred_at'],
};

/**
 * A rule every row must satisfy, as SQL over the converted values: `{col}` stands for a column's
 * typed value (NULL when absent or empty). Rules with a null outcome pass (missing values are the
 * required-column check's business).
 */
export interface RowRule {
  column: string;
  sql: string;
  reason: string;
  /** For an enumeration: its values, so a file holding others is told them all at once. */
  values?: readonly string[];
  /** The reason ends with the value as written (`: "0001-01-01"`). */
  showValue?: boolean;
}

const ARMS = [...TRIGGER_IDS, CONTROL_ARM];

/** An enumeration check; values are our own identifiers ([a-z_]), checked before they enter SQL text. */
function oneOf(column: string, values: readonly string[]): RowRule {
  for (const v of values) if (!/^[a-z_]+$/.test(v)) throw new Error(`enum value ${v} is not an identifier`);
  return {
    column,
    sql: `{${column}} IN (${values.map((v) => `'${v}'`).join(', ')})`,
    reason: `must be one of ${values.join(', ')}`,
    values,
  };
}
const atLeast = (column: string, min: number): RowRule => ({
  column,
  sql: `{${column}} >= ${min}`,
  reason: `must be >= ${min}`,
});
const positive = (column: string): RowRule => ({ column, sql: `{${column}} > 0`, reason: 'must be > 0' });
/**
 * Decided: a negative quantity or amount is a cancellation or a refund (UCI Online Retail's
 * "C536379" invoices), not a sale. Loaded as one it would lower lifetime value and order counts
 * by sales that never were; it is refused, and the reason says what it is and how to leave it out.
 */
const CANCELLATION =
  ' (a negative value is a cancellation or refund, e.g. an invoice "C536379", not a sale: leave such rows out with --on-error skip --rejects FILE; returns are orders.status or order_items.returned)';
const saleQuantity = (column: string): RowRule => ({
  column,
  sql: `{${column}} > 0`,
  reason: `must be > 0${CANCELLATION}`,
});
const saleAmount = (column: string): RowRule => ({
  column,
  sql: `{${column}} >= 0`,
  reason: `must be >= 0${CANCELLATION}`,
});

export const ROW_RULES: Record<ImportableTable, RowRule[]> = {
  customers: [],
  products: [atLeast('price', 0), atLeast('cost', 0), atLeast('stock_level', 0)],
  orders: [
    oneOf('status', ['completed', 'returned', 'partially_returned']),
    saleAmount('subtotal'),
    atLeast('discount_amount', 0),
    atLeast('shipping_fee', 0),
    saleAmount('total'),
  ],
  order_items: [saleQuantity('quantity'), saleAmount('unit_price')],
  sessions: [atLeast('duration_seconds', 0)],
  page_views: [
    oneOf('page_type', [
      'product',
      'bestsellers',
      'trending',
      'content',
      'category',
      'home',
      'cart',
      'checkout',
    ]),
  ],
  carts: [
    oneOf('status', ['converted', 'abandoned', 'open']),
    oneOf('abandon_step', ['cart', 'shipping', 'payment']),
    atLeast('value', 0),
    {
      column: 'abandoned_at',
      sql: `NOT ({status} = 'abandoned' AND {abandoned_at} IS NULL)`,
      reason: 'an abandoned cart needs abandoned_at',
    },
  ],
  cart_items: [positive('quantity'), atLeast('unit_price', 0)],
  wishlist_items: [
    { column: 'removed_at', sql: '{removed_at} >= {added_at}', reason: 'must not be before added_at' },
  ],
  reviews: [{ column: 'rating', sql: '{rating} BETWEEN 1 AND 5', reason: 'must be between 1 and 5' }],
  content_items: [oneOf('kind', ['guide', 'story', 'lookbook', 'how_to'])],
  content_interactions: [oneOf('kind', ['read', 'watch', 'share'])],
  campaigns: [
    {
      column: 'arms',
      sql: `len({arms}) > 0 AND list_bool_and(list_transform({arms}, a -> a IN (${ARMS.map((a) => `'${a}'`).join(', ')})))`,
      reason: `every arm must be one of ${ARMS.join(', ')}`,
    },
    {
      column: 'control_share',
      sql: '{control_share} >= 0 AND {control_share} < 1',
      reason: 'must be in [0, 1)',
    },
    positive('window_days'),
  ],
  campaign_exposures: [
    oneOf('arm', ARMS),
    {
      column: 'assignment_probability',
      sql: '{assignment_probability} > 0 AND {assignment_probability} <= 1',
      reason: 'must be a probability in (0, 1]',
    },
  ],
  email_events: [oneOf('event_type', ['delivered', 'opened', 'clicked'])],
};

/** No online shop sold before this: an earlier date is a placeholder (`0001-01-01`, `1900-01-01`, the epoch). */
export const EARLIEST_SHOP_DATE = '1995-01-01';
const DAY_MS = 86_400_000;
/** Columns that may lie ahead of the import: a product's launch may be scheduled (up to a year). */
const FUTURE_DAYS: Record<string, number> = { 'products.launched_at': 366 };
const SKIP_WAY_OUT = 'leave such rows out with --on-error skip --rejects FILE';

/**
 * Decided: every date the tables hold is an event of an online shop (a customer's creation, an
 * order, a session, a send …), so one before 1995 or more than a day after the import (a year for a
 * product's launch) is a placeholder or a mistyped year (`0001-01-01`, `1900-01-01`,
 * `1970-01-01T00:00:00Z`, `9999-12-31`), not history: a row error, said as such. `now` is the
 * import's own clock; the bounds enter SQL as literals made here, never from user text.
 */
export function plausibleDateRules(table: ImportableTable, timestampColumns: string[], now: Date): RowRule[] {
  return timestampColumns.map((column) => {
    const days = FUTURE_DAYS[`${table}.${column}`] ?? 1;
    const latest = new Date(now.getTime() + days * DAY_MS).toISOString().slice(0, 19).replace('T', ' ');
    const today = now.toISOString().slice(0, 10);
    return {
      column,
      sql: `{${column}} >= TIMESTAMP '${EARLIEST_SHOP_DATE}' AND {${column}} <= TIMESTAMP '${latest}'`,
      reason:
        `a placeholder date? must be from ${EARLIEST_SHOP_DATE} (no online shop sold earlier) to ` +
        `${days === 1 ? 'a day' : `${days} days`} after this import (${today}); ${SKIP_WAY_OUT}`,
      showValue: true,
    };
  });
}
