import { describe, expect, it } from 'vitest';
import { fmtCount, fmtInt, fmtMoney, fmtPoints, fmtShare } from './number-format.ts';

describe('number formats (explanation sentences and the UI)', () => {
  it('says a cost under a cent is under a cent, not $0.00', () => {
    expect(fmtMoney(0.002)).toBe('<$0.01');
    expect(fmtMoney(-0.002)).toBe('−<$0.01');
    expect(fmtMoney(-0.001, 'EUR')).toBe('−<€0.01');
    expect(fmtMoney(0.001, 'GBP')).toBe('<£0.01');
    expect(fmtMoney(0.001, 'CHF')).toBe('<CHF 0.01');
    expect(fmtMoney(0)).toBe('$0.00');
    expect(fmtMoney(0.005)).toBe('$0.01');
    expect(fmtMoney(0.46)).toBe('$0.46');
    expect(fmtMoney(0.66)).toBe('$0.66');
    expect(fmtMoney(-0.93)).toBe('−$0.93');
  });

  it('writes large amounts in whole units with separators, and nothing for a missing one', () => {
    expect(fmtMoney(999.994)).toBe('$999.99');
    expect(fmtMoney(1375.4)).toBe('$1,375');
    expect(fmtMoney(-25_000, 'EUR')).toBe('−€25,000');
    expect(fmtMoney(null)).toBe('—');
    expect(fmtMoney(Number.NaN)).toBe('—');
  });

  it('keeps a decimal on small expected counts, so 0.4 conversions do not read as 0', () => {
    expect(fmtCount(0.4)).toBe('0.4');
    expect(fmtCount(1.46)).toBe('1.5');
    expect(fmtCount(-0.3)).toBe('−0.3');
    expect(fmtCount(0)).toBe('0');
    expect(fmtCount(3)).toBe('3');
    expect(fmtCount(9.96)).toBe('10');
    expect(fmtCount(19.6)).toBe('20');
    expect(fmtCount(12_345)).toBe('12,345');
    expect(fmtCount(null)).toBe('—');
    expect(fmtInt(12_345.6)).toBe('12,346');
    expect(fmtInt(undefined)).toBe('—');
  });

  it('signs points and never writes −0.0', () => {
    expect(fmtPoints(3.14)).toBe('+3.1');
    expect(fmtPoints(-0.44)).toBe('−0.4');
    expect(fmtPoints(-0.04)).toBe('0.0');
    expect(fmtPoints(0.004, 2)).toBe('0.00');
    expect(fmtPoints(0.006, 2)).toBe('+0.01');
    expect(fmtPoints(null)).toBe('—');
  });

  it('writes shares as whole percentages, with one decimal under 10%', () => {
    expect(fmtShare(0.75)).toBe('75%');
    expect(fmtShare(0.045)).toBe('4.5%');
    expect(fmtShare(0)).toBe('0%');
    expect(fmtShare(1)).toBe('100%');
    expect(fmtShare(undefined)).toBe('—');
  });
});
