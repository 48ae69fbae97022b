import { describe, expect, it } from 'vitest';
import { InvalidInput } from '../../core/errors.ts';
import { Rng } from '../../core/rng.ts';
import { referenceEnsembleRaw } from '../../test-support/tree-walk.ts';
import { applyBinning, binColumns, fitBinning, type RawColumn } from './binning.ts';
import { fitGbdt, predictGbdt, predictGbdtRaw } from './gbdt.ts';

function makeData(n: number, seed: number) {
  const rng = new Rng(seed);
  const x1 = new Float64Array(n);
  const x2 = new Float64Array(n);
  const c: string[] = [];
  const y = new Float64Array(n);
  const yr = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    x1[i] = rng.normal();
    x2[i] = i % 17 === 0 ? Number.NaN : rng.uniform(0, 1);
    c.push(['a', 'b', 'c', 'd'][rng.int(4)]!);
    const logit = 1.5 * x1[i]! + (c[i] === 'b' || c[i] === 'd' ? 1 : -1) + (Number.isNaN(x2[i]!) ? 2 : 0);
    y[i] = rng.bernoulli(1 / (1 + Math.exp(-logit))) ? 1 : 0;
    yr[i] = 2 * x1[i]! + (c[i] === 'c' ? 3 : 0) + rng.normal(0, 0.1);
  }
  const cols: RawColumn[] = [
    { name: 'x1', kind: 'numeric', values: x1 },
    { name: 'x2', kind: 'numeric', values: x2 },
    { name: 'c', kind: 'categorical', values: c },
  ];
  return { cols, y, yr };
}

describe('binning', () => {
  it('puts NaN in bin 0 and uses real values as upper-inclusive edges', () => {
    const cols: RawColumn[] = [{ name: 'v', kind: 'numeric', values: [1, 2, 2, 3, Number.NaN, 5] }];
    const X = binColumns(cols);
    expect(X.binning[0]).toEqual({ name: 'v', kind: 'numeric', edges: [1, 2, 3] });
    expect(Array.from(X.columns[0]!)).toEqual([1, 2, 2, 3, 0, 4]);
    const Y = applyBinning(X.binning, [{ name: 'v', kind: 'numeric', values: [0, 1.5, 2, 99] }]);
    expect(Array.from(Y.columns[0]!)).toEqual([1, 2, 2, 4]);
  });
  it('caps bins at maxBins with quantile edges', () => {
    const v = Float64Array.from({ length: 10_000 }, (_, i) => i);
    const X = binColumns([{ name: 'v', kind: 'numeric', values: v }], { maxBins: 11 });
    expect(X.nBins[0]).toBeLessThanOrEqual(11);
    const counts = new Array(X.nBins[0]).fill(0);
    for (const b of X.columns[0]!) counts[b]++;
    expect(counts[0]).toBe(0);
    for (let b = 1; b < X.nBins[0]!; b++) expect(counts[b]).toBeGreaterThan(700);
  });
  it('pools rare and unseen categories in bin 1', () => {
    const vals = [...Array(30).fill('x'), ...Array(30).fill('y'), 'rare', null];
    const bins = fitBinning([{ name: 'c', kind: 'categorical', values: vals }], { minCategoryCount: 5 });
    expect(bins[0]).toEqual({ name: 'c', kind: 'categorical', categories: ['x', 'y'] });
    const X = applyBinning(bins, [
      { name: 'c', kind: 'categorical', values: ['x', 'y', 'rare', 'new', null] },
    ]);
    expect(Array.from(X.columns[0]!)).toEqual([2, 3, 1, 1, 0]);
  });
  it('rejects mismatched columns', () => {
    const bins = fitBinning([{ name: 'a', kind: 'numeric', values: [1, 2] }]);
    expect(() => applyBinning(bins, [{ name: 'b', kind: 'numeric', values: [1] }])).toThrow(InvalidInput);
  });
  it('matches columns by name, so a model outlives features added after it was trained', () => {
    const bins = fitBinning([
      { name: 'a', kind: 'numeric', values: [1, 2, 3] },
      { name: 'c', kind: 'categorical', values: ['x', 'y', 'x'] },
    ]);
    const X = applyBinning(bins, [
      { name: 'new', kind: 'numeric', values: [9, 9] },
      { name: 'c', kind: 'categorical', values: ['y', 'x'] },
      { name: 'a', kind: 'numeric', values: [3, 1] },
    ]);
    expect(X.binning.map((b) => b.name)).toEqual(['a', 'c']);
    expect(Array.from(X.columns[0]!)).toEqual([3, 1]);
    expect(() => applyBinning(bins, [{ name: 'a', kind: 'numeric', values: [1] }])).toThrow(/"c".*retrain/);
  });
});

describe('gbdt', () => {
  it('learns a logistic model with categorical and missing effects', () => {
    const train = makeData(20_000, 1);
    const test = makeData(5_000, 2);
    const binning = fitBinning(train.cols);
    const X = applyBinning(binning, train.cols);
    const Xt = applyBinning(binning, test.cols);
    const m = fitGbdt(X, train.y, { objective: 'binary', nEstimators: 100, seed: 1 });
    const p = predictGbdt(m, Xt);
    let ll = 0;
    let base = 0;
    const mean = train.y.reduce((a, b) => a + b, 0) / train.y.length;
    for (let i = 0; i < p.length; i++) {
      const yi = test.y[i]!;
      ll -= yi * Math.log(p[i]!) + (1 - yi) * Math.log(1 - p[i]!);
      base -= yi * Math.log(mean) + (1 - yi) * Math.log(1 - mean);
    }
    expect(ll / p.length).toBeLessThan(0.75 * (base / p.length));
    // Missing x2 raises the log-odds by 2: the model must see it.
    let pm = 0;
    let pn = 0;
    let cm = 0;
    let cn = 0;
    for (let i = 0; i < p.length; i++) {
      if (Number.isNaN((test.cols[1]!.values as Float64Array)[i]!)) {
        pm += p[i]!;
        cm++;
      } else {
        pn += p[i]!;
        cn++;
      }
    }
    expect(pm / cm - pn / cn).toBeGreaterThan(0.15);
  });
  it('learns a regression with a categorical step', () => {
    const train = makeData(20_000, 3);
    const X = binColumns(train.cols);
    const m = fitGbdt(X, train.yr, { objective: 'regression', nEstimators: 150, seed: 1 });
    const p = predictGbdt(m, X);
    let mse = 0;
    for (let i = 0; i < p.length; i++) mse += (p[i]! - train.yr[i]!) ** 2;
    expect(mse / p.length).toBeLessThan(0.05);
  });
  it('stops early on a validation share, is deterministic under a seed', () => {
    const train = makeData(10_000, 4);
    const X = binColumns(train.cols);
    const opts = {
      objective: 'binary' as const,
      nEstimators: 500,
      validationFraction: 0.2,
      subsample: 0.7,
      colsampleByTree: 0.67,
      seed: 7,
    };
    const a = fitGbdt(X, train.y, opts);
    const b = fitGbdt(X, train.y, opts);
    expect(a.trees.length).toBeLessThan(500);
    expect(Array.from(predictGbdt(a, X))).toEqual(Array.from(predictGbdt(b, X)));
  });
  it('predicts, over the ensemble walk (ensemble-predict.ts), exactly what walking each tree in order gives', () => {
    const { cols, y } = makeData(5000, 9);
    const X = binColumns(cols);
    const model = fitGbdt(X, y, { objective: 'binary', nEstimators: 40, seed: 3 });
    // A constant tree among split trees: summed first, as the ensemble walk does.
    model.trees.splice(3, 0, {
      ...model.trees[0]!,
      feature: new Int32Array(0),
      leafValue: Float64Array.of(0.01),
    });
    const raw = predictGbdtRaw(model, X);
    expect(Array.from(raw)).toEqual(Array.from(referenceEnsembleRaw(model.trees, X, model.initScore)));
    // Trees added after a prediction are seen by the next one (the ensemble's layout is rebuilt).
    model.trees.push({ ...model.trees[0]!, feature: new Int32Array(0), leafValue: Float64Array.of(1) });
    expect(predictGbdtRaw(model, X)[0]).not.toBe(raw[0]);
  });
  it('honours sample weights', () => {
    // Two identical feature rows with different outcomes: the weighted mean decides.
    const X = binColumns([{ name: 'a', kind: 'numeric', values: new Float64Array(100) }]);
    const y = Float64Array.from({ length: 100 }, (_, i) => (i < 50 ? 1 : 0));
    const w = Float64Array.from({ length: 100 }, (_, i) => (i < 50 ? 3 : 1));
    const m = fitGbdt(X, y, { objective: 'regression', nEstimators: 5 }, w);
    expect(predictGbdt(m, X)[0]).toBeCloseTo(0.75, 10);
  });
  it('rejects NaN outcomes and non-binary labels', () => {
    const X = binColumns([{ name: 'a', kind: 'numeric', values: [1, 2, 3] }]);
    expect(() => fitGbdt(X, Float64Array.from([0, Number.NaN, 1]), { objective: 'regression' })).toThrow(
      /finite/,
    );
    expect(() => fitGbdt(X, Float64Array.from([0, 2, 1]), { objective: 'binary' })).toThrow(/0 or 1/);
  });
});
