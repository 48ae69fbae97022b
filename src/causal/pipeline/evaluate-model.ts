import type { CampaignGoal } from '../../contracts/goals.ts';
import { type Channel, DEFAULT_COST_CONFIG } from '../../contracts/trigger-costs.ts';
import { InvalidInput } from '../../core/errors.ts';
import type { Store } from '../../store/store.ts';
import { activeUpliftModel } from './active-model.ts';
import type { PolicyGuard } from './campaign-history-guard.ts';
import type { Objective } from './economics.ts';
import type { PolicyEvaluation } from './evaluate-policy.ts';
import { ARM_NAMES, loadExposureData } from './exposure-data.ts';
import { outcomeColumnForGoal } from './outcomes.ts';
import { evaluateOnHoldout } from './train-uplift.ts';

export interface EvaluateOptions {
  modelVersion?: string;
  seed?: number;
}

/** The document `aether evaluate --json` prints: the conversion evaluation at the top, profit beside it. */
export type EvaluationDocument = Record<string, unknown> & {
  model_version: string;
  objective: Objective;
  profit: Record<string, unknown>;
};

function flatten(e: PolicyEvaluation): Record<string, unknown> {
  const { truth, qini, ...rest } = e;
  return {
    ...rest,
    qini: Object.fromEntries(qini.map((q) => [q.arm, q])),
    ...(truth ?? {}),
    simulated_truth_available: truth !== undefined,
  };
}

/**
 * Re-evaluates a stored model on the reserved all-trigger campaign (never trained on): scores its
 * exposures as of their send time, then reports policy values, reference policies, Qini and
 * calibration, and on simulated data the comparison with the oracle.
 */
export async function evaluateStoredModel(
  store: Store,
  options: EvaluateOptions = {},
): Promise<EvaluationDocument> {
  const model = await activeUpliftModel(store, options.modelVersion);
  const m = model.metrics as {
    goal: CampaignGoal;
    channel?: Channel;
    seed?: number;
    best_single_arm_on_training: string;
    best_single_profit_arm_on_training?: string;
    /** The best-single-arm guard's decisions (absent before it): the evaluation honours them. */
    policy_guard?: PolicyGuard;
  };
  const reserved = await store.query<{ n: number }>(
    'SELECT count(*) AS n FROM campaigns WHERE reserved_for_evaluation',
  );
  if (!reserved[0].n) {
    throw new InvalidInput(
      // Said as it is: before the eleventh session this claimed an evaluation at training time and
      // pointed to an `aether models` command; neither exists for campaign history.
      'this data set has no campaign reserved for evaluation, so the model has not been measured on a campaign it did not learn from. ' +
        'Hold one out, a campaign that tested the arms you care about (the latest, say): re-import the campaign list with ' +
        '`--map reserved_for_evaluation=ID_COLUMN --value-map "reserved_for_evaluation:THAT_ID=true,reserved_for_evaluation:*=false"`, ' +
        "or that campaign's row alone with --set reserved_for_evaluation=true; " +
        'then `aether train` learns from the others and `aether evaluate` measures it on that one (docs/data-import.md, "Campaign history from an e-mail tool")',
    );
  }
  const costConfig = DEFAULT_COST_CONFIG;
  const holdout = await loadExposureData(
    store,
    { kind: 'evaluation' },
    { shippingCost: costConfig.triggers.free_shipping.per_conversion_amount },
  );
  const idx = (name: string | undefined) => Math.max(0, ARM_NAMES.indexOf(name ?? 'control'));
  const result = await evaluateOnHoldout(store, model.artifact, holdout, {
    outcome: outcomeColumnForGoal(m.goal),
    bestSingleArm: idx(m.best_single_arm_on_training),
    bestSingleProfitArm: idx(m.best_single_profit_arm_on_training),
    seed: options.seed ?? m.seed ?? 1,
    costConfig,
    channel: m.channel ?? 'email',
    guard: m.policy_guard ?? null,
  });
  return {
    model_version: model.model_version,
    learner: model.learner,
    goal: m.goal,
    objective: 'conversion',
    ...flatten(result.conversion),
    profit: flatten(result.profit),
  };
}
