import { describe, expect, it } from 'vitest';
import { type FitUpliftOptions, LARGE_DATA_ROWS, withDataDefaults } from '../fit-uplift.ts';
import type { TLearnerOptions } from '../learners/t-learner.ts';
import type { UpliftDataset } from '../learners/types.ts';
import { experimentLearnerOptions } from './experiment-model.ts';

/**
 * The flat-experiment T-learner's arm models choose their rounds on 5 folds below LARGE_DATA_ROWS
 * training rows only; from that size up they are capped at 30 rounds and early-stopped on their
 * held-out 15%, still starting at their arm's mean departure from the control base. At 1,000,000
 * rows the folds cost much CPU for no policy gain (docs/benchmarks.md, "Arm-model folds at
 * 1,000,000 rows").
 */
const data = (n: number) =>
  ({ arm: Int32Array.from({ length: n }, (_, i) => i % 3) }) as unknown as UpliftDataset;
const settings = (n: number, given: Partial<FitUpliftOptions> = {}) =>
  withDataDefaults(data(n), experimentLearnerOptions('t', given) as FitUpliftOptions) as TLearnerOptions &
    Record<string, unknown>;

describe('arm-model folds of the flat-experiment default, by training rows', () => {
  it('fits on 5 folds below LARGE_DATA_ROWS, uncapped', () => {
    for (const n of [2_000, 20_000, LARGE_DATA_ROWS - 1])
      expect(settings(n).armGbdt).toEqual({ fitInitOffset: true, cvFolds: 5 });
  });
  it('drops the folds from LARGE_DATA_ROWS up, where the 30-round cap applies', () => {
    for (const n of [LARGE_DATA_ROWS, 700_000, 1_000_000])
      expect(settings(n).armGbdt).toEqual({ fitInitOffset: true, nEstimators: 30 });
  });
  it("keeps the caller's folds at any size, and never passes the small-data settings on", () => {
    expect(settings(1_000_000, { armGbdt: { cvFolds: 5 } }).armGbdt).toEqual({
      fitInitOffset: true,
      nEstimators: 30,
      cvFolds: 5,
    });
    expect(settings(20_000, { armGbdt: { cvFolds: 0 } }).armGbdt).toEqual({
      fitInitOffset: true,
      cvFolds: 0,
    });
    for (const n of [20_000, 1_000_000]) expect(settings(n).smallDataArmGbdt).toBeUndefined();
    expect(experimentLearnerOptions('dr')).toEqual({});
  });
});
