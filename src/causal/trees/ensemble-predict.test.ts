import { describe, expect, it } from 'vitest';
import { Rng } from '../../core/rng.ts';
import { referenceEnsembleRaw as reference } from '../../test-support/tree-walk.ts';
import { TLearner } from '../learners/t-learner.ts';
import { makeUpliftProblem } from '../synthetic.ts';
import type { BinnedMatrix } from './binning.ts';
import { addEnsemblePrediction, addEnsemblesPrediction, treeDepth } from './ensemble-predict.ts';
import { fitGbdt, predictGbdtRaw, predictGbdtRawMany } from './gbdt.ts';
import type { Tree } from './tree.ts';

/**
 * A random tree over `nFeatures` features of 256 bins: leaves at any depth up to `maxDepth`,
 * every split a random set of bins (numeric thresholds and categorical subsets alike are such
 * sets, and bin 0, missing, goes either way).
 */
function randomTree(rng: Rng, nFeatures: number, maxDepth: number): Tree {
  const feature: number[] = [];
  const left: number[] = [];
  const right: number[] = [];
  const bits: number[] = [];
  const leafValue: number[] = [];
  const grow = (depth: number): number => {
    if (depth === maxDepth || (depth > 0 && rng.next() < 0.3)) {
      leafValue.push(rng.normal());
      return ~(leafValue.length - 1);
    }
    const node = feature.length;
    feature.push(rng.int(nFeatures));
    left.push(0);
    right.push(0);
    const threshold = rng.int(256);
    const categorical = rng.next() < 0.3;
    for (let w = 0; w < 8; w++) {
      let word = 0;
      for (let b = 0; b < 32; b++) {
        const bin = w * 32 + b;
        const goesLeft = categorical ? rng.next() < 0.5 : bin === 0 ? rng.next() < 0.5 : bin <= threshold;
        if (goesLeft) word |= 1 << b;
      }
      bits.push(word >>> 0);
    }
    left[node] = grow(depth + 1);
    right[node] = grow(depth + 1);
    return node;
  };
  grow(0);
  const n = feature.length;
  return {
    feature: Int32Array.from(feature),
    left: Int32Array.from(left),
    right: Int32Array.from(right),
    leftBits: Uint32Array.from(bits),
    threshold: new Int32Array(n),
    missingLeft: new Uint8Array(n),
    gain: new Float64Array(n),
    leafValue: Float64Array.from(leafValue),
    leafCount: new Float64Array(leafValue.length),
  };
}

function constantTree(v: number): Tree {
  return { ...randomTree(new Rng(0), 1, 0), leafValue: Float64Array.of(v) };
}

function randomMatrix(rng: Rng, nRows: number, nFeatures: number): BinnedMatrix {
  return {
    nRows,
    // Many missing values (bin 0), the rest anywhere in 1..255.
    columns: Array.from({ length: nFeatures }, () =>
      Uint8Array.from({ length: nRows }, () => (rng.next() < 0.2 ? 0 : 1 + rng.int(255))),
    ),
    names: Array.from({ length: nFeatures }, (_, f) => `f${f}`),
    kinds: Array.from({ length: nFeatures }, () => 'numeric' as const),
    nBins: new Int32Array(nFeatures).fill(256),
    binning: [],
  };
}

describe('ensemble prediction over complete trees', () => {
  const rng = new Rng(5);
  const F = 7;
  // Depths 1 to 4 as the default models have, 6, and 12, too deep to pad (walked by pointers);
  // constant trees in between; rows not a multiple of the block.
  const trees: Tree[] = [];
  for (let t = 0; t < 60; t++) trees.push(randomTree(rng, F, [1, 2, 3, 4, 4, 4, 6, 12][t % 8]!));
  trees.splice(5, 0, constantTree(0.25));
  trees.splice(40, 0, constantTree(-1.5));
  const X = randomMatrix(rng, 1_337, F);

  it('has trees of every kind the walk distinguishes', () => {
    const depths = new Set(trees.map(treeDepth));
    expect([0, 1, 4, 6].every((d) => depths.has(d))).toBe(true);
    expect(Math.max(...depths)).toBeGreaterThan(10);
  });

  it('gives every row the same double as walking the trees one by one', () => {
    const out = new Float64Array(X.nRows).fill(0.125);
    addEnsemblePrediction(trees, X, out);
    const want = reference(trees, X, 0.125);
    for (let i = 0; i < X.nRows; i++) expect(Object.is(out[i], want[i]), `row ${i}`).toBe(true);
  });

  it('predicts several ensembles in one pass, each as on its own', () => {
    const parts = [trees.slice(0, 20), [], trees.slice(20), trees.slice(10, 11)];
    const outs = parts.map(() => new Float64Array(X.nRows).fill(-0.5));
    addEnsemblesPrediction(parts, X, outs);
    parts.forEach((p, j) => {
      expect(Array.from(outs[j]!)).toEqual(Array.from(reference(p, X, -0.5)));
    });
  });

  it('sees trees added to an ensemble after a prediction', () => {
    const grown = trees.slice(0, 3);
    const before = new Float64Array(X.nRows);
    addEnsemblePrediction(grown, X, before);
    grown.push(randomTree(rng, F, 3));
    const after = new Float64Array(X.nRows);
    addEnsemblePrediction(grown, X, after);
    expect(Array.from(after)).toEqual(Array.from(reference(grown, X, 0)));
  });

  it('predicts fitted models (numeric and categorical splits, missing values) as predictGbdtRaw', () => {
    const p = makeUpliftProblem({ n: 3_000, arms: 2, seed: 3 });
    const a = fitGbdt(p.X, p.data.y, { objective: 'binary', nEstimators: 30, maxDepth: 4, seed: 1 });
    const b = fitGbdt(p.X, p.data.y, { objective: 'regression', nEstimators: 20, maxDepth: 6, seed: 2 });
    const [ra, rb] = predictGbdtRawMany([a, b], p.X);
    expect(Array.from(ra!)).toEqual(Array.from(reference(a.trees, p.X, a.initScore)));
    expect(Array.from(rb!)).toEqual(Array.from(predictGbdtRaw(b, p.X)));
  });
});

describe('T-learner with a shared base', () => {
  it('predicts each arm as the base plus that arm model, through the logistic', () => {
    const p = makeUpliftProblem({ n: 4_000, arms: 3, seed: 8 });
    const model = TLearner.fit(p.data, { gbdt: { nEstimators: 15 }, sharedBase: true, seed: 1 });
    const got = model.predict(p.X);
    const base = model.base!;
    const mean = (a: number) => {
      const m = model.models[a]!;
      const raw = reference(m.trees, p.X, m.initScore);
      const baseRaw = reference(base.trees, p.X, base.initScore);
      return raw.map((v, i) => 1 / (1 + Math.exp(-(v + baseRaw[i]!))));
    };
    const mu0 = mean(0);
    expect(Array.from(got.baseline)).toEqual(Array.from(mu0));
    for (let k = 1; k <= 3; k++) {
      const muk = mean(k);
      expect(Array.from(got.uplift[k - 1]!)).toEqual(Array.from(muk.map((v, i) => v - mu0[i]!)));
    }
  });
});
