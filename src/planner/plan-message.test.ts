import { describe, expect, it } from 'vitest';
import { conversionsGapText } from './plan.ts';

describe('the "would do better" message', () => {
  it('never says "about 0 more" conversions', () => {
    expect(conversionsGapText(0.02)).toBe('about as many incremental conversions');
    expect(conversionsGapText(-0.04)).toBe('about as many incremental conversions');
    expect(conversionsGapText(0.4)).toBe('about 0.4 more incremental conversions');
    expect(conversionsGapText(-0.6)).toBe('about 0.6 fewer incremental conversions');
    expect(conversionsGapText(13.6)).toBe('about 14 more incremental conversions');
    expect(conversionsGapText(1234.4)).toBe('about 1,234 more incremental conversions');
  });
});
