import { TRIGGER_IDS } from '../contracts/triggers.ts';
import { ORDER_MARGIN_COLUMNS } from './ground-truth.ts';

/**
 * The files the generator writes, one per table, and how each loads into DuckDB. Workers write
 * plain CSV lines (timestamps as epoch seconds, lists joined with '|'); one INSERT … SELECT per
 * table converts and loads the file with DuckDB's parallel CSV reader, which is much faster than
 * appending row by row from JavaScript (see docs/benchmarks.md).
 */
export interface TableSpec {
  /** Key of the buffer and file name. */
  key: string;
  /** Target table (schema-qualified for truth). */
  table: string;
  /** CSV columns and their DuckDB types, in line order. */
  columns: [string, string][];
  /** Target columns and the SELECT expression that fills each, over the CSV columns. */
  select: [string, string][];
  /**
   * 'tsv': tab-separated and never quoted, for lines whose last field is JSON: JSON.stringify
   * escapes tabs and newlines, so the text goes in as is instead of having every quote doubled.
   */
  format?: 'tsv';
}

const ts = (c: string): string => `make_timestamp(${c} * 1000000)`;
const same = (cols: [string, string][]): [string, string][] => cols.map(([c]) => [c, c]);

const exposureProbabilityColumns: [string, string][] = [
  ['campaign_id', 'VARCHAR'],
  ['customer_id', 'VARCHAR'],
  ['p_control', 'DOUBLE'],
  ...TRIGGER_IDS.map((t): [string, string] => [`p_${t}`, 'DOUBLE']),
  ...ORDER_MARGIN_COLUMNS.map((c): [string, string] => [c, 'DOUBLE']),
];
const upliftColumns: [string, string][] = [
  ['customer_id', 'VARCHAR'],
  ['baseline_conversion_probability', 'DOUBLE'],
  ...TRIGGER_IDS.map((t): [string, string] => [`uplift_score_for_${t}`, 'DOUBLE']),
  ['expected_order_value', 'DOUBLE'],
  ...ORDER_MARGIN_COLUMNS.map((c): [string, string] => [c, 'DOUBLE']),
];

const SPECS: TableSpec[] = [
  {
    key: 'products',
    table: 'products',
    columns: [
      ['product_id', 'VARCHAR'],
      ['name', 'VARCHAR'],
      ['category', 'VARCHAR'],
      ['price', 'DOUBLE'],
      ['cost', 'DOUBLE'],
      ['stock_level', 'INTEGER'],
      ['tags', 'VARCHAR'],
      ['launched', 'BIGINT'],
    ],
    select: [
      ['product_id', 'product_id'],
      ['name', 'name'],
      ['category', 'category'],
      ['price', 'price'],
      ['cost', 'cost'],
      ['stock_level', 'stock_level'],
      ['tags', "CASE WHEN tags IS NULL OR tags = '' THEN []::VARCHAR[] ELSE string_split(tags, '|') END"],
      ['launched_at', ts('launched')],
    ],
  },
  {
    key: 'content_items',
    table: 'content_items',
    columns: [
      ['content_id', 'VARCHAR'],
      ['title', 'VARCHAR'],
      ['kind', 'VARCHAR'],
      ['category', 'VARCHAR'],
    ],
    select: [],
  },
  {
    key: 'campaigns',
    table: 'campaigns',
    columns: [
      ['campaign_id', 'VARCHAR'],
      ['name', 'VARCHAR'],
      ['goal', 'VARCHAR'],
      ['channel', 'VARCHAR'],
      ['started', 'BIGINT'],
      ['window_days', 'INTEGER'],
      ['arms', 'VARCHAR'],
      ['control_share', 'DOUBLE'],
      ['audience', 'VARCHAR'],
      ['reserved_for_evaluation', 'BOOLEAN'],
    ],
    select: [
      ['campaign_id', 'campaign_id'],
      ['name', 'name'],
      ['goal', 'goal'],
      ['channel', 'channel'],
      ['started_at', ts('started')],
      ['window_days', 'window_days'],
      ['arms', "string_split(arms, '|')"],
      ['control_share', 'control_share'],
      ['audience', 'audience'],
      ['reserved_for_evaluation', 'reserved_for_evaluation'],
    ],
  },
  {
    key: 'customers',
    table: 'customers',
    columns: [
      ['customer_id', 'VARCHAR'],
      ['first_name', 'VARCHAR'],
      ['email_address', 'VARCHAR'],
      ['location_city', 'VARCHAR'],
      ['location_country', 'VARCHAR'],
      ['acquisition_source', 'VARCHAR'],
      ['created', 'BIGINT'],
      ['email_opt_in', 'BOOLEAN'],
      ['sms_opt_in', 'BOOLEAN'],
    ],
    select: [
      ['customer_id', 'customer_id'],
      ['first_name', 'first_name'],
      ['email_address', 'email_address'],
      ['location_city', 'location_city'],
      ['location_country', 'location_country'],
      ['acquisition_source', 'acquisition_source'],
      ['creation_date', ts('created')],
      ['email_opt_in', 'email_opt_in'],
      ['sms_opt_in', 'sms_opt_in'],
    ],
  },
  {
    key: 'orders',
    table: 'orders',
    columns: [
      ['order_id', 'VARCHAR'],
      ['customer_id', 'VARCHAR'],
      ['ordered', 'BIGINT'],
      ['subtotal', 'DOUBLE'],
      ['discount_amount', 'DOUBLE'],
      ['shipping_fee', 'DOUBLE'],
      ['total', 'DOUBLE'],
      ['campaign_id', 'VARCHAR'],
      ['status', 'VARCHAR'],
    ],
    select: [
      ['order_id', 'order_id'],
      ['customer_id', 'customer_id'],
      ['ordered_at', ts('ordered')],
      ['subtotal', 'subtotal'],
      ['discount_amount', 'discount_amount'],
      ['shipping_fee', 'shipping_fee'],
      ['total', 'total'],
      ['campaign_id', 'campaign_id'],
      ['status', 'status'],
    ],
  },
  {
    key: 'order_items',
    table: 'order_items',
    columns: [
      ['order_id', 'VARCHAR'],
      ['line_no', 'INTEGER'],
      ['product_id', 'VARCHAR'],
      ['quantity', 'INTEGER'],
      ['unit_price', 'DOUBLE'],
      ['returned', 'BOOLEAN'],
    ],
    select: [],
  },
  {
    key: 'sessions',
    table: 'sessions',
    columns: [
      ['session_id', 'VARCHAR'],
      ['customer_id', 'VARCHAR'],
      ['started', 'BIGINT'],
      ['duration_seconds', 'INTEGER'],
      ['device', 'VARCHAR'],
      ['traffic_source', 'VARCHAR'],
    ],
    select: [
      ['session_id', 'session_id'],
      ['customer_id', 'customer_id'],
      ['started_at', ts('started')],
      ['duration_seconds', 'duration_seconds'],
      ['device', 'device'],
      ['traffic_source', 'traffic_source'],
    ],
  },
  {
    key: 'page_views',
    table: 'page_views',
    columns: [
      ['session_id', 'VARCHAR'],
      ['customer_id', 'VARCHAR'],
      ['viewed', 'BIGINT'],
      ['page_type', 'VARCHAR'],
      ['product_id', 'VARCHAR'],
      ['content_id', 'VARCHAR'],
    ],
    select: [
      ['session_id', 'session_id'],
      ['customer_id', 'customer_id'],
      ['viewed_at', ts('viewed')],
      ['page_type', 'page_type'],
      ['product_id', 'product_id'],
      ['content_id', 'content_id'],
    ],
  },
  {
    key: 'carts',
    table: 'carts',
    columns: [
      ['cart_id', 'VARCHAR'],
      ['customer_id', 'VARCHAR'],
      ['created', 'BIGINT'],
      ['status', 'VARCHAR'],
      ['value', 'DOUBLE'],
      ['abandoned', 'BIGINT'],
      ['abandon_step', 'VARCHAR'],
      ['abandon_reason', 'VARCHAR'],
      ['order_id', 'VARCHAR'],
    ],
    select: [
      ['cart_id', 'cart_id'],
      ['customer_id', 'customer_id'],
      ['created_at', ts('created')],
      ['status', 'status'],
      ['value', 'value'],
      ['abandoned_at', ts('abandoned')],
      ['abandon_step', 'abandon_step'],
      ['abandon_reason', 'abandon_reason'],
      ['order_id', 'order_id'],
    ],
  },
  {
    key: 'cart_items',
    table: 'cart_items',
    columns: [
      ['cart_id', 'VARCHAR'],
      ['product_id', 'VARCHAR'],
      ['quantity', 'INTEGER'],
      ['unit_price', 'DOUBLE'],
    ],
    select: [],
  },
  {
    key: 'wishlist_items',
    table: 'wishlist_items',
    columns: [
      ['customer_id', 'VARCHAR'],
      ['product_id', 'VARCHAR'],
      ['added', 'BIGINT'],
      ['removed', 'BIGINT'],
    ],
    select: [
      ['customer_id', 'customer_id'],
      ['product_id', 'product_id'],
      ['added_at', ts('added')],
      ['removed_at', ts('removed')],
    ],
  },
  {
    key: 'reviews',
    table: 'reviews',
    columns: [
      ['review_id', 'VARCHAR'],
      ['customer_id', 'VARCHAR'],
      ['product_id', 'VARCHAR'],
      ['rating', 'INTEGER'],
      ['written', 'BIGINT'],
    ],
    select: [
      ['review_id', 'review_id'],
      ['customer_id', 'customer_id'],
      ['product_id', 'product_id'],
      ['rating', 'rating'],
      ['written_at', ts('written')],
    ],
  },
  {
    key: 'content_interactions',
    table: 'content_interactions',
    columns: [
      ['customer_id', 'VARCHAR'],
      ['content_id', 'VARCHAR'],
      ['interacted', 'BIGINT'],
      ['kind', 'VARCHAR'],
    ],
    select: [
      ['customer_id', 'customer_id'],
      ['content_id', 'content_id'],
      ['interacted_at', ts('interacted')],
      ['kind', 'kind'],
    ],
  },
  {
    key: 'campaign_exposures',
    table: 'campaign_exposures',
    columns: [
      ['campaign_id', 'VARCHAR'],
      ['customer_id', 'VARCHAR'],
      ['arm', 'VARCHAR'],
      ['assignment_probability', 'DOUBLE'],
      ['sent', 'BIGINT'],
    ],
    select: [
      ['campaign_id', 'campaign_id'],
      ['customer_id', 'customer_id'],
      ['arm', 'arm'],
      ['assignment_probability', 'assignment_probability'],
      ['sent_at', ts('sent')],
    ],
  },
  {
    key: 'email_events',
    table: 'email_events',
    columns: [
      ['campaign_id', 'VARCHAR'],
      ['customer_id', 'VARCHAR'],
      ['event_type', 'VARCHAR'],
      ['occurred', 'BIGINT'],
    ],
    select: [
      ['campaign_id', 'campaign_id'],
      ['customer_id', 'customer_id'],
      ['event_type', 'event_type'],
      ['occurred_at', ts('occurred')],
    ],
  },
  {
    key: 'truth_traits',
    table: 'truth.customer_traits',
    columns: [
      ['customer_id', 'VARCHAR'],
      ['persona', 'VARCHAR'],
      ['traits', 'VARCHAR'],
    ],
    select: [
      ['customer_id', 'customer_id'],
      ['persona', 'persona'],
      ['traits', 'traits::JSON'],
    ],
    format: 'tsv',
  },
  { key: 'truth_uplift', table: 'truth.customer_uplift', columns: upliftColumns, select: [] },
  {
    key: 'truth_exposures',
    table: 'truth.exposure_probabilities',
    columns: exposureProbabilityColumns,
    select: [],
  },
];
export const TABLE_SPECS: readonly TableSpec[] = SPECS.map((s) => ({
  ...s,
  select: s.select.length ? s.select : same(s.columns),
}));

export const TABLE_KEYS: readonly string[] = TABLE_SPECS.map((s) => s.key);

/** The file one writer appends a table's lines of one part to. */
export function partFile(key: string, part: number, writer: string): string {
  return `${key}.p${part}.${writer}.csv`;
}

/** Every writer's file of one table and part. */
export function partGlob(key: string, part: number): string {
  return `${key}.p${part}.*.csv`;
}

/** SQL that loads one CSV file (or glob) into its table. The path is a literal: DuckDB cannot bind a file name. */
export function loadSql(spec: TableSpec, path: string): string {
  const cols = spec.columns.map(([c, t]) => `'${c}': '${t}'`).join(', ');
  const target = spec.select.map(([c]) => c).join(', ');
  const exprs = spec.select.map(([, e]) => e).join(', ');
  const file = path.replaceAll("'", "''");
  const dialect =
    spec.format === 'tsv'
      ? `delim = '\t', quote = '', escape = ''`
      : `delim = ',', quote = '"', escape = '"'`;
  return (
    `INSERT INTO ${spec.table} (${target}) SELECT ${exprs} FROM read_csv('${file}', header = false, ` +
    `columns = {${cols}}, ${dialect}, nullstr = '', auto_detect = false)`
  );
}

/** Quotes a free-text CSV field (names, titles, JSON). */
export function csvText(text: string): string {
  return `"${text.replaceAll('"', '""')}"`;
}
