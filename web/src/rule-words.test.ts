import { describe, expect, it } from 'vitest';
import { mixedSegmentSentence, ruleSentence, ruleWords, withoutFieldExpressions } from './rule-words.ts';

describe('ruleWords (segment rules as a marketer reads them)', () => {
  it('reads scores, money, time and consent in words, not field expressions', () => {
    expect(ruleWords({ field: 'clv_score', op: '>=', value: 0.8 })).toBe('top 20% by customer value');
    expect(ruleWords({ field: 'clv_score', op: '<', value: 0.3 })).toBe('bottom 30% by customer value');
    expect(ruleWords({ field: 'churn_probability_score', op: '>', value: 0.6 })).toBe('churn risk above 60%');
    expect(ruleWords({ field: 'average_order_value', op: '>', value: 123 })).toBe('average order above $123');
    expect(ruleWords({ field: 'average_order_value', op: 'is_null' })).toBe('no orders yet');
    expect(ruleWords({ field: 'abandoned_cart_value', op: '>', value: 0 })).toBe('has an abandoned cart');
    expect(ruleWords({ field: 'abandoned_cart_age_hours', op: '<=', value: 168 })).toBe(
      'abandoned a cart in the last 7 days',
    );
    expect(ruleWords({ field: 'abandoned_cart_age_hours', op: '<=', value: 24 })).toBe(
      'abandoned a cart in the last 24 hours',
    );
    expect(ruleWords({ field: 'days_since_last_purchase', op: '>', value: 180 })).toBe(
      'last order more than 180 days ago',
    );
    expect(ruleWords({ field: 'email_opt_in', op: '=', value: true })).toBe('opted in to email');
    expect(ruleWords({ field: 'recommended_trigger', op: '!=', value: 'control' })).toBe(
      'a trigger is predicted to pay for them',
    );
    expect(ruleWords({ field: 'location_country', op: 'in', value: ['USA', 'Canada'] })).toBe(
      'country: USA or Canada',
    );
    expect(ruleWords({ field: 'purchase_frequency', op: '>=', value: 3 })).toBe(
      'at least 3 orders in the last 12 months',
    );
  });

  it('reads a predicted uplift split as the trigger changing the chance to order, in points', () => {
    expect(ruleWords({ field: 'uplift_score_for_free_shipping', op: '>', value: 0.0106 })).toBe(
      'Free Shipping raises their chance to order by more than 1.1 percentage points',
    );
    expect(ruleWords({ field: 'uplift_score_for_urgency_message', op: '<=', value: 0.00099 })).toBe(
      'Urgency Message raises their chance to order by at most 0.10 percentage points',
    );
    expect(ruleWords({ field: 'uplift_score_for_social_proof', op: '<=', value: -0.005 })).toBe(
      'Social Proof changes their chance to order by at most −0.5 percentage points',
    );
    expect(ruleWords({ field: 'uplift_score_for_discount', op: '>', value: 0 })).toBe(
      'Discount is predicted to raise their chance to order',
    );
  });

  it('reads events, groups and negation, bracketing groups so and/or never blur', () => {
    expect(
      ruleSentence({
        all: [
          { event: 'viewed_product', where: { tag: 'limited_edition' }, within_days: 14 },
          {
            any: [
              { field: 'clv_score', op: '>=', value: 0.9 },
              { not: { field: 'has_ever_returned_item', op: '=', value: true } },
            ],
          },
        ],
      }),
    ).toBe(
      'Viewed a limited edition product in the last 14 days and (top 10% by customer value or has never returned an item)',
    );
    expect(ruleWords({ event: 'purchased', where: { category: 'Sneakers' }, min_count: 2 })).toBe(
      'bought Sneakers at least 2 times',
    );
    expect(ruleWords(null)).toBe('everyone');
  });

  it('reads a mixed segment as who, then what its uplift splits do, not the splits themselves', () => {
    const split = (t: string, op: '<=' | '>', v: number) =>
      ({ field: `uplift_score_for_${t}`, op, value: v }) as const;
    expect(
      mixedSegmentSentence({
        all: [
          { field: 'days_since_last_purchase', op: '>', value: 90 },
          {
            any: [
              { all: [split('urgency_message', '<=', 0.001), split('content_storytelling', '>', 0.004)] },
              { all: [split('urgency_message', '>', 0.001)] },
            ],
          },
        ],
      }),
    ).toBe(
      "Last order more than 90 days ago, where the model's rules give them a trigger: each customer the one predicted to pay best for them",
    );
    // Nothing to leave out: the rule as ruleSentence reads it.
    expect(mixedSegmentSentence({ field: 'clv_score', op: '>=', value: 0.8 })).toBe(
      'Top 20% by customer value',
    );
  });

  it('does not say "has an abandoned cart" beside "abandoned a cart in the last 7 days"', () => {
    const cart = { field: 'abandoned_cart_value', op: '>', value: 0 } as const;
    expect(ruleSentence({ all: [{ field: 'abandoned_cart_age_hours', op: '<=', value: 168 }, cart] })).toBe(
      'Abandoned a cart in the last 7 days',
    );
    // Alone, it is said.
    expect(ruleSentence({ all: [cart, { field: 'email_opt_in', op: '=', value: true }] })).toBe(
      'Has an abandoned cart and opted in to email',
    );
  });
});

describe('the twelfth session: words a marketer stumbled on', () => {
  it('says who is left out of "all but the top" rather than "bottom 88.3%"', () => {
    expect(ruleWords({ field: 'clv_score', op: '<=', value: 0.883 })).toBe(
      'all but the top 11.7% by customer value',
    );
    expect(ruleWords({ field: 'clv_score', op: '<=', value: 0.5 })).toBe('bottom 50% by customer value');
  });

  it('counts orders as a person says it, not "orders in the last 12 months: 1"', () => {
    expect(ruleWords({ field: 'purchase_frequency', op: '=', value: 1 })).toBe(
      '1 order in the last 12 months',
    );
    expect(ruleWords({ field: 'purchase_frequency', op: '>=', value: 5 })).toBe(
      'at least 5 orders in the last 12 months',
    );
    expect(ruleWords({ field: 'orders_last_90_days', op: '>', value: 0 })).toBe(
      'ordered in the last 90 days',
    );
    expect(ruleWords({ field: 'purchase_frequency', op: '=', value: 0 })).toBe(
      'no orders in the last 12 months',
    );
  });

  it('reads an uplift threshold that rounds to 0.00 points as "predicted to raise"', () => {
    expect(ruleWords({ field: 'uplift_score_for_urgency_message', op: '>', value: 0.00002 })).toBe(
      'Urgency Message is predicted to raise their chance to order',
    );
    expect(ruleWords({ field: 'uplift_score_for_urgency_message', op: '>', value: 0.0004 })).toBe(
      'Urgency Message raises their chance to order by more than 0.04 percentage points',
    );
  });

  it("drops the interpreter's bracketed field expressions from a question, and nothing else", () => {
    expect(
      withoutFieldExpressions(
        'Who counts as your VIPs? For example the top 20% by CLV (clv_score >= 0.8) or 5+ orders in the last 12 months (purchase_frequency >= 5).',
      ),
    ).toBe(
      'Who counts as your VIPs? For example the top 20% by customer value or 5+ orders in the last 12 months.',
    );
    expect(withoutFieldExpressions('No specific trigger (50%) or scarcity message (33%)?')).toBe(
      'No specific trigger (50%) or scarcity message (33%)?',
    );
    expect(withoutFieldExpressions('Not a field (favourite_colour = red).')).toBe(
      'Not a field (favourite_colour = red).',
    );
  });
});
