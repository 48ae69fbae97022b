import { TRIGGER_IDS } from '../contracts/triggers.ts';

/** Below this confidence the interpreter's trigger is not proposed: the user writes that one. */
const MIN_CONFIDENCE = 0.9;
/** Names e-mail tools give the group that got no message (Braze's "Control Group"). */
const CONTROL_NAMES =
  /^(control|control group|holdout|hold-out|hold out|holdout group|no e-?mail|none|not sent)$/i;

/**
 * Which trigger an e-mail tool's variant name reads as ("B - Free shipping over $80" →
 * free_shipping, "Hurry, 48h only" → urgency_message), by the brief interpreter's trigger head, so
 * an import refused for variant names can propose the whole --value-map for the user to check.
 * Only a proposal: it is written into the error, never applied. A name the interpreter refuses or
 * doubts is left out (undefined).
 */
export async function suggestArms(names: readonly string[]): Promise<Map<string, string>> {
  const out = new Map<string, string>();
  // Loaded only here, on the error path: an import that needs no proposal never loads the model.
  const { interpretBrief } = await import('../intent/index.ts');
  for (const name of names) {
    if (CONTROL_NAMES.test(name.trim())) {
      out.set(name, 'control');
      continue;
    }
    try {
      const { coo } = await interpretBrief(name, { backend: 'embedded' });
      const trigger = coo.proposed_intervention;
      if (trigger && (TRIGGER_IDS as readonly string[]).includes(trigger) && coo.confidence >= MIN_CONFIDENCE)
        out.set(name, trigger);
    } catch {
      // Not read as a campaign message ("Newsletter"): no proposal for it.
    }
  }
  return out;
}
