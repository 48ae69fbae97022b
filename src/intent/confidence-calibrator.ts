import { TRIGGER_IDS, type TriggerId } from '../contracts/triggers.ts';
import { TRIGGER_CUES } from './lexicon.ts';
import { isNegated } from './negation.ts';

/**
 * Calibration of the stated trigger confidence beyond one temperature: a logistic model of
 * "the top class is right" (Platt, 1999, "Probabilistic outputs for support vector machines";
 * the multi-class top-label form of Guo et al., 2017) over the temperature-scaled top probability
 * and what the text says about it: several different trigger cues at once (a conflict: "shop the
 * look from the lookbook"), no cue at all (an indirect phrasing the lexicon does not know), the top
 * class agreeing with a cue, the top class being "no trigger", and the margin to the runner-up.
 * Fitted on out-of-fold predictions of the training corpus; the classifier's ranking is unchanged,
 * only the probability it states.
 */
export const CALIBRATOR_FEATURES = [
  'bias',
  'logit_top',
  'cue_conflict',
  'no_cue',
  'top_in_cues',
  'top_is_none',
  'margin',
];

/** Trigger cues of the lexicon that the text names positively (not under a negation). */
export function positiveCues(
  text: string,
  negated: Array<[number, number]>,
  audience: Array<[number, number]> = [],
): Set<TriggerId> {
  const out = new Set<TriggerId>();
  for (const t of TRIGGER_IDS) {
    const g = new RegExp(TRIGGER_CUES[t].source, 'g');
    for (let m = g.exec(text); m; m = g.exec(text))
      if (
        !(isNegated(negated, m.index) && m.index > 0) &&
        !audience.some(([a, b]) => m.index >= a && m.index < b)
      ) {
        out.add(t);
        break;
      }
  }
  return out;
}

/** The calibrator's inputs for one prediction: `probs` are the final class probabilities (after masking). */
export function calibratorInputs(
  probs: ArrayLike<number>,
  classes: ReadonlyArray<TriggerId | 'none'>,
  cues: ReadonlySet<TriggerId>,
): number[] {
  let top = 0;
  for (let c = 1; c < probs.length; c++) if (probs[c]! > probs[top]!) top = c;
  let second = 0;
  for (let c = 0; c < probs.length; c++) if (c !== top && probs[c]! > second) second = probs[c]!;
  const p = Math.min(1 - 1e-6, Math.max(1e-6, probs[top]!));
  const cls = classes[top]!;
  return [
    1,
    Math.log(p / (1 - p)),
    cues.size >= 2 ? 1 : 0,
    cues.size === 0 ? 1 : 0,
    cls !== 'none' && cues.has(cls) ? 1 : 0,
    cls === 'none' ? 1 : 0,
    p - second,
  ];
}

export function sigmoid(z: number): number {
  return 1 / (1 + Math.exp(-z));
}

/**
 * Weighted L2-penalised logistic regression by Newton's method (IRLS); a handful of inputs, so
 * the 7x7 system is solved directly. Deterministic.
 */
export function fitCalibrator(xs: number[][], ys: boolean[], weights: number[], l2 = 1e-3): number[] {
  const d = xs[0]?.length ?? CALIBRATOR_FEATURES.length;
  const w = new Array<number>(d).fill(0);
  w[1] = 1; // start from the temperature-scaled probability itself
  for (let iter = 0; iter < 50; iter++) {
    const g = new Array<number>(d).fill(0);
    const h = Array.from({ length: d }, () => new Array<number>(d).fill(0));
    xs.forEach((x, i) => {
      const p = sigmoid(x.reduce((a, v, j) => a + v * w[j]!, 0));
      const r = (p - (ys[i] ? 1 : 0)) * weights[i]!;
      const s = Math.max(1e-9, p * (1 - p)) * weights[i]!;
      for (let j = 0; j < d; j++) {
        g[j]! += r * x[j]!;
        for (let k = 0; k < d; k++) h[j]![k]! += s * x[j]! * x[k]!;
      }
    });
    const total = weights.reduce((a, b) => a + b, 0) || 1;
    for (let j = 0; j < d; j++) {
      g[j] = g[j]! / total + (j > 0 ? l2 * w[j]! : 0);
      for (let k = 0; k < d; k++) h[j]![k] = h[j]![k]! / total + (j === k && j > 0 ? l2 : j === k ? 1e-9 : 0);
    }
    const step = solve(h, g);
    let change = 0;
    for (let j = 0; j < d; j++) {
      w[j]! -= step[j]!;
      change = Math.max(change, Math.abs(step[j]!));
    }
    if (change < 1e-8) break;
  }
  return w.map((v) => Math.round(v * 1e6) / 1e6);
}

/** Gaussian elimination with partial pivoting. */
function solve(a: number[][], b: number[]): number[] {
  const n = b.length;
  const m = a.map((row, i) => [...row, b[i]!]);
  for (let c = 0; c < n; c++) {
    let p = c;
    for (let r = c + 1; r < n; r++) if (Math.abs(m[r]![c]!) > Math.abs(m[p]![c]!)) p = r;
    [m[c], m[p]] = [m[p]!, m[c]!];
    const piv = m[c]![c]! || 1e-12;
    for (let r = 0; r < n; r++) {
      if (r === c) continue;
      const f = m[r]![c]! / piv;
      for (let k = c; k <= n; k++) m[r]![k]! -= f * m[c]![k]!;
    }
  }
  return m.map((row, i) => row[n]! / (row[i]! || 1e-12));
}

/**
 * Replaces the top class's probability by the calibrated one and rescales the rest to sum to one,
 * keeping the top class on top. Returns a new array.
 */
export function recalibrate(
  probs: Float64Array,
  classes: ReadonlyArray<TriggerId | 'none'>,
  cues: ReadonlySet<TriggerId>,
  weights: readonly number[] | null,
): Float64Array {
  if (!weights) return probs;
  const x = calibratorInputs(probs, classes, cues);
  let top = 0;
  for (let c = 1; c < probs.length; c++) if (probs[c]! > probs[top]!) top = c;
  const p = probs[top]!;
  if (p >= 1) return probs;
  let second = 0;
  for (let c = 0; c < probs.length; c++) if (c !== top) second = Math.max(second, probs[c]!);
  let conf = sigmoid(x.reduce((a, v, j) => a + v * (weights[j] ?? 0), 0));
  // The runner-up, rescaled, must not overtake the top class.
  conf = Math.min(1, Math.max(conf, second / (1 - p + second) + 1e-9));
  const out = new Float64Array(probs.length);
  const scale = (1 - conf) / (1 - p);
  for (let c = 0; c < probs.length; c++) out[c] = c === top ? conf : probs[c]! * scale;
  return out;
}
