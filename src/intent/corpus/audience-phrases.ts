import type { Criteria } from '../../contracts/criteria.ts';
import type { CampaignGoal } from '../../contracts/goals.ts';
import type { Rng } from '../../core/rng.ts';

/**
 * Audience noun phrases with the criteria they mean (DESIGN.md §5), by the goal they suit.
 * Each generator draws its numbers, products and places from the seeded Rng.
 */
export interface AudiencePhrase {
  np: string;
  conds: Criteria[];
}

type Gen = (r: Rng) => AudiencePhrase;

const DAYS: Array<[string, number]> = [
  ['in the last 7 days', 7],
  ['in the last two weeks', 14],
  ['over the past 30 days', 30],
  ['in the past 3 days', 3],
  ['this week', 7],
  ['within the last 10 days', 10],
  ['in the last month', 30],
  ['over the last 2 weeks', 14],
];
const HOURS: Array<[string, number]> = [
  ['in the last 48 hours', 48],
  ['in the past 24 hours', 24],
  ['within the last 72 hours', 72],
  ['in the last 3 days', 72],
  ['over the past 12 hours', 12],
  ['yesterday', 24],
];
const PRODUCTS: Array<[string, { tag?: string; category?: string }]> = [
  ["'Limited Edition' sneakers", { tag: 'limited_edition', category: 'sneakers' }],
  ['limited-edition watches', { tag: 'limited_edition', category: 'watches' }],
  ['running shoes', { category: 'running_shoes' }],
  ['our new arrivals', { tag: 'new_arrival' }],
  ['winter jackets', { category: 'jackets' }],
  ['skincare products', { category: 'skincare' }],
  ['handbags', { category: 'handbags' }],
  ['the premium headphones', { tag: 'premium', category: 'headphones' }],
  ['dresses', { category: 'dresses' }],
  ['sustainable denim', { tag: 'sustainable', category: 'denim' }],
  ['home decor', { category: 'home_decor' }],
  ['yoga mats', { category: 'yoga_mats' }],
  ['coffee', { category: 'coffee' }],
  ['jewelry', { category: 'jewelry' }],
  ['luxury fragrances', { tag: 'premium', category: 'fragrance' }],
  ['kids toys', { category: 'kids_toys' }],
  ['camping gear', { category: 'outdoor' }],
  ['laptops', { category: 'laptops' }],
  ['the vegan makeup range', { tag: 'vegan', category: 'makeup' }],
  ['furniture', { category: 'furniture' }],
  ['boots', { category: 'boots' }],
  ['pet supplies', { category: 'pet' }],
  // A fashion shop's own nouns (2026-11-27 late evening): product words carry no trigger, and a
  // model that never saw "scarves" or "knitwear" read their letters as scarcity or content.
  ['scarves', { category: 'scarves' }],
  ['knitwear', { category: 'knitwear' }],
  ['outerwear', { category: 'outerwear' }],
  ['skirts', { category: 'skirts' }],
  ['blazers', { category: 'blazers' }],
  ['swimwear', { category: 'swimwear' }],
  ['sneakers', { category: 'sneakers' }],
  ['bags', { category: 'bags' }],
  ['accessories', { category: 'accessories' }],
  ['leggings', { category: 'leggings' }],
  ['sunglasses', { category: 'eyewear' }],
  ['linen shirts', { category: 'shirts' }],
  ['trousers', { category: 'trousers' }],
  ['belts', { category: 'belts' }],
  ['activewear', { category: 'activewear' }],
  ['sandals', { category: 'sandals' }],
];
const COUNTRIES: Array<[string, string]> = [
  ['in Canada', 'Canada'],
  ['in the UK', 'UK'],
  ['in Germany', 'Germany'],
  ['in the US', 'USA'],
  ['based in France', 'France'],
  ['from Australia', 'Australia'],
  ['in the Netherlands', 'Netherlands'],
  ['in Spain', 'Spain'],
];
const LAPSE: Array<[string, number, '>' | '>=']> = [
  ["who haven't purchased in 90 days", 90, '>'],
  ["who haven't bought anything in 6 months", 180, '>'],
  ['with no purchase in the last 120 days', 120, '>'],
  ["who haven't ordered in over 60 days", 60, '>'],
  ['whose last order was more than 45 days ago', 45, '>'],
  ['who have been inactive for 4 months', 120, '>'],
  ["who haven't shopped with us for a year", 365, '>'],
  ['with no order in 90+ days', 90, '>='],
];

const who = (r: Rng): string => r.pick(['customers', 'shoppers', 'users', 'people', 'buyers', 'visitors']);

const cartAudience: Gen = (r) => {
  const conds: Criteria[] = [];
  const parts: string[] = [];
  const base = r.pick([
    'who abandoned their cart',
    'who left items in their cart',
    'cart abandoners',
    'who abandoned a checkout',
    'with abandoned baskets',
    "who didn't complete checkout",
  ]);
  const lead = base.startsWith('who') || base.startsWith('with') ? `${who(r)} ${base}` : base;
  parts.push(lead);
  let valueCond: Criteria | null = null;
  if (r.bernoulli(0.5)) {
    const [t, h] = r.pick(HOURS);
    parts.push(t);
    // A cart abandoned yesterday is 24 to 48 hours old (the rules' reading, from the second dev set).
    conds.push(
      t === 'yesterday'
        ? { field: 'abandoned_cart_age_hours', op: 'between', value: [24, 48] }
        : { field: 'abandoned_cart_age_hours', op: '<=', value: h },
    );
  }
  if (r.bernoulli(0.35)) {
    const v = r.pick([50, 75, 100, 150, 200, 250, 500]);
    const [t, op] = r.pick([
      [`with carts over $${v}`, '>'],
      [`with a cart worth more than $${v}`, '>'],
      [`with carts of at least $${v}`, '>='],
    ] as const);
    parts.push(t);
    valueCond = { field: 'abandoned_cart_value', op, value: v };
  }
  conds.unshift(valueCond ?? { field: 'abandoned_cart_value', op: '>', value: 0 });
  if (r.bernoulli(0.15)) {
    parts.push('because of shipping costs');
    conds.push({ field: 'abandoned_cart_reason', op: '=', value: 'shipping_cost' });
  }
  return { np: parts.join(' '), conds };
};

const viewedAudience: Gen = (r) => {
  const [p, where] = r.pick(PRODUCTS);
  const verb = r.pick(['viewed', 'browsed', 'looked at', 'checked out']);
  if (r.bernoulli(0.7)) {
    const [t, d] = r.pick(DAYS);
    return {
      np: `${who(r)} who ${verb} ${p} ${t}`,
      conds: [{ event: 'viewed_product', where, within_days: d }],
    };
  }
  return { np: `${who(r)} who ${verb} ${p}`, conds: [{ event: 'viewed_product', where }] };
};

const boughtAudience: Gen = (r) => {
  const [p, where] = r.pick(PRODUCTS.filter(([, w]) => w.category));
  const [t, d] = r.pick(DAYS);
  return { np: `${who(r)} who bought ${p} ${t}`, conds: [{ event: 'purchased', where, within_days: d }] };
};

/** "bought X but never Y", "X buyers who have never bought Y": the cross-sell audience. */
const CROSS_PAIRS: Array<[string, string, string, string]> = [
  ['dresses', 'dresses', 'accessories', 'accessories'],
  ['running shoes', 'running_shoes', 'socks', 'socks'],
  ['jeans', 'jeans', 'jackets', 'jackets'],
  ['coffee', 'coffee', 'mugs', 'mugs'],
  ['boots', 'boots', 'bags', 'bags'],
  ['laptops', 'laptops', 'headphones', 'headphones'],
  ['skincare', 'skincare', 'makeup', 'makeup'],
  ['yoga mats', 'yoga_mats', 'activewear', 'activewear'],
];
const crossAudience: Gen = (r) => {
  const [x, cx, y, cy] = r.pick(CROSS_PAIRS);
  const np = r.pick([
    `${who(r)} who bought ${x} but never ${y}`,
    `${who(r)} who have bought ${x} but not ${y}`,
    `${who(r)} who bought ${x} and have never bought ${y}`,
  ]);
  return {
    np,
    conds: [
      { event: 'purchased', where: { category: cx } },
      { not: { event: 'purchased', where: { category: cy } } },
    ],
  };
};

const lapsedAudience: Gen = (r) => {
  if (r.bernoulli(0.3))
    return {
      np: r.pick(['lapsed customers', 'lapsed buyers', 'dormant customers']),
      conds: [{ field: 'days_since_last_purchase', op: '>', value: 90 }],
    };
  const [t, d, op] = r.pick(LAPSE);
  return { np: `${who(r)} ${t}`, conds: [{ field: 'days_since_last_purchase', op, value: d }] };
};

const clvAudience: Gen = (r) => {
  const v = r.pick([
    // "Above the Nth percentile" is `>` (the second dev writer's reading, which the rules follow);
    // "top N%" and "at least" stay `>=`.
    ['customers with CLV above the 90th percentile', 0.9, '>'],
    ['the top 10% of customers by lifetime value', 0.9, '>='],
    ['the top 20% by CLV', 0.8, '>='],
    ['high-value customers', 0.8, '>='],
    ['customers in the top 5% by CLV', 0.95, '>='],
    ['our most valuable customers', 0.8, '>='],
    ['customers with a CLV score of at least 0.75', 0.75, '>='],
  ] as const);
  return { np: v[0], conds: [{ field: 'clv_score', op: v[2], value: v[1] }] };
};

const churnAudience: Gen = (r) =>
  r.pick([
    {
      np: 'customers at risk of churning',
      conds: [{ field: 'churn_probability_score', op: '>=', value: 0.7 }],
    },
    {
      np: 'subscribers likely to churn',
      conds: [{ field: 'churn_probability_score', op: '>=', value: 0.7 }],
    },
    {
      np: 'customers with a churn probability above 0.6',
      conds: [{ field: 'churn_probability_score', op: '>', value: 0.6 }],
    },
    { np: 'at-risk members', conds: [{ field: 'churn_probability_score', op: '>=', value: 0.7 }] },
  ]);

const newAudience: Gen = (r) =>
  r.pick([
    { np: 'new customers', conds: [{ field: 'tenure_days', op: '<=', value: 30 }] },
    {
      np: 'shoppers who signed up in the last 14 days',
      conds: [{ field: 'tenure_days', op: '<=', value: 14 }],
    },
    { np: 'users who joined in the past 30 days', conds: [{ field: 'tenure_days', op: '<=', value: 30 }] },
    { np: 'first-time buyers', conds: [{ field: 'purchase_frequency', op: '=', value: 1 }] },
    { np: 'people who registered but never purchased', conds: [{ not: { event: 'purchased' } }] },
  ]);

const loyalAudience: Gen = (r) =>
  r.pick([
    {
      np: 'customers who ordered 3+ times in the last 90 days',
      conds: [{ field: 'orders_last_90_days', op: '>=', value: 3 }],
    },
    { np: 'repeat buyers', conds: [{ field: 'purchase_frequency', op: '>=', value: 2 }] },
    { np: 'customers with more than 5 orders', conds: [{ field: 'purchase_frequency', op: '>', value: 5 }] },
    {
      np: 'customers who have spent over $1,000',
      conds: [{ field: 'lifetime_value', op: '>', value: 1000 }],
    },
    {
      np: 'customers with a lifetime value above $500',
      conds: [{ field: 'lifetime_value', op: '>', value: 500 }],
    },
    clvAudience(r),
  ]);

const emailAudience: Gen = (r) => {
  const [t, d] = r.pick(DAYS);
  return r.pick([
    { np: `subscribers who opened an email ${t}`, conds: [{ event: 'opened_email', within_days: d }] },
    { np: `people who clicked an email ${t}`, conds: [{ event: 'clicked_email', within_days: d }] },
    {
      np: "subscribers who haven't opened an email in 60 days",
      conds: [{ not: { event: 'opened_email', within_days: 60 } }],
    },
    {
      np: 'customers with an open rate below 5%',
      conds: [{ field: 'email_open_rate', op: '<', value: 0.05 }],
    },
    { np: 'readers of our blog', conds: [{ field: 'interacted_with_content', op: '=', value: true }] },
  ]);
};

const aovAudience: Gen = (r) => {
  const v = r.pick([40, 50, 60, 80, 100]);
  return r.pick([
    {
      np: `customers with an average order value under $${v}`,
      conds: [{ field: 'average_order_value', op: '<', value: v }],
    },
    { np: `shoppers whose AOV is below $${v}`, conds: [{ field: 'average_order_value', op: '<', value: v }] },
    {
      np: `customers with an average order value above $${v}`,
      conds: [{ field: 'average_order_value', op: '>', value: v }],
    },
  ]);
};

const misc: Gen = (r) =>
  r.pick([
    {
      np: 'customers who have items in their wishlist',
      conds: [{ field: 'wishlist_items_count', op: '>', value: 0 }],
    },
    {
      np: 'shoppers with 3+ items in their wishlist',
      conds: [{ field: 'wishlist_items_count', op: '>=', value: 3 }],
    },
    {
      np: 'customers who have never returned an item',
      conds: [{ field: 'has_ever_returned_item', op: '=', value: false }],
    },
    {
      np: 'customers acquired via Instagram',
      conds: [{ field: 'acquisition_source', op: '=', value: 'instagram' }],
    },
    {
      np: 'shoppers who came from TikTok',
      conds: [{ field: 'acquisition_source', op: '=', value: 'tiktok' }],
    },
    { np: 'customers who wrote a review', conds: [{ field: 'product_reviews_written', op: '>=', value: 1 }] },
    {
      np: 'visitors who viewed the bestsellers page',
      conds: [{ field: 'viewed_bestsellers_page', op: '=', value: true }],
    },
    { np: 'deal seekers', conds: [{ field: 'discount_sensitivity_score', op: '>=', value: 0.7 }] },
    { np: 'SMS subscribers', conds: [{ field: 'sms_opt_in', op: '=', value: true }] },
  ]);

const nobody: Gen = (r) => ({
  np: r.pick([
    'customers',
    'our shoppers',
    'everyone on the list',
    'all customers',
    'our audience',
    'shoppers',
  ]),
  conds: [],
});

export const AUDIENCES_BY_GOAL: Record<CampaignGoal, Gen[]> = {
  conversion: [viewedAudience, viewedAudience, newAudience, misc, nobody, emailAudience],
  cart_recovery: [cartAudience],
  win_back: [lapsedAudience, lapsedAudience, (r) => merge(lapsedAudience(r), clvAudience(r))],
  retention: [churnAudience, churnAudience, (r) => merge(churnAudience(r), clvAudience(r)), newAudience],
  aov_increase: [aovAudience, nobody, loyalAudience, viewedAudience],
  cross_sell: [boughtAudience, boughtAudience, loyalAudience, crossAudience],
  engagement: [emailAudience, emailAudience, nobody, misc],
  loyalty: [loyalAudience, loyalAudience, clvAudience],
  product_launch: [viewedAudience, clvAudience, nobody, boughtAudience, misc],
};

function merge(a: AudiencePhrase, b: AudiencePhrase): AudiencePhrase {
  const head = /^(lapsed|dormant|at-risk)\b/.exec(a.np);
  const np = head
    ? `${b.np} who are ${head[1]}`
    : `${b.np} ${a.np.replace(/^(customers|shoppers|users|people|buyers|visitors|subscribers) /, '')}`;
  return { np, conds: [...a.conds, ...b.conds] };
}

/** Adds a country to an audience now and then. */
export function withPlace(r: Rng, a: AudiencePhrase): AudiencePhrase {
  if (!r.bernoulli(0.22)) return a;
  const [t, c] = r.pick(COUNTRIES);
  return { np: `${a.np} ${t}`, conds: [...a.conds, { field: 'location_country', op: '=', value: c }] };
}
