import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DuckDbStore } from '../../store/duckdb-store.ts';
import { openStore } from '../../store/open.ts';
import { fixtureDb } from '../../test-support/fixture-db.ts';

describe('derived profile scores', () => {
  let store: DuckDbStore;
  let cleanup: () => void;
  beforeAll(async () => {
    const f = await fixtureDb();
    cleanup = f.cleanup;
    store = await openStore(f.db);
  });
  afterAll(async () => {
    await store?.close();
    cleanup?.();
  });

  it('fills every derived field of the profile for every customer', async () => {
    const [r] = await store.query<Record<string, number>>(
      `SELECT count(*) AS n, count(clv_score) AS clv, count(churn_probability_score) AS churn,
              count(discount_sensitivity_score) AS ds, count(free_shipping_sensitivity_score) AS fs,
              count(social_proof_affinity) AS sp, count(content_engagement_score) AS ce,
              count(exclusivity_seeker_flag) AS ex, min(clv_score) AS clv_min, max(clv_score) AS clv_max,
              min(churn_probability_score) AS churn_min, max(churn_probability_score) AS churn_max
       FROM customer_profiles`,
    );
    for (const k of ['clv', 'churn', 'ds', 'fs', 'sp', 'ce', 'ex']) expect(r[k]).toBe(r.n);
    expect(r.clv_min).toBe(0);
    expect(r.clv_max).toBe(1);
    expect(r.churn_min).toBeGreaterThanOrEqual(0);
    expect(r.churn_max).toBeLessThanOrEqual(1);
  });

  it('reports validation quality on a later time window, and the models rank better than chance', async () => {
    const rows = await store.query<{ metrics: string }>(
      "SELECT metrics FROM model_versions WHERE kind = 'derived_scores' AND is_active",
    );
    const q = JSON.parse(rows[0].metrics).quality;
    expect(q.churn_probability_score.auc).toBeGreaterThan(0.6);
    expect(q.churn_probability_score.ece).toBeLessThan(0.1);
    expect(q.clv_score.spearman).toBeGreaterThan(0.1);
    expect(q.predicted_next_purchase_category.top1_accuracy).toBeGreaterThan(
      q.predicted_next_purchase_category.most_popular_category_accuracy,
    );
  });
});
