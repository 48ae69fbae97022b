import { describe, expect, it } from 'vitest';
import { audienceParts, metricText, withoutAudiencePart } from './coo-chips.tsx';

const t = (o: Partial<NonNullable<Parameters<typeof metricText>[0]>>) => ({
  metric: 'conversion_rate',
  direction: 'increase' as const,
  kind: 'relative' as const,
  value: 10,
  unit: 'percent' as const,
  horizon_days: null,
  ...o,
});

describe('the Target chip', () => {
  it('says a level as "to 5%", not "+5%", and each other kind in its own words', () => {
    expect(metricText(t({ kind: 'level', value: 5 }))).toBe('conversion rate to 5%');
    expect(metricText(t({ metric: 'repeat_purchase_rate', horizon_days: 90 }))).toBe(
      'repeat purchase rate up 10% in 90 days',
    );
    expect(metricText(t({ kind: 'points', value: 3, unit: 'points' }))).toBe('conversion rate up 3 pts');
    expect(metricText(t({ metric: 'churn_rate', direction: 'decrease', value: 15 }))).toBe(
      'churn rate down 15%',
    );
    expect(
      metricText(t({ metric: 'reactivated_customers', kind: 'absolute', value: 150, unit: 'count' })),
    ).toBe('150 more reactivated customers');
    expect(metricText(t({ metric: 'revenue', kind: 'absolute', value: 50000, unit: 'currency' }))).toBe(
      '$50,000 more in revenue',
    );
    expect(metricText(null)).toBe('None stated');
  });
});

describe('the Audience chip: widen by removing a condition, without JSON', () => {
  const cart = { field: 'abandoned_cart_value', op: '>', value: 0 } as const;
  const age = { field: 'abandoned_cart_age_hours', op: '<=', value: 48 } as const;
  const coo = (criteria: unknown) =>
    ({
      target_behavior: { description: 'carts from the last 48 hours', criteria },
    }) as unknown as Parameters<typeof withoutAudiencePart>[0];

  it('lists the top-level conditions, and leaves one out with words that say who is left', () => {
    expect(audienceParts({ all: [age, cart] })).toEqual([age, cart]);
    expect(audienceParts(cart)).toEqual([cart]);
    expect(audienceParts(null)).toEqual([]);
    expect(withoutAudiencePart(coo({ all: [age, cart] }), 0).target_behavior).toEqual({
      description: 'Has an abandoned cart',
      criteria: cart,
    });
    expect(withoutAudiencePart(coo(cart), 0).target_behavior).toEqual({
      description: 'all customers',
      criteria: null,
    });
  });
});
