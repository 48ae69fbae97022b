import type { ModelView } from '../contracts/explain.ts';
import { type Arm, TRIGGER_IDS, upliftField } from '../contracts/triggers.ts';
import type { Store } from '../store/store.ts';
import { type Cohort, CohortQuery } from './cohort.ts';

const Z95 = 1.959963984540054;

/** The active uplift model's version, or null before any model has been trained. */
export async function activeUpliftModel(
  store: Store,
): Promise<{ model_version: string; artifact: unknown } | null> {
  const rows = await store.query<{ model_version: string; artifact: unknown }>(
    `SELECT model_version, artifact FROM model_versions WHERE is_active AND kind = 'uplift' ORDER BY created_at DESC LIMIT 1`,
  );
  return rows[0] ?? null;
}

/** Feature importances the engine stores in the model artifact, when it does. */
function importances(artifact: unknown): ModelView['feature_importance'] {
  let a = artifact;
  if (typeof a === 'string') {
    try {
      a = JSON.parse(a);
    } catch {
      return null;
    }
  }
  const raw = (a as { feature_importance?: unknown } | null)?.feature_importance;
  if (!raw) return null;
  const list = Array.isArray(raw)
    ? raw
    : Object.entries(raw as Record<string, number>).map(([feature, importance]) => ({ feature, importance }));
  const out = list
    .filter(
      (x): x is { feature: string; importance: number } =>
        typeof x?.feature === 'string' && Number.isFinite(x?.importance),
    )
    .sort((x, y) => y.importance - x.importance)
    .slice(0, 15);
  return out.length ? out : null;
}

/**
 * The trained model's view of a cohort: the mean stored uplift per trigger in points, with a 95%
 * interval of that mean over the cohort's customers (how precisely the cohort's average is known
 * from its members' scores, not the model's own uncertainty), and the recommended-trigger mix.
 */
export async function modelView(store: Store, cohort: Cohort): Promise<ModelView | null> {
  const model = await activeUpliftModel(store);
  if (!model) return null;
  const q = new CohortQuery(cohort);
  const mv = q.bind(model.model_version);
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
    model_version: model.model_version,
    scored_n: scored,
    baseline_rate: r.baseline === null || r.baseline === undefined ? null : Number(r.baseline),
    uplift: TRIGGER_IDS.filter((t) => r[`m_${t}`] !== null).map((t) => {
      const m = 100 * Number(r[`m_${t}`]);
      const n = Number(r[`n_${t}`]);
      const half = n > 1 ? (Z95 * 100 * Number(r[`sd_${t}`] ?? 0)) / Math.sqrt(n) : 0;
      return { trigger: t, mean_points: m, ci: { low: m - half, high: m + half } };
    }),
    recommended_mix: mix.map((x) => ({ arm: x.arm, count: Number(x.count) })),
    feature_importance: importances(model.artifact),
  };
}
