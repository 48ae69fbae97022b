import type { Budget, MetricTarget } from '../../contracts/coo.ts';
import type { Criteria } from '../../contracts/criteria.ts';
import type { CampaignGoal } from '../../contracts/goals.ts';
import type { Channel } from '../../contracts/trigger-costs.ts';
import type { TriggerId } from '../../contracts/triggers.ts';

/**
 * Briefs written by hand for this corpus, in the voices marketers use (terse, chatty, jargon),
 * labelled with trigger and goal; the audience is labelled into criteria where given.
 * Not taken from any test set or from the product description's examples.
 */
export interface HandBrief {
  brief: string;
  trigger: TriggerId | null;
  goal: CampaignGoal;
  exclude?: TriggerId[];
  channel?: Channel;
  audience?: string;
  criteria?: Criteria | null;
  metric?: MetricTarget;
  budget?: Budget;
}

type Row = [string, TriggerId | null, CampaignGoal, Partial<HandBrief>?];

const ROWS: Row[] = [
  ['Knock 15% off for anyone who bailed at checkout yesterday', 'discount', 'cart_recovery'],
  ['coupon for lapsed buyers, something like 10 bucks off', 'discount', 'win_back'],
  ['Flash a promo code at first-time visitors who browsed but never bought', 'discount', 'conversion'],
  ['Run a two-for-one on socks for shoppers who bought sneakers last month', 'discount', 'cross_sell'],
  ['Give the deal hunters a markdown on last season stock', 'discount', 'conversion'],
  ['Price drop alert for people who wishlisted the espresso machine', 'discount', 'conversion'],
  ['We should comp shipping for carts that stalled at the delivery step', 'free_shipping', 'cart_recovery'],
  ['Free delivery on the new boots for our VIPs', 'free_shipping', 'product_launch'],
  ['Postage is free this week for anyone who has not ordered since spring', 'free_shipping', 'win_back'],
  ['Upgrade abandoned baskets to next-day delivery at no charge', 'free_shipping', 'cart_recovery'],
  ['Waive delivery on orders over $75 to push basket size up', 'free_shipping', 'aov_increase'],
  ['Ship it free to Canadian customers who left something in the cart', 'free_shipping', 'cart_recovery'],
  ['Double stamps on the loyalty card for members this month', 'loyalty_reward', 'loyalty'],
  ['Give 5% back in store credit to repeat buyers', 'loyalty_reward', 'loyalty'],
  ['Toss in a free tote with every order over $100', 'loyalty_reward', 'aov_increase'],
  ['Points boost for anyone who buys from a second category', 'loyalty_reward', 'cross_sell'],
  ['Reward reviewers with 300 points for their next review', 'loyalty_reward', 'engagement'],
  ['Members earn triple points on the launch weekend', 'loyalty_reward', 'product_launch'],
  ['Only a few of the copper kettles remain - tell the people eyeing them', 'scarcity_message', 'conversion'],
  ['Heads up to watchers of the numbered prints: the run is nearly gone', 'scarcity_message', 'conversion'],
  ["Let cart abandoners know the size they picked won't last", 'scarcity_message', 'cart_recovery'],
  ['Limited batch of the holiday candles, message people who viewed them', 'scarcity_message', 'conversion'],
  ['Our collab drop is capped at 500 units, make sure collectors know', 'scarcity_message', 'product_launch'],
  ['Tell wishlisters the jacket is down to its last sizes', 'scarcity_message', 'conversion'],
  ['Sale wraps up Sunday night, get the word out to subscribers', 'urgency_message', 'conversion'],
  ['48 hours left on the summer promo - ping everyone who opened last week', 'urgency_message', 'engagement'],
  ['Remind lapsed folks the price on the bundle climbs on Monday', 'urgency_message', 'win_back'],
  ['Clock is running down on the launch offer, tell new signups', 'urgency_message', 'product_launch'],
  ['Tonight only: tell cart abandoners the hold on their items expires', 'urgency_message', 'cart_recovery'],
  ['Final call for the winter sale to people who browsed coats', 'urgency_message', 'conversion'],
  ['VIPs get the new fragrance a week before everyone', 'exclusivity_offer', 'product_launch'],
  ['Private preview night for our top spenders', 'exclusivity_offer', 'loyalty'],
  ['Invite-only drop for sneakerheads', 'exclusivity_offer', 'product_launch'],
  ['Give loyalty members a secret link to the archive sale', 'exclusivity_offer', 'loyalty'],
  ['Let at-risk VIPs shop the sale a day early so they feel special', 'exclusivity_offer', 'retention'],
  ['Members-only pricing page for people who have not bought in a while', 'exclusivity_offer', 'win_back'],
  ['Show shoppers how many others bought the blender this week', 'social_proof', 'conversion'],
  ['Lead with reviews: our rain jacket has 4.8 stars, show browsers', 'social_proof', 'conversion'],
  ['Tell cart abandoners that thousands of people love this serum', 'social_proof', 'cart_recovery'],
  ['Share the trending list with inactive subscribers', 'social_proof', 'win_back'],
  ['Most popular add-ons for people who just bought a camera', 'social_proof', 'cross_sell'],
  ['Feature what our community is wearing for the launch', 'social_proof', 'product_launch'],
  ['Send a guide on layering for people who bought base layers', 'content_storytelling', 'cross_sell'],
  ['Tell the founding story to new subscribers', 'content_storytelling', 'engagement'],
  ['Recipe ideas for everyone who bought the cast iron pan', 'content_storytelling', 'engagement'],
  [
    'Behind the seams: a video on how the denim is made for the launch',
    'content_storytelling',
    'product_launch',
  ],
  ['A short how-to on caring for leather for lapsed bag buyers', 'content_storytelling', 'win_back'],
  ['Run an educational series on sleep for mattress browsers', 'content_storytelling', 'conversion'],
  ['Suggest a matching belt to everyone who bought trousers', 'personalized_recommendation', 'cross_sell'],
  ['Recommend the next product for one-time buyers', 'personalized_recommendation', 'retention'],
  ['Picks based on past orders for lapsed customers', 'personalized_recommendation', 'win_back'],
  [
    'Show bundles tailored to each shopper to lift basket value',
    'personalized_recommendation',
    'aov_increase',
  ],
  ['Email each subscriber three products that fit their taste', 'personalized_recommendation', 'engagement'],
  [
    'Suggest items that go with the new range to past buyers',
    'personalized_recommendation',
    'product_launch',
  ],
  ['Just remind them their basket is still saved', 'cart_reminder', 'cart_recovery'],
  ['Plain nudge for people who left a cart, nothing fancy', 'cart_reminder', 'cart_recovery'],
  ['Follow up with checkout dropouts, no offer attached', 'cart_reminder', 'cart_recovery'],
  ['Text shoppers that their bag is waiting for them', 'cart_reminder', 'cart_recovery'],
  ['Reminder email for carts left over the weekend', 'cart_reminder', 'cart_recovery'],
  ['Send a reminder to anyone whose wishlist has items back in stock', 'cart_reminder', 'conversion'],
  ['Win back our best customers who went quiet', null, 'win_back'],
  ['Reduce churn among subscription members', null, 'retention'],
  ['Grow average order value this quarter', null, 'aov_increase'],
  ['Get more people to try a second category', null, 'cross_sell'],
  ['Launch the autumn range to our audience', null, 'product_launch'],
  ['Improve click-through on our newsletter', null, 'engagement'],
  ['Increase repeat purchases among members', null, 'loyalty'],
  ['Convert more first-time visitors', null, 'conversion'],
  ['Recover more abandoned checkouts', null, 'cart_recovery'],
  ['What should we send to lapsed high spenders?', null, 'win_back'],
  ['Save 20% when you spend $100 - send to bargain hunters', 'discount', 'aov_increase'],
  ['Slash prices for one weekend for people on the fence', 'discount', 'conversion'],
  ['No-cost returns and delivery for first orders', 'free_shipping', 'conversion'],
  ['Bonus credit for referring a friend', 'loyalty_reward', 'engagement'],
  ['Tell them: when it is gone, it is gone', 'scarcity_message', 'conversion'],
  ['Doors close at midnight on the pre-order', 'urgency_message', 'product_launch'],
  ['First look at the capsule for our insiders list', 'exclusivity_offer', 'product_launch'],
  ['Rated best in class by 2,000 reviewers - tell sleepers', 'social_proof', 'win_back'],
  ['Share a lookbook with style ideas', 'content_storytelling', 'engagement'],
  ['Send picks that complete their outfit', 'personalized_recommendation', 'cross_sell'],
  ['A friendly nudge for people with items in the basket', 'cart_reminder', 'cart_recovery'],
  [
    'Coupon-free win-back: just recommend products they would like',
    'personalized_recommendation',
    'win_back',
    { exclude: ['discount'] },
  ],
  [
    'Do not discount; tell cart abandoners stock is tight',
    'scarcity_message',
    'cart_recovery',
    { exclude: ['discount'] },
  ],
  [
    'No urgency tricks, just show the reviews',
    'social_proof',
    'conversion',
    { exclude: ['urgency_message'] },
  ],
  [
    'Skip free shipping this time and give loyalty points',
    'loyalty_reward',
    'loyalty',
    { exclude: ['free_shipping'] },
  ],
  [
    'Avoid the VIP angle - share the making-of story instead',
    'content_storytelling',
    'engagement',
    { exclude: ['exclusivity_offer'] },
  ],
  [
    'Rather than a coupon, waive shipping for abandoned carts',
    'free_shipping',
    'cart_recovery',
    { exclude: ['discount'] },
  ],
  [
    'No coupons, no countdowns - what would bring lapsed buyers back?',
    null,
    'win_back',
    { exclude: ['discount', 'urgency_message'] },
  ],
  ['Push alert: 3 hours left on the flash sale', 'urgency_message', 'conversion', { channel: 'push' }],
  ['SMS the VIPs about early access', 'exclusivity_offer', 'loyalty', { channel: 'sms' }],
  ['Email cart abandoners a plain reminder', 'cart_reminder', 'cart_recovery', { channel: 'email' }],
  [
    'Lift conversion 10% this quarter with bestseller callouts',
    'social_proof',
    'conversion',
    {
      metric: {
        metric: 'conversion_rate',
        direction: 'increase',
        kind: 'relative',
        value: 10,
        unit: 'percent',
        horizon_days: 90,
      },
    },
  ],
  [
    'AOV to $90 by giving free gifts above a threshold',
    'loyalty_reward',
    'aov_increase',
    {
      metric: {
        metric: 'average_order_value',
        direction: 'increase',
        kind: 'level',
        value: 90,
        unit: 'currency',
        horizon_days: null,
      },
    },
  ],
  [
    'Drive 1,000 pre-orders for the drop with a countdown',
    'urgency_message',
    'product_launch',
    {
      metric: {
        metric: 'preorders',
        direction: 'increase',
        kind: 'absolute',
        value: 1000,
        unit: 'count',
        horizon_days: null,
      },
    },
  ],
  [
    'Cut churn 3 points among at-risk members with personalised picks',
    'personalized_recommendation',
    'retention',
    {
      metric: {
        metric: 'churn_rate',
        direction: 'decrease',
        kind: 'points',
        value: 3,
        unit: 'points',
        horizon_days: null,
      },
    },
  ],
  [
    'Boost open rate by 5 points with storytelling emails',
    'content_storytelling',
    'engagement',
    {
      metric: {
        metric: 'email_open_rate',
        direction: 'increase',
        kind: 'points',
        value: 5,
        unit: 'points',
        horizon_days: null,
      },
    },
  ],
  ['Grow repeat orders with a points multiplier for top customers', 'loyalty_reward', 'loyalty'],
  [
    'Win back 500 lapsed shoppers with a $10 voucher',
    'discount',
    'win_back',
    {
      metric: {
        metric: 'reactivated_customers',
        direction: 'increase',
        kind: 'absolute',
        value: 500,
        unit: 'count',
        horizon_days: null,
      },
    },
  ],
  [
    'Get new buyers into accessories with complete-the-look emails',
    'personalized_recommendation',
    'cross_sell',
  ],
];

export const HAND_WRITTEN: HandBrief[] = ROWS.map(([brief, trigger, goal, extra]) => ({
  brief,
  trigger,
  goal,
  ...(extra ?? {}),
}));
