import { Rng } from '../core/rng.ts';
import { aipwScores, armMeans } from './evaluate/aipw.ts';
import type { UpliftDataset, UpliftModel, UpliftPrediction } from './learners/types.ts';
import { takeRows } from './trees/binning.ts';

/**
 * Per-arm linear calibration of predicted uplifts: the best linear predictor of the effect given the
 * prediction (Chernozhukov, Demirer, Duflo & Fernández-Val 2018, "Generic machine learning inference
 * on heterogeneous treatment effects in randomized experiments", NBER WP 24678, the "BLP"). On rows
 * the model never saw, the doubly robust pseudo-outcome phi_k = Gamma_k − Gamma_0 (aipw.ts; its
 * conditional mean is the true effect tau_k(x) for any outcome model, because the propensities of a
 * randomised experiment are known) is regressed on (1, S − mean S), S the predicted uplift:
 * beta1 estimates the average effect, beta2 how much of the predicted spread is real (1: right
 * size, 0: noise, 2: the predictions are half as spread as the effects).
 */
export interface ArmBlp {
  /** Average effect (the intercept on the centred prediction). */
  beta1: number;
  /** Loading of the true effect on the prediction. */
  beta2: number;
  /** Heteroskedasticity-robust (HC0) standard errors. */
  se1: number;
  se2: number;
  /** Mean of the cross-fitted predictions the regression was centred on. */
  meanPrediction: number;
  rows: number;
}

export interface BlpFit {
  arms: ArmBlp[];
}

/** OLS of phi on (1, s − mean s) with HC0 standard errors. */
export function blpRegression(s: Float64Array, phi: Float64Array): ArmBlp {
  const n = s.length;
  let ms = 0;
  let mp = 0;
  for (let i = 0; i < n; i++) {
    ms += s[i] as number;
    mp += phi[i] as number;
  }
  ms /= n;
  mp /= n;
  let sxx = 0;
  let sxy = 0;
  for (let i = 0; i < n; i++) {
    const dx = (s[i] as number) - ms;
    sxx += dx * dx;
    sxy += dx * ((phi[i] as number) - mp);
  }
  const beta2 = sxx > 0 ? sxy / sxx : 0;
  const beta1 = mp;
  // Sandwich variance; the regressors are orthogonal (centred), so each coefficient's is its own.
  let v1 = 0;
  let v2 = 0;
  for (let i = 0; i < n; i++) {
    const dx = (s[i] as number) - ms;
    const e = (phi[i] as number) - beta1 - beta2 * dx;
    v1 += e * e;
    v2 += dx * dx * e * e;
  }
  return {
    beta1,
    beta2,
    se1: Math.sqrt(v1) / n,
    se2: sxx > 0 ? Math.sqrt(v2) / sxx : Number.POSITIVE_INFINITY,
    meanPrediction: ms,
    rows: n,
  };
}

/**
 * The BLP of every arm from two-fold cross-fitting on `d`: `fit` is called on each seeded half,
 * predicts the other, and the DR pseudo-outcomes of all rows are regressed on those predictions.
 */
export function crossFittedBlp(
  d: UpliftDataset,
  fit: (half: UpliftDataset) => UpliftModel,
  seed: number,
): BlpFit {
  const n = d.arm.length;
  const order = new Rng(Rng.derive(seed, 'blp-halves').nextUint32()).shuffle(
    Array.from({ length: n }, (_, i) => i),
  );
  const halves = [
    Uint32Array.from(order.slice(0, n >> 1)).sort(),
    Uint32Array.from(order.slice(n >> 1)).sort(),
  ];
  const K = d.armNames.length - 1;
  const s = Array.from({ length: K }, () => new Float64Array(n));
  const phi = Array.from({ length: K }, () => new Float64Array(n));
  for (let f = 0; f < 2; f++) {
    const fitAt = halves[f] as Uint32Array;
    const at = halves[1 - f] as Uint32Array;
    const part = (rows: Uint32Array): UpliftDataset => ({
      X: takeRows(d.X, rows),
      arm: Int32Array.from(rows, (i) => d.arm[i] as number),
      armNames: d.armNames,
      y: Float64Array.from(rows, (i) => d.y[i] as number),
      propensity: Float64Array.from(rows, (i) => d.propensity[i] as number),
    });
    const scored = part(at);
    const pred = fit(part(fitAt)).predict(scored.X);
    const gamma = aipwScores(scored.arm, scored.y, scored.propensity, armMeans(pred));
    for (let k = 0; k < K; k++)
      for (let j = 0; j < at.length; j++) {
        const i = at[j] as number;
        (s[k] as Float64Array)[i] = (pred.uplift[k] as Float64Array)[j] as number;
        (phi[k] as Float64Array)[i] =
          ((gamma[k + 1] as Float64Array)[j] as number) - ((gamma[0] as Float64Array)[j] as number);
      }
  }
  return { arms: s.map((sk, k) => blpRegression(sk, phi[k] as Float64Array)) };
}

/** Predictions with each arm's uplift mapped through its BLP: beta1 + beta2 (S − mean S). */
export function calibrateByBlp(pred: UpliftPrediction, blp: BlpFit): UpliftPrediction {
  return {
    baseline: pred.baseline,
    uplift: pred.uplift.map((u, k) => {
      const b = blp.arms[k];
      if (!b) return u;
      return Float64Array.from(u, (v) => b.beta1 + b.beta2 * (v - b.meanPrediction));
    }),
  };
}
