import { InvalidInput } from '../../core/errors.ts';
import type { UpliftPrediction } from '../learners/types.ts';

/** A per-arm quantity: one number for every row, or one per row. Index k - 1 for arm k. */
export type PerRow = number | Float64Array;

export interface RecommendOptions {
  /** Value of one unit of incremental outcome (e.g. margin per incremental conversion); default 1. */
  value?: PerRow[];
  /** Cost per treated row, whatever the outcome (e.g. a message's send cost); default 0. */
  fixedCost?: PerRow[];
  /**
   * Cost per outcome unit among treated rows, incremental or not (e.g. a discount paid on every
   * treated conversion), charged on the expected outcome under the arm (baseline + uplift).
   */
  costPerOutcome?: PerRow[];
  /** Arm ids (1..K) never to recommend. */
  excludeArms?: number[];
  /** Rows on which an arm is not available: available[k - 1][i] = 0. */
  available?: Uint8Array[];
  /** Total expected spend allowed (sum of fixed and per-outcome costs over treated rows). */
  budget?: number | null;
  /** An arm recommended to fewer rows than this is dropped; its rows take their next best arm. */
  minSegmentSize?: number;
}

export interface Recommendation {
  /** 0 = control (treat nobody), k = arm k. */
  arm: Int32Array;
  /** Expected incremental value (profit) of the recommended arm, 0 for control. */
  incrementalValue: Float64Array;
  /** Expected incremental outcome (uplift) of the recommended arm, 0 for control. */
  incrementalOutcome: Float64Array;
  /** Expected spend of the recommended arm, 0 for control. */
  spend: Float64Array;
  /** Rows per arm, index 0 = control. */
  counts: number[];
  totalSpend: number;
  /** Arms dropped by the minimum segment size. */
  droppedArms: number[];
  /** Rows that were worth treating but left out by the budget. */
  cutByBudget: number;
}

function at(v: PerRow | undefined, i: number, dflt: number): number {
  if (v === undefined) return dflt;
  return typeof v === 'number' ? v : (v[i] as number);
}

/**
 * Per row, the arm with the highest expected incremental value
 *   value_k * uplift_k - fixedCost_k - costPerOutcome_k * (baseline + uplift_k)
 * if that is positive, else control: a row whose every arm has a non-positive value is never
 * treated. Then the constraints:
 * - minimum segment size: arms chosen by fewer rows are removed, one at a time from the smallest,
 *   and their rows re-assigned;
 * - budget: treated rows are kept in decreasing order of incremental value per unit of spend (the
 *   greedy solution of the fractional knapsack, Dantzig 1957), rows without spend always kept,
 *   until the budget is spent; the rest get control.
 */
export function recommend(pred: UpliftPrediction, opts: RecommendOptions = {}): Recommendation {
  const K = pred.uplift.length;
  const n = pred.baseline.length;
  for (const u of pred.uplift)
    if (u.length !== n) throw new InvalidInput('uplift arrays differ in length from baseline');
  const check = (name: string, arr: PerRow[] | undefined) => {
    if (!arr) return;
    if (arr.length !== K) throw new InvalidInput(`${name} must have one entry per treatment arm (${K})`);
    for (const v of arr)
      if (typeof v !== 'number' && v.length !== n)
        throw new InvalidInput(`${name} arrays must have ${n} rows`);
  };
  check('value', opts.value);
  check('fixedCost', opts.fixedCost);
  check('costPerOutcome', opts.costPerOutcome);
  const excluded = new Set(opts.excludeArms ?? []);
  for (const k of excluded)
    if (!(k >= 1 && k <= K)) throw new InvalidInput(`excluded arm ${k} is not a treatment arm (1..${K})`);
  const dropped: number[] = [];

  const arm = new Int32Array(n);
  const val = new Float64Array(n);
  const out = new Float64Array(n);
  const spend = new Float64Array(n);
  const assign = () => {
    for (let i = 0; i < n; i++) {
      let best = 0;
      let bestV = 0;
      let bestU = 0;
      let bestS = 0;
      for (let k = 1; k <= K; k++) {
        if (excluded.has(k)) continue;
        if (opts.available && !(opts.available[k - 1] as Uint8Array)[i]) continue;
        const u = (pred.uplift[k - 1] as Float64Array)[i] as number;
        const s =
          at(opts.fixedCost?.[k - 1], i, 0) +
          at(opts.costPerOutcome?.[k - 1], i, 0) * ((pred.baseline[i] as number) + u);
        const v = at(opts.value?.[k - 1], i, 1) * u - s;
        if (v > bestV) {
          best = k;
          bestV = v;
          bestU = u;
          bestS = s;
        }
      }
      arm[i] = best;
      val[i] = bestV;
      out[i] = bestU;
      spend[i] = bestS;
    }
  };
  const countArms = () => {
    const c = new Array(K + 1).fill(0);
    for (let i = 0; i < n; i++) c[arm[i] as number]++;
    return c as number[];
  };
  assign();
  const minSize = opts.minSegmentSize ?? 0;
  for (;;) {
    const c = countArms();
    let smallest = -1;
    for (let k = 1; k <= K; k++)
      if (
        (c[k] as number) > 0 &&
        (c[k] as number) < minSize &&
        (smallest < 0 || (c[k] as number) < (c[smallest] as number))
      )
        smallest = k;
    if (smallest < 0) break;
    excluded.add(smallest);
    dropped.push(smallest);
    assign();
  }
  let cutByBudget = 0;
  let total = 0;
  for (let i = 0; i < n; i++) total += spend[i] as number;
  if (opts.budget !== undefined && opts.budget !== null && total > opts.budget) {
    const treated: number[] = [];
    for (let i = 0; i < n; i++) if (arm[i] !== 0) treated.push(i);
    const ratio = (i: number) =>
      (spend[i] as number) > 0 ? (val[i] as number) / (spend[i] as number) : Number.POSITIVE_INFINITY;
    treated.sort((a, b) => ratio(b) - ratio(a) || a - b);
    let used = 0;
    for (const i of treated) {
      const s = spend[i] as number;
      if (used + s <= opts.budget) used += s;
      else {
        arm[i] = 0;
        val[i] = 0;
        out[i] = 0;
        spend[i] = 0;
        cutByBudget++;
      }
    }
    total = used;
  }
  return {
    arm,
    incrementalValue: val,
    incrementalOutcome: out,
    spend,
    counts: countArms(),
    totalSpend: total,
    droppedArms: dropped,
    cutByBudget,
  };
}
