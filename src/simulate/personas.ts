/**
 * The mixture of customer personas. A persona fixes the mean of each latent trait; every
 * customer then draws their own traits around it (traits.ts), so personas overlap and no
 * observable feature identifies one exactly.
 *
 * Trait means are on 0..1 except the rates: `purchaseRate` (orders a year while active, median
 * of a log-normal), `dropoutRate` (hazard of churning, per year), `spendLevel` (median item price
 * the customer aims at, USD) and `browseRate` (browsing sessions a day while active).
 */
export interface Persona {
  id: string;
  weight: number;
  description: string;
  priceSensitivity: number;
  shippingSensitivity: number;
  statusSeeking: number;
  socialConformity: number;
  urgencyFomo: number;
  contentAffinity: number;
  loyaltyAffinity: number;
  emailFatigue: number;
  returnPropensity: number;
  purchaseRate: number;
  dropoutRate: number;
  spendLevel: number;
  browseRate: number;
}

export const PERSONAS: readonly Persona[] = [
  {
    id: 'bargain_hunter',
    weight: 0.17,
    description: 'buys on promotion; a discount moves them, full price rarely does',
    priceSensitivity: 0.8,
    shippingSensitivity: 0.55,
    statusSeeking: 0.15,
    socialConformity: 0.45,
    urgencyFomo: 0.5,
    contentAffinity: 0.2,
    loyaltyAffinity: 0.3,
    emailFatigue: 0.15,
    returnPropensity: 0.2,
    purchaseRate: 0.7,
    dropoutRate: 0.55,
    spendLevel: 34,
    browseRate: 0.036,
  },
  {
    id: 'loyal_full_price',
    weight: 0.1,
    description: 'frequent full-price buyer; buys anyway, so a discount mostly wastes margin',
    priceSensitivity: 0.1,
    shippingSensitivity: 0.15,
    statusSeeking: 0.4,
    socialConformity: 0.3,
    urgencyFomo: 0.2,
    contentAffinity: 0.4,
    loyaltyAffinity: 0.8,
    emailFatigue: 0.12,
    returnPropensity: 0.18,
    purchaseRate: 5.5,
    dropoutRate: 0.08,
    spendLevel: 62,
    browseRate: 0.03,
  },
  {
    id: 'status_seeker',
    weight: 0.09,
    description: 'wants what others cannot have: early access, VIP, limited editions',
    priceSensitivity: 0.2,
    shippingSensitivity: 0.2,
    statusSeeking: 0.85,
    socialConformity: 0.45,
    urgencyFomo: 0.5,
    contentAffinity: 0.35,
    loyaltyAffinity: 0.45,
    emailFatigue: 0.15,
    returnPropensity: 0.22,
    purchaseRate: 2.2,
    dropoutRate: 0.35,
    spendLevel: 78,
    browseRate: 0.027,
  },
  {
    id: 'trend_follower',
    weight: 0.13,
    description: 'follows the crowd and the clock: bestsellers, trending, last chance',
    priceSensitivity: 0.45,
    shippingSensitivity: 0.4,
    statusSeeking: 0.35,
    socialConformity: 0.85,
    urgencyFomo: 0.75,
    contentAffinity: 0.3,
    loyaltyAffinity: 0.3,
    emailFatigue: 0.15,
    returnPropensity: 0.3,
    purchaseRate: 1.0,
    dropoutRate: 0.6,
    spendLevel: 42,
    browseRate: 0.027,
  },
  {
    id: 'content_explorer',
    weight: 0.1,
    description: 'reads guides and lookbooks before buying; persuaded by stories, not pressure',
    priceSensitivity: 0.35,
    shippingSensitivity: 0.3,
    statusSeeking: 0.3,
    socialConformity: 0.3,
    urgencyFomo: 0.2,
    contentAffinity: 0.85,
    loyaltyAffinity: 0.4,
    emailFatigue: 0.15,
    returnPropensity: 0.18,
    purchaseRate: 0.8,
    dropoutRate: 0.4,
    spendLevel: 52,
    browseRate: 0.03,
  },
  {
    id: 'shipping_averse',
    weight: 0.12,
    description: 'abandons at the shipping step when a fee appears; free shipping unlocks them',
    priceSensitivity: 0.45,
    shippingSensitivity: 0.85,
    statusSeeking: 0.2,
    socialConformity: 0.35,
    urgencyFomo: 0.3,
    contentAffinity: 0.25,
    loyaltyAffinity: 0.35,
    emailFatigue: 0.15,
    returnPropensity: 0.2,
    purchaseRate: 0.8,
    dropoutRate: 0.5,
    spendLevel: 36,
    browseRate: 0.02,
  },
  {
    id: 'casual',
    weight: 0.15,
    description: 'occasional visitor with no strong lever; drifts away',
    priceSensitivity: 0.4,
    shippingSensitivity: 0.4,
    statusSeeking: 0.25,
    socialConformity: 0.35,
    urgencyFomo: 0.3,
    contentAffinity: 0.25,
    loyaltyAffinity: 0.25,
    emailFatigue: 0.25,
    returnPropensity: 0.2,
    purchaseRate: 0.2,
    dropoutRate: 1.4,
    spendLevel: 42,
    browseRate: 0.012,
  },
  {
    id: 'fatigued',
    weight: 0.14,
    description: 'tired of marketing email; any message makes a purchase less likely (do not disturb)',
    priceSensitivity: 0.45,
    shippingSensitivity: 0.45,
    statusSeeking: 0.3,
    socialConformity: 0.35,
    urgencyFomo: 0.35,
    contentAffinity: 0.25,
    loyaltyAffinity: 0.3,
    emailFatigue: 0.85,
    returnPropensity: 0.22,
    purchaseRate: 0.8,
    dropoutRate: 0.55,
    spendLevel: 46,
    browseRate: 0.018,
  },
];

export const PERSONA_IDS: readonly string[] = PERSONAS.map((p) => p.id);
export const PERSONA_WEIGHTS: Float64Array = Float64Array.from(PERSONAS.map((p) => p.weight));
