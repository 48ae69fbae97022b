import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CampaignObjective } from '../contracts/coo.ts';
import { TRIGGER_IDS } from '../contracts/triggers.ts';
import { cohortOfCriteria } from '../explain/cohort.ts';
import { computeSegment, createSegment, getSegment, segmentFromPlan } from '../segments/index.ts';
import type { DuckDbStore } from '../store/duckdb-store.ts';
import { openStore } from '../store/open.ts';
import { allCustomersBrief as brief } from '../test-support/all-customers-brief.ts';
import { fixtureDb } from '../test-support/fixture-db.ts';
import { planCampaign } from './plan.ts';

/**
 * A brief that names a trigger the model says harms everyone (an urgency variant that lowers
 * conversion, as in the eleventh session's shop): the segment must not send it to anyone it is
 * not predicted to lift.
 */
const tested = ['discount', 'free_shipping', 'urgency_message', 'cart_reminder'];
const untested = TRIGGER_IDS.filter((t) => !tested.includes(t));

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
    // The triggers the last test's history leaves untested score what the learner gives an arm
    // without rows, an effect of 0 for everyone (set here: the planner keeps the scores it read).
    await store.run(
      `UPDATE customer_scores SET ${untested.map((t) => `uplift_score_for_${t} = 0`).join(', ')}
       WHERE model_version = (SELECT model_version FROM model_versions WHERE is_active AND kind = 'uplift' LIMIT 1)`,
    );
  });
  afterAll(async () => {
    await store?.close();
    cleanup?.();
  });

  it('selects nobody, where it selected every customer another trigger would lift', async () => {
    const plan = await planCampaign(store, brief('urgency_message'));
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

  it('says why the segment is empty, and which trigger would lift customers instead', async () => {
    const plan = await planCampaign(store, brief('urgency_message'));
    const note = plan.segment_note ?? '';
    const m =
      /^No customer is predicted to be lifted by Urgency Message: it lowers predicted conversion by 3\.0 percentage points on average; (.+) would lift ([\d,]+)\.$/.exec(
        note,
      );
    expect(m, note).not.toBeNull();
    // The trigger named is the plan's best, and its count is the opted-in customers it lifts.
    const best = plan.ranked_triggers.find((t) => t.is_best);
    expect(m?.[1]).toBe(best?.label);
    const [{ lifted }] = await store.query<{ lifted: number }>(
      `SELECT count(*)::INTEGER AS lifted FROM customer_profiles
       WHERE email_opt_in AND uplift_score_for_${best?.trigger} > 0`,
    );
    expect(Number(m?.[2].replaceAll(',', ''))).toBe(lifted);
    expect(lifted).toBeGreaterThan(0);
  });

  it('gives the reason with the segment made from the brief, and none for a trigger that lifts', async () => {
    const deps = {
      plan: (c: CampaignObjective) => segmentFromPlan(c, () => planCampaign(store, c)),
    };
    const created = await createSegment(store, { coo: brief('urgency_message') }, deps);
    expect(created.note).toMatch(/^No customer is predicted to be lifted by Urgency Message/);
    const computed = await computeSegment(store, created.segment_id, deps);
    expect(computed.size).toBe(0);
    // Stored with the segment: read back, it still says why.
    expect((await getSegment(store, created.segment_id)).note).toBe(created.note);
    const lifting = await createSegment(store, { coo: brief('free_shipping') }, deps);
    expect(lifting.note).toBeUndefined();
  });

  // Last, since it rewrites the active model's record: a history that tested only some triggers.
  it('marks the triggers no campaign tested, ranks them last and names them in a brief', async () => {
    const arms = [
      { arm: 'control', rows: 4000, status: 'fitted' },
      ...TRIGGER_IDS.map((t) =>
        tested.includes(t)
          ? { arm: t, rows: 2000, status: 'fitted' }
          : { arm: t, rows: 0, status: 'too_few_rows' },
      ),
    ];
    const active = `(SELECT model_version FROM model_versions WHERE is_active AND kind = 'uplift' LIMIT 1)`;
    await store.run(
      `UPDATE model_versions SET metrics = json_merge_patch(metrics, $1::JSON) WHERE model_version = ${active}`,
      [JSON.stringify({ arms })],
    );
    const plan = await planCampaign(store, brief('scarcity_message'));
    expect(plan.untested_triggers).toEqual(untested);
    const ranked = plan.ranked_triggers;
    for (const t of ranked) expect(t.tested).toBe(!untested.includes(t.trigger));
    // Every tested trigger comes before every untested one, and the best is a tested one.
    const lastTested = Math.max(...ranked.filter((t) => t.tested).map((t) => t.rank));
    const firstUntested = Math.min(...ranked.filter((t) => !t.tested).map((t) => t.rank));
    expect(lastTested).toBeLessThan(firstUntested);
    expect(ranked.find((t) => t.is_best)?.tested).toBe(true);
    expect(plan.proposed_comparison?.message).toMatch(
      /^No past campaign tested Scarcity Message, so the model has no measure of its effect; .+ is the best of the triggers tested/,
    );
    expect(plan.segment_note).toMatch(
      /^No past campaign tested Scarcity Message, so the model has no measure of its effect and predicts it lifts no customer; (Free Shipping|Discount|Cart Reminder) would lift [\d,]+\.$/,
    );
  });
});
