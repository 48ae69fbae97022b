import { describe, expect, it } from 'vitest';
import { Rng } from '../../core/rng.ts';
import {
  crossFitHalves,
  gainDifferences,
  PERSONALISE_Z,
  policyModeOf,
  summariseGain,
} from './personalisation-guard.ts';

describe('personalisation guard pieces', () => {
  it('gainDifferences: the DR score of the policy arm minus the best arm, on the compared rows only', () => {
    const gamma = [Float64Array.from([0, 0, 0]), Float64Array.from([1, 2, 3]), Float64Array.from([5, 1, 0])];
    const policy = Int32Array.from([2, 1, 0]);
    expect(Array.from(gainDifferences(policy, 1, gamma))).toEqual([4, 0, -3]);
    expect(Array.from(gainDifferences(policy, 1, gamma, Uint8Array.from([1, 0, 1])))).toEqual([4, -3]);
  });

  it('summariseGain: mean, fold means and the standard error by hand; groups make it cluster-robust', () => {
    // Rows 1, 3 | 2, 6: mean 3, fold means 2 and 4; row variance (4 + 0 + 1 + 9) / 4 = 3.5, se sqrt(3.5 / 4).
    const diff = [Float64Array.from([1, 3]), Float64Array.from([2, 6])];
    const rows = summariseGain(diff.map((d) => ({ diff: d })));
    expect(rows.value).toBe(3);
    expect(rows.folds).toEqual([2, 4]);
    expect(rows.se).toBeCloseTo(Math.sqrt(3.5 / 4), 12);
    // Singleton groups give the same; rows 1 and 3 in one group: (1 + 3 - 2 * 3)^2 + (2 - 3)^2 + (6 - 3)^2 = 14, se sqrt(14) / 4.
    const single = summariseGain(
      diff.map((d, f) => ({ diff: d, group: Int32Array.from([2 * f, 2 * f + 1]) })),
    );
    expect(single.se).toBeCloseTo(rows.se, 12);
    const grouped = summariseGain([
      { diff: diff[0] as Float64Array, group: Int32Array.from([7, 7]) },
      { diff: diff[1] as Float64Array, group: Int32Array.from([1, 2]) },
    ]);
    expect(grouped.value).toBe(3);
    expect(grouped.se).toBeCloseTo(Math.sqrt(14) / 4, 12);
  });

  it('policyModeOf personalises only above PERSONALISE_Z standard errors', () => {
    expect(policyModeOf({ value: PERSONALISE_Z * 0.011, folds: [], se: 0.01 })).toBe('personalised');
    expect(policyModeOf({ value: PERSONALISE_Z * 0.009, folds: [], se: 0.01 })).toBe('best_single_arm');
    expect(policyModeOf({ value: -1, folds: [], se: 0 })).toBe('best_single_arm');
  });

  it('crossFitHalves: without groups the seeded shuffle cut in the middle; with groups a group is never split', () => {
    const [a, b] = crossFitHalves(9, new Rng(3));
    const order = new Rng(3).shuffle(Array.from({ length: 9 }, (_, j) => j));
    expect(Array.from(a)).toEqual(order.slice(0, 4).sort((x, y) => x - y));
    expect(Array.from(b)).toEqual(order.slice(4).sort((x, y) => x - y));
    const group = Int32Array.from({ length: 300 }, (_, j) => j % 40);
    const [g0, g1] = crossFitHalves(300, new Rng(5), group);
    expect(g0.length + g1.length).toBe(300);
    const side0 = new Set(Array.from(g0, (j) => group[j]));
    for (const j of g1) expect(side0.has(group[j] as number)).toBe(false);
    expect(side0.size).toBe(20);
    expect(Array.from(crossFitHalves(300, new Rng(5), group)[0])).toEqual(Array.from(g0));
  });
});
