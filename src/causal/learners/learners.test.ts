import { describe, expect, it } from 'vitest';
import { InvalidInput } from '../../core/errors.ts';
import { makeUpliftProblem } from '../synthetic.ts';
import { DRLearner } from './dr-learner.ts';
import { TLearner } from './t-learner.ts';
import type { UpliftDataset, UpliftModel } from './types.ts';
import { XLearner } from './x-learner.ts';

const fast = { gbdt: { nEstimators: 80, minDataInLeaf: 40 } };
const learners: [string, (d: UpliftDataset, seed?: number) => UpliftModel][] = [
  ['T', (d, seed = 1) => TLearner.fit(d, { ...fast, seed })],
  ['T (shared base)', (d, seed = 1) => TLearner.fit(d, { ...fast, seed, sharedBase: true })],
  ['X', (d, seed = 1) => XLearner.fit(d, { ...fast, seed })],
  ['DR', (d, seed = 1) => DRLearner.fit(d, { ...fast, seed })],
];

function corr(a: Float64Array, b: Float64Array): number {
  const n = a.length;
  let ma = 0;
  let mb = 0;
  for (let i = 0; i < n; i++) {
    ma += a[i]!;
    mb += b[i]!;
  }
  ma /= n;
  mb /= n;
  let sab = 0;
  let saa = 0;
  let sbb = 0;
  for (let i = 0; i < n; i++) {
    sab += (a[i]! - ma) * (b[i]! - mb);
    saa += (a[i]! - ma) ** 2;
    sbb += (b[i]! - mb) ** 2;
  }
  return sab / Math.sqrt(saa * sbb);
}

const subgroup = makeUpliftProblem({ n: 30_000, arms: 2, scenario: 'subgroup', seed: 11 });
const subgroupTest = makeUpliftProblem({
  n: 5_000,
  arms: 2,
  scenario: 'subgroup',
  seed: 12,
  binning: subgroup.X.binning,
});
const harmful = makeUpliftProblem({ n: 20_000, arms: 2, scenario: 'harmful', seed: 13 });

describe.each(learners)('%s-learner', (name, fitModel) => {
  it('finds an effect that only one subgroup has', () => {
    const m = fitModel(subgroup.data);
    const p = m.predict(subgroupTest.X);
    const x2 = subgroupTest.columns[2]!.values as Float64Array;
    let inG = 0;
    let nIn = 0;
    let outG = 0;
    let nOut = 0;
    for (let i = 0; i < x2.length; i++) {
      if (x2[i]! > 0.7) {
        inG += p.uplift[0]![i]!;
        nIn++;
      } else {
        outG += p.uplift[0]![i]!;
        nOut++;
      }
    }
    expect(inG / nIn).toBeGreaterThan(0.15);
    expect(Math.abs(outG / nOut)).toBeLessThan(0.04);
    expect(corr(p.uplift[0]!, subgroupTest.trueUplift[0]!)).toBeGreaterThan(0.6);
    // Arm 2 does nothing anywhere.
    const mean2 = p.uplift[1]!.reduce((s, v) => s + v, 0) / p.uplift[1]!.length;
    expect(Math.abs(mean2)).toBeLessThan(0.03);
  });

  it('sees a harmful arm as harmful', () => {
    const m = fitModel(harmful.data);
    const p = m.predict(harmful.X);
    const mean1 = p.uplift[0]!.reduce((s, v) => s + v, 0) / harmful.X.nRows;
    const true1 = harmful.trueUplift[0]!.reduce((s, v) => s + v, 0) / harmful.X.nRows;
    expect(mean1).toBeLessThan(-0.08);
    // Boosting every arm from a pooled model shrinks effects towards 0 a little (measured 0.034).
    expect(Math.abs(mean1 - true1)).toBeLessThan(name.includes('shared') ? 0.045 : 0.03);
  });

  it('is deterministic under a seed', () => {
    const small = makeUpliftProblem({ n: 4_000, arms: 2, seed: 5 });
    const a = fitModel(small.data, 3).predict(small.X);
    const b = fitModel(small.data, 3).predict(small.X);
    expect(Array.from(a.uplift[1]!)).toEqual(Array.from(b.uplift[1]!));
    expect(Array.from(a.baseline)).toEqual(Array.from(b.baseline));
  });

  it('shrinks an arm with very few rows to zero and reports it', () => {
    const small = makeUpliftProblem({ n: 4_000, arms: 2, seed: 6 });
    const arm = Int32Array.from(small.data.arm);
    let kept = 0;
    for (let i = 0; i < arm.length; i++) {
      if (arm[i] === 2) {
        if (kept < 10) kept++;
        else arm[i] = 0;
      }
    }
    const m = fitModel({ ...small.data, arm });
    expect(m.report.arms[2]).toEqual({ arm: 'arm2', rows: 10, status: 'too_few_rows' });
    const p = m.predict(small.X);
    expect(p.uplift[1]!.every((v) => v === 0)).toBe(true);
  });
});

describe('input validation', () => {
  const d = makeUpliftProblem({ n: 300, arms: 2, seed: 1 }).data;
  it('rejects length mismatches, NaN outcomes, unknown arms and bad propensities', () => {
    expect(() => TLearner.fit({ ...d, y: d.y.slice(1) })).toThrow(/y has 299 rows/);
    const y = Float64Array.from(d.y);
    y[5] = Number.NaN;
    expect(() => TLearner.fit({ ...d, y })).toThrow(InvalidInput);
    const arm = Int32Array.from(d.arm);
    arm[7] = 9;
    expect(() => DRLearner.fit({ ...d, arm })).toThrow(/unknown arm id 9/);
    const propensity = Float64Array.from(d.propensity);
    propensity[0] = 0;
    expect(() => XLearner.fit({ ...d, propensity })).toThrow(/propensity/);
  });
  it('rejects a dataset without control rows', () => {
    const arm = new Int32Array(d.arm.length).fill(1);
    expect(() => TLearner.fit({ ...d, arm })).toThrow(/no control rows/);
  });
});

describe('parallel fitting', () => {
  it('fits the T-learner in worker threads to the same model as sequentially', async () => {
    const small = makeUpliftProblem({ n: 6_000, arms: 3, seed: 41 });
    const opts = { gbdt: { nEstimators: 20 }, seed: 2 };
    const seq = TLearner.fit(small.data, opts).predict(small.X);
    const model = await TLearner.fitAsync(small.data, { ...opts, threads: 2 });
    const par = await model.predictAsync(small.X, 2);
    expect(Array.from(par.uplift[2]!)).toEqual(Array.from(seq.uplift[2]!));
    expect(Array.from(par.baseline)).toEqual(Array.from(seq.baseline));
  });
});
