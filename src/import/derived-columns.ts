import type { Store } from '../store/store.ts';
import { convertSql } from './convert.ts';
import { quoteIdent, type StagedFile, tempName } from './stage-file.ts';
import type { ImportableTable } from './table-specs.ts';

/**
 * A required column that shop exports do not have, filled from the file or from what the store
 * already holds. Each is named on stderr and in the result; where it comes from the store and the
 * store has nothing, the row is refused with `missing` as the reason (instead of "missing value").
 */
export interface DerivedColumn {
  column: string;
  /** Where the values come from, for the note and the result. */
  from: string;
  /** The reason a row gets when no value could be derived. */
  missing: string;
  /** The columns it is derived from: a row missing one of them has that error, not this one. */
  needs: string[];
}

interface Rule {
  column: string;
  /** File (or mapped) columns the rule reads; it applies only when they are all present. */
  needs: string[];
  /** Other columns the expression may read when present. */
  reads?: string[];
  from: string;
  missing: string;
  /** The value as SQL over `s` (the staged rows, text) given which columns are present; VARCHAR or castable. */
  sql: (present: ReadonlySet<string>) => string;
}

const col = (name: string) => `s.${quoteIdent(name)}`;
const num = (name: string) => convertSql(col(name), 'DOUBLE');
/** The data set's end when nothing says otherwise: the simulator's as_of, else the latest event stored. */
const LATEST_EVENT = `coalesce((SELECT CAST(value AS TIMESTAMP) FROM meta WHERE key = 'as_of'),
  greatest((SELECT max(ordered_at) FROM orders), (SELECT max(started_at) FROM sessions), (SELECT max(viewed_at) FROM page_views)))`;
/** The sum of an order's lines already stored, without the float noise of the products (11.100000000000001). */
const linesSum = (order: string) =>
  `(SELECT round(sum(i.quantity * i.unit_price), 6) FROM order_items i WHERE i.order_id = ${col(order)})`;

/** The campaign's exposures already stored: what an e-mail tool's campaign list lacks is in its send log. */
const campaignExposures = (aggregate: string) =>
  `(SELECT ${aggregate} FROM campaign_exposures e WHERE e.campaign_id = trim(${col('campaign_id')}))`;
const IMPORT_EXPOSURES_FIRST =
  "no campaign_exposures of this campaign imported yet: import the send log as campaign_exposures first (the campaign's arms, control share and send time are read from it)";

/**
 * The rules, by table. Shop exports lack these columns: UCI Online Retail and Shopify order lines
 * have no line number, Olist's items one row per unit (no quantity), UCI, Olist and Shopify
 * customers no sign-up date, UCI orders no total, Olist products no name and no price.
 */
const RULES: Partial<Record<ImportableTable, Rule[]>> = {
  order_items: [
    {
      column: 'line_no',
      needs: ['order_id'],
      from: "the row's place among its order's rows in the file (1, 2, …)",
      missing: 'no line number',
      sql: () => `row_number() OVER (PARTITION BY trim(${col('order_id')}) ORDER BY s.__row)`,
    },
    {
      column: 'quantity',
      needs: [],
      from: '1 (each row is one unit, as in Olist order_items)',
      missing: 'no quantity',
      sql: () => `'1'`,
    },
  ],
  customers: [
    {
      column: 'creation_date',
      needs: ['customer_id'],
      from: "the customer's first order, session or page view already imported (import those first); for a customer with none (a subscriber who never ordered), the latest event time in the store, so their tenure starts at the end of the data",
      missing:
        'no creation_date in the file and nothing imported yet to date it from (no orders, sessions or page views): import orders first, or map a sign-up date column with --map creation_date=COLUMN',
      sql: () =>
        `coalesce(least((SELECT min(o.ordered_at) FROM orders o WHERE o.customer_id = ${col('customer_id')}),
               (SELECT min(x.started_at) FROM sessions x WHERE x.customer_id = ${col('customer_id')}),
               (SELECT min(v.viewed_at) FROM page_views v WHERE v.customer_id = ${col('customer_id')})),
          ${LATEST_EVENT})`,
    },
  ],
  orders: [
    {
      column: 'subtotal',
      needs: ['order_id'],
      from: 'the sum of quantity × unit_price of its order_items already imported (import order_items first)',
      missing:
        'no subtotal in the file and no order_items of this order imported to add up: import order_items first, or map the amount with --map subtotal=COLUMN (an order whose lines were all refused, e.g. a cancellation, has none)',
      sql: () => linesSum('order_id'),
    },
    {
      column: 'total',
      needs: ['order_id'],
      reads: ['subtotal', 'discount_amount', 'shipping_fee'],
      from: 'subtotal − discount_amount + shipping_fee',
      missing:
        'no total in the file and no subtotal to compute it from: import order_items first, or map the amount with --map total=COLUMN (an order whose lines were all refused, e.g. a cancellation, has none)',
      sql: (present) =>
        `${present.has('subtotal') ? num('subtotal') : linesSum('order_id')}` +
        (present.has('discount_amount') ? ` - coalesce(${num('discount_amount')}, 0)` : '') +
        (present.has('shipping_fee') ? ` + coalesce(${num('shipping_fee')}, 0)` : ''),
    },
  ],
  campaign_exposures: [
    {
      column: 'assignment_probability',
      needs: ['campaign_id', 'arm'],
      from: "the arm's share of its campaign's rows in the file (a send split at random at fixed shares; a send whose shares varied by customer needs the column)",
      missing: 'no assignment_probability and no campaign_id or arm to compute it from',
      // Spaces around a value are not part of it (the check below trims too).
      sql: () =>
        `CAST(count(*) OVER (PARTITION BY trim(${col('campaign_id')}), trim(${col('arm')})) AS DOUBLE)
           / count(*) OVER (PARTITION BY trim(${col('campaign_id')}))`,
    },
  ],
  campaigns: [
    {
      column: 'name',
      needs: ['campaign_id'],
      from: 'the campaign_id (the file names no campaign)',
      missing: 'no name',
      sql: () => col('campaign_id'),
    },
    {
      column: 'started_at',
      needs: ['campaign_id'],
      from: 'the first sent_at of its campaign_exposures already imported (import those first)',
      missing: IMPORT_EXPOSURES_FIRST,
      sql: () => campaignExposures('min(e.sent_at)'),
    },
    {
      column: 'arms',
      needs: ['campaign_id'],
      from: 'the arms of its campaign_exposures already imported (import those first)',
      missing: IMPORT_EXPOSURES_FIRST,
      sql: () => campaignExposures('CASE WHEN count(*) > 0 THEN list(DISTINCT e.arm ORDER BY e.arm) END'),
    },
    {
      column: 'control_share',
      needs: ['campaign_id'],
      from: 'the share of its campaign_exposures already imported in the control arm (import those first)',
      missing: IMPORT_EXPOSURES_FIRST,
      sql: () => campaignExposures("avg(CASE WHEN e.arm = 'control' THEN 1.0 ELSE 0.0 END)"),
    },
  ],
  products: [
    {
      column: 'name',
      needs: ['product_id'],
      from: 'the product_id (the file names no product)',
      missing: 'no name',
      sql: () => col('product_id'),
    },
    {
      column: 'price',
      needs: ['product_id'],
      from: 'the mean unit_price of its order_items already imported (import order_items first)',
      missing:
        'no price in the file and no order_items of this product imported yet to take it from: import order_items first, or map a price column with --map price=COLUMN',
      sql: () => `(SELECT avg(i.unit_price) FROM order_items i WHERE i.product_id = ${col('product_id')})`,
    },
  ],
};

/**
 * Adds the derivable required columns a file lacks, as text columns of a new staged table (the old
 * one is dropped). Runs inside no transaction: it only reads the store.
 */
export async function deriveColumns(
  store: Store,
  staged: StagedFile,
  table: ImportableTable,
): Promise<{ staged: StagedFile; derived: DerivedColumn[] }> {
  const present = new Set(staged.columns);
  const added: { rule: Rule; sql: string }[] = [];
  for (const rule of RULES[table] ?? []) {
    if (present.has(rule.column) || !rule.needs.every((c) => present.has(c))) continue;
    added.push({ rule, sql: rule.sql(present) });
  }
  if (added.length === 0) return { staged, derived: [] };
  const derivedTable = tempName('import_derived');
  await store.run(
    `CREATE TEMP TABLE ${derivedTable} AS SELECT s.*, ${added
      .map(({ rule, sql }) => `CAST(${sql} AS VARCHAR) AS ${quoteIdent(rule.column)}`)
      .join(', ')} FROM ${staged.table} s ORDER BY s.__row`,
  );
  await store.run(`DROP TABLE IF EXISTS ${staged.table}`);
  return {
    staged: {
      ...staged,
      table: derivedTable,
      columns: [...staged.columns, ...added.map((a) => a.rule.column)],
    },
    derived: added.map(({ rule }) => ({
      column: rule.column,
      from: rule.from,
      missing: rule.missing,
      needs: rule.needs,
    })),
  };
}
