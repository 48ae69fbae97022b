import { InvalidInput } from '../../core/errors.ts';

/**
 * Calibration of predicted uplift: rows of arm k and control, split into deciles of predicted
 * uplift (equal counts, ties kept together by sort order); per decile, the mean prediction and
 * the observed uplift = weighted mean outcome of treated - weighted mean outcome of control
 * (weights 1/propensity when given, a Hájek estimator). A calibrated model has observed ≈ predicted.
 */
export interface CalibrationBin {
  bin: number;
  rows: number;
  treated: number;
  control: number;
  predicted: number;
  observed: number;
}

export function upliftCalibration(
  predUplift: ArrayLike<number>,
  treated: ArrayLike<number>,
  y: ArrayLike<number>,
  opts: { weight?: ArrayLike<number>; bins?: number } = {},
): CalibrationBin[] {
  const n = predUplift.length;
  if (treated.length !== n || y.length !== n)
    throw new InvalidInput('predUplift, treated and y lengths differ');
  const bins = opts.bins ?? 10;
  const order = Array.from({ length: n }, (_, i) => i).sort(
    (a, b) => (predUplift[a] as number) - (predUplift[b] as number) || a - b,
  );
  const out: CalibrationBin[] = [];
  for (let b = 0; b < bins; b++) {
    const from = Math.floor((b * n) / bins);
    const to = Math.floor(((b + 1) * n) / bins);
    let sp = 0;
    let wT = 0;
    let wC = 0;
    let yT = 0;
    let yC = 0;
    let nT = 0;
    for (let k = from; k < to; k++) {
      const i = order[k] as number;
      const w = opts.weight ? (opts.weight[i] as number) : 1;
      sp += predUplift[i] as number;
      if (treated[i]) {
        wT += w;
        yT += w * (y[i] as number);
        nT++;
      } else {
        wC += w;
        yC += w * (y[i] as number);
      }
    }
    const rows = to - from;
    out.push({
      bin: b + 1,
      rows,
      treated: nT,
      control: rows - nT,
      predicted: rows > 0 ? sp / rows : Number.NaN,
      observed: wT > 0 && wC > 0 ? yT / wT - yC / wC : Number.NaN,
    });
  }
  return out;
}
