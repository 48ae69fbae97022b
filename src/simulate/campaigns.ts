import type { CampaignGoal } from '../contracts/goals.ts';
import { CONTROL_ARM, TRIGGER_IDS, type TriggerId } from '../contracts/triggers.ts';
import { Rng } from '../core/rng.ts';
import { AS_OF_DAY } from './calendar.ts';

/**
 * The shop's history of randomised campaigns: about one a month over the period, each testing
 * 2–5 triggers against a 10–20% control group within an audience, and a last campaign that
 * randomises all ten triggers plus control over a broad audience, reserved for evaluating
 * policies. Windows never overlap, so every order in a window belongs to exactly one campaign.
 */
export type AudienceRule =
  | 'subscribers'
  | 'active_180d'
  | 'cart_abandoners_30d'
  | 'lapsed_120d'
  | 'recent_buyers_90d';

export interface CampaignPlan {
  index: number;
  id: string;
  name: string;
  goal: CampaignGoal;
  channel: 'email';
  startDay: number;
  windowDays: number;
  triggers: TriggerId[];
  controlShare: number;
  audience: AudienceRule;
  /** Share of the eligible audience that is included (the rest is not contacted at all). */
  audienceShare: number;
  reserved: boolean;
}

export const REGULAR_CAMPAIGNS = 24;
const SPACING_DAYS = 28;
const FIRST_START_DAY = 24;
export const RESERVED_WINDOW_DAYS = 14;
/** The reserved campaign ends this many days before as_of. */
const RESERVED_END_GAP_DAYS = 14;

const GOAL_PLAN: {
  goal: CampaignGoal;
  audience: AudienceRule;
  share: [number, number];
  pool: TriggerId[];
}[] = [
  { goal: 'conversion', audience: 'active_180d', share: [0.65, 0.9], pool: [...TRIGGER_IDS] },
  {
    goal: 'cart_recovery',
    audience: 'cart_abandoners_30d',
    share: [0.9, 1],
    pool: ['cart_reminder', 'free_shipping', 'discount', 'urgency_message', 'social_proof'],
  },
  {
    goal: 'retention',
    audience: 'recent_buyers_90d',
    share: [0.8, 1],
    pool: ['loyalty_reward', 'exclusivity_offer', 'content_storytelling', 'personalized_recommendation'],
  },
  {
    goal: 'aov_increase',
    audience: 'active_180d',
    share: [0.6, 0.85],
    pool: ['free_shipping', 'personalized_recommendation', 'discount', 'loyalty_reward'],
  },
  {
    goal: 'cross_sell',
    audience: 'recent_buyers_90d',
    share: [0.8, 1],
    pool: ['personalized_recommendation', 'social_proof', 'content_storytelling', 'discount'],
  },
  {
    goal: 'engagement',
    audience: 'subscribers',
    share: [0.6, 0.85],
    pool: ['content_storytelling', 'social_proof', 'personalized_recommendation', 'scarcity_message'],
  },
  {
    goal: 'loyalty',
    audience: 'active_180d',
    share: [0.65, 0.9],
    pool: ['loyalty_reward', 'exclusivity_offer', 'personalized_recommendation'],
  },
  {
    goal: 'product_launch',
    audience: 'subscribers',
    share: [0.6, 0.85],
    pool: [
      'exclusivity_offer',
      'scarcity_message',
      'social_proof',
      'urgency_message',
      'content_storytelling',
    ],
  },
  {
    goal: 'win_back',
    audience: 'lapsed_120d',
    share: [0.8, 1],
    pool: [
      'discount',
      'loyalty_reward',
      'personalized_recommendation',
      'content_storytelling',
      'free_shipping',
      'exclusivity_offer',
    ],
  },
];

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

export function planCampaigns(seed: number | string): CampaignPlan[] {
  const rng = Rng.derive(seed, 'campaigns');
  const plans: CampaignPlan[] = [];
  for (let k = 0; k < REGULAR_CAMPAIGNS; k++) {
    // Every goal once, in GOAL_PLAN order (win-back last: early on nobody has lapsed yet), then drawn.
    const g = GOAL_PLAN[k < GOAL_PLAN.length ? k : rng.int(GOAL_PLAN.length)]!;
    const nArms = Math.min(g.pool.length, 2 + rng.int(4));
    const triggers = rng.shuffle([...g.pool]).slice(0, nArms);
    if (g.goal === 'cart_recovery' && !triggers.includes('cart_reminder')) triggers[0] = 'cart_reminder';
    triggers.sort((a, b) => TRIGGER_IDS.indexOf(a) - TRIGGER_IDS.indexOf(b));
    const startDay = FIRST_START_DAY + k * SPACING_DAYS + rng.int(5);
    const monthIndex = new Date(Date.UTC(2024, 9, 1) + startDay * 86_400_000).getUTCMonth();
    // Cart recovery looks a few days ahead, win-back two weeks; holiday-season campaigns run short
    // windows, as shops do when every day is a sales day.
    const windowDays =
      g.goal === 'cart_recovery'
        ? 5
        : g.goal === 'win_back'
          ? 14
          : monthIndex >= 9
            ? 7
            : rng.pick([7, 7, 10]);
    const month = MONTHS[monthIndex];
    plans.push({
      index: k,
      id: `cmp${String(k + 1).padStart(2, '0')}`,
      name: `${month} ${g.goal.replaceAll('_', ' ')} test ${k + 1}`,
      goal: g.goal,
      channel: 'email',
      startDay,
      windowDays,
      triggers,
      controlShare: Math.round(rng.uniform(0.1, 0.2) * 100) / 100,
      audience: g.audience,
      audienceShare: Math.round(rng.uniform(g.share[0], g.share[1]) * 100) / 100,
      reserved: false,
    });
  }
  const k = REGULAR_CAMPAIGNS;
  plans.push({
    index: k,
    id: `cmp${String(k + 1).padStart(2, '0')}`,
    name: 'All-trigger evaluation campaign (reserved)',
    goal: 'conversion',
    channel: 'email',
    startDay: AS_OF_DAY - RESERVED_END_GAP_DAYS - RESERVED_WINDOW_DAYS,
    windowDays: RESERVED_WINDOW_DAYS,
    triggers: [...TRIGGER_IDS],
    controlShare: 0.12,
    audience: 'subscribers',
    audienceShare: 0.7,
    reserved: true,
  });
  return plans;
}

/** Probability of each arm: control gets its share, the triggers split the rest evenly. */
export function armProbability(plan: CampaignPlan, arm: string): number {
  return arm === CONTROL_ARM ? plan.controlShare : (1 - plan.controlShare) / plan.triggers.length;
}

/** The facts about a customer at send time that the audience rules look at. */
export interface AudienceFacts {
  lastSeenDay: number | null;
  lastOrderDay: number | null;
  lastAbandonDay: number | null;
}

export function isEligible(rule: AudienceRule, day: number, f: AudienceFacts): boolean {
  switch (rule) {
    case 'subscribers':
      return true;
    case 'active_180d':
      return f.lastSeenDay !== null && day - f.lastSeenDay <= 180;
    case 'cart_abandoners_30d':
      return f.lastAbandonDay !== null && day - f.lastAbandonDay <= 30;
    case 'lapsed_120d':
      return f.lastOrderDay !== null && day - f.lastOrderDay > 120;
    case 'recent_buyers_90d':
      return f.lastOrderDay !== null && day - f.lastOrderDay <= 90;
  }
}

export const AUDIENCE_DESCRIPTIONS: Record<AudienceRule, string> = {
  subscribers: 'all email subscribers',
  active_180d: 'subscribers seen in the last 180 days',
  cart_abandoners_30d: 'subscribers who abandoned a cart in the last 30 days',
  lapsed_120d: 'subscribers who bought before but not in the last 120 days',
  recent_buyers_90d: 'subscribers who bought in the last 90 days',
};
