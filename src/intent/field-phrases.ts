import type { TriggerId } from '../contracts/triggers.ts';

/**
 * How briefs name the numeric profile fields (DESIGN.md §4) that an audience may be cut on with a
 * threshold or a range ("discount sensitivity above 0.7", "CTR over 5%", "LTV between $500 and
 * $1,500", "scarcity uplift > 0.05"), with the kind of value each takes. Written from the field
 * catalogue and common marketing shorthand.
 */
export type ValueKind = 'score' | 'rate' | 'money' | 'seconds';

export const FIELD_PHRASES: Array<{ phrase: string; field: string; kind: ValueKind }> = [
  {
    phrase: String.raw`discount[- ]sensitivity(?: scores?)?`,
    field: 'discount_sensitivity_score',
    kind: 'score',
  },
  {
    phrase: String.raw`(?:free[- ])?shipping[- ]sensitivity(?: scores?)?`,
    field: 'free_shipping_sensitivity_score',
    kind: 'score',
  },
  {
    phrase: String.raw`social[- ]proof (?:affinity|score)(?: scores?)?`,
    field: 'social_proof_affinity',
    kind: 'score',
  },
  {
    phrase: String.raw`content[- ]engagement(?: scores?)?|engagement scores?`,
    field: 'content_engagement_score',
    kind: 'score',
  },
  {
    phrase: String.raw`churn(?:[- ](?:risk|probability|prob|score|likelihood))?(?: scores?)?`,
    field: 'churn_probability_score',
    kind: 'score',
  },
  { phrase: String.raw`(?:clv|value) scores?|clv`, field: 'clv_score', kind: 'score' },
  { phrase: String.raw`(?:email )?open[- ]rates?`, field: 'email_open_rate', kind: 'rate' },
  {
    phrase: String.raw`(?:email )?(?:ctr|click[- ]?(?:through)?[- ]rates?)`,
    field: 'email_click_through_rate',
    kind: 'rate',
  },
  {
    phrase: String.raw`lifetime (?:value|spend|revenue)|ltv|total spend|lifetime spend`,
    field: 'lifetime_value',
    kind: 'money',
  },
  {
    phrase: String.raw`average order(?: values?)?|aov|average basket(?: values?| sizes?)?|avg\.? order(?: values?)?`,
    field: 'average_order_value',
    kind: 'money',
  },
  {
    phrase: String.raw`(?:average|avg\.?) session(?: durations?| lengths?| times?)?|session (?:duration|length)`,
    field: 'avg_session_duration',
    kind: 'seconds',
  },
  {
    phrase: String.raw`baseline conversion(?: probability| rate)?`,
    field: 'baseline_conversion_probability',
    kind: 'score',
  },
];

/** Words for each trigger in "<trigger> uplift" ("personalisation uplift", "free shipping uplift"). */
export const UPLIFT_WORDS: Array<[RegExp, TriggerId]> = [
  [/^(?:discounts?|coupons?|price)$/, 'discount'],
  [/^(?:free[- ]shipping|shipping|delivery)$/, 'free_shipping'],
  [/^(?:loyalty(?: rewards?)?|rewards?|points)$/, 'loyalty_reward'],
  [/^(?:scarcity)$/, 'scarcity_message'],
  [/^(?:urgency)$/, 'urgency_message'],
  [/^(?:exclusivity|vip|early access)$/, 'exclusivity_offer'],
  [/^(?:social[- ]proof)$/, 'social_proof'],
  [/^(?:content|storytelling)$/, 'content_storytelling'],
  [
    /^(?:personali[sz]ation|personali[sz]ed recommendations?|recommendations?|recs?)$/,
    'personalized_recommendation',
  ],
  [/^(?:cart[- ]reminders?|reminders?)$/, 'cart_reminder'],
];
export const UPLIFT_WORD_SOURCE = String.raw`discounts?|coupons?|free[- ]shipping|shipping|delivery|loyalty(?: rewards?)?|rewards?|points|scarcity|urgency|exclusivity|vip|early access|social[- ]proof|content|storytelling|personali[sz]ation|personali[sz]ed recommendations?|recommendations?|recs?|cart[- ]reminders?|reminders?`;

export function upliftTrigger(word: string): TriggerId | null {
  return UPLIFT_WORDS.find(([re]) => re.test(word.trim()))?.[1] ?? null;
}
