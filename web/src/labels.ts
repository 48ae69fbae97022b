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

export function goalLabel(g: string): string {
  return g.replace(/_/g, ' ').replace(/^./, (c) => c.toUpperCase());
}
