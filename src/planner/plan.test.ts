import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { incrementalProfit } from '../causal/pipeline/economics.ts';
import { PlanResponse } from '../contracts/api.ts';
import type { CampaignObjective } from '../contracts/coo.ts';
import { DEFAULT_COST_CONFIG } from '../contracts/trigger-costs.ts';
import { cohortOfCriteria } from '../explain/cohort.ts';
import type { DuckDbStore } from '../store/duckdb-store.ts';
import { openStore } from '../store/open.ts';
import { fixtureDb } from '../test-support/fixture-db.ts';
import { planCampaign } from './plan.ts';

function coo(overrides: Partial<CampaignObjective> = {}): CampaignObjective {
  return {
    campaign_goal: 'cart_recovery',
    target_behavior: {
      description: 'left items in their cart',
      criteria: { all: [{ field: 'abandoned_cart_value', op: '>', value: 0 }] },
    },
    metric_target: null,
    proposed_intervention: 'free_shipping',
    intervention_type: 'monetary',
    constraints: { exclude_triggers: ['discount'], budget: null, channel: 'email' },
    confidence: 0.9,
    alternatives: [],
    clarifications: [],
    ...overrides,
  };
}

describe('planner', () => {
  let store: DuckDbStore;
  let cleanup: () => void;

  beforeAll(async () => {
    const f = await fixtureDb();
    cleanup = f.cleanup;
    store = await openStore(f.db);
  });
  afterAll(async () => {
    await store?.close();
    cleanup?.();
  });

  it('plans a brief that names a trigger: its trigger, the ranking without excluded triggers, readable rules', async () => {
    const plan = await planCampaign(store, coo());
    expect(PlanResponse.safeParse(plan).success).toBe(true);
    expect(plan.recommended_trigger).toBe('free_shipping');
    expect(plan.ranked_triggers.map((r) => r.trigger)).not.toContain('discount');
    expect(plan.ranked_triggers).toHaveLength(9);
    expect(plan.proposed_comparison?.trigger).toBe('free_shipping');
    expect(plan.segment_rules_text).toContain('abandoned_cart_value > 0');
    expect(plan.segment_rules_text).toContain('email_opt_in = true');
    // Thresholds read as a person writes them: no scientific notation for a split next to zero.
    for (const l of plan.rule_leaves) expect(l.text).not.toMatch(/\de[-+]?\d/);
    const profits = plan.ranked_triggers.map((r) => r.expected_incremental_profit);
    expect([...profits].sort((a, b) => b - a)).toEqual(profits);
    for (const r of plan.ranked_triggers) expect(r.segment_size).toBeLessThanOrEqual(plan.audience.size);
    // The rules select a subset of the audience, and every rules leaf uses only the brief's trigger.
    for (const l of plan.rule_leaves) expect(['free_shipping', 'control']).toContain(l.trigger);
    const rules = cohortOfCriteria(store, plan.segment_rules);
    const audience = cohortOfCriteria(store, plan.coo.target_behavior.criteria);
    const [{ n }] = await store.query<{ n: number }>(
      `SELECT count(*) AS n FROM (${rules.sql}) r WHERE r.customer_id NOT IN (${audience.sql.replace(/\$(\d+)/g, (_, d) => `$${Number(d) + rules.params.length}`)})`,
      [...rules.params, ...audience.params],
    );
    expect(n).toBe(0);
    // The window the stored scores were predicted for is the active model's scoring window.
    const [{ metrics }] = await store.query<{ metrics: string }>(
      'SELECT CAST(metrics AS VARCHAR) AS metrics FROM model_versions WHERE model_version = $1',
      [plan.model_version],
    );
    const window = JSON.parse(metrics).campaign_context?.scoring_window?.window_days ?? null;
    expect(plan.scoring_window_days).toBe(window);
  });

  it("computes each trigger's figures from the stored scores (checked by hand in SQL)", async () => {
    const plan = await planCampaign(store, coo({ proposed_intervention: null, intervention_type: null }));
    const top = plan.ranked_triggers[0];
    const rows = await store.query<{ b: number; u: number; aov: number | null }>(
      `SELECT baseline_conversion_probability AS b, uplift_score_for_${top.trigger} AS u, average_order_value AS aov
       FROM customer_profiles WHERE abandoned_cart_value > 0 AND email_opt_in AND baseline_conversion_probability IS NOT NULL`,
    );
    expect(rows.length).toBe(plan.audience.size);
    const aovs = rows
      .map((r) => r.aov)
      .filter((v): v is number => v !== null && v > 0)
      .sort((a, b) => a - b);
    const median = aovs[Math.floor(aovs.length / 2)];
    let conversions = 0;
    let profit = 0;
    let size = 0;
    for (const r of rows) {
      const eov = r.aov !== null && r.aov > 0 ? r.aov : median;
      const p = incrementalProfit(r.b + r.u, r.b, eov, top.trigger, DEFAULT_COST_CONFIG, 'email');
      if (p <= 0) continue;
      size++;
      conversions += r.u;
      profit += p;
    }
    expect(top.segment_size).toBe(size);
    expect(top.expected_incremental_conversions).toBeCloseTo(conversions, 6);
    expect(top.expected_incremental_profit).toBeCloseTo(profit, 4);
  });

  it('says which trigger would do better when the brief asks for a weaker one', async () => {
    const first = await planCampaign(store, coo({ proposed_intervention: null, intervention_type: null }));
    const worst = first.ranked_triggers[first.ranked_triggers.length - 1].trigger;
    const plan = await planCampaign(store, coo({ proposed_intervention: worst }));
    expect(plan.proposed_comparison?.is_best).toBe(false);
    expect(plan.proposed_comparison?.best_trigger).toBe(first.ranked_triggers[0].trigger);
    expect(plan.proposed_comparison?.message).toMatch(/would do better/);
  });

  it('rejects an audience on an unknown field with a clear error', async () => {
    await expect(
      planCampaign(
        store,
        coo({
          target_behavior: {
            description: 'x',
            criteria: { all: [{ field: 'shoe_size', op: '>', value: 3 }] },
          },
        }),
      ),
    ).rejects.toThrow(/shoe_size/);
  });

  it('spends no more than the budget and keeps the most profitable customers per dollar', async () => {
    const open = await planCampaign(store, coo({ proposed_intervention: null, intervention_type: null }));
    const top = open.ranked_triggers.find(
      (r) => r.trigger === 'free_shipping',
    ) as (typeof open.ranked_triggers)[0];
    const budget = top.expected_cost / 4;
    const capped = await planCampaign(
      store,
      coo({
        proposed_intervention: null,
        intervention_type: null,
        constraints: {
          exclude_triggers: ['discount'],
          budget: { amount: budget, currency: 'USD' },
          channel: 'email',
        },
      }),
    );
    const fs = capped.ranked_triggers.find(
      (r) => r.trigger === 'free_shipping',
    ) as (typeof open.ranked_triggers)[0];
    expect(fs.expected_cost).toBeLessThanOrEqual(budget);
    expect(fs.segment_size).toBeLessThan(top.segment_size);
    // Value per dollar of the kept customers is at least that of the whole positive segment.
    expect(fs.expected_incremental_profit / fs.expected_cost).toBeGreaterThanOrEqual(
      top.expected_incremental_profit / top.expected_cost,
    );
  });

  it('checks the brief metric target against the ranked figures of its trigger (same numbers as the table)', async () => {
    const none = await planCampaign(store, coo());
    expect(none.target_check).toBeNull();
    const budget = (none.ranked_triggers.find((r) => r.trigger === 'free_shipping')?.expected_cost ?? 0) / 3;
    const plan = await planCampaign(
      store,
      coo({
        metric_target: {
          metric: 'cart_recovery_rate',
          direction: 'increase',
          kind: 'relative',
          value: 500,
          unit: 'percent',
          horizon_days: 30,
        },
        constraints: {
          exclude_triggers: ['discount'],
          budget: { amount: budget, currency: 'USD' },
          channel: 'email',
        },
      }),
    );
    const check = plan.target_check;
    expect(check?.predictable).toBe(true);
    expect(check?.trigger).toBe('free_shipping');
    const row = plan.ranked_triggers.find((r) => r.trigger === 'free_shipping');
    const rows = await store.query<{ b: number }>(
      `SELECT baseline_conversion_probability AS b FROM customer_profiles
       WHERE abandoned_cart_value > 0 AND email_opt_in AND baseline_conversion_probability IS NOT NULL`,
    );
    const sumB = rows.reduce((s, r) => s + r.b, 0);
    expect(rows.length).toBe(plan.audience.size);
    // The relative change is the row's incremental conversions over those expected anyway.
    expect(check?.predicted).toBeCloseTo(((row?.expected_incremental_conversions ?? 0) / sumB) * 100, 6);
    expect(check?.without_campaign).toBeCloseTo((sumB / rows.length) * 100, 6);
    expect(check?.reaches).toBe(false);
    // The budget binds, so lifting it is offered and comes closer; a rate gets no wider-audience option.
    const kinds = check?.options.map((o) => o.kind) ?? [];
    expect(kinds).toContain('no_budget');
    expect(kinds).not.toContain('wider_audience');
    for (const o of check?.options ?? []) expect(o.value).toBeGreaterThan(check?.predicted ?? 0);
  });

  it("costs a discount at the brief's own depth (30% costs twice the configured 15% on every treated order)", async () => {
    const base = coo({
      proposed_intervention: 'discount',
      intervention_type: 'monetary',
      constraints: { exclude_triggers: [], budget: null, channel: 'email' },
    });
    const configured = await planCampaign(store, base);
    const deep = await planCampaign(store, { ...base, intervention_params: { percent: 30 } });
    const row = (p: typeof configured) => p.ranked_triggers.find((r) => r.trigger === 'discount');
    // Fewer customers pay for a deeper discount, and each of them earns less.
    expect(row(deep)?.segment_size).toBeLessThanOrEqual(row(configured)?.segment_size ?? 0);
    expect(row(deep)?.expected_incremental_profit).toBeLessThan(
      row(configured)?.expected_incremental_profit ?? 0,
    );
    // Other triggers are costed as before.
    const other = (p: typeof configured) => p.ranked_triggers.find((r) => r.trigger === 'free_shipping');
    expect(other(deep)?.expected_incremental_profit).toBeCloseTo(
      other(configured)?.expected_incremental_profit ?? 0,
      9,
    );
    // A depth on another trigger's brief changes nothing.
    const fsBrief = coo({ constraints: base.constraints });
    const fs = await planCampaign(store, { ...fsBrief, intervention_params: { percent: 30 } });
    const fsPlain = await planCampaign(store, fsBrief);
    expect(row(fs)?.expected_incremental_profit).toBeCloseTo(
      row(fsPlain)?.expected_incremental_profit ?? Number.NaN,
      9,
    );
  });
});
