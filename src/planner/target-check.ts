import type { TargetCheck, TargetOption } from '../contracts/api.ts';
import type { MetricTarget } from '../contracts/coo.ts';
import { TRIGGER_CATALOGUE, type TriggerId } from '../contracts/triggers.ts';

/**
 * The brief's metric target ("lift repeat purchases by 10% this quarter") against what the plan
 * predicts. The engine predicts, per customer, the chance to order within the campaign window
 * without a trigger (baseline) and how much each trigger adds (uplift), so it can speak to metrics
 * that count customers who order — a conversion, repeat-purchase, reactivation or cart-recovery
 * rate, their counts, and the revenue of those orders — and to nothing else (open rates, order
 * values, units): for those the check says so rather than guess.
 */

/** A way to treat customers, summed: who is treated, and what the model predicts they add. */
export interface Effect {
  customers: number;
  /** Sum of the treated customers' uplift: expected incremental customers who order. */
  conversions: number;
  /** Sum of uplift × expected order value. */
  revenue: number;
  profit: number;
}

/** The customers a target is measured on, without any campaign. */
export interface Base {
  /** Customers (contactable members of the audience). */
  n: number;
  /** Sum of baseline conversion probabilities: expected customers who order anyway. */
  conversions: number;
  /** Sum of baseline × expected order value. */
  revenue: number;
}

export interface TargetCheckInput {
  target: MetricTarget;
  windowDays: number | null;
  base: Base;
  /** The plan's trigger (the brief's, else the best) on the customers it pays to treat. */
  lead: { trigger: TriggerId; effect: Effect } | null;
  /** The same trigger without the budget's cap; null when there is no budget. */
  uncapped: Effect | null;
  /** Every other allowed trigger as the ranking counts it. */
  others: { trigger: TriggerId; effect: Effect }[];
  /** Every customer of the audience with the trigger that lifts them most, whether it pays or not. */
  everyoneWhoResponds: Effect | null;
  /** The whole contactable population, each with their best paying trigger; null when the audience is everyone. */
  population: { base: Base; effect: Effect } | null;
  channel: string;
  currency: string;
}

type Family = 'rate' | 'inverse_rate' | 'count' | 'revenue';

/** The metrics the engine predicts, in words, by what they count. */
const PREDICTABLE: Record<string, { family: Family; words: string }> = {
  conversion_rate: { family: 'rate', words: 'conversion rate' },
  repeat_purchase_rate: { family: 'rate', words: 'repeat purchases' },
  second_order_rate: { family: 'rate', words: 'second orders' },
  reactivation_rate: { family: 'rate', words: 'reactivations' },
  cart_recovery_rate: { family: 'rate', words: 'cart recovery' },
  retention_rate: { family: 'rate', words: 'retention' },
  churn_rate: { family: 'inverse_rate', words: 'churn' },
  orders: { family: 'count', words: 'orders' },
  conversions: { family: 'count', words: 'conversions' },
  recovered_orders: { family: 'count', words: 'recovered orders' },
  customers: { family: 'count', words: 'customers who order' },
  repeat_purchases: { family: 'count', words: 'repeat purchases' },
  repeat_buyers: { family: 'count', words: 'repeat buyers' },
  reactivated_customers: { family: 'count', words: 'reactivated customers' },
  revenue: { family: 'revenue', words: 'revenue' },
  recovered_revenue: { family: 'revenue', words: 'recovered revenue' },
};

const int = (x: number) => Math.round(x).toLocaleString('en-US');
const dec = (x: number, d = 1) => (Math.abs(x) < 10 && !Number.isInteger(x) ? x.toFixed(d) : int(x));
const signed = (x: number, d = 1) => `${x >= 0 ? '+' : '−'}${Math.abs(x).toFixed(d)}`;
const money = (x: number, currency: string) =>
  `${x < 0 ? '−' : ''}${currency === 'USD' ? '$' : `${currency} `}${int(Math.abs(x))}`;
const label = (t: TriggerId) => TRIGGER_CATALOGUE[t].label;

/** The metric as a person says it ("repeat purchase rate" for an unknown code too). */
export function metricWords(metric: string): string {
  return PREDICTABLE[metric]?.words ?? metric.replace(/_/g, ' ');
}

interface Measure {
  /** The effect in the target's own terms. */
  value: number;
  without: number;
  with: number;
  reaches: boolean;
  /** The effect as text ("+4.2%", "+0.3 points", "6.1%", "21", "$1,200"). */
  text: string;
}

/** How a way of treating customers scores on the target; null when the target's kind does not apply. */
function measure(t: MetricTarget, family: Family, base: Base, e: Effect, currency: string): Measure | null {
  const goal = Math.abs(t.value);
  if (family === 'rate' || family === 'inverse_rate') {
    if (base.n === 0) return null;
    // The rate of customers ordering (or, for churn, not ordering) within the window, in percent.
    const orderWithout = (base.conversions / base.n) * 100;
    const orderWith = ((base.conversions + e.conversions) / base.n) * 100;
    const without = family === 'rate' ? orderWithout : 100 - orderWithout;
    const withC = family === 'rate' ? orderWith : 100 - orderWith;
    const change = Math.abs(withC - without);
    if (t.kind === 'relative') {
      const v = without > 0 ? (change / without) * 100 : 0;
      return {
        value: v,
        without,
        with: withC,
        reaches: v >= goal,
        text: `${signed(family === 'rate' ? v : -v)}%`,
      };
    }
    if (t.kind === 'points')
      return {
        value: change,
        without,
        with: withC,
        reaches: change >= goal,
        text: `${signed(family === 'rate' ? change : -change, 2)} points`,
      };
    if (t.kind === 'level')
      return {
        value: withC,
        without,
        with: withC,
        reaches: family === 'rate' ? withC >= goal : withC <= goal,
        text: `${withC.toFixed(1)}%`,
      };
    if (family === 'inverse_rate') return null;
    // A count on a rate metric ("500 more repeat purchases"): incremental customers who order.
    return {
      value: e.conversions,
      without: base.conversions,
      with: base.conversions + e.conversions,
      reaches: e.conversions >= goal,
      text: `+${dec(e.conversions)}`,
    };
  }
  const isRevenue = family === 'revenue';
  const without = isRevenue ? base.revenue : base.conversions;
  const inc = isRevenue ? e.revenue : e.conversions;
  if (t.kind === 'relative') {
    const v = without > 0 ? (inc / without) * 100 : 0;
    return { value: v, without, with: without + inc, reaches: v >= goal, text: `${signed(v)}%` };
  }
  if (t.kind === 'absolute')
    return {
      value: inc,
      without,
      with: without + inc,
      reaches: inc >= goal,
      text: isRevenue ? `+${money(inc, currency)}` : `+${dec(inc)}`,
    };
  return null;
}

function targetText(t: MetricTarget, currency: string): string {
  const v = Math.abs(t.value);
  const dir = t.direction === 'decrease' ? 'down' : 'up';
  if (t.kind === 'relative') return `${dir} ${dec(v)}%`;
  if (t.kind === 'points') return `${dir} ${dec(v)} points`;
  if (t.kind === 'level') return `to ${dec(v)}%`;
  return t.unit === 'currency' ? `${money(v, currency)}` : `${int(v)}`;
}

function withoutWith(m: Measure, family: Family, currency: string): string {
  if (family === 'rate' || family === 'inverse_rate')
    return `from ${m.without.toFixed(1)}% to ${m.with.toFixed(1)}%`;
  if (family === 'revenue') return `from ${money(m.without, currency)} to ${money(m.with, currency)}`;
  return `from ${dec(m.without)} to ${dec(m.with)} customers expected to order`;
}

export function checkTarget(input: TargetCheckInput): TargetCheck {
  const t = input.target;
  const known = PREDICTABLE[t.metric];
  const words = metricWords(t.metric);
  const amount = targetText(t, input.currency);
  const goal = `${t.kind === 'absolute' ? `${amount} ${t.unit === 'currency' ? `in ${words}` : words}` : `${words} ${amount}`}${t.horizon_days ? ` over ${int(t.horizon_days)} days` : ''}`;
  const notPredictable = (why: string): TargetCheck => ({
    metric: t.metric,
    predictable: false,
    trigger: input.lead?.trigger ?? null,
    target: t.value,
    predicted: null,
    without_campaign: null,
    with_campaign: null,
    reaches: null,
    window_days: input.windowDays,
    horizon_days: t.horizon_days,
    message: `Your target: ${goal}. ${why}`,
    notes: [],
    options: [],
  });
  const what =
    'The model predicts which customers order during the campaign (and so conversions, repeat purchases, reactivations, recovered carts and their revenue)';
  if (!known)
    return notPredictable(`${what}; it does not predict ${words}, so this plan is not checked against it.`);
  const decreasing = t.direction === 'decrease';
  if (decreasing !== (known.family === 'inverse_rate'))
    return notPredictable(
      `${what}: a campaign is predicted to make more customers order, and a target to ${decreasing ? 'lower' : 'raise'} ${words} is not one it can check.`,
    );
  if (!input.lead)
    return notPredictable(
      'No trigger is expected to pay for anyone in this audience, so nothing is predicted to move it.',
    );
  const m = measure(t, known.family, input.base, input.lead.effect, input.currency);
  if (!m)
    return notPredictable(
      `A target of this kind (${t.kind}) on ${words} is not one the model's predictions can be compared with.`,
    );
  const e = input.lead.effect;
  const said = (x: Measure) =>
    t.kind === 'absolute' && t.unit !== 'currency' ? `${x.text} ${words}` : x.text;
  const who = `${label(input.lead.trigger)} for the ${int(e.customers)} customer${e.customers === 1 ? '' : 's'} it pays to treat`;
  const verdict = m.reaches
    ? 'This reaches your target.'
    : `This falls short of the ${amount.replace(/^(up|down|to) /, '')} you asked for.`;
  const message = `Your target: ${goal}. Predicted with ${who}: ${said(m)} (${withoutWith(m, known.family, input.currency)} among the ${int(input.base.n)} customers of the audience who can be contacted). ${verdict}`;
  const notes: string[] = [];
  if (input.windowDays !== null && t.horizon_days !== null && t.horizon_days !== input.windowDays)
    notes.push(
      `The prediction covers one send and the ${int(input.windowDays)} days after it; your target runs over ${int(t.horizon_days)} days. Later orders and repeated sends are not in it.`,
    );
  if (known.family === 'count' || (known.family === 'rate' && t.kind === 'absolute'))
    notes.push(
      'The model predicts whether a customer orders, not how many times: counts are customers who order.',
    );
  if (known.family === 'rate' && t.kind === 'absolute' && m.with >= Math.abs(t.value) && !m.reaches)
    notes.push(
      `Counting the ${dec(m.without)} customers expected to order anyway, ${dec(m.with)} would order in all.`,
    );
  const options: TargetOption[] = [];
  if (!m.reaches) {
    const option = (
      kind: TargetOption['kind'],
      trigger: TriggerId | null,
      eff: Effect,
      base: Base,
      say: (x: Measure) => string,
    ) => {
      const x = measure(t, known.family, base, eff, input.currency);
      if (!x || x.value <= m.value + 1e-9) return;
      options.push({
        kind,
        trigger,
        customers: eff.customers,
        incremental_conversions: eff.conversions,
        incremental_profit: eff.profit,
        value: x.value,
        reaches: x.reaches,
        text: `${say(x)} ${x.reaches ? 'That reaches the target' : 'Still short'}; predicted incremental profit ${money(eff.profit, input.currency)}.`,
      });
    };
    if (input.uncapped)
      option(
        'no_budget',
        input.lead.trigger,
        input.uncapped,
        input.base,
        (x) =>
          `Without the budget's cap, ${label(input.lead?.trigger as TriggerId)} would pay for ${int(input.uncapped?.customers ?? 0)} customers: ${said(x)}.`,
      );
    const other = input.others
      .map((o) => ({ o, x: measure(t, known.family, input.base, o.effect, input.currency) }))
      .filter((r) => r.x !== null)
      .sort((a, b) => (b.x?.value ?? 0) - (a.x?.value ?? 0))[0];
    if (other)
      option(
        'other_trigger',
        other.o.trigger,
        other.o.effect,
        input.base,
        (x) =>
          `Another trigger: ${label(other.o.trigger)} for the ${int(other.o.effect.customers)} customers it pays to treat gives ${said(x)}.`,
      );
    if (input.everyoneWhoResponds)
      option(
        'everyone_who_responds',
        null,
        input.everyoneWhoResponds,
        input.base,
        (x) =>
          `Treating every customer of the audience the model expects to respond (${int(input.everyoneWhoResponds?.customers ?? 0)}), each with the trigger that lifts them most, profitable or not: ${said(x)}.`,
      );
    // Only a count or revenue grows with more customers; a rate is the audience's own.
    if (
      input.population &&
      (known.family === 'count' || known.family === 'revenue' || t.kind === 'absolute')
    ) {
      const p = input.population;
      option(
        'wider_audience',
        null,
        p.effect,
        p.base,
        (x) =>
          `A wider audience: all ${int(p.base.n)} customers who can be reached by ${input.channel}, each with their best paying trigger (${int(p.effect.customers)} treated), give ${said(x)}.`,
      );
    }
    if (options.length === 0)
      notes.push('No other trigger, a wider audience or a bigger budget is predicted to come closer.');
    else if (!options.some((o) => o.reaches))
      // Said outright: a list of options that all fall short reads as if one of them would do.
      notes.unshift(
        `None of these reaches the ${amount.replace(/^(up|down|to) /, '')} you asked for with one send: the target needs more than this campaign, or a smaller goal.`,
      );
  }
  return {
    metric: t.metric,
    predictable: true,
    trigger: input.lead.trigger,
    target: t.value,
    predicted: m.value,
    without_campaign: m.without,
    with_campaign: m.with,
    reaches: m.reaches,
    window_days: input.windowDays,
    horizon_days: t.horizon_days,
    message,
    notes,
    options,
  };
}
