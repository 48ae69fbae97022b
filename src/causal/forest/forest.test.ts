import { describe, expect, it } from 'vitest';
import { InvalidInput } from '../../core/errors.ts';
import { makeUpliftProblem } from '../synthetic.ts';
import {
  chiDivergence,
  ctsValue,
  entropy,
  euclideanDivergence,
  gini,
  klDivergence,
  nodeDivergence,
  splitNormalization,
} from './criteria.ts';
import { UpliftForest } from './uplift-forest.ts';

describe('split criteria (hand-computed)', () => {
  it('divergences of Bernoulli outcomes', () => {
    // 0.3 ln(0.3/0.2) + 0.7 ln(0.7/0.8)
    expect(klDivergence(0.3, 0.2)).toBeCloseTo(0.3 * 0.4054651081 + 0.7 * -0.1335313926, 9);
    expect(klDivergence(0.2, 0.2)).toBe(0);
    expect(euclideanDivergence(0.3, 0.2)).toBeCloseTo(0.02, 12);
    expect(chiDivergence(0.3, 0.2)).toBeCloseTo(0.05 + 0.0125, 12);
    expect(entropy(0.5)).toBeCloseTo(Math.LN2, 12);
    expect(gini(0.5)).toBe(0.5);
    expect(entropy(0)).toBe(0);
  });
  it('sums divergences over treatments', () => {
    expect(nodeDivergence('kl', [0.2, 0.3, 0.2], true)).toBeCloseTo(0.0281675, 6);
    expect(nodeDivergence('ed', [0.2, 0.3, 0.4], true)).toBeCloseTo(0.02 + 0.08, 12);
    expect(nodeDivergence('ed', [1, 3], false)).toBe(4);
    expect(nodeDivergence('chi', [0.2, 0.3, 0.4], true, [1, 0, 1])).toBeCloseTo(0.04 / 0.2 + 0.04 / 0.8, 12);
  });
  it('normalises splits as Rzepakowski & Jaroszewicz', () => {
    // Balanced split, same share of each group left: only the impurity terms and 1/2 remain.
    expect(splitNormalization('ed', [5, 5], [10, 10])).toBeCloseTo(0.25 + 0.25 + 0.5, 12);
    expect(splitNormalization('kl', [5, 5], [10, 10])).toBeCloseTo(Math.LN2 / 2 + Math.LN2 / 2 + 0.5, 12);
    // A test that separates control (all left) from treatment (all right) is penalised:
    // 0.9 * gini(1/2) * ED(0, 1) + 0.1 * gini(1/2) * ED(0, 1) + 0 + 0 + 1/2
    expect(splitNormalization('ed', [10, 0], [10, 10])).toBeCloseTo(0.9 + 0.1 + 0.5, 12);
  });
  it('CTS takes the best active arm', () => {
    expect(ctsValue([0.1, 0.3, 0.2])).toBe(0.3);
    expect(ctsValue([0.1, 0.3, 0.2], [1, 0, 1])).toBe(0.2);
  });
});

const subgroup = makeUpliftProblem({ n: 30_000, arms: 2, scenario: 'subgroup', seed: 21 });
const test = makeUpliftProblem({
  n: 5_000,
  arms: 2,
  scenario: 'subgroup',
  seed: 22,
  binning: subgroup.X.binning,
});

function groupMeans(u: Float64Array, x2: Float64Array): [number, number] {
  let a = 0;
  let na = 0;
  let b = 0;
  let nb = 0;
  for (let i = 0; i < u.length; i++) {
    if (x2[i]! > 0.7) {
      a += u[i]!;
      na++;
    } else {
      b += u[i]!;
      nb++;
    }
  }
  return [a / na, b / nb];
}

describe.each(['kl', 'ed', 'chi', 'cts'] as const)('uplift forest (%s)', (criterion) => {
  it('finds the subgroup with the effect', () => {
    const f = UpliftForest.fit(subgroup.data, { criterion, nTrees: 20, seed: 1, minSamplesLeaf: 200 });
    const p = f.predict(test.X);
    const [inside, outside] = groupMeans(p.uplift[0]!, test.columns[2]!.values as Float64Array);
    expect(inside).toBeGreaterThan(0.1);
    expect(inside - outside).toBeGreaterThan(0.08);
    expect(Math.abs(outside)).toBeLessThan(0.05);
  });
});

describe('uplift forest', () => {
  it('estimates honestly and deterministically', () => {
    const opts = { nTrees: 15, seed: 4, honest: true, minSamplesLeaf: 200 } as const;
    const a = UpliftForest.fit(subgroup.data, opts).predict(test.X);
    const b = UpliftForest.fit(subgroup.data, opts).predict(test.X);
    expect(Array.from(a.uplift[0]!)).toEqual(Array.from(b.uplift[0]!));
    const [inside, outside] = groupMeans(a.uplift[0]!, test.columns[2]!.values as Float64Array);
    expect(inside - outside).toBeGreaterThan(0.08);
  });
  it('sees a harmful arm and handles continuous outcomes with CTS / ED', () => {
    const h = makeUpliftProblem({ n: 10_000, arms: 2, scenario: 'harmful', seed: 2 });
    const p = UpliftForest.fit(h.data, { nTrees: 10, seed: 1 }).predict(h.X);
    expect(p.uplift[0]!.reduce((s, v) => s + v, 0) / h.X.nRows).toBeLessThan(-0.08);
    const c = makeUpliftProblem({ n: 10_000, arms: 2, scenario: 'harmful', outcome: 'continuous', seed: 2 });
    expect(() => UpliftForest.fit(c.data, { criterion: 'kl' })).toThrow(InvalidInput);
    const pc = UpliftForest.fit(c.data, { criterion: 'cts', nTrees: 10, seed: 1 }).predict(c.X);
    // True effect of arm 1 on the mean is 2 * (-1.0) = -2.
    expect(pc.uplift[0]!.reduce((s, v) => s + v, 0) / c.X.nRows).toBeLessThan(-1.5);
  });
  it('pools campaigns with different arms by inverse-propensity weights', () => {
    const m = makeUpliftProblem({
      n: 20_000,
      arms: 3,
      scenario: 'dominant',
      seed: 9,
      campaigns: 4,
      confounding: 2,
    });
    const p = UpliftForest.fit(m.data, { nTrees: 10, seed: 1, criterion: 'cts' }).predict(m.X);
    const mean = (u: Float64Array) => u.reduce((s, v) => s + v, 0) / u.length;
    expect(mean(p.uplift[0]!)).toBeGreaterThan(mean(p.uplift[1]!));
    expect(Math.abs(mean(p.uplift[0]!) - mean(m.trueUplift[0]!))).toBeLessThan(0.04);
  });
});

describe('parallel forest', () => {
  it('grows the same forest in worker threads as in one piece', async () => {
    const small = makeUpliftProblem({ n: 5_000, arms: 2, seed: 23 });
    const opts = { nTrees: 6, seed: 3, criterion: 'cts' as const, honest: true };
    const a = UpliftForest.fit(small.data, opts).predict(small.X);
    const b = (await UpliftForest.fitAsync(small.data, { ...opts, threads: 2 })).predict(small.X);
    expect(Array.from(b.uplift[1]!)).toEqual(Array.from(a.uplift[1]!));
    expect(Array.from(b.baseline)).toEqual(Array.from(a.baseline));
  });
});
