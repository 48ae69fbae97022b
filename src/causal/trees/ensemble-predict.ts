import type { BinnedMatrix } from './binning.ts';
import type { Tree } from './tree.ts';

/**
 * Rows per block: the block's bins (rows x features bytes, column by column) and its running
 * sums stay in the L1 cache while every tree of every ensemble walks the block's rows.
 */
const BLOCK_ROWS = 256;

/**
 * Trees at most this deep are walked as complete binary trees (below); deeper ones, where the
 * padding would cost 2^depth nodes, by their child pointers.
 */
const MAX_COMPLETE_DEPTH = 10;

/** Every bin goes left: the padding nodes below a leaf that is shallower than its tree. */
const ALL_LEFT = 0xffffffff;

/**
 * An ensemble's split trees laid end to end in one set of typed arrays, each tree padded to a
 * complete binary tree of its own depth d: node p's children are 2p+1 (left) and 2p+2 (right), a
 * leaf above depth d continues through padding nodes that send every bin left, and the 2^d leaf
 * slots hold the leaf each slot's path ends in. Every row then takes exactly d steps, each one
 * `p = 2p + 2 - goesLeft` with no data-dependent branch, so the CPU overlaps many rows' walks
 * instead of mispredicting where each one ends (the QuickScorer line of work, Lucchese et al.
 * 2015, makes the same point about branches in tree traversal). A row reaches the slot of the
 * leaf its own walk would reach, so its value is the same double.
 */
interface CompleteEnsemble {
  /** trees.length when built: a trees array that grew or shrank since is built again. */
  sourceLength: number;
  /** The constant (split-less) trees summed in order, which the walk starts from. */
  constant: number;
  nTrees: number;
  /** Per tree: its depth when complete, or -1 when walked by its child pointers. */
  depth: Int32Array;
  nodeStart: Int32Array;
  leafStart: Int32Array;
  /** Per node: the split feature's offset in the block (feature * BLOCK_ROWS). */
  colOffset: Int32Array;
  /** 8 words per node; bit b set: bin b goes left. */
  leftBits: Uint32Array;
  /** Per node, pointer trees only (>= 0 internal node, < 0 leaf ~index). */
  left: Int32Array;
  right: Int32Array;
  leafValue: Float64Array;
}

const cache = new WeakMap<Tree[], CompleteEnsemble>();

/** Depth of the deepest leaf (a split-less tree has depth 0). */
export function treeDepth(tree: Tree): number {
  const walk = (node: number): number =>
    node < 0 ? 0 : 1 + Math.max(walk(tree.left[node] as number), walk(tree.right[node] as number));
  return tree.feature.length === 0 ? 0 : walk(0);
}

function build(trees: Tree[]): CompleteEnsemble {
  const cached = cache.get(trees);
  if (cached && cached.sourceLength === trees.length) return cached;
  // Constant trees are summed first, in order, as the per-tree walk this replaced did.
  const constant = trees
    .filter((t) => t.feature.length === 0)
    .reduce((s, t) => s + (t.leafValue[0] as number), 0);
  const split = trees.filter((t) => t.feature.length > 0);
  const depth = Int32Array.from(split, (t) => {
    const d = treeDepth(t);
    return d <= MAX_COMPLETE_DEPTH ? d : -1;
  });
  const nodeStart = new Int32Array(split.length);
  const leafStart = new Int32Array(split.length);
  let nodes = 0;
  let leaves = 0;
  split.forEach((t, k) => {
    const d = depth[k] as number;
    nodeStart[k] = nodes;
    leafStart[k] = leaves;
    nodes += d >= 0 ? 2 ** d - 1 : t.feature.length;
    leaves += d >= 0 ? 2 ** d : t.leafValue.length;
  });
  const e: CompleteEnsemble = {
    sourceLength: trees.length,
    constant,
    nTrees: split.length,
    depth,
    nodeStart,
    leafStart,
    colOffset: new Int32Array(nodes),
    leftBits: new Uint32Array(nodes * 8),
    left: new Int32Array(nodes),
    right: new Int32Array(nodes),
    leafValue: new Float64Array(leaves),
  };
  split.forEach((t, k) => {
    const d = depth[k] as number;
    const n0 = nodeStart[k] as number;
    const l0 = leafStart[k] as number;
    if (d < 0) {
      for (let j = 0; j < t.feature.length; j++) e.colOffset[n0 + j] = (t.feature[j] as number) * BLOCK_ROWS;
      e.leftBits.set(t.leftBits.subarray(0, t.feature.length * 8), n0 * 8);
      e.left.set(t.left, n0);
      e.right.set(t.right, n0);
      e.leafValue.set(t.leafValue, l0);
      return;
    }
    const internal = 2 ** d - 1;
    // Heap position p at level `level` holds the tree's `node` (>= 0 split, < 0 leaf ~index).
    const place = (node: number, p: number, level: number): void => {
      if (level === d) {
        e.leafValue[l0 + p - internal] = t.leafValue[~node] as number;
        return;
      }
      const g = n0 + p;
      if (node >= 0) {
        e.colOffset[g] = (t.feature[node] as number) * BLOCK_ROWS;
        e.leftBits.set(t.leftBits.subarray(node * 8, node * 8 + 8), g * 8);
        place(t.left[node] as number, 2 * p + 1, level + 1);
        place(t.right[node] as number, 2 * p + 2, level + 1);
      } else {
        // A leaf above the last level: every row goes left to the slot that holds it; the right
        // subtree is never reached and holds the same leaf only so that no slot is undefined.
        e.leftBits.fill(ALL_LEFT, g * 8, g * 8 + 8);
        place(node, 2 * p + 1, level + 1);
        place(node, 2 * p + 2, level + 1);
      }
    };
    place(0, 0, 0);
  });
  cache.set(trees, e);
  return e;
}

/** acc[k] += the leaf value of row k of the block, for one tree, rows 0..m-1. */
function walkComplete(e: CompleteEnsemble, t: number, block: Uint8Array, acc: Float64Array, m: number): void {
  const d = e.depth[t] as number;
  const g0 = e.nodeStart[t] as number;
  const l0 = (e.leafStart[t] as number) - (2 ** d - 1);
  const { colOffset, leftBits, leafValue } = e;
  if (d === 4) {
    // The default models' depth, its four steps written out (about a third faster than the loop).
    for (let k = 0; k < m; k++) {
      let b = block[(colOffset[g0] as number) + k] as number;
      let p = 2 - (((leftBits[g0 * 8 + (b >>> 5)] as number) >>> (b & 31)) & 1);
      let g = g0 + p;
      b = block[(colOffset[g] as number) + k] as number;
      p = 2 * p + 2 - (((leftBits[g * 8 + (b >>> 5)] as number) >>> (b & 31)) & 1);
      g = g0 + p;
      b = block[(colOffset[g] as number) + k] as number;
      p = 2 * p + 2 - (((leftBits[g * 8 + (b >>> 5)] as number) >>> (b & 31)) & 1);
      g = g0 + p;
      b = block[(colOffset[g] as number) + k] as number;
      p = 2 * p + 2 - (((leftBits[g * 8 + (b >>> 5)] as number) >>> (b & 31)) & 1);
      acc[k] = (acc[k] as number) + (leafValue[l0 + p] as number);
    }
    return;
  }
  for (let k = 0; k < m; k++) {
    let p = 0;
    for (let level = 0; level < d; level++) {
      const g = g0 + p;
      const b = block[(colOffset[g] as number) + k] as number;
      p = 2 * p + 2 - (((leftBits[g * 8 + (b >>> 5)] as number) >>> (b & 31)) & 1);
    }
    acc[k] = (acc[k] as number) + (leafValue[l0 + p] as number);
  }
}

/** walkComplete for a tree too deep to pad, by its child pointers. */
function walkPointers(e: CompleteEnsemble, t: number, block: Uint8Array, acc: Float64Array, m: number): void {
  const g0 = e.nodeStart[t] as number;
  const l0 = e.leafStart[t] as number;
  const { colOffset, leftBits, left, right, leafValue } = e;
  for (let k = 0; k < m; k++) {
    let node = 0;
    while (node >= 0) {
      const g = g0 + node;
      const b = block[(colOffset[g] as number) + k] as number;
      node =
        ((leftBits[g * 8 + (b >>> 5)] as number) >>> (b & 31)) & 1
          ? (left[g] as number)
          : (right[g] as number);
    }
    acc[k] = (acc[k] as number) + (leafValue[l0 + ~node] as number);
  }
}

/**
 * outs[j][i] += sum over the trees of ensembles[j] of leafValue(row i), for all rows of X. Rows go
 * in blocks: a block's bins are copied once, then each ensemble's trees walk all of the block's
 * rows one tree at a time, so a tree's nodes and the block stay in cache. Each row's sum starts
 * from the constant trees and adds the split trees in their order before it is added to out, so
 * the result is bit for bit that of walking each row through the trees one after another.
 */
export function addEnsemblesPrediction(ensembles: Tree[][], X: BinnedMatrix, outs: Float64Array[]): void {
  const F = X.columns.length;
  const n = X.nRows;
  const built = ensembles.map(build);
  const block = new Uint8Array(BLOCK_ROWS * Math.max(F, 1));
  const acc = new Float64Array(BLOCK_ROWS);
  for (let start = 0; start < n; start += BLOCK_ROWS) {
    const m = Math.min(BLOCK_ROWS, n - start);
    for (let f = 0; f < F; f++)
      block.set((X.columns[f] as Uint8Array).subarray(start, start + m), f * BLOCK_ROWS);
    for (let j = 0; j < built.length; j++) {
      const e = built[j] as CompleteEnsemble;
      const out = outs[j] as Float64Array;
      acc.fill(e.constant, 0, m);
      for (let t = 0; t < e.nTrees; t++) {
        if ((e.depth[t] as number) >= 0) walkComplete(e, t, block, acc, m);
        else walkPointers(e, t, block, acc, m);
      }
      for (let k = 0; k < m; k++) out[start + k] = (out[start + k] as number) + (acc[k] as number);
    }
  }
}

/** out[i] += sum over trees of leafValue(row i), for all rows of X (see addEnsemblesPrediction). */
export function addEnsemblePrediction(trees: Tree[], X: BinnedMatrix, out: Float64Array): void {
  addEnsemblesPrediction([trees], X, [out]);
}
