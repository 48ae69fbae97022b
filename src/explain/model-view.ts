import { storedFeatureImportance } from '../causal/pipeline/feature-importance.ts';
import type { ModelView } from '../contracts/explain.ts';
import { type Arm, TRIGGER_IDS, upliftField } from '../contracts/triggers.ts';
import { activeScoreModel } from '../segments/snapshot.ts';
import type { Store } from '../store/store.ts';
import { type Cohort, CohortQuery } from './cohort.ts';

const Z95 = 1.959963984540054;

/**
 * Importances per store and model version, read once: a version's metrics are written when it is
 * trained and never change.
 */
const importanceCache = new WeakMap<Store, Map<string, ModelView['feature_importance']>>();
const IMPORTANCE_CACHE_SIZE = 16;

/**
 * The feature importances training stored in the version's metrics; a version trained before
 * they were computed may carry them in its artifact instead (read once per version: the artifact
 * is the whole model, megabytes of JSON).
 */
async function importances(store: Store, modelVersion: string): Promise<ModelView['feature_importance']> {
  let cache = importanceCache.get(store);
  if (!cache) {
    cache = new Map();
    importanceCache.set(store, cache);
  }
  if (cache.has(modelVersion)) return cache.get(modelVersion) ?? null;
  const [fromMetrics] = await store.query<{ fi: unknown }>(
    "SELECT metrics->'feature_importance' AS fi FROM model_versions WHERE model_version = $1",
    [modelVersion],
  );
  let list = storedFeatureImportance(fromMetrics?.fi);
  if (!list) {
    const [fromArtifact] = await store.query<{ fi: unknown }>(
      "SELECT artifact->'feature_importance' AS fi FROM model_versions WHERE model_version = $1",
      [modelVersion],
    );
    list = storedFeatureImportance(fromArtifact?.fi);
  }
  const out = list ? list.slice(0, 15) : null;
  if (cache.size >= IMPORTANCE_CACHE_SIZE) cache.clear();
  cache.set(modelVersion, out);
  return out;
}

/**
 * The trained model's view of a cohort: the mean stored uplift per trigger in points, with a 95%
 * interval of that mean over the cohort's customers (how precisely the cohort's average is known
 * from its members' scores, not the model's own uncertainty), and the recommended-trigger mix.
 */
export async function modelView(store: Store, cohort: Cohort): Promise<ModelView | null> {
  // The version whose scores the profiles and the planner read (src/segments/snapshot.ts).
  const modelVersion = await activeScoreModel(store);
  if (!modelVersion) return null;
  const q = new CohortQuery(cohort);
  const mv = q.bind(modelVersion);
  const cols = TRIGGER_IDS.map(
    (t) =>
      `avg(s.${upliftField(t)}) AS m_${t}, stddev_samp(s.${upliftField(t)}) AS sd_${t}, count(s.${upliftField(t)}) AS n_${t}`,
  ).join(', ');
  const rows = await store.query<Record<string, number | null>>(
    `${q.with} SELECT count(*) AS scored, avg(s.baseline_conversion_probability) AS baseline, ${cols} FROM customer_scores s JOIN cohort k ON k.customer_id = s.customer_id WHERE s.model_version = ${mv}`,
    q.params,
  );
  const r = rows[0];
  const scored = Number(r?.scored ?? 0);
  if (!r || scored === 0) return null;
  const mix = await store.query<{ arm: Arm; count: number }>(
    `${q.with} SELECT coalesce(s.recommended_trigger, 'control') AS arm, count(*) AS count
     FROM customer_scores s JOIN cohort k ON k.customer_id = s.customer_id WHERE s.model_version = ${mv}
     GROUP BY 1 ORDER BY 2 DESC, 1`,
    q.params,
  );
  return {
    model_version: modelVersion,
    scored_n: scored,
    baseline_rate: r.baseline === null || r.baseline === undefined ? null : Number(r.baseline),
    uplift: TRIGGER_IDS.filter((t) => r[`m_${t}`] !== null).map((t) => {
      const m = 100 * Number(r[`m_${t}`]);
      const n = Number(r[`n_${t}`]);
      const half = n > 1 ? (Z95 * 100 * Number(r[`sd_${t}`] ?? 0)) / Math.sqrt(n) : 0;
      return { trigger: t, mean_points: m, ci: { low: m - half, high: m + half } };
    }),
    recommended_mix: mix.map((x) => ({ arm: x.arm, count: Number(x.count) })),
    feature_importance: await importances(store, modelVersion),
  };
}
