import { z } from 'zod';

/** The treatments of DESIGN.md §1, in catalogue order. `control` is the no-trigger arm. */
export const TRIGGER_IDS = [
  'discount',
  'free_shipping',
  'loyalty_reward',
  'scarcity_message',
  'urgency_message',
  'exclusivity_offer',
  'social_proof',
  'content_storytelling',
  'personalized_recommendation',
  'cart_reminder',
] as const;

export const TriggerId = z.enum(TRIGGER_IDS);
export type TriggerId = z.infer<typeof TriggerId>;

export const CONTROL_ARM = 'control' as const;
export const Arm = z.union([TriggerId, z.literal(CONTROL_ARM)]);
export type Arm = z.infer<typeof Arm>;

export const INTERVENTION_TYPES = [
  'monetary',
  'psychological',
  'informational',
  'personalization',
  'reminder',
] as const;
export const InterventionType = z.enum(INTERVENTION_TYPES);
export type InterventionType = z.infer<typeof InterventionType>;

export interface TriggerDefinition {
  id: TriggerId;
  label: string;
  interventionType: InterventionType;
  description: string;
}

export const TRIGGER_CATALOGUE: Record<TriggerId, TriggerDefinition> = {
  discount: {
    id: 'discount',
    label: 'Discount',
    interventionType: 'monetary',
    description: 'percentage or amount off, coupon, BOGO',
  },
  free_shipping: {
    id: 'free_shipping',
    label: 'Free Shipping',
    interventionType: 'monetary',
    description: 'no delivery fee, incl. free expedited/express shipping (variant "expedited")',
  },
  loyalty_reward: {
    id: 'loyalty_reward',
    label: 'Loyalty Reward',
    interventionType: 'monetary',
    description: 'bonus points, cashback, gift with purchase',
  },
  scarcity_message: {
    id: 'scarcity_message',
    label: 'Scarcity Message',
    interventionType: 'psychological',
    description: 'low stock, limited edition, numbered run',
  },
  urgency_message: {
    id: 'urgency_message',
    label: 'Urgency Message',
    interventionType: 'psychological',
    description: 'time limit, countdown, last chance, price rises soon',
  },
  exclusivity_offer: {
    id: 'exclusivity_offer',
    label: 'Exclusivity Offer',
    interventionType: 'psychological',
    description: 'early access, VIP / members-only, private pre-sale',
  },
  social_proof: {
    id: 'social_proof',
    label: 'Social Proof',
    interventionType: 'psychological',
    description: 'bestsellers, trending, ratings, "N people bought"',
  },
  content_storytelling: {
    id: 'content_storytelling',
    label: 'Content & Storytelling',
    interventionType: 'informational',
    description: 'guides, stories, lookbooks, how-tos',
  },
  personalized_recommendation: {
    id: 'personalized_recommendation',
    label: 'Personalized Recommendation',
    interventionType: 'personalization',
    description: 'next-best product, cross-sell, complete-the-look',
  },
  cart_reminder: {
    id: 'cart_reminder',
    label: 'Cart Reminder',
    interventionType: 'reminder',
    description: 'plain reminder of an abandoned cart, no incentive',
  },
};

export function interventionTypeOf(trigger: TriggerId): InterventionType {
  return TRIGGER_CATALOGUE[trigger].interventionType;
}

/** The engine's per-customer output column for a trigger, e.g. `uplift_score_for_free_shipping`. */
export function upliftField(trigger: TriggerId): `uplift_score_for_${TriggerId}` {
  return `uplift_score_for_${trigger}`;
}
