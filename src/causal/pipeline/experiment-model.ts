import { closeSync, mkdtempSync, openSync, rmSync, writeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { extname, join, resolve } from 'node:path';
import { InvalidInput, NotFound } from '../../core/errors.ts';
import { note } from '../../core/progress.ts';
import { hashString, Rng } from '../../core/rng.ts';
import { type ExperimentData, type ExperimentFeature, loadExperiment } from '../../import/experiment.ts';
import { scanExperimentBatches } from '../../import/experiment-batches.ts';
import { quoteIdent } from '../../import/stage-file.ts';
import type { DuckDbStore } from '../../store/duckdb-store.ts';
import { filePathLiteral } from '../../store/sql-literal.ts';
import type { Store } from '../../store/store.ts';
import { aipwScores, armMeans } from '../evaluate/aipw.ts';
import type { FitUpliftOptions } from '../fit-uplift.ts';
import type { UpliftPrediction } from '../learners/types.ts';
import { recommend } from '../policy/recommend.ts';
import { applyBinning, type BinnedMatrix, fitBinning, takeRows } from '../trees/binning.ts';
import { evaluatePolicy, type PolicyEvaluation } from './evaluate-policy.ts';
import { sampleTrainingRows } from './experiment-sample.ts';
import {
  crossFitHalves,
  gainDifferences,
  type PersonalisationGain,
  type PolicyMode,
  policyModeOf,
  summariseGain,
} from './personalisation-guard.ts';
import { DEFAULT_MAX_TRAINING_ROWS } from './train-uplift.ts';
import { argmax, pooledArmLift } from './training-data-summary.ts';
import {
  DEFAULT_LEARNER,
  deserializeArtifact,
  fitLearner,
  type LearnerKind,
  serializeArtifact,
  type UpliftArtifact,
} from './uplift-artifact.ts';

/**
 * Uplift models on an imported flat experiment (one randomised campaign, arbitrary arm labels):
 * trained on the training rows, evaluated on the held-out rows — exactly the rows the import's
 * split column marks `test`, or a seeded 30% — with no simulator involved.
 */
export interface ExperimentTrainOptions {
  learner?: LearnerKind;
  seed: number;
  holdoutShare?: number;
  /**
   * Learn from at most this many training rows, a seeded sample stratified by arm
   * (experiment-sample.ts); default DEFAULT_MAX_TRAINING_ROWS as for the simulated path, null for all.
   * The held-out rows are all evaluated whatever the cap.
   */
  maxTrainingRows?: number | null;
  /** Rows per batch when reading features to predict (experiment-batches.ts); for tests. */
  batchRows?: number;
  /**
   * Learner settings over the flat experiment's defaults (experimentLearnerOptions), field by
   * field; for benchmarks that compare settings on the whole train path.
   */
  learnerOptions?: Partial<FitUpliftOptions>;
}

/**
 * The smallest leaf of the default's trees on a flat experiment, where the leaf size is a quarter
 * of the smallest arm (fit-uplift's defaultLeafSize) and the shop's floor is 300 rows. At about
 * 1,000 training rows per arm the cross-fitted check fits on halves of ~500 rows per arm, which
 * leaves of 300 cannot split: every file of that size got one arm for everyone. With 100 the
 * e-mail shape's planted subgroups are found at 4,000 and 8,000 rows (bench/experiment-small-files.ts;
 * docs/data-import.md, "Small files find less"), and the significance rule of the check
 * (PERSONALISE_Z) keeps files with no heterogeneity on one arm.
 */
export const EXPERIMENT_LEAF_FLOOR = 100;

/**
 * How each arm's model of the default T-learner is boosted on a flat experiment (its `armGbdt`). It
 * starts from the control base plus the arm's mean departure from it (`fitInitOffset`: the average
 * effect, a difference of means, at once rather than a learning rate's share of it per round), and
 * its number of rounds is chosen on 5 folds of the arm's rows (`cvFolds`) instead of one held-out
 * 15%. With 15% of an arm's rows judging the stop, the loss curve of a small effect is mostly noise
 * and the stop fell almost anywhere (MegaFon at 20,000 rows: 20, 18 and 45 rounds, slope of planted
 * on predicted uplift 1.36, 1.43 and 1.15; Hillstrom's women's e-mail: 11 to 211 rounds, its men's
 * e-mail, +1.5 for everyone, 3 in one file; a Starbucks arm 361). Over 7 shapes × 3 seeds the share of the oracle's gain rose from 0.878 / 0.974 / 0.982 to
 * 0.943 / 0.984 / 0.994 at 5,000 / 20,000 / 100,000 rows (4 shapes at 100,000) and the costed
 * policy's from 0.481 / 0.739 / 0.949 to 0.625 / 0.891 / 0.979 (bench/experiment-calibration.ts;
 * docs/uplift-pipeline.md, "Eleventh session"). The arm models' fits cost about 4× as much.
 * The folds apply below LARGE_DATA_ROWS training rows only (EXPERIMENT_SMALL_DATA_ARM_GBDT).
 */
export const EXPERIMENT_ARM_GBDT = { fitInitOffset: true } as const;

/**
 * The arm models' 5 folds of EXPERIMENT_ARM_GBDT, below LARGE_DATA_ROWS training rows only
 * (fit-uplift's `smallDataArmGbdt`). From that size up the arm models are capped at 30 rounds
 * (LEARNER_DEFAULTS) and early-stopped on their held-out 15% as before the folds: at 300,000 rows
 * of three shapes × two seeds the policy's share of the oracle's gain was 0.9984 with the folds and
 * 0.9990 without, the costed policy's 0.9923 and 0.9911, for 3.7× the fits' CPU; at 1,000,000
 * Criteo-shaped rows the train step took 124 s of CPU against 53 s, the same policy
 * (docs/benchmarks.md, "Arm-model folds at 1,000,000 rows").
 */
export const EXPERIMENT_SMALL_DATA_ARM_GBDT = { cvFolds: 5 } as const;

/**
 * The settings a learner gets on one imported randomised experiment, over its defaults
 * (fit-uplift's LEARNER_DEFAULTS, chosen on the simulated multi-campaign shop).
 *
 * The default T-learner boosts every arm's model from a shared base. On the shop that base is
 * pooled over all rows; on a single experiment it is fitted on the control rows
 * (`sharedBase: 'control'`). A pooled base takes in part of every arm's effect (with two equal
 * arms, half of it) and the early-stopped arm models win it back only in part, so the per-row
 * uplifts came out 30–60% smaller than planted on the experiment shapes (slope of planted on
 * predicted uplift 1.40 at 5,000 rows, 1.60 at 20,000, median over 7 shapes and 3 seeds). Over
 * the control model each treated arm's model learns its effect itself: slope 1.01 and 1.06, the
 * correlation with the planted uplift a little higher (0.72 / 0.89 against 0.67 / 0.85), the
 * uncosted policy as good (0.907 / 0.974 of the oracle's gain against 0.891 / 0.977) and the
 * policy that treats only where the uplift beats a cost far better (0.49 / 0.74 against 0.26 /
 * 0.51). Measured with bench/experiment-calibration.ts; docs/uplift-pipeline.md, "How large the
 * uplifts are". Campaign history takes the same settings below LARGE_DATA_ROWS training rows
 * (campaignHistoryLearnerOptions); from that size up the simulated shop's benchmarks chose its
 * own default (LEARNER_DEFAULTS), on which this one was not measured.
 * The arm models' own boosting settings: EXPERIMENT_ARM_GBDT.
 */
export function experimentLearnerOptions(
  learner: LearnerKind,
  given: Partial<FitUpliftOptions> = {},
): Partial<FitUpliftOptions> {
  const own: Partial<FitUpliftOptions> =
    learner === 't'
      ? {
          sharedBase: 'control',
          leafFloor: EXPERIMENT_LEAF_FLOOR,
          armGbdt: { ...EXPERIMENT_ARM_GBDT },
          smallDataArmGbdt: { ...EXPERIMENT_SMALL_DATA_ARM_GBDT },
        }
      : {};
  return mergeOptions(own, given);
}

/** `given` over `base`, nested tree settings field by field. */
function mergeOptions(
  base: Partial<FitUpliftOptions>,
  given: Partial<FitUpliftOptions>,
): Partial<FitUpliftOptions> {
  const b = base as Record<string, unknown>;
  const g = given as Record<string, unknown>;
  const out: Record<string, unknown> = { ...b, ...g };
  for (const key of ['gbdt', 'armGbdt', 'smallDataArmGbdt', 'effectGbdt', 'propensityGbdt'])
    if (b[key] || g[key]) out[key] = { ...(b[key] as object), ...(g[key] as object) };
  return out as Partial<FitUpliftOptions>;
}

export interface ExperimentTrainResult {
  model_version: string;
  experiment_id: string;
  learner: LearnerKind;
  /** Training rows of the experiment (all rows not held out). */
  training_rows: number;
  /** How many of them the model learnt from: all, or a seeded sample of at most max_training_rows. */
  training_rows_used: number;
  /** Training rows per arm before and after the sample, in the order of `arms`. */
  training_rows_by_arm: number[];
  training_rows_used_by_arm: number[];
  max_training_rows: number | null;
  holdout_rows: number;
  holdout_from: 'split_column' | 'seeded_sample';
  arms: string[];
  /** A binary outcome's values are rates (shown as percentages); a numeric one's are amounts per row. */
  outcome_kind: OutcomeKind;
  best_single_arm_on_training: string;
  /** What is recommended: each row's best arm by the model, or the best single arm for everyone. */
  policy: PolicyMode;
  /** The cross-fitted DR gain of the model's policy over the best single arm on the training rows. */
  personalisation_gain: PersonalisationGain;
  evaluation: PolicyEvaluation;
  seconds: number;
}

export type OutcomeKind = 'binary' | 'numeric';

const KIND = 'experiment_uplift';
/**
 * Fewest training rows an arm may have. Below it the arm's outcome model is a handful of rows, and
 * the best single arm, picked by mean lift, can be an arm of 1 row that happened to convert.
 */
export const MIN_ARM_TRAINING_ROWS = 30;
/**
 * Fewest held-out rows an arm may have. With none, the DR value of a policy that picks the arm is
 * the model's own prediction, and its bootstrap interval has zero width: certainty from nothing.
 */
export const MIN_ARM_HOLDOUT_ROWS = 10;

/** Refuses training data on which no arm comparison can be learnt, naming the arm and the way out. */
function checkTrainable(data: ExperimentData, trainRows: Uint32Array, testRows: Uint32Array): void {
  // The experiment as the user knows it: its id and name (the file name unless --name was given).
  const id = `${data.experimentId} ("${data.name}")`;
  const k = data.armNames.length;
  const train = new Array<number>(k).fill(0);
  const test = new Array<number>(k).fill(0);
  for (const i of trainRows) train[data.arm[i] as number]++;
  for (const i of testRows) test[data.arm[i] as number]++;
  const small = data.armNames
    .map((name, a) => ({ name, a, n: train[a] as number }))
    .filter((x) => x.n < MIN_ARM_TRAINING_ROWS);
  if (small.length) {
    const treated = small.filter((x) => x.a > 0);
    throw new InvalidInput(
      `experiment ${id}: ${small
        .map((x) => `arm "${x.name}" has ${x.n} training row(s) (${test[x.a]} held out)`)
        .join(', ')}; every arm needs at least ${MIN_ARM_TRAINING_ROWS} training rows to be learnt. ` +
        (treated.length === small.length
          ? `Import the file again without it: --drop-arms ${JSON.stringify(treated.map((x) => x.name).join(','))}`
          : 'The control arm is too small to compare with: the file is not a usable experiment'),
      small.map((x) => ({
        name: `arm:${x.name}`,
        reason: `${x.n} training rows (< ${MIN_ARM_TRAINING_ROWS})`,
      })),
    );
  }
  const unseen = data.armNames
    .map((name, a) => ({ name, n: test[a] as number }))
    .filter((x) => x.n < MIN_ARM_HOLDOUT_ROWS);
  if (unseen.length)
    throw new InvalidInput(
      `experiment ${id}: ${unseen.map((x) => `arm "${x.name}" has ${x.n} held-out row(s)`).join(', ')}; ` +
        `evaluating an arm needs at least ${MIN_ARM_HOLDOUT_ROWS} held-out rows of it. ` +
        (data.split
          ? "The file's split column puts (almost) none of its rows in test: re-import with a split that does, or without --split-column (a seeded 30% is held out), or leave the arm out with --drop-arms"
          : 'Pass a larger --holdout, or leave the arm out at import with --drop-arms'),
      unseen.map((x) => ({
        name: `arm:${x.name}`,
        reason: `${x.n} held-out rows (< ${MIN_ARM_HOLDOUT_ROWS})`,
      })),
    );
  let lo = Number.POSITIVE_INFINITY;
  let hi = Number.NEGATIVE_INFINITY;
  for (const i of trainRows) {
    lo = Math.min(lo, data.outcome[i] as number);
    hi = Math.max(hi, data.outcome[i] as number);
  }
  if (lo === hi)
    throw new InvalidInput(
      `experiment ${id}: the outcome is ${lo} in every one of the ${trainRows.length} training rows; nothing to learn ` +
        '(a rare outcome on a small file? a larger file, or --holdout smaller)',
      [{ name: 'outcome', reason: 'constant on the training rows' }],
    );
}

/**
 * The key of the seeded draws (the held-out 30%, the cross-fit halves, the training sample): one
 * for every experiment, so a file gets the same held-out rows and figures whatever else the store
 * holds. It was the experiment id: the same file imported as exp_0002 beside another experiment
 * held out other rows than as exp_0001 alone (twelfth session, docs/data-import.md). Written as the
 * first experiment's id, so figures measured on a store of one experiment are unchanged.
 */
const DRAW_KEY = 'exp_0001';

function holdoutMask(
  data: ExperimentData,
  seed: number,
  share: number,
): { test: Uint8Array; from: ExperimentTrainResult['holdout_from'] } {
  if (data.split) return { test: data.split, from: 'split_column' };
  const n = data.rowCount;
  const order = new Rng(Rng.derive(seed, `holdout:${DRAW_KEY}`).nextUint32()).shuffle(
    Array.from({ length: n }, (_, i) => i),
  );
  const test = new Uint8Array(n);
  for (let j = 0; j < Math.round(n * share); j++) test[order[j]] = 1;
  return { test, from: 'seeded_sample' };
}

function rowsWhere(mask: Uint8Array, value: number): Uint32Array {
  const out: number[] = [];
  for (let i = 0; i < mask.length; i++) if (mask[i] === value) out.push(i);
  return Uint32Array.from(out);
}

const pick = <T extends Float64Array | Int32Array>(a: T, rows: Uint32Array): T =>
  (a.constructor as unknown as { from(x: ArrayLike<number>): T }).from(Array.from(rows, (i) => a[i]));

/** The recommended arm of each row: the model's choice, or the best single arm for everyone. */
function policyFor(pred: UpliftPrediction, mode: PolicyMode, bestArm: number): Int32Array {
  if (mode === 'best_single_arm') return new Int32Array(pred.baseline.length).fill(bestArm);
  return recommend(pred).arm;
}

/**
 * The model's predictions for the rows of `keep` (1 = predict), in file order, read and binned a
 * batch at a time (experiment-batches.ts): only one batch of features is ever in memory, and a
 * tree model's prediction of a row depends on that row alone, so the result is the one a single
 * pass over every row would give. `onBatch` sees each batch's predictions (the score file).
 */
export async function predictExperimentRows(
  store: Store,
  experimentId: string,
  artifact: UpliftArtifact,
  keep: Uint8Array | null,
  options: {
    batchRows?: number;
    ids?: boolean;
    onBatch?: (rows: Uint32Array, ids: string[] | null, pred: UpliftPrediction) => void;
  } = {},
): Promise<UpliftPrediction> {
  let n = 0;
  if (keep) for (let i = 0; i < keep.length; i++) n += keep[i] as number;
  // Without `keep`, the whole file: the caller's onBatch consumes it; nothing is gathered.
  const gather = keep !== null;
  const out: UpliftPrediction = {
    baseline: new Float64Array(gather ? n : 0),
    uplift: [],
  };
  let at = 0;
  await scanExperimentBatches(
    store,
    experimentId,
    { keep, ids: options.ids, batchRows: options.batchRows },
    (batch) => {
      const pred = artifact.model.predict(applyBinning(artifact.binning, batch.features, batch.rows.length));
      if (gather) {
        if (out.uplift.length === 0) out.uplift = pred.uplift.map(() => new Float64Array(n));
        out.baseline.set(pred.baseline, at);
        for (const [k, u] of pred.uplift.entries()) (out.uplift[k] as Float64Array).set(u, at);
      }
      options.onBatch?.(batch.rows, batch.ids, pred);
      at += batch.rows.length;
    },
  );
  return out;
}

/** The held-out rows' evaluation from their predictions (`pred` row j is `rows[j]`). */
function evaluateRows(
  pred: UpliftPrediction,
  data: ExperimentData,
  rows: Uint32Array,
  bestArm: number,
  seed: number,
  mode: PolicyMode = 'personalised',
): PolicyEvaluation {
  const policy = policyFor(pred, mode, bestArm);
  return evaluatePolicy({
    arm: pick(data.arm, rows),
    armNames: data.armNames,
    y: pick(data.outcome, rows),
    propensity: pick(data.propensity, rows),
    prediction: pred,
    policy,
    bestSingleArmFromTraining: bestArm,
    seed,
  });
}

/** 1 for the rows listed, else 0. */
function maskOf(rows: Uint32Array, n: number): Uint8Array {
  const m = new Uint8Array(n);
  for (const i of rows) m[i] = 1;
  return m;
}

/** The best single arm on some rows: the arm with the highest mean outcome lift over control (control if none lifts). */
function bestSingleArm(data: ExperimentData, rows: Uint32Array): number {
  return argmax(
    pooledArmLift(
      pick(data.arm, rows),
      new Int32Array(rows.length),
      pick(data.outcome, rows),
      data.armNames.length,
    ),
  );
}

/**
 * Whether recommending each customer their own best arm beats giving everyone the best single arm,
 * judged on the training rows alone by two-fold cross-fitting: the learner is fitted on one half,
 * and on the other half the doubly robust score of the arm its policy picks is compared with that
 * of the half's best single arm (Athey & Wager 2021, "Policy learning with observational data",
 * Econometrica 89(1), for scoring policies by cross-fitted DR scores); then the halves swap. Where
 * the effect does not really vary, or the outcome is too rare for the per-customer estimates to be
 * more than noise, the model's policy spreads customers over arms that are worse on average, and
 * the gain comes out negative or within noise of 0: unless it is PERSONALISE_Z standard errors
 * above 0, the best single arm is recommended to everyone, so the policy is never worse than the
 * best single arm beyond noise. The held-out rows are not touched.
 * `X` holds the training rows only: its row j is `trainRows[j]` (ascending).
 */
async function personalisationGain(
  data: ExperimentData,
  X: BinnedMatrix,
  trainRows: Uint32Array,
  learner: LearnerKind,
  seed: number,
  learnerOptions: Partial<FitUpliftOptions> = {},
): Promise<PersonalisationGain> {
  // Positions in trainRows; since trainRows ascends, sorted positions are sorted rows.
  const halves = crossFitHalves(
    trainRows.length,
    new Rng(Rng.derive(seed, `crossfit:${DRAW_KEY}`).nextUint32()),
  );
  const folds: { diff: Float64Array }[] = [];
  for (let f = 0; f < 2; f++) {
    const fitAt = halves[f] as Uint32Array;
    const scoreAt = halves[1 - f] as Uint32Array;
    const fit = fitAt.map((j) => trainRows[j] as number);
    const score = scoreAt.map((j) => trainRows[j] as number);
    const model = await fitLearner(
      learner,
      {
        X: takeRows(X, fitAt),
        arm: pick(data.arm, fit),
        armNames: data.armNames,
        y: pick(data.outcome, fit),
        propensity: pick(data.propensity, fit),
      },
      seed,
      learnerOptions,
    );
    const best = bestSingleArm(data, fit);
    const pred = model.predict(takeRows(X, scoreAt));
    // The same DR scores evaluatePolicy uses (aipw.ts), on the half the model did not see.
    const gamma = aipwScores(
      pick(data.arm, score),
      pick(data.outcome, score),
      pick(data.propensity, score),
      armMeans(pred),
    );
    folds.push({ diff: gainDifferences(recommend(pred).arm, best, gamma) });
  }
  return summariseGain(folds);
}

/** The feature values of the rows of `keep` (`n` of them), gathered from the batches in row order. */
async function readFeatures(
  store: Store,
  experimentId: string,
  keep: Uint8Array,
  n: number,
  options: { batchRows?: number },
): Promise<ExperimentFeature[]> {
  let out: ExperimentFeature[] = [];
  let at = 0;
  await scanExperimentBatches(store, experimentId, { keep, batchRows: options.batchRows }, (batch) => {
    if (at === 0)
      out = batch.features.map((f) =>
        f.kind === 'numeric'
          ? { name: f.name, kind: 'numeric', values: new Float64Array(n) }
          : { name: f.name, kind: 'categorical', values: new Array<string | null>(n).fill(null) },
      );
    batch.features.forEach((f, c) => {
      const target = out[c] as ExperimentFeature;
      if (f.kind === 'numeric') (target.values as Float64Array).set(f.values, at);
      else
        for (let t = 0; t < f.values.length; t++)
          (target.values as (string | null)[])[at + t] = f.values[t] ?? null;
    });
    at += batch.rows.length;
  });
  return out;
}

export async function trainExperimentModel(
  store: DuckDbStore,
  experimentId: string,
  options: ExperimentTrainOptions,
): Promise<ExperimentTrainResult> {
  const started = Date.now();
  // Arms, outcomes and the split of every row (21 bytes a row); features only for the rows the
  // model learns from, and the held-out rows' predictions a batch at a time.
  const data = await loadExperiment(store, experimentId, { features: false, ids: false });
  const learner = options.learner ?? DEFAULT_LEARNER;
  const { test, from } = holdoutMask(data, options.seed, options.holdoutShare ?? 0.3);
  const trainRows = rowsWhere(test, 0);
  const testRows = rowsWhere(test, 1);
  if (trainRows.length < 100 || testRows.length < 50)
    throw new InvalidInput(
      `experiment ${experimentId} has ${trainRows.length} training and ${testRows.length} held-out rows; at least 100 and 50 are needed`,
    );
  const maxTrainingRows =
    options.maxTrainingRows === undefined ? DEFAULT_MAX_TRAINING_ROWS : options.maxTrainingRows;
  const sample = sampleTrainingRows(
    data.arm,
    data.propensity,
    data.armNames.length,
    trainRows,
    maxTrainingRows,
    new Rng(Rng.derive(options.seed, `train-sample:${DRAW_KEY}`).nextUint32()),
  );
  const usedRows = sample.rows;
  // Only the training steps see the sample's probabilities; the held-out rows keep the logged ones.
  const trainData: ExperimentData = { ...data, propensity: sample.propensity };
  checkTrainable(data, usedRows, testRows);
  // The sample's features, in row order (usedRows ascends): row j of `used` is usedRows[j].
  const used = await readFeatures(
    store,
    experimentId,
    maskOf(usedRows, data.rowCount),
    usedRows.length,
    options,
  );
  const binning = fitBinning(used);
  note(
    `train: ${learner}-learner on ${usedRows.length.toLocaleString('en-US')} rows of experiment ${experimentId}` +
      (usedRows.length < trainRows.length
        ? ` (a seeded sample by arm of its ${trainRows.length.toLocaleString('en-US')} training rows: ` +
          `${data.armNames.map((a, k) => `${a} ${sample.armRowsUsed[k]}/${sample.armRows[k]}`).join(', ')})`
        : ''),
  );
  const Xtrain = applyBinning(binning, used, usedRows.length);
  const learnerOptions = experimentLearnerOptions(learner, options.learnerOptions);
  const model = await fitLearner(
    learner,
    {
      X: Xtrain,
      arm: pick(trainData.arm, usedRows),
      armNames: data.armNames,
      y: pick(trainData.outcome, usedRows),
      propensity: pick(trainData.propensity, usedRows),
    },
    options.seed,
    learnerOptions,
  );
  const artifact: UpliftArtifact = { learner, binning, model };
  const bestArm = bestSingleArm(trainData, usedRows);
  const gain = await personalisationGain(trainData, Xtrain, usedRows, learner, options.seed, learnerOptions);
  const policy = policyModeOf(gain);
  note(
    `train: cross-fitted gain of personalising over the best single arm (${data.armNames[bestArm]}) on the training rows: ` +
      `${gain.value.toPrecision(3)} per row (standard error ${gain.se.toPrecision(2)}); recommending ${policy === 'personalised' ? "each customer's best arm" : `${data.armNames[bestArm]} to everyone`}`,
  );
  const heldOut = await predictExperimentRows(store, experimentId, artifact, test, options);
  const evaluation = evaluateRows(heldOut, data, testRows, bestArm, options.seed, policy);
  const version = `mx_${new Date()
    .toISOString()
    .replace(/[-:TZ.]/g, '')
    .slice(0, 14)}_${hashString(`${experimentId}:${learner}:${options.seed}`).toString(16).slice(0, 6)}`;
  const metrics = {
    experiment_id: experimentId,
    seed: options.seed,
    holdout_share: options.holdoutShare ?? 0.3,
    holdout_from: from,
    training_rows: trainRows.length,
    training_rows_used: usedRows.length,
    max_training_rows: maxTrainingRows,
    best_single_arm_on_training: data.armNames[bestArm],
    policy,
    personalisation_gain: gain,
    evaluation,
  };
  await store.transaction(async (tx) => {
    await tx.run(
      `INSERT INTO model_versions (model_version, created_at, kind, goal, learner, data_fingerprint, metrics, artifact, is_active)
       VALUES ($1, now(), $2, $3, $4, $5, $6, $7, FALSE)`,
      [
        version,
        KIND,
        experimentId,
        learner,
        String(data.rowCount),
        JSON.stringify(metrics),
        serializeArtifact(artifact),
      ],
    );
    await tx.run('UPDATE model_versions SET is_active = (model_version = $1) WHERE kind = $2 AND goal = $3', [
      version,
      KIND,
      experimentId,
    ]);
  });
  return {
    model_version: version,
    experiment_id: experimentId,
    learner,
    training_rows: trainRows.length,
    training_rows_used: usedRows.length,
    training_rows_by_arm: sample.armRows,
    training_rows_used_by_arm: sample.armRowsUsed,
    max_training_rows: maxTrainingRows,
    holdout_rows: testRows.length,
    holdout_from: from,
    arms: data.armNames,
    outcome_kind: data.outcomeBinary ? 'binary' : 'numeric',
    best_single_arm_on_training: data.armNames[bestArm],
    policy,
    personalisation_gain: gain,
    evaluation,
    seconds: (Date.now() - started) / 1000,
  };
}

async function activeExperimentModel(store: Store, experimentId: string) {
  const rows = await store.query<{ model_version: string; metrics: string; artifact: string }>(
    'SELECT model_version, metrics, artifact FROM model_versions WHERE kind = $1 AND goal = $2 AND is_active',
    [KIND, experimentId],
  );
  if (!rows[0])
    throw new NotFound(
      `no model trained on experiment ${experimentId}: run \`aether train --experiment ${experimentId}\``,
    );
  return {
    modelVersion: rows[0].model_version,
    metrics: JSON.parse(rows[0].metrics) as {
      seed: number;
      holdout_share: number;
      best_single_arm_on_training: string;
      /** Absent on models trained before the policy check: they recommended per customer. */
      policy?: PolicyMode;
    },
    artifact: deserializeArtifact(rows[0].artifact),
  };
}

/** Re-evaluates the experiment's active model on exactly the held-out rows it was evaluated on. */
export async function evaluateExperimentModel(
  store: Store,
  experimentId: string,
  options: { batchRows?: number } = {},
): Promise<
  PolicyEvaluation & {
    model_version: string;
    experiment_id: string;
    policy: PolicyMode;
    outcome_kind: OutcomeKind;
  }
> {
  const m = await activeExperimentModel(store, experimentId);
  const data = await loadExperiment(store, experimentId, { features: false, ids: false });
  const { test } = holdoutMask(data, m.metrics.seed, m.metrics.holdout_share);
  const best = Math.max(0, data.armNames.indexOf(m.metrics.best_single_arm_on_training));
  const policy = m.metrics.policy ?? 'personalised';
  const pred = await predictExperimentRows(store, experimentId, m.artifact, test, options);
  const evaluation = evaluateRows(pred, data, rowsWhere(test, 1), best, m.metrics.seed, policy);
  return {
    model_version: m.modelVersion,
    experiment_id: experimentId,
    policy,
    outcome_kind: data.outcomeBinary ? 'binary' : 'numeric',
    ...evaluation,
  };
}

/**
 * Writes one row per input row, keyed by the import's id column: the baseline, the uplift of every
 * arm, the recommended arm and whether the row was held out; CSV or Parquet by the file's extension.
 */
export async function scoreExperiment(
  store: Store,
  experimentId: string,
  out: string,
  options: { batchRows?: number } = {},
): Promise<{ file: string; rows: number; model_version: string; format: 'csv' | 'parquet' }> {
  const ext = extname(out).toLowerCase();
  if (ext !== '.csv' && ext !== '.parquet')
    throw new InvalidInput(`--out for an experiment must end in .csv or .parquet, not "${ext || out}"`, [
      { name: 'out', reason: 'unknown format' },
    ]);
  if (ext === '.parquet') {
    // Parquet by way of the CSV writer below and DuckDB, with typed columns (ids stay text).
    const dir = mkdtempSync(join(tmpdir(), 'aether-score-'));
    try {
      const csv = await scoreExperiment(store, experimentId, join(dir, 'scores.csv'), options);
      const file = resolve(out);
      const reader = `read_csv($1, header = true, all_varchar = true, delim = ',', quote = '"', escape = '"')`;
      const names = (
        await store.query<{ column_name: string }>(`DESCRIBE SELECT * FROM ${reader}`, [csv.file])
      ).map((c) => c.column_name);
      const typed = names.map((n, j) =>
        j === 0 || n === 'recommended_arm'
          ? quoteIdent(n)
          : `CAST(${quoteIdent(n)} AS ${n === 'held_out' ? 'BOOLEAN' : 'DOUBLE'}) AS ${quoteIdent(n)}`,
      );
      const tmp = `experiment_scores_${process.pid}_${Date.now()}`;
      await store.run(`CREATE TEMP TABLE ${tmp} AS SELECT ${typed.join(', ')} FROM ${reader}`, [csv.file]);
      try {
        await store.run(`COPY ${tmp} TO ${filePathLiteral(file)} (FORMAT PARQUET)`);
      } finally {
        await store.run(`DROP TABLE IF EXISTS ${tmp}`);
      }
      return { ...csv, file, format: 'parquet' };
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }
  const m = await activeExperimentModel(store, experimentId);
  const data = await loadExperiment(store, experimentId, { features: false, ids: false });
  const { test } = holdoutMask(data, m.metrics.seed, m.metrics.holdout_share);
  const best = Math.max(0, data.armNames.indexOf(m.metrics.best_single_arm_on_training));
  const mode = m.metrics.policy ?? 'personalised';
  const file = resolve(out);
  const csvCell = (v: string) => (/[",\n]/.test(v) ? `"${v.replaceAll('"', '""')}"` : v);
  const treatments = data.armNames.slice(1);
  const armCells = data.armNames.map(csvCell);
  // Each batch's lines are written as they are made: memory holds one batch, not the file.
  const fd = openSync(file, 'w');
  try {
    writeSync(
      fd,
      `${['id', 'baseline', ...treatments.map((a) => `uplift_${a}`), 'recommended_arm', 'held_out'].map(csvCell).join(',')}\n`,
    );
    await predictExperimentRows(store, experimentId, m.artifact, null, {
      ids: true,
      batchRows: options.batchRows,
      onBatch: (rows, ids, pred) => {
        const policy = policyFor(pred, mode, best);
        const lines: string[] = new Array(rows.length);
        for (let j = 0; j < rows.length; j++)
          lines[j] = [
            csvCell((ids as string[])[j] as string),
            String(pred.baseline[j]),
            ...treatments.map((_, k) => String((pred.uplift[k] as Float64Array)[j])),
            armCells[policy[j] as number],
            test[rows[j] as number] ? 'true' : 'false',
          ].join(',');
        writeSync(fd, `${lines.join('\n')}\n`);
      },
    });
  } finally {
    closeSync(fd);
  }
  return { file, rows: data.rowCount, model_version: m.modelVersion, format: 'csv' };
}
