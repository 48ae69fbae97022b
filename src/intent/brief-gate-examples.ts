/**
 * Real briefs the "not a campaign brief" gate must accept without asking: terse ones a marketer
 * types, the examples of DESIGN.md §3 and docs/intent.md, and the product description's two seed
 * examples. Shared by the gate's test and its report, so both check the same list.
 */
export const TERSE_BRIEFS = [
  'cart reminder',
  '20% off',
  'winback, lapsed 180d',
  'vip early access',
  'free shipping over $50',
  // Orders on a trigger with no audience or goal (the gate's model alone refused or asked about them).
  'send a discount',
  'email a coupon',
  'send a discount to boost sales',
  'Win back lapsed high-value customers',
  'Customers who left items in their cart in the last 48 hours: offer free expedited shipping by email, without offering any discount, to lift conversion rate by 10% within 30 days.',
  'Win back lapsed high-value customers with free shipping, no discounts, $20k budget',
  'Reactivate dormant customers with bonus points, $50k budget',
  "Target users who viewed 'Limited Edition' sneakers and remind them stock is low.",
  'Offer our most loyal customers exclusive early access to the new collection.',
];
