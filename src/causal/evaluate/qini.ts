import { InvalidInput } from '../../core/errors.ts';

/**
 * Uplift ranking metrics for one treatment against control, on rows that received either.
 *
 * Qini curve (Radcliffe 2007, "Using control groups to target on predicted lift"): rows sorted by
 * predicted uplift, descending; after the top t rows
 *   Q(t) = Y_T(t) - Y_C(t) * N_T(t) / N_C(t)
 * (incremental outcomes if the top t had all been treated, scaled to the treated count).
 * Uplift curve (Gutierrez & Gérardy 2017, "Causal inference and uplift modelling: a review of
 * the literature"): U(t) = (Y_T(t)/N_T(t) - Y_C(t)/N_C(t)) * (N_T(t) + N_C(t)).
 * Y and N are weighted sums when weights are given (e.g. 1/propensity where assignment
 * probabilities vary). Rows with equal scores are taken as one block (no order among ties).
 *
 * Normalisation used here: curves are divided by the total (weighted) row count N, so a curve
 * point is "incremental outcomes per customer of the whole population", and x is the share
 * targeted in [0, 1]. Areas are trapezoidal over x.
 * - `qini`: area between the Qini curve and the random-targeting line (Radcliffe's Qini
 *   coefficient before normalisation).
 * - `qiniNormalized`: `qini` divided by the same area for the perfect ranking of the observed
 *   outcomes (treated responders first, control responders last; Radcliffe's optimum with
 *   downlift, as in CausalML's `qini_score`); 1 = perfect, 0 = random.
 * - `auuc`: area under the uplift curve U/N (Gutierrez & Gérardy), and `auucRandom` the area of
 *   the random line U(1)/(2N) to compare against.
 * - `upliftAtTop`: observed uplift (mean treated outcome - mean control outcome) among the top
 *   10% and 30% of rows by score.
 */
export interface UpliftCurve {
  /** Share of rows targeted. */
  x: Float64Array;
  qini: Float64Array;
  uplift: Float64Array;
}

export interface QiniResult {
  curve: UpliftCurve;
  qini: number;
  qiniNormalized: number;
  auuc: number;
  auucRandom: number;
  upliftAtTop: { p10: number; p30: number };
  rows: number;
}

function curves(
  score: ArrayLike<number>,
  treated: ArrayLike<number>,
  y: ArrayLike<number>,
  w?: ArrayLike<number>,
) {
  const n = score.length;
  const order = Array.from({ length: n }, (_, i) => i).sort(
    (a, b) => (score[b] as number) - (score[a] as number),
  );
  let N = 0;
  for (let i = 0; i < n; i++) N += w ? (w[i] as number) : 1;
  const xs = [0];
  const qs = [0];
  const us = [0];
  let nT = 0;
  let nC = 0;
  let yT = 0;
  let yC = 0;
  let k = 0;
  while (k < n) {
    const s = score[order[k] as number] as number;
    while (k < n && score[order[k] as number] === s) {
      const i = order[k] as number;
      const wi = w ? (w[i] as number) : 1;
      if (treated[i]) {
        nT += wi;
        yT += wi * (y[i] as number);
      } else {
        nC += wi;
        yC += wi * (y[i] as number);
      }
      k++;
    }
    xs.push((nT + nC) / N);
    qs.push((yT - (nC > 0 ? (yC * nT) / nC : 0)) / N);
    us.push(((nT > 0 ? yT / nT : 0) - (nC > 0 ? yC / nC : 0)) * ((nT + nC) / N));
  }
  return { x: Float64Array.from(xs), qini: Float64Array.from(qs), uplift: Float64Array.from(us) };
}

function area(x: Float64Array, v: Float64Array): number {
  let a = 0;
  for (let i = 1; i < x.length; i++)
    a += ((x[i] as number) - (x[i - 1] as number)) * ((v[i] as number) + (v[i - 1] as number)) * 0.5;
  return a;
}

function topUplift(
  score: ArrayLike<number>,
  treated: ArrayLike<number>,
  y: ArrayLike<number>,
  w: ArrayLike<number> | undefined,
  share: number,
): number {
  const n = score.length;
  const order = Array.from({ length: n }, (_, i) => i).sort(
    (a, b) => (score[b] as number) - (score[a] as number) || a - b,
  );
  const m = Math.max(1, Math.round(n * share));
  let nT = 0;
  let nC = 0;
  let yT = 0;
  let yC = 0;
  for (let k = 0; k < m; k++) {
    const i = order[k] as number;
    const wi = w ? (w[i] as number) : 1;
    if (treated[i]) {
      nT += wi;
      yT += wi * (y[i] as number);
    } else {
      nC += wi;
      yC += wi * (y[i] as number);
    }
  }
  return nT > 0 && nC > 0 ? yT / nT - yC / nC : Number.NaN;
}

/** Qini, AUUC and top-share uplift of `score` for treated-vs-control rows. */
export function qiniMetrics(
  score: ArrayLike<number>,
  treated: ArrayLike<number>,
  y: ArrayLike<number>,
  weight?: ArrayLike<number>,
): QiniResult {
  const n = score.length;
  if (treated.length !== n || y.length !== n || (weight && weight.length !== n))
    throw new InvalidInput('score, treated, y and weight must have the same length');
  if (n === 0) throw new InvalidInput('no rows to evaluate');
  const c = curves(score, treated, y, weight);
  const last = c.qini.length - 1;
  const qini = area(c.x, c.qini) - (c.qini[last] as number) / 2;
  const perfectScore = Float64Array.from({ length: n }, (_, i) => (treated[i] ? 1 : -1) * (y[i] as number));
  const p = curves(perfectScore, treated, y, weight);
  const perfect = area(p.x, p.qini) - (p.qini[p.qini.length - 1] as number) / 2;
  return {
    curve: c,
    qini,
    qiniNormalized: perfect !== 0 ? qini / perfect : Number.NaN,
    auuc: area(c.x, c.uplift),
    auucRandom: (c.uplift[last] as number) / 2,
    upliftAtTop: {
      p10: topUplift(score, treated, y, weight, 0.1),
      p30: topUplift(score, treated, y, weight, 0.3),
    },
    rows: n,
  };
}

/**
 * Qini metrics per treatment arm k against control, on rows that received k or control, scored by
 * the predicted uplift of k. With `ipw`, rows are weighted by 1/propensity.
 */
export function qiniByArm(
  upliftPred: Float64Array[],
  arm: Int32Array,
  y: Float64Array,
  opts: { propensity?: Float64Array; weight?: Float64Array } = {},
): QiniResult[] {
  return upliftPred.map((u, k0) => {
    const k = k0 + 1;
    const rows: number[] = [];
    for (let i = 0; i < arm.length; i++) if (arm[i] === 0 || arm[i] === k) rows.push(i);
    const score = Float64Array.from(rows, (i) => u[i] as number);
    const treated = Uint8Array.from(rows, (i) => (arm[i] === k ? 1 : 0));
    const yy = Float64Array.from(rows, (i) => y[i] as number);
    const w =
      opts.propensity || opts.weight
        ? Float64Array.from(
            rows,
            (i) =>
              (opts.weight ? (opts.weight[i] as number) : 1) /
              (opts.propensity ? (opts.propensity[i] as number) : 1),
          )
        : undefined;
    if (rows.length === 0 || !treated.some((t) => t === 1)) {
      const empty = new Float64Array(0);
      return {
        curve: { x: empty, qini: empty, uplift: empty },
        qini: Number.NaN,
        qiniNormalized: Number.NaN,
        auuc: Number.NaN,
        auucRandom: Number.NaN,
        upliftAtTop: { p10: Number.NaN, p30: Number.NaN },
        rows: rows.length,
      };
    }
    return qiniMetrics(score, treated, yy, w);
  });
}
