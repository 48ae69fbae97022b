import type { Rng } from '../core/rng.ts';
import { epochSeconds } from './calendar.ts';
import type { Catalogue } from './catalogue.ts';
import type { AbandonReason, AbandonStep } from './causal-model.ts';
import { type Basket, FREE_SHIPPING_THRESHOLD } from './orders.ts';
import type { RowBuffers } from './row-buffers.ts';
import type { Traits } from './traits.ts';

/**
 * A customer's on-site behaviour as rows: sessions with their page views, carts (converted or
 * abandoned at a step, for a reason), wishlist, reviews and content interactions. Each is a
 * noisy consequence of the traits: social conformity shows as visits to the bestsellers and
 * trending pages, content affinity as reading, status seeking as wishlisting exclusive pieces,
 * shipping sensitivity as carts left at the shipping step — but only now and then.
 */
export interface CustomerContext {
  out: RowBuffers;
  rng: Rng;
  traits: Traits;
  cat: Catalogue;
  customerId: string;
  /** Customer number, used in row ids so that ids do not depend on chunking. */
  n: number;
  device: string;
  /** Traffic-source weights of non-campaign sessions (TRAFFIC_SOURCES order). */
  sourceWeights: number[];
  counters: { session: number; cart: number; review: number };
}

export const TRAFFIC_SOURCES = ['direct', 'organic_search', 'paid_search', 'social', 'email', 'referral'];

export function trafficWeightsFor(acquisitionSource: string): number[] {
  const w = [0.3, 0.28, 0.14, 0.12, 0.08, 0.08];
  if (acquisitionSource === 'paid_social' || acquisitionSource === 'influencer') w[3]! += 0.2;
  else if (acquisitionSource === 'paid_search') w[2]! += 0.15;
  else if (acquisitionSource === 'organic_search') w[1]! += 0.15;
  else if (acquisitionSource === 'referral' || acquisitionSource === 'affiliate') w[5]! += 0.12;
  else if (acquisitionSource === 'email_signup') w[4]! += 0.1;
  return w;
}

const productId = (ctx: CustomerContext, p: number) => ctx.cat.products[p]!.id;

function pageView(
  ctx: CustomerContext,
  sid: string,
  sec: number,
  type: string,
  product: string,
  content: string,
) {
  ctx.out.add('page_views', `${sid},${ctx.customerId},${sec},${type},${product},${content}`);
}

/** Opens a session row; returns its id and start in epoch seconds. */
function session(
  ctx: CustomerContext,
  day: number,
  durationScale: number,
  source: string | null,
): [string, number] {
  const { rng, traits } = ctx;
  const sid = `s${ctx.n}_${ctx.counters.session++}`;
  const sec = epochSeconds(day);
  const duration = Math.max(
    5,
    Math.round(durationScale * 150 * (0.7 + 0.8 * traits.contentAffinity) * rng.logNormal(0, 0.7)),
  );
  const src = source ?? TRAFFIC_SOURCES[rng.weightedIndex(ctx.sourceWeights)]!;
  const device = rng.bernoulli(0.8) ? ctx.device : rng.pick(['mobile', 'desktop', 'tablet']);
  ctx.out.add('sessions', `${sid},${ctx.customerId},${sec},${duration},${device},${src}`);
  return [sid, sec];
}

/** A product page of the customer's preferred categories. */
function browseProduct(ctx: CustomerContext): number {
  const { rng, traits, cat } = ctx;
  const c = rng.weightedIndex(traits.categoryWeights);
  const exclusive = cat.exclusiveByCategory[c]!;
  if (exclusive.length && rng.bernoulli(0.04 + 0.3 * traits.statusSeeking)) return rng.pick(exclusive);
  const { index } = cat.byCategory[c]!;
  return index[rng.int(index.length)] as number;
}

export function browseSession(ctx: CustomerContext, day: number, endDay: number): void {
  const { rng, traits, cat } = ctx;
  const [sid, start] = session(ctx, day, 1, null);
  let sec = start;
  const step = () => (sec += 10 + rng.int(90));
  if (rng.bernoulli(0.03 + 0.45 * traits.socialConformity * traits.socialConformity)) {
    pageView(ctx, sid, step(), 'bestsellers', '', '');
  }
  // FOMO shows as checking what is trending and as new-collection views.
  if (rng.bernoulli(0.02 + 0.35 * traits.urgencyFomo * traits.urgencyFomo)) {
    pageView(ctx, sid, step(), 'trending', '', '');
  }
  const views = 1 + rng.poisson(0.7 + 0.6 * traits.categoryFocus);
  for (let k = 0; k < views; k++) {
    const p = browseProduct(ctx);
    pageView(ctx, sid, step(), 'product', productId(ctx, p), '');
    if (rng.bernoulli(0.01 + 0.05 * traits.statusSeeking + (cat.products[p]!.exclusive ? 0.05 : 0))) {
      const removed = rng.bernoulli(0.3) ? day + rng.exponential(1 / 40) : Number.POSITIVE_INFINITY;
      ctx.out.add(
        'wishlist_items',
        `${ctx.customerId},${productId(ctx, p)},${sec},${removed < endDay ? epochSeconds(removed) : ''}`,
      );
    }
  }
  if (rng.bernoulli(0.02 + 0.45 * traits.contentAffinity * traits.contentAffinity)) {
    const c = rng.weightedIndex(traits.categoryWeights);
    const pool = cat.contentByCategory[c]!;
    const item = pool.length ? cat.content[rng.pick(pool)]! : cat.content[rng.int(cat.content.length)]!;
    pageView(ctx, sid, step(), 'content', '', item.id);
    const r = rng.next();
    const kind = r < 0.12 * traits.socialConformity ? 'share' : r < 0.3 ? 'watch' : 'read';
    ctx.out.add('content_interactions', `${ctx.customerId},${item.id},${sec},${kind}`);
  }
}

export interface Abandonment {
  step: AbandonStep;
  reason: AbandonReason;
}

/**
 * Why a cart is left: a shipping fee shown to a shipping-sensitive customer stops them at the
 * shipping step; price-sensitive customers balk at the total; the rest browse, get distracted or
 * fail to pay.
 */
export function drawAbandonment(rng: Rng, t: Traits, b: Basket): Abandonment {
  if (b.subtotal < FREE_SHIPPING_THRESHOLD && rng.bernoulli(0.15 + 0.7 * t.shippingSensitivity)) {
    return { step: 'shipping', reason: 'shipping_cost' };
  }
  const r = rng.next();
  if (r < 0.45 * t.priceSensitivity)
    return { step: rng.bernoulli(0.5) ? 'cart' : 'payment', reason: 'price' };
  if (r < 0.45 * t.priceSensitivity + 0.1) return { step: 'payment', reason: 'payment_issue' };
  return { step: 'cart', reason: rng.bernoulli(0.55) ? 'browsing' : 'distraction' };
}

/** A session that fills a cart and leaves it. */
export function abandonSession(ctx: CustomerContext, day: number, b: Basket, a: Abandonment): void {
  const { rng } = ctx;
  const [sid, start] = session(ctx, day, 0.9, null);
  let sec = start;
  for (let k = 0; k < b.products.length; k++) {
    sec += 15 + rng.int(100);
    pageView(ctx, sid, sec, 'product', productId(ctx, b.products[k]!), '');
  }
  const cartId = `k${ctx.n}_${ctx.counters.cart++}`;
  const abandonedAt = sec + 60 + rng.int(600);
  ctx.out.add(
    'carts',
    `${cartId},${ctx.customerId},${sec},abandoned,${b.subtotal},${abandonedAt},${a.step},${a.reason},`,
  );
  cartItems(ctx, cartId, b);
}

function cartItems(ctx: CustomerContext, cartId: string, b: Basket): void {
  for (let k = 0; k < b.products.length; k++) {
    ctx.out.add(
      'cart_items',
      `${cartId},${productId(ctx, b.products[k]!)},${b.quantities[k]},${b.prices[k]}`,
    );
  }
}

/**
 * The session in which an order is placed: product pages of the items, a converted cart, and
 * (for some customers, some orders) a review a few days later.
 */
export function purchaseSession(
  ctx: CustomerContext,
  day: number,
  b: Basket,
  orderId: string,
  source: string | null,
  returned: boolean[],
  endDay: number,
): number {
  const { rng, traits } = ctx;
  const [sid, start] = session(ctx, day, 1.2, source);
  let sec = start;
  for (let k = 0; k < b.products.length; k++) {
    sec += 15 + rng.int(120);
    pageView(ctx, sid, sec, 'product', productId(ctx, b.products[k]!), '');
  }
  const cartId = `k${ctx.n}_${ctx.counters.cart++}`;
  ctx.out.add('carts', `${cartId},${ctx.customerId},${sec},converted,${b.subtotal},,,,${orderId}`);
  cartItems(ctx, cartId, b);
  if (
    rng.bernoulli(
      0.01 + 0.06 * traits.contentAffinity + 0.2 * traits.loyaltyAffinity * traits.loyaltyAffinity,
    )
  ) {
    const writtenDay = day + 3 + rng.exponential(1 / 8);
    if (writtenDay < endDay) {
      const k = rng.int(b.products.length);
      const rating = returned[k] ? 1 + rng.int(3) : rng.bernoulli(0.7) ? 5 : 3 + rng.int(2);
      ctx.out.add(
        'reviews',
        `r${ctx.n}_${ctx.counters.review++},${ctx.customerId},${productId(ctx, b.products[k]!)},${rating},${epochSeconds(writtenDay)}`,
      );
    }
  }
  return sec;
}
