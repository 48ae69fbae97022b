import { InvalidInput } from '../../core/errors.ts';
import { note } from '../../core/progress.ts';
import { hashString } from '../../core/rng.ts';
import { datasetAsOf } from '../../features/as-of.ts';
import { type FeatureFrame, pointInTimeFeatures } from '../../features/point-in-time.ts';
import type { DuckDbStore } from '../../store/duckdb-store.ts';
import type { Store } from '../../store/store.ts';
import { auc, expectedCalibrationError, percentileRanks, spearman } from '../evaluate/score-quality.ts';
import { applyBinning, fitBinning } from '../trees/binning.ts';
import { fitGbdt, predictGbdt } from '../trees/gbdt.ts';
import { frameToRawColumns } from './exposure-data.ts';

/**
 * The derived scores of the profile (DESIGN.md §4), each from a model of its own or from the uplift
 * engine, each validated on a time split (features as of an earlier cut, labels from what happened
 * after it) and reported:
 * - clv_score: boosted regression of revenue in the next 90 days, as a percentile (Spearman, top-decile capture);
 * - churn_probability_score: boosted classifier of "no order and no visit in the next 30 days" (AUC, ECE);
 * - content_engagement_score: boosted classifier of a content interaction in the next 30 days (AUC, ECE);
 * - discount / free-shipping sensitivity and social-proof affinity: percentiles of the uplift model's
 *   predicted uplift for that trigger (rank correlation against the simulator's truth when present);
 * - exclusivity_seeker_flag: at least 2 items and 30% of items bought tagged vip, limited_edition or new_collection;
 * - predicted_next_purchase_category: recency-weighted purchases and views by category (top-1 accuracy).
 * Training uses the window [as_of - 180 d, as_of - 90 d], validation [as_of - 90 d, as_of]; the
 * scores are computed as of as_of with the models trained on the earlier window.
 */
export interface DerivedScoresResult {
  model_version: string;
  customers: number;
  quality: Record<string, Record<string, number | string | null>>;
  seconds: number;
}

const DAY = 86_400_000;

interface Window {
  frame: FeatureFrame;
  revenue90: Float64Array;
  churn30: Float64Array;
  content30: Float64Array;
}

async function windowAt(store: Store, cut: string, maxCustomers: number): Promise<Window> {
  const sample = 'ORDER BY hash(customer_id) LIMIT $2';
  const frame = await pointInTimeFeatures(store, {
    sql: `SELECT customer_id AS key, customer_id, $1::TIMESTAMP AS as_of FROM customers
          WHERE creation_date < $1::TIMESTAMP ${sample}`,
    params: [cut, Math.floor(maxCustomers)],
  });
  const labels = await store.query<{ key: string; revenue: number; churned: number; content: number }>(
    `WITH c AS (SELECT customer_id FROM customers WHERE creation_date < $1::TIMESTAMP ${sample})
     SELECT c.customer_id AS key,
       coalesce((SELECT sum(o.total) FROM orders o WHERE o.customer_id = c.customer_id AND o.status <> 'returned'
                   AND o.ordered_at > $1::TIMESTAMP AND o.ordered_at <= $1::TIMESTAMP + INTERVAL '90 days'), 0) AS revenue,
       CASE WHEN EXISTS (SELECT 1 FROM orders o WHERE o.customer_id = c.customer_id
                           AND o.ordered_at > $1::TIMESTAMP AND o.ordered_at <= $1::TIMESTAMP + INTERVAL '30 days')
              OR EXISTS (SELECT 1 FROM sessions s WHERE s.customer_id = c.customer_id
                           AND s.started_at > $1::TIMESTAMP AND s.started_at <= $1::TIMESTAMP + INTERVAL '30 days')
            THEN 0 ELSE 1 END AS churned,
       CASE WHEN EXISTS (SELECT 1 FROM content_interactions ci WHERE ci.customer_id = c.customer_id
                           AND ci.interacted_at > $1::TIMESTAMP AND ci.interacted_at <= $1::TIMESTAMP + INTERVAL '30 days')
            THEN 1 ELSE 0 END AS content
     FROM c ORDER BY key`,
    [cut, Math.floor(maxCustomers)],
  );
  if (labels.length !== frame.rowCount) throw new Error('internal: labels and features differ in rows');
  return {
    frame,
    revenue90: Float64Array.from(labels, (l) => Number(l.revenue)),
    churn30: Float64Array.from(labels, (l) => Number(l.churned)),
    content30: Float64Array.from(labels, (l) => Number(l.content)),
  };
}

const iso = (ms: number) => new Date(ms).toISOString();

export async function trainDerivedScores(
  store: DuckDbStore,
  options: { seed: number; maxCustomers?: number } = { seed: 1 },
): Promise<DerivedScoresResult> {
  const started = Date.now();
  const asOf = await datasetAsOf(store);
  if (!asOf)
    throw new InvalidInput('the store holds no data: run `aether generate` or `aether import` first');
  const asOfMs = Date.parse(asOf.endsWith('Z') ? asOf : `${asOf}Z`);
  const maxCustomers = options.maxCustomers ?? 200_000;
  note('derived scores: building the training and validation windows');
  const train = await windowAt(store, iso(asOfMs - 180 * DAY), maxCustomers);
  const valid = await windowAt(store, iso(asOfMs - 90 * DAY), maxCustomers);
  const rawTrain = frameToRawColumns(train.frame);
  const binning = fitBinning(rawTrain);
  const Xtrain = applyBinning(binning, rawTrain);
  const Xvalid = applyBinning(binning, frameToRawColumns(valid.frame));
  const gbdt = {
    nEstimators: 150,
    learningRate: 0.08,
    maxLeaves: 31,
    minDataInLeaf: 100,
    seed: options.seed,
  };
  const clvModel = fitGbdt(Xtrain, train.revenue90, { ...gbdt, objective: 'regression' });
  const churnModel = fitGbdt(Xtrain, train.churn30, { ...gbdt, objective: 'binary' });
  const contentModel = fitGbdt(Xtrain, train.content30, { ...gbdt, objective: 'binary' });

  const quality: DerivedScoresResult['quality'] = {};
  const clvValid = predictGbdt(clvModel, Xvalid);
  quality.clv_score = {
    target: 'revenue in the next 90 days',
    validation_rows: valid.frame.rowCount,
    spearman: spearman(clvValid, valid.revenue90),
    top_decile_revenue_share: topShare(clvValid, valid.revenue90, 0.1),
  };
  const churnValid = predictGbdt(churnModel, Xvalid);
  quality.churn_probability_score = {
    target: 'no order and no visit in the next 30 days',
    validation_rows: valid.frame.rowCount,
    base_rate: mean(valid.churn30),
    auc: auc(churnValid, valid.churn30),
    ece: expectedCalibrationError(churnValid, valid.churn30),
  };
  const contentValid = predictGbdt(contentModel, Xvalid);
  quality.content_engagement_score = {
    target: 'a content interaction in the next 30 days',
    validation_rows: valid.frame.rowCount,
    base_rate: mean(valid.content30),
    auc: auc(contentValid, valid.content30),
    ece: expectedCalibrationError(contentValid, valid.content30),
  };

  note('derived scores: scoring every customer as of the data set');
  const now = await pointInTimeFeatures(store, {
    sql: 'SELECT customer_id AS key, customer_id, $1::TIMESTAMP AS as_of FROM customers',
    params: [asOf],
  });
  const Xnow = applyBinning(binning, frameToRawColumns(now));
  const clv = percentileRanks(predictGbdt(clvModel, Xnow));
  const churn = predictGbdt(churnModel, Xnow);
  const content = predictGbdt(contentModel, Xnow);

  const version = `ds_${new Date()
    .toISOString()
    .replace(/[-:TZ.]/g, '')
    .slice(0, 14)}_${hashString(`${asOf}:${options.seed}`).toString(16).slice(0, 6)}`;
  const staging = `staging_derived_${process.pid}_${Date.now()}`;
  await store.run(
    `CREATE TABLE ${staging} (customer_id VARCHAR, clv_score DOUBLE, churn_probability_score DOUBLE, content_engagement_score DOUBLE)`,
  );
  try {
    const appender = await store.connection.createAppender(staging);
    for (let i = 0; i < now.rowCount; i++) {
      appender.appendVarchar(now.customerIds[i]);
      appender.appendDouble(clv[i]);
      appender.appendDouble(churn[i]);
      appender.appendDouble(content[i]);
      appender.endRow();
    }
    appender.flushSync();
    appender.closeSync();
    const upliftVersion = await store.query<{ v: string }>(
      "SELECT model_version AS v FROM model_versions WHERE kind = 'uplift' AND is_active",
    );
    const uv = upliftVersion[0]?.v ?? null;
    if (!uv)
      note('derived scores: no uplift model yet, so the sensitivity scores stay null until `aether train`');
    await store.transaction(async (tx) => {
      await tx.run(
        `INSERT INTO model_versions (model_version, created_at, kind, goal, learner, data_fingerprint, metrics, artifact, is_active)
         VALUES ($1, now(), 'derived_scores', NULL, 'gbdt', $2, $3, '{}', FALSE)`,
        [version, asOf, JSON.stringify({ quality })],
      );
      await tx.run(
        `INSERT INTO customer_derived_scores
         WITH s AS (SELECT * FROM ${staging}),
         u AS (SELECT customer_id,
                 percent_rank() OVER (ORDER BY uplift_score_for_discount) AS d,
                 percent_rank() OVER (ORDER BY uplift_score_for_free_shipping) AS fs,
                 percent_rank() OVER (ORDER BY uplift_score_for_social_proof) AS sp
               FROM customer_scores WHERE model_version = $2),
         items AS (SELECT o.customer_id, count(*) AS n_items,
                     count(*) FILTER (WHERE list_has_any(p.tags, ['vip', 'limited_edition', 'new_collection'])) AS n_exclusive
                   FROM order_items i JOIN orders o ON o.order_id = i.order_id JOIN products p ON p.product_id = i.product_id
                   WHERE o.ordered_at <= $3::TIMESTAMP GROUP BY o.customer_id),
         cat AS (${nextCategorySql('$3')})
         SELECT $1, s.customer_id, s.clv_score, s.churn_probability_score, u.d, u.fs, u.sp, s.content_engagement_score,
                coalesce(items.n_exclusive >= 2 AND items.n_exclusive >= 0.3 * items.n_items, FALSE), cat.category
         FROM s LEFT JOIN u ON u.customer_id = s.customer_id LEFT JOIN items ON items.customer_id = s.customer_id
         LEFT JOIN cat ON cat.customer_id = s.customer_id`,
        [version, uv, asOf],
      );
      await tx.run(
        "UPDATE model_versions SET is_active = (model_version = $1) WHERE kind = 'derived_scores'",
        [version],
      );
    });
  } finally {
    await store.run(`DROP TABLE IF EXISTS ${staging}`);
  }
  Object.assign(quality, await qualityAgainstData(store, version, asOfMs));
  await store.run('UPDATE model_versions SET metrics = $2 WHERE model_version = $1', [
    version,
    JSON.stringify({ quality }),
  ]);
  return { model_version: version, customers: now.rowCount, quality, seconds: (Date.now() - started) / 1000 };
}

/**
 * Checks of the scores that need the data or the simulator's truth: the next-category rule applied
 * 90 days before as_of against the first category bought after that cut, beside the baseline of
 * always guessing the most popular category; the
 * exclusivity flag and the sensitivities against the simulator's truth.
 */
async function qualityAgainstData(
  store: Store,
  version: string,
  asOfMs: number,
): Promise<DerivedScoresResult['quality']> {
  const out: DerivedScoresResult['quality'] = {};
  const cut = iso(asOfMs - 90 * DAY);
  const [nextCat] = await store.query<{ n: number; hits: number; popular_hits: number }>(
    `WITH cat AS (${nextCategorySql('$1')}),
     actual AS (SELECT o.customer_id, arg_min(p.category, o.ordered_at) AS category
       FROM orders o JOIN order_items i ON i.order_id = o.order_id JOIN products p ON p.product_id = i.product_id
       WHERE o.ordered_at > $1::TIMESTAMP GROUP BY o.customer_id),
     popular AS (SELECT p.category FROM orders o JOIN order_items i ON i.order_id = o.order_id
       JOIN products p ON p.product_id = i.product_id WHERE o.ordered_at <= $1::TIMESTAMP
       GROUP BY p.category ORDER BY count(*) DESC LIMIT 1)
     SELECT count(*) AS n, count(*) FILTER (WHERE cat.category = actual.category) AS hits,
            count(*) FILTER (WHERE actual.category = (SELECT category FROM popular)) AS popular_hits
     FROM actual JOIN cat ON cat.customer_id = actual.customer_id`,
    [cut],
  );
  out.predicted_next_purchase_category = {
    target: 'first category bought in the next 90 days',
    validation_rows: nextCat.n,
    top1_accuracy: nextCat.n ? nextCat.hits / nextCat.n : null,
    most_popular_category_accuracy: nextCat.n ? nextCat.popular_hits / nextCat.n : null,
  };
  const hasTruth = await store.query<{ n: number }>(
    "SELECT count(*) AS n FROM information_schema.tables WHERE table_schema = 'truth' AND table_name = 'customer_uplift'",
  );
  if (hasTruth[0].n) {
    const rows = await store.query<Record<string, number | boolean | null>>(
      `SELECT d.discount_sensitivity_score AS ds, d.free_shipping_sensitivity_score AS fs, d.social_proof_affinity AS sp,
              d.exclusivity_seeker_flag AS ex, t.uplift_score_for_discount AS td, t.uplift_score_for_free_shipping AS tfs,
              t.uplift_score_for_social_proof AS tsp, CAST(json_extract(tr.traits, '$.statusSeeking') AS DOUBLE) AS status
       FROM customer_derived_scores d JOIN truth.customer_uplift t ON t.customer_id = d.customer_id
       JOIN truth.customer_traits tr ON tr.customer_id = d.customer_id WHERE d.model_version = $1`,
      [version],
    );
    const col = (k: string) => Float64Array.from(rows, (r) => (r[k] === null ? Number.NaN : Number(r[k])));
    const ok = (a: Float64Array) => !a.some((v) => Number.isNaN(v));
    const ds = col('ds');
    if (ok(ds)) {
      out.discount_sensitivity_score = { spearman_vs_true_uplift: spearman(ds, col('td')) };
      out.free_shipping_sensitivity_score = { spearman_vs_true_uplift: spearman(col('fs'), col('tfs')) };
      out.social_proof_affinity = { spearman_vs_true_uplift: spearman(col('sp'), col('tsp')) };
    }
    const ex = Float64Array.from(rows, (r) => (r.ex ? 1 : 0));
    out.exclusivity_seeker_flag = {
      flagged_share: mean(ex),
      auc_vs_true_status_seeking_top_quartile: auc(ex, topQuartile(col('status'))),
    };
  }
  return out;
}

function topQuartile(v: Float64Array): Float64Array {
  const sorted = Float64Array.from(v).sort();
  const q = sorted[Math.floor(sorted.length * 0.75)];
  return Float64Array.from(v, (x) => (x >= q ? 1 : 0));
}

function mean(a: Float64Array): number {
  let s = 0;
  for (const v of a) s += v;
  return a.length ? s / a.length : Number.NaN;
}

/** Share of the actual total captured by the top `share` of rows by score. */
function topShare(score: Float64Array, actual: Float64Array, share: number): number {
  const order = Array.from(score.keys()).sort((a, b) => score[b] - score[a]);
  const k = Math.max(1, Math.floor(order.length * share));
  let top = 0;
  let total = 0;
  for (let i = 0; i < order.length; i++) {
    total += actual[order[i]];
    if (i < k) top += actual[order[i]];
  }
  return total > 0 ? top / total : Number.NaN;
}

/**
 * The next-category rule as of the timestamp parameter `at` ($n): recency-weighted purchases (90-day
 * decay) and, at 0.3, product views (30-day decay) by category; the heaviest category wins. One
 * definition for the scores and for their validation, so the two cannot drift apart.
 */
function nextCategorySql(at: '$1' | '$3'): string {
  return `SELECT customer_id, arg_max(category, w) AS category FROM (
    SELECT customer_id, category, sum(w) AS w FROM (
      SELECT o.customer_id, p.category, exp(-date_diff('day', o.ordered_at, ${at}::TIMESTAMP) / 90.0) AS w
      FROM order_items i JOIN orders o ON o.order_id = i.order_id JOIN products p ON p.product_id = i.product_id
      WHERE o.ordered_at <= ${at}::TIMESTAMP
      UNION ALL
      SELECT v.customer_id, p.category, 0.3 * exp(-date_diff('day', v.viewed_at, ${at}::TIMESTAMP) / 30.0)
      FROM page_views v JOIN products p ON p.product_id = v.product_id
      WHERE v.page_type = 'product' AND v.viewed_at <= ${at}::TIMESTAMP
    ) GROUP BY customer_id, category) GROUP BY customer_id`;
}
