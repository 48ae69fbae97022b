import type { Rng } from '../../core/rng.ts';
import { drContributions } from '../evaluate/policy-value.ts';

/**
 * The check that a model's per-customer policy beats the best single arm (one arm for everyone)
 * before it is recommended, shared by flat experiments (experiment-model.ts) and campaign history
 * (campaign-history-guard.ts): cross-fitted doubly robust scores of both policies on the training
 * rows (Athey & Wager 2021, "Policy learning with observational data", Econometrica 89(1)), and a
 * one-sided significance rule on their difference.
 */

/**
 * Personalise only when the cross-fitted gain over the best single arm is this many standard
 * errors above 0 (one-sided 5%). With the smaller leaves of EXPERIMENT_LEAF_FLOOR, the per-row
 * choices on files with no effect at all spread over the arms and their cross-fitted gain came
 * out above 0 in five of six files (z 0.12 to 0.74) against planted subgroups at z 1.0 to 6.3.
 */
export const PERSONALISE_Z = 1.645;

/** What is recommended: each row's best arm by the model, or the best single arm for everyone. */
export type PolicyMode = 'personalised' | 'best_single_arm';

export interface PersonalisationGain {
  /** Mean over the rows compared of the DR score of the model's arm minus the best single arm's. */
  value: number;
  /** Each fold's mean (fitted on the other half). */
  folds: number[];
  /**
   * Standard error of `value`: the per-row differences' standard deviation over √rows; with
   * groups (a customer's exposures), from the groups' sums, so that rows of one customer count as
   * one draw (the cluster-robust sandwich).
   */
  se: number;
}

/** The mode the gain calls for: personalised only when it is PERSONALISE_Z standard errors above 0. */
export function policyModeOf(gain: PersonalisationGain): PolicyMode {
  return gain.value > PERSONALISE_Z * gain.se ? 'personalised' : 'best_single_arm';
}

/**
 * Two halves of the positions 0..n-1, each ascending. Without groups, a seeded shuffle of the
 * positions cut in the middle; with groups (group[j] of position j, ids 0..G-1), the groups are
 * shuffled and cut, so that all of a group's positions (a customer's exposures in several
 * campaigns) fall in one half: a model fitted on one half has never seen the customers it scores.
 */
export function crossFitHalves(n: number, rng: Rng, group?: Int32Array): [Uint32Array, Uint32Array] {
  if (!group) {
    const order = rng.shuffle(Array.from({ length: n }, (_, j) => j));
    const half = Math.floor(order.length / 2);
    return [Uint32Array.from(order.slice(0, half)).sort(), Uint32Array.from(order.slice(half)).sort()];
  }
  let groups = 0;
  for (let j = 0; j < n; j++) groups = Math.max(groups, (group[j] as number) + 1);
  const order = rng.shuffle(Array.from({ length: groups }, (_, g) => g));
  const side = new Uint8Array(groups);
  for (let t = Math.floor(groups / 2); t < groups; t++) side[order[t] as number] = 1;
  const halves: number[][] = [[], []];
  for (let j = 0; j < n; j++) (halves[side[group[j] as number] as number] as number[]).push(j);
  return [Uint32Array.from(halves[0] as number[]), Uint32Array.from(halves[1] as number[])];
}

/**
 * Per row, the DR score of the arm `policy` gives it minus that of `bestArm` (gamma: one array
 * per arm 0..K, aipw.ts). With `compare`, only the rows marked 1, in order.
 */
export function gainDifferences(
  policy: Int32Array,
  bestArm: number,
  gamma: Float64Array[],
  compare?: Uint8Array,
): Float64Array {
  const mine = drContributions(policy, gamma);
  const single = gamma[bestArm] as Float64Array;
  const out: number[] = [];
  for (let j = 0; j < policy.length; j++)
    if (!compare || compare[j]) out.push((mine[j] as number) - (single[j] as number));
  return Float64Array.from(out);
}

/**
 * The gain over all folds' rows from each fold's per-row differences (gainDifferences on the half
 * its model did not see), with each row's group when rows of one group are not independent.
 */
export function summariseGain(folds: { diff: Float64Array; group?: Int32Array }[]): PersonalisationGain {
  const means: number[] = [];
  let total = 0;
  let squares = 0;
  let n = 0;
  for (const f of folds) {
    let sum = 0;
    for (let j = 0; j < f.diff.length; j++) {
      const d = f.diff[j] as number;
      sum += d;
      squares += d * d;
    }
    means.push(f.diff.length ? sum / f.diff.length : 0);
    total += sum;
    n += f.diff.length;
  }
  if (n === 0) return { value: 0, folds: means, se: 0 };
  const value = total / n;
  if (!folds.some((f) => f.group))
    return { value, folds: means, se: Math.sqrt(Math.max(0, squares / n - value * value) / n) };
  // Cluster-robust: sum over groups of (S_g - n_g * value)^2, over n^2. A row without a group id
  // is a group of its own.
  const sums = new Map<number, { s: number; m: number }>();
  let alone = 0;
  for (const f of folds)
    for (let j = 0; j < f.diff.length; j++) {
      const d = f.diff[j] as number;
      if (!f.group) {
        alone += (d - value) ** 2;
        continue;
      }
      const g = f.group[j] as number;
      const e = sums.get(g);
      if (e) {
        e.s += d;
        e.m += 1;
      } else sums.set(g, { s: d, m: 1 });
    }
  let v = alone;
  for (const { s, m } of sums.values()) v += (s - m * value) ** 2;
  return { value, folds: means, se: Math.sqrt(v) / n };
}
