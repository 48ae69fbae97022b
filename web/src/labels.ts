import { CAMPAIGN_GOALS, type CampaignGoal } from '../../src/contracts/goals.ts';
import { TRIGGER_CATALOGUE, TRIGGER_IDS, type TriggerId } from '../../src/contracts/triggers.ts';

export type { CampaignGoal, TriggerId };
export { CAMPAIGN_GOALS, TRIGGER_CATALOGUE, TRIGGER_IDS };

export const CHANNELS = ['email', 'sms', 'push'] as const;
export type ChannelName = (typeof CHANNELS)[number];

export function triggerLabel(t: string | null | undefined): string {
  if (!t) return 'Let the model choose';
  if (t === 'control') return 'No trigger (control)';
  return TRIGGER_CATALOGUE[t as TriggerId]?.label ?? t;
}

export function triggerType(t: string | null | undefined): string {
  if (!t || t === 'control') return '';
  return TRIGGER_CATALOGUE[t as TriggerId]?.interventionType ?? '';
}

/** Goals whose id does not read as words once its underscores are spaces ("Aov increase"). */
const GOAL_WORDS: Record<string, string> = {
  aov_increase: 'Higher average order value',
  cross_sell: 'Cross-sell',
  win_back: 'Win back',
};

export function goalLabel(g: string): string {
  return GOAL_WORDS[g] ?? g.replace(/_/g, ' ').replace(/^./, (c) => c.toUpperCase());
}

const WORDS: Record<string, string> = {
  abandonments: 'abandoned carts',
  aov: 'average order value',
  clv: 'customer lifetime value',
  exposure: 'campaign message',
  exposures: 'campaign messages',
  pct: 'percent',
  avg: 'average',
  num: 'number of',
  n: 'number of',
};

/** Features whose column name, word by word, does not read as what it measures. */
const FEATURE_WORDS: Record<string, string> = {
  return_rate_items: 'Share of bought items returned',
  last_abandon_age_hours: 'Hours since the last abandoned cart',
  last_abandon_value: 'Value of the last abandoned cart',
};

/**
 * A model feature's column name in words for a marketer ("sessions_30d" → "Sessions (last 30
 * days)"); the column name itself stays beside it for whoever knows the data.
 */
export function featureLabel(name: string): string {
  if (FEATURE_WORDS[name]) return FEATURE_WORDS[name];
  const windows: string[] = [];
  const words = name
    .split('_')
    .filter(Boolean)
    .flatMap((w) => {
      const days = w.match(/^(\d+)d$/);
      if (days) {
        windows.push(`last ${days[1]} days`);
        return [];
      }
      if (w === 'lifetime') {
        windows.push('ever');
        return [];
      }
      return [WORDS[w] ?? w];
    });
  const text = words.join(' ') + (windows.length ? ` (${windows.join(', ')})` : '');
  return text.charAt(0).toUpperCase() + text.slice(1);
}
