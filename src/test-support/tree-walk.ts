import type { BinnedMatrix } from '../causal/trees/binning.ts';
import type { Tree } from '../causal/trees/tree.ts';

/*
 * The reference the tests hold the fast ensemble walks to (ensemble-predict.ts): written as the
 * definition, with no layout or blocking, so that it cannot share their mistakes.
 */

/** The definition: each row walks every tree by its child pointers; constant trees first. */
export function referenceEnsembleRaw(trees: Tree[], X: BinnedMatrix, init: number): Float64Array {
  const constant = trees.filter((t) => t.feature.length === 0).reduce((s, t) => s + t.leafValue[0]!, 0);
  const out = new Float64Array(X.nRows).fill(init);
  for (let i = 0; i < X.nRows; i++) {
    let s = constant;
    for (const t of trees) {
      if (t.feature.length === 0) continue;
      let node = 0;
      while (node >= 0) {
        const b = X.columns[t.feature[node]!]![i]!;
        node = (t.leftBits[node * 8 + (b >>> 5)]! >>> (b & 31)) & 1 ? t.left[node]! : t.right[node]!;
      }
      s += t.leafValue[~node]!;
    }
    out[i] = out[i]! + s;
  }
  return out;
}
