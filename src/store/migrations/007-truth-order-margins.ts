import type { Migration } from '../migrate.ts';

const columns = ['order_margin_full_price', 'order_margin_discount', 'order_margin_free_shipping'];

/**
 * The simulator's expected realised margin of an order under each kind of pricing (full price
 * with the customer's own codes, the discount trigger's 15% off, free shipping), before the shop's
 * shipping cost: per exposure at its send time and per customer as of as_of, so the true profit
 * is in the units of the engine's margin outcome (src/simulate/order-margin.ts). Null in data
 * sets generated before.
 */
export const truthOrderMargins: Migration = {
  version: 7,
  name: 'truth-order-margins',
  statements: ['truth.exposure_probabilities', 'truth.customer_uplift'].flatMap((table) =>
    columns.map((c) => `ALTER TABLE ${table} ADD COLUMN ${c} DOUBLE`),
  ),
};
