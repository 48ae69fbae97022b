import type { Store } from '../store/store.ts';
import {
  type ArmBalance,
  BALANCE_FAMILY_ALPHA,
  BALANCE_SMD_THRESHOLD,
  type BalanceInput,
  type BalanceReport,
  type FeatureBalance,
  featureBalance,
  MAX_LEVELS,
  MIN_LEVEL_ROWS,
  round,
  smd,
} from './balance.ts';
import { chiSquaredSurvival, studentTwoSidedP } from './balance-stats.ts';

/**
 * The covariate balance check of balance.ts for a test whose rows had different assignment
 * probabilities (`--propensity`): every row weighted by 1 / p, p its logged probability of the arm
 * it received.
 *
 * Why weighted: where the probability of an arm depends on a column (treatment to 90% of DE and
 * 30% of US), that column differs between the arms' raw samples by design, and the unweighted check
 * flags it although the test was properly randomised. Weighted by 1 / p, each arm's rows estimate
 * the distribution of the whole file (E[1{A = a} x / p_a(x)] = E[x]), so a pre-treatment column has
 * the same weighted mean in every arm up to chance, whatever the probabilities depended on; a
 * post-treatment column (an outcome left in the file) still differs by the treatment's effect on it.
 * This is the balance check after inverse probability weighting of Austin & Stuart (2015, "Moving
 * towards best practice when using inverse probability of treatment weighting (IPTW) using the
 * propensity score", Stat Med 34:3661–3679), with the logged probabilities instead of estimated ones.
 *
 * The statistics, per treated arm against control:
 * - means are Hájek's (Hájek 1971): m_a = Σ w x / Σ w over the arm's rows with a value;
 * - SMD: (m_t − m_c) / √((s²_t + s²_c) / 2) with the weighted variances s² = Σ w (x − m)² / Σ w
 *   (Austin & Stuart 2015); for a share or a level, the same with s² = m (1 − m);
 * - test of a mean or share: t = (m_t − m_c) / √(V_t + V_c), V_a = Σ w² (x − m_a)² / (Σ w)² the
 *   linearised (sandwich) variance of the Hájek mean (Särndal, Swensson & Wretman 1992, §5.7), the
 *   arms independent; the reference is Student's t with Welch–Satterthwaite degrees of freedom in
 *   which each arm counts Kish's effective size n_eff = (Σ w)² / Σ w² (Kish 1965). With equal
 *   weights this is Welch's test of balance.ts (up to n/(n − 1) in the variances);
 * - categorical columns: a Wald test that the vectors of weighted level shares are equal,
 *   X² = d' (V_t + V_c)⁻¹ d over all levels but one, d the difference of shares and V_a their
 *   linearised covariance, against χ² with (levels − 1) degrees of freedom. Pearson's χ² on weighted
 *   counts would be wrong: weighted counts are not multinomial and its scale follows the weights'
 *   (Rao & Scott 1984, Ann Stat 12:46–60, who also give this Wald form). Levels as in balance.ts:
 *   the 30 most frequent with ≥ 10 rows, the rest pooled as "(other)", missing a level of its own.
 * The rule, the Bonferroni count and the comparisons made (missing share, zero share) are those of
 * balance.ts, so the two checks differ only in the weights.
 */

interface ArmSums {
  /** Rows, rows with a value, and Σ w, Σ w² over all rows and over rows with a value. */
  n: number;
  c: number;
  w: number;
  w2: number;
  wc: number;
  w2c: number;
  /** Σ w x, Σ w x², Σ w² x, Σ w² x² over rows with a value (x centred on the column's mean). */
  sx: number;
  sxx: number;
  s2x: number;
  s2xx: number;
  /** Rows, Σ w and Σ w² of the rows whose value is 0; rows whose value is neither 0 nor 1. */
  z: number;
  wz: number;
  w2z: number;
  other: number;
}

interface Moments {
  mean: number;
  /** Weighted variance of the values (for the SMD). */
  variance: number;
  /** Linearised variance of the Hájek mean. */
  meanVariance: number;
  /** Kish's effective sample size. */
  nEff: number;
}

/** Hájek mean, weighted variance and the mean's linearised variance from weighted sums. */
function moments(w: number, w2: number, sx: number, sxx: number, s2x: number, s2xx: number): Moments {
  if (!(w > 0)) return { mean: Number.NaN, variance: 0, meanVariance: 0, nEff: 0 };
  const m = sx / w;
  const variance = Math.max(0, sxx / w - m * m);
  // Σ w² (x − m)² = Σ w² x² − 2 m Σ w² x + m² Σ w²
  const spread = Math.max(0, s2xx - 2 * m * s2x + m * m * w2);
  return { mean: m, variance, meanVariance: spread / (w * w), nEff: (w * w) / w2 };
}

/** Moments of a 0/1 indicator whose ones have weight sums s1 (Σ w) and s21 (Σ w²). */
const shareMoments = (w: number, w2: number, s1: number, s21: number): Moments =>
  moments(w, w2, s1, s1, s21, s21);

interface Comparison {
  smd: number;
  p: number;
}

/** The weighted two-sample test of means (see the file comment). */
function weightedT(t: Moments, c: Moments, varT: number, varC: number): Comparison {
  if (t.nEff < 2 || c.nEff < 2 || !Number.isFinite(t.mean) || !Number.isFinite(c.mean))
    return { smd: 0, p: 1 };
  const diff = t.mean - c.mean;
  const d = smd(diff, varT, varC);
  const v = t.meanVariance + c.meanVariance;
  if (!(v > 0)) return { smd: d, p: diff === 0 ? 1 : 0 };
  const df = v ** 2 / (t.meanVariance ** 2 / (t.nEff - 1) + c.meanVariance ** 2 / (c.nEff - 1));
  return { smd: d, p: studentTwoSidedP(diff / Math.sqrt(v), df) };
}

/** Solves A x = b in place (Gaussian elimination, partial pivoting); null when A is singular. */
function solve(a: number[][], b: number[]): number[] | null {
  const n = b.length;
  for (let col = 0; col < n; col++) {
    let piv = col;
    for (let r = col + 1; r < n; r++)
      if (Math.abs((a[r] as number[])[col] as number) > Math.abs((a[piv] as number[])[col] as number))
        piv = r;
    const scale = Math.max(...a.map((row) => Math.abs(row[col] as number)));
    if (!(Math.abs((a[piv] as number[])[col] as number) > 1e-12 * scale)) return null;
    [a[col], a[piv]] = [a[piv] as number[], a[col] as number[]];
    [b[col], b[piv]] = [b[piv] as number, b[col] as number];
    const rowC = a[col] as number[];
    for (let r = col + 1; r < n; r++) {
      const row = a[r] as number[];
      const f = (row[col] as number) / (rowC[col] as number);
      if (f === 0) continue;
      for (let k = col; k < n; k++) row[k] = (row[k] as number) - f * (rowC[k] as number);
      b[r] = (b[r] as number) - f * (b[col] as number);
    }
  }
  const x = new Array<number>(n).fill(0);
  for (let r = n - 1; r >= 0; r--) {
    let s = b[r] as number;
    const row = a[r] as number[];
    for (let k = r + 1; k < n; k++) s -= (row[k] as number) * (x[k] as number);
    x[r] = s / (row[r] as number);
  }
  return x;
}

/** Per level of one arm: Σ w and Σ w² of its rows. */
interface LevelSums {
  w: number[];
  w2: number[];
}

const sumOf = (v: number[]) => v.reduce((a, x) => a + x, 0);

/**
 * The Wald test that two arms' weighted level shares are equal (Rao & Scott 1984). Levels that hold
 * no weight in either arm are left out; so is the last remaining one (the shares sum to 1).
 */
function waldLevels(t: LevelSums, c: LevelSums): number {
  const wt = sumOf(t.w);
  const wc = sumOf(c.w);
  if (!(wt > 0 && wc > 0)) return 1;
  const used = t.w.map((_, l) => l).filter((l) => (t.w[l] as number) + (c.w[l] as number) > 0);
  const levels = used.slice(0, -1);
  if (!levels.length) return 1;
  const cov = (s: LevelSums, total: number, total2: number, l: number, m: number) => {
    const ml = (s.w[l] as number) / total;
    const mm = (s.w[m] as number) / total;
    // Σ w² (I_l − m_l)(I_m − m_m) = δ_lm S2_l − m_m S2_l − m_l S2_m + m_l m_m Σ w²
    const v =
      (l === m ? (s.w2[l] as number) : 0) -
      mm * (s.w2[l] as number) -
      ml * (s.w2[m] as number) +
      ml * mm * total2;
    return v / (total * total);
  };
  const wt2 = sumOf(t.w2);
  const wc2 = sumOf(c.w2);
  const d = levels.map((l) => (t.w[l] as number) / wt - (c.w[l] as number) / wc);
  const V = levels.map((l) => levels.map((m) => cov(t, wt, wt2, l, m) + cov(c, wc, wc2, l, m)));
  const x = solve(
    V.map((r) => r.slice()),
    d.slice(),
  );
  if (!x) {
    // A degenerate covariance (a level present in one arm only, every row of it of one weight):
    // any difference there is certain.
    return d.some((v) => Math.abs(v) > 1e-12) ? 0 : 1;
  }
  const stat = d.reduce((s, v, i) => s + v * (x[i] as number), 0);
  return chiSquaredSurvival(Math.max(0, stat), levels.length);
}

const BATCH = 16;

export async function weightedCovariateBalance(
  store: Store,
  table: string,
  armLabels: string[],
  features: BalanceInput[],
  weight: string,
): Promise<BalanceReport> {
  const k = armLabels.length;
  const numeric = features.filter((f) => f.kind === 'numeric');
  const sums: ArmSums[][] = numeric.map(() => []);
  for (let from = 0; from < numeric.length; from += BATCH) {
    const batch = numeric.slice(from, from + BATCH);
    // Centred on the column's mean, so that Σ w x² − m² Σ w does not lose digits (dates as days).
    const rows = await store.query<Record<string, number>>(
      `WITH c AS (SELECT ${batch.map((f, i) => `coalesce(avg(${f.column}), 0) AS c${i}`).join(', ')} FROM ${table}),
       d AS (SELECT arm, (${weight})::DOUBLE AS w, ${batch
         .map((f, i) => `${f.column} AS o${i}, ${f.column} - c${i} AS x${i}`)
         .join(', ')} FROM ${table}, c)
       SELECT arm, count(*) AS n, sum(w) AS w, sum(w * w) AS w2, ${batch
         .map(
           (_, i) =>
             `count(x${i}) AS c${i}, coalesce(sum(w) FILTER (WHERE x${i} IS NOT NULL), 0) AS wc${i},
              coalesce(sum(w * w) FILTER (WHERE x${i} IS NOT NULL), 0) AS w2c${i},
              coalesce(sum(w * x${i}), 0) AS sx${i}, coalesce(sum(w * x${i} * x${i}), 0) AS sxx${i},
              coalesce(sum(w * w * x${i}), 0) AS s2x${i}, coalesce(sum(w * w * x${i} * x${i}), 0) AS s2xx${i},
              count(*) FILTER (WHERE o${i} = 0) AS z${i}, coalesce(sum(w) FILTER (WHERE o${i} = 0), 0) AS wz${i},
              coalesce(sum(w * w) FILTER (WHERE o${i} = 0), 0) AS w2z${i},
              count(*) FILTER (WHERE o${i} NOT IN (0, 1)) AS ot${i}`,
         )
         .join(', ')} FROM d GROUP BY arm`,
    );
    for (const r of rows)
      batch.forEach((_, i) => {
        const num = (key: string) => Number(r[key] ?? 0);
        (sums[from + i] as ArmSums[])[Number(r.arm)] = {
          n: num('n'),
          c: num(`c${i}`),
          w: num('w'),
          w2: num('w2'),
          wc: num(`wc${i}`),
          w2c: num(`w2c${i}`),
          sx: num(`sx${i}`),
          sxx: num(`sxx${i}`),
          s2x: num(`s2x${i}`),
          s2xx: num(`s2xx${i}`),
          z: num(`z${i}`),
          wz: num(`wz${i}`),
          w2z: num(`w2z${i}`),
          other: num(`ot${i}`),
        };
      });
  }
  const empty: ArmSums = {
    n: 0,
    c: 0,
    w: 0,
    w2: 0,
    wc: 0,
    w2c: 0,
    sx: 0,
    sxx: 0,
    s2x: 0,
    s2xx: 0,
    z: 0,
    wz: 0,
    w2z: 0,
    other: 0,
  };
  const at = (j: number, a: number) => (sums[j] as ArmSums[])[a] ?? empty;
  const total = (j: number, key: keyof ArmSums) =>
    Array.from({ length: k }, (_, a) => at(j, a)[key]).reduce((s, v) => s + v, 0);
  // Which comparisons are made: as in balance.ts (by row counts, not weights).
  const hasMissing = (j: number) => total(j, 'n') > total(j, 'c');
  const zeroInflated = (j: number) =>
    total(j, 'z') > 0 && total(j, 'z') < total(j, 'c') && total(j, 'other') > 0;
  const tests =
    (k - 1) *
    features.reduce((m, f) => {
      if (f.kind !== 'numeric') return m + 1;
      const j = numeric.indexOf(f);
      return m + 1 + (hasMissing(j) ? 1 : 0) + (zeroInflated(j) ? 1 : 0);
    }, 0);
  const pThreshold = BALANCE_FAMILY_ALPHA / Math.max(1, tests);
  const isImbalanced = (c: Comparison) => c.p < pThreshold && Math.abs(c.smd) >= BALANCE_SMD_THRESHOLD;
  const shareCompare = (t: Moments, c: Moments): Comparison =>
    weightedT(t, c, t.mean * (1 - t.mean), c.mean * (1 - c.mean));
  const report: FeatureBalance[] = [];
  for (const f of features) {
    const arms: ArmBalance[] = [];
    if (f.kind === 'numeric') {
      const j = numeric.indexOf(f);
      // A mean of an arm with no value is NaN (reported as absent).
      const shift = (s: ArmSums, m: number) => (s.c > 0 ? m : Number.NaN);
      const momentsOf = (s: ArmSums) => moments(s.wc, s.w2c, s.sx, s.sxx, s.s2x, s.s2xx);
      const c0 = at(j, 0);
      const mc = momentsOf(c0);
      for (let a = 1; a < k; a++) {
        const sa = at(j, a);
        const ma = momentsOf(sa);
        const mean = weightedT(ma, mc, ma.variance, mc.variance);
        const candidates: ArmBalance[] = [
          {
            arm: armLabels[a] as string,
            smd: mean.smd,
            p: mean.p,
            test: 'mean',
            // Centred in SQL: the column's mean is added back below.
            control_mean: shift(c0, mc.mean),
            arm_mean: shift(sa, ma.mean),
            imbalanced: isImbalanced(mean),
          },
        ];
        const shareTest = (test: 'missing_share' | 'zero_share', t: Moments, c: Moments) => {
          const cmp = shareCompare(t, c);
          candidates.push({
            arm: armLabels[a] as string,
            ...cmp,
            test,
            control_share: Number.isFinite(c.mean) ? c.mean : 0,
            arm_share: Number.isFinite(t.mean) ? t.mean : 0,
            imbalanced: isImbalanced(cmp),
          });
        };
        if (hasMissing(j))
          shareTest(
            'missing_share',
            shareMoments(sa.w, sa.w2, sa.w - sa.wc, sa.w2 - sa.w2c),
            shareMoments(c0.w, c0.w2, c0.w - c0.wc, c0.w2 - c0.w2c),
          );
        if (zeroInflated(j))
          shareTest(
            'zero_share',
            shareMoments(sa.wc, sa.w2c, sa.wz, sa.w2z),
            shareMoments(c0.wc, c0.w2c, c0.wz, c0.w2z),
          );
        const flagged = candidates.filter((x) => x.imbalanced);
        const pool = flagged.length ? flagged : candidates;
        arms.push(pool.reduce((best, x) => (x.p < best.p ? x : best)));
      }
      const mean = await columnMean(store, table, f.column);
      for (const x of arms) {
        if (x.control_mean !== undefined) x.control_mean += mean;
        if (x.arm_mean !== undefined) x.arm_mean += mean;
      }
    } else {
      const { labels, sums: levels } = await weightedLevelSums(store, table, f.column, k, weight);
      const c = levels[0] as LevelSums;
      const wc = c.w.reduce((s, v) => s + v, 0);
      const w2c = c.w2.reduce((s, v) => s + v, 0);
      for (let a = 1; a < k; a++) {
        const t = levels[a] as LevelSums;
        const wt = t.w.reduce((s, v) => s + v, 0);
        const w2t = t.w2.reduce((s, v) => s + v, 0);
        const p = waldLevels(t, c);
        let worst = { index: 0, smd: 0, control: 0, arm: 0 };
        for (let l = 0; l < labels.length; l++) {
          const mt = shareMoments(wt, w2t, t.w[l] as number, t.w2[l] as number);
          const mc = shareMoments(wc, w2c, c.w[l] as number, c.w2[l] as number);
          if (!Number.isFinite(mt.mean) || !Number.isFinite(mc.mean)) continue;
          const d = smd(mt.mean - mc.mean, mt.mean * (1 - mt.mean), mc.mean * (1 - mc.mean));
          if (Math.abs(d) > Math.abs(worst.smd)) worst = { index: l, smd: d, control: mc.mean, arm: mt.mean };
        }
        arms.push({
          arm: armLabels[a] as string,
          smd: worst.smd,
          p,
          test: 'levels',
          level: labels[worst.index],
          control_share: worst.control,
          arm_share: worst.arm,
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
    weighting: 'inverse_propensity',
    features: report,
  };
}

async function columnMean(store: Store, table: string, column: string): Promise<number> {
  const [r] = await store.query<{ m: number | null }>(`SELECT avg(${column}) AS m FROM ${table}`);
  return Number(r?.m ?? 0);
}

/**
 * Σ w and Σ w² per arm and level of one categorical column: the 30 most frequent levels (by rows)
 * with at least 10 rows each, missing as its own level, everything else pooled as "(other)".
 */
async function weightedLevelSums(
  store: Store,
  table: string,
  column: string,
  arms: number,
  weight: string,
): Promise<{ labels: string[]; sums: LevelSums[] }> {
  const rows = await store.query<{ arm: number; level: string | null; rk: number; w: number; w2: number }>(
    `WITH c AS (SELECT arm, ${column} AS level, count(*) AS n, sum((${weight})::DOUBLE) AS w,
         sum(((${weight})::DOUBLE) ^ 2) AS w2 FROM ${table} GROUP BY ALL),
       t AS (SELECT level, sum(n) AS total FROM c GROUP BY level),
       r AS (SELECT level, total, row_number() OVER (ORDER BY total DESC, level NULLS FIRST) AS rk FROM t)
     SELECT c.arm, CASE WHEN r.rk <= $1 AND r.total >= $2 THEN r.level END AS level,
       CASE WHEN r.rk <= $1 AND r.total >= $2 THEN r.rk ELSE 0 END AS rk, sum(c.w) AS w, sum(c.w2) AS w2
     FROM c JOIN r ON c.level IS NOT DISTINCT FROM r.level GROUP BY ALL ORDER BY rk, c.arm`,
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
  const sums = Array.from({ length: arms }, () => ({
    w: new Array<number>(labels.length).fill(0),
    w2: new Array<number>(labels.length).fill(0),
  }));
  for (const r of rows) {
    const s = sums[Number(r.arm)] as LevelSums;
    const l = slots.get(Number(r.rk)) as number;
    s.w[l] = (s.w[l] as number) + Number(r.w);
    s.w2[l] = (s.w2[l] as number) + Number(r.w2);
  }
  return { labels, sums };
}
