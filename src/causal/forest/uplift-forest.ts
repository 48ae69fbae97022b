import { InvalidInput } from '../../core/errors.ts';
import { Rng } from '../../core/rng.ts';
import {
  type ArmReport,
  emptyPrediction,
  type LearnerReport,
  type OutcomeKind,
  type UpliftDataset,
  type UpliftModel,
  type UpliftPrediction,
  validateDataset,
} from '../learners/types.ts';
import { assertSameFeatures, type BinnedMatrix } from '../trees/binning.ts';
import { ctsValue, nodeDivergence, type SplitCriterion, splitNormalization } from './criteria.ts';
import { fitForestChunks } from './parallel-forest.ts';

/**
 * Uplift random forest for several treatments (Rzepakowski & Jaroszewicz 2012; Guelman,
 * Guillén & Pérez-Marín 2015 for uplift random forests; Zhao, Fang & Simchi-Levi 2017 for CTS),
 * on the same binned columns as the boosted trees. Each tree is grown on a seeded subsample
 * (or bootstrap) with `maxFeatures` features drawn at every node; a node splits on the binned
 * threshold (or category subset) with the best criterion gain, subject to `minSamplesLeaf` rows
 * per child and `minSamplesTreatment` rows of every arm per child. Arm means in a child are
 * shrunk towards the parent's: mu = (sum_y + nReg * mu_parent) / (n + nReg) (CausalML's n_reg).
 * Honest estimation (Athey & Imbens 2016, PNAS): half of each tree's sample chooses the splits,
 * the other half estimates the leaf means. A leaf predicts every arm's mean; the forest averages.
 * Arm means are inverse-propensity weighted (Hájek) by default, so campaigns that assigned arms
 * with different probabilities pool correctly.
 */
export interface UpliftForestOptions {
  /** Default 'cts': the best policy value in bench/causal-core.ts, and it works for any outcome. */
  criterion?: SplitCriterion;
  nTrees?: number;
  maxDepth?: number;
  minSamplesLeaf?: number;
  minSamplesTreatment?: number;
  nReg?: number;
  /** Normalisation weight between pooled and per-treatment terms (default 0.9). */
  alpha?: number;
  /** Features drawn at each node (default ceil(sqrt(F)), at least 5 if available). */
  maxFeatures?: number;
  /** Share of rows drawn per tree without replacement (default 0.5); ignored with bootstrap. */
  subsample?: number;
  bootstrap?: boolean;
  honest?: boolean;
  /** Weight rows by 1/propensity when estimating arm means (default true). */
  ipw?: boolean;
  minGain?: number;
  seed?: number | string;
  outcome?: OutcomeKind | 'auto';
  /** Arms with fewer rows get effect 0 and are reported (default 100). */
  minArmRows?: number;
}

export interface UpliftTreeData {
  feature: Int32Array;
  left: Int32Array;
  right: Int32Array;
  leftBits: Uint32Array;
  /** nLeaves x (K+1) arm means. */
  leafValues: Float64Array;
  /**
   * Per internal node: the split's importance, measured on the tree's out-of-bag rows (see
   * `grow`), summed per feature for the model's feature importance. Absent in forests saved
   * before it was recorded.
   */
  gain?: Float64Array;
}

export interface UpliftForestState {
  kind: 'uplift-forest';
  armNames: string[];
  featureNames: string[];
  report: LearnerReport;
  criterion: SplitCriterion;
  active: number[];
  trees: UpliftTreeData[];
}

interface GrowCtx {
  X: BinnedMatrix;
  y: Float64Array;
  arm: Int32Array;
  w: Float64Array;
  K1: number;
  active: Uint8Array;
  binary: boolean;
  crit: SplitCriterion;
  maxDepth: number;
  minLeaf: number;
  minTreat: number;
  nReg: number;
  alpha: number;
  mtry: number;
  minGain: number;
  rng: Rng;
  hist: Float64Array;
  // tree under construction
  feature: number[];
  left: number[];
  right: number[];
  bits: Uint32Array[];
  gain: number[];
  /** Splitting rows at the root, and the out-of-bag rows' weighted count, for each node's share. */
  rootRows: number;
  oobRootN: number;
  leaves: Float64Array[];
  /** Per node: 'n' for internal nodes (index), 'l' for leaves, with the node's arm means. */
}

const S3 = 3; // per arm: raw count, weighted count, weighted sum

function stats(c: GrowCtx, rows: Uint32Array): Float64Array {
  const st = new Float64Array(c.K1 * S3);
  for (const i of rows) {
    const o = (c.arm[i] as number) * S3;
    const w = c.w[i] as number;
    st[o] += 1;
    st[o + 1] += w;
    st[o + 2] += w * (c.y[i] as number);
  }
  return st;
}

function shrunkMeans(st: Float64Array, parent: Float64Array, K1: number, nReg: number): Float64Array {
  const mu = new Float64Array(K1);
  for (let a = 0; a < K1; a++) {
    const wn = st[a * S3 + 1] as number;
    const ws = st[a * S3 + 2] as number;
    mu[a] = wn + nReg > 0 ? (ws + nReg * (parent[a] as number)) / (wn + nReg) : (parent[a] as number);
  }
  return mu;
}

function gainOf(c: GrowCtx, mu: Float64Array, st: Float64Array, L: Float64Array, R: Float64Array): number {
  const K1 = c.K1;
  let nL = 0;
  let nR = 0;
  for (let a = 0; a < K1; a++) {
    if (!c.active[a]) continue;
    const l = L[a * S3] as number;
    const r = R[a * S3] as number;
    if (l < c.minTreat || r < c.minTreat) return Number.NEGATIVE_INFINITY;
    nL += L[a * S3 + 1] as number;
    nR += R[a * S3 + 1] as number;
  }
  const n = nL + nR;
  if (!(n > 0)) return Number.NEGATIVE_INFINITY;
  const muL = shrunkMeans(L, mu, K1, c.nReg);
  const muR = shrunkMeans(R, mu, K1, c.nReg);
  if (c.crit === 'cts')
    return (nL / n) * ctsValue(muL, c.active) + (nR / n) * ctsValue(muR, c.active) - ctsValue(mu, c.active);
  const gain =
    (nL / n) * nodeDivergence(c.crit, muL, c.binary, c.active) +
    (nR / n) * nodeDivergence(c.crit, muR, c.binary, c.active) -
    nodeDivergence(c.crit, mu, c.binary, c.active);
  const nLeft = new Float64Array(K1);
  const nAll = new Float64Array(K1);
  for (let a = 0; a < K1; a++) {
    nLeft[a] = L[a * S3 + 1] as number;
    nAll[a] = st[a * S3 + 1] as number;
  }
  return gain / splitNormalization(c.crit, nLeft, nAll, c.alpha, c.active);
}

interface Candidate {
  gain: number;
  feature: number;
  bits: Uint32Array;
}

function setBit(bits: Uint32Array, b: number): void {
  bits[b >>> 5] = (bits[b >>> 5] as number) | (1 << (b & 31));
}

function bestSplit(c: GrowCtx, rows: Uint32Array, st: Float64Array, mu: Float64Array): Candidate | null {
  const F = c.X.columns.length;
  const K1 = c.K1;
  const stride = K1 * S3;
  const feats = Array.from({ length: F }, (_, f) => f);
  c.rng.shuffle(feats);
  let best: Candidate | null = null;
  let bestGain = c.minGain;
  const L = new Float64Array(stride);
  const R = new Float64Array(stride);
  const nRows = rows.length;
  for (const f of feats.slice(0, c.mtry)) {
    const nb = c.X.nBins[f] as number;
    const h = c.hist.subarray(0, nb * stride);
    h.fill(0);
    const col = c.X.columns[f] as Uint8Array;
    for (const i of rows) {
      const o = (col[i] as number) * stride + (c.arm[i] as number) * S3;
      const w = c.w[i] as number;
      h[o] += 1;
      h[o + 1] += w;
      h[o + 2] += w * (c.y[i] as number);
    }
    const count = (b: number) => {
      let s = 0;
      for (let a = 0; a < K1; a++) s += h[b * stride + a * S3] as number;
      return s;
    };
    let order: number[];
    let missingFirstOptions: boolean[];
    if (c.X.kinds[f] === 'numeric') {
      order = Array.from({ length: nb - 1 }, (_, k) => k + 1);
      missingFirstOptions = count(0) > 0 ? [false, true] : [false];
    } else {
      // Categories ordered by the node's best arm's effect within them (a prefix-split heuristic).
      let bestArm = 0;
      for (let a = 1; a < K1; a++)
        if (c.active[a] && (mu[a] as number) > (mu[bestArm] as number)) bestArm = a;
      const eff = (b: number) => {
        const m = (a: number) =>
          ((h[b * stride + a * S3 + 2] as number) + c.nReg * (mu[a] as number)) /
          ((h[b * stride + a * S3 + 1] as number) + c.nReg);
        return m(bestArm) - m(0);
      };
      order = Array.from({ length: nb }, (_, b) => b)
        .filter((b) => count(b) > 0)
        .sort((a, b) => eff(a) - eff(b) || a - b);
      missingFirstOptions = [false];
    }
    for (const missingFirst of missingFirstOptions) {
      L.fill(0);
      let nl = 0;
      if (missingFirst) {
        for (let j = 0; j < stride; j++) L[j] = h[j] as number;
        nl = count(0);
      }
      for (let t = 0; t < order.length - 1; t++) {
        const b = order[t] as number;
        for (let j = 0; j < stride; j++) L[j] = (L[j] as number) + (h[b * stride + j] as number);
        nl += count(b);
        if (nl < c.minLeaf) continue;
        if (nRows - nl < c.minLeaf) break;
        for (let j = 0; j < stride; j++) R[j] = (st[j] as number) - (L[j] as number);
        const g = gainOf(c, mu, st, L, R);
        if (g > bestGain) {
          bestGain = g;
          const bits = new Uint32Array(8);
          for (let k = 0; k <= t; k++) setBit(bits, order[k] as number);
          if (missingFirst) setBit(bits, 0);
          best = { gain: g, feature: f, bits };
        }
      }
    }
  }
  return best;
}

/** Out-of-bag rows at a node, their arm means (shrunk from the parent's) and weighted count. */
interface OobNode {
  rows: Uint32Array;
  mu: Float64Array;
  n: number;
}

function oobNode(c: GrowCtx, rows: Uint32Array, parentMu: Float64Array | null): OobNode {
  const st = stats(c, rows);
  let n = 0;
  for (let a = 0; a < c.K1; a++) if (c.active[a]) n += st[a * S3 + 1] as number;
  return { rows, mu: parentMu ? shrunkMeans(st, parentMu, c.K1, c.nReg) : rootMeans(c, rows), n };
}

/** The arm with the highest mean among the modelled ones (the arm the CTS value takes). */
function bestArm(mu: Float64Array, active: Uint8Array): number {
  let best = 0;
  for (let a = 1; a < mu.length; a++) if (active[a] && (mu[a] as number) > (mu[best] as number)) best = a;
  return best;
}

/**
 * Grows a node; returns its child code (>= 0 internal node, < 0 leaf ~index). `oob` carries the
 * tree's out-of-bag rows down the same splits, to measure each split's importance on rows that
 * did not choose it.
 */
function grow(
  c: GrowCtx,
  rows: Uint32Array,
  depth: number,
  parentMu: Float64Array,
  oob: OobNode | null,
  rowStats?: Float64Array,
): number {
  const st = rowStats ?? stats(c, rows);
  const mu = depth === 0 ? parentMu : shrunkMeans(st, parentMu, c.K1, c.nReg);
  const split = depth < c.maxDepth && rows.length >= 2 * c.minLeaf ? bestSplit(c, rows, st, mu) : null;
  if (!split) {
    c.leaves.push(mu);
    return ~(c.leaves.length - 1);
  }
  const goesLeft = (i: number) => {
    const b = (c.X.columns[split.feature] as Uint8Array)[i] as number;
    return (((split.bits[b >>> 5] as number) >>> (b & 31)) & 1) === 1;
  };
  const l: number[] = [];
  const r: number[] = [];
  for (const i of rows) (goesLeft(i) ? l : r).push(i);
  const lRows = Uint32Array.from(l);
  const rRows = Uint32Array.from(r);
  const stL = stats(c, lRows);
  const stR = stats(c, rRows);
  let oobL: OobNode | null = null;
  let oobR: OobNode | null = null;
  // The split's importance: how much treating each child with its own best arm (chosen on the
  // in-bag rows) beats treating the node with one, measured on the out-of-bag rows and weighted
  // by their share of the tree's. Noise splits choose their children's arms by chance, so they
  // earn nothing out of bag, whereas the in-bag gain always looks positive for them and favours
  // features with many bins (the bias of Breiman's impurity importance: Strobl et al. 2007;
  // the out-of-bag correction of Li et al. 2019, "A debiased MDI feature importance measure for
  // random forests", NeurIPS). Without out-of-bag rows, the in-bag gain.
  let gain = (Math.max(0, split.gain) * rows.length) / c.rootRows;
  if (oob && oob.n > 0 && c.oobRootN > 0) {
    const ol: number[] = [];
    const or: number[] = [];
    for (const i of oob.rows) (goesLeft(i) ? ol : or).push(i);
    oobL = oobNode(c, Uint32Array.from(ol), oob.mu);
    oobR = oobNode(c, Uint32Array.from(or), oob.mu);
    const muL = shrunkMeans(stL, mu, c.K1, c.nReg);
    const muR = shrunkMeans(stR, mu, c.K1, c.nReg);
    const value =
      (oobL.n / oob.n) * (oobL.mu[bestArm(muL, c.active)] as number) +
      (oobR.n / oob.n) * (oobR.mu[bestArm(muR, c.active)] as number) -
      (oob.mu[bestArm(mu, c.active)] as number);
    gain = (value * oob.n) / c.oobRootN;
  }
  const node = c.feature.length;
  c.feature.push(split.feature);
  c.left.push(0);
  c.right.push(0);
  c.bits.push(split.bits);
  c.gain.push(gain);
  c.left[node] = grow(c, lRows, depth + 1, mu, oobL, stL);
  c.right[node] = grow(c, rRows, depth + 1, mu, oobR, stR);
  return node;
}

function leafOfRow(
  t: { feature: Int32Array; left: Int32Array; right: Int32Array; leftBits: Uint32Array },
  X: BinnedMatrix,
  i: number,
): number {
  if (t.feature.length === 0) return 0;
  let node = 0;
  while (node >= 0) {
    const b = (X.columns[t.feature[node] as number] as Uint8Array)[i] as number;
    node =
      ((t.leftBits[node * 8 + (b >>> 5)] as number) >>> (b & 31)) & 1
        ? (t.left[node] as number)
        : (t.right[node] as number);
  }
  return ~node;
}

/** Honest leaf means: estimation rows routed through the tree, shrunk node by node from the root. */
function honestLeafValues(
  c: GrowCtx,
  t: UpliftTreeData,
  rows: Uint32Array,
  rootMu: Float64Array,
): Float64Array {
  const K1 = c.K1;
  const nLeaves = t.leafValues.length / K1;
  const out = new Float64Array(nLeaves * K1);
  const visit = (code: number, sub: Uint32Array, parentMu: Float64Array, depth: number) => {
    const mu = depth === 0 ? rootMu : shrunkMeans(stats(c, sub), parentMu, K1, c.nReg);
    if (code < 0) {
      out.set(mu, ~code * K1);
      return;
    }
    const l: number[] = [];
    const r: number[] = [];
    const col = c.X.columns[t.feature[code] as number] as Uint8Array;
    for (const i of sub) {
      const b = col[i] as number;
      ((((t.leftBits[code * 8 + (b >>> 5)] as number) >>> (b & 31)) & 1) === 1 ? l : r).push(i);
    }
    visit(t.left[code] as number, Uint32Array.from(l), mu, depth + 1);
    visit(t.right[code] as number, Uint32Array.from(r), mu, depth + 1);
  };
  visit(t.feature.length === 0 ? ~0 : 0, rows, rootMu, 0);
  return out;
}

function rootMeans(c: GrowCtx, rows: Uint32Array): Float64Array {
  const st = stats(c, rows);
  const mu = new Float64Array(c.K1);
  const ctrl = (st[2] as number) / Math.max(st[1] as number, 1e-12);
  for (let a = 0; a < c.K1; a++) {
    const wn = st[a * S3 + 1] as number;
    mu[a] = wn > 0 ? (st[a * S3 + 2] as number) / wn : ctrl;
  }
  return mu;
}

export class UpliftForest implements UpliftModel {
  readonly kind = 'uplift-forest';
  constructor(
    readonly armNames: string[],
    readonly featureNames: string[],
    readonly report: LearnerReport,
    readonly criterion: SplitCriterion,
    readonly active: number[],
    readonly trees: UpliftTreeData[],
  ) {}

  /**
   * Fit the forest. `range` fits only trees [from, to) of it; every tree draws from its own seeded
   * stream, so forests fitted in pieces (`fitAsync`) are identical to one fitted at once.
   */
  static fit(d: UpliftDataset, opts: UpliftForestOptions = {}, range?: [number, number]): UpliftForest {
    const { outcome, armRows } = validateDataset(d, opts.outcome);
    const crit = opts.criterion ?? 'cts';
    if (outcome !== 'binary' && (crit === 'kl' || crit === 'chi'))
      throw new InvalidInput(
        `criterion "${crit}" needs a binary outcome; use "ed" or "cts" for a continuous one`,
      );
    const n = d.X.nRows;
    const K1 = d.armNames.length;
    const minArmRows = opts.minArmRows ?? 100;
    const arms: ArmReport[] = armRows.map((r, a) => ({
      arm: d.armNames[a] as string,
      rows: r.length,
      status: r.length >= minArmRows || a === 0 ? 'fitted' : 'too_few_rows',
    }));
    const active = Uint8Array.from(arms, (r) => (r.status === 'fitted' ? 1 : 0));
    const w = new Float64Array(n);
    const ipw = opts.ipw ?? true;
    for (let i = 0; i < n; i++)
      w[i] = (d.weight ? (d.weight[i] as number) : 1) / (ipw ? (d.propensity[i] as number) : 1);
    const F = d.X.columns.length;
    const seed = opts.seed ?? 0;
    const nTrees = opts.nTrees ?? 100;
    const subsample = opts.subsample ?? 0.5;
    const maxNb = Math.max(...Array.from(d.X.nBins));
    const trees: UpliftTreeData[] = [];
    for (let t = range ? range[0] : 0; t < (range ? Math.min(range[1], nTrees) : nTrees); t++) {
      const rng = Rng.derive(seed, `uplift-forest:${t}`);
      let sample: number[] = [];
      if (opts.bootstrap) for (let k = 0; k < n; k++) sample.push(rng.int(n));
      else for (let i = 0; i < n; i++) if (rng.next() < subsample) sample.push(i);
      sample.sort((a, b) => a - b);
      let est: Uint32Array | null = null;
      if (opts.honest) {
        const s: number[] = [];
        const e: number[] = [];
        for (const i of sample) (rng.next() < 0.5 ? s : e).push(i);
        sample = s;
        est = Uint32Array.from(e);
      }
      const c: GrowCtx = {
        X: d.X,
        y: d.y,
        arm: d.arm,
        w,
        K1,
        active,
        binary: outcome === 'binary',
        crit,
        maxDepth: opts.maxDepth ?? 8,
        minLeaf: opts.minSamplesLeaf ?? 100,
        minTreat: opts.minSamplesTreatment ?? 10,
        nReg: opts.nReg ?? 100,
        alpha: opts.alpha ?? 0.9,
        mtry: Math.min(F, opts.maxFeatures ?? Math.max(Math.min(5, F), Math.ceil(Math.sqrt(F)))),
        minGain: opts.minGain ?? 0,
        rng,
        hist: new Float64Array(maxNb * K1 * S3),
        feature: [],
        left: [],
        right: [],
        bits: [],
        gain: [],
        rootRows: sample.length,
        oobRootN: 0,
        leaves: [],
      };
      const rows = Uint32Array.from(sample);
      const rootMu = rootMeans(c, rows);
      const drawn = new Uint8Array(n);
      for (const i of sample) drawn[i] = 1;
      if (est) for (const i of est) drawn[i] = 1;
      const oobRows: number[] = [];
      for (let i = 0; i < n; i++) if (!drawn[i]) oobRows.push(i);
      const oob = oobRows.length ? oobNode(c, Uint32Array.from(oobRows), null) : null;
      c.oobRootN = oob?.n ?? 0;
      grow(c, rows, 0, rootMu, oob);
      const leftBits = new Uint32Array(c.bits.length * 8);
      c.bits.forEach((b, j) => {
        leftBits.set(b, j * 8);
      });
      const leafValues = new Float64Array(c.leaves.length * K1);
      c.leaves.forEach((m, j) => {
        leafValues.set(m, j * K1);
      });
      const tree: UpliftTreeData = {
        feature: Int32Array.from(c.feature),
        left: Int32Array.from(c.left),
        right: Int32Array.from(c.right),
        leftBits,
        leafValues,
        gain: Float64Array.from(c.gain),
      };
      if (est) tree.leafValues = honestLeafValues(c, tree, est, rootMeans(c, est));
      trees.push(tree);
    }
    return new UpliftForest(
      d.armNames.slice(),
      d.X.names.slice(),
      { outcome, arms },
      crit,
      Array.from(active),
      trees,
    );
  }

  /** Same forest as `fit`, with its trees grown in `threads` worker threads. */
  static async fitAsync(
    d: UpliftDataset,
    opts: UpliftForestOptions & { threads?: number } = {},
  ): Promise<UpliftForest> {
    const { threads, ...rest } = opts;
    const nTrees = rest.nTrees ?? 100;
    const first = UpliftForest.fit(d, { ...rest, nTrees: 0 }); // validates, reports, no trees
    const chunks = await fitForestChunks(d, rest, nTrees, threads);
    return new UpliftForest(
      first.armNames,
      first.featureNames,
      first.report,
      first.criterion,
      first.active,
      chunks.flat(),
    );
  }

  predict(X: BinnedMatrix): UpliftPrediction {
    assertSameFeatures({ names: this.featureNames }, X);
    const K1 = this.armNames.length;
    const n = X.nRows;
    const acc = new Float64Array(n * K1);
    for (const t of this.trees) {
      for (let i = 0; i < n; i++) {
        const o = leafOfRow(t, X, i) * K1;
        for (let a = 0; a < K1; a++)
          acc[i * K1 + a] = (acc[i * K1 + a] as number) + (t.leafValues[o + a] as number);
      }
    }
    const out = emptyPrediction(n, K1 - 1);
    const T = this.trees.length || 1;
    for (let i = 0; i < n; i++) {
      const base = (acc[i * K1] as number) / T;
      out.baseline[i] = base;
      for (let k = 1; k < K1; k++)
        if (this.active[k]) (out.uplift[k - 1] as Float64Array)[i] = (acc[i * K1 + k] as number) / T - base;
    }
    return out;
  }

  toState(): UpliftForestState {
    return {
      kind: this.kind,
      armNames: this.armNames,
      featureNames: this.featureNames,
      report: this.report,
      criterion: this.criterion,
      active: this.active,
      trees: this.trees,
    };
  }

  static fromState(s: UpliftForestState): UpliftForest {
    return new UpliftForest(s.armNames, s.featureNames, s.report, s.criterion, s.active, s.trees);
  }
}
