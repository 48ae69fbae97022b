import { describe, expect, it } from 'vitest';
import { Rng } from '../core/rng.ts';
import {
  CAMPAIGN_CONTEXT_FEATURES,
  CONTEXT_SEASON_SIN,
  CONTEXT_WINDOW,
  contextColumns,
  dayOfYear,
  informativeColumns,
  medianWindow,
  scoringContextColumns,
} from './campaign-context.ts';
import { fitUplift } from './fit-uplift.ts';
import { PolicyTree } from './policy/policy-tree.ts';
import { applyBinning, binColumns, fitBinning, type RawColumn } from './trees/binning.ts';

const DAY = 86_400_000;

describe('campaign context columns', () => {
  it("gives the day of the year of the send in UTC, and its season as a point on the year's circle", () => {
    expect(dayOfYear(Date.UTC(2026, 0, 1, 0, 0))).toBe(1);
    expect(dayOfYear(Date.UTC(2026, 0, 1, 23, 59))).toBe(1);
    expect(dayOfYear(Date.UTC(2026, 8, 3, 9, 0))).toBe(246);
    expect(dayOfYear(Date.UTC(2024, 11, 31, 12))).toBe(366); // leap year
    const [w, sin, cos] = contextColumns(Float64Array.of(7, 14), [
      Date.UTC(2026, 0, 1),
      Date.UTC(2026, 6, 2),
    ]);
    expect(w?.name).toBe(CONTEXT_WINDOW);
    expect(Array.from(w?.values as Float64Array)).toEqual([7, 14]);
    expect(sin?.name).toBe(CONTEXT_SEASON_SIN);
    expect((sin!.values as Float64Array)[0]).toBeCloseTo(Math.sin((2 * Math.PI) / 365.25), 12);
    // Early July is half a year on: the cosine is near -1.
    expect((cos!.values as Float64Array)[1]).toBeLessThan(-0.99);
  });

  it('leaves out context columns that hold one value on every training row, keeps the rest', () => {
    const n = 50;
    const x: RawColumn = {
      name: 'x',
      kind: 'numeric',
      values: Float64Array.from({ length: n }, (_, i) => i),
    };
    const sent = new Float64Array(n).fill(Date.UTC(2026, 3, 10, 9));
    // One campaign (one imported flat experiment): every context column is constant.
    const one = informativeColumns([x, ...contextColumns(new Float64Array(n).fill(7), sent)]);
    expect(one.map((c) => c.name)).toEqual(['x']);
    // Campaigns of different lengths sent on the same day: the window stays, the season goes.
    const windows = Float64Array.from({ length: n }, (_, i) => (i % 2 ? 7 : 14));
    expect(informativeColumns([x, ...contextColumns(windows, sent)]).map((c) => c.name)).toEqual([
      'x',
      CONTEXT_WINDOW,
    ]);
    // Different days too: all three.
    const days = Float64Array.from({ length: n }, (_, i) => sent[i]! + (i % 3) * 40 * DAY);
    expect(informativeColumns([x, ...contextColumns(windows, days)]).map((c) => c.name)).toEqual([
      'x',
      ...CAMPAIGN_CONTEXT_FEATURES,
    ]);
    // A constant customer feature is not the context's business.
    const flat: RawColumn = { name: 'flat', kind: 'numeric', values: new Float64Array(n).fill(1) };
    expect(informativeColumns([flat]).map((c) => c.name)).toEqual(['flat']);
  });

  it('takes the lower median of the training windows as the scoring window', () => {
    expect(medianWindow(Float64Array.of(14, 5, 7, 7, 10))).toBe(7);
    expect(medianWindow(Float64Array.of(5, 14))).toBe(5);
    expect(medianWindow(new Float64Array(0))).toBeNull();
  });

  it('scores customers outside a campaign with the stored window and the season of their as-of', () => {
    const asOf = new Float64Array(3).fill(Date.UTC(2026, 9, 1));
    const names = ['x', ...CAMPAIGN_CONTEXT_FEATURES];
    const x: RawColumn = { name: 'x', kind: 'numeric', values: Float64Array.of(1, 2, 3) };
    const cols = scoringContextColumns(names, [x], asOf, {
      window_days: 7,
      rule: 'median_training_exposure_window',
    });
    expect(cols.map((c) => c.name)).toEqual([...CAMPAIGN_CONTEXT_FEATURES]);
    expect(Array.from(cols[0]?.values as Float64Array)).toEqual([7, 7, 7]);
    const angle = (2 * Math.PI * dayOfYear(Date.UTC(2026, 9, 1))) / 365.25;
    expect((cols[1]!.values as Float64Array)[2]).toBe(Math.sin(angle));
    // A campaign's exposures carry their own context: nothing is added or replaced.
    expect(
      scoringContextColumns(names, [x, ...contextColumns(Float64Array.of(3, 3, 3), asOf)], asOf, null),
    ).toEqual([]);
    // A model without context needs none; one that learned the window cannot score without one.
    expect(scoringContextColumns(['x'], [x], asOf, null)).toEqual([]);
    expect(() => scoringContextColumns(names, [x], asOf, null)).toThrow(/no scoring window/);
  });
});

/**
 * A campaign history where a trigger's effect depends on the campaign's length (as in the
 * simulator, where the chance to buy grows with the window): the trigger lifts conversion by 10
 * points in 14-day campaigns and not at all in 3-day ones. Six campaigns, alternating lengths,
 * spread over the year; a customer feature x that drives the baseline only.
 */
function windowProblem(n: number, seed: number) {
  const rng = Rng.derive(seed, 'window-problem');
  const x = new Float64Array(n);
  const windows = new Float64Array(n);
  const sent = new Float64Array(n);
  const arm = new Int32Array(n);
  const y = new Float64Array(n);
  const trueUplift = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const campaign = i % 6;
    windows[i] = campaign % 2 === 0 ? 3 : 14;
    sent[i] = Date.UTC(2025, 0, 10) + campaign * 60 * DAY;
    x[i] = rng.next();
    arm[i] = rng.next() < 0.5 ? 1 : 0;
    const p0 = 0.08 + 0.1 * x[i]!;
    trueUplift[i] = windows[i] === 14 ? 0.1 : 0;
    y[i] = rng.next() < p0 + (arm[i] === 1 ? trueUplift[i]! : 0) ? 1 : 0;
  }
  return { x, windows, sent, arm, y, trueUplift };
}

describe('the default learner with the campaign context', () => {
  it('finds an effect that only long campaigns have, and scores it by the scoring window it is given', () => {
    const p = windowProblem(24_000, 3);
    const n = p.x.length;
    const customer: RawColumn = { name: 'x', kind: 'numeric', values: p.x };
    const data = (columns: RawColumn[]) => {
      const binning = fitBinning(columns);
      return {
        binning,
        dataset: {
          X: applyBinning(binning, columns),
          arm: p.arm,
          armNames: ['control', 'reminder'],
          y: p.y,
          propensity: new Float64Array(n).fill(0.5),
        },
      };
    };
    const gapByWindow = (u: Float64Array) => {
      let long = 0;
      let short = 0;
      for (let i = 0; i < n; i++) {
        if (p.windows[i] === 14) long += u[i]!;
        else short += u[i]!;
      }
      return { long: long / (n / 2), short: short / (n / 2) };
    };

    const columns = informativeColumns([customer, ...contextColumns(p.windows, p.sent)]);
    expect(columns.map((c) => c.name)).toEqual(['x', ...CAMPAIGN_CONTEXT_FEATURES]);
    const withContext = data(columns);
    const model = fitUplift(withContext.dataset, { seed: 1 });
    const found = gapByWindow(model.predict(withContext.dataset.X).uplift[0]!);
    // True: 0.10 in the 14-day campaigns, 0 in the 3-day ones.
    expect(found.long - found.short).toBeGreaterThan(0.06);
    expect(Math.abs(found.long - 0.1)).toBeLessThan(0.03);
    expect(Math.abs(found.short)).toBeLessThan(0.03);

    // Without it the model cannot tell the campaigns apart: one pooled effect for everyone.
    const without = data([customer]);
    const blind = gapByWindow(fitUplift(without.dataset, { seed: 1 }).predict(without.dataset.X).uplift[0]!);
    expect(Math.abs(blind.long - blind.short)).toBeLessThan(0.02);

    // Customers scored outside a campaign get the effect of the stored scoring window.
    const asOf = new Float64Array(200).fill(Date.UTC(2026, 4, 1));
    const people: RawColumn = {
      name: 'x',
      kind: 'numeric',
      values: Float64Array.from({ length: 200 }, (_, i) => i / 200),
    };
    const names = withContext.binning.map((b) => b.name);
    const score = (window_days: number) => {
      const cols = [
        people,
        ...scoringContextColumns(names, [people], asOf, { window_days, rule: 'override' }),
      ];
      const u = model.predict(applyBinning(withContext.binning, cols)).uplift[0]!;
      return u.reduce((s, v) => s + v, 0) / u.length;
    };
    expect(score(14)).toBeGreaterThan(0.06);
    expect(score(3)).toBeLessThan(0.03);
  });

  it('never lets a segment rule split on the campaign context', () => {
    const p = windowProblem(4_000, 5);
    const X = binColumns([{ name: 'x', kind: 'numeric', values: p.x }, ...contextColumns(p.windows, p.sent)]);
    // The DR scores' lift follows the window only: a tree free to use it would split there.
    const gamma = [new Float64Array(p.x.length), Float64Array.from(p.windows, (w) => (w === 14 ? 1 : -1))];
    const tree = PolicyTree.fit(X, gamma, { depth: 2 });
    for (const leaf of tree.describeLeaves(X, gamma))
      for (const name of CAMPAIGN_CONTEXT_FEATURES) expect(leaf.text).not.toContain(name);
    expect(() => PolicyTree.fit(X, gamma, { depth: 1, features: [CONTEXT_WINDOW] })).toThrow(
      /describes the campaign/,
    );
  });
});
