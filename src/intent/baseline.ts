import type { CampaignGoal } from '../contracts/goals.ts';
import type { TriggerId } from '../contracts/triggers.ts';

/**
 * The plain keyword-rule baseline the evaluation reports beside the model: the first keyword
 * of the catalogue's own vocabulary that appears wins; nothing found means no trigger and the
 * `conversion` goal. No negation, no spelling, no learning.
 */
const TRIGGER_KEYWORDS: Array<[RegExp, TriggerId]> = [
  [/free (?:shipping|delivery)/, 'free_shipping'],
  [/discount|% off|coupon|promo code|bogo/, 'discount'],
  [/points|cashback|cash back|reward|gift with purchase/, 'loyalty_reward'],
  [/low stock|limited edition|limited stock|only \d+ left|numbered|scarcity/, 'scarcity_message'],
  [
    /last chance|countdown|hurry|ends (?:tonight|today|soon)|deadline|urgency|limited time/,
    'urgency_message',
  ],
  [/early access|exclusive|vip|members[- ]only|pre-?sale/, 'exclusivity_offer'],
  [/bestseller|best seller|trending|reviews?|ratings?|people bought|social proof/, 'social_proof'],
  [/guide|story|stories|lookbook|how-to|how to|tutorial/, 'content_storytelling'],
  [/recommend|complete the look|cross-sell|personali[sz]ed/, 'personalized_recommendation'],
  [/remind/, 'cart_reminder'],
];

const GOAL_KEYWORDS: Array<[RegExp, CampaignGoal]> = [
  [/abandon|cart/, 'cart_recovery'],
  [/win back|win-back|lapsed|inactive/, 'win_back'],
  [/churn|retain|retention/, 'retention'],
  [/average order value|aov|basket size/, 'aov_increase'],
  [/cross-sell|cross sell|another category/, 'cross_sell'],
  [/engagement|open rate|click/, 'engagement'],
  [/loyal/, 'loyalty'],
  [/launch|new collection|new product/, 'product_launch'],
];

export function baselineTrigger(brief: string): TriggerId | null {
  const t = brief.toLowerCase();
  let best: { at: number; id: TriggerId } | null = null;
  for (const [re, id] of TRIGGER_KEYWORDS) {
    const m = re.exec(t);
    if (m && (!best || m.index < best.at)) best = { at: m.index, id };
  }
  return best?.id ?? null;
}

export function baselineGoal(brief: string): CampaignGoal {
  const t = brief.toLowerCase();
  for (const [re, goal] of GOAL_KEYWORDS) if (re.test(t)) return goal;
  return 'conversion';
}
