import { describe, expect, it } from 'vitest';
import type { Criteria } from '../contracts/criteria.ts';
import { audienceHasCart } from './cart-audience.ts';

const cart: Criteria = { field: 'abandoned_cart_value', op: '>', value: 0 };
const lapsed: Criteria = { field: 'days_since_last_purchase', op: '>=', value: 90 };

describe('audienceHasCart', () => {
  it('is true when every customer selected must have an abandoned cart', () => {
    expect(audienceHasCart(cart)).toBe(true);
    expect(audienceHasCart({ field: 'abandoned_cart_value', op: '>=', value: 50 })).toBe(true);
    expect(audienceHasCart({ field: 'abandoned_cart_value', op: 'between', value: [20, 200] })).toBe(true);
    expect(audienceHasCart({ field: 'abandoned_cart_age_hours', op: '<=', value: 48 })).toBe(true);
    expect(audienceHasCart({ field: 'abandoned_cart_reason', op: '=', value: 'shipping_cost' })).toBe(true);
    expect(audienceHasCart({ event: 'abandoned_cart', within_days: 7 })).toBe(true);
    expect(audienceHasCart({ all: [lapsed, cart] })).toBe(true);
    expect(audienceHasCart({ any: [cart, { event: 'abandoned_cart' }] })).toBe(true);
  });

  it('is false for an audience not chosen for a cart', () => {
    expect(audienceHasCart(null)).toBe(false);
    expect(audienceHasCart(undefined)).toBe(false);
    // A win-back audience.
    expect(audienceHasCart({ all: [lapsed, { field: 'clv_score', op: '>=', value: 0.8 }] })).toBe(false);
    // A cart in one branch of several does not make every customer have one.
    expect(audienceHasCart({ any: [cart, lapsed] })).toBe(false);
    expect(audienceHasCart({ not: cart })).toBe(false);
    // Conditions a customer without a cart meets (value 0, age and reason null).
    expect(audienceHasCart({ field: 'abandoned_cart_value', op: '>=', value: 0 })).toBe(false);
    expect(audienceHasCart({ field: 'abandoned_cart_value', op: '<', value: 100 })).toBe(false);
    expect(audienceHasCart({ field: 'abandoned_cart_value', op: '=', value: 0 })).toBe(false);
    expect(audienceHasCart({ field: 'abandoned_cart_age_hours', op: 'is_null' })).toBe(false);
    expect(audienceHasCart({ event: 'viewed_product', within_days: 14 })).toBe(false);
  });
});
