import type { Channel, CostConfig } from '../../contracts/trigger-costs.ts';
import type { TriggerId } from '../../contracts/triggers.ts';
import { Rng } from '../../core/rng.ts';
import { aipwScores, armMeans } from '../evaluate/aipw.ts';
import type { FitUpliftOptions } from '../fit-uplift.ts';
import type { UpliftDataset, UpliftPrediction } from '../learners/types.ts';
import { recommend } from '../policy/recommend.ts';
import { takeRows } from '../trees/binning.ts';
import { incrementalProfit, valueTerms } from './economics.ts';
import {
  crossFitHalves,
  gainDifferences,
  type PersonalisationGain,
  type PolicyMode,
  policyModeOf,
  summariseGain,
} from './personalisation-guard.ts';
import { argmax, armAvailability, pooledArmLift } from './training-data-summary.ts';
import { fitLearner, type LearnerKind } from './uplift-artifact.ts';

/**
 * The best-single-arm guard on campaign history (the simulated or imported shop): whether giving
 * each customer the model's own best trigger beats giving everyone the best single trigger, judged
 * on the training exposures by two-fold cross-fitting, as flat experiments judge it
 * (experiment-model.ts, personalisation-guard.ts). Where it does not beat it by PERSONALISE_Z
 * standard errors, the best single arm is recommended to everyone, for the objective concerned.
 */

/**
 * The guard decides only where the campaigns that offered the best single trigger hold at least this
 * share of the training exposures. Campaign history is targeted (a cart reminder to cart
 * abandoners), and the comparison can only run where the best single trigger was offered: below
 * this share it judges the trigger on its own audience, not on everyone the policy is served to.
 * On the simulated shop at 5,000 and 15,000 customers that share was 3-57% and the check fell back
 * to the best single trigger in 12 of 12 runs where the per-customer policy truly beat it in 11
 * (docs/benchmarks.md, "Best-single-arm guard on campaign history"); there it now reports only.
 */
export const MIN_COMPARED_SHARE = 2 / 3;

/** The guard's decision for one objective, as the model version's metrics record it. */
export interface GuardDecision {
  /** Whether the cross-fitted check ran (it runs below LARGE_DATA_ROWS training rows only). */
  checked: boolean;
  policy: PolicyMode;
  /** The arm everyone gets in `best_single_arm` mode: the best single arm on all training rows. */
  best_single_arm: string;
  /** The cross-fitted DR gain of the model's policy over the best single arm (null when not checked). */
  personalisation_gain: PersonalisationGain | null;
  /** Training exposures the gain was measured on: those whose campaign offered the fold's best single arm. */
  rows_compared: number;
  /** Training exposures in all (rows_compared / rows_total below MIN_COMPARED_SHARE: the gain is reported, not acted on). */
  rows_total: number;
  /** Why this policy, in words. */
  reason: string;
}

export interface PolicyGuard {
  conversion: GuardDecision;
  profit: GuardDecision;
  /** Why the check did not run, when it did not. */
  note?: string;
}

/** One objective of the guard: its logged outcome and how the model's prediction becomes its policy. */
export interface GuardObjective {
  /** Logged outcome of every training row, on this objective's scale. */
  y: Float64Array;
  /** The arm the best single arm is for everyone (chosen on all training rows). */
  bestArm: number;
  /**
   * The model's policy for training rows `rows` (their prediction `pred`), choosing among the arms
   * `available` to each row (index 0 = control), and the per-arm expected outcome on this scale.
   */
  policyAndMeans(
    pred: UpliftPrediction,
    rows: Uint32Array,
    available: Uint8Array[],
  ): { policy: Int32Array; mu: Float64Array[] };
}

export interface GuardInput {
  data: UpliftDataset & { campaign: Int32Array };
  /** A customer id per row (customerGroups): a customer's exposures stay in one half. */
  group: Int32Array;
  learner: LearnerKind;
  seed: number;
  /** The settings the served model was fitted with (campaignHistoryLearnerOptions of all training rows). */
  learnerOptions: Partial<FitUpliftOptions>;
  objectives: { conversion: GuardObjective; profit: GuardObjective };
}

const pick = <T extends Float64Array | Int32Array>(a: T, rows: Uint32Array): T =>
  (a.constructor as unknown as { from(x: ArrayLike<number>): T }).from(Array.from(rows, (i) => a[i]));

/**
 * The guard on the training exposures. The learner is fitted on one half of the customers (all of
 * a customer's exposures on one side), and on the other half each row's doubly robust score
 * (aipw.ts: mu_a + 1[A = a](y - mu_a) / e, e the logged probability of the arm received) of the arm
 * the model's policy picks is compared with that of the half-model's best single arm; then the
 * halves swap. One pair of fits serves both objectives (the profit policy is the same prediction
 * under the cost model).
 *
 * Pooling campaigns that offered different subsets of triggers: an arm's DR score is an unbiased
 * estimate of the row's outcome under that arm only where the row's campaign could have given it
 * (logged probability > 0); elsewhere it is the model's guess with nothing to correct it. So
 * (1) the model's policy chooses among the arms the row's campaign offered (as the held-out
 * evaluation does), and (2) the comparison is made on the rows whose campaign offered the best
 * single arm, where both sides are identified. Within a campaign the arms were assigned at random
 * with the logged probabilities, so the difference's mean over those rows is an unbiased estimate
 * of the gain over the population of such exposures, whatever the campaigns' baselines and arm
 * sets (they enter each row's score through its own campaign's probability). The best single arm
 * is chosen on the fitting half by pooledArmLift, a within-campaign (stratified) difference from
 * control, for the same reason. Rows of one customer are not independent draws, so the standard
 * error is cluster-robust by customer.
 */
export async function campaignHistoryGuard(input: GuardInput): Promise<PolicyGuard> {
  const { data, group } = input;
  const n = data.arm.length;
  const nArms = data.armNames.length;
  const available = armAvailability(data.arm, data.campaign, nArms);
  const halves = crossFitHalves(
    n,
    new Rng(Rng.derive(input.seed, 'campaign-history-guard').nextUint32()),
    group,
  );
  const names = ['conversion', 'profit'] as const;
  const folds: Record<(typeof names)[number], { diff: Float64Array; group: Int32Array }[]> = {
    conversion: [],
    profit: [],
  };
  for (let f = 0; f < 2; f++) {
    const fit = halves[f] as Uint32Array;
    const score = halves[1 - f] as Uint32Array;
    const model = await fitLearner(
      input.learner,
      {
        X: takeRows(data.X, fit),
        arm: pick(data.arm, fit),
        armNames: data.armNames,
        y: pick(data.y, fit),
        propensity: pick(data.propensity, fit),
        campaign: pick(data.campaign, fit),
        group: pick(group, fit),
      },
      input.seed,
      input.learnerOptions,
    );
    const pred = model.predict(takeRows(data.X, score));
    const armS = pick(data.arm, score);
    const propS = pick(data.propensity, score);
    const groupS = pick(group, score);
    const availS = available.map((a) => Uint8Array.from(score, (i) => a[i] as number));
    for (const name of names) {
      const o = input.objectives[name];
      const best = argmax(
        pooledArmLift(pick(data.arm, fit), pick(data.campaign, fit), pick(o.y, fit), nArms),
      );
      const { policy, mu } = o.policyAndMeans(pred, score, availS);
      const gamma = aipwScores(armS, pick(o.y, score), propS, mu);
      const compare = availS[best] as Uint8Array;
      const kept: number[] = [];
      for (let j = 0; j < score.length; j++) if (compare[j]) kept.push(groupS[j] as number);
      folds[name].push({ diff: gainDifferences(policy, best, gamma, compare), group: Int32Array.from(kept) });
    }
  }
  const decide = (name: (typeof names)[number]): GuardDecision => {
    const gain = summariseGain(folds[name]);
    const rowsCompared = folds[name].reduce((s, x) => s + x.diff.length, 0);
    const best = data.armNames[input.objectives[name].bestArm] as string;
    const share = n > 0 ? rowsCompared / n : 0;
    const representative = share >= MIN_COMPARED_SHARE;
    const policy = representative ? policyModeOf(gain) : 'personalised';
    const z = gain.se > 0 ? gain.value / gain.se : 0;
    const pct = `${Math.round(100 * share)}%`;
    return {
      checked: true,
      policy,
      best_single_arm: best,
      personalisation_gain: gain,
      rows_compared: rowsCompared,
      rows_total: n,
      reason: !representative
        ? `${best} was offered in campaigns holding ${pct} of the training exposures, so the check would judge it on its own audience only: the per-customer policy is kept (gain z ${z.toFixed(2)}, reported only)`
        : policy === 'personalised'
          ? `the per-customer policy beats ${best} for everyone by ${z.toFixed(2)} standard errors on the ${pct} of exposures that could compare them`
          : `the per-customer policy does not beat ${best} for everyone beyond noise (z ${z.toFixed(2)}): ${best} is recommended to everyone`,
    };
  };
  return { conversion: decide('conversion'), profit: decide('profit') };
}

/** The decision when the check does not run: the model's own per-customer policy. */
export function uncheckedGuard(
  armNames: readonly string[],
  bestArm: number,
  bestProfitArm: number,
  note: string,
) {
  const d = (arm: number): GuardDecision => ({
    checked: false,
    policy: 'personalised',
    best_single_arm: armNames[arm] as string,
    personalisation_gain: null,
    rows_compared: 0,
    rows_total: 0,
    reason: note,
  });
  return { conversion: d(bestArm), profit: d(bestProfitArm), note } satisfies PolicyGuard;
}

/** The conversion objective: each row's arm with the largest predicted uplift (if positive), the arm means as predicted. */
export function conversionObjective(y: Float64Array, bestArm: number): GuardObjective {
  return {
    y,
    bestArm,
    policyAndMeans: (pred, _rows, available) => ({
      policy: recommend(pred, { available: available.slice(1) }).arm,
      mu: armMeans(pred),
    }),
  };
}

/**
 * The profit objective: the policy under the cost model (valueTerms), and each arm's expected
 * profit per exposure (profitPrediction) as the outcome model of the DR scores. `eov` is every
 * training row's expected order value.
 */
export function profitObjective(
  y: Float64Array,
  bestArm: number,
  eov: Float64Array,
  triggers: TriggerId[],
  costConfig: CostConfig,
  channel: Channel,
): GuardObjective {
  return {
    y,
    bestArm,
    policyAndMeans: (pred, rows, available) => {
      const e = Float64Array.from(rows, (i) => eov[i] as number);
      return {
        policy: recommend(pred, {
          ...valueTerms('profit', triggers, e, costConfig, channel),
          available: available.slice(1),
        }).arm,
        mu: armMeans(profitPrediction(pred, e, triggers, costConfig, channel)),
      };
    },
  };
}

/**
 * A conversion model's prediction on the profit scale: the expected margin under control, and each
 * trigger's incremental profit (margin gained, less the send cost and the trigger's cost on every
 * treated conversion), in the units of the logged profit outcome.
 */
export function profitPrediction(
  pred: UpliftPrediction,
  eov: Float64Array,
  triggers: readonly TriggerId[],
  costConfig: CostConfig,
  channel: Channel,
): UpliftPrediction {
  const n = pred.baseline.length;
  return {
    baseline: Float64Array.from(pred.baseline, (p, i) => p * (eov[i] as number) * costConfig.default_margin),
    uplift: triggers.map((t, k) =>
      Float64Array.from({ length: n }, (_, i) =>
        incrementalProfit(
          (pred.baseline[i] as number) + ((pred.uplift[k] as Float64Array)[i] as number),
          pred.baseline[i] as number,
          eov[i] as number,
          t,
          costConfig,
          channel,
        ),
      ),
    ),
  };
}
