import type { CampaignObjective } from '../contracts/coo.ts';
import { TRIGGER_CATALOGUE, type TriggerId } from '../contracts/triggers.ts';

/** A COO that sends `trigger` by e-mail to every customer, to lift conversion (no audience, no target). */
export function allCustomersBrief(trigger: TriggerId): CampaignObjective {
  return {
    campaign_goal: 'conversion',
    target_behavior: { description: 'all customers', criteria: null },
    metric_target: null,
    proposed_intervention: trigger,
    intervention_type: TRIGGER_CATALOGUE[trigger].interventionType,
    constraints: { exclude_triggers: [], budget: null, channel: 'email' },
    confidence: 0.9,
    alternatives: [],
    clarifications: [],
  };
}
