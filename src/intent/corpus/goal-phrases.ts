import type { MetricTarget } from '../../contracts/coo.ts';
import type { CampaignGoal } from '../../contracts/goals.ts';
import type { Rng } from '../../core/rng.ts';

/** How a brief states its goal: verb phrases ("win back"), nouns ("a win-back campaign"). */
export const GOAL_VERBS: Record<CampaignGoal, string[]> = {
  conversion: [
    'get first orders from them',
    'turn interest into orders',
    'push them over the line',
    'get them to check out',
    'increase purchases',
    'grow sales',
    'drive conversions',
    'turn browsers into buyers',
    'get more purchases',
    'boost sales',
    'convert them',
    'close more sales',
    'get them to buy',
  ],
  cart_recovery: [
    'win back abandoned checkouts',
    'rescue abandoned carts',
    'get those carts paid',
    'recover lost revenue from carts',
    'lift cart recovery',
    'recover abandoned carts',
    'bring back cart abandoners',
    'recover lost checkouts',
    'get them to complete their purchase',
    'reduce cart abandonment',
    'save abandoned baskets',
  ],
  win_back: [
    'reactivate lapsed buyers',
    'bring lapsed shoppers back',
    'revive dormant accounts',
    'get former customers to order again',
    'rekindle lapsed customers',
    'win back',
    're-engage lapsed buyers',
    'reactivate dormant customers',
    'bring them back',
    'get lapsed shoppers buying again',
    'win them back',
  ],
  retention: [
    'stop them from leaving',
    'keep subscribers active',
    'protect at-risk revenue',
    'improve retention',
    'keep them around',
    'retain',
    'keep them from churning',
    'reduce churn',
    'hold on to',
    'improve retention among',
    'prevent churn',
    // Repeat and second purchases are retention (keeping customers buying), as the independent
    // writers label them; loyalty is the VIP / thank-you / programme side.
    'increase repeat purchases',
    'get them to a second order',
  ],
  aov_increase: [
    'raise basket value',
    'get larger orders',
    'lift the average spend per order',
    'get them to add one more item',
    'trade them up to bigger orders',
    'increase average order value',
    'grow basket size',
    'get them to spend more per order',
    'raise AOV',
    'encourage bigger orders',
    'upsell them',
  ],
  cross_sell: [
    'get them into a second category',
    'sell accessories to existing buyers',
    'broaden what they buy from us',
    'drive purchases in adjacent categories',
    'cross-sell into a new category',
    'get them buying from another category',
    'introduce complementary products',
    'expand them into accessories',
    'sell them complementary items',
    // The second category named, not the word "cross-sell" (2026-11-27 late evening).
    'get them to try our bags too',
    'get them to pick up a belt as well',
    'introduce them to our knitwear',
    'move them into outerwear',
    'turn them into shoe buyers too',
    'get a first jewelry purchase out of them',
    'branch them out into swimwear',
    'round out their wardrobe with scarves',
    'show them what goes with what they already own',
  ],
  engagement: [
    'get more opens',
    'increase site visits',
    'get them reading our emails',
    'drive more clicks to the site',
    'grow interaction with our content',
    'boost engagement',
    'get more clicks',
    'increase email engagement',
    'drive traffic to the site',
    'get them interacting with us',
    'lift open rates',
  ],
  loyalty: [
    'reward our regulars',
    'thank our customers for their loyalty',
    'grow membership in the rewards program',
    'keep our top customers coming back',
    'deepen relationships with our regulars',
    'build loyalty',
    'deepen loyalty',
    'strengthen the relationship with',
    'grow loyalty program engagement',
    'get them buying again and again',
  ],
  product_launch: [
    'drive awareness of the new drop',
    'get first sales of the new line',
    'announce the new arrivals',
    'support the release of our new model',
    'kick off the new season launch',
    'launch the new collection',
    'promote our new product line',
    'drive sales of the new release',
    'support the launch of the spring collection',
    'introduce the new range',
    'build buzz for the product drop',
  ],
};

export const GOAL_NOUNS: Record<CampaignGoal, string[]> = {
  conversion: [
    'first-purchase push',
    'conversion play',
    'sales campaign',
    'conversion campaign',
    'sales push',
    'conversion drive',
  ],
  cart_recovery: [
    'cart recovery push',
    'abandoned basket campaign',
    'cart recovery campaign',
    'abandoned cart flow',
    'checkout recovery push',
  ],
  win_back: [
    'reactivation push',
    'win-back flow',
    'lapsed buyer campaign',
    'win-back campaign',
    'reactivation campaign',
    'lapsed customer win-back',
  ],
  retention: [
    'anti-churn campaign',
    'retention flow',
    'retention campaign',
    'churn prevention campaign',
    'retention play',
  ],
  aov_increase: [
    'average order value campaign',
    'bigger-basket push',
    'AOV campaign',
    'basket-building campaign',
    'upsell campaign',
  ],
  cross_sell: [
    'cross-category campaign',
    'cross-sell push',
    'cross-sell campaign',
    'category expansion campaign',
    'second-category push',
    'attach campaign',
  ],
  engagement: [
    'engagement flow',
    'open-rate push',
    'traffic campaign',
    'engagement campaign',
    're-engagement of our readers',
    'engagement push',
  ],
  loyalty: [
    'loyalty program push',
    'customer loyalty campaign',
    'loyalty campaign',
    'loyalty push',
    'VIP loyalty program campaign',
  ],
  product_launch: [
    'launch push',
    'new arrivals campaign',
    'product drop campaign',
    'product launch',
    'launch campaign',
    'new collection launch',
  ],
};

const METRIC_OF_GOAL: Record<CampaignGoal, Array<[string, string]>> = {
  conversion: [
    ['conversion rate', 'conversion_rate'],
    ['conversions', 'conversion_rate'],
  ],
  cart_recovery: [
    ['cart recovery rate', 'cart_recovery_rate'],
    ['recovery rate', 'cart_recovery_rate'],
  ],
  win_back: [
    ['reactivation rate', 'reactivation_rate'],
    ['win-back rate', 'reactivation_rate'],
  ],
  retention: [
    ['retention', 'retention_rate'],
    ['repeat purchase rate', 'repeat_purchase_rate'],
    ['retention rate', 'retention_rate'],
    ['churn', 'churn_rate'],
  ],
  aov_increase: [
    ['average order value', 'average_order_value'],
    ['AOV', 'average_order_value'],
  ],
  cross_sell: [
    ['cross-sell rate', 'cross_sell_rate'],
    ['attach rate', 'attach_rate'],
    ['cross-category purchase rate', 'cross_category_purchase_rate'],
  ],
  engagement: [
    ['click-through rate', 'email_click_through_rate'],
    ['open rate', 'email_open_rate'],
    ['CTR', 'email_click_through_rate'],
  ],
  loyalty: [['purchase frequency', 'purchase_frequency']],
  product_launch: [
    ['conversion rate', 'conversion_rate'],
    ['pre-orders', 'preorders'],
  ],
};

const HORIZONS: Array<[string, number | null]> = [
  ['', null],
  ['', null],
  [' this quarter', 90],
  [' within 30 days', 30],
  [' this month', 30],
  [' in the next 2 weeks', 14],
  [' by the end of the quarter', 90],
  [' over the next 60 days', 60],
  [' this week', 7],
];

export interface MetricPhrase {
  text: string;
  target: MetricTarget;
}

/** A metric target phrase for the goal, in one of the four kinds. */
export function metricPhrase(r: Rng, goal: CampaignGoal): MetricPhrase {
  const [name, metric] = r.pick(METRIC_OF_GOAL[goal]);
  const [h, horizon] = r.pick(HORIZONS);
  const decrease = metric === 'churn_rate';
  const verb = decrease
    ? r.pick(['reduce', 'cut', 'lower'])
    : r.pick(['increase', 'lift', 'raise', 'grow', 'improve', 'boost']);
  const dir = decrease ? 'decrease' : 'increase';
  if (metric === 'preorders') {
    const v = r.pick([200, 500, 1000, 2500]);
    return {
      text: `to get ${v.toLocaleString('en-US')} pre-orders${h}`,
      target: {
        metric: 'preorders',
        direction: 'increase',
        kind: 'absolute',
        value: v,
        unit: 'count',
        horizon_days: horizon,
      },
    };
  }
  const kind = r.pick(['relative', 'relative', 'points', 'level', 'absolute'] as const);
  if (kind === 'relative') {
    const v = r.pick([5, 8, 10, 12, 15, 20, 25, 30]);
    const text = r.pick([
      `to ${verb} ${name} by ${v}%${h}`,
      `aiming for a ${v}% ${decrease ? 'reduction' : 'lift'} in ${name}${h}`,
      `(target: ${name} ${decrease ? '-' : '+'}${v}%${h})`,
    ]);
    return {
      text,
      target: { metric, direction: dir, kind, value: v, unit: 'percent', horizon_days: horizon },
    };
  }
  if (kind === 'points' && metric !== 'average_order_value') {
    const v = r.pick([1, 2, 3, 5]);
    const text = r.pick([
      `to ${verb} ${name} by ${v} percentage points${h}`,
      `for a +${v} point change in ${name}${h}`,
      `to move ${name} ${v} pts${h}`,
    ]);
    return {
      text,
      target: { metric, direction: dir, kind: 'points', value: v, unit: 'points', horizon_days: horizon },
    };
  }
  if (metric === 'average_order_value') {
    const v = r.pick([60, 75, 80, 95, 120]);
    return {
      text: `to ${verb} ${name} to $${v}${h}`,
      target: {
        metric,
        direction: 'increase',
        kind: 'level',
        value: v,
        unit: 'currency',
        horizon_days: horizon,
      },
    };
  }
  if (kind === 'level') {
    const v = r.pick([3, 4, 5, 8, 10, 25, 30]);
    const text = r.pick([
      `to ${decrease ? 'bring' : 'get'} ${name} to ${v}%${h}`,
      `so that ${name} reaches ${v}%${h}`,
    ]);
    return {
      text,
      target: { metric, direction: dir, kind: 'level', value: v, unit: 'percent', horizon_days: horizon },
    };
  }
  const v = r.pick([100, 250, 500, 1000, 2000, 5000]);
  const [noun, m] = r.pick([
    ['orders', 'orders'],
    ['purchases', 'orders'],
  ] as const);
  return {
    text: `to generate ${v.toLocaleString('en-US')} ${noun}${h}`,
    target: {
      metric: m,
      direction: 'increase',
      kind: 'absolute',
      value: v,
      unit: 'count',
      horizon_days: horizon,
    },
  };
}
