import type { Criteria, FieldCondition } from '../contracts/criteria.ts';

/** Whether a cart-value condition can hold for a customer without an open cart (value 0). */
function holdsAtZero(c: FieldCondition): boolean {
  const v = c.value;
  switch (c.op) {
    case '=':
      return v === 0;
    case '!=':
      return v !== 0;
    case '<':
      return typeof v === 'number' && 0 < v;
    case '<=':
      return typeof v === 'number' && 0 <= v;
    case '>':
      return typeof v === 'number' && 0 > v;
    case '>=':
      return typeof v === 'number' && 0 >= v;
    case 'between':
      return (
        Array.isArray(v) && typeof v[0] === 'number' && typeof v[1] === 'number' && v[0] <= 0 && 0 <= v[1]
      );
    case 'in':
      return Array.isArray(v) && v.includes(0);
    case 'not_in':
      return !Array.isArray(v) || !v.includes(0);
    default:
      // is_null (never true: the value is 0 without a cart) and contains (not a number's).
      return false;
  }
}

/**
 * Whether every customer the criteria select has an abandoned cart (DESIGN.md §5): a condition on
 * the last abandoned cart that a customer without one fails (abandoned_cart_value > 0, an age or a
 * reason, which are null without a cart) or an abandoned_cart event, required by the whole tree
 * (in an `all`, in every branch of an `any`, never under a `not`). The copy says "you left
 * something in your cart" only to such an audience.
 */
export function audienceHasCart(criteria: Criteria | null | undefined): boolean {
  if (!criteria) return false;
  if ('all' in criteria) return criteria.all.some(audienceHasCart);
  if ('any' in criteria) return criteria.any.length > 0 && criteria.any.every(audienceHasCart);
  if ('not' in criteria) return false;
  if ('event' in criteria) return criteria.event === 'abandoned_cart';
  if (criteria.field === 'abandoned_cart_value') return !holdsAtZero(criteria);
  if (criteria.field === 'abandoned_cart_age_hours' || criteria.field === 'abandoned_cart_reason')
    return criteria.op !== 'is_null';
  return false;
}
