import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CampaignObjective } from '../contracts/coo.ts';
import { cohortOfCriteria } from '../explain/cohort.ts';
import type { DuckDbStore } from '../store/duckdb-store.ts';
import { openStore } from '../store/open.ts';
import { fixtureDb } from '../test-support/fixture-db.ts';
import { planCampaign } from './plan.ts';

/**
 * A brief that names a trigger the model says harms everyone (an urgency variant that lowers
 * conversion, as in the eleventh session's shop): the segment must not send it to anyone it is
 * not predicted to lift.
 */
describe('a brief naming a trigger that harms everyone', () => {
  let store: DuckDbStore;
  let cleanup: () => void;
  beforeAll(async () => {
    const f = await fixtureDb();
    cleanup = f.cleanup;
    store = await openStore(f.db);
    // The active model's scores, with the urgency message lowering everyone's conversion by 3 points.
    await store.run(
      `UPDATE customer_scores SET uplift_score_for_urgency_message = -0.03
       WHERE model_version = (SELECT model_version FROM model_versions WHERE is_active AND kind = 'uplift' LIMIT 1)`,
    );
  });
  afterAll(async () => {
    await store?.close();
    cleanup?.();
  });

  it('selects nobody, where it selected every customer another trigger would lift', async () => {
    const brief: CampaignObjective = {
      campaign_goal: 'conversion',
      target_behavior: { description: 'all customers', criteria: null },
      metric_target: null,
      proposed_intervention: 'urgency_message',
      intervention_type: 'psychological',
      constraints: { exclude_triggers: [], budget: null, channel: 'email' },
      confidence: 0.9,
      alternatives: [],
      clarifications: [],
    };
    const plan = await planCampaign(store, brief);
    expect(plan.recommended_trigger).toBe('urgency_message');
    expect(plan.rule_leaves.every((l) => l.trigger === 'control')).toBe(true);
    expect(plan.segment_rules_text).toContain('uplift_score_for_urgency_message > 0');
    const members = cohortOfCriteria(store, plan.segment_rules);
    const [{ n }] = await store.query<{ n: number }>(`SELECT count(*)::INTEGER AS n FROM (${members.sql})`, [
      ...members.params,
    ]);
    expect(n).toBe(0);
    expect(plan.proposed_comparison?.is_best).toBe(false);
  });
});
