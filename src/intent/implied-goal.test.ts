import { describe, expect, it } from 'vitest';
import { impliedGoals } from './implied-goal.ts';

describe('impliedGoals', () => {
  it('maps audiences to the goals they imply', () => {
    expect(impliedGoals({ field: 'abandoned_cart_value', op: '>', value: 0 })).toEqual(['cart_recovery']);
    expect(impliedGoals({ field: 'days_since_last_purchase', op: '>', value: 90 })).toEqual(['win_back']);
    expect(impliedGoals({ field: 'session_count', op: '=', value: 0 })).toEqual(['win_back']);
    expect(impliedGoals({ field: 'churn_probability_score', op: '>=', value: 0.7 })).toEqual(['retention']);
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
