import type { Channel } from '../contracts/trigger-costs.ts';

export { TRIGGER_IDS } from '../contracts/triggers.ts';
export const CHANNELS_FOR_TEST: readonly Channel[] = ['email', 'sms', 'push'];
