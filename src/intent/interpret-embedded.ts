import type { CampaignObjective } from '../contracts/coo.ts';
import { CampaignObjective as CampaignObjectiveSchema } from '../contracts/coo.ts';
import { interventionTypeOf, TRIGGER_CATALOGUE, type TriggerId } from '../contracts/triggers.ts';
import { InvalidInput } from '../core/errors.ts';
import { enforceGate, withGateQuestion } from './brief-gate.ts';
import { briefNames } from './brief-names.ts';
import { recalibrate } from './confidence-calibrator.ts';
import { extractBudget } from './extract-budget.ts';
import { extractChannel } from './extract-channel.ts';
import { extractCriteria } from './extract-criteria.ts';
import { extractMetric } from './extract-metric.ts';
import { extractParams } from './extract-params.ts';
import { GOAL_CLASSES, type IntentModel, TRIGGER_CLASSES } from './intent-model.ts';
import { vagueAudienceQuestion, vagueAudienceWords } from './vague-audience.ts';

/**
 * Brief -> COO with the embedded model: the classifier picks trigger and goal (forbidden triggers
 * masked out of the distribution first), the rules read budget, incentive details, audience,
 * metric target and channel in that order, each masking what it used.
 */
export const MAX_BRIEF_CHARS = 2000;
/** Below this calibrated probability the trigger is a question for the marketer, not an answer. */
export const CLARIFY_BELOW = 0.5;
/** Below this the guess is withheld: the engine picks the trigger and the marketer is asked. */
export const WITHHOLD_BELOW = 0.3;

function mask(text: string, spans: Array<[number, number]>): string {
  let out = text;
  for (const [s, e] of spans) out = out.slice(0, s) + ' '.repeat(Math.max(0, e - s)) + out.slice(e);
  return out;
}

export function validateBriefText(raw: unknown): string {
  if (typeof raw !== 'string' || raw.trim().length === 0)
    throw new InvalidInput('The brief is empty: describe who to target and what you want to achieve.', [
      { name: 'brief', reason: 'empty' },
    ]);
  if (raw.length > MAX_BRIEF_CHARS)
    throw new InvalidInput(`The brief is ${raw.length} characters long; the limit is ${MAX_BRIEF_CHARS}.`, [
      { name: 'brief', reason: `longer than ${MAX_BRIEF_CHARS} characters` },
    ]);
  return raw.trim();
}

export function interpretEmbedded(raw: string, model: IntentModel): CampaignObjective {
  const brief = model.analyze(validateBriefText(raw));
  const { text, negation } = brief;
  // Not a campaign brief: refused (InvalidInput, reason "not a campaign brief"), or for a
  // borderline text answered with a question first (brief-gate.ts).
  const gate = enforceGate(brief);
  const prediction = model.predict(brief);
  const excluded = negation.excluded;
  let pt: Float64Array = Float64Array.from(prediction.trigger);
  TRIGGER_CLASSES.forEach((c, i) => {
    if (c !== 'none' && excluded.includes(c)) pt[i] = 0;
  });
  const total = pt.reduce((a, b) => a + b, 0) || 1;
  for (let i = 0; i < pt.length; i++) pt[i]! /= total;
  pt = recalibrate(pt, TRIGGER_CLASSES, brief.cues, model.calibrator);
  const ranked = [...pt.keys()].sort((a, b) => pt[b]! - pt[a]!);
  const top = ranked[0]!;
  const topClass = TRIGGER_CLASSES[top]!;
  const confidence = pt[top]!;
  const clarifications: string[] = [];
  let trigger: TriggerId | null = topClass === 'none' ? null : topClass;
  const label = (i: number): string => {
    const c = TRIGGER_CLASSES[i]!;
    return c === 'none'
      ? 'no specific trigger (let the engine choose)'
      : TRIGGER_CATALOGUE[c].label.toLowerCase();
  };
  if (confidence < CLARIFY_BELOW) {
    const second = ranked[1]!;
    clarifications.push(
      `Which trigger do you want: ${label(top)} (${pct(pt[top]!)}) or ${label(second)} (${pct(pt[second]!)})?`,
    );
    if (confidence < WITHHOLD_BELOW) trigger = null;
  }

  const pg = prediction.goal;
  const goalRanked = [...pg.keys()].sort((a, b) => pg[b]! - pg[a]!);
  const goal = GOAL_CLASSES[goalRanked[0]!]!;
  if (pg[goalRanked[0]!]! < CLARIFY_BELOW)
    clarifications.push(
      `Is the goal ${GOAL_CLASSES[goalRanked[0]!]!.replace(/_/g, ' ')} or ${GOAL_CLASSES[goalRanked[1]!]!.replace(/_/g, ' ')}?`,
    );

  const budget = extractBudget(text);
  const params = extractParams(mask(text, budget.span ? [budget.span] : []), trigger);
  let rest = mask(text, [...(budget.span ? [budget.span] : []), ...params.spans]);
  // The rules read lower-cased text; the brief's own capitals and codes tell its names (brief-names.ts).
  const audience = extractCriteria(rest, briefNames(brief.raw, text));
  rest = mask(rest, audience.spans);
  const metric = extractMetric(rest, goal);
  rest = mask(rest, metric.spans);
  const channel = extractChannel(rest, negation.spans);
  // An audience named only by a vague word ("our most loyal customers") keeps the labels' reading
  // and gets one question with concrete definitions; a suggestion, planning goes on (vague-audience.ts).
  const vague = vagueAudienceQuestion(text, audience.criteria);
  if (vague) clarifications.push(vague);

  const alternatives = ranked
    .slice(1)
    .filter((i) => pt[i]! >= 0.02)
    .slice(0, 3)
    .map((i) => ({
      proposed_intervention: TRIGGER_CLASSES[i] === 'none' ? null : (TRIGGER_CLASSES[i] as TriggerId),
      confidence: round(pt[i]!),
    }));
  if (trigger === null && topClass !== 'none')
    alternatives.unshift({ proposed_intervention: topClass, confidence: round(confidence) });

  const coo: CampaignObjective = {
    campaign_goal: goal,
    target_behavior: {
      description: audience.phrases.length
        ? audience.phrases.join('; ').slice(0, 2000)
        : vague
          ? `${vagueAudienceWords(text)} (not defined in the brief: everyone until you say who counts)`
          : 'all customers (the brief names no audience)',
      criteria: audience.criteria,
    },
    metric_target: metric.target,
    proposed_intervention: trigger,
    intervention_type: trigger ? interventionTypeOf(trigger) : null,
    constraints: { exclude_triggers: excluded, budget: budget.budget, channel },
    confidence: round(
      trigger === null && topClass !== 'none'
        ? pt[ranked.find((i) => TRIGGER_CLASSES[i] === 'none') ?? top]!
        : confidence,
    ),
    alternatives: alternatives.slice(0, 10),
    clarifications: clarifications.slice(0, 10),
  };
  if (trigger && Object.keys(params.params).length) coo.intervention_params = params.params;
  // A borderline text may not be a brief at all: it is asked about first, and the stated
  // confidences become those of "a brief, and this trigger" (times the gate's probability; the rest
  // is "not a brief"). A text the gate reads as a brief keeps the trigger's own calibrated figure.
  return CampaignObjectiveSchema.parse(
    gate.kind === 'clarify' ? withGateQuestion(coo, gate.probability) : coo,
  );
}

function pct(p: number): string {
  return `${Math.round(p * 100)}%`;
}

function round(v: number): number {
  return Math.round(v * 1000) / 1000;
}
