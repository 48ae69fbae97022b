import { AS_OF_DAY, monthOf } from './calendar.ts';
import { type Catalogue, nearestPosition } from './catalogue.ts';
import { normalCdf } from './normal-cdf.ts';
import {
  CATEGORY_PRICE_FACTOR,
  DISCOUNT_TRIGGER_SHARE,
  DOUBLE_QUANTITY_PROBABILITY,
  EXTRA_ITEMS_MEAN,
  exclusiveItemProbability,
  FREE_SHIPPING_THRESHOLD,
  ITEM_PRICE_SIGMA,
  OWN_CODE_BASE_SHARE,
  OWN_CODE_SHARE_STEP,
  OWN_CODE_SHARE_STEPS,
  ownCodeProbability,
  SHIPPING_FEE,
  topUpProbability,
} from './orders.ts';
import type { Traits } from './traits.ts';

/**
 * A customer's expected realised margin on one order, computed exactly (no sampling) from the
 * process that draws and prices their orders (orders.ts: drawBasket with forOrder = true, then
 * priceOrder), so that the simulator's true profit is in the units of the outcome the engine
 * learns from (causal/pipeline/outcomes.ts): merchandise revenue less product cost, less the
 * discount actually given, plus the shipping fee the customer paid. The shop's own shipping cost is
 * not in it: the engine subtracts what its cost configuration says shipping costs, per order.
 *
 * What the process is, and how each part is taken in expectation:
 * - an item: category c with probability w_c (the customer's category weights); with probability
 *   e(t) one of the category's exclusive pieces, uniformly; else the product nearest in price to
 *   the target spend level × factor_c × LogNormal(0, sigma), shifted by −2..+2 positions
 *   uniformly (clipped). nearestPosition is a step function of the target, so the probability of
 *   each product is a sum of log-normal interval probabilities (normal CDF differences; the CDF
 *   is accurate to about 1e-15); quantity 2 with probability 0.07.
 * - a basket: 1 + Poisson(0.55) items; then, below the free-shipping threshold, one more item
 *   with probability 0.6 × shipping sensitivity. The threshold needs the distribution of the
 *   subtotal below $75: every price is $6 or a whole number of dollars less one cent (checked on
 *   the catalogue), so with each line counted as quantity × its price rounded up to the dollar,
 *   a subtotal is below $75 exactly when that dollar count is at most 75 (a line is never more
 *   than 99 cents above its price in cents below it, and only $6 lines are whole, whose sums are
 *   never 75). That dollar count is a compound Poisson sum on 0..75, convolved exactly.
 * - pricing: the discount trigger takes 15% of the subtotal; otherwise a price-sensitive customer
 *   uses an own code (10/15/20/25% off) with probability price sensitivity² × (0.9 in November,
 *   else 0.55); the shipping fee is paid below the threshold unless the trigger is free shipping.
 *   Discounts are rounded to the cent in the orders; the expectation does not round (a bias below
 *   half a cent per order).
 * Returns are not in it: the margin outcome does not subtract returned items.
 */
export interface OrderMarginProfile {
  /** E[Σ quantity × (price − cost)] over the order's basket. */
  merchandiseMargin: number;
  /** E[subtotal]. */
  subtotal: number;
  /** P(subtotal < free-shipping threshold): the fee is charged unless the trigger is free shipping. */
  feeProbability: number;
  /** Probability of an own discount code outside and in the November sale. */
  ownCodeProbability: { regular: number; november: number };
}

/** Expected margin of one order under each kind of pricing, before the shop's shipping cost. */
export interface PricingMargins {
  /** Full price: no trigger price change (control and every trigger but the two below); own codes apply. */
  fullPrice: number;
  /** The discount trigger's 15% off (no own code on top). */
  discount: number;
  /** The free-shipping trigger: no fee; own codes apply. */
  freeShipping: number;
}

/** Largest dollar count that is still below the free-shipping threshold (see above). */
const MAX_DOLLARS = FREE_SHIPPING_THRESHOLD;
const MEAN_QUANTITY = 1 + DOUBLE_QUANTITY_PROBABILITY;
const MEAN_OWN_CODE_SHARE = OWN_CODE_BASE_SHARE + (OWN_CODE_SHARE_STEP * (OWN_CODE_SHARE_STEPS - 1)) / 2;

/**
 * One category's items as a function of the target price: the intervals of ln(target) on which
 * nearestPosition is constant, and per interval the mean price, mean margin and dollar counts of
 * the five products the ±2 shift reaches.
 */
interface CategoryTable {
  /** Interior boundaries of the intervals, as ln(price); interval k is (lnBound[k−1], lnBound[k]). */
  lnBound: Float64Array;
  price: Float64Array;
  margin: Float64Array;
  /** Per interval, its products' whole-dollar prices (5 each; above MAX_DOLLARS they do not matter). */
  dollars: Int32Array;
  exclusive: { price: number; margin: number; dollars: Int32Array } | null;
}

const tables = new WeakMap<Catalogue, CategoryTable[]>();

function wholeDollars(price: number): number {
  const cents = Math.round(price * 100);
  if (cents !== 600 && cents % 100 !== 99)
    throw new Error(`order-margin: a product price of ${price} breaks the dollar-count argument`);
  return Math.ceil(cents / 100);
}

function categoryTables(cat: Catalogue): CategoryTable[] {
  const cached = tables.get(cat);
  if (cached) return cached;
  const out = cat.byCategory.map(({ index, price }, c): CategoryTable => {
    const n = price.length;
    const cuts = new Set<number>();
    for (let j = 0; j < n; j++) {
      cuts.add(price[j] as number);
      if (j > 0) cuts.add(((price[j - 1] as number) + (price[j] as number)) / 2);
    }
    const sorted = [...cuts].filter((x) => x > 0).sort((a, b) => a - b);
    // nearestPosition is constant between consecutive cut points: evaluate it inside each gap
    // and keep only the cuts where it changes.
    const at = (k: number): number => {
      const lo = k === 0 ? 0 : (sorted[k - 1] as number);
      const hi = k === sorted.length ? lo * 2 + 1 : (sorted[k] as number);
      return nearestPosition(cat, c, (lo + hi) / 2);
    };
    const positions: number[] = [at(0)];
    const bounds: number[] = [];
    for (let k = 1; k <= sorted.length; k++) {
      const p = at(k);
      if (p !== positions[positions.length - 1]) {
        bounds.push(Math.log(sorted[k - 1] as number));
        positions.push(p);
      }
    }
    const m = positions.length;
    const tPrice = new Float64Array(m);
    const tMargin = new Float64Array(m);
    const dollars = new Int32Array(m * 5);
    positions.forEach((pos, k) => {
      for (let o = -2; o <= 2; o++) {
        const product = cat.products[index[Math.min(n - 1, Math.max(0, pos + o))] as number]!;
        tPrice[k] += product.price / 5;
        tMargin[k] += (product.price - product.cost) / 5;
        dollars[k * 5 + o + 2] = wholeDollars(product.price);
      }
    });
    const ex = cat.exclusiveByCategory[c]!;
    const exclusive = ex.length
      ? {
          price: ex.reduce((s, p) => s + cat.products[p]!.price, 0) / ex.length,
          margin: ex.reduce((s, p) => s + cat.products[p]!.price - cat.products[p]!.cost, 0) / ex.length,
          dollars: Int32Array.from(ex, (p) => wholeDollars(cat.products[p]!.price)),
        }
      : null;
    return { lnBound: Float64Array.from(bounds), price: tPrice, margin: tMargin, dollars, exclusive };
  });
  tables.set(cat, out);
  return out;
}

/** Adds `mass` spread evenly over `dollars` to the item's dollar-count distribution (both quantities). */
function addDollars(
  pmf: Float64Array,
  at: number,
  dollars: Int32Array,
  from: number,
  count: number,
  mass: number,
) {
  const single = (mass * (1 - DOUBLE_QUANTITY_PROBABILITY)) / count;
  const double = (mass * DOUBLE_QUANTITY_PROBABILITY) / count;
  for (let k = from; k < from + count; k++) {
    const d = dollars[k] as number;
    if (d <= MAX_DOLLARS) pmf[at + d] += single;
    if (2 * d <= MAX_DOLLARS) pmf[at + 2 * d] += double;
  }
}

/*
 * A regular (non-exclusive) item of category c depends on the customer only through
 * x = ln(spend level): its statistics are S_c(x) = Σ_k [Φ((l_k − x − ln f_c)/σ) − Φ((l_{k−1} − x −
 * ln f_c)/σ)] v_k, smooth in x. They are computed exactly at nodes x = j·H (with their derivative,
 * −Σ_k v_k [φ(z_k) − φ(z_{k−1})]/σ) and cubic-Hermite interpolated in between: the error is below
 * H⁴ max|S⁗| / 384, about 1e-8 of the value for H = 1/64 and σ = 0.45 (tested against the direct
 * sum), and a customer costs 12 × 78 interpolations instead of ~2,000 CDF differences.
 */
const NODE_STEP = 1 / 64;
/** Per category: price, margin, then the dollar-count distribution 0..MAX_DOLLARS. */
const STATS = MAX_DOLLARS + 3;
const nodeCaches = new WeakMap<Catalogue, Map<number, Float64Array>>();

/** Regular-item statistics of every category at x, and their derivatives in x (exact sums). */
export function regularItemStats(cat: Catalogue, x: number): { value: Float64Array; slope: Float64Array } {
  const cats = categoryTables(cat);
  const value = new Float64Array(cats.length * STATS);
  const slope = new Float64Array(cats.length * STATS);
  const density = (z: number) => Math.exp((-z * z) / 2) / Math.sqrt(2 * Math.PI);
  cats.forEach((table, c) => {
    const mu = x + Math.log(CATEGORY_PRICE_FACTOR[c] as number);
    const at = c * STATS;
    const m = table.price.length;
    let cdfBelow = 0;
    let pdfBelow = 0;
    for (let k = 0; k < m; k++) {
      const z = k < m - 1 ? ((table.lnBound[k] as number) - mu) / ITEM_PRICE_SIGMA : Number.POSITIVE_INFINITY;
      const cdf = k < m - 1 ? normalCdf(z) : 1;
      const pdf = k < m - 1 ? density(z) : 0;
      const pk = cdf - cdfBelow;
      // d pk / dx = −(pdf − pdfBelow) / σ
      const dk = -(pdf - pdfBelow) / ITEM_PRICE_SIGMA;
      cdfBelow = cdf;
      pdfBelow = pdf;
      value[at] += pk * (table.price[k] as number);
      slope[at] += dk * (table.price[k] as number);
      value[at + 1] += pk * (table.margin[k] as number);
      slope[at + 1] += dk * (table.margin[k] as number);
      addDollars(value, at + 2, table.dollars, k * 5, 5, pk);
      addDollars(slope, at + 2, table.dollars, k * 5, 5, dk);
    }
  });
  return { value, slope };
}

function node(cat: Catalogue, j: number): Float64Array {
  let cache = nodeCaches.get(cat);
  if (!cache) {
    cache = new Map();
    nodeCaches.set(cat, cache);
  }
  let n = cache.get(j);
  if (!n) {
    const { value, slope } = regularItemStats(cat, j * NODE_STEP);
    n = new Float64Array(2 * value.length);
    n.set(value);
    // Stored as the slope times the node step, as Hermite interpolation on [0, 1] uses it.
    for (let i = 0; i < slope.length; i++) n[value.length + i] = (slope[i] as number) * NODE_STEP;
    cache.set(j, n);
  }
  return n;
}

/** How one item is described: E[price], E[price − cost] per line (quantity 1) and the dollar-count pmf. */
interface ItemDistribution {
  price: number;
  margin: number;
  pmf: Float64Array;
}

/** Regular-item statistics of every category at x = ln(spend level), interpolated between nodes. */
export function interpolatedRegularItemStats(cat: Catalogue, x: number): Float64Array {
  const u = x / NODE_STEP;
  const j = Math.floor(u);
  const s = u - j;
  const a = node(cat, j);
  const b = node(cat, j + 1);
  const half = a.length / 2;
  const s2 = s * s;
  const s3 = s2 * s;
  const h00 = 2 * s3 - 3 * s2 + 1;
  const h10 = s3 - 2 * s2 + s;
  const h01 = 3 * s2 - 2 * s3;
  const h11 = s3 - s2;
  const out = new Float64Array(half);
  for (let i = 0; i < half; i++)
    out[i] =
      h00 * (a[i] as number) +
      h10 * (a[half + i] as number) +
      h01 * (b[i] as number) +
      h11 * (b[half + i] as number);
  return out;
}

/** The customer's item distribution: category mixture of exclusive pieces and regular items. */
function itemDistribution(t: Traits, cat: Catalogue): ItemDistribution {
  const cats = categoryTables(cat);
  const regularStats = interpolatedRegularItemStats(cat, Math.log(t.spendLevel));
  let weightTotal = 0;
  for (const w of t.categoryWeights) weightTotal += w;
  const exclusiveP = exclusiveItemProbability(t);
  let price = 0;
  let margin = 0;
  const pmf = new Float64Array(MAX_DOLLARS + 1);
  cats.forEach((table, c) => {
    const w = (t.categoryWeights[c] as number) / weightTotal;
    if (!(w > 0)) return;
    let regular = w;
    if (table.exclusive) {
      const mass = w * exclusiveP;
      regular = w - mass;
      price += mass * table.exclusive.price;
      margin += mass * table.exclusive.margin;
      addDollars(pmf, 0, table.exclusive.dollars, 0, table.exclusive.dollars.length, mass);
    }
    const at = c * STATS;
    price += regular * (regularStats[at] as number);
    margin += regular * (regularStats[at + 1] as number);
    for (let d = 1; d <= MAX_DOLLARS; d++) pmf[d] += regular * (regularStats[at + 2 + d] as number);
  });
  return { price, margin, pmf };
}

/** The customer's order-margin profile (time-independent: traits and catalogue only). */
export function orderMarginProfile(t: Traits, cat: Catalogue): OrderMarginProfile {
  const item = itemDistribution(t, cat);
  const price = item.price * MEAN_QUANTITY;
  const margin = item.margin * MEAN_QUANTITY;
  const f = item.pmf;
  // The first N = 1 + Poisson(λ) items have the generating function G = F·exp(λ(F − 1)), F the
  // item's; its coefficients up to 75 give P0 = P(S0 < 75), and those of F·G give
  // P1 = P(S0 + one more item < 75). exp(λ(F − 1)) by the power-series recurrence
  // e_0 = exp(−λ), e_k = (λ/k) Σ_j j f_j e_{k−j} (all terms positive, so stable).
  const lambda = EXTRA_ITEMS_MEAN;
  let first = 1;
  while (first <= MAX_DOLLARS && f[first] === 0) first++;
  const e = new Float64Array(MAX_DOLLARS + 1);
  e[0] = Math.exp(-lambda);
  for (let k = first; k <= MAX_DOLLARS; k++) {
    let sum = 0;
    for (let j = first; j <= k; j++) sum += j * (f[j] as number) * (e[k - j] as number);
    e[k] = (lambda / k) * sum;
  }
  const g = new Float64Array(MAX_DOLLARS + 1);
  for (let v = first; v <= MAX_DOLLARS; v++) {
    let sum = 0;
    for (let i = first; i <= v; i++) sum += (f[i] as number) * (e[v - i] as number);
    g[v] = sum;
  }
  let p0 = 0;
  for (let v = 0; v <= MAX_DOLLARS; v++) p0 += g[v] as number;
  let p1 = 0;
  let gBelow = 0; // Σ_{v ≤ 75 − i} g_v, grown as i falls
  for (let i = MAX_DOLLARS; i >= first; i--) {
    gBelow += g[MAX_DOLLARS - i] as number;
    p1 += (f[i] as number) * gBelow;
  }
  const topUp = topUpProbability(t);
  const items = 1 + lambda + topUp * p0;
  return {
    merchandiseMargin: items * margin,
    subtotal: items * price,
    feeProbability: (1 - topUp) * p0 + topUp * p1,
    ownCodeProbability: { regular: ownCodeProbability(t, false), november: ownCodeProbability(t, true) },
  };
}

const round6 = (x: number) => Math.round(x * 1e6) / 1e6;

/**
 * Expected margin of one order under each kind of pricing, for an order whose probability of
 * falling in the November sale is `novemberShare`; rounded to 1e-6 as stored.
 */
export function pricingMargins(profile: OrderMarginProfile, novemberShare: number): PricingMargins {
  const own =
    (1 - novemberShare) * profile.ownCodeProbability.regular +
    novemberShare * profile.ownCodeProbability.november;
  const ownCode = own * MEAN_OWN_CODE_SHARE * profile.subtotal;
  const fee = profile.feeProbability * SHIPPING_FEE;
  return {
    fullPrice: round6(profile.merchandiseMargin - ownCode + fee),
    discount: round6(profile.merchandiseMargin - DISCOUNT_TRIGGER_SHARE * profile.subtotal + fee),
    freeShipping: round6(profile.merchandiseMargin - ownCode),
  };
}

/**
 * Probability that the order of a conversion in the window [sent, sent + windowDays) falls in
 * November: customer-sim.ts places it at sent + Uniform(0.02, windowDays), moved to just before
 * `capDay` (as_of) when later; monthOf reads whole days.
 */
export function novemberShare(sentDay: number, windowDays: number, capDay = AS_OF_DAY - 1e-4): number {
  const lo = sentDay + 0.02;
  const hi = sentDay + windowDays;
  if (hi <= lo) return monthOf(Math.min(lo, capDay)) === 10 ? 1 : 0;
  let inNovember = 0;
  const end = Math.min(hi, capDay);
  for (let d = Math.floor(lo); d < end; d++) {
    const overlap = Math.min(d + 1, end) - Math.max(d, lo);
    if (overlap > 0 && monthOf(d + 0.5) === 10) inNovember += overlap;
  }
  if (hi > capDay && monthOf(capDay) === 10) inNovember += hi - Math.max(lo, capDay);
  return inNovember / (hi - lo);
}
