import type { Rng } from '../core/rng.ts';
import { AS_OF_DAY, PRE_START_DAYS } from './calendar.ts';
import { asciiSlug, COUNTRIES, COUNTRY_WEIGHTS, type SeededFaker } from './fake-data.ts';
import type { Traits } from './traits.ts';

/**
 * Who the customer is on paper: name, obviously fake email (reserved example.* domains),
 * city, country, how they were acquired, when the profile was created, and consent.
 */
export interface Identity {
  customerId: string;
  firstName: string;
  email: string;
  city: string;
  country: string;
  acquisitionSource: string;
  creationDay: number;
  emailOptIn: boolean;
  smsOptIn: boolean;
  device: string;
}

export const ACQUISITION_SOURCES = [
  'organic_search',
  'paid_search',
  'paid_social',
  'direct',
  'email_signup',
  'referral',
  'affiliate',
  'influencer',
] as const;
const BASE_SOURCE_WEIGHTS = [0.26, 0.18, 0.16, 0.14, 0.08, 0.08, 0.06, 0.04];
/** Persona-specific tilts of the mix: coupon sites bring bargain hunters, social brings trend followers. */
const SOURCE_TILT: Record<string, Partial<Record<(typeof ACQUISITION_SOURCES)[number], number>>> = {
  bargain_hunter: { affiliate: 2.5, paid_search: 1.3 },
  loyal_full_price: { referral: 1.8, direct: 1.5 },
  status_seeker: { influencer: 2, paid_social: 1.3 },
  trend_follower: { paid_social: 2, influencer: 2 },
  content_explorer: { organic_search: 1.5, email_signup: 1.6 },
  shipping_averse: { paid_search: 1.4 },
};
const DEVICES = ['mobile', 'desktop', 'tablet'];
const DEVICE_WEIGHTS = [0.58, 0.34, 0.08];
const DOMAINS = ['example.com', 'example.org', 'example.net'];

export function customerIdOf(i: number): string {
  return `c${String(i + 1).padStart(7, '0')}`;
}

export function drawIdentity(rng: Rng, i: number, t: Traits, faker: SeededFaker): Identity {
  const country = COUNTRIES[rng.weightedIndex(COUNTRY_WEIGHTS)]!;
  const f = faker.use(rng).for(country);
  const firstName = f.person.firstName();
  const lastName = f.person.lastName();
  const city = f.location.city();
  const tilt = SOURCE_TILT[t.persona] ?? {};
  const weights = BASE_SOURCE_WEIGHTS.map((w, k) => w * (tilt[ACQUISITION_SOURCES[k]!] ?? 1));
  const acquisitionSource = ACQUISITION_SOURCES[rng.weightedIndex(weights)]!;
  // Some of the base predates the period; the rest joins over it, more as the shop grows.
  const creationDay = rng.bernoulli(0.12)
    ? -PRE_START_DAYS * rng.next()
    : (AS_OF_DAY - 5) * rng.next() ** 0.85;
  const local = `${asciiSlug(firstName) || 'customer'}.${asciiSlug(lastName) || 'x'}${i + 1}`;
  return {
    customerId: customerIdOf(i),
    firstName,
    email: `${local}@${rng.pick(DOMAINS)}`,
    city,
    country,
    acquisitionSource,
    creationDay,
    emailOptIn: rng.bernoulli(0.88 - 0.12 * t.emailFatigue),
    smsOptIn: rng.bernoulli(0.28),
    device: DEVICES[rng.weightedIndex(DEVICE_WEIGHTS)]!,
  };
}
