import { describe, expect, it } from 'vitest';
import { fitUplift } from '../fit-uplift.ts';
import { deserializeModel, serializeModel } from '../model-io.ts';
import { upliftFeatureImportance } from '../pipeline/feature-importance.ts';
import { recommend } from '../policy/recommend.ts';
import { makeUpliftProblem } from '../synthetic.ts';
import { applyBinning, fitBinning } from '../trees/binning.ts';
import { pairPropensities, RLearner, type RLearnerOptions } from './r-learner.ts';
import type { UpliftDataset, UpliftPrediction } from './types.ts';

const fast: RLearnerOptions = {
  gbdt: { nEstimators: 80, minDataInLeaf: 40 },
  effectGbdt: { nEstimators: 200, learningRate: 0.05, maxDepth: 3, maxLeaves: 8, minDataInLeaf: 200 },
};

function bits(a: Float64Array): Buffer {
  return Buffer.from(a.buffer, a.byteOffset, a.byteLength);
}

function same(a: UpliftPrediction, b: UpliftPrediction): void {
  expect(bits(b.baseline).equals(bits(a.baseline))).toBe(true);
  a.uplift.forEach((u, k) => {
    expect(bits(b.uplift[k] as Float64Array).equals(bits(u))).toBe(true);
  });
}

const mean = (a: Float64Array) => a.reduce((s, v) => s + v, 0) / a.length;

/** Mean predicted uplift of arm 1 where x2 > 0.7 and elsewhere. */
function groupMeans(p: UpliftPrediction, x2: Float64Array): { inside: number; outside: number } {
  let inG = 0;
  let nIn = 0;
  let outG = 0;
  let nOut = 0;
  for (let i = 0; i < x2.length; i++) {
    if ((x2[i] as number) > 0.7) {
      inG += p.uplift[0]![i]!;
      nIn++;
    } else {
      outG += p.uplift[0]![i]!;
      nOut++;
    }
  }
  return { inside: inG / nIn, outside: outG / nOut };
}

describe('R-learner (Nie & Wager 2021)', () => {
  const subgroup = makeUpliftProblem({ n: 30_000, arms: 2, scenario: 'subgroup', seed: 11 });
  const subgroupTest = makeUpliftProblem({
    n: 5_000,
    arms: 2,
    scenario: 'subgroup',
    seed: 12,
    binning: subgroup.X.binning,
  });

  it('finds an effect that only one subgroup has, and none for an arm that does nothing', () => {
    const p = RLearner.fit(subgroup.data, { ...fast, seed: 1 }).predict(subgroupTest.X);
    const x2 = subgroupTest.columns[2]!.values as Float64Array;
    const g = groupMeans(p, x2);
    const t = groupMeans({ baseline: p.baseline, uplift: subgroupTest.trueUplift }, x2);
    // True: 0.27 inside, 0 outside.
    expect(g.inside).toBeGreaterThan(0.15);
    expect(Math.abs(g.inside - t.inside)).toBeLessThan(0.06);
    // As the other learners' test (learners.test.ts): the boundary's trees leak a little outside.
    expect(Math.abs(g.outside)).toBeLessThan(0.04);
    expect(Math.abs(mean(p.uplift[1]!))).toBeLessThan(0.03);
    // The baseline is E[y | control]: close to the truth on average.
    expect(Math.abs(mean(p.baseline) - mean(subgroupTest.trueMean[0]!))).toBeLessThan(0.02);
  });

  it('finds the subgroup with its defaults through fitUplift, and its importance names x2 first', () => {
    const m = fitUplift(subgroup.data, { learner: 'r', seed: 2 });
    expect(m).toBeInstanceOf(RLearner);
    const g = groupMeans(m.predict(subgroupTest.X), subgroupTest.columns[2]!.values as Float64Array);
    expect(g.inside - g.outside).toBeGreaterThan(0.15);
    expect(upliftFeatureImportance(m)?.[0]?.feature).toBe('x2');
  });

  it('sees a harmful arm as harmful and never recommends it', () => {
    const harmful = makeUpliftProblem({ n: 20_000, arms: 2, scenario: 'harmful', seed: 13 });
    const p = RLearner.fit(harmful.data, { ...fast, seed: 1 }).predict(harmful.X);
    const m1 = mean(p.uplift[0]!);
    expect(m1).toBeLessThan(-0.08);
    expect(Math.abs(m1 - mean(harmful.trueUplift[0]!))).toBeLessThan(0.03);
    const arms = recommend(p).arm;
    let harmed = 0;
    for (const a of arms) if (a === 1) harmed++;
    expect(harmed).toBe(0);
    // Arm 2 helps (+0.6 on the log-odds) only where x1 > 0.5: its predicted uplift is larger there.
    const x1 = harmful.columns[1]!.values as Float64Array;
    const u2 = p.uplift[1]!;
    const above = u2.filter((_, i) => x1[i]! > 0.5);
    const below = u2.filter((_, i) => x1[i]! <= 0.5);
    expect(mean(above) - mean(below)).toBeGreaterThan(0.06);
    expect(Math.abs(mean(below))).toBeLessThan(0.03);
  });

  it('uses only the campaigns that offered an arm, with each campaign’s pair propensity', () => {
    const multi = makeUpliftProblem({ n: 30_000, arms: 3, scenario: 'subgroup', campaigns: 6, seed: 21 });
    const e = pairPropensities(multi.data, 4);
    // Arms share each campaign equally with control here: e_k = 1/2 where k was offered, else 0.
    const offered = new Set<string>();
    for (let i = 0; i < multi.data.arm.length; i++)
      offered.add(`${multi.data.campaign![i]}:${multi.data.arm[i]}`);
    let wrong = 0;
    for (let i = 0; i < multi.data.arm.length; i++)
      for (let k = 1; k <= 3; k++)
        if (e[k]![i] !== (offered.has(`${multi.data.campaign![i]}:${k}`) ? 0.5 : 0)) wrong++;
    expect(wrong).toBe(0);
    expect(e[1]!.some((v) => v === 0)).toBe(true);
    const p = RLearner.fit(multi.data, { ...fast, seed: 4 }).predict(multi.X);
    const g = groupMeans(p, multi.columns[2]!.values as Float64Array);
    expect(g.inside - g.outside).toBeGreaterThan(0.15);
  });

  it('computes the pair propensities by hand', () => {
    // Campaign 0: control 0.2, arm 1 0.8. Campaign 1: control 0.5, arm 2 0.25, arm 1 0.25.
    const arm = Int32Array.from([0, 1, 1, 0, 2, 1]);
    const campaign = Int32Array.from([0, 0, 0, 1, 1, 1]);
    const propensity = Float64Array.from([0.2, 0.8, 0.8, 0.5, 0.25, 0.25]);
    const cols = [{ name: 'x', kind: 'numeric' as const, values: Float64Array.from([1, 2, 3, 4, 5, 6]) }];
    const d: UpliftDataset = {
      X: applyBinning(fitBinning(cols), cols),
      arm,
      armNames: ['control', 'a', 'b'],
      y: new Float64Array(6),
      propensity,
      campaign,
    };
    const e = pairPropensities(d, 3);
    expect(Array.from(e[1]!)).toEqual([0.8, 0.8, 0.8, 1 / 3, 1 / 3, 1 / 3]);
    expect(Array.from(e[2]!)).toEqual([0, 0, 0, 1 / 3, 1 / 3, 1 / 3]);
    // Logged values that vary within a campaign's arm: the arm's share of the campaign's rows.
    const varied = Float64Array.from([0.2, 0.7, 0.9, 0.5, 0.25, 0.25]);
    expect(pairPropensities({ ...d, propensity: varied }, 3)[1]![0]).toBeCloseTo(2 / 3 / (2 / 3 + 0.2), 12);
  });

  it('is deterministic under a seed, and fits the same model in worker threads', async () => {
    const small = makeUpliftProblem({ n: 6_000, arms: 3, seed: 41 });
    const opts = { ...fast, seed: 3 };
    const a = RLearner.fit(small.data, opts).predict(small.X);
    same(a, RLearner.fit(small.data, opts).predict(small.X));
    same(a, (await RLearner.fitAsync(small.data, { ...opts, threads: 2 })).predict(small.X));
    const other = RLearner.fit(small.data, { ...opts, seed: 4 }).predict(small.X);
    expect(bits(other.uplift[0]!).equals(bits(a.uplift[0]!))).toBe(false);
  });

  it('keeps a customer’s rows in one fold of m when given groups', () => {
    const small = makeUpliftProblem({ n: 6_000, arms: 2, seed: 42 });
    // 2,000 customers with three exposures each.
    const group = Int32Array.from({ length: 6_000 }, (_, i) => i % 2_000);
    const a = RLearner.fit({ ...small.data, group }, { ...fast, seed: 5 }).predict(small.X);
    same(a, RLearner.fit({ ...small.data, group }, { ...fast, seed: 5 }).predict(small.X));
    expect(() =>
      RLearner.fit({ ...small.data, group: Int32Array.from(group, (g) => g - 1) }, { ...fast, seed: 5 }),
    ).toThrow(/group id -1/);
  });

  it('shrinks an arm with very few rows to zero and reports it', () => {
    const small = makeUpliftProblem({ n: 4_000, arms: 2, seed: 6 });
    const arm = Int32Array.from(small.data.arm);
    let kept = 0;
    for (let i = 0; i < arm.length; i++)
      if (arm[i] === 2) {
        if (kept < 10) kept++;
        else arm[i] = 0;
      }
    const m = RLearner.fit({ ...small.data, arm }, { ...fast, seed: 1 });
    expect(m.report.arms[2]).toEqual({ arm: 'arm2', rows: 10, status: 'too_few_rows' });
    expect(m.predict(small.X).uplift[1]!.every((v) => v === 0)).toBe(true);
  });

  it('on the relative scale, finds the subgroup and reloads bit for bit; needs a binary outcome', () => {
    const m = RLearner.fit(subgroup.data, { ...fast, seed: 1, effectScale: 'relative' });
    expect(m.marginal).toHaveLength(2);
    const p = m.predict(subgroupTest.X);
    const g = groupMeans(p, subgroupTest.columns[2]!.values as Float64Array);
    expect(g.inside).toBeGreaterThan(0.15);
    expect(Math.abs(g.outside)).toBeLessThan(0.04);
    const back = deserializeModel(serializeModel(m, { binning: subgroup.X.binning })).model as RLearner;
    same(p, back.predict(subgroupTest.X));
    const continuous = makeUpliftProblem({ n: 1_000, arms: 2, outcome: 'continuous', seed: 44 });
    expect(() => RLearner.fit(continuous.data, { ...fast, effectScale: 'relative' })).toThrow(
      /binary outcome/,
    );
  });

  it('predicts bit for bit the same after save and reload', () => {
    const small = makeUpliftProblem({ n: 6_000, arms: 3, outcome: 'continuous', seed: 43 });
    const m = RLearner.fit(small.data, { ...fast, seed: 6 });
    expect(m.report.outcome).toBe('continuous');
    const text = serializeModel(m, { binning: small.X.binning, meta: { learner: 'r' } });
    const back = deserializeModel(text);
    expect(back.model).toBeInstanceOf(RLearner);
    expect(back.meta).toEqual({ learner: 'r' });
    same(m.predict(small.X), (back.model as RLearner).predict(small.X));
  });
});
