import { describe, expect, it } from 'vitest';
import { suggestArms } from './arm-suggestions.ts';

describe('suggestArms', () => {
  it("proposes the trigger an e-mail tool's variant name reads as, control for its control group, nothing when unsure", async () => {
    const names = [
      'Hurry, 48h only',
      'Our bestsellers, loved by 10,000+',
      'Free Shipping Weekend 🚚',
      'Double points week',
      'Control Group',
      'Holdout',
      'Newsletter',
    ];
    expect(Object.fromEntries(await suggestArms(names))).toEqual({
      'Hurry, 48h only': 'urgency_message',
      'Our bestsellers, loved by 10,000+': 'social_proof',
      'Free Shipping Weekend 🚚': 'free_shipping',
      'Double points week': 'loyalty_reward',
      'Control Group': 'control',
      Holdout: 'control',
    });
  });
});
