import type { Interval, TriggerEconomics } from '../contracts/explain.ts';
import { fmtMoney, fmtPoints, fmtShare } from '../contracts/number-format.ts';
import type { Channel, CostConfig } from '../contracts/trigger-costs.ts';
import { TRIGGER_CATALOGUE, type TriggerId } from '../contracts/triggers.ts';

export interface LiftInput {
  trigger: TriggerId;
  /** Lift in points (null: never measured). */
  lift_points: number | null;
  ci: Interval | null;
  /** Conversion rate of these customers without a trigger (0..1). */
  baseline_rate: number | null;
}

export interface EconomicsContext {
  config: CostConfig;
  channel: Channel;
  /** Order-weighted average order value of the segment. */
  aov: number;
  /** Share of the segment that has never used a discount (buys at full price), for the discount's reason. */
  full_price_share: number | null;
  source: 'evidence' | 'model';
}

/**
 * Per treated customer, from a lift and the cost model (DESIGN.md §1): incremental margin
 * (lift × AOV × margin) minus the cost (send cost + the trigger's cost on every treated
 * conversion, incremental or not — a discount is also given to those who would have bought anyway).
 */
export function economicsOf(l: LiftInput, ctx: EconomicsContext): Omit<TriggerEconomics, 'rank' | 'reason'> {
  const m = ctx.config.triggers[l.trigger];
  const p0 = l.baseline_rate ?? 0;
  const lift = l.lift_points === null ? null : l.lift_points / 100;
  const p1 = Math.min(1, Math.max(0, p0 + (lift ?? 0)));
  const perConversion = m.order_value_share * ctx.aov + m.per_conversion_amount;
  const cost = ctx.config.send_cost[ctx.channel] + p1 * perConversion;
  const profit = lift === null ? null : lift * ctx.aov * ctx.config.default_margin - cost;
  return {
    trigger: l.trigger,
    source: ctx.source,
    lift_points: l.lift_points,
    ci: l.ci,
    incremental_orders_per_1000: lift === null ? null : lift * 1000,
    cost_per_customer: cost,
    profit_per_customer: profit,
    cost_per_incremental_order: lift !== null && lift > 0 ? cost / lift : null,
  };
}

function label(t: TriggerId): string {
  return TRIGGER_CATALOGUE[t].label;
}

/**
 * Ranks triggers by incremental profit per treated customer and says, for each, why it ranks
 * where it does against the best — lower lift, a lift indistinguishable from zero, the same lift at
 * a higher cost per incremental order, or no evidence at all.
 */
export function rankTriggers(lifts: readonly LiftInput[], ctx: EconomicsContext): TriggerEconomics[] {
  const rows = lifts.map((l) => economicsOf(l, ctx));
  rows.sort((a, b) => {
    if (a.profit_per_customer === null && b.profit_per_customer === null)
      return a.trigger.localeCompare(b.trigger);
    if (a.profit_per_customer === null) return 1;
    if (b.profit_per_customer === null) return -1;
    return b.profit_per_customer - a.profit_per_customer;
  });
  const best = rows[0];
  const evidenceWord = ctx.source === 'evidence' ? 'observed' : 'predicted';
  return rows.map((r, i) => {
    let reason: string;
    const lift = r.lift_points;
    if (lift === null) {
      reason =
        ctx.source === 'evidence'
          ? `Never tested against a control group on these customers, so there is no evidence for ${label(r.trigger)}.`
          : `The model has no prediction for ${label(r.trigger)}.`;
    } else if (i === 0) {
      reason =
        `Highest expected profit: ${fmtPoints(lift)} percentage points ${evidenceWord} lift` +
        (r.ci ? ` (95% CI ${fmtPoints(r.ci.low)} to ${fmtPoints(r.ci.high)})` : '') +
        `, ${fmtMoney(r.profit_per_customer ?? 0, ctx.config.currency)} per customer after ${fmtMoney(r.cost_per_customer, ctx.config.currency)} cost.`;
    } else if (best && best.lift_points !== null) {
      const bestLift = best.lift_points;
      const parts: string[] = [];
      const overlaps = r.ci && best.ci ? r.ci.high >= best.ci.low && best.ci.high >= r.ci.low : false;
      if (r.ci && r.ci.low <= 0 && r.ci.high >= 0) {
        parts.push(
          `its ${evidenceWord} lift of ${fmtPoints(lift)} percentage points (95% CI ${fmtPoints(r.ci.low)} to ${fmtPoints(r.ci.high)}) is not distinguishable from zero`,
        );
      } else if (
        overlaps &&
        r.cost_per_incremental_order !== null &&
        best.cost_per_incremental_order !== null
      ) {
        parts.push(
          `similar lift (${fmtPoints(lift)} vs ${fmtPoints(bestLift)} percentage points), but it costs ${fmtMoney(r.cost_per_incremental_order, ctx.config.currency)} per incremental order against ${fmtMoney(best.cost_per_incremental_order, ctx.config.currency)}`,
        );
      } else {
        parts.push(
          `lower lift: ${fmtPoints(lift)} vs ${fmtPoints(bestLift)} percentage points for ${label(best.trigger)}`,
        );
      }
      const m = ctx.config.triggers[r.trigger];
      if (m.order_value_share > 0 && r.trigger === 'discount' && ctx.full_price_share !== null) {
        parts.push(
          `it gives ${Math.round(m.order_value_share * 100)}% off every treated order, and ${fmtShare(ctx.full_price_share)} of these customers have never used a discount`,
        );
      } else if (m.order_value_share > 0) {
        parts.push(`it gives ${Math.round(m.order_value_share * 100)}% of every treated order back`);
      } else if (m.per_conversion_amount > 0) {
        parts.push(
          `it costs ${fmtMoney(m.per_conversion_amount, ctx.config.currency)} on every treated order, including those that would have happened anyway`,
        );
      }
      const gap = (best.profit_per_customer ?? 0) - (r.profit_per_customer ?? 0);
      reason = `${parts.map((p, k) => (k === 0 ? p.charAt(0).toUpperCase() + p.slice(1) : p)).join('; ')}. ${fmtMoney(gap, ctx.config.currency)} less profit per customer than ${label(best.trigger)}.`;
    } else {
      reason = `${fmtPoints(lift)} percentage points ${evidenceWord} lift.`;
    }
    return { ...r, rank: i + 1, reason };
  });
}
