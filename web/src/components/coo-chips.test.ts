import { describe, expect, it } from 'vitest';
import { metricText } from './coo-chips.tsx';

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
