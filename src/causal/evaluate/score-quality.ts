/**
 * Quality measures of the derived scores (issue 4): ranking (AUC, Spearman), calibration (ECE).
 */

/** Ranks with ties averaged (1-based), the basis of AUC and Spearman. */
export function averageRanks(values: ArrayLike<number>): Float64Array {
  const n = values.length;
  const order = Array.from({ length: n }, (_, i) => i).sort((a, b) => values[a] - values[b]);
  const ranks = new Float64Array(n);
  for (let i = 0; i < n; ) {
    let j = i;
    while (j + 1 < n && values[order[j + 1]] === values[order[i]]) j++;
    const r = (i + j) / 2 + 1;
    for (let k = i; k <= j; k++) ranks[order[k]] = r;
    i = j + 1;
  }
  return ranks;
}

/** Area under the ROC curve by the Mann–Whitney U statistic; NaN when one class is absent. */
export function auc(score: ArrayLike<number>, label: ArrayLike<number>): number {
  const ranks = averageRanks(score);
  let pos = 0;
  let sumPosRanks = 0;
  for (let i = 0; i < label.length; i++) {
    if (label[i] > 0.5) {
      pos++;
      sumPosRanks += ranks[i];
    }
  }
  const neg = label.length - pos;
  if (pos === 0 || neg === 0) return Number.NaN;
  return (sumPosRanks - (pos * (pos + 1)) / 2) / (pos * neg);
}

/** Spearman's rank correlation. */
export function spearman(a: ArrayLike<number>, b: ArrayLike<number>): number {
  const ra = averageRanks(a);
  const rb = averageRanks(b);
  const n = ra.length;
  let ma = 0;
  let mb = 0;
  for (let i = 0; i < n; i++) {
    ma += ra[i];
    mb += rb[i];
  }
  ma /= n;
  mb /= n;
  let sab = 0;
  let saa = 0;
  let sbb = 0;
  for (let i = 0; i < n; i++) {
    sab += (ra[i] - ma) * (rb[i] - mb);
    saa += (ra[i] - ma) ** 2;
    sbb += (rb[i] - mb) ** 2;
  }
  return saa > 0 && sbb > 0 ? sab / Math.sqrt(saa * sbb) : Number.NaN;
}

/** Expected calibration error over equal-width probability bins (Naeini, Cooper & Hauskrecht 2015). */
export function expectedCalibrationError(
  prob: ArrayLike<number>,
  label: ArrayLike<number>,
  bins = 10,
): number {
  const n = prob.length;
  const sumP = new Float64Array(bins);
  const sumY = new Float64Array(bins);
  const count = new Float64Array(bins);
  for (let i = 0; i < n; i++) {
    const b = Math.min(bins - 1, Math.max(0, Math.floor(prob[i] * bins)));
    sumP[b] += prob[i];
    sumY[b] += label[i];
    count[b]++;
  }
  let ece = 0;
  for (let b = 0; b < bins; b++)
    if (count[b] > 0) ece += (count[b] / n) * Math.abs(sumP[b] / count[b] - sumY[b] / count[b]);
  return ece;
}

/** Percentile rank in [0, 1] of each value among all values (ties share their average rank). */
export function percentileRanks(values: ArrayLike<number>): Float64Array {
  const n = values.length;
  const r = averageRanks(values);
  return Float64Array.from(r, (x) => (n > 1 ? (x - 1) / (n - 1) : 1));
}
