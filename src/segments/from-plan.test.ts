import { describe, expect, it } from 'vitest';
import type { CampaignObjective } from '../contracts/coo.ts';
import { Unavailable } from '../core/errors.ts';
import { segmentFromPlan } from './from-plan.ts';

const coo = (proposed: CampaignObjective['proposed_intervention']): CampaignObjective => ({
  campaign_goal: 'cart_recovery',
  target_behavior: { description: 'carts', criteria: { field: 'abandoned_cart_value', op: '>', value: 0 } },
  metric_target: null,
  proposed_intervention: proposed,
  intervention_type: null,
  constraints: { exclude_triggers: [], budget: null, channel: 'email' },
  confidence: 0.9,
  alternatives: [],
  clarifications: [],
});

describe('segment from a plan', () => {
  const rules = { field: 'clv_score', op: '>=', value: 0.5 } as const;
  it("takes the planner's rules, which already hold the audience, and keeps the brief's trigger", async () => {
    // The planner's segment rules are the audience (categories resolved), consent and leaves.
    const planned = { all: [coo(null).target_behavior.criteria!, rules] };
    const r = await segmentFromPlan(coo('free_shipping'), async () => ({
      segment_rules: planned,
      recommended_trigger: 'discount',
      trigger_mix: { discount: 5, cart_reminder: 3 },
    }));
    expect(r).toEqual({ criteria: planned, trigger: 'free_shipping' });
  });
  it('takes the single trigger the plan assigns, else makes a mixed segment', async () => {
    const one = await segmentFromPlan(coo(null), async () => ({
      segment_rules: rules,
      recommended_trigger: 'discount',
      trigger_mix: { discount: 5, control: 9 },
    }));
    expect(one.trigger).toBe('discount');
    const mixed = await segmentFromPlan(coo(null), async () => ({
      segment_rules: rules,
      recommended_trigger: 'discount',
      trigger_mix: { discount: 5, social_proof: 2 },
    }));
    expect(mixed.trigger).toBeNull();
  });
  it("falls back to the COO's own audience when no model is trained", async () => {
    const r = await segmentFromPlan(coo('cart_reminder'), async () => {
      throw new Unavailable('no uplift model trained yet: run `aether train` first');
    });
    expect(r).toEqual({ criteria: coo(null).target_behavior.criteria, trigger: 'cart_reminder' });
  });
  it("without a model still reads the brief's words as the shop's categories when given a resolver", async () => {
    const resolved = { event: 'purchased', where: { category: 'cama_mesa_banho' } } as const;
    const r = await segmentFromPlan(
      coo(null),
      async () => {
        throw new Unavailable('no uplift model trained yet: run `aether train` first');
      },
      async (c) => {
        expect(c).toEqual(coo(null).target_behavior.criteria);
        return resolved;
      },
    );
    expect(r).toEqual({ criteria: resolved, trigger: null });
  });
});
