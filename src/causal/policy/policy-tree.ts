import { InvalidInput } from '../../core/errors.ts';
import { Rng } from '../../core/rng.ts';
import { isContextFeature } from '../campaign-context.ts';
import {
  assertSameFeatures,
  type BinnedMatrix,
  type FeatureBinning,
  MISSING_BIN,
  OTHER_CATEGORY_BIN,
} from '../trees/binning.ts';

/**
 * Shallow policy tree (Athey & Wager 2021, "Policy learning with observational data",
 * Econometrica; Sverdrup et al., the `policytree` R package): the tree of depth <= 3 whose leaves
 * each assign one arm, maximising the sum over rows of the doubly robust score Gamma[arm(leaf)][i].
 *
 * Search: exhaustive for depth 1 and 2 (every pair of splits is tried, as in policytree), over
 * coarse bins of the features (at most `maxBins` per feature, grouping the training bins by equal
 * counts) so the exhaustive search stays fast. Depth 3 is not exhaustive: the root is the root of
 * the best depth-2 tree, and each side then gets its own exhaustive depth-2 tree.
 * Numeric splits are thresholds (missing values go to the side that gains most); categorical
 * features are split as prefixes of their categories ordered by the mean DR lift of the overall
 * best arm (a heuristic: exact for two arms, Fisher 1958), plus missing to either side.
 *
 * Leaves report their arm, size, value (mean Gamma of the arm) and lift over control
 * (mean of Gamma_arm - Gamma_0), each with a normal-approximation 95% interval over the leaf's
 * DR scores; the path to a leaf renders as DESIGN.md §5 criteria and as text.
 */
export interface PolicyTreeOptions {
  depth?: 1 | 2 | 3;
  /** Rows a leaf must hold (default max(20, 1% of rows)). */
  minLeafSize?: number;
  /** Coarse bins per feature for the search (default 32, at most 255). */
  maxBins?: number;
  /** Feature names to split on (default all). */
  features?: string[];
  /** Arm ids the leaves may assign (default all, control included). */
  arms?: number[];
  /** Arm names for rendering (index = arm id). */
  armNames?: string[];
  /** Fit on a seeded random subsample of at most this many rows (default 100,000). */
  maxRows?: number;
  seed?: number | string;
}

export type Condition =
  | { field: string; op: '<=' | '>' | 'in' | 'not_in' | 'is_null'; value: number | string[] | boolean }
  | { any: Condition[] };

export interface PolicyLeaf {
  arm: number;
  armName: string;
  rows: number;
  value: number;
  valueCi: [number, number];
  lift: number;
  liftCi: [number, number];
  criteria: { all: Condition[] };
  text: string;
}

export type PolicyNode =
  | { kind: 'leaf'; arm: number }
  | {
      kind: 'split';
      feature: number;
      leftBins: number[];
      missingSide: 'left' | 'right' | null;
      left: PolicyNode;
      right: PolicyNode;
    };

export interface PolicyTreeState {
  kind: 'policy-tree';
  featureNames: string[];
  binning: FeatureBinning[];
  armNames: string[];
  root: PolicyNode;
  leaves: PolicyLeaf[];
}

interface Ctx {
  rowsAll: number;
  A: number; // number of candidate arms
  S: number; // stride: A sums + count
  arms: number[];
  gamma: Float64Array; // row-major n x A over candidate arms
  feats: number[]; // original feature ids considered
  coarse: Uint8Array[]; // per considered feature: coarse bin per row
  nCoarse: number[];
  order: number[][]; // split order of non-missing coarse bins
  off: number[]; // offsets into a histogram of all considered features
  totalS: number;
  minLeaf: number;
  toOrig: number[][][]; // per feature, per coarse bin, the original bins
}

interface Stump {
  reward: number;
  split: { fi: number; prefix: number; missingLeft: boolean } | null;
  leftArm: number;
  rightArm: number;
}

function argmaxArm(h: Float64Array, base: number, A: number): [number, number] {
  let best = 0;
  let bv = h[base] as number;
  for (let a = 1; a < A; a++) {
    const v = h[base + a] as number;
    if (v > bv) {
      bv = v;
      best = a;
    }
  }
  return [best, bv];
}

/** Best depth-1 tree from a histogram (per feature, per coarse bin: A Gamma sums and a count). */
function bestStump(c: Ctx, H: Float64Array, tot: Float64Array): Stump {
  const { A, S } = c;
  const [arm0, r0] = argmaxArm(tot, 0, A);
  let best: Stump = { reward: r0, split: null, leftArm: arm0, rightArm: arm0 };
  const N = tot[A] as number;
  const L = new Float64Array(S);
  const R = new Float64Array(S);
  for (let fi = 0; fi < c.feats.length; fi++) {
    const base = c.off[fi] as number;
    const ord = c.order[fi] as number[];
    const missCount = H[base + A] as number;
    for (let ml = 0; ml < (missCount > 0 ? 2 : 1); ml++) {
      L.fill(0);
      if (ml) for (let j = 0; j < S; j++) L[j] = H[base + j] as number;
      for (let t = 0; t < ord.length; t++) {
        const o = base + (ord[t] as number) * S;
        for (let j = 0; j < S; j++) L[j] = (L[j] as number) + (H[o + j] as number);
        const nl = L[A] as number;
        if (nl < c.minLeaf) continue;
        if (N - nl < c.minLeaf) break;
        for (let j = 0; j < S; j++) R[j] = (tot[j] as number) - (L[j] as number);
        const [la, lv] = argmaxArm(L, 0, A);
        const [ra, rv] = argmaxArm(R, 0, A);
        if (lv + rv > best.reward + 1e-9 * Math.abs(best.reward) + 1e-12)
          best = {
            reward: lv + rv,
            split: { fi, prefix: t + 1, missingLeft: ml === 1 },
            leftArm: la,
            rightArm: ra,
          };
      }
    }
  }
  return best;
}

function histogram(c: Ctx, rows: Uint32Array): { H: Float64Array; tot: Float64Array } {
  const { A, S } = c;
  const H = new Float64Array(c.totalS);
  const tot = new Float64Array(S);
  for (let k = 0; k < rows.length; k++) {
    const i = rows[k] as number;
    const gb = i * A;
    for (let a = 0; a < A; a++) tot[a] = (tot[a] as number) + (c.gamma[gb + a] as number);
    tot[A] = (tot[A] as number) + 1;
    for (let fi = 0; fi < c.feats.length; fi++) {
      const o = (c.off[fi] as number) + ((c.coarse[fi] as Uint8Array)[i] as number) * S;
      for (let a = 0; a < A; a++) H[o + a] = (H[o + a] as number) + (c.gamma[gb + a] as number);
      H[o + A] = (H[o + A] as number) + 1;
    }
  }
  return { H, tot };
}

function inLeft(c: Ctx, fi: number, prefix: number, missingLeft: boolean): Uint8Array {
  const mask = new Uint8Array(c.nCoarse[fi] as number);
  if (missingLeft) mask[0] = 1;
  for (let t = 0; t < prefix; t++) mask[(c.order[fi] as number[])[t] as number] = 1;
  return mask;
}

function splitRows(c: Ctx, rows: Uint32Array, fi: number, mask: Uint8Array): [Uint32Array, Uint32Array] {
  const l: number[] = [];
  const r: number[] = [];
  const col = c.coarse[fi] as Uint8Array;
  for (const i of rows) (mask[col[i] as number] ? l : r).push(i);
  return [Uint32Array.from(l), Uint32Array.from(r)];
}

interface SearchNode {
  reward: number;
  node: CoarseNode;
}
type CoarseNode =
  | { kind: 'leaf'; arm: number }
  | { kind: 'split'; fi: number; mask: Uint8Array; left: CoarseNode; right: CoarseNode };

function stumpNode(c: Ctx, s: Stump): CoarseNode {
  if (!s.split) return { kind: 'leaf', arm: s.leftArm };
  return {
    kind: 'split',
    fi: s.split.fi,
    mask: inLeft(c, s.split.fi, s.split.prefix, s.split.missingLeft),
    left: { kind: 'leaf', arm: s.leftArm },
    right: { kind: 'leaf', arm: s.rightArm },
  };
}

/** Exhaustive depth-2 search: for every root split, the best stump on each side. */
function bestDepth2(c: Ctx, rows: Uint32Array): SearchNode {
  const { A, S } = c;
  const { H, tot } = histogram(c, rows);
  const stump = bestStump(c, H, tot);
  let best: SearchNode = { reward: stump.reward, node: stumpNode(c, stump) };
  const N = rows.length;
  for (let fi = 0; fi < c.feats.length; fi++) {
    const nb = c.nCoarse[fi] as number;
    // Joint histogram: for each coarse bin of the root feature, the histogram of all features.
    const J = new Float64Array(nb * c.totalS);
    const Jt = new Float64Array(nb * S);
    const col = c.coarse[fi] as Uint8Array;
    for (let k = 0; k < N; k++) {
      const i = rows[k] as number;
      const fb = col[i] as number;
      const jb = fb * c.totalS;
      const gb = i * A;
      for (let a = 0; a < A; a++) Jt[fb * S + a] = (Jt[fb * S + a] as number) + (c.gamma[gb + a] as number);
      Jt[fb * S + A] = (Jt[fb * S + A] as number) + 1;
      for (let gi = 0; gi < c.feats.length; gi++) {
        const o = jb + (c.off[gi] as number) + ((c.coarse[gi] as Uint8Array)[i] as number) * S;
        for (let a = 0; a < A; a++) J[o + a] = (J[o + a] as number) + (c.gamma[gb + a] as number);
        J[o + A] = (J[o + A] as number) + 1;
      }
    }
    const ord = c.order[fi] as number[];
    const missCount = Jt[A] as number;
    const L = new Float64Array(c.totalS);
    const Lt = new Float64Array(S);
    const R = new Float64Array(c.totalS);
    const Rt = new Float64Array(S);
    for (let ml = 0; ml < (missCount > 0 ? 2 : 1); ml++) {
      L.fill(0);
      Lt.fill(0);
      if (ml) {
        L.set(J.subarray(0, c.totalS));
        Lt.set(Jt.subarray(0, S));
      }
      for (let t = 0; t < ord.length; t++) {
        const fb = ord[t] as number;
        const jb = fb * c.totalS;
        for (let j = 0; j < c.totalS; j++) L[j] = (L[j] as number) + (J[jb + j] as number);
        for (let j = 0; j < S; j++) Lt[j] = (Lt[j] as number) + (Jt[fb * S + j] as number);
        const nl = Lt[A] as number;
        if (nl < c.minLeaf) continue;
        if (N - nl < c.minLeaf) break;
        for (let j = 0; j < c.totalS; j++) R[j] = (H[j] as number) - (L[j] as number);
        for (let j = 0; j < S; j++) Rt[j] = (tot[j] as number) - (Lt[j] as number);
        const ls = bestStump(c, L, Lt);
        const rs = bestStump(c, R, Rt);
        const reward = ls.reward + rs.reward;
        if (reward > best.reward + 1e-9 * Math.abs(best.reward) + 1e-12) {
          best = {
            reward,
            node: {
              kind: 'split',
              fi,
              mask: inLeft(c, fi, t + 1, ml === 1),
              left: stumpNode(c, ls),
              right: stumpNode(c, rs),
            },
          };
        }
      }
    }
  }
  return best;
}

function search(c: Ctx, rows: Uint32Array, depth: number): CoarseNode {
  if (depth === 1) {
    const { H, tot } = histogram(c, rows);
    return stumpNode(c, bestStump(c, H, tot));
  }
  const d2 = bestDepth2(c, rows);
  if (depth === 2 || d2.node.kind === 'leaf') return d2.node;
  const [l, r] = splitRows(c, rows, d2.node.fi, d2.node.mask);
  return { ...d2.node, left: search(c, l, 2), right: search(c, r, 2) };
}

/** Merge splits whose two sides are leaves with the same arm (they change nothing). */
function prune(n: PolicyNode): PolicyNode {
  if (n.kind === 'leaf') return n;
  const left = prune(n.left);
  const right = prune(n.right);
  if (left.kind === 'leaf' && right.kind === 'leaf' && left.arm === right.arm) return left;
  return { ...n, left, right };
}

function coarseBins(
  X: BinnedMatrix,
  f: number,
  rows: Uint32Array,
  maxBins: number,
  score: Float64Array,
): { map: Uint8Array; n: number; order: number[]; toOrig: number[][] } {
  const nb = X.nBins[f] as number;
  const col = X.columns[f] as Uint8Array;
  const counts = new Float64Array(nb);
  const sums = new Float64Array(nb);
  for (const i of rows) {
    counts[col[i] as number]++;
    sums[col[i] as number] += score[i] as number;
  }
  const map = new Uint8Array(nb);
  const toOrig: number[][] = [[MISSING_BIN]];
  if (X.kinds[f] === 'numeric') {
    let total = 0;
    for (let b = 1; b < nb; b++) total += counts[b] as number;
    const per = total / (maxBins - 1);
    let g = 1;
    let acc = 0;
    toOrig.push([]);
    for (let b = 1; b < nb; b++) {
      map[b] = g;
      toOrig[g]!.push(b);
      acc += counts[b] as number;
      if (acc >= per * g && g < maxBins - 1 && b < nb - 1) {
        g++;
        toOrig.push([]);
      }
    }
    const order = Array.from({ length: g }, (_, k) => k + 1);
    return { map, n: g + 1, order, toOrig };
  }
  // Categorical: the largest categories keep a coarse bin each, the rest share one with "other".
  const cats = Array.from({ length: nb - 2 }, (_, k) => k + 2).sort(
    (a, b) => (counts[b] as number) - (counts[a] as number) || a - b,
  );
  const own = cats.slice(0, maxBins - 2).filter((b) => (counts[b] as number) > 0);
  toOrig.push([OTHER_CATEGORY_BIN]);
  map[OTHER_CATEGORY_BIN] = 1;
  for (const b of cats) map[b] = 1;
  own.forEach((b, k) => {
    map[b] = k + 2;
    toOrig.push([b]);
  });
  for (const b of cats) if (map[b] === 1) toOrig[1]!.push(b);
  const n = own.length + 2;
  const cnt = new Float64Array(n);
  const sm = new Float64Array(n);
  for (let b = 1; b < nb; b++) {
    cnt[map[b] as number] += counts[b] as number;
    sm[map[b] as number] += sums[b] as number;
  }
  const order = Array.from({ length: n - 1 }, (_, k) => k + 1)
    .filter((g) => (cnt[g] as number) > 0)
    .sort((a, b) => (sm[a] as number) / (cnt[a] as number) - (sm[b] as number) / (cnt[b] as number) || a - b);
  return { map, n, order, toOrig };
}

function conditionFor(
  binning: FeatureBinning,
  leftBins: number[],
  missingSide: 'left' | 'right' | null,
  side: 'left' | 'right',
): Condition {
  const field = binning.name;
  const isLeft = new Set(leftBins);
  let cond: Condition;
  if (binning.kind === 'numeric') {
    const maxLeft = Math.max(...leftBins.filter((b) => b !== MISSING_BIN));
    const value = binning.edges[maxLeft - 1] as number;
    cond = { field, op: side === 'left' ? '<=' : '>', value };
  } else {
    const explicit = (inside: boolean) => binning.categories.filter((_, k) => isLeft.has(k + 2) === inside);
    const otherLeft = isLeft.has(OTHER_CATEGORY_BIN);
    const sideHasOther = side === 'left' ? otherLeft : !otherLeft;
    const mine = explicit(side === 'left');
    const theirs = explicit(side !== 'left');
    cond = sideHasOther ? { field, op: 'not_in', value: theirs } : { field, op: 'in', value: mine };
  }
  if (missingSide === side) return { any: [cond, { field, op: 'is_null', value: true }] };
  return cond;
}

export function conditionText(c: Condition): string {
  if ('any' in c) return `(${c.any.map(conditionText).join(' OR ')})`;
  if (c.op === 'is_null') return `${c.field} is null`;
  if (Array.isArray(c.value))
    return `${c.field} ${c.op === 'in' ? 'in' : 'not in'} (${c.value.map((v) => `'${v}'`).join(', ')})`;
  return `${c.field} ${c.op} ${c.value}`;
}

function meanCi(values: number[]): { mean: number; ci: [number, number] } {
  const n = values.length;
  if (n === 0) return { mean: Number.NaN, ci: [Number.NaN, Number.NaN] };
  let s = 0;
  for (const v of values) s += v;
  const mean = s / n;
  let ss = 0;
  for (const v of values) ss += (v - mean) ** 2;
  const se = n > 1 ? Math.sqrt(ss / (n - 1) / n) : Number.NaN;
  return { mean, ci: [mean - 1.959964 * se, mean + 1.959964 * se] };
}

export class PolicyTree {
  constructor(
    readonly featureNames: string[],
    readonly binning: FeatureBinning[],
    readonly armNames: string[],
    readonly root: PolicyNode,
    readonly leaves: PolicyLeaf[],
  ) {}

  /**
   * Learn a policy tree on doubly robust scores `gamma` (one Float64Array per arm 0..K, e.g. from
   * `aipwScores`) for the rows of X.
   */
  static fit(X: BinnedMatrix, gamma: Float64Array[], opts: PolicyTreeOptions = {}): PolicyTree {
    const n = X.nRows;
    const K1 = gamma.length;
    if (K1 < 2) throw new InvalidInput('gamma needs scores for control and at least one arm');
    for (const g of gamma) if (g.length !== n) throw new InvalidInput(`gamma arrays must have ${n} rows`);
    const depth = opts.depth ?? 2;
    if (![1, 2, 3].includes(depth))
      throw new InvalidInput(`policy tree depth must be 1, 2 or 3, got ${depth}`);
    const armNames = opts.armNames ?? Array.from({ length: K1 }, (_, a) => (a === 0 ? 'control' : `arm${a}`));
    const arms = opts.arms ?? Array.from({ length: K1 }, (_, a) => a);
    for (const a of arms) if (!(a >= 0 && a < K1)) throw new InvalidInput(`arm ${a} has no DR scores`);
    // Never the campaign's context (window, season): it is the same for everyone a segment is
    // scored with, so a rule on it would read as a customer trait and select all or nobody.
    const featIds = opts.features
      ? opts.features.map((name) => {
          const f = X.names.indexOf(name);
          if (f < 0) throw new InvalidInput(`unknown feature "${name}"`);
          if (isContextFeature(name))
            throw new InvalidInput(
              `"${name}" describes the campaign, not the customer: a segment rule cannot split on it`,
            );
          return f;
        })
      : X.names.flatMap((name, f) => (isContextFeature(name) ? [] : [f]));
    const maxRows = opts.maxRows ?? 100_000;
    let rows = Uint32Array.from({ length: n }, (_, i) => i);
    if (n > maxRows) {
      const rng = Rng.derive(opts.seed ?? 0, 'policy-tree');
      const idx = Array.from(rows);
      rng.shuffle(idx);
      rows = Uint32Array.from(idx.slice(0, maxRows)).sort();
    }
    const A = arms.length;
    const gammaRM = new Float64Array(n * A);
    for (const i of rows)
      for (let a = 0; a < A; a++)
        gammaRM[i * A + a] = (gamma[arms[a] as number] as Float64Array)[i] as number;
    // Categories are ordered by the lift of the overall best arm over control.
    let bestArm = 0;
    let bestMean = Number.NEGATIVE_INFINITY;
    for (const a of arms) {
      let s = 0;
      for (const i of rows) s += (gamma[a] as Float64Array)[i] as number;
      if (s > bestMean) {
        bestMean = s;
        bestArm = a;
      }
    }
    const liftScore = new Float64Array(n);
    for (const i of rows)
      liftScore[i] =
        ((gamma[bestArm] as Float64Array)[i] as number) - ((gamma[0] as Float64Array)[i] as number);
    const maxBins = Math.min(255, Math.max(3, opts.maxBins ?? 32));
    const coarse: Uint8Array[] = [];
    const nCoarse: number[] = [];
    const order: number[][] = [];
    const toOrig: number[][][] = [];
    const off: number[] = [];
    let totalS = 0;
    for (const f of featIds) {
      const cb = coarseBins(X, f, rows, maxBins, liftScore);
      const col = X.columns[f] as Uint8Array;
      const cc = new Uint8Array(n);
      for (const i of rows) cc[i] = cb.map[col[i] as number] as number;
      coarse.push(cc);
      nCoarse.push(cb.n);
      order.push(cb.order);
      toOrig.push(cb.toOrig);
      off.push(totalS);
      totalS += cb.n * (A + 1);
    }
    const c: Ctx = {
      rowsAll: rows.length,
      A,
      S: A + 1,
      arms,
      gamma: gammaRM,
      feats: featIds,
      coarse,
      nCoarse,
      order,
      off,
      totalS,
      minLeaf: opts.minLeafSize ?? Math.max(20, Math.floor(rows.length * 0.01)),
      toOrig,
    };
    const coarseRoot = search(c, rows, depth);
    const toPolicy = (node: CoarseNode): PolicyNode => {
      if (node.kind === 'leaf') return { kind: 'leaf', arm: arms[node.arm] as number };
      const leftBins: number[] = [];
      node.mask.forEach((m, cb) => {
        if (m) leftBins.push(...((toOrig[node.fi] as number[][])[cb] as number[]));
      });
      leftBins.sort((a, b) => a - b);
      // Missing values: shown in the criteria only if training rows had them.
      const missRows = hasMissing(coarse[node.fi] as Uint8Array, rows);
      return {
        kind: 'split',
        feature: featIds[node.fi] as number,
        leftBins,
        missingSide: missRows ? (node.mask[0] ? 'left' : 'right') : null,
        left: toPolicy(node.left),
        right: toPolicy(node.right),
      };
    };
    const root = prune(toPolicy(coarseRoot));
    const tree = new PolicyTree(X.names.slice(), X.binning, armNames, root, []);
    const leaves = tree.describeLeaves(X, gamma, rows);
    return new PolicyTree(X.names.slice(), X.binning, armNames, root, leaves);
  }

  /** The leaf index of each row of X (leaves in depth-first, left-first order). */
  leafOf(X: BinnedMatrix): Int32Array {
    assertSameFeatures({ names: this.featureNames }, X);
    const out = new Int32Array(X.nRows);
    const leafIds = new Map<PolicyNode, number>();
    const walk = (nd: PolicyNode) => {
      if (nd.kind === 'leaf') leafIds.set(nd, leafIds.size);
      else {
        walk(nd.left);
        walk(nd.right);
      }
    };
    walk(this.root);
    const masks = new Map<PolicyNode, Uint8Array>();
    for (let i = 0; i < X.nRows; i++) {
      let nd = this.root;
      while (nd.kind === 'split') {
        let m = masks.get(nd);
        if (!m) {
          m = new Uint8Array(256);
          for (const b of nd.leftBins) m[b] = 1;
          masks.set(nd, m);
        }
        nd = m[(X.columns[nd.feature] as Uint8Array)[i] as number] ? nd.left : nd.right;
      }
      out[i] = leafIds.get(nd) as number;
    }
    return out;
  }

  /** The recommended arm for each row of X. */
  predict(X: BinnedMatrix): Int32Array {
    const leafArms: number[] = [];
    const walk = (nd: PolicyNode) => {
      if (nd.kind === 'leaf') leafArms.push(nd.arm);
      else {
        walk(nd.left);
        walk(nd.right);
      }
    };
    walk(this.root);
    return Int32Array.from(this.leafOf(X), (l) => leafArms[l] as number);
  }

  /** Leaves with arm, size, value and lift (normal 95% CIs over the DR scores of their rows). */
  describeLeaves(X: BinnedMatrix, gamma: Float64Array[], rows?: Uint32Array): PolicyLeaf[] {
    const leafOf = this.leafOf(X);
    const paths: { arm: number; conds: Condition[] }[] = [];
    const walk = (nd: PolicyNode, conds: Condition[]) => {
      if (nd.kind === 'leaf') {
        paths.push({ arm: nd.arm, conds });
        return;
      }
      const b = this.binning[nd.feature] as FeatureBinning;
      walk(nd.left, [...conds, conditionFor(b, nd.leftBins, nd.missingSide, 'left')]);
      walk(nd.right, [...conds, conditionFor(b, nd.leftBins, nd.missingSide, 'right')]);
    };
    walk(this.root, []);
    const vals: number[][] = paths.map(() => []);
    const lifts: number[][] = paths.map(() => []);
    const useRows = rows ?? Uint32Array.from({ length: X.nRows }, (_, i) => i);
    for (const i of useRows) {
      const l = leafOf[i] as number;
      const a = (paths[l] as { arm: number }).arm;
      const g = (gamma[a] as Float64Array)[i] as number;
      vals[l]!.push(g);
      lifts[l]!.push(g - ((gamma[0] as Float64Array)[i] as number));
    }
    return paths.map((p, l) => {
      const v = meanCi(vals[l]!);
      const li = meanCi(lifts[l]!);
      return {
        arm: p.arm,
        armName: this.armNames[p.arm] ?? `arm${p.arm}`,
        rows: vals[l]!.length,
        value: v.mean,
        valueCi: v.ci,
        lift: li.mean,
        liftCi: li.ci,
        criteria: { all: p.conds },
        text: p.conds.length ? p.conds.map(conditionText).join(' AND ') : 'everyone',
      };
    });
  }

  toState(): PolicyTreeState {
    return {
      kind: 'policy-tree',
      featureNames: this.featureNames,
      binning: this.binning,
      armNames: this.armNames,
      root: this.root,
      leaves: this.leaves,
    };
  }

  static fromState(s: PolicyTreeState): PolicyTree {
    return new PolicyTree(s.featureNames, s.binning, s.armNames, s.root, s.leaves);
  }
}

function hasMissing(col: Uint8Array, rows: Uint32Array): boolean {
  for (const i of rows) if (col[i] === 0) return true;
  return false;
}
