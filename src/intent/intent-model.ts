import type { Criteria } from '../contracts/criteria.ts';
import { CAMPAIGN_GOALS, type CampaignGoal } from '../contracts/goals.ts';
import { TRIGGER_IDS, type TriggerId } from '../contracts/triggers.ts';
import { extractCriteria } from './extract-criteria.ts';
import { featureNames, hashFeatures, type SparseVector } from './features.ts';
import { impliedGoals } from './implied-goal.ts';
import { GOAL_CUES } from './lexicon.ts';
import { findNegations, type NegationResult } from './negation.ts';
import { type SoftmaxRegression, softmax } from './softmax-regression.ts';
import type { SpellingCorrector } from './spelling.ts';
import { normalizeText } from './text.ts';

/** The trigger head's classes: the catalogue plus `none` (the brief names no trigger). */
export const TRIGGER_CLASSES: ReadonlyArray<TriggerId | 'none'> = [...TRIGGER_IDS, 'none'];
export const GOAL_CLASSES: readonly CampaignGoal[] = CAMPAIGN_GOALS;

/** A brief after normalisation, spelling correction and negation scoping: what every later step reads. */
export interface AnalyzedBrief {
  raw: string;
  text: string;
  negation: NegationResult;
  features: SparseVector;
}

export interface Prediction {
  trigger: Float64Array;
  goal: Float64Array;
}

/** The embedded model: two calibrated softmax heads over one hashed feature space. */
export class IntentModel {
  constructor(
    readonly trigger: SoftmaxRegression,
    readonly goal: SoftmaxRegression,
    readonly temperature: { trigger: number; goal: number },
    readonly speller: SpellingCorrector,
    readonly version: string,
    /** Weights of the top-label confidence calibrator (confidence-calibrator.ts); null: temperature only. */
    readonly calibrator: readonly number[] | null = null,
  ) {}

  analyze(raw: string): AnalyzedBrief {
    return analyze(raw, this.speller);
  }

  predict(brief: AnalyzedBrief): Prediction {
    return {
      trigger: softmax(this.trigger.logits(brief.features), this.temperature.trigger),
      goal: softmax(this.goal.logits(brief.features), this.temperature.goal),
    };
  }
}

export function analyze(raw: string, speller: SpellingCorrector | null): AnalyzedBrief {
  const normalized = normalizeText(raw);
  const text = speller ? speller.correct(normalized) : normalized;
  const negation = findNegations(text);
  // The audience the rules read, as features: "abandoned their basket" and "cart abandoners"
  // both become crit:abandoned_cart_value, which says much about the goal whatever the wording.
  const criteria = extractCriteria(text).criteria;
  const audience = criteriaFeatures(criteria);
  // The goal the audience implies, alone and with whether the brief states a goal in words: a
  // stated goal outweighs it, an unstated one is mostly it.
  const stated = Object.values(GOAL_CUES).some((re) => re.test(text));
  for (const g of impliedGoals(criteria)) audience.push(`implied:${g}`, `implied:${g}:${stated ? 's' : 'n'}`);
  return { raw, text, negation, features: hashFeatures(featureNames(text, negation.spans, audience)) };
}

function criteriaFeatures(c: Criteria | null, neg = false, out: string[] = []): string[] {
  if (!c) return out;
  if ('all' in c) for (const k of c.all) criteriaFeatures(k, neg, out);
  else if ('any' in c) for (const k of c.any) criteriaFeatures(k, neg, out);
  else if ('not' in c) criteriaFeatures(c.not, !neg, out);
  else if ('field' in c) out.push(`crit:${neg ? '!' : ''}${c.field}`);
  else out.push(`crit:${neg ? '!' : ''}${c.event}${c.where?.tag ? `:${c.where.tag}` : ''}`);
  return out;
}
