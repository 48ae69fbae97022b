import { CONTROL_ARM } from '../contracts/triggers.ts';
import { Rng } from '../core/rng.ts';
import {
  type Abandonment,
  abandonSession,
  browseSession,
  type CustomerContext,
  drawAbandonment,
  purchaseSession,
  trafficWeightsFor,
} from './behaviour.ts';
import { AS_OF_DAY, epochSeconds, MAX_DEMAND, meanSeason, monthOf, season } from './calendar.ts';
import { armProbability, type CampaignPlan, isEligible } from './campaigns.ts';
import type { Catalogue } from './catalogue.ts';
import { ARM_IDS, ARM_INDEX, armProbabilities, type CausalState, type OpenCart } from './causal-model.ts';
import type { SeededFaker } from './fake-data.ts';
import {
  exposureTruthLine,
  type StoredTraits,
  TRUTH_WINDOW_DAYS,
  truthTraitsLine,
  truthUpliftLine,
} from './ground-truth.ts';
import { drawIdentity } from './identity.ts';
import {
  novemberShare,
  type OrderMarginProfile,
  orderMarginProfile,
  pricingMargins,
} from './order-margin.ts';
import { type Basket, drawBasket, expectedOrderValue, itemReturnProbability, priceOrder } from './orders.ts';
import type { RowBuffers } from './row-buffers.ts';
import { csvText } from './tables.ts';
import { drawPersonaIndex, drawTraits, type Traits } from './traits.ts';

/**
 * One customer's whole life in the shop, from their own random stream
 * (`Rng.derive(seed, 'customer:' + i)`), so the data do not depend on chunking or threads.
 *
 * 1. Traits, identity, creation date, churn date.
 * 2. Organic point processes while active: orders (purchase rate × season), abandoned carts and
 *    browsing sessions (Poisson, by thinning).
 * 3. Campaigns in time order: eligibility from the history so far, inclusion, random arm with
 *    its logged probability; inside an exposure's window the organic orders are replaced by the
 *    causal model's draw (causal-model.ts), so conversion in the window follows the model exactly.
 * 4. Rows for everything, and the truth rows.
 */
export interface SimulationEnv {
  seed: number | string;
  cat: Catalogue;
  campaigns: readonly CampaignPlan[];
  faker: SeededFaker;
}

/** Share of customers created inside the period whose profile starts with a first order. */
const FIRST_ORDER_AT_SIGNUP = 0.92;
/** Organic browsing follows the season less than buying does. */
const browseSeason = (d: number) => Math.sqrt(season(d));

interface OrderEvent {
  day: number;
  /** Campaign index for orders converted inside an exposure window, else -1. */
  campaign: number;
  arm: string | null;
}

interface ExposureEvent {
  plan: CampaignPlan;
  day: number;
  arm: string;
  probs: Float64Array;
  converted: boolean;
}

/** Times of a Poisson process of rate `rate × shape(t)` on [from, to), by thinning; sorted. */
function poissonTimes(
  rng: Rng,
  rate: number,
  from: number,
  to: number,
  shape: (d: number) => number,
  maxShape: number,
): number[] {
  if (to <= from || rate <= 0) return [];
  const n = rng.poisson(rate * maxShape * (to - from));
  const out: number[] = [];
  for (let k = 0; k < n; k++) {
    const d = rng.uniform(from, to);
    if (rng.next() * maxShape < shape(d)) out.push(d);
  }
  return out.sort((a, b) => a - b);
}

/** Index of the first element >= x in a sorted array. */
function lowerBound(a: readonly number[], x: number): number {
  let lo = 0;
  let hi = a.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if ((a[mid] as number) < x) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

export function simulateCustomer(i: number, env: SimulationEnv, out: RowBuffers): void {
  const rng = Rng.derive(env.seed, `customer:${i}`);
  const traits = drawTraits(rng, drawPersonaIndex(rng));
  const id = drawIdentity(rng, i, traits, env.faker);
  const churnDay = id.creationDay + rng.exponential(traits.dropoutRate) * 365;
  const from = Math.max(id.creationDay, 0);
  const until = Math.min(churnDay, AS_OF_DAY);

  // 2. Organic processes.
  const organic: number[] = [];
  if (id.creationDay >= 0 && rng.bernoulli(FIRST_ORDER_AT_SIGNUP))
    organic.push(id.creationDay + rng.uniform(0, 0.02));
  organic.push(...poissonTimes(rng, traits.purchaseRate / 365, from, until, season, MAX_DEMAND));
  organic.sort((a, b) => a - b);
  const abandonRatio = 2.6 + 1.6 * traits.shippingSensitivity + 0.8 * traits.priceSensitivity;
  const abandons = poissonTimes(
    rng,
    (traits.purchaseRate / 365) * abandonRatio,
    from,
    until,
    season,
    MAX_DEMAND,
  );
  const abandonBaskets: Basket[] = abandons.map(() => drawBasket(rng, traits, env.cat, false));
  const abandonWhy: Abandonment[] = abandonBaskets.map((b) => drawAbandonment(rng, traits, b));
  const browses = poissonTimes(rng, traits.browseRate, from, until, browseSeason, Math.sqrt(MAX_DEMAND));

  // 3. Campaigns.
  const orders: OrderEvent[] = [];
  const exposures: ExposureEvent[] = [];
  let oi = 0;
  const commitOrganicBefore = (day: number) => {
    while (oi < organic.length && (organic[oi] as number) < day)
      orders.push({ day: organic[oi++]!, campaign: -1, arm: null });
  };
  const stateAt = (day: number, windowDays: number): CausalState => {
    const lastOrder = orders.length ? orders[orders.length - 1]!.day : null;
    const ai = lowerBound(abandons, day) - 1;
    let openCart: OpenCart | null = null;
    if (ai >= 0) {
      const a = abandons[ai]!;
      if (day - a <= 30 && (lastOrder === null || lastOrder < a)) {
        openCart = { ageDays: day - a, step: abandonWhy[ai]!.step, reason: abandonWhy[ai]!.reason };
      }
    }
    let recentEmails = 0;
    for (const e of exposures) if (e.arm !== CONTROL_ARM && e.day >= day - 60) recentEmails++;
    let recentOrders = 0;
    for (let k = orders.length - 1; k >= 0 && orders[k]!.day >= day - 30; k--) recentOrders++;
    const recentSessions =
      recentOrders +
      (lowerBound(abandons, day) - lowerBound(abandons, day - 30)) +
      (lowerBound(browses, day) - lowerBound(browses, day - 30));
    return {
      windowDays,
      seasonFactor: meanSeason(day, windowDays),
      active: day >= from && day < churnDay,
      ordersBefore: orders.length,
      openCart,
      recentEmails,
      recentSessions,
    };
  };
  const probs = new Float64Array(ARM_IDS.length);
  for (const plan of env.campaigns) {
    const sent = plan.startDay + 0.375 + rng.uniform(0, 0.04);
    commitOrganicBefore(sent);
    if (!id.emailOptIn || id.creationDay >= sent) continue;
    const lastOrderDay = orders.length ? orders[orders.length - 1]!.day : null;
    const ai = lowerBound(abandons, sent) - 1;
    const lastAbandonDay = ai >= 0 ? abandons[ai]! : null;
    const bi = lowerBound(browses, sent) - 1;
    const lastBrowse = bi >= 0 ? browses[bi]! : null;
    const lastSeenDay = Math.max(lastOrderDay ?? -1e9, lastAbandonDay ?? -1e9, lastBrowse ?? -1e9);
    const facts = { lastOrderDay, lastAbandonDay, lastSeenDay: lastSeenDay > -1e9 ? lastSeenDay : null };
    if (!isEligible(plan.audience, sent, facts) || !rng.bernoulli(plan.audienceShare)) continue;
    const arm = rng.bernoulli(plan.controlShare)
      ? CONTROL_ARM
      : plan.triggers[rng.int(plan.triggers.length)]!;
    armProbabilities(traits, stateAt(sent, plan.windowDays), probs);
    const converted = rng.next() < probs[ARM_INDEX.get(arm)!]!;
    exposures.push({ plan, day: sent, arm, probs: probs.slice(), converted });
    // Inside the window the model decides: organic orders there are replaced by its draw.
    const end = sent + plan.windowDays;
    while (oi < organic.length && (organic[oi] as number) < end) oi++;
    if (converted) {
      const day = Math.min(sent + rng.uniform(0.02, plan.windowDays), AS_OF_DAY - 1e-4);
      orders.push({ day, campaign: plan.index, arm });
    }
  }
  commitOrganicBefore(AS_OF_DAY);

  // Truth as of as_of.
  const asOf = stateAt(AS_OF_DAY, TRUTH_WINDOW_DAYS);
  const asOfProbs = armProbabilities(traits, asOf);
  const eov = expectedOrderValue(rng, traits, env.cat);
  const stored: StoredTraits = { ...traits, asOf, expectedOrderValue: eov };
  // The expected realised margin of an order draws no random number, so the observable rows
  // (drawn from `rng` after this point) are the same with or without it.
  const margins = orderMarginProfile(traits, env.cat);
  out.add('truth_traits', truthTraitsLine(id.customerId, stored));
  out.add(
    'truth_uplift',
    truthUpliftLine(
      id.customerId,
      asOfProbs,
      eov,
      pricingMargins(margins, novemberShare(AS_OF_DAY, TRUTH_WINDOW_DAYS, Number.POSITIVE_INFINITY)),
    ),
  );

  // 4. Rows.
  out.add(
    'customers',
    `${id.customerId},${csvText(id.firstName)},${csvText(id.email)},${csvText(id.city)},${id.country},` +
      `${id.acquisitionSource},${epochSeconds(id.creationDay)},${id.emailOptIn},${id.smsOptIn}`,
  );
  const ctx: CustomerContext = {
    out,
    rng,
    traits,
    cat: env.cat,
    customerId: id.customerId,
    n: i + 1,
    device: id.device,
    sourceWeights: trafficWeightsFor(id.acquisitionSource),
    counters: { session: 0, cart: 0, review: 0 },
  };
  emitOrders(ctx, orders, env.campaigns);
  for (let k = 0; k < abandons.length; k++)
    abandonSession(ctx, abandons[k]!, abandonBaskets[k]!, abandonWhy[k]!);
  for (const d of browses) browseSession(ctx, d, AS_OF_DAY);
  emitExposures(ctx, exposures, traits, churnDay, margins);
}

function emitOrders(ctx: CustomerContext, orders: OrderEvent[], campaigns: readonly CampaignPlan[]): void {
  const { rng, traits, out } = ctx;
  const returnP = itemReturnProbability(traits);
  for (let k = 0; k < orders.length; k++) {
    const o = orders[k]!;
    const orderId = `o${ctx.n}_${k}`;
    const b = drawBasket(rng, traits, ctx.cat, true);
    const treated = o.campaign >= 0 && o.arm !== CONTROL_ARM;
    const price = priceOrder(rng, traits, b, treated ? o.arm : null, monthOf(o.day) === 10);
    const returned = b.products.map(() => rng.bernoulli(returnP));
    const nReturned = returned.filter(Boolean).length;
    const status =
      nReturned === 0 ? 'completed' : nReturned === returned.length ? 'returned' : 'partially_returned';
    const sec = purchaseSession(ctx, o.day, b, orderId, treated ? 'email' : null, returned, AS_OF_DAY);
    const campaignId = treated ? campaigns[o.campaign]!.id : '';
    out.add(
      'orders',
      `${orderId},${ctx.customerId},${sec},${b.subtotal},${price.discount},${price.shipping},${price.total},${campaignId},${status}`,
    );
    for (let l = 0; l < b.products.length; l++) {
      out.add(
        'order_items',
        `${orderId},${l + 1},${ctx.cat.products[b.products[l]!]!.id},${b.quantities[l]},${b.prices[l]},${returned[l]}`,
      );
    }
  }
}

/**
 * Exposure rows with their logged assignment probability, the true probabilities of every arm,
 * and email events for the treated: delivered, opened (attention, less when fatigued or lapsed),
 * clicked (rare, and likelier for those who go on to buy).
 */
function emitExposures(
  ctx: CustomerContext,
  exposures: ExposureEvent[],
  t: Traits,
  churnDay: number,
  margins: OrderMarginProfile,
): void {
  const { rng, out } = ctx;
  for (const e of exposures) {
    const sent = epochSeconds(e.day);
    const cid = e.plan.id;
    out.add(
      'campaign_exposures',
      `${cid},${ctx.customerId},${e.arm},${armProbability(e.plan, e.arm)},${sent}`,
    );
    out.add(
      'truth_exposures',
      exposureTruthLine(
        cid,
        ctx.customerId,
        e.probs,
        pricingMargins(margins, novemberShare(e.day, e.plan.windowDays)),
      ),
    );
    if (e.arm === CONTROL_ARM || !rng.bernoulli(0.975)) continue;
    out.add('email_events', `${cid},${ctx.customerId},delivered,${sent + 5 + rng.int(120)}`);
    const openP = t.emailAttention * (1 - 0.75 * t.emailFatigue) * (e.day < churnDay ? 1 : 0.45);
    const clicked = e.converted ? rng.bernoulli(0.2) : rng.bernoulli(openP * 0.035);
    const opened = clicked || rng.bernoulli(openP);
    if (!opened) continue;
    const openedAt = sent + 60 + Math.round(rng.exponential(1 / 14_400));
    out.add('email_events', `${cid},${ctx.customerId},opened,${openedAt}`);
    if (clicked) out.add('email_events', `${cid},${ctx.customerId},clicked,${openedAt + 5 + rng.int(300)}`);
  }
}
