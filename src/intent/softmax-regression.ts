import type { Rng } from '../core/rng.ts';
import type { SparseVector } from './features.ts';

/**
 * Multinomial logistic regression over sparse hashed features, trained by AdaGrad
 * (Duchi, Hazan and Singer, 2011) on the cross-entropy with an L2 penalty. Weights are stored
 * row per feature bucket (`dim x classes`), so only the buckets a brief touches are read.
 */
export interface SoftmaxOptions {
  epochs: number;
  learningRate: number;
  l2: number;
}

export const DEFAULT_SOFTMAX: SoftmaxOptions = { epochs: 15, learningRate: 0.5, l2: 1e-5 };

export class SoftmaxRegression {
  constructor(
    readonly classes: number,
    readonly weights: Map<number, Float32Array>,
    readonly bias: Float32Array,
  ) {}

  static fit(
    xs: SparseVector[],
    ys: number[],
    classes: number,
    rng: Rng,
    options: SoftmaxOptions = DEFAULT_SOFTMAX,
  ): SoftmaxRegression {
    // Dense buffers while training (fast indexed updates); only touched buckets are kept afterwards.
    const dim = 1 << 18;
    const w = new Float32Array(dim * classes);
    const g2 = new Float32Array(dim * classes).fill(1e-8);
    const touched = new Uint8Array(dim);
    const bias = new Float32Array(classes);
    const biasG2 = new Float32Array(classes).fill(1e-8);
    const order = Array.from(xs.keys());
    const p = new Float64Array(classes);
    for (let epoch = 0; epoch < options.epochs; epoch++) {
      rng.shuffle(order);
      for (const i of order) {
        const x = xs[i]!;
        for (let c = 0; c < classes; c++) p[c] = bias[c]!;
        for (let j = 0; j < x.index.length; j++) {
          const base = x.index[j]! * classes;
          const v = x.value[j]!;
          for (let c = 0; c < classes; c++) p[c]! += w[base + c]! * v;
        }
        softmaxInPlace(p);
        p[ys[i]!]! -= 1;
        for (let j = 0; j < x.index.length; j++) {
          const k = x.index[j]!;
          touched[k] = 1;
          const base = k * classes;
          const v = x.value[j]!;
          for (let c = 0; c < classes; c++) {
            const g = p[c]! * v + options.l2 * w[base + c]!;
            g2[base + c]! += g * g;
            w[base + c]! -= (options.learningRate * g) / Math.sqrt(g2[base + c]!);
          }
        }
        for (let c = 0; c < classes; c++) {
          const g = p[c]!;
          biasG2[c]! += g * g;
          bias[c]! -= (options.learningRate * g) / Math.sqrt(biasG2[c]!);
        }
      }
    }
    const weights = new Map<number, Float32Array>();
    for (let k = 0; k < dim; k++) if (touched[k]) weights.set(k, w.slice(k * classes, (k + 1) * classes));
    return new SoftmaxRegression(classes, weights, bias);
  }

  logitsInto(x: SparseVector, out: Float64Array): Float64Array {
    for (let c = 0; c < this.classes; c++) out[c] = this.bias[c]!;
    for (let j = 0; j < x.index.length; j++) {
      const w = this.weights.get(x.index[j]!);
      if (!w) continue;
      const v = x.value[j]!;
      for (let c = 0; c < this.classes; c++) out[c]! += w[c]! * v;
    }
    return out;
  }

  logits(x: SparseVector): Float64Array {
    return this.logitsInto(x, new Float64Array(this.classes));
  }
}

/** Softmax with temperature T (Guo et al., 2017): divides logits by T before normalising. */
export function softmax(logits: ArrayLike<number>, temperature = 1): Float64Array {
  const out = new Float64Array(logits.length);
  for (let i = 0; i < logits.length; i++) out[i] = logits[i]! / temperature;
  return softmaxInPlace(out);
}

export function softmaxInPlace(v: Float64Array): Float64Array {
  let max = Number.NEGATIVE_INFINITY;
  for (let i = 0; i < v.length; i++) if (v[i]! > max) max = v[i]!;
  let sum = 0;
  for (let i = 0; i < v.length; i++) {
    v[i] = Math.exp(v[i]! - max);
    sum += v[i]!;
  }
  for (let i = 0; i < v.length; i++) v[i]! /= sum;
  return v;
}
