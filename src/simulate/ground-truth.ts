import { TRIGGER_IDS } from '../contracts/triggers.ts';
import { AS_OF_DAY, meanSeason } from './calendar.ts';
import { ARM_IDS, armProbabilities, type CausalState } from './causal-model.ts';
import type { PricingMargins } from './order-margin.ts';
import type { Traits } from './traits.ts';

/**
 * The simulator's truth, kept apart in schema `truth` for evaluation only (no model reads it):
 * - truth.customer_traits: persona, latent traits and the causal state as of `as_of`, i.e.
 *   everything the causal model needs to recompute any customer's probabilities;
 * - truth.customer_uplift: baseline (control) conversion probability within a TRUTH_WINDOW_DAYS
 *   window starting at as_of, the true uplift of every trigger (p_t − p_control) and the
 *   expected order value, and the expected margin of an order in that window under each kind of
 *   pricing (order-margin.ts);
 * - truth.exposure_probabilities: for every past campaign exposure, the true probability under
 *   every arm, including those not drawn, and the expected margin of the window's order under
 *   each kind of pricing (full price, the discount trigger, free shipping) at its send time.
 */

/** The order-margin columns of both truth tables, in the order of PricingMargins. */
export const ORDER_MARGIN_COLUMNS = [
  'order_margin_full_price',
  'order_margin_discount',
  'order_margin_free_shipping',
] as const;

const marginFields = (m: PricingMargins) => `,${m.fullPrice},${m.discount},${m.freeShipping}`;
export const TRUTH_WINDOW_DAYS = 14;

/** What truth.customer_traits.traits holds, per customer. */
export interface StoredTraits extends Traits {
  /** The causal state as of as_of (window TRUTH_WINDOW_DAYS); a counterfactual may change windowDays. */
  asOf: CausalState;
  expectedOrderValue: number;
}

/** A tab-separated line (the table's format is 'tsv'): the JSON goes in unquoted. */
export function truthTraitsLine(customerId: string, stored: StoredTraits): string {
  return `${customerId}\t${stored.persona}\t${JSON.stringify(stored)}`;
}

/** The truth.customer_uplift line; `probs` are armProbabilities at as_of. */
export function truthUpliftLine(
  customerId: string,
  probs: Float64Array,
  expectedOrderValue: number,
  margins: PricingMargins,
): string {
  const p0 = probs[0]!;
  let line = `${customerId},${p0}`;
  for (let k = 1; k < ARM_IDS.length; k++) line += `,${upliftOf(probs, k)}`;
  return `${line},${expectedOrderValue}${marginFields(margins)}`;
}

/** p_t − p_0, rounded to 1e-7 like the probabilities themselves (avoids 0.30000000000000004 noise). */
export function upliftOf(probs: Float64Array, k: number): number {
  return Math.round((probs[k]! - probs[0]!) * 1e7) / 1e7;
}

export function exposureTruthLine(
  campaignId: string,
  customerId: string,
  probs: Float64Array,
  margins: PricingMargins,
): string {
  let line = `${campaignId},${customerId}`;
  for (let k = 0; k < ARM_IDS.length; k++) line += `,${probs[k]}`;
  return line + marginFields(margins);
}

/** Recomputes a customer's as-of probabilities from their stored traits (what counterfactual.ts does). */
export function asOfProbabilities(stored: StoredTraits, windowDays = TRUTH_WINDOW_DAYS): Float64Array {
  return armProbabilities(stored, {
    ...stored.asOf,
    windowDays,
    seasonFactor: meanSeason(AS_OF_DAY, windowDays),
  });
}

export const TRUTH_TRIGGERS = TRIGGER_IDS;
