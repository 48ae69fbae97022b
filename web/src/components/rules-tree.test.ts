import { describe, expect, it } from 'vitest';
import { leafFacts } from './rules-tree.tsx';

describe('a segment rule leaf in words', () => {
  it('says incremental profit per customer for a profit objective, points for conversion', () => {
    const leaf = {
      trigger: 'scarcity_message' as const,
      size: 64,
      expected_lift: 0.61,
      lift_ci_low: 0.38,
      lift_ci_high: 0.84,
    };
    expect(leafFacts(leaf, 'profit')).toBe(
      '64 customers · incremental profit per customer $0.61 (95% CI $0.38 to $0.84)',
    );
    expect(
      leafFacts({ ...leaf, expected_lift: 0.012, lift_ci_low: 0.004, lift_ci_high: 0.02 }, 'conversion'),
    ).toBe('64 customers · lift +1.2 pts (95% CI +0.4 pts to +2.0 pts)');
  });

  it('says an untreated leaf is not treated instead of "$0.00 (95% CI $0.00 to $0.00)"', () => {
    const none = { trigger: 'control' as const, size: 1, expected_lift: 0, lift_ci_low: 0, lift_ci_high: 0 };
    expect(leafFacts(none, 'profit')).toBe('1 customer · not treated: no trigger pays for them');
    expect(leafFacts({ ...none, expected_lift: -0.2, lift_ci_low: -0.3 }, 'profit')).toBe(
      '1 customer · incremental profit per customer −$0.20 (95% CI −$0.30 to $0.00)',
    );
  });
});
