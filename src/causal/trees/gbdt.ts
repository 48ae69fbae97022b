import { InvalidInput } from '../../core/errors.ts';
import { Rng } from '../../core/rng.ts';
import { assertSameFeatures, type BinnedMatrix } from './binning.ts';
import { addEnsemblePrediction, addEnsemblesPrediction } from './ensemble-predict.ts';
import {
  addTreePrediction,
  DEFAULT_TREE_PARAMS,
  growTree,
  makeScratch,
  type Tree,
  type TreeParams,
} from './tree.ts';

/**
 * Gradient-boosted trees (Friedman 2001) with second-order leaf values (Chen & Guestrin 2016)
 * over histogram trees (Ke et al. 2017). Objectives: binary logistic (predicts a probability)
 * and squared error (predicts the mean). Sample weights scale gradients and hessians, which is
 * what inverse-propensity weighting needs.
 */
export type GbdtObjective = 'binary' | 'regression';

export interface GbdtOptions extends TreeParams {
  objective: GbdtObjective;
  nEstimators?: number;
  learningRate?: number;
  /** Fraction of rows drawn (without replacement) for each tree. */
  subsample?: number;
  /** Fraction of features drawn for each tree. */
  colsampleByTree?: number;
  seed?: number | string;
  /** Stop when the validation loss has not improved for this many rounds (0 = never). */
  earlyStoppingRounds?: number;
  /** Held-out rows for early stopping; if absent, `validationFraction` of the rows is held out. */
  validation?: { X: BinnedMatrix; y: Float64Array; weight?: Float64Array };
  /** Share of training rows held out for early stopping when no validation set is given (0 = none). */
  validationFraction?: number;
  /**
   * Per-row starting raw scores (length X.nRows), e.g. another model's predictions to boost from.
   * The fitted model then holds only the increments (initScore 0, or the offset below): its raw
   * prediction must be added to the same starting scores.
   */
  initRaw?: Float64Array;
  /**
   * With `initRaw`: start from initRaw plus the one constant that fits the training rows best (their
   * mean departure from initRaw; on the logistic objective the log-odds shift that matches their
   * rate), kept as the model's initScore. Without it the trees must learn even a shift that is the
   * same for every row, a learning rate's share per round.
   */
  fitInitOffset?: boolean;
  /**
   * Choose the number of rounds by this many folds of the training rows instead of one held-out
   * share (2 or more; early stopping on): a model is fitted on the rows outside each fold, early
   * stopped on the fold, the folds' validation losses are averaged round by round (over the rounds
   * every fold reached), and the final model is fitted on all rows for the rounds where that mean is
   * lowest. Every row then judges the stopping point once, where `validationFraction` lets 15% of
   * them decide. On an arm model that learns a small effect the loss curve of so few rows is mostly
   * noise: on the experiment shapes the stop fell anywhere from 3 to 361 rounds
   * (docs/uplift-pipeline.md, "Eleventh session").
   */
  cvFolds?: number;
}

export interface GbdtModel {
  kind: 'gbdt';
  objective: GbdtObjective;
  featureNames: string[];
  initScore: number;
  /** Trees with the learning rate already folded into their leaf values. */
  trees: Tree[];
  bestIteration: number;
  validationLoss: number[];
}

export const DEFAULT_GBDT = {
  nEstimators: 200,
  learningRate: 0.1,
  subsample: 1,
  colsampleByTree: 1,
  earlyStoppingRounds: 20,
  validationFraction: 0,
};

function sigmoid(x: number): number {
  return 1 / (1 + Math.exp(-x));
}

function checkTargets(y: Float64Array, objective: GbdtObjective, n: number, weight?: Float64Array): void {
  if (y.length !== n) throw new InvalidInput(`y has ${y.length} rows, X has ${n}`);
  if (weight && weight.length !== n) throw new InvalidInput(`weight has ${weight.length} rows, X has ${n}`);
  for (let i = 0; i < n; i++) {
    const v = y[i] as number;
    if (!Number.isFinite(v)) throw new InvalidInput(`y[${i}] is ${v}; outcomes must be finite numbers`);
    if (objective === 'binary' && v !== 0 && v !== 1)
      throw new InvalidInput(`y[${i}] is ${v}; a binary objective needs outcomes 0 or 1`);
    if (weight) {
      const w = weight[i] as number;
      if (!(w >= 0) || !Number.isFinite(w))
        throw new InvalidInput(`weight[${i}] is ${w}; weights must be >= 0`);
    }
  }
}

function loss(objective: GbdtObjective, raw: Float64Array, y: Float64Array, w?: Float64Array): number {
  let s = 0;
  let sw = 0;
  for (let i = 0; i < raw.length; i++) {
    const wi = w ? (w[i] as number) : 1;
    const yi = y[i] as number;
    const r = raw[i] as number;
    // Logloss in the numerically stable form log(1 + e^r) - y r.
    const l =
      objective === 'binary' ? Math.max(r, 0) + Math.log1p(Math.exp(-Math.abs(r))) - yi * r : (r - yi) ** 2;
    s += wi * l;
    sw += wi;
  }
  return sw > 0 ? s / sw : 0;
}

/**
 * The constant c minimising the training rows' loss of raw + c: the weighted mean residual for
 * squared error; for the logistic loss the root of sum w (y - sigmoid(raw + c)), by Newton steps
 * (the loss is convex in c), clipped to +-10 log-odds for rows whose outcome never varies.
 */
function bestOffset(
  objective: GbdtObjective,
  raw: Float64Array,
  y: Float64Array,
  weight: Float64Array | undefined,
  rows: Uint32Array,
): number {
  if (objective === 'regression') {
    let sw = 0;
    let s = 0;
    for (let k = 0; k < rows.length; k++) {
      const i = rows[k] as number;
      const w = weight ? (weight[i] as number) : 1;
      sw += w;
      s += w * ((y[i] as number) - (raw[i] as number));
    }
    return sw > 0 ? s / sw : 0;
  }
  let c = 0;
  for (let step = 0; step < 50; step++) {
    let g = 0;
    let h = 0;
    for (let k = 0; k < rows.length; k++) {
      const i = rows[k] as number;
      const w = weight ? (weight[i] as number) : 1;
      const p = sigmoid((raw[i] as number) + c);
      g += w * ((y[i] as number) - p);
      h += w * p * (1 - p);
    }
    if (!(h > 0)) break;
    const next = Math.min(10, Math.max(-10, c + g / h));
    const done = Math.abs(next - c) < 1e-12;
    c = next;
    if (done) break;
  }
  return c;
}

/** Fit a boosted model on rows `rowsIn` of X (all rows when omitted). */
export function fitGbdt(
  X: BinnedMatrix,
  y: Float64Array,
  opts: GbdtOptions,
  weight?: Float64Array,
  rowsIn?: Uint32Array,
): GbdtModel {
  if (
    (opts.cvFolds ?? 0) >= 2 &&
    !opts.validation &&
    (opts.earlyStoppingRounds ?? DEFAULT_GBDT.earlyStoppingRounds) > 0
  )
    return fitGbdtRoundsByFolds(X, y, opts, weight, rowsIn);
  return fitGbdtOnce(X, y, opts, weight, rowsIn);
}

/** The `cvFolds` fit: rounds chosen on the folds' mean validation loss, then one fit on all rows. */
function fitGbdtRoundsByFolds(
  X: BinnedMatrix,
  y: Float64Array,
  opts: GbdtOptions,
  weight: Float64Array | undefined,
  rowsIn: Uint32Array | undefined,
): GbdtModel {
  const K = opts.cvFolds as number;
  const rows = rowsIn ? Uint32Array.from(rowsIn) : Uint32Array.from({ length: X.nRows }, (_, i) => i);
  const rng = Rng.derive(opts.seed ?? 0, 'gbdt-cv-folds');
  const fold = new Uint8Array(rows.length);
  for (let k = 0; k < rows.length; k++) fold[k] = rng.int(K);
  const sum: number[] = [];
  const count: number[] = [];
  let reached = Number.POSITIVE_INFINITY;
  for (let f = 0; f < K; f++) {
    const fit = rows.filter((_, k) => fold[k] !== f);
    const val = rows.filter((_, k) => fold[k] === f);
    if (fit.length < 20 || val.length < 20) return fitGbdtOnce(X, y, { ...opts, cvFolds: 0 }, weight, rowsIn);
    const m = fitGbdtOnce(X, y, { ...opts, cvFolds: 0 }, weight, fit, val);
    // Each fold's loss is a mean over its rows: weigh it by them so the average is over all rows.
    m.validationLoss.forEach((l, it) => {
      sum[it] = (sum[it] ?? 0) + l * val.length;
      count[it] = (count[it] ?? 0) + val.length;
    });
    reached = Math.min(reached, m.validationLoss.length);
  }
  const meanLoss = sum.slice(0, reached).map((s, it) => s / (count[it] as number));
  let best = 0;
  for (let it = 1; it < meanLoss.length; it++)
    if ((meanLoss[it] as number) < (meanLoss[best] as number) - 1e-12) best = it;
  const rounds = meanLoss.length > 0 ? best + 1 : 0;
  const model = fitGbdtOnce(
    X,
    y,
    { ...opts, cvFolds: 0, nEstimators: rounds, earlyStoppingRounds: 0 },
    weight,
    rowsIn,
  );
  return { ...model, bestIteration: rounds, validationLoss: meanLoss };
}

/**
 * One boosted fit on rows `rowsIn`; early stopping (if on) judged on `valRowsIn` when given, else on
 * the validation set or share of the options.
 */
function fitGbdtOnce(
  X: BinnedMatrix,
  y: Float64Array,
  opts: GbdtOptions,
  weight?: Float64Array,
  rowsIn?: Uint32Array,
  valRowsIn?: Uint32Array,
): GbdtModel {
  const o = { ...DEFAULT_GBDT, ...opts };
  const treeParams: TreeParams = { ...DEFAULT_TREE_PARAMS, ...opts };
  const n = X.nRows;
  checkTargets(y, o.objective, n, weight);
  const rng = new Rng(o.seed ?? 0);
  let train = rowsIn ? Uint32Array.from(rowsIn) : Uint32Array.from({ length: n }, (_, i) => i);
  if (train.length === 0) throw new InvalidInput('cannot fit a model on zero rows');

  // Validation rows: an explicit set, or a seeded share of the training rows.
  let valRows: Uint32Array | null = valRowsIn && o.earlyStoppingRounds > 0 ? valRowsIn : null;
  if (!valRows && !o.validation && o.validationFraction > 0 && o.earlyStoppingRounds > 0) {
    const shuffled = Array.from(train);
    rng.shuffle(shuffled);
    const nVal = Math.floor(shuffled.length * o.validationFraction);
    if (nVal >= 20 && shuffled.length - nVal >= 20) {
      valRows = Uint32Array.from(shuffled.slice(0, nVal)).sort();
      train = Uint32Array.from(shuffled.slice(nVal)).sort();
    }
  }

  // Initial score: the weighted mean (as log-odds for the logistic objective).
  let sw = 0;
  let sy = 0;
  for (let k = 0; k < train.length; k++) {
    const i = train[k] as number;
    const w = weight ? (weight[i] as number) : 1;
    sw += w;
    sy += w * (y[i] as number);
  }
  if (!(sw > 0)) throw new InvalidInput('all training weights are zero');
  const mean = sy / sw;
  const clipped = Math.min(Math.max(mean, 1e-6), 1 - 1e-6);
  let initScore = o.objective === 'binary' ? Math.log(clipped / (1 - clipped)) : mean;
  let raw: Float64Array;
  if (o.initRaw) {
    if (o.initRaw.length !== n) throw new InvalidInput(`initRaw has ${o.initRaw.length} rows, X has ${n}`);
    if (o.validation) throw new InvalidInput('initRaw cannot be combined with an explicit validation set');
    initScore = o.fitInitOffset ? bestOffset(o.objective, o.initRaw, y, weight, train) : 0;
    raw = Float64Array.from(o.initRaw);
    if (initScore !== 0) for (let i = 0; i < n; i++) raw[i] = (raw[i] as number) + initScore;
  } else raw = new Float64Array(n).fill(initScore);
  const g = new Float64Array(n);
  const h = new Float64Array(n);
  const nFeat = X.columns.length;
  const scratch = makeScratch(X);

  let valRaw: Float64Array | null = null;
  let valX: BinnedMatrix | null = null;
  let valY: Float64Array | null = null;
  let valW: Float64Array | undefined;
  if (o.validation) {
    assertSameFeatures(X, o.validation.X);
    checkTargets(o.validation.y, o.objective, o.validation.X.nRows, o.validation.weight);
    valX = o.validation.X;
    valY = o.validation.y;
    valW = o.validation.weight;
  } else if (valRows) {
    // Validation rows are scored from `raw` itself (they never enter a tree's rows).
    valY = Float64Array.from(valRows, (i) => y[i] as number);
    valW = weight ? Float64Array.from(valRows, (i) => weight[i] as number) : undefined;
  }
  if (valX) valRaw = new Float64Array(valX.nRows).fill(initScore);

  const trees: Tree[] = [];
  const validationLoss: number[] = [];
  let bestLoss = Number.POSITIVE_INFINITY;
  let bestIteration = 0;
  const subRows = new Uint32Array(train.length);
  const allFeatures = Int32Array.from({ length: nFeat }, (_, f) => f);

  for (let it = 0; it < o.nEstimators; it++) {
    for (let k = 0; k < train.length; k++) {
      const i = train[k] as number;
      const w = weight ? (weight[i] as number) : 1;
      if (o.objective === 'binary') {
        const pr = sigmoid(raw[i] as number);
        g[i] = w * (pr - (y[i] as number));
        h[i] = w * Math.max(pr * (1 - pr), 1e-16);
      } else {
        g[i] = w * ((raw[i] as number) - (y[i] as number));
        h[i] = w;
      }
    }
    let rows: Uint32Array;
    if (o.subsample < 1) {
      let m = 0;
      for (let k = 0; k < train.length; k++) if (rng.next() < o.subsample) subRows[m++] = train[k] as number;
      rows = subRows.subarray(0, m);
    } else {
      subRows.set(train);
      rows = subRows;
    }
    let features = allFeatures;
    if (o.colsampleByTree < 1) {
      const k = Math.max(1, Math.round(nFeat * o.colsampleByTree));
      const idx = Array.from(allFeatures);
      rng.shuffle(idx);
      features = Int32Array.from(idx.slice(0, k)).sort();
    }
    const tree = growTree(X, g, h, rows, features, treeParams, scratch);
    for (let l = 0; l < tree.leafValue.length; l++)
      tree.leafValue[l] = (tree.leafValue[l] as number) * o.learningRate;
    trees.push(tree);
    addTreePrediction(tree, X, raw);

    if (valY && o.earlyStoppingRounds > 0) {
      let l: number;
      if (valX && valRaw) {
        addTreePrediction(tree, valX, valRaw);
        l = loss(o.objective, valRaw, valY, valW);
      } else {
        const vr = Float64Array.from(valRows!, (i) => raw[i] as number);
        l = loss(o.objective, vr, valY, valW);
      }
      validationLoss.push(l);
      if (l < bestLoss - 1e-12) {
        bestLoss = l;
        bestIteration = it + 1;
      } else if (it + 1 - bestIteration >= o.earlyStoppingRounds) break;
    } else bestIteration = it + 1;
  }
  trees.length = bestIteration;
  return {
    kind: 'gbdt',
    objective: o.objective,
    featureNames: X.names.slice(),
    initScore,
    trees,
    bestIteration,
    validationLoss,
  };
}

/** Raw scores (log-odds for the logistic objective). */
export function predictGbdtRaw(model: GbdtModel, X: BinnedMatrix): Float64Array {
  assertSameFeatures({ names: model.featureNames }, X);
  const out = new Float64Array(X.nRows).fill(model.initScore);
  addEnsemblePrediction(model.trees, X, out);
  return out;
}

/**
 * predictGbdtRaw of each model, in one pass over the rows (each block of rows copied once for all
 * the models): the same values to the bit.
 */
export function predictGbdtRawMany(models: GbdtModel[], X: BinnedMatrix): Float64Array[] {
  for (const m of models) assertSameFeatures({ names: m.featureNames }, X);
  const outs = models.map((m) => new Float64Array(X.nRows).fill(m.initScore));
  addEnsemblesPrediction(
    models.map((m) => m.trees),
    X,
    outs,
  );
  return outs;
}

/** Probabilities for the logistic objective, means for squared error. */
export function predictGbdt(model: GbdtModel, X: BinnedMatrix): Float64Array {
  const raw = predictGbdtRaw(model, X);
  if (model.objective === 'binary') for (let i = 0; i < raw.length; i++) raw[i] = sigmoid(raw[i] as number);
  return raw;
}

/** Total split gain per feature, a quick importance measure. */
export function featureImportance(model: GbdtModel): Float64Array {
  const imp = new Float64Array(model.featureNames.length);
  for (const t of model.trees)
    for (let j = 0; j < t.feature.length; j++) imp[t.feature[j] as number] += t.gain[j] as number;
  return imp;
}
