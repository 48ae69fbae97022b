import { describe, expect, it } from 'vitest';
import { fmtCode } from './format.ts';

describe('UI formats', () => {
  it('shows stored codes as words', () => {
    expect(fmtCode('paid_search')).toBe('paid search');
    expect(fmtCode('high_shipping_cost')).toBe('high shipping cost');
    expect(fmtCode('bags')).toBe('bags');
    expect(fmtCode(null)).toBe('—');
  });
});
