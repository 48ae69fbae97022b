import { closeSync, openSync, readSync } from 'node:fs';
import type { ShapeFile } from './experiment-shapes.ts';

interface Interval {
  value: number;
  ci_low: number;
  ci_high: number;
}

export interface ShapeCheck {
  holdout_rows: number;
  /** The recommended policy's true mean outcome on the held-out rows (planted truth). */
  policy_true_value: number;
  policy_value_dr: Interval;
  dr_covers_truth: boolean;
  treat_nobody_true_value: number;
  treat_nobody_value: Interval;
  nobody_covers_truth: boolean;
  /** True value of the best arm for everyone, and of the oracle (each row's truly best arm). */
  best_single_true_value: number;
  oracle_true_value: number;
  policy_counts: Record<string, number>;
  /**
   * Per treated arm, over every row of the score file: the Pearson correlation of the predicted
   * uplift with the planted true uplift (null where the true uplift is the same for everyone).
   */
  uplift_truth_correlation: Record<string, number | null>;
}

/**
 * The least-squares slope of y on x and their Pearson correlation (null where either is constant):
 * with x the predicted and y the planted uplift, a slope of 1 means the predictions have the right size.
 */
export function slopeAndCorrelation(
  x: Float64Array,
  y: Float64Array,
): { slope: number | null; corr: number | null } {
  const n = x.length;
  let mx = 0;
  let my = 0;
  for (let i = 0; i < n; i++) {
    mx += x[i] as number;
    my += y[i] as number;
  }
  mx /= n;
  my /= n;
  let sxy = 0;
  let sxx = 0;
  let syy = 0;
  for (let i = 0; i < n; i++) {
    const dx = (x[i] as number) - mx;
    const dy = (y[i] as number) - my;
    sxy += dx * dy;
    sxx += dx * dx;
    syy += dy * dy;
  }
  const defined = sxx > 0 && syy > 1e-18;
  return {
    slope: defined ? sxy / sxx : null,
    corr: defined ? sxy / Math.sqrt(sxx * syy) : null,
  };
}

/** The non-empty lines of a text file, read 16 MB at a time. */
function* fileLines(file: string): Generator<string> {
  const fd = openSync(file, 'r');
  const chunk = Buffer.alloc(16 * 1024 * 1024);
  let rest = '';
  try {
    for (;;) {
      const got = readSync(fd, chunk, 0, chunk.length, null);
      if (got === 0) break;
      // Cut at the last newline so no UTF-8 character is split between reads.
      const end = chunk.lastIndexOf(10, got - 1);
      if (end < 0) {
        rest += chunk.toString('utf8', 0, got);
        continue;
      }
      const parts = (rest + chunk.toString('utf8', 0, end)).split('\n');
      rest = chunk.toString('utf8', end + 1, got);
      for (const p of parts) if (p) yield p;
    }
    if (rest) yield rest;
  } finally {
    closeSync(fd);
  }
}

/** Splits one CSV line with "-quoted cells (the score file quotes only cells with , " or a line break). */
export function cells(line: string): string[] {
  const out: string[] = [];
  let cur = '';
  let quoted = false;
  for (let i = 0; i < line.length; i++) {
    const ch = line[i];
    if (quoted) {
      if (ch === '"' && line[i + 1] === '"') {
        cur += '"';
        i++;
      } else if (ch === '"') quoted = false;
      else cur += ch;
    } else if (ch === '"') quoted = true;
    else if (ch === ',') {
      out.push(cur);
      cur = '';
    } else cur += ch;
  }
  out.push(cur);
  return out;
}

/**
 * Compares `aether evaluate --json` of an imported shape file with the planted truth, using the
 * `aether score --out F.csv` file for each row's recommended arm and held-out flag.
 */
export function checkShapeRun(
  shape: ShapeFile,
  evaluated: Record<string, unknown>,
  scoresCsv: string,
): ShapeCheck {
  // Read line by line: at 14 million rows the score file is larger than a V8 string may be.
  const lines = fileLines(scoresCsv);
  const header = cells(lines.next().value as string);
  const idCol = header.indexOf('id');
  const armCol = header.indexOf('recommended_arm');
  const heldCol = header.indexOf('held_out');
  const rowMap = shape.rowNumberIds ? null : new Map(shape.ids.map((id, i) => [id, i]));
  const rowOf = (id: string) => (rowMap ? rowMap.get(id) : Number(id) - 1);
  const rows = (shape.truth[0] as Float64Array).length;
  let n = 0;
  let policy = 0;
  let nobody = 0;
  let oracle = 0;
  const perArm = new Float64Array(shape.arms.length);
  const treated = shape.arms.slice(1);
  const upliftCols = treated.map((a) => header.indexOf(`uplift_${a}`));
  const predicted = treated.map(() => new Float64Array(rows));
  const planted = treated.map(() => new Float64Array(rows));
  let r = 0;
  for (const l of lines) {
    const c = cells(l);
    const i = rowOf(c[idCol] as string);
    if (i === undefined || !(i >= 0 && i < rows))
      throw new Error(`score file id ${c[idCol]} is not a row of the shape`);
    for (const [k, col] of upliftCols.entries()) {
      (predicted[k] as Float64Array)[r] = Number(c[col]);
      (planted[k] as Float64Array)[r] =
        ((shape.truth[k + 1] as Float64Array)[i] as number) - ((shape.truth[0] as Float64Array)[i] as number);
    }
    r++;
    if (c[heldCol] !== 'true') continue;
    const a = shape.arms.indexOf(c[armCol] as string);
    if (a < 0) throw new Error(`recommended arm ${c[armCol]} is not an arm of the shape`);
    n++;
    policy += (shape.truth[a] as Float64Array)[i] as number;
    nobody += (shape.truth[0] as Float64Array)[i] as number;
    let best = Number.NEGATIVE_INFINITY;
    for (let k = 0; k < shape.arms.length; k++) {
      const v = (shape.truth[k] as Float64Array)[i] as number;
      perArm[k] = (perArm[k] as number) + v;
      best = Math.max(best, v);
    }
    oracle += best;
  }
  const dr = evaluated.policy_value_dr as Interval;
  const none = evaluated.treat_nobody_value as Interval;
  const truth = policy / n;
  const nobodyTruth = nobody / n;
  return {
    holdout_rows: n,
    policy_true_value: truth,
    policy_value_dr: dr,
    dr_covers_truth: dr.ci_low <= truth && truth <= dr.ci_high,
    treat_nobody_true_value: nobodyTruth,
    treat_nobody_value: none,
    nobody_covers_truth: none.ci_low <= nobodyTruth && nobodyTruth <= none.ci_high,
    best_single_true_value: Math.max(...Array.from(perArm, (v) => v / n)),
    oracle_true_value: oracle / n,
    policy_counts: evaluated.policy_counts as Record<string, number>,
    uplift_truth_correlation: Object.fromEntries(
      treated.map((a, k) => [
        a,
        slopeAndCorrelation(
          (predicted[k] as Float64Array).subarray(0, r),
          (planted[k] as Float64Array).subarray(0, r),
        ).corr,
      ]),
    ),
  };
}
