import { describe, expect, it } from 'vitest';
import { type FitUpliftOptions, fitUplift, LEARNER_DEFAULTS, withLearnerDefaults } from '../fit-uplift.ts';
import { deserializeModel, serializeModel } from '../model-io.ts';
import { recommend } from '../policy/recommend.ts';
import { makeUpliftProblem } from '../synthetic.ts';
import { applyBinning } from '../trees/binning.ts';
import { BaggedTLearner } from './bagged-t-learner.ts';
import { armGbdtOptions, TLearner, type TLearnerOptions } from './t-learner.ts';
import type { UpliftPrediction } from './types.ts';

function bits(a: Float64Array): Buffer {
  return Buffer.from(a.buffer, a.byteOffset, a.byteLength);
}

function same(a: UpliftPrediction, b: UpliftPrediction): void {
  expect(bits(b.baseline).equals(bits(a.baseline))).toBe(true);
  a.uplift.forEach((u, k) => {
    expect(bits(b.uplift[k] as Float64Array).equals(bits(u))).toBe(true);
  });
}

const trees = (m: TLearner) => m.models.map((g) => (g ? g.trees.length : null));

describe('T-learner: boosting settings of the arm models (armGbdt)', () => {
  const p = makeUpliftProblem({ n: 6_000, arms: 3, seed: 61 });
  const fixed = { sharedBase: true, gbdt: { nEstimators: 40, earlyStoppingRounds: 0 }, seed: 2 };

  it('merges armGbdt over gbdt for the arm models only; the base keeps gbdt', () => {
    expect(armGbdtOptions({ gbdt: { nEstimators: 40, maxDepth: 3 } })).toEqual({
      nEstimators: 40,
      maxDepth: 3,
    });
    expect(armGbdtOptions({ gbdt: { nEstimators: 40, maxDepth: 3 }, armGbdt: { nEstimators: 5 } })).toEqual({
      nEstimators: 5,
      maxDepth: 3,
    });
    const m = TLearner.fit(p.data, { ...fixed, armGbdt: { nEstimators: 6 } });
    expect(m.base?.trees.length).toBe(40);
    expect(trees(m)).toEqual([6, 6, 6, 6]);
    expect(trees(TLearner.fit(p.data, fixed))).toEqual([40, 40, 40, 40]);
  });

  it('caps early-stopped arm models at the hard maximum', () => {
    const free = TLearner.fit(p.data, { sharedBase: true, gbdt: { nEstimators: 200 }, seed: 2 });
    const capped = TLearner.fit(p.data, {
      sharedBase: true,
      gbdt: { nEstimators: 200 },
      armGbdt: { nEstimators: 4 },
      seed: 2,
    });
    // The same base (same settings, same seed) and arm models that stop at the cap or before.
    expect(bits(new Float64Array(capped.base?.trees[0]?.leafValue ?? []))).toEqual(
      bits(new Float64Array(free.base?.trees[0]?.leafValue ?? [])),
    );
    expect(capped.base?.trees.length).toBe(free.base?.trees.length);
    for (const n of trees(capped)) expect(n).toBeLessThanOrEqual(4);
    expect(Math.max(...(trees(free) as number[]))).toBeGreaterThan(4);
    // The capped fit runs a prefix of the uncapped one's rounds (same validation rows, same trees),
    // so it never costs more rounds than the default.
    capped.models.forEach((m, a) => {
      const f = free.models[a];
      m?.trees.forEach((t, j) => {
        expect(Array.from(t.leafValue)).toEqual(Array.from(f?.trees[j]?.leafValue ?? []));
      });
      expect(m?.trees.length).toBe(Math.min(f?.trees.length ?? 0, m?.trees.length ?? 0));
    });
  });

  it('without armGbdt (or with an empty one) fits the model it always fitted, bit for bit', () => {
    const a = TLearner.fit(p.data, { sharedBase: true, gbdt: { nEstimators: 30 }, seed: 3 });
    const b = TLearner.fit(p.data, { sharedBase: true, gbdt: { nEstimators: 30 }, armGbdt: {}, seed: 3 });
    same(a.predict(p.X), b.predict(p.X));
    expect(a.toState()).not.toHaveProperty('armGbdt');
  });

  it('is deterministic, the same in worker threads, and in the bagged learner', async () => {
    const opts: TLearnerOptions = {
      sharedBase: true,
      gbdt: { nEstimators: 30 },
      armGbdt: { nEstimators: 5 },
      seed: 4,
    };
    const a = TLearner.fit(p.data, opts);
    same(a.predict(p.X), TLearner.fit(p.data, opts).predict(p.X));
    same(a.predict(p.X), (await TLearner.fitAsync(p.data, { ...opts, threads: 2 })).predict(p.X));
    const bagged = await BaggedTLearner.fitAsync(p.data, { ...opts, bags: 2, threads: 2 });
    for (const member of bagged.members) for (const n of trees(member)) expect(n).toBeLessThanOrEqual(5);
    same(bagged.predict(p.X), BaggedTLearner.fit(p.data, { ...opts, bags: 2 }).predict(p.X));
  });

  it('saves the arm settings with the model, which predicts bit-identically after a reload', () => {
    const m = TLearner.fit(p.data, { ...fixed, armGbdt: { nEstimators: 6, maxDepth: 2 } });
    const text = serializeModel(m, { binning: p.X.binning });
    const back = deserializeModel(text);
    const reloaded = back.model as TLearner;
    expect(reloaded.armGbdt).toEqual({ nEstimators: 6, maxDepth: 2 });
    expect(trees(reloaded)).toEqual([6, 6, 6, 6]);
    const score = makeUpliftProblem({ n: 1_000, arms: 3, seed: 62, binning: p.X.binning });
    same(m.predict(score.X), reloaded.predict(applyBinning(back.binning!, score.columns)));
  });

  it("merges the caller's armGbdt over the learner's defaults in fitUplift", () => {
    const o = withLearnerDefaults({ learner: 't', armGbdt: { nEstimators: 30 } }) as TLearnerOptions;
    expect(o.armGbdt).toEqual({ ...(LEARNER_DEFAULTS.t as TLearnerOptions).armGbdt, nEstimators: 30 });
    expect(o.gbdt).toEqual((LEARNER_DEFAULTS.t as TLearnerOptions).gbdt);
  });

  it('with capped arm models never recommends a harmful arm and still finds the helpful one', () => {
    const h = makeUpliftProblem({ n: 20_000, arms: 2, scenario: 'harmful', seed: 53 });
    const m = fitUplift(h.data, { seed: 1, armGbdt: { nEstimators: 30 } } as FitUpliftOptions) as TLearner;
    for (const n of trees(m)) expect(n).toBeLessThanOrEqual(30);
    const pred = m.predict(h.X);
    const rec = recommend(pred, { fixedCost: [0.01, 0.01] });
    expect(rec.counts[1]).toBe(0);
    // Arm 1 harms everyone; the capped model still sees it as harmful on average.
    const mean1 = (pred.uplift[0] as Float64Array).reduce((s, v) => s + v, 0) / h.X.nRows;
    expect(mean1).toBeLessThan(-0.05);
    // Arm 2 helps only where x1 > 0.5: recommended mostly there.
    const x1 = h.columns[1]?.values as Float64Array;
    let inside = 0;
    let total = 0;
    for (let i = 0; i < x1.length; i++)
      if (rec.arm[i] === 2) {
        total++;
        if ((x1[i] as number) > 0.5) inside++;
      }
    expect(total).toBeGreaterThan(2000);
    expect(inside / total).toBeGreaterThan(0.5);
  });
});
