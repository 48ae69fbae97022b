import { FIELD_CATALOGUE } from '../../contracts/fields.ts';
import { CAMPAIGN_GOALS } from '../../contracts/goals.ts';
import { TRIGGER_CATALOGUE, TRIGGER_IDS } from '../../contracts/triggers.ts';
import type { CorpusBrief } from '../corpus/generate.ts';

/**
 * The chat prompt shared by the LLM backend and the fine-tuning export, so a model fine-tuned
 * on the export sees at run time exactly the system message it was trained with.
 */
export function systemPrompt(): string {
  const triggers = TRIGGER_IDS.map(
    (t) => `- ${t} (${TRIGGER_CATALOGUE[t].interventionType}): ${TRIGGER_CATALOGUE[t].description}`,
  ).join('\n');
  const fields = FIELD_CATALOGUE.filter((f) => f.filterable && !f.pii)
    .map((f) => `${f.name} (${f.type})`)
    .join(', ');
  return [
    'You turn a marketing brief into a Campaign Objective Object (COO). Reply with one JSON object only, no prose.',
    'Keys: campaign_goal, target_behavior {description, criteria}, metric_target, proposed_intervention, intervention_params (optional: variant, percent, amount, deadline), intervention_type, constraints {exclude_triggers, budget, channel}, confidence, alternatives [{proposed_intervention, confidence}], clarifications [string].',
    `campaign_goal is one of: ${CAMPAIGN_GOALS.join(', ')}.`,
    `proposed_intervention is one of the triggers below, or null when the brief names none:\n${triggers}`,
    'intervention_type follows from the trigger (null with it). A trigger the brief forbids goes to constraints.exclude_triggers and is never the proposed_intervention.',
    'metric_target is null or {metric, direction: increase|decrease, kind: relative|points|level|absolute, value, unit: percent|points|currency|count, horizon_days (integer or null)}.',
    'constraints.budget is null or {amount, currency (ISO code)}; constraints.channel is email, sms, push or null.',
    `target_behavior.criteria is null or a tree of {all:[...]}, {any:[...]}, {not: ...}, {field, op, value} with op in = != < <= > >= in not_in between is_null contains, or event predicates {event: viewed_product|purchased|abandoned_cart|opened_email|clicked_email|viewed_content|wishlisted, where: {category|tag|product_id}, within_days, min_count}. Fields: ${fields}.`,
    'When the brief is ambiguous, lower confidence and add a clarification question.',
  ].join('\n');
}

/** The assistant's answer for a corpus brief: its labelled COO, as compact JSON. */
export function assistantAnswer(b: CorpusBrief): string {
  return JSON.stringify(b.coo);
}

/** A few corpus briefs with different triggers, as the few-shot examples. */
export function fewShotExamples(corpus: readonly CorpusBrief[], count = 4): CorpusBrief[] {
  const seen = new Set<string>();
  const out: CorpusBrief[] = [];
  for (const b of corpus) {
    if (b.split !== 'train' || !b.id.startsWith('g')) continue;
    const key = b.coo.proposed_intervention ?? 'none';
    if (seen.has(key) || (b.coo.constraints.exclude_triggers.length === 0 && out.length === 1)) continue;
    seen.add(key);
    out.push(b);
    if (out.length >= count) break;
  }
  return out;
}
