import { fileURLToPath } from 'node:url';
import type { Budget, CampaignObjective, MetricTarget } from '../contracts/coo.ts';
import type { Criteria } from '../contracts/criteria.ts';
import type { CampaignGoal } from '../contracts/goals.ts';
import type { TriggerId } from '../contracts/triggers.ts';
import { AppError } from '../core/errors.ts';
import { baselineGoal, baselineTrigger } from './baseline.ts';
import { GATE_QUESTION, GATE_REASON } from './brief-gate.ts';
import { OFFTOPIC_TRAIN_PATH, type OfftopicCase, readOfftopic } from './brief-gate-train.ts';
import { expectedCalibrationError } from './calibration.ts';
import { DEV, type DevSet, halfOf, labelledCoo, readDevSet, readLabelled } from './corpus/dev-set.ts';
import { canonicalCriteria } from './criteria-canonical.ts';
import { criteriaDiff, metricDiff, topCounts } from './eval-breakdown.ts';
import { type IntentModel, TRIGGER_CLASSES } from './intent-model.ts';
import { interpretEmbedded } from './interpret-embedded.ts';
import { readCorpus } from './train.ts';
import { isVagueAudienceQuestion } from './vague-audience.ts';

/**
 * `aether intent eval`: the embedded model and the keyword baseline on the grammar's test split
 * (template families never trained on), on the separately written held-out set and on the test
 * halves of the two dev sets.
 */
export const HELDOUT_PATH = fileURLToPath(new URL('./corpus/heldout-briefs.jsonl', import.meta.url));
/**
 * Inputs that are not campaign briefs, written by an independent helper (OFFTOPIC.md): a test set
 * only, never trained on and never read by whoever works on the gate. Lines `{"id","text","kind"}`.
 */
export const OFFTOPIC_TEST_PATH = fileURLToPath(new URL('./corpus/offtopic-test.jsonl', import.meta.url));

export interface EvalCase {
  id: string;
  brief: string;
  trigger: TriggerId | null;
  goal: CampaignGoal;
  exclude: TriggerId[];
  channel: string | null;
  metric: MetricTarget | null;
  budget: Budget | null;
  criteria: Criteria | null;
  criteriaLabelled: boolean;
}

export interface SetReport {
  name: string;
  n: number;
  trigger_accuracy: number;
  goal_accuracy: number;
  metric_exact: number;
  criteria_exact: number;
  criteria_n: number;
  exclusions_exact: number;
  channel_accuracy: number;
  budget_exact: number;
  trigger_ece: number;
  mean_trigger_confidence: number;
  forbidden_trigger_proposed: number;
  clarification_rate: number;
  errors: number;
  /** Real briefs the gate refused as "not a campaign brief" (counted in `errors` too), and their share. */
  refused_not_a_brief: number;
  refused_not_a_brief_rate: number;
  /** Briefs answered with the gate's "Is this a campaign brief?" question first. */
  gate_clarified: number;
  mean_ms: number;
  baseline: { trigger_accuracy: number; goal_accuracy: number };
  /** confusion[label][predicted] counts over trigger classes (none = no trigger). */
  trigger_confusion: Record<string, Record<string, number>>;
  goal_confusion: Record<string, Record<string, number>>;
  /** channel_confusion[label][predicted]. */
  channel_confusion: Record<string, Record<string, number>>;
  /** Aggregate counts of criteria differences (missing/extra condition, or which part differs), no sentences. */
  criteria_errors: Record<string, number>;
  /** Aggregate counts of metric-target differences (which part differs), no sentences. */
  metric_errors: Record<string, number>;
}

export function corpusTestCases(): EvalCase[] {
  return readCorpus()
    .filter((b) => b.split === 'test')
    .map((b) => fromCoo(b.id, b.brief, b.coo, b.criteria_labelled));
}

function fromCoo(id: string, brief: string, coo: CampaignObjective, criteriaLabelled: boolean): EvalCase {
  return {
    id,
    brief,
    trigger: coo.proposed_intervention,
    goal: coo.campaign_goal,
    exclude: coo.constraints.exclude_triggers,
    channel: coo.constraints.channel,
    metric: coo.metric_target,
    budget: coo.constraints.budget,
    criteria: coo.target_behavior.criteria,
    criteriaLabelled,
  };
}

/** A dev set's half (up to its last complete sitting); its test half (DEV.md .. DEV5.md) is never trained on, never read while tuning. */
export function devCases(half: 'train' | 'test' = 'test', set: DevSet = DEV): EvalCase[] | null {
  const all = readDevSet(set);
  if (!all) return null;
  return all
    .filter((b) => halfOf(set, b.id) === half)
    .map((b) => fromCoo(b.id, b.brief, labelledCoo(b), true));
}

export function heldoutCases(path = HELDOUT_PATH): EvalCase[] | null {
  return (
    readLabelled(path)?.map((b) => ({
      id: b.id,
      brief: b.brief,
      trigger: b.proposed_intervention,
      goal: b.campaign_goal,
      exclude: b.exclude_triggers,
      channel: b.channel,
      metric: b.metric_target,
      budget: b.budget,
      criteria: b.criteria,
      criteriaLabelled: true,
    })) ?? null
  );
}

export function metricKey(m: MetricTarget | null | undefined): string {
  if (!m) return 'null';
  return JSON.stringify([m.metric, m.kind, Math.round(m.value * 1e6) / 1e6, m.unit, m.horizon_days ?? null]);
}

function budgetKey(b: Budget | null | undefined): string {
  return b ? `${b.amount} ${b.currency.toUpperCase()}` : 'null';
}

export function evaluateSet(name: string, cases: readonly EvalCase[], model: IntentModel): SetReport {
  const tc: Record<string, Record<string, number>> = {};
  const gc: Record<string, Record<string, number>> = {};
  const cc: Record<string, Record<string, number>> = {};
  const critErrors: Record<string, number> = {};
  const metricErrors: Record<string, number> = {};
  let trig = 0;
  let goal = 0;
  let metric = 0;
  let crit = 0;
  let critN = 0;
  let excl = 0;
  let chan = 0;
  let budget = 0;
  let bt = 0;
  let bg = 0;
  let errors = 0;
  let refusedGate = 0;
  let gateClar = 0;
  let forbidden = 0;
  let clar = 0;
  let ms = 0;
  const conf: number[] = [];
  const ok: boolean[] = [];
  for (const c of cases) {
    const label = c.trigger ?? 'none';
    if (baselineTrigger(c.brief) === c.trigger) bt++;
    if (baselineGoal(c.brief) === c.goal) bg++;
    let coo: CampaignObjective | null = null;
    const t0 = performance.now();
    try {
      coo = interpretEmbedded(c.brief, model);
    } catch (e) {
      errors++;
      if (isGateRefusal(e)) refusedGate++;
    }
    ms += performance.now() - t0;
    if (coo?.clarifications.includes(GATE_QUESTION)) gateClar++;
    const predicted = coo ? (coo.proposed_intervention ?? 'none') : 'error';
    tc[label] ??= {};
    tc[label][predicted] = (tc[label][predicted] ?? 0) + 1;
    gc[c.goal] ??= {};
    const pg = coo?.campaign_goal ?? 'error';
    gc[c.goal][pg] = (gc[c.goal][pg] ?? 0) + 1;
    if (c.criteriaLabelled) critN++;
    if (!coo) continue;
    const hit = predicted === label;
    if (hit) trig++;
    // Calibration of the stated confidence: the probability of the class the COO reports.
    conf.push(coo.confidence);
    ok.push(hit);
    if (coo.campaign_goal === c.goal) goal++;
    if (metricKey(coo.metric_target) === metricKey(c.metric)) metric++;
    else metricDiff(coo.metric_target, c.metric, metricErrors);
    if (c.criteriaLabelled) {
      if (canonicalCriteria(coo.target_behavior.criteria) === canonicalCriteria(c.criteria)) crit++;
      else criteriaDiff(coo.target_behavior.criteria, c.criteria, critErrors);
    }
    const lc = c.channel ?? 'none';
    const pc = coo.constraints.channel ?? 'none';
    cc[lc] ??= {};
    cc[lc][pc] = (cc[lc][pc] ?? 0) + 1;
    if ([...coo.constraints.exclude_triggers].sort().join() === [...c.exclude].sort().join()) excl++;
    if ((coo.constraints.channel ?? null) === (c.channel ?? null)) chan++;
    if (budgetKey(coo.constraints.budget) === budgetKey(c.budget)) budget++;
    if (coo.proposed_intervention && c.exclude.includes(coo.proposed_intervention)) forbidden++;
    // The rate of the interpreter's own doubt (trigger, goal, "is this a brief?"); the suggestion to
    // define a vague audience word (vague-audience.ts) is a question of the brief's, not a doubt.
    if (coo.clarifications.some((q) => !isVagueAudienceQuestion(q))) clar++;
  }
  const n = cases.length || 1;
  return {
    name,
    n: cases.length,
    trigger_accuracy: r4(trig / n),
    goal_accuracy: r4(goal / n),
    metric_exact: r4(metric / n),
    criteria_exact: r4(crit / (critN || 1)),
    criteria_n: critN,
    exclusions_exact: r4(excl / n),
    channel_accuracy: r4(chan / n),
    budget_exact: r4(budget / n),
    trigger_ece: r4(expectedCalibrationError(conf, ok)),
    mean_trigger_confidence: r4(conf.reduce((a, b) => a + b, 0) / (conf.length || 1)),
    forbidden_trigger_proposed: forbidden,
    clarification_rate: r4(clar / n),
    errors,
    refused_not_a_brief: refusedGate,
    refused_not_a_brief_rate: r4(refusedGate / n),
    gate_clarified: gateClar,
    mean_ms: r4(ms / n),
    baseline: { trigger_accuracy: r4(bt / n), goal_accuracy: r4(bg / n) },
    trigger_confusion: tc,
    goal_confusion: gc,
    channel_confusion: cc,
    criteria_errors: topCounts(critErrors),
    metric_errors: topCounts(metricErrors),
  };
}

export const TRIGGER_LABELS = TRIGGER_CLASSES;

function isGateRefusal(e: unknown): boolean {
  return e instanceof AppError && e.invalidParams.some((p) => p.reason === GATE_REASON);
}

/** The independent off-topic test set; null when the file does not exist. */
export function offtopicCases(path = OFFTOPIC_TEST_PATH): OfftopicCase[] | null {
  return readOfftopic(path);
}

export interface OfftopicCounts {
  n: number;
  /** Refused with reason "not a campaign brief". */
  refused: number;
  /** Answered with a COO whose first question is the gate's "Is this a campaign brief?". */
  clarified: number;
  /** Share refused or clarified: the text was not taken for a brief without asking. */
  caught_rate: number;
  refused_rate: number;
  clarified_rate: number;
}

export interface OfftopicReport extends OfftopicCounts {
  name: string;
  /** Refused for another reason (empty, too long): still no COO. */
  other_refusals: number;
  /** Any exception that is not an InvalidInput-family error: must be 0 (issue 5: never a crash). */
  crashes: number;
  /** Test lines whose text (trimmed, lower-cased) is also a line of the gate's training negatives. */
  overlap_with_training: number;
  mean_ms: number;
  by_kind: Record<string, OfftopicCounts>;
}

/**
 * Inputs that are not briefs: the share the gate refused or answered with its clarification, overall
 * and by kind. A COO with only a trigger or goal question does not count as caught: it takes the text
 * for a brief.
 */
export function evaluateOfftopic(
  name: string,
  cases: readonly OfftopicCase[],
  model: IntentModel,
  trainPath = OFFTOPIC_TRAIN_PATH,
): OfftopicReport {
  const key = (t: string): string => t.trim().toLowerCase();
  const train = new Set((readOfftopic(trainPath) ?? []).map((c) => key(c.text)));
  const kinds: Record<string, { n: number; refused: number; clarified: number }> = {};
  let other = 0;
  let crashes = 0;
  let overlap = 0;
  let ms = 0;
  for (const c of cases) {
    if (train.has(key(c.text))) overlap++;
    kinds[c.kind] ??= { n: 0, refused: 0, clarified: 0 };
    const k = kinds[c.kind]!;
    k.n++;
    const t0 = performance.now();
    try {
      const coo = interpretEmbedded(c.text, model);
      if (coo.clarifications.includes(GATE_QUESTION)) k.clarified++;
    } catch (e) {
      if (isGateRefusal(e)) k.refused++;
      else if (e instanceof AppError) other++;
      else crashes++;
    }
    ms += performance.now() - t0;
  }
  const counts = (x: { n: number; refused: number; clarified: number }): OfftopicCounts => ({
    ...x,
    caught_rate: r4((x.refused + x.clarified) / (x.n || 1)),
    refused_rate: r4(x.refused / (x.n || 1)),
    clarified_rate: r4(x.clarified / (x.n || 1)),
  });
  const all = Object.values(kinds).reduce(
    (a, x) => ({ n: a.n + x.n, refused: a.refused + x.refused, clarified: a.clarified + x.clarified }),
    { n: 0, refused: 0, clarified: 0 },
  );
  return {
    name,
    ...counts(all),
    other_refusals: other,
    crashes,
    overlap_with_training: overlap,
    mean_ms: r4(ms / (cases.length || 1)),
    by_kind: Object.fromEntries(
      Object.keys(kinds)
        .sort()
        .map((k) => [k, counts(kinds[k]!)]),
    ),
  };
}

function r4(v: number): number {
  return Math.round(v * 10000) / 10000;
}
