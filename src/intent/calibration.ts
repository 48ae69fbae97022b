import { softmax } from './softmax-regression.ts';

/**
 * Temperature scaling (Guo, Pleiss, Sun and Weinberger, 2017, "On calibration of modern neural
 * networks"): one scalar T fitted on held-out logits by minimising the negative log-likelihood,
 * and the expected calibration error (ECE, 15 equal-width bins) to report how well it worked.
 */
export function fitTemperature(logits: Float64Array[], labels: number[], weights?: number[]): number {
  let best = 1;
  let bestNll = Number.POSITIVE_INFINITY;
  for (let t = 0.05; t <= 5.0001; t += 0.01) {
    let nll = 0;
    for (let i = 0; i < logits.length; i++)
      nll -= (weights?.[i] ?? 1) * Math.log(Math.max(1e-12, softmax(logits[i]!, t)[labels[i]!]!));
    if (nll < bestNll) {
      bestNll = nll;
      best = t;
    }
  }
  return Math.round(best * 100) / 100;
}

export function expectedCalibrationError(confidences: number[], correct: boolean[], bins = 15): number {
  if (confidences.length === 0) return 0;
  const n = new Float64Array(bins);
  const conf = new Float64Array(bins);
  const acc = new Float64Array(bins);
  confidences.forEach((c, i) => {
    const b = Math.min(bins - 1, Math.floor(c * bins));
    n[b]! += 1;
    conf[b]! += c;
    acc[b]! += correct[i] ? 1 : 0;
  });
  let ece = 0;
  for (let b = 0; b < bins; b++)
    if (n[b]! > 0) ece += (n[b]! / confidences.length) * Math.abs(acc[b]! / n[b]! - conf[b]! / n[b]!);
  return ece;
}
