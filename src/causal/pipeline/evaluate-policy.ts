import { aipwScores, armMeans } from '../evaluate/aipw.ts';
import type { BootstrapOptions, Estimate } from '../evaluate/bootstrap.ts';
import { bootstrapMean } from '../evaluate/bootstrap.ts';
import { upliftCalibration } from '../evaluate/calibration.ts';
import {
  bootstrapTogether,
  comparePolicies,
  type PolicyValue,
  policyValue,
  referencePolicies,
} from '../evaluate/policy-value.ts';
import { qiniByArm } from '../evaluate/qini.ts';
import type { UpliftPrediction } from '../learners/types.ts';
import { truePolicyValues } from './simulator-truth.ts';

/** Held-out logged data with the model's predictions for it. */
export interface HoldoutInput {
  arm: Int32Array;
  armNames: string[];
  y: Float64Array;
  propensity: Float64Array;
  available?: Uint8Array[];
  prediction: UpliftPrediction;
  /** The recommended arm per row (0 = control). */
  policy: Int32Array;
  /** The arm that is best for everyone, chosen on training data (not on this holdout). */
  bestSingleArmFromTraining: number;
  /**
   * On simulated data only: the true value of giving row i arm a (a probability, or an incremental
   * profit with control = 0), one array per arm 0..K, from the simulator's causal model.
   */
  truth?: Float64Array[];
  seed: number;
}

export interface QiniSummary {
  arm: string;
  rows: number;
  qini: number;
  qini_normalized: number;
  auuc: number;
  auuc_random: number;
  uplift_top10: number;
  uplift_top30: number;
}

export interface TruthComparison {
  oracle_value: number;
  policy_true_value: number;
  treat_nobody_true_value: number;
  best_single_true_value: number;
  /** The policy's true incremental outcome over the oracle's (both against treat-nobody). */
  oracle_incremental_share: number;
  /** (policy - best single) / (oracle - best single). */
  headroom_captured: number;
  /** Paired bootstrap over rows of the true per-row difference policy - best single arm. */
  policy_minus_best_single: Estimate;
  beats_best_single: boolean;
  /** Whether the DR interval of the policy's value covers its true value. */
  dr_covers_truth: boolean;
  /** Root mean squared error of the estimated uplift against the true uplift, per treatment arm. */
  uplift_rmse: Record<string, number>;
}

export interface PolicyEvaluation {
  holdout_rows: number;
  arms: string[];
  policy_counts: Record<string, number>;
  policy_value_ipw: Estimate;
  policy_value_dr: Estimate;
  treat_nobody_value: Estimate;
  best_single_arm: { arm: string; value: Estimate; chosen_on: 'training' };
  best_single_arm_on_holdout: { arm: string; value: Estimate };
  random_arm_value: Estimate;
  policy_minus_best_single_dr: Estimate;
  qini: QiniSummary[];
  calibration: Record<string, { bin: number; rows: number; predicted: number; observed: number }[]>;
  truth?: TruthComparison;
}

/**
 * Everything `aether evaluate` reports about a policy on held-out randomised data: IPW and DR
 * values with bootstrap intervals against treat-nobody, the best single arm (chosen on training
 * data) and random arms; Qini/AUUC and calibration per arm; and, on simulated data, the same
 * policy scored with the simulator's true probabilities against the oracle.
 */
export function evaluatePolicy(input: HoldoutInput): PolicyEvaluation {
  const { arm, y, propensity, prediction, policy, armNames } = input;
  const n = arm.length;
  const K1 = armNames.length;
  const boot: BootstrapOptions = { seed: input.seed, replicates: 500 };
  const gamma = aipwScores(arm, y, propensity, armMeans(prediction));
  const logged = { arm, y, propensity, gamma, available: input.available };
  const value = policyValue(policy, logged, boot);
  const refs = referencePolicies(logged, K1, boot);
  const bestTrain = input.bestSingleArmFromTraining;
  const bestTrainPolicy = new Int32Array(n).fill(bestTrain);
  const diff = comparePolicies(policy, bestTrainPolicy, logged, boot);
  // The intervals read below, bootstrapped in one pass over the rows (same figures as one by one).
  bootstrapTogether([
    [value, 'ipw'],
    [value, 'dr'],
    [refs.treatNobody, 'dr'],
    [refs.singleArm[bestTrain] as PolicyValue, 'dr'],
    [refs.bestSingleArm.value, 'dr'],
    [refs.randomArm, 'dr'],
    [diff, 'dr'],
  ]);

  const counts: Record<string, number> = {};
  for (let i = 0; i < n; i++) counts[armNames[policy[i]]] = (counts[armNames[policy[i]]] ?? 0) + 1;

  const presentArms = new Set<number>();
  for (let i = 0; i < n; i++) presentArms.add(arm[i]);
  const qini: QiniSummary[] = [];
  const calibration: PolicyEvaluation['calibration'] = {};
  const perArm = qiniByArm(prediction.uplift, arm, y, { propensity });
  for (let k = 1; k < K1; k++) {
    if (!presentArms.has(k) || !presentArms.has(0)) continue;
    const q = perArm[k - 1];
    qini.push({
      arm: armNames[k],
      rows: q.rows,
      qini: q.qini,
      qini_normalized: q.qiniNormalized,
      auuc: q.auuc,
      auuc_random: q.auucRandom,
      uplift_top10: q.upliftAtTop.p10,
      uplift_top30: q.upliftAtTop.p30,
    });
    const rows: number[] = [];
    for (let i = 0; i < n; i++) if (arm[i] === 0 || arm[i] === k) rows.push(i);
    calibration[armNames[k]] = upliftCalibration(
      Float64Array.from(rows, (i) => prediction.uplift[k - 1][i]),
      Uint8Array.from(rows, (i) => (arm[i] === k ? 1 : 0)),
      Float64Array.from(rows, (i) => y[i]),
      { weight: Float64Array.from(rows, (i) => 1 / Math.max(propensity[i], 0.01)) },
    ).map((b) => ({ bin: b.bin, rows: b.rows, predicted: b.predicted, observed: b.observed }));
  }

  const result: PolicyEvaluation = {
    holdout_rows: n,
    arms: [...presentArms].sort((a, b) => a - b).map((a) => armNames[a]),
    policy_counts: counts,
    policy_value_ipw: value.ipw,
    policy_value_dr: value.dr as Estimate,
    treat_nobody_value: refs.treatNobody.dr as Estimate,
    best_single_arm: {
      arm: armNames[bestTrain],
      value: refs.singleArm[bestTrain].dr as Estimate,
      chosen_on: 'training',
    },
    best_single_arm_on_holdout: {
      arm: armNames[refs.bestSingleArm.arm],
      value: refs.bestSingleArm.value.dr as Estimate,
    },
    random_arm_value: refs.randomArm.dr as Estimate,
    policy_minus_best_single_dr: diff.dr as Estimate,
    qini,
    calibration,
  };
  if (input.truth) result.truth = compareWithTruth(input, result.policy_value_dr, boot);
  return result;
}

function compareWithTruth(
  input: HoldoutInput,
  drEstimate: Estimate,
  boot: BootstrapOptions,
): TruthComparison {
  const truth = input.truth as Float64Array[];
  const { policy, prediction, armNames } = input;
  const n = policy.length;
  const K1 = truth.length;
  const bestArm = input.bestSingleArmFromTraining;
  const values = truePolicyValues(truth, policy, bestArm);
  const perRowDiff = new Float64Array(n);
  for (let i = 0; i < n; i++) perRowDiff[i] = truth[policy[i]][i] - truth[bestArm][i];
  const diff = bootstrapMean(perRowDiff, boot);
  const rmse: Record<string, number> = {};
  for (let k = 1; k < K1; k++) {
    let s = 0;
    for (let i = 0; i < n; i++) {
      const trueUplift = truth[k][i] - truth[0][i];
      const e = prediction.uplift[k - 1][i] - trueUplift;
      s += e * e;
    }
    rmse[armNames[k]] = Math.sqrt(s / n);
  }
  return {
    oracle_value: values.oracle,
    policy_true_value: values.policy,
    treat_nobody_true_value: values.treatNobody,
    best_single_true_value: values.bestSingle,
    oracle_incremental_share: values.oracleIncrementalShare,
    headroom_captured: values.headroomCaptured,
    policy_minus_best_single: diff,
    beats_best_single: diff.ci_low > 0,
    dr_covers_truth: drEstimate.ci_low <= values.policy && values.policy <= drEstimate.ci_high,
    uplift_rmse: rmse,
  };
}
