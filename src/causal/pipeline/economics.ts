import type { Channel, CostConfig } from '../../contracts/trigger-costs.ts';
import type { TriggerId } from '../../contracts/triggers.ts';
import type { RecommendOptions } from '../policy/recommend.ts';
import { FALLBACK_ORDER_VALUE } from './economics-sql.ts';

export type Objective = 'conversion' | 'profit';

/**
 * The per-arm value and cost terms that turn predicted uplift into incremental profit
 * (DESIGN.md §1): an incremental conversion earns the order's margin; every treated conversion,
 * incremental or not, pays the trigger's cost on the order (a discount's share of the order value,
 * the shipping fee, the reward); every treated customer costs the channel's send cost.
 * For the conversion objective every incremental conversion is worth 1 and nothing costs.
 */
export function valueTerms(
  objective: Objective,
  triggers: readonly TriggerId[],
  expectedOrderValue: Float64Array,
  config: CostConfig,
  channel: Channel,
): Pick<RecommendOptions, 'value' | 'fixedCost' | 'costPerOutcome'> {
  if (objective === 'conversion') return {};
  const n = expectedOrderValue.length;
  const marginPerOrder = new Float64Array(n);
  for (let i = 0; i < n; i++) marginPerOrder[i] = expectedOrderValue[i] * config.default_margin;
  return {
    value: triggers.map(() => marginPerOrder),
    fixedCost: triggers.map(() => config.send_cost[channel]),
    costPerOutcome: triggers.map((t) => {
      const m = config.triggers[t];
      const c = new Float64Array(n);
      for (let i = 0; i < n; i++)
        c[i] = m.order_value_share * expectedOrderValue[i] + m.per_conversion_amount;
      return c;
    }),
  };
}

/** Per-customer expected order value: their own average where they have one, else the population median. */
export function expectedOrderValues(aov: Float64Array): Float64Array {
  const known = Array.from(aov)
    .filter((v) => Number.isFinite(v) && v > 0)
    .sort((a, b) => a - b);
  const fallback = known.length ? known[Math.floor(known.length / 2)] : FALLBACK_ORDER_VALUE;
  return Float64Array.from(aov, (v) => (Number.isFinite(v) && v > 0 ? v : fallback));
}

/** Incremental profit of treating one customer with an arm, from its outcome probabilities. */
export function incrementalProfit(
  pTreated: number,
  pControl: number,
  expectedOrderValue: number,
  trigger: TriggerId,
  config: CostConfig,
  channel: Channel,
): number {
  const m = config.triggers[trigger];
  return (
    (pTreated - pControl) * expectedOrderValue * config.default_margin -
    config.send_cost[channel] -
    pTreated * (m.order_value_share * expectedOrderValue + m.per_conversion_amount)
  );
}
