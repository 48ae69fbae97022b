import { TRIGGER_IDS } from '../contracts/triggers.ts';
import type { Rng } from '../core/rng.ts';
import { PERSONA_WEIGHTS, PERSONAS } from './personas.ts';

/** Product categories of the simulated fashion / lifestyle shop. */
export const CATEGORIES = [
  'tops',
  'dresses',
  'bottoms',
  'outerwear',
  'shoes',
  'bags',
  'accessories',
  'jewelry',
  'beauty',
  'activewear',
  'home',
  'kids',
] as const;
export type Category = (typeof CATEGORIES)[number];

/**
 * A customer's latent traits: never written to an observable table (only to `truth`), and only
 * visible through the noisy behaviour they cause. 0..1 unless stated.
 */
export interface Traits {
  persona: string;
  priceSensitivity: number;
  shippingSensitivity: number;
  statusSeeking: number;
  socialConformity: number;
  urgencyFomo: number;
  contentAffinity: number;
  loyaltyAffinity: number;
  emailFatigue: number;
  /** Propensity to open marketing email when not fatigued. */
  emailAttention: number;
  returnPropensity: number;
  /** Orders a year while active (before campaign effects). */
  purchaseRate: number;
  /** Churn hazard per year. */
  dropoutRate: number;
  /** Median item price the customer aims at, USD. */
  spendLevel: number;
  /** Browsing sessions a day while active. */
  browseRate: number;
  /** Preference over CATEGORIES (sums to 1). */
  categoryWeights: number[];
  /** 1 − normalised entropy of categoryWeights: high for customers who buy in one or two categories. */
  categoryFocus: number;
  /**
   * Idiosyncratic response to each trigger (logit scale, in TRIGGER_IDS order): the part of the
   * causal effect no behaviour reveals, so that no model can recover the uplift exactly.
   */
  responseNoise: number[];
}

/** Noise around the persona means: the larger, the more personas overlap. */
const CONCENTRATION = 9;
export const RESPONSE_NOISE_SD = 0.3;
/** Orders a year: even the keenest customer of a fashion shop orders about weekly at most. */
const MAX_PURCHASE_RATE = 9;

/** Traits are kept to 6 decimals, so the JSON in truth.customer_traits reproduces them exactly. */
const q = (x: number): number => Math.round(x * 1e6) / 1e6;

function betaAround(rng: Rng, mean: number, concentration = CONCENTRATION): number {
  const m = Math.min(0.97, Math.max(0.03, mean));
  return rng.beta(m * concentration, (1 - m) * concentration);
}

export function drawPersonaIndex(rng: Rng): number {
  return rng.weightedIndex(PERSONA_WEIGHTS);
}

export function drawTraits(rng: Rng, personaIndex: number): Traits {
  const p = PERSONAS[personaIndex]!;
  const categoryWeights = new Array<number>(CATEGORIES.length);
  let total = 0;
  for (let c = 0; c < CATEGORIES.length; c++) {
    const g = rng.gamma(0.45);
    categoryWeights[c] = g;
    total += g;
  }
  let entropy = 0;
  for (let c = 0; c < CATEGORIES.length; c++) {
    const w = (categoryWeights[c] as number) / total;
    categoryWeights[c] = w;
    if (w > 0) entropy -= w * Math.log(w);
  }
  const emailFatigue = q(betaAround(rng, p.emailFatigue, 9));
  const responseNoise = TRIGGER_IDS.map(() => q(rng.normal(0, RESPONSE_NOISE_SD)));
  for (let c = 0; c < CATEGORIES.length; c++) categoryWeights[c] = q(categoryWeights[c] as number);
  return {
    persona: p.id,
    priceSensitivity: q(betaAround(rng, p.priceSensitivity)),
    shippingSensitivity: q(betaAround(rng, p.shippingSensitivity)),
    statusSeeking: q(betaAround(rng, p.statusSeeking)),
    socialConformity: q(betaAround(rng, p.socialConformity)),
    urgencyFomo: q(betaAround(rng, p.urgencyFomo)),
    contentAffinity: q(betaAround(rng, p.contentAffinity)),
    loyaltyAffinity: q(betaAround(rng, p.loyaltyAffinity)),
    emailFatigue,
    emailAttention: q(betaAround(rng, 0.55 - 0.35 * emailFatigue, 5)),
    returnPropensity: q(betaAround(rng, p.returnPropensity, 10)),
    purchaseRate: q(Math.min(MAX_PURCHASE_RATE, p.purchaseRate * rng.logNormal(0, 0.8))),
    dropoutRate: q(p.dropoutRate * rng.logNormal(0, 0.5)),
    spendLevel: q(p.spendLevel * rng.logNormal(0, 0.35)),
    browseRate: q(p.browseRate * rng.logNormal(0, 0.6)),
    categoryWeights,
    categoryFocus: q(1 - entropy / Math.log(CATEGORIES.length)),
    responseNoise,
  };
}
