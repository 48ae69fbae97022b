import { aipwScores, armMeans } from '../evaluate/aipw.ts';
import { policyValue } from '../evaluate/policy-value.ts';
import { qiniByArm } from '../evaluate/qini.ts';
import { type FitUpliftOptions, LARGE_DATA_ROWS, withDataDefaults } from '../fit-uplift.ts';
import type { UpliftDataset, UpliftPrediction } from '../learners/types.ts';
import { recommend } from '../policy/recommend.ts';
import { takeRows } from '../trees/binning.ts';
import { campaignHistoryLearnerOptions } from './campaign-history-options.ts';
import { armAvailability } from './training-data-summary.ts';
import { DEFAULT_LEARNER, fitLearner, LEARNER_KINDS, type LearnerKind } from './uplift-artifact.ts';

export interface LearnerScore {
  learner: LearnerKind;
  /** The learner `aether train` fits when none is named (DEFAULT_LEARNER). */
  is_default: boolean;
  /**
   * The settings it was fitted with, resolved for the rows it learned from (sweepLearnerOptions):
   * what `aether train --learner <learner>` fits on campaign history of that size.
   */
  options: Partial<FitUpliftOptions>;
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
  /** Rows of the earlier campaigns every candidate learned from. */
  training_rows: number;
  candidates: LearnerScore[];
  /** Wall-clock seconds of the whole sweep: every candidate's fit, prediction and evaluation. */
  seconds: number;
}

type CampaignData = UpliftDataset & { campaign: Int32Array };

/** The sweep's two sides: the earlier campaigns' rows to fit on, the latest campaigns' to judge on. */
export interface HeldOutSplit {
  train: CampaignData;
  test: CampaignData;
  held_out_campaigns: number[];
  /** Treated arms (index > 0) no held-out campaign offered: never recommended there, no Qini. */
  untested: number[];
}

/**
 * The latest campaigns (by start; at least one, about a fifth of the rows) held out, the earlier
 * ones to fit on. A customer's `group` (when given) follows its rows.
 */
export function heldOutSplit(data: CampaignData, campaignOrder: readonly number[]): HeldOutSplit {
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
  const sub = (rows: number[]): CampaignData => ({
    X: takeRows(data.X, rows),
    arm: Int32Array.from(rows, (i) => data.arm[i]),
    armNames: data.armNames,
    y: Float64Array.from(rows, (i) => data.y[i]),
    propensity: Float64Array.from(rows, (i) => data.propensity[i]),
    campaign: Int32Array.from(rows, (i) => data.campaign[i]),
    ...(data.group ? { group: Int32Array.from(rows, (i) => data.group?.[i] as number) } : {}),
  });
  const test = sub(testRows);
  const available = armAvailability(test.arm, test.campaign, data.armNames.length);
  const untested = available.map((a, k) => (k > 0 && !a.some((v) => v === 1) ? k : -1)).filter((k) => k > 0);
  return { train: sub(trainRows), test, held_out_campaigns: [...held], untested };
}

/**
 * A candidate's settings in the sweep: the ones `aether train` gives the learner on campaign
 * history (campaignHistoryLearnerOptions over fit-uplift's LEARNER_DEFAULTS, `given` over both),
 * resolved for the data size (withDataDefaults) on the rows it is fitted on (`fitted`, the
 * earlier campaigns), so that the default candidate is the default learner exactly as `aether
 * train` fits it on that many rows: below LARGE_DATA_ROWS the flat experiments' settings (control
 * base, 5-fold arm models, leaves down to 100 rows), from that size up the capped shared-base
 * T-learner.
 *
 * Which side of LARGE_DATA_ROWS applies is decided by the whole training set (`whole`), as for the
 * model `aether train` fits after the sweep: a history of 110,000 rows whose earlier campaigns hold
 * 88,000 gets the large-data settings (30-round cap, 1,000-row leaves), not a mix of both.
 */
export function sweepLearnerOptions(
  learner: LearnerKind,
  fitted: UpliftDataset,
  whole: UpliftDataset,
  given: Partial<FitUpliftOptions> = {},
): Partial<FitUpliftOptions> {
  const options = { ...campaignHistoryLearnerOptions(learner, whole.arm.length, given), learner };
  const straddles = whole.arm.length >= LARGE_DATA_ROWS && fitted.arm.length < LARGE_DATA_ROWS;
  return withDataDefaults(straddles ? whole : fitted, options as FitUpliftOptions);
}

/** A candidate's held-out policy value (DR, with its interval) and mean normalised Qini. */
export function scoreOnHeldOut(
  pred: UpliftPrediction,
  split: HeldOutSplit,
  seed: number,
): Pick<LearnerScore, 'policy_value_dr' | 'policy_value_ci' | 'mean_qini'> {
  const { test, untested } = split;
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
  return {
    policy_value_dr: dr.value,
    policy_value_ci: [dr.ci_low, dr.ci_high],
    mean_qini: qinis.length ? qinis.reduce((a, b) => a + b, 0) / qinis.length : Number.NaN,
  };
}

/**
 * Model selection on held-out campaigns, not on a random split of rows: the latest campaigns
 * (heldOutSplit) are held out, every learner is fitted on the earlier ones with the settings
 * `aether train` would give it (sweepLearnerOptions), and the learner whose recommended policy has
 * the highest doubly robust value on the held-out campaigns wins (mean Qini breaks near-ties and
 * is reported).
 */
export async function selectLearner(
  data: CampaignData,
  campaignOrder: readonly number[],
  seed: number,
  candidates: readonly LearnerKind[] = LEARNER_KINDS,
  given: Partial<FitUpliftOptions> = {},
): Promise<Selection> {
  const started = Date.now();
  const split = heldOutSplit(data, campaignOrder);
  const scores: LearnerScore[] = [];
  for (const learner of candidates) {
    const options = sweepLearnerOptions(learner, split.train, data, given);
    const t0 = Date.now();
    const model = await fitLearner(learner, split.train, seed, options);
    const fitSeconds = (Date.now() - t0) / 1000;
    scores.push({
      learner,
      is_default: learner === DEFAULT_LEARNER,
      options,
      ...scoreOnHeldOut(model.predict(split.test.X), split, seed),
      fit_seconds: fitSeconds,
    });
  }
  const best = [...scores].sort(
    (a, b) => b.policy_value_dr - a.policy_value_dr || (b.mean_qini || 0) - (a.mean_qini || 0),
  )[0];
  return {
    chosen: best.learner,
    held_out_campaigns: split.held_out_campaigns,
    held_out_rows: split.test.arm.length,
    training_rows: split.train.arm.length,
    candidates: scores,
    seconds: (Date.now() - started) / 1000,
  };
}
