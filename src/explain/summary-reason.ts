import type { FeatureComparison, Reason, TriggerEvidence } from '../contracts/explain.ts';
import { fmtCount, fmtMoney, fmtPoints, fmtShare } from '../contracts/number-format.ts';
import { TRIGGER_CATALOGUE, type TriggerId } from '../contracts/triggers.ts';
import { featureSpec } from './comparisons.ts';

/**
 * The explanation's first reason, in a marketer's terms: who gets which trigger, what it is
 * expected to bring (extra orders and extra profit after the trigger's cost), the customer traits
 * behind it, and how sure the data is. The sentences after it give each figure's detail; this one
 * names no model, version or statistic a marketer has to decode.
 */
export interface SummaryInput {
  trigger: TriggerId;
  customers: number;
  /** Treating every customer of the segment: extra orders and extra profit, with their source. */
  expected: { conversions: number; profit: number; source: 'model' | 'evidence' } | null;
  /** The trigger-related traits where the segment differs most from everyone (at most two are named). */
  traits: FeatureComparison[];
  evidence: TriggerEvidence | undefined;
  currency: string;
}

/** One trait against everyone, as a clause ("31% abandoned a cart at the shipping step …, against 12% of all customers"). */
export function traitPhrase(c: FeatureComparison, currency: string): string | null {
  if (c.segment === null || c.population === null) return null;
  switch (c.unit) {
    case 'share': {
      const phrase = featureSpec(c.feature)?.phrase ?? c.label.toLowerCase();
      return `${fmtShare(c.segment)} ${phrase}, against ${fmtShare(c.population)} of all customers`;
    }
    case 'currency':
      return `they spend ${fmtMoney(c.segment, currency)} an order, against ${fmtMoney(c.population, currency)} for all customers`;
    case 'days':
      return `their last order was ${Math.round(c.segment)} days ago (median), against ${Math.round(c.population)} days for all customers`;
    default:
      return c.feature === 'orders_last_12_months'
        ? `they ordered ${c.segment.toFixed(1)} times in the last 12 months, against ${c.population.toFixed(1)} for all customers`
        : `they bought from ${c.segment.toFixed(1)} categories, against ${c.population.toFixed(1)} for all customers`;
  }
}

/** How sure the data is, from what past randomised campaigns measured for these very customers. */
function certainty(
  ev: TriggerEvidence | undefined,
  label: string,
): { text: string; numbers: Record<string, number> } {
  if (!ev || ev.campaign_count === 0 || ev.lift_points === null || !ev.ci)
    return {
      text: `${label} has never been tested against a control group on these customers, so this rests on the model's prediction alone.`,
      numbers: {},
    };
  const range = `${fmtPoints(ev.ci.low)} to ${fmtPoints(ev.ci.high)} percentage points`;
  const numbers = { evidence_ci_low: ev.ci.low, evidence_ci_high: ev.ci.high };
  const tested = `In past campaigns with a control group (${fmtCount(ev.treated_n)} of these customers sent it, ${fmtCount(ev.control_n)} not)`;
  if (ev.ci.low > 0)
    return {
      text: `${tested}, it raised their chance to order by ${range} (95% interval): the effect is real, its size uncertain.`,
      numbers,
    };
  if (ev.ci.high < 0)
    return {
      text: `${tested}, their chance to order changed by ${range} (95% interval): it may do harm, so test it on a small group first.`,
      numbers,
    };
  return {
    text: `${tested}, their chance to order changed by ${range} (95% interval): the real effect may be smaller than expected, or none, so keep the holdout group to measure it.`,
    numbers,
  };
}

export function summaryReason(input: SummaryInput): Reason {
  const label = TRIGGER_CATALOGUE[input.trigger].label;
  const who = `${fmtCount(input.customers)} customer${input.customers === 1 ? '' : 's'}`;
  const numbers: Record<string, number> = { customers: input.customers };
  let text = `Send ${label} to these ${who}`;
  if (input.expected) {
    const e = input.expected;
    numbers.incremental_conversions = e.conversions;
    numbers.incremental_profit = e.profit;
    const profit =
      e.profit >= 0
        ? `${fmtMoney(e.profit, input.currency)} extra profit after its cost`
        : `a loss of ${fmtMoney(-e.profit, input.currency)} after its cost`;
    text += `: ${e.source === 'model' ? 'expected' : 'at the rate past campaigns measured,'} about ${fmtCount(e.conversions)} extra order${e.conversions === 1 ? '' : 's'} and ${profit}.`;
  } else text += '.';
  const traits = input.traits
    .map((c) => traitPhrase(c, input.currency))
    .filter((t): t is string => t !== null);
  text +=
    traits.length > 0
      ? ` Why them: ${traits.join('; ')}.`
      : ` Their behaviour does not set them apart where ${label} works: the expectation rests on each customer's own predicted response.`;
  const sure = certainty(input.evidence, label);
  Object.assign(numbers, sure.numbers);
  return { kind: 'summary', text: `${text} ${sure.text}`, numbers };
}
