import { describe, expect, it } from 'vitest';
import type { PlanResponse } from '../../../src/contracts/api.ts';
import {
  budgetText,
  observedText,
  resolutionText,
  upliftSubText,
  upliftText,
  whoGetsIt,
} from './ranked-triggers.tsx';

describe("the workspace's reading of a brief's product word", () => {
  it('names the products and the categories that hold them', () => {
    expect(
      resolutionText({
        from: 'sneakers',
        tag: 'limited_edition',
        matched_products: 3,
        categories: [
          { category: 'kids', products: 1 },
          { category: 'shoes', products: 2 },
        ],
        by: 'products',
      }),
    ).toBe('"sneakers" read as the 3 limited edition products named so (1 in kids, 2 in shoes).');
    expect(
      resolutionText({
        from: 'widgets',
        matched_products: 101,
        categories: [{ category: 'home', products: 101 }],
        by: 'categories',
      }),
    ).toBe(
      '"widgets" names 101 products (101 in home), too many to list: the audience takes their categories.',
    );
    expect(
      resolutionText({ from: 'sneakers', tag: 'vegan', matched_products: 0, categories: [], by: 'products' }),
    ).toBe('"sneakers": no vegan product is named so, so no one matches.');
  });
});

describe('the ranked triggers table', () => {
  it('says the interval under a predicted uplift is what past campaigns measured', () => {
    expect(observedText({ uplift_ci_low: -0.109, uplift_ci_high: 0.039, evidence_campaigns: 4 })).toBe(
      'past 4 campaigns: −10.9 to +3.9 pts',
    );
    expect(observedText({ uplift_ci_low: 0.01, uplift_ci_high: 0.02, evidence_campaigns: 1 })).toBe(
      'past campaign: +1.0 to +2.0 pts',
    );
    expect(observedText({ uplift_ci_low: null, uplift_ci_high: null, evidence_campaigns: 0 })).toBe(
      'no past campaign to compare',
    );
  });

  const plan = (budget: number | null, costs: number[]) =>
    ({
      coo: { constraints: { budget: budget === null ? null : { amount: budget, currency: 'USD' } } },
      ranked_triggers: costs.map((c, i) => ({
        trigger: i === 0 ? 'scarcity_message' : 'discount',
        expected_cost: c,
      })),
    }) as unknown as PlanResponse;

  it("states the brief's budget against the triggers' expected costs", () => {
    expect(budgetText(plan(null, [1, 2]))).toBeNull();
    expect(budgetText(plan(5000, [0.66, 1.02]))).toBe(
      "Budget $5,000: every trigger's expected cost is within it (the highest is $1.02).",
    );
    expect(budgetText(plan(100, [20, 250.5]))).toBe('Budget $100.00: Discount ($250.50) would cost more.');
    expect(budgetText(plan(100, []))).toBe('Budget $100.00.');
  });
});

describe('who gets it, in words', () => {
  const leaf = (trigger: string, value: number) => ({
    criteria: { field: `uplift_score_for_${trigger}`, op: '>' as const, value },
    text: `uplift_score_for_${trigger} > ${value}`,
    trigger: trigger as 'discount',
    size: 10,
    expected_lift: 1,
    lift_ci_low: 0,
    lift_ci_high: 2,
  });
  it('names the leaves of a mixed segment by what they do instead of spelling out their splits', () => {
    const leaves = [leaf('urgency_message', 0.001), leaf('scarcity_message', 0.002)];
    const text = whoGetsIt({
      segment_rules: {
        all: [
          { field: 'days_since_last_purchase', op: '>', value: 180 },
          { field: 'email_opt_in', op: '=', value: true },
          { any: leaves.map((l) => l.criteria) },
        ],
      },
      rule_leaves: [...leaves, { ...leaf('urgency_message', 0), trigger: 'control' as 'discount' }],
      trigger_mix: { urgency_message: 10, scarcity_message: 10 },
    });
    expect(text).toBe(
      'Last order more than 180 days ago and opted in to email, where one of the 2 rules under "Segment rules" below gives them a trigger (Urgency Message, Scarcity Message); each gets that rule\'s trigger.',
    );
    expect(text).not.toMatch(/uplift|lifts them|chance to order/);
  });
  it('spells out a one-trigger segment in full', () => {
    expect(
      whoGetsIt({
        segment_rules: {
          all: [
            { field: 'clv_score', op: '>=', value: 0.8 },
            { field: 'uplift_score_for_free_shipping', op: '>', value: 0.0106 },
          ],
        },
        rule_leaves: [leaf('free_shipping', 0.0106)],
        trigger_mix: { free_shipping: 10 },
      }),
    ).toBe(
      'Top 20% by customer value and Free Shipping raises their chance to order by more than 1.1 percentage points.',
    );
  });
});

describe('a trigger no past campaign tested (eleventh session)', () => {
  it('reads "not tested", not an uplift of 0.0 pts, and tested rows keep their figures', () => {
    const none = { uplift_ci_low: null, uplift_ci_high: null, evidence_campaigns: 0 };
    expect(upliftText({ uplift: 0, tested: false })).toBe('not tested');
    expect(upliftSubText({ ...none, tested: false })).toBe('no past campaign tested it, so no prediction');
    expect(upliftText({ uplift: 0, tested: true })).toBe('0.0 pts');
    expect(upliftSubText({ ...none, tested: true })).toBe('no past campaign to compare');
    // An older plan without the field is read as it was.
    expect(upliftText({ uplift: 0.031 })).toBe('+3.1 pts');
  });
});
