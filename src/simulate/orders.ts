import { DEFAULT_COST_CONFIG } from '../contracts/trigger-costs.ts';
import type { Rng } from '../core/rng.ts';
import { type Catalogue, nearestPosition } from './catalogue.ts';
import type { Traits } from './traits.ts';

/**
 * What a customer puts in a basket and what the order costs them. Item prices aim at the
 * customer's spend level with log-normal spread, the number of items is 1 + Poisson, so order
 * values are right-skewed; a shipping fee applies below the free-shipping threshold (shipping-
 * sensitive customers often add an item to pass it); price-sensitive customers use discount
 * codes, more in the November sales.
 */
export const SHIPPING_FEE = DEFAULT_COST_CONFIG.triggers.free_shipping.per_conversion_amount;
export const FREE_SHIPPING_THRESHOLD = 75;
export const DISCOUNT_TRIGGER_SHARE = DEFAULT_COST_CONFIG.triggers.discount.order_value_share;
/*
 * The constants of the basket and pricing draws are exported so that order-margin.ts computes
 * the expected realised margin from exactly the process below.
 */
export const EXTRA_ITEMS_MEAN = 0.55;
export const ITEM_PRICE_SIGMA = 0.45;
/** Probability that a line has quantity 2 (else 1). */
export const DOUBLE_QUANTITY_PROBABILITY = 0.07;
/** Share of price-sensitive customers' own codes: 10, 15, 20 or 25% off, equally likely. */
export const OWN_CODE_BASE_SHARE = 0.1;
export const OWN_CODE_SHARE_STEP = 0.05;
export const OWN_CODE_SHARE_STEPS = 4;
/** Typical item price across the catalogue: category medians are scaled by it. */
const REFERENCE_PRICE = 48;
export const CATEGORY_PRICE_FACTOR = [32, 68, 52, 120, 88, 95, 24, 45, 26, 44, 38, 28].map(
  (p) => p / REFERENCE_PRICE,
);

/** Probability that an item of a category with exclusive pieces is one of them. */
export function exclusiveItemProbability(t: Traits): number {
  return 0.05 + 0.45 * t.statusSeeking * t.statusSeeking;
}

/** Probability that a shipping-sensitive customer adds an item to pass the free-shipping threshold. */
export function topUpProbability(t: Traits): number {
  return 0.6 * t.shippingSensitivity;
}

/** Probability that an order without the discount trigger uses the customer's own discount code. */
export function ownCodeProbability(t: Traits, novemberSale: boolean): number {
  return t.priceSensitivity * t.priceSensitivity * (novemberSale ? 0.9 : 0.55);
}

export interface Basket {
  products: number[];
  quantities: number[];
  prices: number[];
  subtotal: number;
}

const round2 = (x: number) => Math.round(x * 100) / 100;

function addItem(rng: Rng, t: Traits, cat: Catalogue, b: Basket): void {
  const c = rng.weightedIndex(t.categoryWeights);
  let p: number;
  const exclusive = cat.exclusiveByCategory[c]!;
  if (exclusive.length && rng.bernoulli(exclusiveItemProbability(t))) p = rng.pick(exclusive);
  else {
    const target = t.spendLevel * (CATEGORY_PRICE_FACTOR[c] as number) * rng.logNormal(0, ITEM_PRICE_SIGMA);
    // Neighbours in price, so that one target does not always land on the same product.
    const { index } = cat.byCategory[c]!;
    const pos = nearestPosition(cat, c, target) + rng.int(5) - 2;
    p = index[Math.min(index.length - 1, Math.max(0, pos))] as number;
  }
  const q = rng.bernoulli(DOUBLE_QUANTITY_PROBABILITY) ? 2 : 1;
  const price = cat.products[p]!.price;
  b.products.push(p);
  b.quantities.push(q);
  b.prices.push(price);
  b.subtotal = round2(b.subtotal + q * price);
}

export function drawBasket(rng: Rng, t: Traits, cat: Catalogue, forOrder: boolean): Basket {
  const b: Basket = { products: [], quantities: [], prices: [], subtotal: 0 };
  const n = 1 + rng.poisson(EXTRA_ITEMS_MEAN);
  for (let k = 0; k < n; k++) addItem(rng, t, cat, b);
  if (forOrder && b.subtotal < FREE_SHIPPING_THRESHOLD && rng.bernoulli(topUpProbability(t))) {
    addItem(rng, t, cat, b);
  }
  return b;
}

export interface Pricing {
  discount: number;
  shipping: number;
  total: number;
}

/** Prices an order: `trigger` is the campaign arm that converted it, if any. */
export function priceOrder(
  rng: Rng,
  t: Traits,
  b: Basket,
  trigger: string | null,
  novemberSale: boolean,
): Pricing {
  let discount = 0;
  if (trigger === 'discount') discount = round2(b.subtotal * DISCOUNT_TRIGGER_SHARE);
  else if (rng.bernoulli(ownCodeProbability(t, novemberSale))) {
    discount = round2(
      b.subtotal * (OWN_CODE_BASE_SHARE + OWN_CODE_SHARE_STEP * rng.int(OWN_CODE_SHARE_STEPS)),
    );
  }
  const shipping = trigger === 'free_shipping' || b.subtotal >= FREE_SHIPPING_THRESHOLD ? 0 : SHIPPING_FEE;
  return { discount, shipping, total: round2(b.subtotal - discount + shipping) };
}

/** Per-item return probability: most customers return little, a few return a lot. */
export function itemReturnProbability(t: Traits): number {
  return Math.min(0.9, 0.75 * t.returnPropensity);
}

/**
 * The customer's expected order value (subtotal + shipping, before any discount), by Monte Carlo
 * over their own basket model, for the truth table and the profit oracle.
 */
export function expectedOrderValue(rng: Rng, t: Traits, cat: Catalogue, draws = 24): number {
  let s = 0;
  for (let k = 0; k < draws; k++) {
    const b = drawBasket(rng, t, cat, true);
    s += b.subtotal + (b.subtotal >= FREE_SHIPPING_THRESHOLD ? 0 : SHIPPING_FEE);
  }
  return round2(s / draws);
}
