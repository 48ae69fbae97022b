import { describe, expect, it } from 'vitest';
import { fmtMoney } from './format.ts';

describe("an explanation's money", () => {
  it('says a cost under a cent is under a cent, not $0.00', () => {
    expect(fmtMoney(0.002)).toBe('<$0.01');
    expect(fmtMoney(-0.001, 'EUR')).toBe('−<€0.01');
    expect(fmtMoney(0)).toBe('$0.00');
    expect(fmtMoney(0.66)).toBe('$0.66');
    expect(fmtMoney(-0.93)).toBe('−$0.93');
  });
});
