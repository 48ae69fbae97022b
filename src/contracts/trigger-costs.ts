import { z } from 'zod';
import { TRIGGER_IDS, type TriggerId } from './triggers.ts';

/**
 * The one configuration of what each trigger costs (DESIGN.md §1), so the engine can optimise
 * incremental profit and not only incremental conversions. Shown by `aether triggers`.
 *
 * Cost per treated customer = send cost of the channel
 *   + on every treated conversion (incremental or not): the trigger's cost on that order
 *     (discount: its percentage of the order value; free shipping: the shipping fee;
 *      loyalty reward: the reward value).
 */
export const Channel = z.enum(['email', 'sms', 'push']);
export type Channel = z.infer<typeof Channel>;

export const TriggerCostModel = z.object({
  /** Share of the order value given away on each treated conversion (discount). */
  order_value_share: z.number().min(0).max(1),
  /** Fixed amount given away on each treated conversion (shipping fee, reward value), in currency. */
  per_conversion_amount: z.number().min(0),
});
export type TriggerCostModel = z.infer<typeof TriggerCostModel>;

export const CostConfig = z.object({
  currency: z.string().length(3),
  /** Default gross margin on merchandise where a product has no cost price. */
  default_margin: z.number().min(0).max(1),
  send_cost: z.record(Channel, z.number().min(0)),
  triggers: z.record(z.enum(TRIGGER_IDS), TriggerCostModel),
});
export type CostConfig = z.infer<typeof CostConfig>;

export const DEFAULT_COST_CONFIG: CostConfig = {
  currency: 'USD',
  default_margin: 0.55,
  send_cost: { email: 0.002, sms: 0.015, push: 0.0005 },
  triggers: {
    discount: { order_value_share: 0.15, per_conversion_amount: 0 },
    free_shipping: { order_value_share: 0, per_conversion_amount: 7.95 },
    loyalty_reward: { order_value_share: 0.05, per_conversion_amount: 0 },
    scarcity_message: { order_value_share: 0, per_conversion_amount: 0 },
    urgency_message: { order_value_share: 0, per_conversion_amount: 0 },
    exclusivity_offer: { order_value_share: 0, per_conversion_amount: 0 },
    social_proof: { order_value_share: 0, per_conversion_amount: 0 },
    content_storytelling: { order_value_share: 0, per_conversion_amount: 0 },
    personalized_recommendation: { order_value_share: 0, per_conversion_amount: 0 },
    cart_reminder: { order_value_share: 0, per_conversion_amount: 0 },
  },
};

/** Expected cost of treating one customer with `trigger`, given their conversion probability under it. */
export function expectedTreatmentCost(
  config: CostConfig,
  trigger: TriggerId,
  channel: Channel,
  conversionProbabilityTreated: number,
  expectedOrderValue: number,
): number {
  const m = config.triggers[trigger];
  const perConversion = m.order_value_share * expectedOrderValue + m.per_conversion_amount;
  return config.send_cost[channel] + conversionProbabilityTreated * perConversion;
}

/**
 * The cost configuration with the brief's own discount depth ("a 20% discount") instead of the
 * configured one, so the profit of the plan and its explanation are those of the offer the
 * marketer will send; unchanged without a depth.
 */
export function withDiscountDepth(config: CostConfig, percent: number | null | undefined): CostConfig {
  if (percent === null || percent === undefined || !Number.isFinite(percent) || percent <= 0 || percent > 100)
    return config;
  return {
    ...config,
    triggers: {
      ...config.triggers,
      discount: { ...config.triggers.discount, order_value_share: percent / 100 },
    },
  };
}
