import { aipwScores, armMeans } from '../evaluate/aipw.ts';
import { policyValue } from '../evaluate/policy-value.ts';
import { qiniByArm } from '../evaluate/qini.ts';
import type { UpliftDataset } from '../learners/types.ts';
import { recommend } from '../policy/recommend.ts';
import { takeRows } from '../trees/binning.ts';
import { armAvailability } from './training-data-summary.ts';
import { fitLearner, LEARNER_KINDS, type LearnerKind } from './uplift-artifact.ts';

export interface LearnerScore {
  learner: LearnerKind;
  /** DR value of the learner's recommended policy on the held-out campaigns. */
  policy_value_dr: number;
  policy_value_ci: [number, number];
  /** Mean normalised Qini over the triggers tested in the held-out campaigns. */
  mean_qini: number;
  fit_seconds: number;
}

export interface Selection {
  chosen: LearnerKind;
  /** Indices (into the data's campaigns) of the held-out campaigns. */
  held_out_campaigns: number[];
  held_out_rows: number;
  candidates: LearnerScore[];
}

/**
 * Model selection on held-out campaigns, not on a random split of rows: the latest campaigns
 * (by start; at least one, about a fifth of the rows) are held out, every learner is fitted on the
 * earlier ones, and the learner whose recommended policy has the highest doubly robust value on
 * the held-out campaigns wins (mean Qini breaks near-ties and is reported).
 */
export async function selectLearner(
  data: UpliftDataset & { campaign: Int32Array },
  campaignOrder: readonly number[],
  seed: number,
  candidates: readonly LearnerKind[] = LEARNER_KINDS,
): Promise<Selection> {
  const n = data.arm.length;
  const rowsPerCampaign = new Map<number, number>();
  for (let i = 0; i < n; i++)
    rowsPerCampaign.set(data.campaign[i], (rowsPerCampaign.get(data.campaign[i]) ?? 0) + 1);
  const held = new Set<number>();
  let heldRows = 0;
  for (let j = campaignOrder.length - 1; j >= 0 && (held.size === 0 || heldRows < n * 0.2); j--) {
    held.add(campaignOrder[j]);
    heldRows += rowsPerCampaign.get(campaignOrder[j]) ?? 0;
  }
  const trainRows: number[] = [];
  const testRows: number[] = [];
  for (let i = 0; i < n; i++) (held.has(data.campaign[i]) ? testRows : trainRows).push(i);
  const sub = (rows: number[]): UpliftDataset & { campaign: Int32Array } => ({
    X: takeRows(data.X, rows),
    arm: Int32Array.from(rows, (i) => data.arm[i]),
    armNames: data.armNames,
    y: Float64Array.from(rows, (i) => data.y[i]),
    propensity: Float64Array.from(rows, (i) => data.propensity[i]),
    campaign: Int32Array.from(rows, (i) => data.campaign[i]),
  });
  const train = sub(trainRows);
  const test = sub(testRows);
  const available = armAvailability(test.arm, test.campaign, data.armNames.length);
  const untested = available.map((a, k) => (k > 0 && !a.some((v) => v === 1) ? k : -1)).filter((k) => k > 0);
  const scores: LearnerScore[] = [];
  for (const learner of candidates) {
    const t0 = Date.now();
    const model = await fitLearner(learner, train, seed);
    const fitSeconds = (Date.now() - t0) / 1000;
    const pred = model.predict(test.X);
    const policy = recommend(pred, { excludeArms: untested }).arm;
    const gamma = aipwScores(test.arm, test.y, test.propensity, armMeans(pred));
    const value = policyValue(
      policy,
      { arm: test.arm, y: test.y, propensity: test.propensity, gamma },
      { seed, replicates: 200 },
    );
    const qinis = qiniByArm(pred.uplift, test.arm, test.y, { propensity: test.propensity })
      .filter((_, k) => !untested.includes(k + 1) && test.arm.some((a) => a === k + 1))
      .map((q) => q.qiniNormalized)
      .filter((q) => Number.isFinite(q));
    const dr = value.dr ?? value.ipw;
    scores.push({
      learner,
      policy_value_dr: dr.value,
      policy_value_ci: [dr.ci_low, dr.ci_high],
      mean_qini: qinis.length ? qinis.reduce((a, b) => a + b, 0) / qinis.length : Number.NaN,
      fit_seconds: fitSeconds,
    });
  }
  const best = [...scores].sort(
    (a, b) => b.policy_value_dr - a.policy_value_dr || (b.mean_qini || 0) - (a.mean_qini || 0),
  )[0];
  return {
    chosen: best.learner,
    held_out_campaigns: [...held],
    held_out_rows: testRows.length,
    candidates: scores,
  };
}
