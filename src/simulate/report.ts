import { TRIGGER_IDS, type TriggerId } from '../contracts/triggers.ts';
import type { Store } from '../store/store.ts';
import { heldOutR2 } from './explained-variance.ts';

/**
 * `aether data report`: the data set's realism figures next to the published industry bands the
 * simulator is held to, and the figures that say how hard (and honest) its causal problem is.
 * Everything is computed from the stored tables (and, for causal difficulty, the truth tables),
 * never from the generator's own bookkeeping.
 */
export interface Band {
  min: number;
  max: number;
}

/** The default bands of issue 3; tests hold the default data set to every one of them. */
export const REALISM_BANDS = {
  average_order_value: { min: 70, max: 150 },
  repeat_purchase_rate: { min: 0.25, max: 0.45 },
  return_rate: { min: 0.15, max: 0.3 },
  cart_abandonment_rate: { min: 0.65, max: 0.8 },
  email_open_rate: { min: 0.2, max: 0.45 },
  email_click_rate: { min: 0.01, max: 0.04 },
  top_quintile_revenue_share: { min: 0.5, max: 0.75 },
  q4_revenue_share: { min: 0.3, max: 0.4 },
} as const satisfies Record<string, Band>;

export const CAUSAL_BANDS = {
  control_conversion: { min: 0.01, max: 0.08 },
  average_effect_pp: { min: -0.5, max: 3 },
  helped_best_differs_share: { min: 0.4, max: 1 },
  do_not_disturb_share: { min: 0.1, max: 1 },
  uplift_r2_observable: { min: 0, max: 0.6 },
} as const satisfies Record<string, Band>;

export interface CausalDifficulty {
  /** Population: customers opted in to email, uplift as of as_of over the truth window. */
  population: string;
  /**
   * Per campaign: the observed share of control customers who ordered within the window, and the
   * true mean probability of it (truth.exposure_probabilities), free of sampling noise.
   */
  control_conversion_by_campaign: {
    campaign_id: string;
    control_conversion: number;
    control_n: number;
    true_control_probability: number;
  }[];
  control_conversion_range: { min: number; max: number; mean: number };
  /** The same range over the true mean control probability of each campaign's audience. */
  true_control_probability_range: { min: number; max: number; mean: number };
  /** Mean true uplift (p_t − p_control) in percentage points, per trigger. */
  average_effect_pp: Record<TriggerId, number>;
  /** The same, over the reserved all-trigger campaign's exposures (true probabilities at send time). */
  reserved_campaign_average_effect_pp: Record<TriggerId, number>;
  population_best_trigger: TriggerId;
  helped_share: number;
  helped_best_differs_share: number;
  do_not_disturb_share: number;
  best_trigger_mix: Record<string, number>;
  uplift_r2_observable: {
    method: string;
    sample: number;
    per_trigger: Record<TriggerId, number>;
    mean: number;
    max: number;
  };
}

export interface DataReport {
  db: string;
  as_of: string | null;
  seed: string | null;
  source: string | null;
  customers: number;
  orders: number;
  average_order_value: number;
  median_order_value: number;
  order_value_skewness: number;
  repeat_purchase_rate: number;
  return_rate: number;
  cart_abandonment_rate: number;
  email_open_rate: number;
  email_click_rate: number;
  top_quintile_revenue_share: number;
  q4_revenue_share: number;
  q4_year: number;
  campaigns: number;
  reserved_campaign: string | null;
  acquisition_source_mix: Record<string, number>;
  churned_share: number;
  bands: Record<string, Band>;
  causal_difficulty: CausalDifficulty;
}

const num = (v: unknown): number => (v === null || v === undefined ? 0 : Number(v));
const r4 = (x: number) => Math.round(x * 1e4) / 1e4;

export async function buildDataReport(
  store: Store,
  options: { r2Sample?: number } = {},
): Promise<DataReport> {
  const meta = Object.fromEntries(
    (await store.query<{ key: string; value: string }>('SELECT key, value FROM meta')).map((r) => [
      r.key,
      r.value,
    ]),
  );
  const asOf = meta.as_of ?? null;
  const asOfParam = asOf ?? new Date().toISOString();
  const one = async (sql: string, params: (string | number)[] = []) =>
    (await store.query(sql, params))[0] ?? {};

  const c = await one('SELECT count(*) AS n FROM customers');
  const o = await one(
    'SELECT count(*) AS n, avg(total) AS aov, median(total) AS med, skewness(total) AS skew FROM orders',
  );
  const repeat = await one(
    `SELECT avg(CASE WHEN n >= 2 THEN 1 ELSE 0 END) AS r FROM (SELECT customer_id, count(*) AS n FROM orders GROUP BY 1)`,
  );
  const ret = await one(`SELECT avg(CASE WHEN status <> 'completed' THEN 1 ELSE 0 END) AS r FROM orders`);
  const cart = await one(`SELECT avg(CASE WHEN status = 'abandoned' THEN 1 ELSE 0 END) AS r FROM carts`);
  const email = await one(
    `SELECT count(*) FILTER (WHERE event_type = 'delivered') AS d,
            count(*) FILTER (WHERE event_type = 'opened') AS o,
            count(*) FILTER (WHERE event_type = 'clicked') AS k FROM email_events`,
  );
  const quint = await one(
    `WITH rev AS (SELECT c.customer_id, coalesce(sum(o.total), 0) AS r FROM customers c
                  LEFT JOIN orders o USING (customer_id) GROUP BY 1),
          ranked AS (SELECT r, ntile(5) OVER (ORDER BY r DESC, customer_id) AS q FROM rev)
     SELECT sum(r) FILTER (WHERE q = 1) / nullif(sum(r), 0) AS s FROM ranked`,
  );
  // The last full calendar year before as_of.
  const q4Year = new Date(asOfParam).getUTCFullYear() - 1;
  const q4 = await one(
    `SELECT sum(total) FILTER (WHERE month(ordered_at) >= 10) / nullif(sum(total), 0) AS s
     FROM orders WHERE year(ordered_at) = $1`,
    [q4Year],
  );
  const campaigns = await one(
    `SELECT count(*) AS n, max(campaign_id) FILTER (WHERE reserved_for_evaluation) AS reserved FROM campaigns`,
  );
  const mix = await store.query<{ s: string; share: number }>(
    `SELECT acquisition_source AS s, count(*) / sum(count(*)) OVER () AS share FROM customers GROUP BY 1 ORDER BY 2 DESC`,
  );
  // Churned: a customer for at least 180 days who has neither visited nor bought in the last 180.
  const churn = await one(
    `WITH last_seen AS (SELECT customer_id, max(started_at) AS t FROM sessions GROUP BY 1)
     SELECT avg(CASE WHEN l.t IS NULL OR l.t < $1::TIMESTAMP - INTERVAL 180 DAY THEN 1 ELSE 0 END) AS s
     FROM customers c LEFT JOIN last_seen l USING (customer_id)
     WHERE c.creation_date < $1::TIMESTAMP - INTERVAL 180 DAY`,
    [asOfParam],
  );
  return {
    db: store.location,
    as_of: asOf,
    seed: meta.seed ?? null,
    source: meta.source ?? null,
    customers: num(c.n),
    orders: num(o.n),
    average_order_value: Math.round(num(o.aov) * 100) / 100,
    median_order_value: Math.round(num(o.med) * 100) / 100,
    order_value_skewness: r4(num(o.skew)),
    repeat_purchase_rate: r4(num(repeat.r)),
    return_rate: r4(num(ret.r)),
    cart_abandonment_rate: r4(num(cart.r)),
    email_open_rate: r4(num(email.o) / Math.max(1, num(email.d))),
    email_click_rate: r4(num(email.k) / Math.max(1, num(email.d))),
    top_quintile_revenue_share: r4(num(quint.s)),
    q4_revenue_share: r4(num(q4.s)),
    q4_year: q4Year,
    campaigns: num(campaigns.n),
    reserved_campaign: (campaigns.reserved as string | null) ?? null,
    acquisition_source_mix: Object.fromEntries(mix.map((m) => [m.s, r4(num(m.share))])),
    churned_share: r4(num(churn.s)),
    bands: { ...REALISM_BANDS, ...CAUSAL_BANDS },
    causal_difficulty: await causalDifficulty(store, asOfParam, options.r2Sample ?? 20_000),
  };
}

async function causalDifficulty(store: Store, asOf: string, r2Sample: number): Promise<CausalDifficulty> {
  const control = await store.query<{ campaign_id: string; n: number; conv: number; p: number }>(
    `SELECT e.campaign_id, count(*) AS n,
            (SELECT avg(t.p_control) FROM truth.exposure_probabilities t WHERE t.campaign_id = e.campaign_id) AS p,
            avg(CASE WHEN EXISTS (SELECT 1 FROM orders o WHERE o.customer_id = e.customer_id
                 AND o.ordered_at >= e.sent_at AND o.ordered_at < e.sent_at + to_days(c.window_days)) THEN 1 ELSE 0 END) AS conv
     FROM campaign_exposures e JOIN campaigns c USING (campaign_id)
     WHERE e.arm = 'control' GROUP BY 1 ORDER BY 1`,
  );
  const rates = control.map((r) => num(r.conv));
  const trueRates = control.map((r) => num(r.p));
  const range = (xs: number[]) => ({
    min: r4(Math.min(...xs)),
    max: r4(Math.max(...xs)),
    mean: r4(xs.reduce((a, b) => a + b, 0) / Math.max(1, xs.length)),
  });
  const upliftCols = TRIGGER_IDS.map((t) => `uplift_score_for_${t}`);
  const avg = await store.query(
    `SELECT ${upliftCols.map((c, k) => `avg(u.${c}) AS a${k}`).join(', ')}
     FROM truth.customer_uplift u JOIN customers c USING (customer_id) WHERE c.email_opt_in`,
  );
  const average_effect_pp = Object.fromEntries(
    TRIGGER_IDS.map((t, k) => [t, r4(100 * num(avg[0]?.[`a${k}`]))]),
  ) as Record<TriggerId, number>;
  const reserved = await store.query(
    `SELECT ${TRIGGER_IDS.map((t, k) => `avg(p.p_${t} - p.p_control) AS a${k}`).join(', ')}
     FROM truth.exposure_probabilities p JOIN campaigns c USING (campaign_id) WHERE c.reserved_for_evaluation`,
  );
  const reserved_campaign_average_effect_pp = Object.fromEntries(
    TRIGGER_IDS.map((t, k) => [t, r4(100 * num(reserved[0]?.[`a${k}`]))]),
  ) as Record<TriggerId, number>;
  const best = TRIGGER_IDS.reduce(
    (b, t) => (average_effect_pp[t] > average_effect_pp[b] ? t : b),
    TRIGGER_IDS[0],
  );
  // Per customer: the best trigger and whether every trigger harms.
  const greatest = `greatest(${upliftCols.map((c) => `u.${c}`).join(', ')})`;
  const argmax = `CASE ${upliftCols.map((c, k) => `WHEN u.${c} = ${greatest} THEN '${TRIGGER_IDS[k]}'`).join(' ')} END`;
  const per = await store.query<{ best: string; helped: boolean; harmed: boolean; n: number }>(
    `SELECT ${argmax} AS best, ${greatest} > 0 AS helped, ${greatest} < 0 AS harmed, count(*) AS n
     FROM truth.customer_uplift u JOIN customers c USING (customer_id) WHERE c.email_opt_in GROUP BY 1, 2, 3`,
  );
  let total = 0;
  let helped = 0;
  let helpedOther = 0;
  let harmed = 0;
  const mix: Record<string, number> = {};
  for (const r of per) {
    const n = num(r.n);
    total += n;
    if (r.harmed) harmed += n;
    if (r.helped) {
      helped += n;
      if (r.best !== best) helpedOther += n;
      mix[r.best] = (mix[r.best] ?? 0) + n;
    }
  }
  for (const k of Object.keys(mix)) mix[k] = r4(mix[k]! / Math.max(1, helped));
  return {
    population: 'customers opted in to email; uplift = p_trigger − p_control within 14 days after as_of',
    control_conversion_by_campaign: control.map((r) => ({
      campaign_id: r.campaign_id,
      control_conversion: r4(num(r.conv)),
      control_n: num(r.n),
      true_control_probability: r4(num(r.p)),
    })),
    control_conversion_range: range(rates),
    true_control_probability_range: range(trueRates),
    average_effect_pp,
    reserved_campaign_average_effect_pp,
    population_best_trigger: best,
    helped_share: r4(helped / Math.max(1, total)),
    helped_best_differs_share: r4(helpedOther / Math.max(1, helped)),
    do_not_disturb_share: r4(harmed / Math.max(1, total)),
    best_trigger_mix: mix,
    uplift_r2_observable: await upliftR2(store, asOf, r2Sample),
  };
}

/**
 * Observable profile features as of as_of, from the event tables only (what any model could
 * see): recency, frequency, value, browsing, content, wishlist, reviews, returns, discount use,
 * abandoned carts and their step/reason, exclusive purchases, email response, acquisition source.
 */
export const OBSERVABLE_FEATURES_SQL = `
WITH s AS (SELECT customer_id FROM customers WHERE email_opt_in ORDER BY hash(customer_id), customer_id LIMIT $2),
ord AS (SELECT o.customer_id, count(*) AS n, sum(total) AS rev, avg(total) AS aov,
          count(*) FILTER (WHERE ordered_at >= $1::TIMESTAMP - INTERVAL 365 DAY) AS n365,
          date_diff('day', max(ordered_at), $1::TIMESTAMP) AS recency,
          avg(CASE WHEN discount_amount > 0 THEN 1 ELSE 0 END) AS disc,
          avg(CASE WHEN status <> 'completed' THEN 1 ELSE 0 END) AS ret,
          avg(CASE WHEN subtotal >= 75 THEN 1 ELSE 0 END) AS over_threshold
        FROM orders o JOIN s USING (customer_id) GROUP BY 1),
excl AS (SELECT o.customer_id, avg(CASE WHEN list_contains(p.tags, 'limited_edition') OR list_contains(p.tags, 'vip') THEN 1 ELSE 0 END) AS x
         FROM orders o JOIN s USING (customer_id) JOIN order_items i USING (order_id) JOIN products p USING (product_id) GROUP BY 1),
ses AS (SELECT x.customer_id, count(*) AS n, avg(duration_seconds) AS dur,
          count(*) FILTER (WHERE started_at >= $1::TIMESTAMP - INTERVAL 90 DAY) AS n90,
          count(*) FILTER (WHERE started_at >= $1::TIMESTAMP - INTERVAL 30 DAY) AS n30
        FROM sessions x JOIN s USING (customer_id) GROUP BY 1),
pv AS (SELECT v.customer_id, count(*) FILTER (WHERE page_type = 'product') AS prod,
          count(*) FILTER (WHERE page_type = 'bestsellers') AS best,
          count(*) FILTER (WHERE page_type = 'trending') AS trending,
          count(*) FILTER (WHERE page_type = 'content') AS content
       FROM page_views v JOIN s USING (customer_id) GROUP BY 1),
wl AS (SELECT w.customer_id, count(*) AS n FROM wishlist_items w JOIN s USING (customer_id) GROUP BY 1),
rv AS (SELECT r.customer_id, count(*) AS n FROM reviews r JOIN s USING (customer_id) GROUP BY 1),
ab AS (SELECT k.customer_id, count(*) AS n,
          count(*) FILTER (WHERE abandon_step = 'shipping') AS ship,
          count(*) FILTER (WHERE abandon_reason = 'price') AS price,
          date_diff('hour', max(abandoned_at), $1::TIMESTAMP) / 24.0 AS age,
          arg_max(abandon_reason, abandoned_at) AS last_reason,
          arg_max(abandon_step, abandoned_at) AS last_step
       FROM carts k JOIN s USING (customer_id) WHERE status = 'abandoned' GROUP BY 1),
em AS (SELECT e.customer_id, count(*) FILTER (WHERE event_type = 'delivered') AS d,
          count(*) FILTER (WHERE event_type = 'opened') AS o, count(*) FILTER (WHERE event_type = 'clicked') AS k,
          count(*) FILTER (WHERE event_type = 'delivered' AND occurred_at >= $1::TIMESTAMP - INTERVAL 60 DAY) AS d60
       FROM email_events e JOIN s USING (customer_id) GROUP BY 1)
SELECT s.customer_id,
  date_diff('day', c.creation_date, $1::TIMESTAMP) AS tenure,
  coalesce(ord.n, 0) AS orders, coalesce(ord.n365, 0) AS orders365, coalesce(ord.rev, 0) AS revenue,
  coalesce(ord.aov, 0) AS aov, coalesce(least(ord.recency, 800), 800) AS recency,
  coalesce(ord.disc, 0) AS discount_share, coalesce(ord.ret, 0) AS return_share,
  coalesce(ord.over_threshold, 0) AS over_threshold, coalesce(excl.x, 0) AS exclusive_share,
  coalesce(ses.n, 0) AS sessions, coalesce(ses.dur, 0) AS duration, coalesce(ses.n90, 0) AS sessions90,
  coalesce(ses.n30, 0) AS sessions30,
  coalesce(pv.prod, 0) AS product_views, coalesce(pv.best, 0) / greatest(coalesce(ses.n, 0), 1) AS bestseller_rate,
  coalesce(pv.trending, 0) / greatest(coalesce(ses.n, 0), 1) AS trending_rate,
  coalesce(pv.content, 0) / greatest(coalesce(ses.n, 0), 1) AS content_rate,
  coalesce(wl.n, 0) AS wishlist, coalesce(rv.n, 0) AS reviews,
  coalesce(ab.n, 0) AS abandons, coalesce(ab.ship, 0) / greatest(coalesce(ab.n, 0), 1) AS ship_abandon_share,
  coalesce(ab.price, 0) / greatest(coalesce(ab.n, 0), 1) AS price_abandon_share,
  CASE WHEN ab.age <= 30 AND (ord.recency IS NULL OR ord.recency * 1.0 > ab.age) THEN 1 ELSE 0 END AS open_cart,
  CASE WHEN ab.age <= 14 AND ab.last_reason IN ('browsing', 'distraction') AND (ord.recency IS NULL OR ord.recency * 1.0 > ab.age) THEN 1 ELSE 0 END AS open_cart_browsing,
  CASE WHEN ab.age <= 30 AND ab.last_step = 'shipping' AND (ord.recency IS NULL OR ord.recency * 1.0 > ab.age) THEN 1 ELSE 0 END AS open_cart_shipping,
  coalesce(em.o, 0) / greatest(coalesce(em.d, 0), 1) AS open_rate,
  coalesce(em.k, 0) / greatest(coalesce(em.d, 0), 1) AS click_rate,
  coalesce(em.d, 0) AS delivered, coalesce(em.d60, 0) AS delivered60,
  CASE WHEN c.acquisition_source = 'affiliate' THEN 1 ELSE 0 END AS src_affiliate,
  CASE WHEN c.acquisition_source IN ('paid_social', 'influencer') THEN 1 ELSE 0 END AS src_social,
  CASE WHEN c.acquisition_source = 'referral' THEN 1 ELSE 0 END AS src_referral,
  ${TRIGGER_IDS.map((t) => `u.uplift_score_for_${t}`).join(', ')}
FROM s JOIN customers c USING (customer_id) JOIN truth.customer_uplift u USING (customer_id)
LEFT JOIN ord USING (customer_id) LEFT JOIN excl USING (customer_id) LEFT JOIN ses USING (customer_id)
LEFT JOIN pv USING (customer_id) LEFT JOIN wl USING (customer_id) LEFT JOIN rv USING (customer_id)
LEFT JOIN ab USING (customer_id) LEFT JOIN em USING (customer_id)
ORDER BY s.customer_id`;

/** Activity features (proxies of the baseline purchase probability) that every feature is multiplied by. */
const ANCHOR_FEATURES = ['orders365', 'sessions30', 'recency', 'open_cart'];

async function upliftR2(
  store: Store,
  asOf: string,
  sample: number,
): Promise<CausalDifficulty['uplift_r2_observable']> {
  const rows = await store.query(OBSERVABLE_FEATURES_SQL, [asOf, sample]);
  const targetCols = new Set(TRIGGER_IDS.map((t) => `uplift_score_for_${t}`));
  const featureCols = rows.length
    ? Object.keys(rows[0]!).filter((k) => k !== 'customer_id' && !targetCols.has(k))
    : [];
  const features = featureCols.map((f) => Float64Array.from(rows, (r) => num(r[f])));
  const anchors = ANCHOR_FEATURES.map((f) => featureCols.indexOf(f)).filter((i) => i >= 0);
  const per_trigger = {} as Record<TriggerId, number>;
  for (const t of TRIGGER_IDS) {
    const y = Float64Array.from(rows, (r) => num(r[`uplift_score_for_${t}`]));
    per_trigger[t] = rows.length > 50 ? r4(heldOutR2(features, y, { anchors })) : 0;
  }
  const values = Object.values(per_trigger);
  return {
    method:
      `ridge regression of each trigger's true uplift on ${featureCols.length} observable features as of as_of ` +
      `(log1p, standardised), their squares and their products with ${ANCHOR_FEATURES.join(', ')}; R² on a held-out half`,
    sample: rows.length,
    per_trigger,
    mean: r4(values.reduce((a, b) => a + b, 0) / Math.max(1, values.length)),
    max: r4(Math.max(0, ...values)),
  };
}
