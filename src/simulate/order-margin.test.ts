import { describe, expect, it } from 'vitest';
import { Rng } from '../core/rng.ts';
import { AS_OF_DAY, monthOf } from './calendar.ts';
import { buildCatalogue } from './catalogue.ts';
import { normalCdf } from './normal-cdf.ts';
import {
  interpolatedRegularItemStats,
  novemberShare,
  orderMarginProfile,
  pricingMargins,
  regularItemStats,
} from './order-margin.ts';
import { drawBasket, FREE_SHIPPING_THRESHOLD, priceOrder } from './orders.ts';
import { drawPersonaIndex, drawTraits, type Traits } from './traits.ts';

const cat = buildCatalogue(42);

describe('normalCdf', () => {
  it('matches reference values to 1e-14', () => {
    const ref: [number, number][] = [
      [0, 0.5],
      [1, 0.8413447460685429],
      [-2, 0.022750131948179195],
      [0.5, 0.6914624612740131],
      [-1.5, 0.0668072012688581],
      [3, 0.9986501019683699],
      [-5, 2.866515718791939e-7],
    ];
    for (const [x, v] of ref) expect(Math.abs(normalCdf(x) - v)).toBeLessThan(1e-14);
    expect(normalCdf(-40)).toBe(0);
    expect(normalCdf(40)).toBe(1);
  });
});

describe('order margin: the tabulated item statistics', () => {
  it('interpolate the exact sums to 1e-7 of their scale', () => {
    const rng = Rng.derive(5, 'x');
    for (let r = 0; r < 25; r++) {
      const x = rng.uniform(Math.log(15), Math.log(400));
      const exact = regularItemStats(cat, x).value;
      const interpolated = interpolatedRegularItemStats(cat, x);
      for (let i = 0; i < exact.length; i++) {
        // price and margin are in dollars (scale ~100), the rest are probabilities (scale 1)
        const scale = i % 78 < 2 ? 100 : 1; // measured: 2.4e-7 USD and 1.2e-9 at most
        expect(Math.abs((interpolated[i] as number) - (exact[i] as number))).toBeLessThan(1e-7 * scale);
      }
    }
  });

  it('gives each category a probability distribution of item values', () => {
    const v = regularItemStats(cat, Math.log(60)).value;
    for (let c = 0; c < 12; c++) {
      let below = 0;
      for (let d = 0; d <= 75; d++) below += v[c * 78 + 2 + d] as number;
      expect(below).toBeGreaterThan(0);
      expect(below).toBeLessThanOrEqual(1 + 1e-12);
      expect(v[c * 78] as number).toBeGreaterThan(v[c * 78 + 1] as number); // price > margin
    }
  });
});

describe('order margin: expectation against the simulated orders', () => {
  /** The realised margin of one order as the engine logs it, before the shop's shipping cost. */
  function simulatedMargins(t: Traits, rng: Rng, draws: number, november: boolean) {
    const out = {
      full: [] as number[],
      discount: [] as number[],
      free: [] as number[],
      subtotal: 0,
      fee: 0,
    };
    for (let k = 0; k < draws; k++) {
      for (const trigger of [null, 'discount', 'free_shipping'] as const) {
        const b = drawBasket(rng, t, cat, true);
        const price = priceOrder(rng, t, b, trigger, november);
        let merchandise = 0;
        b.products.forEach((p, l) => {
          merchandise += (b.quantities[l] as number) * ((b.prices[l] as number) - cat.products[p]!.cost);
        });
        const m = merchandise - price.discount + price.shipping;
        if (trigger === null) {
          out.full.push(m);
          out.subtotal += b.subtotal;
          if (b.subtotal < FREE_SHIPPING_THRESHOLD) out.fee++;
        } else if (trigger === 'discount') out.discount.push(m);
        else out.free.push(m);
      }
    }
    out.subtotal /= draws;
    out.fee /= draws;
    return out;
  }
  const meanSe = (xs: number[]) => {
    const m = xs.reduce((s, x) => s + x, 0) / xs.length;
    const v = xs.reduce((s, x) => s + (x - m) ** 2, 0) / (xs.length - 1);
    return { m, se: Math.sqrt(v / xs.length) };
  };

  // Seeded customers of every persona; 20,000 orders per customer and pricing. The tolerance is
  // 4.5 standard errors of the simulated mean (a wrong term — a missed own code, the fee, the
  // top-up item — moves the mean by several dollars, tens of standard errors).
  const rng = Rng.derive(2026, 'order-margin-test');
  const customers = Array.from({ length: 8 }, (_, k) => drawTraits(rng, k));
  for (const [k, t] of customers.entries()) {
    for (const november of [false, true]) {
      if (november && k % 2 === 1) continue;
      it(`${t.persona}${november ? ' in the November sale' : ''}: full price, discount and free shipping`, () => {
        const profile = orderMarginProfile(t, cat);
        const expected = pricingMargins(profile, november ? 1 : 0);
        const sim = simulatedMargins(t, Rng.derive(7, `orders:${k}:${november}`), 20_000, november);
        for (const [key, xs] of [
          ['fullPrice', sim.full],
          ['discount', sim.discount],
          ['freeShipping', sim.free],
        ] as const) {
          const { m, se } = meanSe(xs);
          expect(Math.abs(m - expected[key]), `${key}: simulated ${m} ± ${se}`).toBeLessThan(4.5 * se);
        }
        const feeSe = Math.sqrt((profile.feeProbability * (1 - profile.feeProbability)) / 20_000);
        expect(Math.abs(sim.fee - profile.feeProbability)).toBeLessThan(4.5 * feeSe + 1e-9);
        expect(Math.abs(sim.subtotal - profile.subtotal) / profile.subtotal).toBeLessThan(0.03);
      });
    }
  }

  it('is deterministic and does not depend on which customers were computed before', () => {
    const t = drawTraits(Rng.derive(9, 'c'), drawPersonaIndex(Rng.derive(9, 'p')));
    const fresh = orderMarginProfile(t, buildCatalogue(42));
    const other = buildCatalogue(42);
    for (const u of customers) orderMarginProfile(u, other);
    expect(orderMarginProfile(t, other)).toEqual(fresh);
    expect(pricingMargins(fresh, 0.3)).toEqual(pricingMargins(orderMarginProfile(t, other), 0.3));
  });
});

describe('novemberShare', () => {
  const novemberStart = (() => {
    let d = 0;
    while (monthOf(d + 0.5) !== 10) d++;
    return d;
  })();

  it('is 1 inside November, 0 outside, and the covered share across its start', () => {
    expect(novemberShare(novemberStart + 3, 7)).toBe(1);
    expect(novemberShare(novemberStart - 20, 7)).toBe(0);
    // the order falls uniformly in [sent + 0.02, sent + 7): from novemberStart − 3, 4 of 6.98 days
    expect(novemberShare(novemberStart - 3, 7)).toBeCloseTo(4 / 6.98, 12);
  });

  it('moves orders after the cap to just before it (September: not November)', () => {
    expect(novemberShare(AS_OF_DAY - 2, 7)).toBe(0);
  });
});
