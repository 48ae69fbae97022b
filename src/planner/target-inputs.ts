import { incrementalProfit, type Objective } from '../causal/pipeline/economics.ts';
import type { Criteria } from '../contracts/criteria.ts';
import type { Channel, CostConfig } from '../contracts/trigger-costs.ts';
import { TRIGGER_IDS, type TriggerId } from '../contracts/triggers.ts';
import { EVERYONE } from '../explain/cohort.ts';
import type { Store } from '../store/store.ts';
import { type AudienceData, audienceData, type ConsentColumn, type Population } from './population.ts';
import type { Base, Effect, TargetCheckInput } from './target-check.ts';

export type { Effect } from './target-check.ts';

/** Sums of what the customers would do without a campaign. */
export function baseOf(d: Pick<AudienceData, 'baseline' | 'eov'>): Base {
  let conversions = 0;
  let revenue = 0;
  for (let i = 0; i < d.baseline.length; i++) {
    conversions += d.baseline[i] as number;
    revenue += (d.baseline[i] as number) * (d.eov[i] as number);
  }
  return { n: d.baseline.length, conversions, revenue };
}

/**
 * Each customer with the allowed trigger of highest `score` (when `pays`, only where its value is
 * positive; else where its uplift is), summed. `score` and `value` are per TRIGGER_IDS.
 */
export function bestPerCustomer(
  uplift: Float64Array[],
  eov: Float64Array,
  profit: Float64Array[],
  value: Float64Array[],
  allowed: readonly TriggerId[],
  pays: boolean,
): Effect {
  const ks = allowed.map((t) => TRIGGER_IDS.indexOf(t));
  const score = pays ? value : uplift;
  const out: Effect = { customers: 0, conversions: 0, revenue: 0, profit: 0 };
  const n = eov.length;
  for (let i = 0; i < n; i++) {
    let best = -1;
    let top = 0;
    for (const k of ks) {
      const s = (score[k] as Float64Array)[i] as number;
      if (s > top) {
        top = s;
        best = k;
      }
    }
    if (best < 0) continue;
    const u = (uplift[best] as Float64Array)[i] as number;
    out.customers++;
    out.conversions += u;
    out.revenue += u * (eov[i] as number);
    out.profit += (profit[best] as Float64Array)[i] as number;
  }
  return out;
}

/** One trigger on every customer where it pays, with no budget. */
function uncappedEffect(
  data: AudienceData,
  value: Float64Array[],
  profit: Float64Array[],
  t: TriggerId,
): Effect {
  const k = TRIGGER_IDS.indexOf(t);
  const out: Effect = { customers: 0, conversions: 0, revenue: 0, profit: 0 };
  for (let i = 0; i < data.eov.length; i++) {
    if (((value[k] as Float64Array)[i] as number) <= 0) continue;
    const u = (data.uplift[k] as Float64Array)[i] as number;
    out.customers++;
    out.conversions += u;
    out.revenue += u * (data.eov[i] as number);
    out.profit += (profit[k] as Float64Array)[i] as number;
  }
  return out;
}

/**
 * The numbers the target check compares, from the plan's own arrays: the audience's base, the
 * plan's trigger as ranked, the same without the budget, the other triggers, every responder with
 * their best trigger, and (when the audience is not everyone) the whole contactable population.
 */
export async function targetInputs(a: {
  store: Store;
  pop: Population;
  data: AudienceData;
  value: Float64Array[];
  profit: Float64Array[];
  effects: ReadonlyMap<TriggerId, Effect>;
  allowed: readonly TriggerId[];
  lead: TriggerId | null;
  budget: number | null;
  criteria: Criteria | null;
  consent: ConsentColumn;
  config: CostConfig;
  channel: Channel;
  objective: Objective;
}): Promise<Omit<TargetCheckInput, 'target' | 'windowDays' | 'channel' | 'currency'>> {
  const { data, value, profit, effects, allowed, lead } = a;
  const leadEffect = lead ? effects.get(lead) : undefined;
  let population: TargetCheckInput['population'] = null;
  if (a.criteria) {
    // The plan's arrays cover only the audience: the population's profits are computed here.
    const all = await audienceData(a.store, a.pop, EVERYONE, a.consent);
    const allProfit = TRIGGER_IDS.map((t, k) => {
      const out = new Float64Array(all.eov.length);
      if (!allowed.includes(t)) return out;
      const u = all.uplift[k] as Float64Array;
      for (let i = 0; i < out.length; i++) {
        const b = all.baseline[i] as number;
        out[i] = incrementalProfit(b + (u[i] as number), b, all.eov[i] as number, t, a.config, a.channel);
      }
      return out;
    });
    const allValue = a.objective === 'conversion' ? all.uplift : allProfit;
    population = {
      base: baseOf(all),
      effect: bestPerCustomer(all.uplift, all.eov, allProfit, allValue, allowed, true),
    };
  }
  return {
    base: baseOf(data),
    lead: lead && leadEffect ? { trigger: lead, effect: leadEffect } : null,
    uncapped: lead && a.budget !== null ? uncappedEffect(data, value, profit, lead) : null,
    others: allowed
      .filter((t) => t !== lead)
      .flatMap((t) => {
        const e = effects.get(t);
        return e ? [{ trigger: t, effect: e }] : [];
      }),
    everyoneWhoResponds: bestPerCustomer(data.uplift, data.eov, profit, value, allowed, false),
    population,
  };
}
