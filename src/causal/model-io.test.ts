import { describe, expect, it } from 'vitest';
import { InvalidInput } from '../core/errors.ts';
import { aipwScores, armMeans } from './evaluate/aipw.ts';
import { UpliftForest } from './forest/uplift-forest.ts';
import { DRLearner } from './learners/dr-learner.ts';
import { TLearner } from './learners/t-learner.ts';
import type { UpliftModel, UpliftPrediction } from './learners/types.ts';
import { XLearner } from './learners/x-learner.ts';
import { deserializeModel, serializeModel } from './model-io.ts';
import { PolicyTree } from './policy/policy-tree.ts';
import { makeUpliftProblem } from './synthetic.ts';
import { applyBinning } from './trees/binning.ts';
import { fitGbdt, type GbdtModel, predictGbdt } from './trees/gbdt.ts';

const train = makeUpliftProblem({ n: 4000, arms: 2, seed: 31 });
const score = makeUpliftProblem({ n: 1000, arms: 2, seed: 32, binning: train.X.binning });
const gbdt = { gbdt: { nEstimators: 30 } };

function same(a: UpliftPrediction, b: UpliftPrediction) {
  expect(Buffer.from(b.baseline.buffer).equals(Buffer.from(a.baseline.buffer))).toBe(true);
  a.uplift.forEach((u, k) => {
    expect(Buffer.from(b.uplift[k]!.buffer).equals(Buffer.from(u.buffer))).toBe(true);
  });
}

describe('model save / reload', () => {
  const models: [string, () => UpliftModel][] = [
    ['T', () => TLearner.fit(train.data, gbdt)],
    ['X', () => XLearner.fit(train.data, gbdt)],
    ['DR', () => DRLearner.fit(train.data, gbdt)],
    ['forest', () => UpliftForest.fit(train.data, { nTrees: 5, honest: true })],
  ];
  it.each(models)('%s predicts bit-identically after a JSON round trip', (_n, make) => {
    const m = make();
    const text = serializeModel(m as never, { binning: train.X.binning, meta: { note: 'test' } });
    const back = deserializeModel(text);
    expect(back.meta).toEqual({ note: 'test' });
    // Scoring data binned with the saved edges.
    const X = applyBinning(back.binning!, score.columns);
    same(m.predict(score.X), (back.model as UpliftModel).predict(X));
  });

  it('round-trips a boosted model and a policy tree', () => {
    const g = fitGbdt(train.X, train.data.y, { objective: 'binary', nEstimators: 20 });
    const g2 = deserializeModel(serializeModel(g)).model as GbdtModel;
    expect(
      Buffer.from(predictGbdt(g2, score.X).buffer).equals(Buffer.from(predictGbdt(g, score.X).buffer)),
    ).toBe(true);
    const t = TLearner.fit(train.data, gbdt);
    const gamma = aipwScores(
      train.data.arm,
      train.data.y,
      train.data.propensity,
      armMeans(t.predict(train.X)),
    );
    const pt = PolicyTree.fit(train.X, gamma, { depth: 2 });
    const pt2 = deserializeModel(serializeModel(pt)).model as PolicyTree;
    expect(Array.from(pt2.predict(score.X))).toEqual(Array.from(pt.predict(score.X)));
    expect(pt2.leaves).toEqual(pt.leaves);
  });

  it('rejects what is not a saved model', () => {
    expect(() => deserializeModel('{"a":1}')).toThrow(InvalidInput);
    expect(() => deserializeModel('not json')).toThrow(/not valid JSON/);
  });
});
