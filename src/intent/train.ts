import { readFileSync } from 'node:fs';
import { Rng } from '../core/rng.ts';
import { expectedCalibrationError, fitTemperature } from './calibration.ts';
import { calibratorInputs, fitCalibrator, positiveCues, recalibrate } from './confidence-calibrator.ts';
import { isDevFamily } from './corpus/dev-set.ts';
import type { CorpusBrief } from './corpus/generate.ts';
import { CORPUS_PATH } from './corpus/write-corpus.ts';
import { type AnalyzedBrief, analyze, GOAL_CLASSES, IntentModel, TRIGGER_CLASSES } from './intent-model.ts';
import { KNOWN_WORDS } from './known-words.ts';
import { encodeModel, type ModelJson } from './model-artifact.ts';
import { SoftmaxRegression, softmax } from './softmax-regression.ts';
import { distance, SpellingCorrector } from './spelling.ts';

/**
 * Trains the embedded model from the corpus' train split only: spelling vocabulary, the two
 * softmax heads, and temperatures fitted on out-of-fold logits (5 folds grouped by template
 * family, so the temperature reflects unseen sentence shapes). Deterministic for a seed.
 */
export const DEFAULT_TRAIN_SEED = 7;
export const DEV_REPEAT = 3;

export function readCorpus(path = CORPUS_PATH): CorpusBrief[] {
  return readFileSync(path, 'utf8')
    .split('\n')
    .filter((l) => l.trim())
    .map((l) => JSON.parse(l) as CorpusBrief);
}

export function triggerLabel(b: CorpusBrief): number {
  return TRIGGER_CLASSES.indexOf(b.coo.proposed_intervention ?? 'none');
}

export function goalLabel(b: CorpusBrief): number {
  return GOAL_CLASSES.indexOf(b.coo.campaign_goal);
}

export function buildVocabulary(briefs: readonly CorpusBrief[]): Array<[string, number]> {
  const counts = new Map<string, number>();
  for (const b of briefs)
    for (const w of b.brief.toLowerCase().match(/[a-z]+/g) ?? []) counts.set(w, (counts.get(w) ?? 0) + 1);
  const kept = [...counts.entries()].filter(([w, c]) => c >= 3 && w.length >= 4);
  // The corpus has deliberate typos; one that recurs ("custmers" x3) is still a typo when a word
  // one edit away is ten times as frequent, and must not become a "known" word.
  const known = new Set(KNOWN_WORDS);
  return kept
    .filter(
      ([w, c]) =>
        known.has(w) ||
        !kept.some(([v, cv]) => cv >= 10 * c && Math.abs(v.length - w.length) <= 1 && distance(w, v, 1) <= 1),
    )
    .sort((a, b) => (a[0] < b[0] ? -1 : 1));
}

export interface TrainResult {
  model: IntentModel;
  json: ModelJson;
}

export function trainIntentModel(
  corpus: readonly CorpusBrief[],
  seed = DEFAULT_TRAIN_SEED,
  devRepeat = DEV_REPEAT,
): TrainResult {
  // Human-written dev briefs (both dev sets' train halves) count DEV_REPEAT times: there are few of them next to the grammar's
  // thousands, and they carry the wording the grammar lacks.
  const train = corpus
    .filter((b) => b.split === 'train')
    .flatMap((b) => (isDevFamily(b.family) ? new Array<CorpusBrief>(devRepeat).fill(b) : [b]));
  const vocabulary = buildVocabulary(train);
  const speller = new SpellingCorrector(
    vocabulary.map(([w]) => w),
    new Map(vocabulary),
  );
  const analyzed: AnalyzedBrief[] = train.map((b) => analyze(b.brief, speller));
  const xs = analyzed.map((a) => a.features);
  const xg = analyzed.map((a) => a.goalFeatures);
  const yt = train.map(triggerLabel);
  const yg = train.map(goalLabel);

  // Out-of-fold logits for the temperature, folds grouped by template family.
  const families = [...new Set(train.map((b) => b.family))].sort();
  Rng.derive(seed, 'folds').shuffle(families);
  const foldOf = new Map(families.map((f, i) => [f, i % 5]));
  const oofT: Float64Array[] = new Array(train.length);
  const oofG: Float64Array[] = new Array(train.length);
  for (let k = 0; k < 5; k++) {
    const inFold = train.map((b) => foldOf.get(b.family) === k);
    const trX = xs.filter((_, i) => !inFold[i]);
    const trG = xg.filter((_, i) => !inFold[i]);
    const t = SoftmaxRegression.fit(
      trX,
      yt.filter((_, i) => !inFold[i]),
      TRIGGER_CLASSES.length,
      Rng.derive(seed, `t${k}`),
    );
    const g = SoftmaxRegression.fit(
      trG,
      yg.filter((_, i) => !inFold[i]),
      GOAL_CLASSES.length,
      Rng.derive(seed, `g${k}`),
    );
    inFold.forEach((f, i) => {
      if (!f) return;
      oofT[i] = t.logits(xs[i]!);
      oofG[i] = g.logits(xg[i]!);
    });
  }
  const temperature = { trigger: fitTemperature(oofT, yt), goal: fitTemperature(oofG, yg) };
  const oofEce = (logits: Float64Array[], y: number[], temp: number): number => {
    const conf: number[] = [];
    const ok: boolean[] = [];
    logits.forEach((l, i) => {
      const p = softmax(l, temp);
      let best = 0;
      for (let c = 1; c < p.length; c++) if (p[c]! > p[best]!) best = c;
      conf.push(p[best]!);
      ok.push(best === y[i]);
    });
    return expectedCalibrationError(conf, ok);
  };
  // The top-label calibrator, on the same out-of-fold predictions, as interpretEmbedded states them
  // (forbidden triggers masked). Human-written rows (hand-written and dev) weigh as much in total
  // as the grammar's: the briefs the interpreter meets are human-written.
  const human = train.map((b) => b.family.startsWith('hand') || isDevFamily(b.family));
  const nHuman = human.filter(Boolean).length;
  const calIn: number[][] = [];
  const calOk: boolean[] = [];
  const calW: number[] = [];
  const stated: Float64Array[] = [];
  const cuesOf = analyzed.map((a) => positiveCues(a.text, a.negation.spans, a.audience));
  oofT.forEach((l, i) => {
    const p = softmax(l, temperature.trigger);
    TRIGGER_CLASSES.forEach((c, k) => {
      if (c !== 'none' && analyzed[i]!.negation.excluded.includes(c)) p[k] = 0;
    });
    const s = p.reduce((a, b) => a + b, 0) || 1;
    for (let k = 0; k < p.length; k++) p[k]! /= s;
    stated.push(p);
    calIn.push(calibratorInputs(p, TRIGGER_CLASSES, cuesOf[i]!));
    let best = 0;
    for (let k = 1; k < p.length; k++) if (p[k]! > p[best]!) best = k;
    calOk.push(best === yt[i]);
    calW.push(human[i] ? (train.length - nHuman) / Math.max(1, nHuman) : 1);
  });
  const calibrator = fitCalibrator(calIn, calOk, calW);
  const statedEce = (rows: number[], cal: boolean): number => {
    const conf: number[] = [];
    const ok: boolean[] = [];
    for (const i of rows) {
      const p = cal ? recalibrate(stated[i]!, TRIGGER_CLASSES, cuesOf[i]!, calibrator) : stated[i]!;
      conf.push(Math.max(...p));
      ok.push(calOk[i]!);
    }
    return expectedCalibrationError(conf, ok);
  };
  const humanRows = [...train.keys()].filter((i) => human[i]);
  const trigger = SoftmaxRegression.fit(xs, yt, TRIGGER_CLASSES.length, Rng.derive(seed, 'trigger'));
  const goal = SoftmaxRegression.fit(xg, yg, GOAL_CLASSES.length, Rng.derive(seed, 'goal'));
  const model = new IntentModel(
    trigger,
    goal,
    temperature,
    speller,
    `intent-linear-s${seed}-n${train.length}`,
    calibrator,
  );
  const metrics = {
    train_briefs: train.length,
    oof_trigger_ece_uncalibrated: round(oofEce(oofT, yt, 1)),
    oof_trigger_ece_calibrated: round(oofEce(oofT, yt, temperature.trigger)),
    oof_goal_ece_calibrated: round(oofEce(oofG, yg, temperature.goal)),
    oof_human_trigger_ece_temperature: round(statedEce(humanRows, false)),
    oof_human_trigger_ece_calibrator: round(statedEce(humanRows, true)),
    oof_trigger_ece_calibrator: round(statedEce([...train.keys()], true)),
  };
  const json = encodeModel(model, seed, vocabulary, metrics);
  return { model, json };
}

function round(v: number): number {
  return Math.round(v * 10000) / 10000;
}
