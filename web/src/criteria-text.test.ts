import { describe, expect, it } from 'vitest';
import { criteriaText } from './criteria-text.ts';

describe('criteriaText (audience chip)', () => {
  it('renders fields, events, groups and negation', () => {
    expect(criteriaText(null)).toBe('Everyone');
    expect(
      criteriaText({
        all: [
          { field: 'clv_score', op: '>=', value: 0.8 },
          { event: 'viewed_product', where: { tag: 'limited_edition' }, within_days: 14 },
          {
            any: [
              { field: 'location_country', op: 'in', value: ['USA', 'Canada'] },
              { not: { field: 'has_ever_returned_item', op: '=', value: true } },
            ],
          },
        ],
      }),
    ).toBe(
      'clv_score >= 0.8 AND viewed product (tag: limited_edition) in the last 14 days AND (location_country in (USA, Canada) OR NOT has_ever_returned_item = true)',
    );
  });
});
