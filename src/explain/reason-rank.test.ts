import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CampaignObjective } from '../contracts/coo.ts';
import { fmtCount } from '../contracts/number-format.ts';
import { planCampaign } from '../planner/plan.ts';
import { openStore } from '../store/open.ts';
import type { Store } from '../store/store.ts';
import { fixtureDb } from '../test-support/fixture-db.ts';
import { cohortOfCriteria } from './cohort.ts';
import { explainSegment } from './explain-segment.ts';

/**
 * The reason that ranks the trigger ("ranks #4 of 10") on a trained shop, as the workspace asks for
 * it: the plan's segment rules, each trigger in turn. Twelfth walk-through: the reason said #4 while
 * the plan's list showed 8th, the two ranking different customers by different measures.
 */
describe('the ranking reason on a trained shop', () => {
  let store: Store;
  let cleanup: () => void;
  beforeAll(async () => {
    const f = await fixtureDb();
    cleanup = f.cleanup;
    store = await openStore(f.db);
  }, 600_000);
  afterAll(async () => {
    await store?.close();
    cleanup?.();
  });

  const coo: CampaignObjective = {
    campaign_goal: 'win_back',
    target_behavior: {
      description: 'have not ordered in 60 days',
      criteria: { field: 'days_since_last_purchase', op: '>=', value: 60 },
    },
    metric_target: null,
    proposed_intervention: null,
    intervention_type: null,
    constraints: { exclude_triggers: [], budget: null, channel: 'email' },
    confidence: 0.9,
    alternatives: [],
    clarifications: [],
  };

  it("states its rank as the position in the ranked list it is computed over, and names that list's customers", async () => {
    const plan = await planCampaign(store, coo);
    const cohort = cohortOfCriteria(store, plan.segment_rules);
    const first = await explainSegment(store, { cohort, channel: 'email' });
    expect(first.segment_size).toBeGreaterThan(1);
    const ranked = first.economics.filter((e) => e.profit_per_customer !== null);
    expect(ranked.length).toBeGreaterThan(2);
    const over = `On these ${fmtCount(first.segment_size)} customers, `;
    let seenBelowFirst = false;
    for (const [i, row] of ranked.entries()) {
      const ex = await explainSegment(store, { cohort, trigger: row.trigger, channel: 'email' });
      const reason = ex.reasons.find((r) => r.kind === 'comparison');
      expect(reason, row.trigger).toBeDefined();
      const text = reason?.text ?? '';
      // The customers and the measure the rank is over, always: the plan's list above counts each
      // trigger on the audience's customers it pays to treat, so a bare "#4" contradicted its 8th.
      expect(text.startsWith(over), text).toBe(true);
      if (i === 0) {
        expect(text).toContain('has the highest expected profit');
        expect(reason?.numbers.rank).toBe(1);
        continue;
      }
      seenBelowFirst = true;
      expect(text).toContain('by expected profit per customer');
      const stated = /ranks #(\d+) of (\d+)/.exec(text);
      expect(stated, text).not.toBeNull();
      // Its rank is its position in the explanation's ranked list (the "why not the others" table
      // beside it), out of that list's length.
      expect(Number(stated?.[1])).toBe(ex.economics.findIndex((e) => e.trigger === row.trigger) + 1);
      expect(Number(stated?.[1])).toBe(i + 1);
      expect(Number(stated?.[2])).toBe(ranked.length);
      expect(reason?.numbers.rank).toBe(i + 1);
    }
    expect(seenBelowFirst).toBe(true);
  }, 600_000);
});
