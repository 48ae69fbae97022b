/**
 * How much of a target's variance a set of features can explain, out of sample: ridge least
 * squares on the (log1p-transformed, standardised, clipped) features, their squares, and the
 * products of every feature with each `anchors` feature, fitted on one half of the rows and
 * scored (R² = 1 − SSE/SST) on the other half.
 *
 * Why this basis: a customer's uplift is roughly their baseline purchase probability times a
 * trait-driven factor, so products with activity features (the baseline's proxies) carry most
 * of what a model could learn. It is deterministic and needs no tuning; a very flexible learner
 * might explain somewhat more, which is why the report states the method next to the figure and
 * uses the held-out figure, never the in-sample one.
 */
export function heldOutR2(
  features: Float64Array[],
  target: Float64Array,
  options: { ridge?: number; anchors?: number[] } = {},
): number {
  const n = target.length;
  const basis = expandBasis(features, options.anchors ?? []);
  const p = basis.length + 1;
  const train: number[] = [];
  const test: number[] = [];
  for (let i = 0; i < n; i++) (i % 2 === 0 ? train : test).push(i);
  // Normal equations X'X b = X'y with an intercept column, ridge on the standardised basis.
  const xtx = new Float64Array(p * p);
  const xty = new Float64Array(p);
  const row = new Float64Array(p);
  const fill = (i: number) => {
    row[0] = 1;
    for (let j = 0; j < basis.length; j++) row[j + 1] = basis[j]![i]!;
  };
  for (const i of train) {
    fill(i);
    const y = target[i]!;
    for (let a = 0; a < p; a++) {
      const ra = row[a]!;
      if (ra === 0) continue;
      xty[a]! += ra * y;
      for (let b = a; b < p; b++) xtx[a * p + b]! += ra * row[b]!;
    }
  }
  const lambda = (options.ridge ?? 0.02) * train.length;
  for (let a = 0; a < p; a++) {
    for (let b = 0; b < a; b++) xtx[a * p + b] = xtx[b * p + a]!;
    if (a > 0) xtx[a * p + a]! += lambda;
  }
  const beta = solveSymmetric(xtx, xty, p);
  let mean = 0;
  for (const i of test) mean += target[i]!;
  mean /= Math.max(1, test.length);
  let sse = 0;
  let sst = 0;
  for (const i of test) {
    fill(i);
    let yhat = 0;
    for (let a = 0; a < p; a++) yhat += beta[a]! * row[a]!;
    const y = target[i]!;
    sse += (y - yhat) ** 2;
    sst += (y - mean) ** 2;
  }
  return sst > 0 ? Math.max(0, 1 - sse / sst) : 0;
}

/** log1p of non-negative features (counts and amounts are heavy-tailed), standardised, clipped to ±4 sd. */
function standardise(x: Float64Array): Float64Array {
  const nonNegative = x.every((v) => v >= 0);
  const t = nonNegative ? Float64Array.from(x, (v) => Math.log1p(v)) : x;
  let m = 0;
  for (const v of t) m += v;
  m /= t.length || 1;
  let s = 0;
  for (const v of t) s += (v - m) ** 2;
  const sd = Math.sqrt(s / (t.length || 1)) || 1;
  return Float64Array.from(t, (v) => Math.max(-4, Math.min(4, (v - m) / sd)));
}

function expandBasis(features: Float64Array[], anchors: number[]): Float64Array[] {
  const z = features.map(standardise);
  const out: Float64Array[] = [...z];
  for (const f of z) {
    const distinct = new Set(f.slice(0, 500)).size;
    if (distinct > 2) out.push(Float64Array.from(f, (v) => v * v));
  }
  for (const a of anchors) {
    const za = z[a]!;
    for (let j = 0; j < z.length; j++) if (j !== a) out.push(Float64Array.from(z[j]!, (v, i) => v * za[i]!));
  }
  return out;
}

/** Cholesky solve of a symmetric positive-definite system (ridge makes it so). */
function solveSymmetric(a: Float64Array, y: Float64Array, p: number): Float64Array {
  const l = new Float64Array(p * p);
  for (let i = 0; i < p; i++) {
    for (let j = 0; j <= i; j++) {
      let s = a[i * p + j]!;
      for (let k = 0; k < j; k++) s -= l[i * p + k]! * l[j * p + k]!;
      if (i === j) l[i * p + i] = Math.sqrt(Math.max(s, 1e-12));
      else l[i * p + j] = s / l[j * p + j]!;
    }
  }
  const z = new Float64Array(p);
  for (let i = 0; i < p; i++) {
    let s = y[i]!;
    for (let k = 0; k < i; k++) s -= l[i * p + k]! * z[k]!;
    z[i] = s / l[i * p + i]!;
  }
  const x = new Float64Array(p);
  for (let i = p - 1; i >= 0; i--) {
    let s = z[i]!;
    for (let k = i + 1; k < p; k++) s -= l[k * p + i]! * x[k]!;
    x[i] = s / l[i * p + i]!;
  }
  return x;
}
