import { describe, expect, it } from 'vitest';
import { makeUpliftProblem } from '../synthetic.ts';
import { selectLearner } from './select-learner.ts';

describe('model selection on held-out campaigns', () => {
  it('holds out whole campaigns, the latest ones, and ranks learners by held-out policy value', async () => {
    const p = makeUpliftProblem({ n: 12000, arms: 3, scenario: 'subgroup', campaigns: 5, seed: 4 });
    const campaign = p.data.campaign as Int32Array;
    const order = [3, 1, 0, 4, 2]; // by start: campaign 2 is the latest
    const s = await selectLearner({ ...p.data, campaign }, order, 1, ['t', 'x']);
    expect(s.held_out_campaigns[0]).toBe(2);
    let rowsOfHeld = 0;
    for (const c of campaign) if (s.held_out_campaigns.includes(c)) rowsOfHeld++;
    expect(s.held_out_rows).toBe(rowsOfHeld);
    expect(s.held_out_rows).toBeGreaterThanOrEqual(12000 * 0.2);
    expect(s.candidates.map((c) => c.learner)).toEqual(['t', 'x']);
    const best = Math.max(...s.candidates.map((c) => c.policy_value_dr));
    expect(s.candidates.find((c) => c.learner === s.chosen)?.policy_value_dr).toBe(best);
    for (const c of s.candidates) expect(c.policy_value_ci[0]).toBeLessThanOrEqual(c.policy_value_dr);
  });
});
