import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { incrementalProfit } from '../causal/pipeline/economics.ts';
import type { CampaignObjective } from '../contracts/coo.ts';
import { DEFAULT_COST_CONFIG, withDiscountDepth } from '../contracts/trigger-costs.ts';
import { startTestServer, type TestServer } from './test-server.ts';

/**
 * A discount brief that states its depth ("20% off") is planned at that depth; the segment saved
 * from it must be costed at the same depth, so the profit a consumer reads from the API is the one
 * the marketer saw in the ranking.
 */
let t: TestServer;
beforeAll(async () => {
  t = await startTestServer(2000);
});
afterAll(async () => t?.close());

/** The fields these tests read, of a segment, a page of its customers and a plan. */
interface Reply {
  segment_id: string;
  recommended_trigger: string | null;
  recommended_trigger_params: unknown;
  customer_profiles: Member[];
  next_cursor: string | null;
  ranked_triggers: { trigger: string; segment_size: number; expected_incremental_profit: number }[];
}

async function call(method: string, path: string, body?: unknown) {
  const res = await fetch(`${t.url}${path}`, {
    method,
    headers: {
      authorization: `Bearer ${t.keys.admin}`,
      ...(body === undefined ? {} : { 'content-type': 'application/json' }),
    },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  return { status: res.status, json: (await res.json()) as Reply };
}

const AUDIENCE = { field: 'clv_score', op: '>=', value: 0.2 } as const;
const coo: CampaignObjective = {
  campaign_goal: 'conversion',
  target_behavior: { description: 'customers in the top 80% by value', criteria: AUDIENCE },
  metric_target: null,
  proposed_intervention: 'discount',
  intervention_params: { percent: 20 },
  intervention_type: 'monetary',
  constraints: { exclude_triggers: [], budget: null, channel: 'email' },
  confidence: 0.9,
  alternatives: [],
  clarifications: [],
};

type Member = {
  customer_id: string;
  expected_incremental_profit: number;
  baseline_conversion_probability: number;
  uplift_score_for_discount: number;
  average_order_value: number | null;
};

async function allMembers(id: string): Promise<Member[]> {
  const out: Member[] = [];
  let cursor: string | null = null;
  do {
    const page = await call(
      'GET',
      `/api/v1/segments/${id}/customers?assignment=all&limit=1000&fields=customer_id,expected_incremental_profit,baseline_conversion_probability,uplift_score_for_discount,average_order_value${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`,
    );
    expect(page.status).toBe(200);
    out.push(...page.json.customer_profiles);
    cursor = page.json.next_cursor;
  } while (cursor);
  return out;
}

describe("a saved discount segment is costed at the brief's own depth", () => {
  it('GET /segments/{id} and /customers carry the depth, and every profit is the planner’s at 20%', async () => {
    const plan = await call('POST', '/api/v1/plans', { coo });
    expect(plan.status).toBe(200);
    // Saved as the UI saves it: the COO and the trigger shown.
    const saved = await call('POST', '/api/v1/segments?wait=true', { coo, trigger: 'discount' });
    expect(saved.status).toBe(201);
    const seg = await call('GET', `/api/v1/segments/${saved.json.segment_id}`);
    expect(seg.json.recommended_trigger).toBe('discount');
    expect(seg.json.recommended_trigger_params).toEqual({ percent: 20 });
    const members = await allMembers(saved.json.segment_id);
    expect(members.length).toBeGreaterThan(50);
    // Customers without an order are valued at the median order value, as the engine values them.
    const aovs = members.map((m) => m.average_order_value).filter((v): v is number => (v ?? 0) > 0);
    expect(aovs.length).toBeGreaterThan(0);
    const at20 = withDiscountDepth(DEFAULT_COST_CONFIG, 20);
    let differs = 0;
    for (const m of members) {
      const aov = (m.average_order_value ?? 0) > 0 ? (m.average_order_value as number) : aovs[0]!;
      const b = m.baseline_conversion_probability;
      const u = m.uplift_score_for_discount;
      const want = incrementalProfit(b + u, b, aov, 'discount', at20, 'email');
      const at15 = incrementalProfit(b + u, b, aov, 'discount', DEFAULT_COST_CONFIG, 'email');
      expect(m.expected_incremental_profit).toBeCloseTo(want, 9);
      if (Math.abs(want - at15) > 1e-6) differs++;
    }
    expect(differs).toBeGreaterThan(0);
  });

  it("a segment of the plan's whole audience adds up to the ranking's discount row", async () => {
    const plan = await call('POST', '/api/v1/plans', { coo });
    const row = plan.json.ranked_triggers.find((r) => r.trigger === 'discount')!;
    const saved = await call('POST', '/api/v1/segments?wait=true', {
      criteria: { all: [AUDIENCE] },
      trigger: 'discount',
      trigger_params: { percent: 20 },
      channel: 'email',
    });
    const members = await allMembers(saved.json.segment_id);
    // The ranking counts the audience's customers the trigger pays for (treatment and holdout alike).
    const paying = members.filter((m) => m.expected_incremental_profit > 0);
    expect(paying.length).toBe(row.segment_size);
    const total = paying.reduce((s, m) => s + m.expected_incremental_profit, 0);
    expect(total).toBeCloseTo(row.expected_incremental_profit, 6);
  });

  it('a segment saved with another trigger than the brief’s does not carry the brief’s discount', async () => {
    const saved = await call('POST', '/api/v1/segments?wait=true', { coo, trigger: 'free_shipping' });
    expect(saved.status).toBe(201);
    expect(saved.json.recommended_trigger).toBe('free_shipping');
    expect(saved.json.recommended_trigger_params).toBeNull();
  });
});
