import type { CampaignObjective } from '../contracts/coo.ts';
import { InvalidInput } from '../core/errors.ts';
import { Rng } from '../core/rng.ts';
import { expectedCalibrationError } from './calibration.ts';
import { DEV, type DevSet, devBriefs, isDevFamily } from './corpus/dev-set.ts';
import { canonicalCriteria } from './criteria-canonical.ts';
import { metricKey } from './evaluate.ts';
import { analyze, GOAL_CLASSES, IntentModel, TRIGGER_CLASSES } from './intent-model.ts';
import { interpretEmbedded } from './interpret-embedded.ts';
import { SoftmaxRegression } from './softmax-regression.ts';
import { SpellingCorrector } from './spelling.ts';
import {
  buildVocabulary,
  type CalibrationFolds,
  DEFAULT_TRAIN_SEED,
  DEV_REPEAT,
  goalLabel,
  readCorpus,
  trainIntentModel,
  triggerLabel,
} from './train.ts';

/**
 * Cross-validation over a dev set's training half (`aether intent cv [--set dev2|dev3|dev4|dev5]`): its five
 * families are held out in turn, the two heads are trained on the rest of the training corpus (the
 * other dev set's train half included), and each held-out brief is interpreted. This is the error
 * analysis that may be read sentence by sentence (the train halves are trained on anyway); the test
 * halves and the held-out set are never touched here.
 * The temperature is 1 and there is no confidence calibrator (they are fitted by `intent train`);
 * the ECE is reported for a few temperatures to show where calibration should land.
 */
export interface CvError {
  id: string;
  brief: string;
  /** What differed: trigger, goal, criteria, metric, each as "label -> predicted". */
  diffs: string[];
}

export interface CvReport {
  /** The dev set whose train half was cross-validated (`dev`, `dev2`, ..., `dev5`). */
  set: string;
  /** `families`: its five families in turn; `set`: the whole train half at once (a writer never seen). */
  folds: 'families' | 'set';
  n: number;
  trigger_accuracy: number;
  goal_accuracy: number;
  criteria_exact: number;
  metric_exact: number;
  ece_by_temperature: Record<string, number>;
  /**
   * With `calibrated`: the whole training pipeline (temperatures and confidence calibrator fitted
   * as `intent train` fits them, without the set) and the ECE and mean of the confidence the COO
   * states, on a writer never seen.
   */
  calibrated?: {
    folds: CalibrationFolds;
    temperature: { trigger: number; goal: number };
    stated_ece: number;
    mean_confidence: number;
  };
  errors: CvError[];
}

const TEMPERATURES = [0.7, 0.8, 0.9, 1, 1.1, 1.2];

/**
 * With `folds: 'set'` the whole train half is left out at once, so the heads are trained on the
 * other writers only: the estimate for a writer the corpus has never seen (2026-11-28).
 */
export function crossValidateDev(
  seed = DEFAULT_TRAIN_SEED,
  set: DevSet = DEV,
  folds: 'families' | 'set' = 'families',
  calibrated?: CalibrationFolds,
): CvReport {
  const corpus = readCorpus();
  const dev = new Map(devBriefs('train', set).map((d) => [`${set.name}-${d.id}`, d]));
  // A set wired into dev-set.ts before the corpus was regenerated has no rows to hold out: say so
  // instead of reporting zeros as if they were a measurement.
  if (!corpus.some((b) => isDevFamily(b.family) && b.family.startsWith(`${set.name}-`)))
    throw new InvalidInput(
      `the corpus holds no train brief of ${set.name}: regenerate it (aether intent train --corpus) before cross-validating`,
      [{ name: 'set', reason: `${set.name} is not in briefs.jsonl` }],
    );
  const calib = TEMPERATURES.map(() => ({ conf: [] as number[], ok: [] as boolean[] }));
  const errors: CvError[] = [];
  let n = 0;
  let nt = 0;
  let ng = 0;
  let nc = 0;
  let nm = 0;
  const held = (family: string, k: number): boolean =>
    folds === 'set'
      ? family.startsWith(`${set.name}-`) && isDevFamily(family)
      : family === `${set.name}-${k}`;
  const stated = { conf: [] as number[], ok: [] as boolean[] };
  let calTemperature = { trigger: 1, goal: 1 };
  for (let k = 0; k < (folds === 'set' ? 1 : 5); k++) {
    const full =
      calibrated && folds === 'set'
        ? trainIntentModel(
            corpus.filter((b) => !held(b.family, k)),
            seed,
            DEV_REPEAT,
            calibrated,
          ).model
        : null;
    if (full) calTemperature = full.temperature;
    const train = corpus
      .filter((b) => b.split === 'train' && !held(b.family, k))
      .flatMap((b) => (isDevFamily(b.family) ? new Array(DEV_REPEAT).fill(b) : [b]));
    const vocabulary = buildVocabulary(train);
    const speller = new SpellingCorrector(
      vocabulary.map(([w]) => w),
      new Map(vocabulary),
    );
    const analyzed = train.map((b) => analyze(b.brief, speller));
    const t = SoftmaxRegression.fit(
      analyzed.map((a) => a.features),
      train.map(triggerLabel),
      TRIGGER_CLASSES.length,
      Rng.derive(seed, `cv-trigger-${k}`),
    );
    const g = SoftmaxRegression.fit(
      analyzed.map((a) => a.goalFeatures),
      train.map(goalLabel),
      GOAL_CLASSES.length,
      Rng.derive(seed, `cv-goal-${k}`),
    );
    const models = TEMPERATURES.map((T) => new IntentModel(t, g, { trigger: T, goal: 1 }, speller, 'cv'));
    const model = models[TEMPERATURES.indexOf(1)]!;
    if (full) {
      for (const b of corpus.filter((c) => held(c.family, k))) {
        const d = dev.get(b.id);
        if (!d) continue;
        try {
          const c = interpretEmbedded(d.brief, full);
          stated.conf.push(c.confidence);
          stated.ok.push(c.proposed_intervention === d.proposed_intervention);
        } catch {
          // counted as an error below
        }
      }
    }
    for (const b of corpus.filter((c) => held(c.family, k))) {
      const d = dev.get(b.id);
      if (!d) continue;
      n++;
      let coo: CampaignObjective;
      try {
        coo = interpretEmbedded(d.brief, model);
      } catch (e) {
        errors.push({ id: d.id, brief: d.brief, diffs: [`error: ${(e as Error).message}`] });
        continue;
      }
      models.forEach((m, i) => {
        const c = interpretEmbedded(d.brief, m);
        calib[i]!.conf.push(c.confidence);
        calib[i]!.ok.push(c.proposed_intervention === d.proposed_intervention);
      });
      const diffs: string[] = [];
      if (coo.proposed_intervention === d.proposed_intervention) nt++;
      else
        diffs.push(`trigger ${d.proposed_intervention} -> ${coo.proposed_intervention} (${coo.confidence})`);
      if (coo.campaign_goal === d.campaign_goal) ng++;
      else diffs.push(`goal ${d.campaign_goal} -> ${coo.campaign_goal}`);
      const want = canonicalCriteria(d.criteria);
      const got = canonicalCriteria(coo.target_behavior.criteria);
      if (want === got) nc++;
      else diffs.push(`criteria ${want} -> ${got}`);
      if (metricKey(coo.metric_target) === metricKey(d.metric_target)) nm++;
      else diffs.push(`metric ${metricKey(d.metric_target)} -> ${metricKey(coo.metric_target)}`);
      if (diffs.length) errors.push({ id: d.id, brief: d.brief, diffs });
    }
  }
  const r4 = (v: number): number => Math.round(v * 10000) / 10000;
  return {
    set: set.name,
    folds,
    n,
    trigger_accuracy: r4(nt / (n || 1)),
    goal_accuracy: r4(ng / (n || 1)),
    criteria_exact: r4(nc / (n || 1)),
    metric_exact: r4(nm / (n || 1)),
    ece_by_temperature: Object.fromEntries(
      TEMPERATURES.map((T, i) => [String(T), r4(expectedCalibrationError(calib[i]!.conf, calib[i]!.ok))]),
    ),
    ...(calibrated && folds === 'set'
      ? {
          calibrated: {
            folds: calibrated,
            temperature: calTemperature,
            stated_ece: r4(expectedCalibrationError(stated.conf, stated.ok)),
            mean_confidence: r4(stated.conf.reduce((a, b) => a + b, 0) / (stated.conf.length || 1)),
          },
        }
      : {}),
    errors: errors.sort((a, b) => (a.id < b.id ? -1 : 1)),
  };
}
