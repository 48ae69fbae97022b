import { InvalidInput } from '../../core/errors.ts';
import { type BootstrapOptions, bootstrapMean, bootstrapMeans, type Estimate } from './bootstrap.ts';

/**
 * Off-policy value of an assignment (one arm per row), from logged data:
 * - IPW (Horvitz & Thompson 1952; for policies, Dudík, Langford & Li 2011):
 *     V = mean_i 1[A_i = pi(x_i)] y_i / e_i
 * - DR / AIPW (Robins, Rotnitzky & Zhao 1994; Dudík et al. 2011; Athey & Wager 2021):
 *     V = mean_i Gamma[pi(x_i)][i]  with Gamma from `aipwScores`
 * Both are means of per-row contributions, so the bootstrap resamples rows, and two policies are
 * compared on the same resamples (paired bootstrap of the per-row differences).
 */
export interface LoggedData {
  arm: Int32Array;
  y: Float64Array;
  propensity: Float64Array;
  /** AIPW scores, one array per arm (0..K); needed for DR values. */
  gamma?: Float64Array[];
  /** Arms available per row (1 = its campaign tested the arm); random-arm values draw among these. */
  available?: Uint8Array[];
  /** Lower clip of propensities (default 0.01). */
  clip?: number;
}

export interface PolicyValue {
  ipw: Estimate;
  dr: Estimate | null;
}

/**
 * A PolicyValue whose intervals are bootstrapped when first read. A held-out evaluation computes
 * some 30 values (every single arm, IPW and DR) to report about 9 of them, and at 500 replicates
 * over half a million rows each interval costs seconds. The getters are own enumerable
 * properties, so the object serialises like a plain one.
 */
function lazyValue(
  ipw: () => Float64Array,
  dr: (() => Float64Array) | null,
  opts: BootstrapOptions,
): PolicyValue {
  let ipwEstimate: Estimate | undefined;
  let drEstimate: Estimate | null | undefined;
  const value: PolicyValue = {
    get ipw() {
      ipwEstimate ??= bootstrapMean(ipw(), opts);
      return ipwEstimate;
    },
    get dr() {
      if (drEstimate === undefined) drEstimate = dr ? bootstrapMean(dr(), opts) : null;
      return drEstimate;
    },
  };
  pending.set(value, {
    opts,
    contributions: (which) => (which === 'ipw' ? ipw() : dr ? dr() : null),
    done: (which) => (which === 'ipw' ? ipwEstimate !== undefined : drEstimate !== undefined),
    set: (which, e) => {
      if (which === 'ipw') ipwEstimate = e;
      else drEstimate = e;
    },
  });
  return value;
}

/** How bootstrapTogether reaches a lazy value's contributions and cache. */
const pending = new WeakMap<
  PolicyValue,
  {
    opts: BootstrapOptions;
    contributions: (which: 'ipw' | 'dr') => Float64Array | null;
    done: (which: 'ipw' | 'dr') => boolean;
    set: (which: 'ipw' | 'dr', e: Estimate) => void;
  }
>();

/**
 * Bootstraps the intervals of several lazy policy values that are about to be read, in one pass
 * (`bootstrapMeans`): the same numbers as reading each, bit for bit, since values made with the
 * same seed resample the same rows. Values already computed, values not made here, and values
 * whose options differ from the first one's are left to be computed when read.
 */
export function bootstrapTogether(requests: readonly [PolicyValue, 'ipw' | 'dr'][]): void {
  const todo: { set: (e: Estimate) => void; contrib: Float64Array }[] = [];
  let opts: BootstrapOptions | undefined;
  const seen = new Set<string>();
  const ids = new Map<PolicyValue, number>();
  for (const [value, which] of requests) {
    const p = pending.get(value);
    if (!p || p.done(which)) continue;
    const key = `${ids.get(value) ?? ids.set(value, ids.size).size - 1}:${which}`;
    if (seen.has(key)) continue;
    opts ??= p.opts;
    if (p.opts.seed !== opts.seed || p.opts.replicates !== opts.replicates || p.opts.level !== opts.level)
      continue;
    const contrib = p.contributions(which);
    if (!contrib) continue;
    seen.add(key);
    todo.push({ set: (e) => p.set(which, e), contrib });
  }
  if (todo.length < 2 || !opts) return;
  const estimates = bootstrapMeans(
    todo.map((t) => t.contrib),
    opts,
  );
  for (const [i, t] of todo.entries()) t.set(estimates[i] as Estimate);
}

function mean(x: Float64Array): number {
  let s = 0;
  for (let i = 0; i < x.length; i++) s += x[i] as number;
  return x.length > 0 ? s / x.length : Number.NaN;
}

function checkPolicy(policy: Int32Array, d: LoggedData): number {
  const n = d.arm.length;
  if (policy.length !== n) throw new InvalidInput(`policy has ${policy.length} rows, data has ${n}`);
  if (d.y.length !== n || d.propensity.length !== n)
    throw new InvalidInput('arm, y and propensity lengths differ');
  const K1 = d.gamma ? d.gamma.length : Number.POSITIVE_INFINITY;
  for (let i = 0; i < n; i++) {
    const a = policy[i] as number;
    if (!(a >= 0 && a < K1)) throw new InvalidInput(`policy[${i}] = ${a} is not an arm id`);
  }
  return n;
}

export function ipwContributions(policy: Int32Array, d: LoggedData): Float64Array {
  const n = checkPolicy(policy, d);
  const clip = d.clip ?? 0.01;
  const c = new Float64Array(n);
  for (let i = 0; i < n; i++)
    if (policy[i] === d.arm[i]) c[i] = (d.y[i] as number) / Math.max(d.propensity[i] as number, clip);
  return c;
}

export function drContributions(policy: Int32Array, gamma: Float64Array[]): Float64Array {
  const n = policy.length;
  const c = new Float64Array(n);
  for (let i = 0; i < n; i++) c[i] = (gamma[policy[i] as number] as Float64Array)[i] as number;
  return c;
}

export function policyValue(policy: Int32Array, d: LoggedData, opts: BootstrapOptions = {}): PolicyValue {
  checkPolicy(policy, d);
  const gamma = d.gamma;
  return lazyValue(
    () => ipwContributions(policy, d),
    gamma ? () => drContributions(policy, gamma) : null,
    opts,
  );
}

/** Paired-bootstrap difference V(p1) - V(p2) on the same rows and resamples. */
export function comparePolicies(
  p1: Int32Array,
  p2: Int32Array,
  d: LoggedData,
  opts: BootstrapOptions = {},
): PolicyValue {
  const diff = (a: Float64Array, b: Float64Array) => {
    const out = new Float64Array(a.length);
    for (let i = 0; i < a.length; i++) out[i] = (a[i] as number) - (b[i] as number);
    return out;
  };
  const gamma = d.gamma;
  return lazyValue(
    () => diff(ipwContributions(p1, d), ipwContributions(p2, d)),
    gamma ? () => diff(drContributions(p1, gamma), drContributions(p2, gamma)) : null,
    opts,
  );
}

export interface ReferencePolicies {
  treatNobody: PolicyValue;
  /** Value of giving everyone arm a, a = 0..K. */
  singleArm: PolicyValue[];
  /** The arm with the highest single-arm value (DR when available, else IPW). */
  bestSingleArm: { arm: number; value: PolicyValue };
  /** Each row gets a uniformly random available arm (exact expectation over the draw). */
  randomArm: PolicyValue;
}

export function referencePolicies(
  d: LoggedData,
  nArms: number,
  opts: BootstrapOptions = {},
): ReferencePolicies {
  const n = d.arm.length;
  const everyone = (a: number) => new Int32Array(n).fill(a);
  const singleArm = Array.from({ length: nArms }, (_, a) => policyValue(everyone(a), d, opts));
  // The best arm by its point value (the bootstrap's `value` is the same mean), so that only the
  // intervals that are read get bootstrapped.
  const point = (a: number) =>
    mean(d.gamma ? drContributions(everyone(a), d.gamma) : ipwContributions(everyone(a), d));
  let best = 0;
  let bestValue = point(0);
  for (let a = 1; a < nArms; a++) {
    const v = point(a);
    if (v > bestValue) {
      best = a;
      bestValue = v;
    }
  }
  // Random arm among the available ones: per row, the average of the arms' contributions.
  const clip = d.clip ?? 0.01;
  const ipw = new Float64Array(n);
  const dr = d.gamma ? new Float64Array(n) : null;
  for (let i = 0; i < n; i++) {
    let m = 0;
    let g = 0;
    for (let a = 0; a < nArms; a++) {
      if (d.available && !(d.available[a] as Uint8Array)[i]) continue;
      m++;
      if (d.gamma) g += (d.gamma[a] as Float64Array)[i] as number;
    }
    ipw[i] = (d.y[i] as number) / Math.max(d.propensity[i] as number, clip) / m;
    if (dr) dr[i] = g / m;
  }
  return {
    treatNobody: singleArm[0]!,
    singleArm,
    bestSingleArm: { arm: best, value: singleArm[best]! },
    randomArm: lazyValue(() => ipw, dr ? () => dr : null, opts),
  };
}
