import { describe, expect, it } from 'vitest';
import { Rng } from '../../core/rng.ts';
import { fitUplift } from '../fit-uplift.ts';
import type { UpliftDataset } from '../learners/types.ts';
import { applyBinning, fitBinning, type RawColumn, takeRows } from '../trees/binning.ts';
import { IMPORTANCE_SAMPLE_ROWS, upliftFeatureImportance } from './feature-importance.ts';

/**
 * Three arms; `drives` sets arm 1's effect (+0.15 where it is above 0.5, nothing below), `level`
 * the conversion rate in every arm alike, `noise` nothing, `constant` never varies.
 */
function problem(n: number, seed: number): UpliftDataset {
  const rng = new Rng(seed);
  const drives = Float64Array.from({ length: n }, () => rng.next());
  const level = Float64Array.from({ length: n }, () => rng.next());
  const noise = Float64Array.from({ length: n }, () => rng.next());
  const arm = Int32Array.from({ length: n }, () => rng.int(3));
  const y = Float64Array.from({ length: n }, (_, i) => {
    let p = 0.1 + 0.2 * (level[i] as number);
    if (arm[i] === 1 && (drives[i] as number) > 0.5) p += 0.15;
    if (arm[i] === 2) p += 0.03;
    return rng.next() < p ? 1 : 0;
  });
  const raw: RawColumn[] = [
    { name: 'drives', kind: 'numeric', values: drives },
    { name: 'level', kind: 'numeric', values: level },
    { name: 'noise', kind: 'numeric', values: noise },
    { name: 'constant', kind: 'numeric', values: new Float64Array(n).fill(1) },
  ];
  return {
    X: applyBinning(fitBinning(raw), raw),
    arm,
    armNames: ['control', 'a', 'b'],
    y,
    propensity: new Float64Array(n).fill(1 / 3),
  };
}

describe('upliftFeatureImportance of the T-learner: permutation importance of its predicted uplift', () => {
  const d = problem(30_000, 7);
  const model = fitUplift(d, { learner: 't', seed: 1 });
  const fi = upliftFeatureImportance(model, d.X) ?? [];
  const of = (name: string) => fi.find((f) => f.feature === name)?.importance ?? 0;

  it('puts the feature that drives an effect first, above noise, as shares that sum to 1', () => {
    expect(fi[0]?.feature).toBe('drives');
    expect(of('drives')).toBeGreaterThan(0.5);
    expect(of('drives')).toBeGreaterThan(10 * of('noise'));
    expect(fi.reduce((s, f) => s + f.importance, 0)).toBeCloseTo(1, 9);
    for (let j = 1; j < fi.length; j++) expect(fi[j]!.importance).toBeLessThanOrEqual(fi[j - 1]!.importance);
    // A column no tree can split on moves no prediction: left out, not listed at zero.
    expect(fi.some((f) => f.feature === 'constant')).toBe(false);
  });

  it('is deterministic, and measured on a seeded sample of larger data', () => {
    expect(upliftFeatureImportance(model, d.X)).toEqual(fi);
    expect(d.X.nRows).toBeGreaterThan(IMPORTANCE_SAMPLE_ROWS);
    // Measured on other rows of the same population, the ranking holds.
    const half = Array.from({ length: 15_000 }, (_, i) => 2 * i);
    const other = upliftFeatureImportance(model, takeRows(d.X, half)) ?? [];
    expect(other[0]?.feature).toBe('drives');
  });

  it('measures a bagged T-learner through the mean of its members', () => {
    const bagged = fitUplift(d, { learner: 't', bags: 2, seed: 1 });
    const b = upliftFeatureImportance(bagged, d.X) ?? [];
    expect(b[0]?.feature).toBe('drives');
    expect(b.reduce((s, f) => s + f.importance, 0)).toBeCloseTo(1, 9);
  });

  it('without the rows, falls back to the split gain of the arm models', () => {
    const gain = upliftFeatureImportance(model) ?? [];
    expect(gain.reduce((s, f) => s + f.importance, 0)).toBeCloseTo(1, 9);
    expect(gain.some((f) => f.feature === 'constant')).toBe(false);
    // Not the same measure: the permutation one is not the split gain renamed.
    expect(gain).not.toEqual(fi);
  });
});
