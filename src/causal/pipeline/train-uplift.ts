import type { CampaignGoal } from '../../contracts/goals.ts';
import { type Channel, type CostConfig, DEFAULT_COST_CONFIG } from '../../contracts/trigger-costs.ts';
import { TRIGGER_IDS, type TriggerId } from '../../contracts/triggers.ts';
import { note } from '../../core/progress.ts';
import { datasetAsOf } from '../../features/as-of.ts';
import type { DuckDbStore } from '../../store/duckdb-store.ts';
import type { Store } from '../../store/store.ts';
import {
  CONTEXT_WINDOW,
  contextFeaturesOf,
  informativeColumns,
  isContextFeature,
  medianWindow,
  type ScoringWindow,
} from '../campaign-context.ts';
import { type FitUpliftOptions, LARGE_DATA_ROWS } from '../fit-uplift.ts';
import type { LearnerReport, UpliftModel } from '../learners/types.ts';
import { recommend } from '../policy/recommend.ts';
import { applyBinning, type BinnedMatrix, fitBinning } from '../trees/binning.ts';
import {
  campaignHistoryGuard,
  conversionObjective,
  type GuardDecision,
  type PolicyGuard,
  profitObjective,
  profitPrediction,
  uncheckedGuard,
} from './campaign-history-guard.ts';
import { campaignHistoryLearnerOptions } from './campaign-history-options.ts';
import { expectedOrderValues, type Objective, valueTerms } from './economics.ts';
import { evaluatePolicy, type PolicyEvaluation } from './evaluate-policy.ts';
import {
  customerGroups,
  type ExposureData,
  frameToRawColumns,
  loadExposureData,
  upliftDataset,
} from './exposure-data.ts';
import { contextImportance, type FeatureImportance, upliftFeatureImportance } from './feature-importance.ts';
import { outcomeColumnForGoal } from './outcomes.ts';
import { dataFingerprint, newModelVersion, publishModelVersion } from './publish-model.ts';
import { modelMatrix, type ScoringSeconds, scoreAllCustomers } from './score-customers.ts';
import { type Selection, selectLearner } from './select-learner.ts';
import { loadTrueOrderMargins, loadTruthProbabilities, trueProfitByArm } from './simulator-truth.ts';
import { argmax, armAvailability, pooledArmLift } from './training-data-summary.ts';
import { fitLearner, type LearnerKind, type UpliftArtifact } from './uplift-artifact.ts';

export interface TrainUpliftOptions {
  goal: CampaignGoal;
  learner: LearnerKind;
  seed: number;
  objective: Objective;
  channel: Channel;
  costConfig?: CostConfig;
  /**
   * Bound the exposures learned from (a seeded sample) to bound memory and time on huge histories;
   * default DEFAULT_MAX_TRAINING_ROWS, null for all.
   */
  maxTrainingRows?: number | null;
  /** Choose the learner by its policy value on the latest training campaigns (all learners are fitted). */
  select?: boolean;
  /**
   * Learn from the campaign's window and season as well (default true; src/causal/campaign-context.ts).
   * False fits on the customer features alone, to measure what the context adds.
   */
  campaignContext?: boolean;
  /**
   * Learner settings over the campaign history's defaults (campaignHistoryLearnerOptions), field by
   * field; for benchmarks that compare settings on the whole train path.
   */
  learnerOptions?: Partial<FitUpliftOptions>;
}

export interface TrainUpliftResult {
  model_version: string;
  learner: LearnerKind;
  goal: CampaignGoal;
  outcome: string;
  objective: Objective;
  training_rows: number;
  training_campaigns: number;
  arms: LearnerReport['arms'];
  best_single_arm_on_training: string;
  /**
   * Per objective, whether the model's per-customer policy or the best single arm for everyone is
   * recommended, and the cross-fitted gain that decided it (campaign-history-guard.ts).
   */
  policy_guard: PolicyGuard;
  /** The campaign-context features the model learned from and the window customers were scored with. */
  campaign_context: ReturnType<typeof campaignContextMetrics>;
  scored_customers: number;
  data_fingerprint: string;
  evaluation: { conversion: GuardedEvaluation; profit: GuardedEvaluation } | null;
  selection: (Omit<Selection, 'held_out_campaigns'> & { held_out_campaigns: string[] }) | null;
  seconds: {
    features: number;
    fit: number;
    evaluate: number;
    score: number;
    total: number;
    /** Where the scoring's time went (its stages overlap; see ScoringSeconds). */
    score_stages: ScoringSeconds;
  };
}

const ARMS = ['control', ...TRIGGER_IDS];

/**
 * How many campaign exposures the default model learns from at most: a seeded uniform sample of
 * them beyond that. A uniform sample leaves each row's assignment probability as it was, so the
 * estimators stay unbiased, and the fit's time grows linearly with rows. The
 * 100,000-customer demo has about 515,000 training exposures, under the cap; a shop of 1M
 * customers has about 5M, and learning from all of them would take the 2-core machine far past
 * the 10-minute training budget for little gain.
 */
export const DEFAULT_MAX_TRAINING_ROWS = 1_000_000;

/** What training leaves for the later steps: the model and a few figures, never the training rows. */
interface Fitted {
  artifact: UpliftArtifact;
  learner: LearnerKind;
  selection: TrainUpliftResult['selection'];
  trainingRows: number;
  trainingCampaigns: number;
  bestSingleArm: number;
  bestSingleProfitArm: number;
  /** The best-single-arm guard's decision per objective. */
  guard: PolicyGuard;
  /** Seconds spent computing the training features. */
  featureSeconds: number;
  /** What drives the model's uplift (upliftFeatureImportance), measured on the training rows. */
  featureImportance: FeatureImportance[] | null;
}

/**
 * Loads the training exposures and fits the learner. A function of its own so that the training
 * rows (a million exposures' features, keys and binned columns: gigabytes of heap at 1M customers)
 * are unreachable once it returns, and the garbage collector does not trace them again and again
 * while every customer is scored: with them held, the scoring inside a 1M training run took 145 s
 * against 55-71 s for the same scoring alone (docs/benchmarks.md).
 */
async function fitOnTraining(
  store: DuckDbStore,
  options: TrainUpliftOptions,
  costConfig: CostConfig,
  outcome: ReturnType<typeof outcomeColumnForGoal>,
): Promise<Fitted> {
  const started = Date.now();
  const train = await loadExposureData(
    store,
    { kind: 'training' },
    {
      shippingCost: costConfig.triggers.free_shipping.per_conversion_amount,
      maxRows:
        options.maxTrainingRows === undefined
          ? DEFAULT_MAX_TRAINING_ROWS
          : (options.maxTrainingRows ?? undefined),
      seed: options.seed,
    },
  );
  const featureSeconds = (Date.now() - started) / 1000;
  // The campaign-context columns only where the training campaigns differ in them.
  const raw = informativeColumns(frameToRawColumns(train.frame)).filter(
    (c) => options.campaignContext !== false || !isContextFeature(c.name),
  );
  const binning = fitBinning(raw);
  const scoringWindow = scoringWindowOf(
    raw.map((c) => c.name),
    train.windowDays,
  );
  const X = applyBinning(binning, raw);
  const y = train.outcomes[outcome];
  let selection: Selection | null = null;
  let learner = options.learner;
  if (options.select) {
    const starts = await store.query<{ campaign_id: string }>(
      'SELECT campaign_id FROM campaigns WHERE list_contains($1::VARCHAR[], campaign_id) ORDER BY started_at, campaign_id',
      [train.campaignIds],
    );
    const order = starts.map((r) => train.campaignIds.indexOf(r.campaign_id));
    note('train: model selection on the latest training campaigns (every learner is fitted)');
    // As the final fit: the caller's learner options, and a customer's exposures kept on one side
    // of any split a learner makes (the R-learner's folds, a bagged T-learner's halves).
    selection = await selectLearner(
      { ...upliftDataset(train, X, y), group: customerGroups(train.customerIds) },
      order,
      options.seed,
      undefined,
      options.learnerOptions,
    );
    learner = selection.chosen;
  }
  note(
    `train: fitting ${learner}-learner on ${train.rowCount.toLocaleString('en-US')} exposures (outcome ${outcome})`,
  );
  const learnerOptions = campaignHistoryLearnerOptions(learner, train.rowCount, options.learnerOptions);
  const group = customerGroups(train.customerIds);
  const model = await fitLearner(
    learner,
    {
      ...upliftDataset(train, X, y),
      // A customer's exposures stay on one side if a bagged T-learner (bags > 1) halves the rows.
      group,
    },
    options.seed,
    learnerOptions,
  );
  const profitY = profitOutcome(train, costConfig, options.channel);
  const bestSingleArm = argmax(pooledArmLift(train.arm, train.campaign, y, ARMS.length));
  const bestSingleProfitArm = argmax(pooledArmLift(train.arm, train.campaign, profitY, ARMS.length));
  let guard: PolicyGuard;
  if (train.rowCount < LARGE_DATA_ROWS) {
    const started = Date.now();
    guard = await campaignHistoryGuard({
      data: upliftDataset(train, X, y),
      group,
      learner,
      seed: options.seed,
      learnerOptions,
      objectives: {
        conversion: conversionObjective(y, bestSingleArm),
        profit: profitObjective(
          profitY,
          bestSingleProfitArm,
          expectedOrderValues(aovOf(train.frame)),
          ARMS.slice(1) as TriggerId[],
          costConfig,
          options.channel,
        ),
      },
    });
    note(
      `train: cross-fitted gain of each customer's best trigger over the best single trigger on the training exposures, in ${((Date.now() - started) / 1000).toFixed(1)} s: ` +
        (['conversion', 'profit'] as const).map((o) => `${o} ${guardText(guard[o])}`).join('; '),
    );
  } else
    guard = uncheckedGuard(
      ARMS,
      bestSingleArm,
      bestSingleProfitArm,
      `not checked from ${LARGE_DATA_ROWS.toLocaleString('en-US')} training exposures up: the cross-fitted check would double the fit's time`,
    );
  return {
    artifact: { learner, binning, model, scoringWindow },
    learner,
    selection: selection
      ? { ...selection, held_out_campaigns: selection.held_out_campaigns.map((c) => train.campaignIds[c]) }
      : null,
    trainingRows: train.rowCount,
    trainingCampaigns: train.campaignIds.length,
    bestSingleArm,
    bestSingleProfitArm,
    guard,
    featureSeconds,
    featureImportance: importanceOf(model, X),
  };
}

/** The guard's decision in a line of the training's progress notes. */
function guardText(d: GuardDecision): string {
  const g = d.personalisation_gain;
  const gain = g
    ? `${g.value.toPrecision(3)} (se ${g.se.toPrecision(2)}) per exposure on ${d.rows_compared.toLocaleString('en-US')}`
    : 'not checked';
  return `${gain}: ${d.reason}`;
}

/** Each row's lifetime average order value (NaN where the frame has none). */
function aovOf(frame: ExposureData['frame']): Float64Array {
  const aov = frame.features.find((f) => f.name === 'aov_lifetime');
  return aov && aov.kind === 'numeric' ? aov.values : new Float64Array(frame.rowCount).fill(Number.NaN);
}

/** What drives the model's uplift, measured while the training rows are at hand (the T-learner's needs them). */
function importanceOf(model: UpliftModel, X: BinnedMatrix): FeatureImportance[] | null {
  const started = Date.now();
  const fi = upliftFeatureImportance(model, X);
  note(`train: feature importance in ${((Date.now() - started) / 1000).toFixed(1)} s`);
  return fi;
}

/**
 * The window customers are scored with outside a campaign, when the model learned from the
 * window: the median window of the training exposures (src/causal/campaign-context.ts). Not the
 * reserved evaluation campaign's window: a real shop has no such campaign, and the scores should
 * describe a typical campaign of the shop, within the windows the model learned from.
 */
function scoringWindowOf(columns: readonly string[], windowDays: Float64Array): ScoringWindow | null {
  if (!columns.includes(CONTEXT_WINDOW)) return null;
  const w = medianWindow(windowDays);
  return w === null ? null : { window_days: w, rule: 'median_training_exposure_window' };
}

/** What the model version's metrics say about the campaign context the model learned from. */
export function campaignContextMetrics(artifact: UpliftArtifact, asOf?: string | null) {
  return {
    features: contextFeaturesOf(artifact.binning.map((b) => b.name)),
    scoring_window: artifact.scoringWindow ?? null,
    ...(asOf !== undefined ? { scored_as_of: asOf } : {}),
    // Their share of the uplift model's split gain (not shown to marketers: the same for every
    // customer scored together).
    importance: contextImportance(artifact.model),
  };
}

/**
 * Trains the multi-trigger uplift model on every campaign not reserved for evaluation, evaluates
 * it on the reserved all-trigger campaign (with the simulator's truth when present), scores every
 * customer as of the data set's as_of, and publishes model and scores in one transaction: a failed
 * run leaves the previous model and scores in place.
 */
export async function trainUplift(
  store: DuckDbStore,
  options: TrainUpliftOptions,
): Promise<TrainUpliftResult> {
  const started = Date.now();
  const costConfig = options.costConfig ?? DEFAULT_COST_CONFIG;
  const outcome = outcomeColumnForGoal(options.goal);
  const shippingCost = costConfig.triggers.free_shipping.per_conversion_amount;

  const fitted = await fitOnTraining(store, options, costConfig, outcome);
  const { artifact, learner, selection, bestSingleArm, bestSingleProfitArm, guard } = fitted;
  const model = artifact.model;
  const tFeatures = started + fitted.featureSeconds * 1000;
  const tFit = Date.now();

  const evaluation = await evaluateOnReserved(store, artifact, shippingCost, {
    outcome,
    bestSingleArm,
    bestSingleProfitArm,
    seed: options.seed,
    costConfig,
    channel: options.channel,
    guard,
  });
  const tEval = Date.now();

  const fingerprint = await dataFingerprint(store);
  const modelVersion = newModelVersion(fingerprint, `${learner}:${options.goal}:${options.seed}`);
  // In best_single_arm mode for the objective scored, the stored recommendation offers that arm
  // alone: every customer gets it, except where the model predicts it to lose (the scores' rule:
  // never treat a customer whose predicted value is negative); the segments read it from there.
  const served = guard[options.objective];
  const servedArm = ARMS.indexOf(served.best_single_arm);
  const scoring = await scoreAllCustomers(store, artifact, {
    objective: options.objective,
    costConfig,
    channel: options.channel,
    ...(served.policy === 'best_single_arm'
      ? { excludeTriggers: (ARMS.slice(1) as TriggerId[]).filter((_, k) => k + 1 !== servedArm) }
      : {}),
  });
  const metrics = {
    goal: options.goal,
    outcome,
    objective: options.objective,
    training_rows: fitted.trainingRows,
    channel: options.channel,
    seed: options.seed,
    best_single_arm_on_training: ARMS[bestSingleArm],
    best_single_profit_arm_on_training: ARMS[bestSingleProfitArm],
    policy_guard: guard,
    arms: model.report.arms,
    evaluation,
    seconds_to_train: (tFit - started) / 1000,
    selection,
    // What drives the fitted model's uplift, for the explanations (src/explain/model-view.ts):
    // customer features only, never the campaign's context.
    feature_importance: fitted.featureImportance,
    campaign_context: campaignContextMetrics(artifact, await datasetAsOf(store)),
  };
  await publishModelVersion(store, {
    modelVersion,
    goal: options.goal,
    learner,
    fingerprint,
    metrics,
    artifact,
    staging: scoring.staging,
  });
  const done = Date.now();
  return {
    model_version: modelVersion,
    learner,
    goal: options.goal,
    outcome,
    objective: options.objective,
    training_rows: fitted.trainingRows,
    training_campaigns: fitted.trainingCampaigns,
    arms: model.report.arms,
    best_single_arm_on_training: ARMS[bestSingleArm],
    policy_guard: guard,
    campaign_context: metrics.campaign_context,
    scored_customers: scoring.customers,
    data_fingerprint: fingerprint,
    evaluation,
    selection,
    seconds: {
      features: (tFeatures - started) / 1000,
      fit: (tFit - tFeatures) / 1000,
      evaluate: (tEval - tFit) / 1000,
      score: (done - tEval) / 1000,
      total: (done - started) / 1000,
      score_stages: scoring.seconds,
    },
  };
}

/**
 * The evaluation on the reserved campaign(s), or null without one. A function of its own, like
 * fitOnTraining, so the held-out rows are unreachable by the time every customer is scored.
 */
async function evaluateOnReserved(
  store: DuckDbStore,
  artifact: UpliftArtifact,
  shippingCost: number,
  opts: HoldoutOptions,
): Promise<TrainUpliftResult['evaluation']> {
  const [reserved] = await store.query<{ n: number }>(
    'SELECT count(*) AS n FROM campaigns WHERE reserved_for_evaluation',
  );
  if (!reserved?.n) return null;
  const holdout = await loadExposureData(store, { kind: 'evaluation' }, { shippingCost });
  return evaluateOnHoldout(store, artifact, holdout, opts);
}

/** Logged profit of an exposure: its order margin, less the send cost when a message was sent. */
function profitOutcome(data: ExposureData, config: CostConfig, channel: Channel): Float64Array {
  const out = new Float64Array(data.rowCount);
  for (let i = 0; i < data.rowCount; i++)
    out[i] = data.outcomes.margin[i] - (data.arm[i] === 0 ? 0 : config.send_cost[channel]);
  return out;
}

export interface HoldoutOptions {
  outcome: ReturnType<typeof outcomeColumnForGoal>;
  bestSingleArm: number;
  bestSingleProfitArm: number;
  seed: number;
  costConfig: CostConfig;
  channel: Channel;
  /**
   * The training's best-single-arm guard (metrics.policy_guard): in best_single_arm mode for an
   * objective, that objective's policy gives everyone the best single arm. Absent on models trained
   * before the guard: the model's per-customer policy.
   */
  guard?: PolicyGuard | null;
}

/** A held-out evaluation with the policy mode it evaluated and the guard's decision behind it. */
export type GuardedEvaluation = PolicyEvaluation & {
  policy: GuardDecision['policy'];
  policy_guard: GuardDecision | null;
};

/**
 * Scores the held-out exposures as of their send time and evaluates the recommended policy for
 * conversions and for incremental profit.
 */
export async function evaluateOnHoldout(
  store: Store,
  artifact: UpliftArtifact,
  holdout: ExposureData,
  opts: HoldoutOptions,
): Promise<{ conversion: GuardedEvaluation; profit: GuardedEvaluation }> {
  const model = artifact.model;
  const X = modelMatrix(artifact, holdout.frame);
  const pred = model.predict(X);
  const n = holdout.rowCount;
  const triggers = model.armNames.slice(1) as TriggerId[];
  const aov = holdout.frame.features.find((f) => f.name === 'aov_lifetime');
  const eov = expectedOrderValues(
    aov && aov.kind === 'numeric' ? aov.values : new Float64Array(n).fill(Number.NaN),
  );
  const available = armAvailability(holdout.arm, holdout.campaign, ARMS.length);
  const truthProbabilities = await loadTruthProbabilities(store, holdout);

  const everyone = (arm: number) => new Int32Array(n).fill(arm);
  const single = (o: 'conversion' | 'profit') => opts.guard?.[o].policy === 'best_single_arm';
  const convPolicy = single('conversion')
    ? everyone(opts.bestSingleArm)
    : recommend(pred, { excludeArms: unavailableArms(available) }).arm;
  const conversion = evaluatePolicy({
    arm: holdout.arm,
    armNames: holdout.armNames,
    y: holdout.outcomes[opts.outcome],
    propensity: holdout.propensity,
    available,
    prediction: pred,
    policy: convPolicy,
    bestSingleArmFromTraining: opts.bestSingleArm,
    truth: opts.outcome === 'converted' ? (truthProbabilities ?? undefined) : undefined,
    seed: opts.seed,
  });

  // Profit: the same machinery on the profit scale (expected margin under each arm, less costs).
  const terms = valueTerms('profit', triggers, eov, opts.costConfig, opts.channel);
  const profitPolicy = single('profit')
    ? everyone(opts.bestSingleProfitArm)
    : recommend(pred, { ...terms, excludeArms: unavailableArms(available) }).arm;
  const profitPred = profitPrediction(pred, eov, triggers, opts.costConfig, opts.channel);
  // The true profit is in the units of the logged outcome (realised margins, simulator-truth.ts);
  // a simulated data set without them has no profit truth.
  const trueMargins = truthProbabilities ? await loadTrueOrderMargins(store, holdout) : null;
  const profitTruth =
    truthProbabilities && trueMargins
      ? trueProfitByArm(truthProbabilities, trueMargins, triggers, opts.costConfig, opts.channel)
      : undefined;
  const profit = evaluatePolicy({
    arm: holdout.arm,
    armNames: holdout.armNames,
    y: profitOutcome(holdout, opts.costConfig, opts.channel),
    propensity: holdout.propensity,
    available,
    prediction: profitPred,
    policy: profitPolicy,
    bestSingleArmFromTraining: opts.bestSingleProfitArm,
    truth: profitTruth,
    seed: opts.seed,
  });
  const guarded = (e: PolicyEvaluation, o: 'conversion' | 'profit'): GuardedEvaluation => ({
    ...e,
    policy: single(o) ? 'best_single_arm' : 'personalised',
    policy_guard: opts.guard?.[o] ?? null,
  });
  return { conversion: guarded(conversion, 'conversion'), profit: guarded(profit, 'profit') };
}

function unavailableArms(available: Uint8Array[]): number[] {
  const out: number[] = [];
  for (let a = 1; a < available.length; a++) if (!available[a].some((v) => v === 1)) out.push(a);
  return out;
}
