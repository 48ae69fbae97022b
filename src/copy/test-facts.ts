import type { CopyFacts } from '../contracts/copy.ts';

/** Facts for unit tests: nothing known unless the test says so. */
export function facts(over: Partial<CopyFacts> = {}): CopyFacts {
  return {
    product: null,
    next_category: null,
    social_proof: null,
    stock: { status: 'unknown', units: null, threshold: 25 },
    offer: {
      discount_percent: null,
      free_shipping: false,
      shipping_variant: null,
      reward_percent: null,
      deadline: null,
    },
    currency: 'USD',
    ...over,
  };
}
