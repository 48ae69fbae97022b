import { describe, expect, it } from 'vitest';
import { fmtCode, fmtCount, fmtMoney } from './format.ts';

describe('UI number formats', () => {
  it('says a cost under a cent is under a cent, not $0.00', () => {
    expect(fmtMoney(0.002)).toBe('<$0.01');
    expect(fmtMoney(-0.002)).toBe('−<$0.01');
    expect(fmtMoney(0)).toBe('$0.00');
    expect(fmtMoney(0.005)).toBe('$0.01');
    expect(fmtMoney(0.46)).toBe('$0.46');
    expect(fmtMoney(1375.4)).toBe('$1,375');
    expect(fmtMoney(0.001, 'EUR')).toBe('<EUR 0.01');
  });

  it('keeps a decimal on small expected counts, so 0.4 conversions do not read as 0', () => {
    expect(fmtCount(0.4)).toBe('0.4');
    expect(fmtCount(1.46)).toBe('1.5');
    expect(fmtCount(-0.3)).toBe('−0.3');
    expect(fmtCount(0)).toBe('0');
    expect(fmtCount(3)).toBe('3');
    expect(fmtCount(9.96)).toBe('10');
    expect(fmtCount(19.6)).toBe('20');
    expect(fmtCount(null)).toBe('—');
  });

  it('shows stored codes as words', () => {
    expect(fmtCode('paid_search')).toBe('paid search');
    expect(fmtCode('high_shipping_cost')).toBe('high shipping cost');
    expect(fmtCode('bags')).toBe('bags');
    expect(fmtCode(null)).toBe('—');
  });
});
