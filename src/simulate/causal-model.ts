import { CONTROL_ARM, TRIGGER_IDS, type TriggerId } from '../contracts/triggers.ts';
import type { Traits } from './traits.ts';

/**
 * THE known heterogeneous causal model of the simulator: the probability that a customer orders
 * within a campaign's window, under control and under each trigger.
 *
 * Under control the probability comes from the customer's own organic purchase process over the
 * window (purchase rate × seasonal demand × whether they are still active, raised while an
 * abandoned cart is open), so control conversion in the data is exactly what this model says.
 * A trigger shifts the log-odds by an effect that depends on latent traits and on the
 * customer's state at send time:
 *
 *   logit p_t = logit p_0 + effect_t(traits, state) + noise_t − fatigue(traits, state)
 *
 * - discount works on price-sensitive customers; on loyal full-price buyers it does next to
 *   nothing (they would buy anyway), so it only gives margin away;
 * - free shipping works on shipping-cost-sensitive customers, twice as much when their open
 *   cart was abandoned at the shipping step;
 * - exclusivity works on status seekers and puts others off; scarcity and urgency on FOMO;
 *   social proof on social conformity; content on content affinity; loyalty rewards on loyal
 *   repeat buyers; recommendations on focused, recently active browsers; a cart reminder only
 *   when a cart is open (best when it was left for browsing or distraction, not for price);
 * - email fatigue lowers every trigger alike and grows with the messages received lately, so
 *   a group of customers is harmed by any message at all (the do-not-disturb group);
 * - noise_t is the customer's idiosyncratic response, fixed per customer and trigger, that no
 *   behaviour reveals: it keeps the uplift partly hidden from observable features.
 */
export type AbandonStep = 'cart' | 'shipping' | 'payment';
export type AbandonReason = 'shipping_cost' | 'price' | 'browsing' | 'payment_issue' | 'distraction';

export interface OpenCart {
  ageDays: number;
  step: AbandonStep;
  reason: AbandonReason;
}

/** What the model needs to know about the moment a message is sent. */
export interface CausalState {
  windowDays: number;
  /** Mean seasonal demand multiplier over the window. */
  seasonFactor: number;
  /** Still active (not churned) at send time. */
  active: boolean;
  ordersBefore: number;
  /** The last abandoned cart not followed by an order, if abandoned within 30 days. */
  openCart: OpenCart | null;
  /** Messages (treatment arms) received in the previous 60 days. */
  recentEmails: number;
  /** Sessions in the previous 30 days. */
  recentSessions: number;
}

/** Index of `control` in arm-probability arrays; triggers follow in TRIGGER_IDS order from 1. */
export const ARM_IDS = [CONTROL_ARM, ...TRIGGER_IDS] as const;
export type ArmId = (typeof ARM_IDS)[number];
export const ARM_INDEX: ReadonlyMap<string, number> = new Map(ARM_IDS.map((a, i) => [a, i]));

/** A churned customer keeps a small residual purchase rate (the odd lapsed customer returns). */
const CHURNED_ACTIVITY = 0.12;
/** An open cart (abandoned within 14 days) raises the organic purchase rate. */
const OPEN_CART_BOOST = 1.15;

export function controlProbability(traits: Traits, s: CausalState): number {
  let rate = (traits.purchaseRate / 365) * s.seasonFactor * (s.active ? 1 : CHURNED_ACTIVITY);
  if (s.openCart && s.openCart.ageDays < 14) rate *= OPEN_CART_BOOST;
  return 1 - Math.exp(-rate * s.windowDays);
}

export function fatiguePenalty(traits: Traits, s: CausalState): number {
  const f = traits.emailFatigue;
  return 2.6 * f * f * (1 + 0.2 * s.recentEmails);
}

/** The trait- and state-driven part of each trigger's log-odds effect (before noise and fatigue). */
export function triggerEffect(trigger: TriggerId, t: Traits, s: CausalState): number {
  const cart = s.openCart;
  switch (trigger) {
    case 'discount':
      return 1.7 * Math.max(0, t.priceSensitivity - 0.25) - 0.05;
    case 'free_shipping':
      return 1.1 * t.shippingSensitivity * (cart && cart.step === 'shipping' ? 2 : 1) - 0.15;
    case 'loyalty_reward':
      return 1.2 * t.loyaltyAffinity * Math.min(1, s.ordersBefore / 3) - 0.12;
    case 'scarcity_message':
      return 0.8 * t.urgencyFomo + 0.6 * t.statusSeeking - 0.45;
    case 'urgency_message':
      return 1.3 * t.urgencyFomo - 0.4;
    case 'exclusivity_offer':
      return 1.7 * t.statusSeeking - 0.6;
    case 'social_proof':
      return 1.3 * t.socialConformity - 0.4;
    case 'content_storytelling':
      return 1.4 * t.contentAffinity - 0.35;
    case 'personalized_recommendation':
      return 0.1 + 1.1 * t.categoryFocus * Math.min(1, s.recentSessions / 3);
    case 'cart_reminder':
      if (!cart || cart.ageDays >= 14) return -0.15;
      // How much a plain reminder moves someone is partly a matter of temperament (FOMO), not only of the cart.
      return cart.reason === 'browsing' || cart.reason === 'distraction'
        ? 0.6 + 1.1 * t.urgencyFomo
        : 0.2 + 0.6 * t.urgencyFomo;
  }
}

/**
 * Probabilities are rounded to 1e-7 before use, so the values written to the truth tables are
 * exactly the ones the outcomes were drawn from (and stay short in the files).
 */
const quantize = (p: number) => Math.max(1e-7, Math.round(p * 1e7) / 1e7);
const logit = (p: number) => Math.log(p / (1 - p));
const sigmoid = (x: number) => 1 / (1 + Math.exp(-x));

/**
 * Probabilities of ordering within the window for every arm, in ARM_IDS order (control first),
 * written into `out` (length 11) to spare allocations in the generator's hot loop.
 */
export function armProbabilities(
  traits: Traits,
  s: CausalState,
  out: Float64Array = new Float64Array(ARM_IDS.length),
): Float64Array {
  const p0 = Math.min(0.95, Math.max(1e-6, controlProbability(traits, s)));
  out[0] = quantize(p0);
  const base = logit(p0);
  const fatigue = fatiguePenalty(traits, s);
  for (let k = 0; k < TRIGGER_IDS.length; k++) {
    const effect = triggerEffect(TRIGGER_IDS[k]!, traits, s) + traits.responseNoise[k]! - fatigue;
    out[k + 1] = quantize(sigmoid(base + effect));
  }
  return out;
}
