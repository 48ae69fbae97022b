import { incrementalProfit, type Objective } from '../causal/pipeline/economics.ts';
import { PolicyTree } from '../causal/policy/policy-tree.ts';
import {
  type BinnedMatrix,
  binColumns,
  type FeatureBinning,
  type FeatureKind,
  type RawColumn,
} from '../causal/trees/binning.ts';
import type { PlanResponse, RankedTrigger, RuleLeaf } from '../contracts/api.ts';
import type { CampaignObjective } from '../contracts/coo.ts';
import type { Criteria } from '../contracts/criteria.ts';
import {
  type Channel,
  type CostConfig,
  DEFAULT_COST_CONFIG,
  withDiscountDepth,
} from '../contracts/trigger-costs.ts';
import { TRIGGER_CATALOGUE, TRIGGER_IDS, type TriggerId } from '../contracts/triggers.ts';
import { NotFound, Unavailable } from '../core/errors.ts';
import { CohortQuery, cohortOfCriteria, dataAsOf, withMaterializedCohort } from '../explain/cohort.ts';
import { campaignEvidence } from '../explain/evidence.ts';
import { renderCriteria } from '../segments/criteria-render.ts';
import { activeScoreModel } from '../segments/snapshot.ts';
import { untestedTriggers } from '../segments/untested-triggers.ts';
import type { Store } from '../store/store.ts';
import {
  type AudienceData,
  audienceData,
  type ConsentColumn,
  currentPopulation,
  POLICY_FEATURES,
} from './population.ts';
import { readableThreshold } from './readable-threshold.ts';
import { resolveCategories } from './resolve-categories.ts';
import { segmentNote } from './segment-note.ts';
import { checkTarget } from './target-check.ts';
import { type Effect, targetInputs } from './target-inputs.ts';

/**
 * The planner (issue 4, "Segments from a COO"): applies the COO's audience, reads the stored
 * scores of the active model (never rescoring), ranks the triggers by what they would earn on
 * this audience, compares the brief's own trigger with the best, and learns readable segment
 * rules with a shallow policy tree.
 */

/**
 * The conversions part of "X would do better than Y": a gap under one conversion keeps a decimal,
 * and a gap that rounds to nothing says so ("about 0 more" read as a typo).
 */
export function conversionsGapText(gap: number): string {
  if (Math.abs(gap) < 0.05) return 'about as many incremental conversions';
  const n = Math.abs(gap) < 9.95 ? gap.toFixed(1) : Math.round(gap).toLocaleString('en-US');
  return gap > 0
    ? `about ${n} more incremental conversions`
    : `about ${n.replace('-', '')} fewer incremental conversions`;
}

export interface PlanOptions {
  objective?: Objective;
  costConfig?: CostConfig;
  /** Depth of the rules tree (1–3). */
  ruleDepth?: 1 | 2 | 3;
  /** Include customers who have not opted in to the channel. */
  includeNotOptedIn?: boolean;
  seed?: number;
}

/** The planner's output is the API's plan contract (src/contracts/api.ts), so the two never drift. */
export type Plan = PlanResponse;
type PlannedTrigger = RankedTrigger;

/** Customers the rules tree searches its splits on. */
const RULE_ROWS = 30_000;

/** The window the model version's stored scores were predicted for (its metrics say), else null. */
async function scoringWindowDays(store: Store, modelVersion: string): Promise<number | null> {
  const rows = await store.query<{ w: number | null }>(
    `SELECT TRY_CAST(json_extract_string(metrics, '$.campaign_context.scoring_window.window_days') AS DOUBLE) AS w
     FROM model_versions WHERE model_version = $1`,
    [modelVersion],
  );
  const w = rows[0]?.w ?? null;
  return w !== null && Number.isFinite(w) && w > 0 ? w : null;
}

function consentColumn(channel: Channel): ConsentColumn {
  return channel === 'email' ? 'email_opt_in' : channel === 'sms' ? 'sms_opt_in' : null;
}

export async function planCampaign(
  store: Store,
  coo: CampaignObjective,
  options: PlanOptions = {},
): Promise<Plan> {
  const started = Date.now();
  const objective = options.objective ?? 'profit';
  // A discount brief that says its depth is costed at it, not at the configured default.
  const config = withDiscountDepth(
    options.costConfig ?? DEFAULT_COST_CONFIG,
    coo.proposed_intervention === 'discount' ? coo.intervention_params?.percent : null,
  );
  const channel: Channel = coo.constraints.channel ?? 'email';
  // The same version the customer_profiles view reads its scores from.
  const modelVersion = await activeScoreModel(store);
  if (!modelVersion) throw new Unavailable('no uplift model trained yet: run `aether train` first');
  const untested = await untestedTriggers(store, modelVersion);
  const { criteria, resolutions } = await resolveCategories(store, coo.target_behavior.criteria ?? null);
  const consent = options.includeNotOptedIn ? null : consentColumn(channel);
  // The audience's criteria (event predicates scan the event tables) are evaluated once, into a
  // temporary table that the population lookup and the evidence query both read.
  return withMaterializedCohort(store, cohortOfCriteria(store, criteria), async (audienceCohort) => {
    const asOf = await dataAsOf(store);
    const q = new CohortQuery(audienceCohort);
    // The scored population's columns come from memory (read again when the model or the profiles
    // change); the audience's own query says only which customers it holds.
    const pop = await currentPopulation(store);
    const data = await audienceData(store, pop, audienceCohort, consent);
    // The past campaigns' evidence is SQL that DuckDB's threads answer while this thread computes
    // profits and rules below (awaited before the ranking is returned).
    const allowed = TRIGGER_IDS.filter((t) => !coo.constraints.exclude_triggers.includes(t));
    const evidencePending = campaignEvidence(store, audienceCohort, { triggers: allowed, asOf });
    evidencePending.catch(() => {});
    await yieldTurn();
    const excludedNotOptedIn = data.excludedNotOptedIn;
    if (data.matched === 0) {
      const any = await store.query<{ n: number }>(`${q.with} SELECT count(*) AS n FROM cohort`, q.params);
      if (any[0].n === 0) throw new NotFound("no customer matches the brief's audience");
    }
    const n = data.index.length;
    const budget = coo.constraints.budget?.amount ?? null;
    const { baseline, uplift, eov } = data;
    // Per customer and trigger: incremental value on the objective's scale.
    // Incremental profit per customer and trigger (plain loops: a million closure calls cost more
    // than the arithmetic); the objective's value is the profit, or the uplift for conversions.
    const profit = TRIGGER_IDS.map((t, k) => {
      const out = new Float64Array(n);
      const u = uplift[k];
      for (let i = 0; i < n; i++)
        out[i] = incrementalProfit(baseline[i] + u[i], baseline[i], eov[i], t, config, channel);
      return out;
    });
    const value = objective === 'conversion' ? uplift : profit;
    // Lets the evidence query's preparation hops run before the next stretch of computation.
    await yieldTurn();

    // What each trigger adds on the customers it is counted for, for the brief's metric target.
    const effects = new Map<TriggerId, Effect>();
    const planned: PlannedTrigger[] = allowed.map((t) => {
      const k = TRIGGER_IDS.indexOf(t);
      let size = 0;
      let conv = 0;
      let prof = 0;
      let cost = 0;
      let sumUplift = 0;
      const m = config.triggers[t];
      const spend = (i: number) =>
        config.send_cost[channel] +
        (baseline[i] + uplift[k][i]) * (m.order_value_share * eov[i] + m.per_conversion_amount);
      const treated: number[] = [];
      for (let i = 0; i < n; i++) {
        sumUplift += uplift[k][i];
        if (value[k][i] > 0) treated.push(i);
      }
      // A budget keeps the customers with the most value per unit of spend until it is spent
      // (the greedy solution of the fractional knapsack, Dantzig 1957).
      if (budget !== null) treated.sort((a, b) => value[k][b] / spend(b) - value[k][a] / spend(a) || a - b);
      let spent = 0;
      let revenue = 0;
      for (const i of treated) {
        const c = spend(i);
        if (budget !== null && spent + c > budget) break;
        spent += c;
        size++;
        conv += uplift[k][i];
        prof += profit[k][i];
        revenue += uplift[k][i] * eov[i];
        cost += c;
      }
      effects.set(t, { customers: size, conversions: conv, revenue, profit: prof });
      return {
        trigger: t,
        label: TRIGGER_CATALOGUE[t].label,
        intervention_type: TRIGGER_CATALOGUE[t].interventionType,
        rank: 0,
        uplift: n ? sumUplift / n : 0,
        uplift_ci_low: null,
        uplift_ci_high: null,
        evidence_campaigns: 0,
        segment_size: size,
        expected_incremental_conversions: conv,
        expected_incremental_profit: prof,
        expected_cost: cost,
        cost_per_incremental_conversion: conv > 0 ? cost / conv : null,
        is_best: false,
        is_proposed: t === coo.proposed_intervention,
        tested: !untested.includes(t),
      };
    });
    const score = (p: PlannedTrigger) =>
      objective === 'conversion' ? p.expected_incremental_conversions : p.expected_incremental_profit;
    // A trigger no campaign tested has a predicted uplift of 0 by construction, not by measure: it
    // comes after every tested one (above a tested trigger that loses money it would read as the
    // safer choice) and is never the best.
    planned.sort(
      (a, b) =>
        Number(b.tested) - Number(a.tested) || score(b) - score(a) || a.trigger.localeCompare(b.trigger),
    );
    planned.forEach((p, i) => {
      p.rank = i + 1;
      p.is_best = i === 0 && p.tested === true && score(p) > 0;
    });
    const best = planned.find((p) => p.is_best) ?? null;
    const proposed =
      coo.proposed_intervention && allowed.includes(coo.proposed_intervention)
        ? coo.proposed_intervention
        : null;

    let proposedComparison: Plan['proposed_comparison'] = null;
    if (proposed && best) {
      const mine = planned.find((p) => p.trigger === proposed) as PlannedTrigger;
      const isBest = mine.trigger === best.trigger;
      const gap = best.expected_incremental_profit - mine.expected_incremental_profit;
      const convGap = best.expected_incremental_conversions - mine.expected_incremental_conversions;
      proposedComparison = {
        trigger: proposed,
        best_trigger: best.trigger,
        is_best: isBest,
        profit_gap: gap,
        conversions_gap: convGap,
        message: isBest
          ? `${mine.label}, the trigger in the brief, is also the best for this audience.`
          : mine.tested === false
            ? // Its gap to the best is against an uplift of 0 that nothing measured.
              `No past campaign tested ${mine.label}, so the model has no measure of its effect; ${best.label} is the best of the triggers tested for this audience.`
            : `${best.label} would do better than ${mine.label} here: ${conversionsGapText(convGap)} and $${Math.round(gap).toLocaleString('en-US')} more incremental profit.`,
      };
    }

    await yieldTurn();
    // Rules: the brief's trigger if it named one, else every allowed trigger, per customer.
    const ruleTriggers = proposed ? [proposed] : allowed;
    const rules = learnRules(data, value, ruleTriggers, options.ruleDepth ?? 2, options.seed ?? 1);
    const evidenceBy = new Map((await evidencePending).map((e) => [e.trigger, e]));
    for (const p of planned) {
      const ev = evidenceBy.get(p.trigger);
      p.uplift_ci_low = ev?.ci ? ev.ci.low / 100 : null;
      p.uplift_ci_high = ev?.ci ? ev.ci.high / 100 : null;
      p.evidence_campaigns = ev?.campaign_count ?? 0;
    }
    const treatedLeaves = rules.filter((l) => l.trigger !== 'control');
    const targeted: Criteria = treatedLeaves.length
      ? { any: treatedLeaves.map((l) => l.criteria) }
      : proposed
        ? // The brief's trigger is worth it in no group the rules found: only the customers it is
          // predicted to lift. Not "each customer's own best trigger": the segment sends the brief's
          // trigger, so a trigger that harms everyone went to everyone another trigger would lift
          // (6,825 of 7,614 customers for an urgency variant planted at -3 points; eleventh session).
          { field: `uplift_score_for_${proposed}`, op: '>', value: 0 }
        : // Nobody is worth treating by the rules: fall back to each customer's own best trigger.
          { field: 'recommended_trigger', op: '!=', value: 'control' };
    const consentCondition: Criteria[] = consent ? [{ field: consent, op: '=', value: true }] : [];
    const segmentRules: Criteria = simplify({
      all: [
        ...(criteria ? [criteria] : []),
        ...consentCondition,
        // A tree whose every leaf is treated covers the whole audience (its leaves partition it,
        // missing values included): its splits say which trigger, not who, so they are left out of
        // the segment's membership rule rather than read as a condition.
        ...(rules.length > 0 && treatedLeaves.length === rules.length
          ? []
          : treatedLeaves.length === 1
            ? [treatedLeaves[0].criteria]
            : [targeted]),
      ],
    });
    const mix: Record<string, number> = {};
    for (const l of treatedLeaves) mix[l.trigger] = (mix[l.trigger] ?? 0) + l.size;
    const mixTriggers = Object.keys(mix);

    const windowDays = await scoringWindowDays(store, modelVersion);
    const lead = proposed ?? best?.trigger ?? null;
    const targetCheck = coo.metric_target
      ? checkTarget({
          ...(await targetInputs({
            store,
            pop,
            data,
            value,
            profit,
            effects,
            allowed,
            lead,
            budget,
            criteria,
            consent,
            config,
            channel,
            objective,
          })),
          target: coo.metric_target,
          windowDays,
          channel,
          currency: coo.constraints.budget?.currency ?? config.currency,
        })
      : null;

    return {
      coo,
      model_version: modelVersion,
      objective,
      channel,
      audience: {
        size: n,
        excluded_not_opted_in: excludedNotOptedIn,
        criteria,
        criteria_text: criteria ? renderCriteria(criteria) : 'all customers',
        resolutions,
      },
      ranked_triggers: planned,
      recommended_trigger:
        proposed ?? (mixTriggers.length === 1 ? (mixTriggers[0] as TriggerId) : (best?.trigger ?? null)),
      proposed_comparison: proposedComparison,
      scoring_window_days: windowDays,
      target_check: targetCheck,
      segment_rules: segmentRules,
      segment_rules_text: renderCriteria(segmentRules),
      rule_leaves: rules,
      trigger_mix: mix,
      untested_triggers: untested,
      segment_note:
        proposed && treatedLeaves.length === 0
          ? segmentNote({ proposed, untested, planned, uplift: data.uplift })
          : null,
      elapsed_ms: Date.now() - started,
    };
  });
}

/** One turn of the event loop, so pending I/O (a query being prepared) moves on. */
function yieldTurn(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve));
}

/** Flattens `all` inside `all` and drops single-child wrappers, so the rendered rule reads simply. */
function simplify(c: Criteria): Criteria {
  if ('all' in c) {
    const parts = c.all.map(simplify).flatMap((x) => ('all' in x ? x.all : [x]));
    return parts.length === 1 ? parts[0] : { all: parts };
  }
  if ('any' in c) {
    const parts = c.any.map(simplify);
    return parts.length === 1 ? parts[0] : { any: parts };
  }
  return c;
}

/**
 * A shallow policy tree (Athey & Wager 2021) over readable profile fields and the uplift scores,
 * fitted on each customer's incremental value per trigger, so its leaves are the segment rules.
 */
function learnRules(
  data: AudienceData,
  value: Float64Array[],
  triggers: readonly TriggerId[],
  depth: 1 | 2 | 3,
  seed: number,
): RuleLeaf[] {
  const n = value[0]?.length ?? 0;
  if (n === 0) return [];
  const columns: RawColumn[] = [
    ...POLICY_FEATURES.map((f, j) => ({
      name: f as string,
      kind: 'numeric' as const,
      values: data.features[j] as Float64Array,
    })),
    ...triggers.map((t) => ({
      name: `uplift_score_for_${t}`,
      kind: 'numeric' as const,
      values: data.uplift[TRIGGER_IDS.indexOf(t)] as Float64Array,
    })),
  ];
  const X = binEach(columns, data.bins);
  // Arm 0 = control (value 0), arm j = triggers[j-1].
  const gamma = [new Float64Array(n), ...triggers.map((t) => value[TRIGGER_IDS.indexOf(t)])];
  const armNames = ['control', ...triggers];
  const tree = PolicyTree.fit(X, gamma, {
    depth,
    armNames,
    minLeafSize: Math.max(20, Math.floor(Math.min(n, RULE_ROWS) * 0.02)),
    // The splits are searched on a seeded sample (the leaves' sizes and lifts below use every row).
    maxRows: RULE_ROWS,
    seed,
  });
  const edgesOf = new Map(
    X.binning.map((b) => [b.name, b.kind === 'numeric' ? b.edges : ([] as number[])] as const),
  );
  return tree.describeLeaves(X, gamma).map((l) => {
    // Thresholds as a person would write them (readable-threshold.ts); the criteria and their
    // text say the same, and membership moves by at most a sliver of a bin.
    const criteria = roundThresholds(l.criteria as Criteria, edgesOf);
    return {
      criteria,
      text: renderCriteria(criteria),
      trigger: l.armName as TriggerId | 'control',
      size: l.rows,
      expected_lift: l.lift,
      lift_ci_low: l.liftCi[0],
      lift_ci_high: l.liftCi[1],
    };
  });
}

/**
 * The columns binned as binColumns bins them (each column's edges come from its own values
 * only), reusing the audience's columns already binned: the whole population's are kept with it.
 */
function binEach(columns: RawColumn[], bins: Map<string, BinnedMatrix>): BinnedMatrix {
  const parts = columns.map((c) => {
    let b = bins.get(c.name);
    if (!b) {
      b = binColumns([c], { maxBins: 64 });
      bins.set(c.name, b);
    }
    return b;
  });
  return {
    nRows: columns[0]?.values.length ?? 0,
    columns: parts.map((p) => p.columns[0] as Uint8Array),
    names: parts.map((p) => p.names[0] as string),
    kinds: parts.map((p) => p.kinds[0] as FeatureKind),
    nBins: Int32Array.from(parts, (p) => p.nBins[0] as number),
    binning: parts.map((p) => p.binning[0] as FeatureBinning),
  };
}

function roundThresholds(c: Criteria, edgesOf: ReadonlyMap<string, readonly number[]>): Criteria {
  if ('all' in c) return { all: c.all.map((x) => roundThresholds(x, edgesOf)) };
  if ('any' in c) return { any: c.any.map((x) => roundThresholds(x, edgesOf)) };
  if ('not' in c) return { not: roundThresholds(c.not, edgesOf) };
  if ('field' in c && typeof c.value === 'number')
    return { ...c, value: readableThreshold(c.value, edgesOf.get(c.field) ?? []) };
  return c;
}
