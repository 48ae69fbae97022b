import { describe, expect, it } from 'vitest';
import { impliedGoals, namesOtherCategory } from './implied-goal.ts';

describe('impliedGoals', () => {
  it('maps audiences to the goals they imply', () => {
    expect(impliedGoals({ field: 'abandoned_cart_value', op: '>', value: 0 })).toEqual(['cart_recovery']);
    expect(impliedGoals({ field: 'days_since_last_purchase', op: '>', value: 90 })).toEqual(['win_back']);
    expect(impliedGoals({ field: 'session_count', op: '=', value: 0 })).toEqual(['win_back']);
    // Never bought anything: their first purchase (a conversion); never bought Y after X: cross-sell.
    expect(impliedGoals({ not: { event: 'purchased' } })).toEqual(['conversion']);
    expect(
      impliedGoals({
        all: [
          { event: 'purchased', where: { category: 'tents' } },
          { not: { event: 'purchased', where: { category: 'stoves' } } },
        ],
      }),
    ).toEqual(['cross_sell']);
    expect(impliedGoals({ field: 'churn_probability_score', op: '>=', value: 0.7 })).toEqual(['retention']);
    expect(impliedGoals({ field: 'purchase_frequency', op: '=', value: 1 })).toEqual(['retention']);
    expect(impliedGoals({ field: 'purchase_frequency', op: '>=', value: 2 })).toEqual([]);
    expect(impliedGoals({ field: 'tenure_days', op: '>=', value: 1095 })).toEqual(['loyalty']);
    expect(impliedGoals({ field: 'tenure_days', op: '<=', value: 30 })).toEqual([]);
    expect(impliedGoals({ event: 'clicked_email', within_days: 30 })).toEqual(['engagement']);
    expect(
      impliedGoals({
        all: [
          { event: 'purchased', where: { category: 'denim' } },
          { not: { event: 'purchased', where: { category: 'knitwear' } } },
        ],
      }),
    ).toEqual(['cross_sell']);
    expect(impliedGoals({ event: 'purchased', within_days: 30 })).toEqual(['conversion']);
    expect(impliedGoals(null)).toEqual([]);
  });

  it('gives several goals when the audience mixes cues', () => {
    expect(
      impliedGoals({
        all: [
          { field: 'clv_score', op: '>=', value: 0.8 },
          { field: 'days_since_last_purchase', op: '>', value: 150 },
        ],
      }).sort(),
    ).toEqual(['loyalty', 'win_back']);
  });
});

describe('goal-head context features', () => {
  it('gives the goal head more context than the trigger head, and reads goal words outside the audience', async () => {
    const { analyze } = await import('./intent-model.ts');
    const { featureNames } = await import('./features.ts');
    const a = analyze('style guide email for customers with 2+ orders', null);
    // Context buckets the trigger head does not have (the goal head has no character n-grams since
    // the tenth session, so it has fewer buckets in all, but more context).
    const trigger = new Set(a.features.index);
    expect([...a.goalFeatures.index].filter((k) => !trigger.has(k)).length).toBeGreaterThan(0);
    const text = 'style guide email for customers with 2+ orders';
    const masked = text.replace('with 2+ orders', ' '.repeat('with 2+ orders'.length));
    expect(featureNames(text, [], [], text)).toContain('goal:conversion');
    expect(featureNames(text, [], [], masked)).not.toContain('goal:conversion');
  });
});

describe('namesOtherCategory', () => {
  const boughtDresses = { event: 'purchased' as const, where: { category: 'dresses' } };
  it('sees a second category offered to buyers of a first', () => {
    expect(namesOtherCategory(boughtDresses, 'suggest matching shoes')).toBe(true);
    expect(
      namesOtherCategory(
        { field: 'product_categories_purchased', op: 'contains', value: 'jewelry' },
        'get them to pick up a handbag too',
      ),
    ).toBe(true);
  });

  it('is false for the same category, for no category, and for an audience that bought nothing named', () => {
    expect(namesOtherCategory(boughtDresses, '10% off dresses')).toBe(false);
    expect(namesOtherCategory(boughtDresses, 'free shipping this weekend')).toBe(false);
    expect(namesOtherCategory({ event: 'viewed_product', where: { category: 'dresses' } }, 'shoes')).toBe(
      false,
    );
    expect(namesOtherCategory({ not: boughtDresses }, 'shoes')).toBe(false);
    expect(namesOtherCategory(null, 'shoes')).toBe(false);
  });
});

describe('audience words as features of their own (2026-11-28)', () => {
  it("does not let the audience's words vote for the trigger they would name", async () => {
    const { featureNames } = await import('./features.ts');
    const text = 'free shipping for people who viewed the bestsellers page';
    const at = text.indexOf('viewed');
    const names = featureNames(text, [], [], text, [[at, text.length]]);
    expect(names).toContain('cue:free_shipping');
    expect(names).toContain('acue:social_proof');
    expect(names).not.toContain('cue:social_proof');
    expect(names.some((n) => n.startsWith('aw:'))).toBe(true);
    // Without an audience span the same words are offer words.
    expect(featureNames(text, [])).toContain('cue:social_proof');
  });
});
