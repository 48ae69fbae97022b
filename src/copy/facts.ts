import type { CopyFacts } from '../contracts/copy.ts';
import { type CostConfig, DEFAULT_COST_CONFIG } from '../contracts/trigger-costs.ts';
import type { TriggerId } from '../contracts/triggers.ts';
import { type Cohort, CohortQuery, dataAsOf, EVERYONE } from '../explain/cohort.ts';
import type { Store } from '../store/store.ts';

/** The product, collection or category a brief names (from its criteria's event `where`, or its words). */
export interface ProductRef {
  tag?: string;
  category?: string;
  product_id?: string;
  /** Free text ("Limited Edition"): matched against tags, then categories, then product names. */
  text?: string;
}

export interface GatherFactsInput {
  trigger: TriggerId;
  cohort?: Cohort;
  product?: ProductRef | null;
  discountPercent?: number | null;
  shippingVariant?: string | null;
  deadline?: string | null;
  costConfig?: CostConfig;
  /** A product is low in stock at or below this many units (default 50). */
  lowStockUnits?: number;
}

export const DEFAULT_LOW_STOCK_UNITS = 50;

const MONTHS = [
  'January',
  'February',
  'March',
  'April',
  'May',
  'June',
  'July',
  'August',
  'September',
  'October',
  'November',
  'December',
];

function titleCase(s: string): string {
  return s
    .replace(/[_-]+/g, ' ')
    .trim()
    .split(/\s+/)
    .map((w) => w.charAt(0).toUpperCase() + w.slice(1).toLowerCase())
    .join(' ');
}

function tagOf(s: string): string {
  return s
    .trim()
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '_')
    .replace(/^_|_$/g, '');
}

interface MatchedProducts {
  name: string;
  kind: 'product' | 'collection' | 'category';
  ids: string[];
  stock: (number | null)[];
}

function tagPredicate(store: Store, placeholder: string): string {
  return store.dialect === 'postgres' ? `${placeholder} = ANY(tags)` : `list_contains(tags, ${placeholder})`;
}

/** Finds the catalogue products a reference names; null when nothing in the catalogue matches. */
export async function findProducts(store: Store, ref: ProductRef): Promise<MatchedProducts | null> {
  const conds: string[] = [];
  const params: string[] = [];
  const bind = (v: string) => {
    params.push(v);
    return `$${params.length}`;
  };
  let name = '';
  let kind: MatchedProducts['kind'] = 'collection';
  if (ref.product_id) {
    conds.push(`product_id = ${bind(ref.product_id)}`);
    kind = 'product';
  }
  if (ref.tag) {
    conds.push(tagPredicate(store, bind(tagOf(ref.tag))));
    name = titleCase(ref.tag);
  }
  if (ref.category) {
    conds.push(`lower(category) = ${bind(ref.category.toLowerCase())}`);
    name = name ? `${name} ${titleCase(ref.category)}` : titleCase(ref.category);
    if (!ref.tag) kind = 'category';
  } else if (ref.tag) {
    // A tag alone names a collection: "Limited Edition pieces" reads as a thing one can buy.
    name = `${name} pieces`;
  }
  const load = async (where: string, p: string[]) =>
    store.query<{ product_id: string; name: string; stock_level: number | null }>(
      `SELECT product_id, name, stock_level FROM products WHERE ${where} ORDER BY product_id`,
      p,
    );
  let rows = conds.length ? await load(conds.join(' AND '), params) : [];
  if (!rows.length && ref.tag && ref.category && !ref.product_id) {
    // The brief's words may name a category the catalogue calls otherwise ("sneakers" for shoes):
    // the collection alone is still what the brief is about.
    const byTag = await findProducts(store, { tag: ref.tag });
    if (byTag) return byTag;
    return findProducts(store, { category: ref.category });
  }
  if (!conds.length && ref.text) {
    const text = ref.text.trim();
    const attempts: [string, string[], MatchedProducts['kind'], string][] = [
      [tagPredicate(store, '$1'), [tagOf(text)], 'collection', `${titleCase(text)} pieces`],
      ['lower(category) = $1', [text.toLowerCase()], 'category', titleCase(text)],
      ["lower(name) LIKE '%' || $1 || '%'", [text.toLowerCase()], 'product', text],
    ];
    for (const [where, p, k, n] of attempts) {
      rows = await load(where, p);
      if (rows.length) {
        kind = k;
        name = n;
        break;
      }
    }
  }
  if (!rows.length) return null;
  if (kind === 'product' && rows.length === 1) name = rows[0]!.name;
  return { name, kind, ids: rows.map((r) => r.product_id), stock: rows.map((r) => r.stock_level) };
}

/**
 * Stock across the matched products: low only when every product with a recorded level is at or
 * below the threshold (so "running low" is true of each), high when any is above it, unknown when
 * none has a level. Units: what is left of a single product.
 */
export function stockStatus(levels: readonly (number | null)[], threshold: number): CopyFacts['stock'] {
  const known = levels.filter((x): x is number => x !== null);
  if (known.length === 0) return { status: 'unknown', units: null, threshold };
  const status = known.every((x) => x <= threshold) ? 'low' : 'high';
  // A count is stated only for one product: "only 2,227 left" of a whole collection is true and
  // still misleading, so a collection's low stock is said without a number.
  return { status, units: levels.length === 1 ? (known[0] ?? null) : null, threshold };
}

/**
 * The facts a message may state, computed from the data: the product and its stock, a real count of
 * buyers in the last complete calendar month, the segment's most likely next category, and the offer.
 */
export async function gatherCopyFacts(store: Store, input: GatherFactsInput): Promise<CopyFacts> {
  const cohort = input.cohort ?? EVERYONE;
  const config = input.costConfig ?? DEFAULT_COST_CONFIG;
  const threshold = input.lowStockUnits ?? DEFAULT_LOW_STOCK_UNITS;
  const matched = input.product ? await findProducts(store, input.product) : null;

  // Social proof: distinct buyers in the last complete calendar month before as_of.
  const asOf = await dataAsOf(store);
  const monthStart = new Date(Date.UTC(asOf.getUTCFullYear(), asOf.getUTCMonth() - 1, 1));
  const monthEnd = new Date(Date.UTC(asOf.getUTCFullYear(), asOf.getUTCMonth(), 1));
  const month = `${MONTHS[monthStart.getUTCMonth()]} ${monthStart.getUTCFullYear()}`;
  let buyers: number;
  if (matched) {
    const ids = matched.ids;
    const rows = await store.query<{ n: number }>(
      `SELECT count(DISTINCT o.customer_id) AS n FROM orders o JOIN order_items i ON i.order_id = o.order_id
       WHERE o.ordered_at >= $1 AND o.ordered_at < $2 AND o.status <> 'returned'
         AND i.product_id IN (${ids.map((_, k) => `$${k + 3}`).join(', ')})`,
      [monthStart, monthEnd, ...ids],
    );
    buyers = Number(rows[0]?.n ?? 0);
  } else {
    const rows = await store.query<{ n: number }>(
      `SELECT count(DISTINCT customer_id) AS n FROM orders WHERE ordered_at >= $1 AND ordered_at < $2 AND status <> 'returned'`,
      [monthStart, monthEnd],
    );
    buyers = Number(rows[0]?.n ?? 0);
  }

  return {
    product: matched ? { name: matched.name, kind: matched.kind, product_count: matched.ids.length } : null,
    next_category: await nextCategory(store, cohort, asOf),
    social_proof: buyers > 0 ? { count: buyers, month, subject: matched ? matched.name : 'from us' } : null,
    stock: matched ? stockStatus(matched.stock, threshold) : { status: 'unknown', units: null, threshold },
    offer: {
      discount_percent:
        input.trigger === 'discount'
          ? (input.discountPercent ?? Math.round(config.triggers.discount.order_value_share * 100))
          : null,
      free_shipping: input.trigger === 'free_shipping',
      shipping_variant: input.trigger === 'free_shipping' ? (input.shippingVariant ?? null) : null,
      reward_percent:
        input.trigger === 'loyalty_reward'
          ? Math.round(config.triggers.loyalty_reward.order_value_share * 100)
          : null,
      deadline: input.deadline ? deadlineAsWritten(input.deadline) : null,
    },
    currency: config.currency,
  };
}

/**
 * The cohort's most likely next category: the most common `predicted_next_purchase_category` of
 * the latest derived-score model; before any model, the category the cohort bought most in the
 * 90 days before as_of.
 */
export async function nextCategory(
  store: Store,
  cohort: Cohort,
  asOf: Date,
): Promise<CopyFacts['next_category']> {
  const q = new CohortQuery(cohort);
  const predicted = await store.query<{ category: string; n: number; total: number }>(
    `${q.with}, latest AS (
       SELECT d.model_version FROM customer_derived_scores d JOIN model_versions m ON m.model_version = d.model_version
       GROUP BY d.model_version, m.created_at ORDER BY m.created_at DESC LIMIT 1)
     SELECT d.predicted_next_purchase_category AS category, count(*) AS n,
            (SELECT count(*) FROM cohort) AS total
     FROM customer_derived_scores d JOIN cohort c ON c.customer_id = d.customer_id
     WHERE d.model_version = (SELECT model_version FROM latest) AND d.predicted_next_purchase_category IS NOT NULL
     GROUP BY 1 ORDER BY n DESC, category LIMIT 1`,
    q.params,
  );
  if (predicted[0] && Number(predicted[0].total) > 0) {
    return { name: predicted[0].category, share: Number(predicted[0].n) / Number(predicted[0].total) };
  }
  const q2 = new CohortQuery(cohort);
  const since = q2.bind(new Date(asOf.getTime() - 90 * 86_400_000));
  const until = q2.bind(asOf);
  const bought = await store.query<{ category: string; n: number; total: number }>(
    `${q2.with}
     SELECT p.category AS category, count(DISTINCT o.customer_id) AS n, (SELECT count(*) FROM cohort) AS total
     FROM orders o JOIN cohort c ON c.customer_id = o.customer_id
     JOIN order_items i ON i.order_id = o.order_id JOIN products p ON p.product_id = i.product_id
     WHERE o.ordered_at >= ${since} AND o.ordered_at <= ${until}
     GROUP BY 1 ORDER BY n DESC, category LIMIT 1`,
    q2.params,
  );
  if (bought[0] && Number(bought[0].total) > 0) {
    return { name: bought[0].category, share: Number(bought[0].n) / Number(bought[0].total) };
  }
  return null;
}

const PROPER_NAMES =
  /\b(monday|tuesday|wednesday|thursday|friday|saturday|sunday|january|february|march|april|may|june|july|august|september|october|november|december|christmas|easter|black friday|cyber monday)\b/gi;

/**
 * A deadline as a customer reads it: the interpreter hands it over lower-cased ("sunday"), and
 * "ends sunday" in a message looks like a typo. Day, month and holiday names get their capitals.
 */
export function deadlineAsWritten(deadline: string): string {
  return deadline.replace(PROPER_NAMES, (w) => w.replace(/\b\w/g, (c) => c.toUpperCase()));
}
