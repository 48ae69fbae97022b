import type { Rng } from '../../core/rng.ts';

/**
 * The training rows an imported experiment's model learns from when there are more than a cap: a
 * seeded sample stratified by arm. The budget is shared out by water-filling: arms smaller than
 * an equal share keep every row, and what they leave goes to the larger arms, each sampled
 * uniformly within itself. An 85/15 split of 2.1M training rows under a 1M cap keeps all 315,000
 * control rows and 685,000 of the treated ones; a proportional sample would keep only 150,000
 * controls, and the variance of an uplift estimate is driven by the smaller arm.
 *
 * Sampling arms at different rates changes the arm shares in the sample, and so the assignment
 * probabilities. Within the sample they are exactly p'_a = p_a r_a / Σ_b p_b r_b (Bayes' rule, r_a
 * the arm's sampling rate), which `propensity` returns for every row; the estimators that use the
 * logged probability (the DR scores of the personalisation check, AIPW in the X- and DR-learners)
 * are then unbiased on the sample, as they are on any randomised experiment with known
 * probabilities. No row weights are needed besides that: an imported experiment's probabilities
 * are each arm's share of the file (the same for every row of an arm, src/import/experiment.ts),
 * so the arm is independent of the features, sampling by arm leaves the feature distribution of
 * the sample the file's, and a T-learner's per-arm outcome model E[Y | X, A = a] (Künzel et al.
 * 2019, "Metalearners for estimating heterogeneous treatment effects", PNAS 116(10)) is fitted on
 * a uniform sample of that arm's own rows, whose conditional distribution is the arm's. Inverse
 * sampling-rate weights would only matter for pooled quantities over arms, which none of the
 * learners fits with the arm as a plain feature. Where the probability varies within an arm
 * (imported with --strata or --propensity), every arm is sampled at the same rate instead.
 */
export interface TrainingSample {
  /** The sampled row indexes, ascending. */
  rows: Uint32Array;
  /** Every row's assignment probability within the sample (the logged one where all rates are equal). */
  propensity: Float64Array;
  /** Training rows of each arm before and after sampling. */
  armRows: number[];
  armRowsUsed: number[];
}

/** How many rows of each arm to keep: water-filling, smallest arm first, so small arms keep all. */
export function armQuotas(counts: readonly number[], max: number): number[] {
  const total = counts.reduce((s, c) => s + c, 0);
  if (total <= max) return [...counts];
  const order = counts.map((_, a) => a).sort((a, b) => (counts[a] as number) - (counts[b] as number));
  const quota = new Array<number>(counts.length).fill(0);
  let left = max;
  order.forEach((a, j) => {
    const share = Math.floor(left / (order.length - j));
    quota[a] = Math.min(counts[a] as number, share);
    left -= quota[a] as number;
  });
  return quota;
}

export function sampleTrainingRows(
  arm: Int32Array,
  propensity: Float64Array,
  armCount: number,
  trainRows: Uint32Array,
  max: number | null,
  rng: Rng,
): TrainingSample {
  const byArm: number[][] = Array.from({ length: armCount }, () => []);
  for (const i of trainRows) (byArm[arm[i] as number] as number[]).push(i);
  const counts = byArm.map((r) => r.length);
  if (max === null || trainRows.length <= max)
    return { rows: trainRows, propensity, armRows: counts, armRowsUsed: counts };
  // A probability that varies within an arm (--strata, --propensity) cannot be carried through
  // different sampling rates per arm: p'_a(x) needs every arm's p_b(x), and a row logs only its
  // own. One rate for every arm leaves each row's probability as it was.
  const varies = byArm.some((r) => r.some((i) => propensity[i] !== propensity[r[0] as number]));
  const quota = varies ? counts.map((c) => Math.floor((c * max) / trainRows.length)) : armQuotas(counts, max);
  const kept: number[] = [];
  byArm.forEach((rows, a) => {
    const q = quota[a] as number;
    // Partial Fisher–Yates: the first q places of a seeded shuffle, each arm in turn from one stream.
    for (let j = 0; j < q; j++) {
      const k = j + rng.int(rows.length - j);
      const chosen = rows[k] as number;
      rows[k] = rows[j] as number;
      rows[j] = chosen;
      kept.push(chosen);
    }
  });
  const rows = Uint32Array.from(kept).sort();
  if (varies) return { rows, propensity, armRows: counts, armRowsUsed: quota };
  // The logged probability of each arm (constant within an arm for an imported experiment).
  const logged = byArm.map((r) => (r.length ? (propensity[r[0] as number] as number) : 0));
  const rate = counts.map((c, a) => (c ? (quota[a] as number) / c : 0));
  const norm = logged.reduce((s, p, a) => s + p * (rate[a] as number), 0);
  const adjusted = new Float64Array(propensity.length);
  for (let i = 0; i < propensity.length; i++) {
    const a = arm[i] as number;
    adjusted[i] = ((propensity[i] as number) * (rate[a] as number)) / norm;
  }
  return { rows, propensity: adjusted, armRows: counts, armRowsUsed: quota };
}
