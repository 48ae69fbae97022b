import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DuckDbStore } from '../store/duckdb-store.ts';
import { openStore } from '../store/open.ts';
import type { Store } from '../store/store.ts';
import { cohortOfIds } from './cohort.ts';
import { compareCohort } from './comparisons.ts';
import { qiniPoints } from './curves.ts';
import { campaignEvidence, pooledRiskDifference } from './evidence.ts';
import { explainSegment } from './explain-segment.ts';

/**
 * A ten-customer world small enough to compute every number by hand. The segment is c1–c6.
 *
 * K1 (2026-03-01, 7-day window): free_shipping c1 c2 (+c7), discount c3, control c4 c5 (+c8).
 *   Orders in [03-01, 03-08): c1 (03-03), c3 (03-02), c5 (03-05); c2 ordered 03-10, after the window.
 *   Segment: free shipping 1/2, discount 1/1, control 1/2.
 * K2 (2026-04-01, 7 days): free_shipping c4 c5 c6, control c1 c2 c3.
 *   Orders in window: c4 (04-02), c5 (04-03); c2's 04-20 order is outside. Segment: fs 2/3, control 0/3.
 * K3 (2026-06-08, 7 days) has not closed by as_of (2026-06-10), so it is not evidence.
 */
let store: Store;
const segment = cohortOfIds(['c1', 'c2', 'c3', 'c4', 'c5', 'c6']);

async function seed(s: Store): Promise<void> {
  await s.run("INSERT INTO meta VALUES ('as_of', '2026-06-10T00:00:00Z')");
  for (let i = 1; i <= 10; i++) {
    await s.run(
      "INSERT INTO customers (customer_id, first_name, creation_date) VALUES ($1, 'A', '2025-01-01')",
      [`c${i}`],
    );
  }
  await s.run(
    `INSERT INTO campaigns (campaign_id, name, goal, channel, started_at, window_days, arms, control_share) VALUES
     ('K1', 'March test', 'conversion', 'email', '2026-03-01', 7, ['free_shipping', 'discount', 'control'], 0.4),
     ('K2', 'April test', 'conversion', 'email', '2026-04-01', 7, ['free_shipping', 'control'], 0.5),
     ('K3', 'June test', 'conversion', 'email', '2026-06-08', 7, ['free_shipping', 'control'], 0.5)`,
  );
  const exposures: [string, string, string, string][] = [
    ['K1', 'c1', 'free_shipping', '2026-03-01'],
    ['K1', 'c2', 'free_shipping', '2026-03-01'],
    ['K1', 'c7', 'free_shipping', '2026-03-01'],
    ['K1', 'c3', 'discount', '2026-03-01'],
    ['K1', 'c4', 'control', '2026-03-01'],
    ['K1', 'c5', 'control', '2026-03-01'],
    ['K1', 'c8', 'control', '2026-03-01'],
    ['K2', 'c4', 'free_shipping', '2026-04-01'],
    ['K2', 'c5', 'free_shipping', '2026-04-01'],
    ['K2', 'c6', 'free_shipping', '2026-04-01'],
    ['K2', 'c1', 'control', '2026-04-01'],
    ['K2', 'c2', 'control', '2026-04-01'],
    ['K2', 'c3', 'control', '2026-04-01'],
    ['K3', 'c1', 'free_shipping', '2026-06-08'],
    ['K3', 'c2', 'control', '2026-06-08'],
  ];
  for (const [k, c, arm, at] of exposures) {
    await s.run('INSERT INTO campaign_exposures VALUES ($1, $2, $3, 0.5, $4)', [k, c, arm, at]);
  }
  const orders: [string, string, string, number, number][] = [
    ['o1', 'c1', '2026-03-03', 100, 0],
    ['o2', 'c2', '2026-03-10', 50, 10],
    ['o3', 'c3', '2026-03-02', 80, 0],
    ['o4', 'c5', '2026-03-05', 120, 0],
    ['o5', 'c4', '2026-04-02', 60, 0],
    ['o6', 'c5', '2026-04-03', 40, 5],
    ['o7', 'c2', '2026-04-20', 70, 0],
    ['o8', 'c7', '2026-05-01', 200, 0],
    ['o9', 'c9', '2026-06-01', 30, 3],
    ['o10', 'c1', '2026-06-09', 10, 0], // inside K3's open window: must not count
  ];
  for (const [o, c, at, total, disc] of orders) {
    await s.run(
      'INSERT INTO orders (order_id, customer_id, ordered_at, subtotal, discount_amount, total) VALUES ($1, $2, $3, $4, $5, $4)',
      [o, c, at, total, disc],
    );
  }
  await s.run(
    `INSERT INTO carts (cart_id, customer_id, created_at, status, value, abandoned_at, abandon_step, abandon_reason) VALUES
     ('k1', 'c1', '2026-06-01', 'abandoned', 90, '2026-06-01', 'shipping', 'shipping_cost'),
     ('k2', 'c2', '2026-05-20', 'abandoned', 40, '2026-05-20', 'shipping', 'price'),
     ('k3', 'c8', '2026-06-05', 'abandoned', 30, '2026-06-05', 'payment', 'payment_issue'),
     ('k4', 'c3', '2026-01-05', 'abandoned', 30, '2026-01-05', 'shipping', 'shipping_cost')`,
  );
}

beforeAll(async () => {
  store = await openStore(':memory:');
  await seed(store);
});

afterAll(async () => {
  await store.close();
});

describe('evidence from past randomised campaigns', () => {
  it('counts treated and control conversions per closed campaign, for the segment only', async () => {
    const [fs, disc] = await campaignEvidence(store, segment, { triggers: ['free_shipping', 'discount'] });
    expect(
      fs?.campaigns.map((c) => [
        c.campaign_id,
        c.treated_conversions,
        c.treated_n,
        c.control_conversions,
        c.control_n,
      ]),
    ).toEqual([
      ['K1', 1, 2, 1, 2],
      ['K2', 2, 3, 0, 3],
    ]);
    expect(fs?.campaigns[0]?.lift_points).toBeCloseTo(0, 10);
    expect(fs?.campaigns[1]?.lift_points).toBeCloseTo(66.6667, 3);
    // K2: variance at the adjusted proportions 3/5 and 1/5: 0.24/5 + 0.16/5 = 0.08;
    // half-width 1.959964 * sqrt(0.08) = 0.554363
    expect(fs?.campaigns[1]?.ci.low).toBeCloseTo(66.6667 - 55.4363, 3);
    // K1 (1 of 2 against 1 of 2) keeps a width; so does an arm where no one ordered.
    expect(fs?.campaigns[0]?.ci.high).toBeGreaterThan(50);
    expect(
      disc?.campaigns.map((c) => [
        c.campaign_id,
        c.treated_conversions,
        c.treated_n,
        c.control_conversions,
        c.control_n,
      ]),
    ).toEqual([['K1', 1, 1, 1, 2]]);
  });

  it('pools with Mantel–Haenszel weights (hand computed: 40.0 points, 95% CI −3.3 to 83.3)', async () => {
    const [fs] = await campaignEvidence(store, segment, { triggers: ['free_shipping'] });
    // w1 = 2·2/4 = 1, d1 = 0, v1 = 2 · (0.5 · 0.5 / 4) = 0.125 (adjusted 2/4 and 2/4);
    // w2 = 3·3/6 = 1.5, d2 = 2/3, v2 = 0.08 (adjusted 3/5 and 1/5).
    // RD = (1.5 · 2/3) / 2.5 = 0.4; Var = (0.125 + 2.25 · 0.08) / 6.25 = 0.0488; half = 1.959964 · 0.2209072 = 0.432971
    expect(fs?.lift_points).toBeCloseTo(40, 6);
    expect(fs?.ci?.low).toBeCloseTo(40 - 43.2971, 3);
    expect(fs?.ci?.high).toBeCloseTo(40 + 43.2971, 3);
    expect(fs).toMatchObject({
      campaign_count: 2,
      treated_n: 5,
      control_n: 5,
      treated_rate: 0.6,
      control_rate: 0.2,
    });
    expect(pooledRiskDifference([{ t1: 0, n1: 0, t0: 1, n0: 2 }])).toBeNull();
    // No one ordered in either arm of 3: a wide interval, not "0.0 to 0.0".
    // Adjusted 1/5 and 1/5: variance 2 · 0.16 / 5 = 0.064, half 1.959964 · 0.2529822 = 0.495836.
    const none = pooledRiskDifference([{ t1: 0, n1: 3, t0: 0, n0: 3 }]);
    expect(none?.lift).toBe(0);
    expect(none?.ci.low).toBeCloseTo(-49.5836, 3);
    expect(none?.ci.high).toBeCloseTo(49.5836, 3);
  });

  it('says a trigger was never tested when no campaign had it with a control group', async () => {
    const [sp] = await campaignEvidence(store, segment, { triggers: ['social_proof'] });
    expect(sp).toMatchObject({ campaign_count: 0, lift_points: null, ci: null });
  });
});

describe('segment vs population', () => {
  it('computes the driving features by hand', async () => {
    const rows = await compareCohort(store, segment);
    const get = (f: string) => rows.find((r) => r.feature === f)!;
    // Shipping-step abandonment in the 90 days before 2026-06-10: c1, c2 (c3's is from January).
    expect(get('abandoned_at_shipping_step')).toMatchObject({ segment_n: 6, population_n: 10 });
    expect(get('abandoned_at_shipping_step').segment).toBeCloseTo(2 / 6, 10);
    expect(get('abandoned_at_shipping_step').population).toBeCloseTo(2 / 10, 10);
    expect(get('abandoned_for_shipping_cost').segment).toBeCloseTo(1 / 6, 10);
    // Discount use: c2, c5 of the segment; c2, c5, c9 of everyone.
    expect(get('used_discount').segment).toBeCloseTo(2 / 6, 10);
    expect(get('used_discount').population).toBeCloseTo(3 / 10, 10);
    // AOV, order-weighted: segment (100+50+80+120+60+40+70+10)/8 = 66.25; everyone (530+200+30)/10 = 76.
    expect(get('average_order_value').segment).toBeCloseTo(66.25, 10);
    expect(get('average_order_value').population).toBeCloseTo(76, 10);
    // Days since the last order: c1 1 (06-09), c2 51, c3 100, c4 69, c5 68 -> median 68.
    expect(get('days_since_last_purchase').segment).toBeCloseTo(68, 10);
    expect(get('days_since_last_purchase').segment_n).toBe(5);
  });
});

describe('population figures cache', () => {
  it('is refreshed when the data changes', async () => {
    const s = await openStore(':memory:');
    await seed(s);
    const before = (await compareCohort(s, segment)).find((r) => r.feature === 'average_order_value');
    expect(before?.population).toBeCloseTo(76, 10);
    await s.run(
      "INSERT INTO orders (order_id, customer_id, ordered_at, subtotal, total) VALUES ('o99', 'c10', '2026-06-05', 340, 340)",
    );
    const after = (await compareCohort(s, segment)).find((r) => r.feature === 'average_order_value');
    // (760 + 340) / 11 orders = 100.
    expect(after?.population).toBeCloseTo(100, 10);
    expect(after?.segment).toBeCloseTo(66.25, 10);
    await s.close();
  });

  it("is kept per database file, shared by its connections, and rebuilt when that file's data changes", async () => {
    const dir = mkdtempSync(join(tmpdir(), 'aether-explain-'));
    try {
      const a = await openStore(join(dir, 'a.duckdb'));
      await seed(a);
      const b = await openStore(join(dir, 'b.duckdb'));
      await seed(b);
      await b.run(
        "INSERT INTO orders (order_id, customer_id, ordered_at, subtotal, total) VALUES ('o99', 'c10', '2026-06-05', 340, 340)",
      );
      const aov = async (s: Store) =>
        (await compareCohort(s, segment)).find((r) => r.feature === 'average_order_value')?.population;
      expect(await aov(a)).toBeCloseTo(76, 10);
      // Another file with other data gets its own figures.
      expect(await aov(b)).toBeCloseTo(100, 10);
      const a2 = await (a as DuckDbStore).fork();
      expect(await aov(a2)).toBeCloseTo(76, 10);
      // A change through one connection is seen through the other: the key follows the data.
      await a.run(
        "INSERT INTO orders (order_id, customer_id, ordered_at, subtotal, total) VALUES ('o98', 'c10', '2026-06-05', 340, 340)",
      );
      expect(await aov(a2)).toBeCloseTo(100, 10);
      // The campaign evidence follows too: c6 now orders within K2's window (fs 2/3 -> 3/3).
      const k2 = async (s: Store) =>
        (await campaignEvidence(s, segment, { triggers: ['free_shipping'] }))[0]?.campaigns.find(
          (c) => c.campaign_id === 'K2',
        )?.treated_conversions;
      expect(await k2(a2)).toBe(2);
      await a.run(
        "INSERT INTO orders (order_id, customer_id, ordered_at, subtotal, total) VALUES ('o97', 'c6', '2026-04-03', 20, 20)",
      );
      expect(await k2(a2)).toBe(3);
      await a2.close();
      await a.close();
      await b.close();
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('explainSegment', () => {
  it('ranks by profit per customer from the evidence and explains with the numbers', async () => {
    const ex = await explainSegment(store, { cohort: segment, channel: 'email' });
    expect(ex.segment_size).toBe(6);
    expect(ex.population_size).toBe(10);
    expect(ex.trigger).toBe('free_shipping');
    expect(ex.trigger_source).toBe('best_evidence');
    // Free shipping: lift 0.4, p1 = 0.2 + 0.4 = 0.6, cost = 0.002 + 0.6·7.95 = 4.772,
    // profit = 0.4 · 66.25 · 0.55 − 4.772 = 9.803.
    const fs = ex.economics.find((e) => e.trigger === 'free_shipping')!;
    expect(fs.cost_per_customer).toBeCloseTo(4.772, 10);
    expect(fs.profit_per_customer).toBeCloseTo(9.803, 10);
    expect(fs.cost_per_incremental_order).toBeCloseTo(4.772 / 0.4, 10);
    expect(fs.rank).toBe(1);
    // Discount: lift 0.5, p0 = 0.5, p1 = 1, cost = 0.002 + 0.15·66.25 = 9.9395, profit = 0.5·66.25·0.55 − 9.9395 = 8.27925.
    const d = ex.economics.find((e) => e.trigger === 'discount')!;
    expect(d.cost_per_customer).toBeCloseTo(9.9395, 10);
    expect(d.profit_per_customer).toBeCloseTo(8.27925, 10);
    expect(d.rank).toBe(2);
    // Discount, K1 only (1 of 1 against 1 of 2): adjusted 2/3 and 2/4, variance 2/27 + 1/16,
    // half 1.959964 · 0.3695585 = 0.724316; a difference of rates cannot pass +100 points.
    expect(d.reason).toContain('(95% CI −22.4 to +100.0) is not distinguishable from zero');
    expect(d.reason).toContain('67% of these customers have never used a discount');
    expect(d.reason).toContain('$1.52 less profit per customer than Free Shipping');
    expect(ex.economics.find((e) => e.trigger === 'social_proof')?.reason).toContain('Never tested');
    // A lift says its unit: percentage points of the chance to order, never bare "points".
    for (const e of ex.economics) expect(e.reason).not.toMatch(/(?<!percentage) points/);
    expect(fs.reason).toContain('+40.0 percentage points');

    const texts = ex.reasons.map((r) => r.text);
    expect(texts).toContain(
      'On these 6 customers, Free Shipping has the highest expected profit: $9.80 per customer (+40.0 percentage points at $4.77 cost per customer), $1.52 more than Discount.',
    );
    expect(texts).toContain(
      "In 2 past campaigns with a control group, Free Shipping lifted these customers' conversion by +40.0 percentage points (95% CI −3.3 to +83.3): 60% of 5 treated ordered, against 20% of 5 in control; Discount did +50.0 percentage points (95% CI −22.4 to +100.0).",
    );
    expect(texts).toContain(
      '33% of these customers abandoned a cart at the shipping step in the last 90 days (vs 20% of all customers).',
    );
    const ev = ex.reasons.find((r) => r.kind === 'evidence')!;
    expect(ev.numbers).toMatchObject({ campaign_count: 2, treated_n: 5, control_n: 5 });
    // First, the gist in a marketer's terms: who, which trigger, what it brings (no model yet: the
    // measured lift 0.4 × 6 customers = 2.4 orders; 9.803 × 6 = $58.82 profit), why, how sure.
    expect(ex.reasons[0]?.kind).toBe('summary');
    expect(ex.reasons[0]?.text).toBe(
      'Send Free Shipping to these 6 customers: at the rate past campaigns measured, about 2.4 extra orders and $58.82 extra profit after its cost. ' +
        'Why them: 33% abandoned a cart at the shipping step in the last 90 days, against 20% of all customers; 17% left a cart because of the shipping cost in the last 90 days, against 10% of all customers. ' +
        'In past campaigns with a control group (5 of these customers sent it, 5 not), their chance to order changed by −3.3 to +83.3 percentage points (95% interval): the real effect may be smaller than expected, or none, so keep the holdout group to measure it.',
    );
    expect(ex.reasons[0]?.numbers.incremental_conversions).toBeCloseTo(2.4, 10);
    expect(ex.reasons[0]?.numbers.incremental_profit).toBeCloseTo(9.803 * 6, 10);
    // What the marketer reads names no CLI command and no field id (twelfth walk-through: "the
    // cost configuration (aether triggers)").
    const shown = [...ex.notes, ...texts, ...ex.economics.map((e) => e.reason)];
    expect(ex.notes.some((n) => n.startsWith('Profit per customer uses'))).toBe(true);
    for (const t of shown) {
      expect(t).not.toMatch(/\baether\b/i);
      expect(t).not.toMatch(/\b[a-z]+_[a-z_]+\b/);
    }
  });

  it('explains a requested trigger that is not the best and says by how much', async () => {
    const ex = await explainSegment(store, { cohort: segment, trigger: 'discount' });
    expect(ex.trigger_source).toBe('requested');
    expect(ex.reasons.find((r) => r.kind === 'comparison')?.text).toBe(
      'On these 6 customers, by expected profit per customer, Discount ranks #2 of 2: Free Shipping would earn $1.52 more per customer (+40.0 vs +50.0 percentage points).',
    );
  });

  it("uses the active model's stored scores once a model is trained", async () => {
    const s = await openStore(':memory:');
    await seed(s);
    await s.run(
      `INSERT INTO model_versions VALUES ('m1', '2026-06-10', 'uplift', 'conversion', 'x-learner', 'fp',
         '{"feature_importance": [{"feature": "aov", "importance": 0.3}, {"feature": "recency", "importance": 0.7}]}', '{}', true)`,
    );
    await s.run(
      `INSERT INTO customer_scores (model_version, customer_id, baseline_conversion_probability, uplift_score_for_free_shipping, uplift_score_for_discount, recommended_trigger)
       VALUES ('m1', 'c1', 0.1, 0.05, 0.01, 'free_shipping'), ('m1', 'c2', 0.3, 0.07, 0.02, 'free_shipping'), ('m1', 'c9', 0.5, 0.5, 0.5, 'discount')`,
    );
    const ex = await explainSegment(s, { cohort: segment });
    expect(ex.model?.scored_n).toBe(2);
    const u = ex.model?.uplift.find((x) => x.trigger === 'free_shipping');
    // mean 6 points; sd 1.41421 points; half = 1.959964 · 1.41421 / √2 = 1.959964
    expect(u?.mean_points).toBeCloseTo(6, 10);
    expect(u?.ci.low).toBeCloseTo(6 - 1.959964, 5);
    expect(ex.model?.baseline_rate).toBeCloseTo(0.2, 10);
    expect(ex.model?.recommended_mix).toEqual([{ arm: 'free_shipping', count: 2 }]);
    // Training stores the importances in the version's metrics (src/causal/pipeline/feature-importance.ts).
    expect(ex.model?.feature_importance).toEqual([
      { feature: 'recency', importance: 0.7 },
      { feature: 'aov', importance: 0.3 },
    ]);
    expect(ex.trigger_source).toBe('best_model');
    // No reason names the model's version: a marketer cannot read it.
    for (const r of ex.reasons) expect(r.text).not.toContain('m1');
    // With a model, what treating everyone brings is the size-vs-profit curve's last point.
    // This small world has no size-vs-profit curve: what treating everyone brings is then the
    // model's mean lift and profit per customer times the segment's size, 0.06 × 6 orders.
    expect(ex.tradeoff).toBeNull();
    const fsModel = ex.economics.find((e) => e.trigger === 'free_shipping')!;
    expect(ex.reasons[0]?.numbers.incremental_conversions).toBeCloseTo(0.36, 10);
    expect(ex.reasons[0]?.numbers.incremental_profit).toBeCloseTo(fsModel.profit_per_customer! * 6, 10);
    expect(ex.reasons[0]?.text).toContain('Send Free Shipping to these 6 customers: expected about ');
    expect(
      ex.reasons.some(
        (r) =>
          r.kind === 'model' &&
          r.text.includes("Free Shipping raises these customers' chance to order by +6.0 percentage points"),
      ),
    ).toBe(true);
    // A version saved before training computed them may carry them in its artifact.
    await s.run(
      `INSERT INTO model_versions VALUES ('m0', '2026-06-01', 'uplift', 'conversion', 'x-learner', 'fp', '{}', '{"feature_importance": {"aov": 0.2, "recency": 0.5}}', false)`,
    );
    await s.run(`UPDATE model_versions SET is_active = (model_version = 'm0')`);
    await s.run(`UPDATE customer_scores SET model_version = 'm0'`);
    const older = await explainSegment(s, { cohort: segment });
    expect(older.model?.model_version).toBe('m0');
    expect(older.model?.feature_importance?.[0]).toEqual({ feature: 'recency', importance: 0.5 });
    await s.close();
  });
});

describe('Qini curve', () => {
  it('matches a hand computation on four customers', () => {
    const rows = [
      { score: 4, treated: true, converted: true },
      { score: 3, treated: false, converted: false },
      { score: 2, treated: true, converted: false },
      { score: 1, treated: false, converted: true },
    ];
    const { qini, uplift } = qiniPoints(rows, 4);
    // Q(k) = Yt − Yc·Nt/Nc: k=1 → 1 (no control yet), k=2 → 1, k=3 → 1, k=4 → 1 − 1·2/2 = 0.
    expect(qini).toEqual([
      { share: 0, value: 0 },
      { share: 0.25, value: 1 },
      { share: 0.5, value: 1 },
      { share: 0.75, value: 1 },
      { share: 1, value: 0 },
    ]);
    expect(uplift).toEqual([
      { share: 0.5, value: 100 },
      { share: 0.75, value: 50 },
      { share: 1, value: 0 },
    ]);
  });
});
