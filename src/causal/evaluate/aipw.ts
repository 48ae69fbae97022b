import { InvalidInput } from '../../core/errors.ts';
import type { UpliftPrediction } from '../learners/types.ts';

/**
 * Doubly robust (AIPW) scores, Robins, Rotnitzky & Zhao (1994); for policy learning Athey &
 * Wager (2021, Econometrica), Dudík, Langford & Li (2011) for off-policy evaluation:
 *   Gamma[a][i] = mu_a(x_i) + 1[A_i = a] (y_i - mu_a(x_i)) / e_a(x_i)
 * where e_a(x_i) for the arm actually received is the logged assignment probability.
 * The mean of Gamma[a] estimates E[y | everyone gets a]; it stays unbiased if either the
 * outcome model mu or the logged propensity is right.
 */
export interface AipwOptions {
  /** Propensities are clipped from below at this value to bound the weights (default 0.01). */
  clip?: number;
}

export function aipwScores(
  arm: Int32Array,
  y: Float64Array,
  propensity: Float64Array,
  mu: Float64Array[],
  opts: AipwOptions = {},
): Float64Array[] {
  const n = arm.length;
  const clip = opts.clip ?? 0.01;
  if (y.length !== n || propensity.length !== n)
    throw new InvalidInput('arm, y and propensity lengths differ');
  return mu.map((m, a) => {
    if (m.length !== n) throw new InvalidInput(`outcome model ${a} has ${m.length} rows, expected ${n}`);
    const g = new Float64Array(n);
    for (let i = 0; i < n; i++) {
      let v = m[i] as number;
      if (arm[i] === a) v += ((y[i] as number) - v) / Math.max(propensity[i] as number, clip);
      g[i] = v;
    }
    return g;
  });
}

/** Per-arm outcome predictions mu_a(x) = baseline + uplift_a from an uplift prediction. */
export function armMeans(pred: UpliftPrediction): Float64Array[] {
  return [
    pred.baseline,
    ...pred.uplift.map((u) => {
      const m = new Float64Array(u.length);
      for (let i = 0; i < u.length; i++) m[i] = (pred.baseline[i] as number) + (u[i] as number);
      return m;
    }),
  ];
}
