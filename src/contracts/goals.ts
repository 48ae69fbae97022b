import { z } from 'zod';

/** Campaign goals of DESIGN.md §2. */
export const CAMPAIGN_GOALS = [
  'conversion',
  'cart_recovery',
  'win_back',
  'retention',
  'aov_increase',
  'cross_sell',
  'engagement',
  'loyalty',
  'product_launch',
] as const;
export const CampaignGoal = z.enum(CAMPAIGN_GOALS);
export type CampaignGoal = z.infer<typeof CampaignGoal>;

/**
 * The outcome a goal calls for when training (issue 4): conversion within the campaign window for
 * conversion-like goals; order value for AOV; a purchase in a new category for cross-sell;
 * a click or visit for engagement; a repeat purchase within the horizon for retention and loyalty.
 */
export const GOAL_OUTCOME = {
  conversion: 'converted',
  cart_recovery: 'converted',
  win_back: 'converted',
  product_launch: 'converted',
  aov_increase: 'order_value',
  cross_sell: 'new_category_purchase',
  engagement: 'engaged',
  retention: 'repeat_purchase',
  loyalty: 'repeat_purchase',
} as const satisfies Record<CampaignGoal, string>;
export type OutcomeKind = (typeof GOAL_OUTCOME)[CampaignGoal];
