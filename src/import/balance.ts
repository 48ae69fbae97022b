import type { Store } from '../store/store.ts';
import { chiSquaredSurvival, studentTwoSidedP } from './balance-stats.ts';
import { weightedCovariateBalance } from './weighted-balance.ts';

/**
 * Covariate balance of an imported experiment: every feature, each treated arm against control.
 *
 * In a randomised experiment a pre-treatment feature differs between arms by chance only. A
 * column that differs far beyond chance is almost always a post-treatment outcome left in the file
 * (Hillstrom's `visit` and `spend` when `conversion` is the outcome, Criteo's `exposure` and `visit`)
 * or a broken randomisation; as a feature it lets the uplift models find effect heterogeneity that
 * is not there (the treatment itself moved the feature). Such columns are excluded by default.
 *
 * The rule: a feature is imbalanced for an arm when BOTH
 * - p < 0.001 / m, m the number of tests (features × treated arms, two for a numeric feature with
 *   missing values): Bonferroni (Dunn 1961), so that in a truly randomised file the chance that any
 *   real pre-treatment column is dropped is under 0.1%, whatever the number of columns (18 tests
 *   for Hillstrom: p < 5.6e-5; 1,000 tests: p < 1e-6). A fixed 1e-6 was tried first: it missed a
 *   leaked `visit` in a 3,000-row Hillstrom look-alike (p = 2.9e-5), where 0.001/18 catches it; and
 * - |SMD| ≥ 0.02, the standardised mean difference (Austin 2009, "Balance diagnostics for
 *   comparing the distribution of baseline covariates between treatment groups in
 *   propensity-score matched samples", Stat Med 28:3083–3107; Austin 2011, Multivar Behav Res
 *   46:399–424): the difference of means over the pooled SD √((s²_t + s²_c)/2), and for a
 *   categorical feature the same for each level's share, max over levels. The floor keeps files of
 *   millions of rows (Criteo: 14M) from flagging differences too small to matter. It sits well
 *   below Austin's 0.1 "negligible imbalance" for matched observational samples because a leaked
 *   outcome of a rare event moves by a small SMD: from the published arm rates, Hillstrom's
 *   `conversion` (0.57% control vs 1.25% men's e-mail) is an SMD of ~0.07 and Criteo's
 *   `conversion` (0.19% vs 0.31%) ~0.02, while `visit` is 0.22 and 0.05 and `exposure` ~0.27.
 *
 * Tests: numeric features by Welch's t on the present values (Welch 1947); when values are
 * missing, also a chi-squared test of the missing share (a column filled only for treated rows is a
 * leak too); when the column is partly zero and not just 0/1, also a chi-squared test of the zero
 * share (Hillstrom's `spend` is 99% zeros: its treated mean moves by a few standard errors, the
 * share of spenders by many); categorical features by Pearson's chi-squared test of the 2 × levels table, with
 * missing as a level and levels rarer than 10 rows (or beyond the 30 most frequent) pooled as
 * "(other)" so that sparse cells do not inflate the statistic.
 */
/** Family-wise false-alarm rate of the Bonferroni rule: the p threshold is this over the number of tests. */
export const BALANCE_FAMILY_ALPHA = 0.001;
export const BALANCE_SMD_THRESHOLD = 0.02;
export const MAX_LEVELS = 30;
export const MIN_LEVEL_ROWS = 10;
/** An SMD with zero pooled spread (constant in both arms, different constants) is reported as this. */
const SMD_CAP = 100;

export interface ArmBalance {
  /** The treated arm's label (compared with control). */
  arm: string;
  /** Standardised mean difference, treated minus control (categorical: the level with the largest |SMD|). */
  smd: number;
  /** Two-sided p-value of the test that decided. */
  p: number;
  /** Which comparison these figures come from. */
  test: 'mean' | 'missing_share' | 'zero_share' | 'levels';
  /** For `levels`: the level with the largest |SMD|; for it and for `missing_share`/`zero_share`, the share in control and in the arm. */
  level?: string;
  control_share?: number;
  arm_share?: number;
  /** For `mean`: the means. */
  control_mean?: number;
  arm_mean?: number;
  imbalanced: boolean;
}

export interface FeatureBalance {
  feature: string;
  kind: 'numeric' | 'categorical';
  max_abs_smd: number;
  min_p: number;
  imbalanced: boolean;
  arms: ArmBalance[];
}

export interface BalanceReport {
  /** BALANCE_FAMILY_ALPHA / tests. */
  p_threshold: number;
  /** Feature × arm comparisons made (the Bonferroni m). */
  tests: number;
  smd_threshold: number;
  /**
   * `inverse_propensity` when each row was weighted by 1 / its logged probability of its own arm
   * (Hájek means, their linearised variances, weighted SMDs); absent for the unweighted check.
   */
  weighting?: 'inverse_propensity';
  features: FeatureBalance[];
}

export interface BalanceOptions {
  /**
   * A SQL expression over the table's own columns giving each row's weight, e.g. `1.0 / propensity`
   * (our text, never the user's): the comparison is then of inverse-propensity weighted means
   * (weighted-balance.ts).
   */
  weight?: string;
}

export interface BalanceInput {
  name: string;
  kind: 'numeric' | 'categorical';
  /** The column of `table` holding the feature (DOUBLE for numeric, VARCHAR for categorical). */
  column: string;
}

interface Comparison {
  smd: number;
  p: number;
}

/** Austin's SMD: difference over the pooled SD; capped when the spread is zero but the means differ. */
export function smd(diff: number, varT: number, varC: number): number {
  const sd = Math.sqrt((varT + varC) / 2);
  if (sd > 0) return Math.max(-SMD_CAP, Math.min(SMD_CAP, diff / sd));
  return diff === 0 ? 0 : Math.sign(diff) * SMD_CAP;
}

/** Welch's t-test of two means (Welch 1947), df by Welch–Satterthwaite. */
function welch(mT: number, vT: number, nT: number, mC: number, vC: number, nC: number): Comparison {
  if (nT < 2 || nC < 2) return { smd: 0, p: 1 };
  const diff = mT - mC;
  const a = vT / nT;
  const b = vC / nC;
  const se = Math.sqrt(a + b);
  if (se === 0) return { smd: smd(diff, vT, vC), p: diff === 0 ? 1 : 0 };
  const df = (a + b) ** 2 / ((a * a) / (nT - 1) + (b * b) / (nC - 1));
  return { smd: smd(diff, vT, vC), p: studentTwoSidedP(diff / se, df) };
}

/** Pearson's chi-squared test of a 2 × k table (row 0 control, row 1 treated). */
function chiSquared(control: number[], treated: number[]): number {
  const nC = control.reduce((s, v) => s + v, 0);
  const nT = treated.reduce((s, v) => s + v, 0);
  const n = nC + nT;
  let x2 = 0;
  let df = -1;
  for (let l = 0; l < control.length; l++) {
    const total = control[l] + treated[l];
    if (total === 0) continue;
    df++;
    const eC = (nC * total) / n;
    const eT = (nT * total) / n;
    x2 += (control[l] - eC) ** 2 / eC + (treated[l] - eT) ** 2 / eT;
  }
  return df > 0 && nC > 0 && nT > 0 ? chiSquaredSurvival(x2, df) : 1;
}

/** Per-level SMD of shares (Austin 2009, binary variables), the level with the largest |SMD|. */
function worstLevel(control: number[], treated: number[]): { index: number; smd: number } {
  const nC = control.reduce((s, v) => s + v, 0);
  const nT = treated.reduce((s, v) => s + v, 0);
  let best = { index: 0, smd: 0 };
  if (nC === 0 || nT === 0) return best;
  for (let l = 0; l < control.length; l++) {
    const pC = control[l] / nC;
    const pT = treated[l] / nT;
    const d = smd(pT - pC, pT * (1 - pT), pC * (1 - pC));
    if (Math.abs(d) > Math.abs(best.smd)) best = { index: l, smd: d };
  }
  return best;
}

export const round = (v: number, digits: number) => Number(v.toPrecision(digits));

/**
 * One feature's row of the report from its per-arm comparisons (the unweighted and the
 * inverse-propensity-weighted checks both end here). Figures are rounded so that the stored table
 * does not move in the last bit with DuckDB's summation order.
 */
export function featureBalance(
  feature: string,
  kind: FeatureBalance['kind'],
  arms: ArmBalance[],
): FeatureBalance {
  for (const a of arms) {
    a.smd = round(a.smd, 4);
    a.p = round(a.p, 3);
    for (const key of ['control_share', 'arm_share', 'control_mean', 'arm_mean'] as const) {
      const v = a[key];
      if (v !== undefined) a[key] = Number.isFinite(v) ? round(v, 6) : undefined;
    }
  }
  return {
    feature,
    kind,
    max_abs_smd: arms.reduce((m, a) => Math.max(m, Math.abs(a.smd)), 0),
    min_p: arms.reduce((m, a) => Math.min(m, a.p), 1),
    imbalanced: arms.some((a) => a.imbalanced),
    arms,
  };
}

/**
 * Computes the balance table over the rows of `table` (our own temp table: `arm` 0 = control, plus
 * the features' columns). Only our column names enter the SQL text.
 */
const BALANCE_COLUMN_BATCH = 16;

export async function covariateBalance(
  store: Store,
  table: string,
  armLabels: string[],
  features: BalanceInput[],
  options: BalanceOptions = {},
): Promise<BalanceReport> {
  if (options.weight) return weightedCovariateBalance(store, table, armLabels, features, options.weight);
  const k = armLabels.length;
  const report: FeatureBalance[] = [];
  const numeric = features.filter((f) => f.kind === 'numeric');
  const byArm: Record<string, number>[] = new Array(k);
  // In batches of columns: one SELECT over all of a wide file's columns takes DuckDB a long time to plan.
  for (let from = 0; from < numeric.length; from += BALANCE_COLUMN_BATCH) {
    const rows = await store.query<Record<string, number>>(
      `SELECT arm, count(*) AS n, ${numeric
        .slice(from, from + BALANCE_COLUMN_BATCH)
        .map((f, i) => {
          const j = from + i;
          return `count(${f.column}) AS c${j}, avg(${f.column}) AS m${j}, var_samp(${f.column}) AS v${j},
             count(*) FILTER (WHERE ${f.column} = 0) AS z${j}, count(*) FILTER (WHERE ${f.column} NOT IN (0, 1)) AS o${j}`;
        })
        .join(', ')} FROM ${table} GROUP BY arm`,
    );
    for (const r of rows) byArm[Number(r.arm)] = { ...byArm[Number(r.arm)], ...r };
  }
  const sum = (key: string) => byArm.reduce((s, r) => s + (r ? Number(r[key]) : 0), 0);
  const hasMissing = (j: number) => sum('n') > sum(`c${j}`);
  // Mostly zero with other values besides 0/1: the shape of a post-treatment count or amount
  // (spend, visits), whose shift is in the share of non-zero rows more than in a noisy mean.
  const zeroInflated = (j: number) => sum(`z${j}`) > 0 && sum(`z${j}`) < sum(`c${j}`) && sum(`o${j}`) > 0;
  const tests =
    (k - 1) *
    features.reduce((m, f) => {
      if (f.kind !== 'numeric') return m + 1;
      const j = numeric.indexOf(f);
      return m + 1 + (hasMissing(j) ? 1 : 0) + (zeroInflated(j) ? 1 : 0);
    }, 0);
  const pThreshold = BALANCE_FAMILY_ALPHA / Math.max(1, tests);
  const isImbalanced = (c: Comparison) => c.p < pThreshold && Math.abs(c.smd) >= BALANCE_SMD_THRESHOLD;
  for (const f of features) {
    const arms: ArmBalance[] = [];
    if (f.kind === 'numeric') {
      const j = numeric.indexOf(f);
      const stat = (a: number, key: string) => Number(byArm[a]?.[`${key}${j}`] ?? Number.NaN);
      const n = (a: number) => Number(byArm[a]?.n ?? 0);
      const c = byArm[0] ? stat(0, 'c') : 0;
      const z = byArm[0] ? stat(0, 'z') : 0;
      for (let a = 1; a < k; a++) {
        const ca = stat(a, 'c');
        const za = stat(a, 'z');
        const mean = welch(stat(a, 'm'), stat(a, 'v') || 0, ca, stat(0, 'm'), stat(0, 'v') || 0, c);
        const candidates: ArmBalance[] = [
          {
            arm: armLabels[a],
            smd: mean.smd,
            p: mean.p,
            test: 'mean',
            control_mean: stat(0, 'm'),
            arm_mean: stat(a, 'm'),
            imbalanced: isImbalanced(mean),
          },
        ];
        // A share compared as a 2-level table; level 0 is the share's own level, so the SMD is its
        // share in the arm minus in control.
        const shareTest = (
          test: 'missing_share' | 'zero_share',
          inC: number,
          totC: number,
          inA: number,
          totA: number,
        ) => {
          // The share's own SMD (arm minus control). worstLevel over the two levels found the same
          // size with either sign, whichever rounding made larger.
          const pC = totC ? inC / totC : 0;
          const pA = totA ? inA / totA : 0;
          const cmp = {
            smd: totC && totA ? smd(pA - pC, pA * (1 - pA), pC * (1 - pC)) : 0,
            p: chiSquared([inC, totC - inC], [inA, totA - inA]),
          };
          candidates.push({
            arm: armLabels[a],
            ...cmp,
            test,
            control_share: totC ? inC / totC : 0,
            arm_share: totA ? inA / totA : 0,
            imbalanced: isImbalanced(cmp),
          });
        };
        if (hasMissing(j)) shareTest('missing_share', n(0) - c, n(0), n(a) - ca, n(a));
        if (zeroInflated(j)) shareTest('zero_share', z, c, za, ca);
        // Report the comparison that flags (the most significant of those), else the most significant.
        const flagged = candidates.filter((x) => x.imbalanced);
        const pool = flagged.length ? flagged : candidates;
        arms.push(pool.reduce((best, x) => (x.p < best.p ? x : best)));
      }
    } else {
      const { labels, counts } = await levelCounts(store, table, f.column, k);
      for (let a = 1; a < k; a++) {
        const p = chiSquared(counts[0], counts[a]);
        const worst = worstLevel(counts[0], counts[a]);
        const total = (row: number[]) => row.reduce((s, v) => s + v, 0) || 1;
        arms.push({
          arm: armLabels[a],
          smd: worst.smd,
          p,
          test: 'levels',
          level: labels[worst.index],
          control_share: counts[0][worst.index] / total(counts[0]),
          arm_share: counts[a][worst.index] / total(counts[a]),
          imbalanced: isImbalanced({ smd: worst.smd, p }),
        });
      }
    }
    report.push(featureBalance(f.name, f.kind, arms));
  }
  return {
    p_threshold: round(pThreshold, 3),
    tests,
    smd_threshold: BALANCE_SMD_THRESHOLD,
    features: report,
  };
}

/**
 * Row counts per arm and level of one categorical column: the 30 most frequent levels with at least
 * 10 rows each, missing as its own level, everything else pooled as "(other)".
 */
async function levelCounts(
  store: Store,
  table: string,
  column: string,
  arms: number,
): Promise<{ labels: string[]; counts: number[][] }> {
  const rows = await store.query<{ arm: number; level: string | null; rk: number; n: number }>(
    `WITH c AS (SELECT arm, ${column} AS level, count(*) AS n FROM ${table} GROUP BY ALL),
       t AS (SELECT level, sum(n) AS total FROM c GROUP BY level),
       r AS (SELECT level, total, row_number() OVER (ORDER BY total DESC, level NULLS FIRST) AS rk FROM t)
     SELECT c.arm, CASE WHEN r.rk <= $1 AND r.total >= $2 THEN r.level END AS level,
       CASE WHEN r.rk <= $1 AND r.total >= $2 THEN r.rk ELSE 0 END AS rk, sum(c.n) AS n
     FROM c JOIN r ON c.level IS NOT DISTINCT FROM r.level GROUP BY ALL ORDER BY rk`,
    [MAX_LEVELS, MIN_LEVEL_ROWS],
  );
  const slots = new Map<number, number>();
  const labels: string[] = [];
  for (const r of rows) {
    const rk = Number(r.rk);
    if (!slots.has(rk)) {
      slots.set(rk, labels.length);
      labels.push(rk === 0 ? '(other)' : r.level === null ? '(missing)' : r.level);
    }
  }
  const counts = Array.from({ length: arms }, () => new Array<number>(labels.length).fill(0));
  for (const r of rows) counts[Number(r.arm)][slots.get(Number(r.rk)) as number] += Number(r.n);
  return { labels, counts };
}
