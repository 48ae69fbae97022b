import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CampaignObjective } from '../contracts/coo.ts';
import { TRIGGER_IDS } from '../contracts/triggers.ts';
import { refreshProfiles } from '../features/profile.ts';
import type { DuckDbStore } from '../store/duckdb-store.ts';
import { openStore } from '../store/open.ts';
import { fixtureDb } from '../test-support/fixture-db.ts';
import { planCampaign } from './plan.ts';
import { currentPopulation } from './population.ts';

/**
 * The planner keeps the scored population's columns in memory per database file. A plan must
 * never be computed from columns of an older model or older profiles: a newly activated model,
 * or a profile refresh that changed the facts, is seen by the very next plan, on any connection.
 */
const everyone: CampaignObjective = {
  campaign_goal: 'conversion',
  target_behavior: { description: 'everyone', criteria: null },
  metric_target: null,
  proposed_intervention: 'free_shipping',
  intervention_type: 'monetary',
  constraints: { exclude_triggers: [], budget: null, channel: 'email' },
  confidence: 1,
  alternatives: [],
  clarifications: [],
};

describe('planner population cache', () => {
  let store: DuckDbStore;
  let other: DuckDbStore;
  let cleanup: () => void;

  beforeAll(async () => {
    const f = await fixtureDb();
    cleanup = f.cleanup;
    store = (await openStore(f.db)) as DuckDbStore;
    other = await store.fork();
  });
  afterAll(async () => {
    await other?.close();
    await store?.close();
    cleanup?.();
  });

  it('is read once and shared by the connections to one file', async () => {
    const a = await currentPopulation(store);
    const b = await currentPopulation(other);
    expect(b).toBe(a);
    const [{ n }] = await store.query<{ n: number }>(
      'SELECT count(*) AS n FROM customer_profiles WHERE baseline_conversion_probability IS NOT NULL',
    );
    expect(a.rows).toBe(Number(n));
  });

  it('plans with a newly trained model at once, not with the previous scores', async () => {
    const before = await planCampaign(store, everyone);
    const fsBefore = before.ranked_triggers.find((r) => r.trigger === 'free_shipping')!;
    // A new active model whose free-shipping uplift is the old one plus 5 points for everyone.
    const next = `${before.model_version}_next`;
    const uplifts = TRIGGER_IDS.map((t) => `uplift_score_for_${t}`);
    await store.run(
      `INSERT INTO model_versions (model_version, created_at, kind, goal, learner, data_fingerprint, metrics, artifact, is_active)
       SELECT $1, created_at + INTERVAL 1 HOUR, kind, goal, learner, data_fingerprint, metrics, artifact, FALSE
       FROM model_versions WHERE model_version = $2`,
      [next, before.model_version],
    );
    await store.run(
      `INSERT INTO customer_scores (model_version, customer_id, baseline_conversion_probability, ${uplifts.join(', ')}, recommended_trigger)
       SELECT $1, customer_id, baseline_conversion_probability,
              ${uplifts.map((u) => (u === 'uplift_score_for_free_shipping' ? `${u} + 0.05` : u)).join(', ')}, recommended_trigger
       FROM customer_scores WHERE model_version = $2`,
      [next, before.model_version],
    );
    await store.run("UPDATE model_versions SET is_active = (model_version = $1) WHERE kind = 'uplift'", [
      next,
    ]);

    const after = await planCampaign(other, everyone);
    expect(after.model_version).toBe(next);
    const fsAfter = after.ranked_triggers.find((r) => r.trigger === 'free_shipping')!;
    expect(after.audience.size).toBe(before.audience.size);
    expect(fsAfter.uplift - fsBefore.uplift).toBeCloseTo(0.05, 10);
  });

  it('plans with refreshed profiles at once, not with the previous facts', async () => {
    const before = await planCampaign(store, everyone);
    // A hundred opted-in customers opt out; the profile refresh carries it into the facts.
    await store.run(
      `UPDATE customers SET email_opt_in = FALSE WHERE customer_id IN (
         SELECT customer_id FROM customers WHERE email_opt_in ORDER BY customer_id LIMIT 100)`,
    );
    await refreshProfiles(store);
    const after = await planCampaign(other, everyone);
    expect(after.audience.size).toBe(before.audience.size - 100);
    expect(after.audience.excluded_not_opted_in).toBe(before.audience.excluded_not_opted_in + 100);
    const [{ n }] = await other.query<{ n: number }>(
      'SELECT count(*) AS n FROM customer_profiles WHERE email_opt_in AND baseline_conversion_probability IS NOT NULL',
    );
    expect(after.audience.size).toBe(Number(n));
  });
});
