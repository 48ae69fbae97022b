import type { Channel, CostConfig } from '../../contracts/trigger-costs.ts';
import type { TriggerId } from '../../contracts/triggers.ts';
import type { UpliftPrediction } from '../learners/types.ts';
import { type PerRow, type RecommendOptions, recommend } from '../policy/recommend.ts';
import { expectedOrderValues, type Objective, valueTerms } from './economics.ts';

export interface ScoreOptions {
  objective: Objective;
  costConfig: CostConfig;
  channel: Channel;
  excludeTriggers?: TriggerId[];
}

/** One customer row per index: ids, predictions, the recommended arm and what it is expected to bring. */
export interface CustomerScores {
  customerIds: string[];
  prediction: UpliftPrediction;
  recommendedArm: Int32Array;
  expectedIncrementalConversion: Float64Array;
  expectedIncrementalProfit: Float64Array;
}

type Terms = Pick<RecommendOptions, 'value' | 'fixedCost' | 'costPerOutcome'>;

/** The per-customer value and cost terms of every arm, for the recommendation and for the profit. */
export interface PolicyTerms {
  excludeArms: number[];
  policy: Terms;
  profit: Terms;
}

/**
 * The terms for a whole population. They need all of it at once: a customer without an order is
 * valued at the population's median order value (`aov` NaN where there is none).
 */
export function policyTerms(triggers: TriggerId[], aov: Float64Array, options: ScoreOptions): PolicyTerms {
  const eov = expectedOrderValues(aov);
  const profit = valueTerms('profit', triggers, eov, options.costConfig, options.channel);
  return {
    excludeArms: (options.excludeTriggers ?? []).map((t) => triggers.indexOf(t) + 1).filter((k) => k > 0),
    policy:
      options.objective === 'profit'
        ? profit
        : valueTerms(options.objective, triggers, eov, options.costConfig, options.channel),
    profit,
  };
}

function rowsOf(terms: PerRow[] | undefined, from: number, to: number): PerRow[] | undefined {
  return terms?.map((t) => (typeof t === 'number' ? t : t.subarray(from, to)));
}

/**
 * Each row's best trigger, for the population's rows [from, from + n) whose predictions are given.
 * Every row is decided on its own (no budget, no minimum segment size), so rows recommended in
 * pieces get what they would get all at once.
 */
export function recommendRows(
  terms: PolicyTerms,
  customerIds: string[],
  prediction: UpliftPrediction,
  from = 0,
): CustomerScores {
  const n = customerIds.length;
  const to = from + n;
  const policy = recommend(prediction, {
    value: rowsOf(terms.policy.value, from, to),
    fixedCost: rowsOf(terms.policy.fixedCost, from, to),
    costPerOutcome: rowsOf(terms.policy.costPerOutcome, from, to),
    excludeArms: terms.excludeArms,
  });
  // Profit of the recommended arm whatever the objective, so both figures are always reported.
  const values = rowsOf(terms.profit.value, from, to) as Float64Array[];
  const fixedCosts = terms.profit.fixedCost as number[];
  const perOutcomeCosts = rowsOf(terms.profit.costPerOutcome, from, to) as Float64Array[];
  const profit = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const k = policy.arm[i];
    if (k === 0) continue;
    const u = prediction.uplift[k - 1][i];
    profit[i] =
      values[k - 1][i] * u - fixedCosts[k - 1] - perOutcomeCosts[k - 1][i] * (prediction.baseline[i] + u);
  }
  return {
    customerIds,
    prediction,
    recommendedArm: policy.arm,
    expectedIncrementalConversion: policy.incrementalOutcome,
    expectedIncrementalProfit: profit,
  };
}
