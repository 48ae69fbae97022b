import type { InterventionParams } from '../../contracts/coo.ts';
import type { TriggerId } from '../../contracts/triggers.ts';
import type { Rng } from '../../core/rng.ts';

/**
 * How a brief asks for each trigger: verb phrases addressed to the audience ("them") and noun
 * phrases ("a 20% discount"). Many direct and indirect paraphrases per trigger, written for this
 * project from the trigger catalogue (DESIGN.md §1). Parameters (depth, variant, deadline) come
 * with the phrase that states them.
 */
export interface TriggerPhrase {
  vp: string;
  params?: InterventionParams;
}

type Gen = (rng: Rng) => TriggerPhrase;

const pct = (rng: Rng): number => rng.pick([5, 10, 10, 12, 15, 15, 20, 20, 25, 30, 40, 50]);
const amt = (rng: Rng): number => rng.pick([5, 10, 15, 20, 25, 50]);
const n = (rng: Rng): number => rng.pick([2, 3, 3, 4, 5, 7, 9, 10, 12]);

export const TRIGGER_PHRASES: Record<TriggerId, Gen[]> = {
  discount: [
    () => ({ vp: 'take 10% off their basket', params: { percent: 10 } }),
    () => ({ vp: 'offer a welcome discount' }),
    () => ({ vp: 'apply an automatic discount at checkout' }),
    () => ({ vp: 'offer them a deal on their favourites' }),
    () => ({ vp: 'send a come-back coupon' }),
    () => ({ vp: 'reduce the price of what is in their cart' }),
    () => ({ vp: 'offer a bundle discount' }),
    () => ({ vp: 'give them a code for their next order' }),
    () => ({ vp: 'offer a second item at half off' }),
    () => ({ vp: 'send a special price just for them' }),
    () => ({ vp: 'knock $15 off', params: { amount: 15 } }),
    () => ({ vp: 'offer a percentage off their next order' }),
    (r) => {
      const p = pct(r);
      return { vp: `offer them ${p}% off`, params: { percent: p } };
    },
    (r) => {
      const p = pct(r);
      return { vp: `give them a ${p}% discount`, params: { percent: p } };
    },
    (r) => {
      const p = pct(r);
      return { vp: `send a ${p}% off coupon`, params: { percent: p } };
    },
    (r) => {
      const p = pct(r);
      return { vp: `email them a ${p} percent promo code`, params: { percent: p } };
    },
    (r) => {
      const a = amt(r);
      return { vp: `give them $${a} off their next order`, params: { amount: a } };
    },
    (r) => {
      const a = amt(r);
      return { vp: `send a $${a} voucher`, params: { amount: a } };
    },
    () => ({ vp: 'offer a discount code' }),
    () => ({ vp: 'tempt them with a coupon' }),
    () => ({ vp: 'run a buy one get one offer for them', params: { variant: 'bogo' } }),
    () => ({ vp: 'hit them with a BOGO deal', params: { variant: 'bogo' } }),
    () => ({ vp: 'cut the price for them' }),
    () => ({ vp: 'offer a markdown on what they looked at' }),
    () => ({ vp: 'give them a price reduction' }),
    () => ({ vp: 'sweeten the deal with money off' }),
    (r) => {
      const p = pct(r);
      return { vp: `let them save ${p}% at checkout`, params: { percent: p } };
    },
    () => ({ vp: 'offer a special sale price' }),
    () => ({ vp: 'send them a rebate offer' }),
    () => ({ vp: 'give them a little money off' }),
    (r) => {
      const p = pct(r);
      return { vp: `drop prices by ${p}% for them`, params: { percent: p } };
    },
    () => ({ vp: 'send a half-price offer' }),
    () => ({ vp: 'offer a voucher code' }),
    () => ({ vp: 'incentivise them with a discount' }),
  ],
  free_shipping: [
    () => ({ vp: 'send it with free postage' }),
    () => ({ vp: 'skip the shipping fee' }),
    () => ({ vp: 'tell them we pay for shipping' }),
    () => ({ vp: 'offer free shipping with no minimum' }),
    () => ({ vp: 'offer no delivery fee on their next order' }),
    () => ({ vp: 'give a free express upgrade', params: { variant: 'expedited' } }),
    () => ({ vp: 'offer free courier delivery' }),
    () => ({ vp: 'cover postage on their order' }),
    () => ({ vp: 'offer zero-cost delivery' }),
    () => ({ vp: 'ship their next order free of charge' }),
    () => ({ vp: 'offer free shipping' }),
    () => ({ vp: 'give them free delivery' }),
    () => ({ vp: 'waive the shipping fee' }),
    () => ({ vp: 'offer free express shipping', params: { variant: 'expedited' } }),
    () => ({ vp: 'upgrade them to free expedited shipping', params: { variant: 'expedited' } }),
    () => ({ vp: 'offer complimentary next-day delivery', params: { variant: 'expedited' } }),
    () => ({ vp: 'tell them delivery is free' }),
    () => ({ vp: 'cover the shipping cost for them' }),
    () => ({ vp: 'remove delivery charges' }),
    () => ({ vp: 'offer zero shipping fees' }),
    () => ({ vp: 'ship their order for free' }),
    () => ({ vp: 'give them free 2-day shipping', params: { variant: 'expedited' } }),
    () => ({ vp: 'let them know postage is on the house' }),
    () => ({ vp: 'offer free standard shipping' }),
    () => ({ vp: 'drop the delivery fee' }),
    () => ({ vp: 'offer no-cost shipping' }),
    () => ({ vp: 'make shipping free on their order' }),
    () => ({ vp: 'give free overnight delivery', params: { variant: 'expedited' } }),
  ],
  loyalty_reward: [
    () => ({ vp: 'give them points for every purchase' }),
    () => ({ vp: 'credit their rewards account' }),
    () => ({ vp: 'offer 2x reward points', params: { variant: 'double_points' } }),
    () => ({ vp: 'give them a thank-you gift' }),
    () => ({ vp: 'add a freebie to their order', params: { variant: 'gift_with_purchase' } }),
    () => ({ vp: 'let them earn cash back', params: { variant: 'cashback' } }),
    () => ({ vp: 'unlock a reward for their next order' }),
    () => ({ vp: 'add bonus credit to their loyalty balance' }),
    () => ({ vp: 'give a gift card with purchases over $100' }),
    () => ({ vp: 'give them double points', params: { variant: 'double_points' } }),
    (r) => ({ vp: `award ${r.pick([200, 500, 1000])} bonus points`, params: { variant: 'bonus_points' } }),
    () => ({ vp: 'offer triple loyalty points', params: { variant: 'triple_points' } }),
    (r) => {
      const p = r.pick([5, 10]);
      return { vp: `give ${p}% cashback`, params: { variant: 'cashback', percent: p } };
    },
    () => ({ vp: 'offer cash back on their next purchase', params: { variant: 'cashback' } }),
    () => ({ vp: 'include a free gift with purchase', params: { variant: 'gift_with_purchase' } }),
    () => ({ vp: 'add a surprise gift to their order', params: { variant: 'gift_with_purchase' } }),
    (r) => {
      const a = amt(r);
      return { vp: `credit $${a} of store credit to their account`, params: { amount: a } };
    },
    () => ({ vp: 'reward them with extra points' }),
    () => ({ vp: 'let them earn bonus points on every order', params: { variant: 'bonus_points' } }),
    () => ({ vp: 'give them a loyalty bonus' }),
    () => ({ vp: 'thank them with rewards points', params: { variant: 'bonus_points' } }),
    () => ({ vp: 'send a points multiplier' }),
    () => ({ vp: 'offer a complimentary gift' }),
    () => ({ vp: 'boost their rewards balance' }),
    () => ({ vp: 'give them a perk from the rewards program' }),
    () => ({ vp: 'add a free sample gift with every order', params: { variant: 'gift_with_purchase' } }),
  ],
  scarcity_message: [
    () => ({ vp: 'tell them it is a one-off run' }),
    () => ({ vp: 'say there are few left in their size' }),
    () => ({ vp: 'warn them the stock will not last' }),
    () => ({ vp: 'tell them it is going fast' }),
    () => ({ vp: 'mention we only made 200 of them' }),
    () => ({ vp: 'say the last units are in the warehouse' }),
    () => ({ vp: 'tell them inventory is almost depleted' }),
    () => ({ vp: 'point out only a small quantity remains' }),
    () => ({ vp: 'warn that their size is nearly sold out' }),
    () => ({ vp: 'stress that once it is gone it is gone' }),
    () => ({ vp: 'warn them that stock is running low' }),
    (r) => ({ vp: `tell them only ${n(r)} are left` }),
    () => ({ vp: 'let them know it is almost gone' }),
    () => ({ vp: 'highlight that it is a limited run' }),
    () => ({ vp: 'stress that it is a numbered edition' }),
    () => ({ vp: 'tell them the item is selling out' }),
    () => ({ vp: 'show low inventory alerts' }),
    () => ({ vp: 'point out there are only a few units left' }),
    () => ({ vp: 'message them that quantities are limited' }),
    () => ({ vp: 'say it will not be restocked' }),
    () => ({ vp: 'emphasise the small-batch supply' }),
    (r) => ({ vp: `mention that only ${n(r)} pairs remain in stock` }),
    () => ({ vp: 'use a scarcity message' }),
    () => ({ vp: 'tell them supplies are dwindling' }),
    () => ({ vp: 'note that sizes are running out' }),
    () => ({ vp: 'tell them it is nearly sold out' }),
    () => ({ vp: 'play up how rare the piece is' }),
    () => ({ vp: 'flag that the drop is limited quantity' }),
    () => ({ vp: 'let them know stock levels are low' }),
    () => ({ vp: 'remind them that very few are left' }),
  ],
  urgency_message: [
    () => ({ vp: 'tell them the sale ends in 24 hours', params: { deadline: '24 hours' } }),
    () => ({ vp: 'say the offer expires friday', params: { deadline: 'friday' } }),
    () => ({ vp: 'tell them it is the last day to order' }),
    () => ({ vp: 'announce the final weekend of the sale' }),
    () => ({ vp: 'tell them to act fast' }),
    () => ({ vp: 'say the deal is closing soon' }),
    () => ({ vp: 'warn them prices go back up tomorrow' }),
    () => ({ vp: 'tell them not to wait' }),
    () => ({ vp: 'send a reminder that the deal ends tomorrow', params: { deadline: 'tomorrow' } }),
    () => ({ vp: 'show a ticking clock in the email' }),
    () => ({ vp: 'tell them the sale ends tonight', params: { deadline: 'tonight' } }),
    () => ({ vp: 'add a countdown timer' }),
    () => ({ vp: 'send a last chance message' }),
    (r) => {
      const h = r.pick([24, 48, 72]);
      return { vp: `create a ${h}-hour window`, params: { deadline: `${h} hours` } };
    },
    () => ({ vp: 'warn them the price goes up soon' }),
    () => ({ vp: 'tell them the offer expires at midnight', params: { deadline: 'midnight' } }),
    () => ({ vp: 'push a limited-time message' }),
    () => ({ vp: 'create a sense of urgency' }),
    () => ({ vp: 'tell them to hurry before it ends' }),
    () => ({ vp: 'send a final hours alert' }),
    () => ({ vp: 'tell them time is running out' }),
    () => ({ vp: 'let them know it ends sunday', params: { deadline: 'sunday' } }),
    () => ({ vp: 'use a deadline message' }),
    () => ({ vp: 'tell them prices rise next week' }),
    () => ({ vp: 'send a today-only alert' }),
    () => ({ vp: 'tell them the clock is ticking' }),
    () => ({ vp: 'run a flash sale countdown' }),
    () => ({ vp: 'say it is now or never' }),
    () => ({ vp: 'send a last call before the window closes' }),
  ],
  exclusivity_offer: [
    () => ({ vp: 'give members early access' }),
    () => ({ vp: 'send them a private link to the collection' }),
    () => ({ vp: 'invite them to an invite-only event' }),
    () => ({ vp: 'offer pre-launch access' }),
    () => ({ vp: 'let them buy before it goes public' }),
    () => ({ vp: 'give loyalty members first pick' }),
    () => ({ vp: 'open a secret collection for them' }),
    () => ({ vp: 'run a closed sale for insiders' }),
    () => ({ vp: 'offer an exclusive preview for top customers' }),
    () => ({ vp: 'give them access to a members-only drop' }),
    () => ({ vp: 'give them early access' }),
    () => ({ vp: 'invite them to a private pre-sale' }),
    () => ({ vp: 'offer VIP-only access' }),
    () => ({ vp: 'open a members-only sale for them' }),
    () => ({ vp: 'let them shop before everyone else' }),
    () => ({ vp: 'send an invitation-only preview' }),
    () => ({ vp: 'offer first access to the drop' }),
    () => ({ vp: 'give them a sneak peek before the public' }),
    () => ({ vp: 'make them feel like insiders with an exclusive offer' }),
    () => ({ vp: 'offer an exclusive preview' }),
    () => ({ vp: 'invite them into the inner circle' }),
    () => ({ vp: 'give them a secret sale link' }),
    () => ({ vp: 'offer priority access ahead of launch' }),
    () => ({ vp: 'send a VIP invitation' }),
    () => ({ vp: 'let them in 24 hours early' }),
    () => ({ vp: 'offer a private shopping event' }),
    () => ({ vp: 'reserve the collection for them first' }),
  ],
  social_proof: [
    () => ({ vp: 'show how many reviews it has' }),
    () => ({ vp: 'tell them it is rated 4.9 stars' }),
    () => ({ vp: "show our community's favourites" }),
    () => ({ vp: 'mention it is rated 5 stars by thousands' }),
    () => ({ vp: 'tell them to join 10,000 happy customers' }),
    () => ({ vp: 'show what is hot this week' }),
    () => ({ vp: 'show top picks from other shoppers' }),
    () => ({ vp: 'show what is trending now' }),
    () => ({ vp: 'share ratings from verified buyers' }),
    () => ({ vp: 'highlight the most reviewed products' }),
    () => ({ vp: 'show them our bestsellers' }),
    () => ({ vp: 'highlight what is trending' }),
    (r) => ({ vp: `tell them ${r.pick([500, 1000, 2000, 5000])} people bought it this week` }),
    () => ({ vp: 'feature 5-star reviews' }),
    () => ({ vp: 'showcase customer favourites' }),
    () => ({ vp: 'show what everyone is buying' }),
    () => ({ vp: 'share top-rated products' }),
    () => ({ vp: 'include customer testimonials' }),
    () => ({ vp: 'use social proof' }),
    () => ({ vp: 'show star ratings from other buyers' }),
    () => ({ vp: 'highlight the most popular picks' }),
    () => ({ vp: 'mention how many shoppers love it' }),
    () => ({ vp: 'show the most-loved items' }),
    () => ({ vp: 'share user-generated photos' }),
    () => ({ vp: 'feature best-selling styles' }),
    () => ({ vp: 'show reviews from real customers' }),
    () => ({ vp: 'tell them it is a fan favourite' }),
    () => ({ vp: 'show what other shoppers are buying' }),
    () => ({ vp: 'highlight highly rated products' }),
  ],
  content_storytelling: [
    () => ({ vp: 'send a how-to video' }),
    () => ({ vp: 'share a style guide' }),
    () => ({ vp: 'send an interview with the designer' }),
    () => ({ vp: 'share tips to get the most out of their purchase' }),
    () => ({ vp: 'send a recipe card' }),
    () => ({ vp: 'run an educational email series' }),
    () => ({ vp: 'share the making-of story' }),
    () => ({ vp: 'send an inspiration board' }),
    () => ({ vp: 'share a guide to choosing the right size' }),
    () => ({ vp: 'tell the story of where the materials come from' }),
    () => ({ vp: 'send them a styling guide' }),
    () => ({ vp: 'share the story behind the brand' }),
    () => ({ vp: 'send a lookbook' }),
    () => ({ vp: 'share how-to content' }),
    () => ({ vp: 'send a behind-the-scenes story' }),
    () => ({ vp: 'share tutorials on using the product' }),
    () => ({ vp: 'send care tips' }),
    () => ({ vp: 'share a blog post about the craftsmanship' }),
    () => ({ vp: 'send an editorial newsletter' }),
    () => ({ vp: 'tell the story of our makers' }),
    () => ({ vp: 'share recipes and ideas' }),
    () => ({ vp: 'send educational content' }),
    () => ({ vp: 'share a video about how it is made' }),
    () => ({ vp: 'inspire them with seasonal outfit ideas' }),
    () => ({ vp: 'send a buying guide' }),
    () => ({ vp: 'use storytelling' }),
    () => ({ vp: 'share inspiration articles' }),
    () => ({ vp: 'send a tips and tricks series' }),
  ],
  personalized_recommendation: [
    () => ({ vp: 'suggest products based on what they bought' }),
    () => ({ vp: 'send a picks-for-you email' }),
    () => ({ vp: 'recommend complementary items' }),
    () => ({ vp: 'show matching items' }),
    () => ({ vp: 'send a personalised edit' }),
    () => ({ vp: 'recommend items similar to what they viewed' }),
    () => ({ vp: 'suggest the next item in the collection' }),
    () => ({ vp: 'help them complete the set' }),
    () => ({ vp: 'recommend add-ons that fit their last order' }),
    () => ({ vp: 'show products chosen for their taste' }),
    () => ({ vp: 'recommend products based on their browsing' }),
    () => ({ vp: 'send complete the look suggestions' }),
    () => ({ vp: 'show items picked for them' }),
    () => ({ vp: 'send you might also like picks' }),
    () => ({ vp: 'suggest the next best product' }),
    () => ({ vp: 'cross-sell matching accessories' }),
    () => ({ vp: 'send personalised recommendations' }),
    () => ({ vp: 'recommend items that pair with their last purchase' }),
    () => ({ vp: 'show frequently bought together items' }),
    () => ({ vp: 'send tailored product picks' }),
    () => ({ vp: 'suggest similar styles' }),
    () => ({ vp: 'show hand-picked products for each customer' }),
    () => ({ vp: 'recommend what goes with their order' }),
    () => ({ vp: 'send a curated selection based on past purchases' }),
    () => ({ vp: 'personalize the product feed' }),
    () => ({ vp: 'show them products they may like' }),
    () => ({ vp: 'suggest accessories to match' }),
  ],
  cart_reminder: [
    () => ({ vp: 'let them know their cart is saved' }),
    () => ({ vp: 'send a did-you-forget email' }),
    () => ({ vp: 'send a reminder about the items waiting' }),
    () => ({ vp: 'nudge them back to checkout' }),
    () => ({ vp: 'send a follow-up about their basket' }),
    () => ({ vp: 'ping them to finish checking out' }),
    () => ({ vp: 'email them their cart contents' }),
    () => ({ vp: 'send a courtesy reminder' }),
    () => ({ vp: 'remind them to complete their order' }),
    () => ({ vp: 'tell them their basket is still there' }),
    () => ({ vp: 'send a reminder' }),
    () => ({ vp: 'remind them about their cart' }),
    () => ({ vp: 'nudge them to complete checkout' }),
    () => ({ vp: 'send a gentle nudge' }),
    () => ({ vp: 'let them know their items are still in the cart' }),
    () => ({ vp: 'follow up about the items they left' }),
    () => ({ vp: 'remind them to finish their purchase' }),
    () => ({ vp: 'send a cart reminder' }),
    () => ({ vp: 'ping them about their basket' }),
    () => ({ vp: 'send a simple reminder with no incentive' }),
    () => ({ vp: 'tell them their bag is waiting' }),
    () => ({ vp: 'send a friendly reminder' }),
    () => ({ vp: 'ask if they forgot something' }),
    () => ({ vp: 'send a plain cart reminder email' }),
    () => ({ vp: 'check in about the items in their basket' }),
    () => ({ vp: 'remind them what they left behind in the cart' }),
  ],
};

/** Noun phrases for the "Use X" and terse templates. */
export const TRIGGER_NOUNS: Record<TriggerId, Gen[]> = {
  discount: [
    (r) => {
      const p = pct(r);
      return { vp: `a ${p}% discount`, params: { percent: p } };
    },
    () => ({ vp: 'a coupon' }),
    () => ({ vp: 'a promo code' }),
    (r) => {
      const p = pct(r);
      return { vp: `${p}% off`, params: { percent: p } };
    },
    () => ({ vp: 'money off' }),
    () => ({ vp: 'a BOGO offer', params: { variant: 'bogo' } }),
    () => ({ vp: 'discount' }),
  ],
  free_shipping: [
    () => ({ vp: 'free shipping' }),
    () => ({ vp: 'free delivery' }),
    () => ({ vp: 'free express shipping', params: { variant: 'expedited' } }),
    () => ({ vp: 'waived delivery fees' }),
  ],
  loyalty_reward: [
    () => ({ vp: 'bonus points', params: { variant: 'bonus_points' } }),
    () => ({ vp: 'cashback', params: { variant: 'cashback' } }),
    () => ({ vp: 'a gift with purchase', params: { variant: 'gift_with_purchase' } }),
    () => ({ vp: 'loyalty rewards' }),
    () => ({ vp: 'double points', params: { variant: 'double_points' } }),
  ],
  scarcity_message: [
    () => ({ vp: 'a low-stock message' }),
    () => ({ vp: 'scarcity messaging' }),
    () => ({ vp: 'an almost-gone alert' }),
    () => ({ vp: 'limited-quantity messaging' }),
  ],
  urgency_message: [
    () => ({ vp: 'an urgency message' }),
    () => ({ vp: 'a countdown' }),
    () => ({ vp: 'last-chance messaging' }),
    () => ({ vp: 'a deadline' }),
  ],
  exclusivity_offer: [
    () => ({ vp: 'early access' }),
    () => ({ vp: 'a VIP pre-sale' }),
    () => ({ vp: 'an exclusive invitation' }),
    () => ({ vp: 'members-only access' }),
  ],
  social_proof: [
    () => ({ vp: 'social proof' }),
    () => ({ vp: 'bestseller badges' }),
    () => ({ vp: 'customer reviews' }),
    () => ({ vp: 'trending picks' }),
  ],
  content_storytelling: [
    () => ({ vp: 'a how-to guide' }),
    () => ({ vp: 'brand storytelling' }),
    () => ({ vp: 'a lookbook' }),
    () => ({ vp: 'editorial content' }),
  ],
  personalized_recommendation: [
    () => ({ vp: 'personalised recommendations' }),
    () => ({ vp: 'complete-the-look picks' }),
    () => ({ vp: 'next-best-product suggestions' }),
    () => ({ vp: 'cross-sell recommendations' }),
  ],
  cart_reminder: [
    () => ({ vp: 'a cart reminder' }),
    () => ({ vp: 'a plain reminder' }),
    () => ({ vp: 'a reminder email' }),
    () => ({ vp: 'a nudge' }),
  ],
};

/** How a brief forbids a trigger. */
export const EXCLUSION_PHRASES: Record<TriggerId, string[]> = {
  discount: [
    'without any discount',
    'no coupons',
    "don't discount",
    'no money off',
    'without offering a discount',
    'no promo codes',
  ],
  free_shipping: ['without free shipping', 'no free delivery', "don't waive shipping"],
  loyalty_reward: ['no bonus points', 'without points or cashback', "don't give rewards"],
  scarcity_message: ['no low-stock claims', "don't use scarcity", 'without scarcity messaging'],
  urgency_message: ["don't use urgency", 'no countdowns', 'without any deadline pressure', 'no fake urgency'],
  exclusivity_offer: ['no VIP framing', "don't make it exclusive", 'without early access'],
  social_proof: ['no reviews or ratings', "don't use social proof", 'without bestseller badges'],
  content_storytelling: ['no long-form content', "don't send guides"],
  personalized_recommendation: ['no product recommendations', "don't recommend other items"],
  cart_reminder: ['not just a reminder', "don't send a plain reminder"],
};
