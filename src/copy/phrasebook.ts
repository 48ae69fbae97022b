import type { CopyFacts } from '../contracts/copy.ts';
import type { TriggerId } from '../contracts/triggers.ts';

/**
 * What a message says for each trigger, by mechanism (Cialdini's principles for the psychological
 * triggers: scarcity, authority of the crowd, exclusivity). Every sentence that states a fact is
 * built from `CopyFacts`, and returns nothing when the fact is missing — so no template can make
 * a claim the data does not back. The guardrails check the result again.
 */
export interface PhraseContext {
  /** What the message is about: the brief's product or collection, else the segment's next category. */
  item: string;
  /** The segment's most likely next category, when known. */
  category: string | null;
  /** Whether `item` is a plural noun (a collection or category), for verb agreement. */
  plural: boolean;
  facts: CopyFacts;
  /** Fact sentences, null when the data does not support them. */
  social: string | null;
  scarcity: string | null;
  offer: string | null;
  deadline: string | null;
}

export interface Phrases {
  tone: string;
  /** Fact sentences that fit the mechanism, added to an email body when the hook does not state them. */
  support: string[];
  subjects: string[];
  preheaders: string[];
  hooks: string[];
  sms: string[];
  pushTitles: string[];
  pushBodies: string[];
  ctas: string[];
}

const keep = (xs: (string | null | false | undefined)[]): string[] => xs.filter((x): x is string => !!x);

export function formatCount(n: number): string {
  return n.toLocaleString('en-US');
}

/** The fact sentences of a context, each present only when its fact is. */
export function factSentences(
  facts: CopyFacts,
  item: string,
): Pick<PhraseContext, 'social' | 'scarcity' | 'offer' | 'deadline'> {
  const sp = facts.social_proof;
  const social =
    sp && sp.count > 0 ? `${formatCount(sp.count)} customers bought ${sp.subject} in ${sp.month}.` : null;
  let scarcity: string | null = null;
  if (facts.stock.status === 'low') {
    scarcity =
      facts.stock.units !== null ? `Only ${formatCount(facts.stock.units)} left in stock.` : 'Stock is low.';
  } else if (facts.stock.status === 'unknown') {
    scarcity = `Available while stock lasts.`;
  }
  const o = facts.offer;
  let offer: string | null = null;
  if (o.discount_percent !== null) offer = `${o.discount_percent}% off ${item}`;
  else if (o.free_shipping)
    offer = o.shipping_variant === 'expedited' ? 'free expedited shipping' : 'free shipping';
  else if (o.reward_percent !== null) offer = `${o.reward_percent}% back in loyalty points`;
  const deadline = o.deadline ? `Offer ends ${o.deadline}.` : null;
  return { social, scarcity, offer, deadline };
}

function cap(s: string): string {
  return s.charAt(0).toUpperCase() + s.slice(1);
}

export function phrasesFor(trigger: TriggerId, c: PhraseContext): Phrases {
  const item = c.item;
  const is = c.plural ? 'are' : 'is';
  const offer = c.offer;
  switch (trigger) {
    case 'scarcity_message': {
      const low = c.facts.stock.status === 'low';
      const limitedEdition = c.facts.product !== null && /limited/i.test(c.facts.product.name);
      return {
        tone: low
          ? 'scarcity: factual, low stock'
          : limitedEdition
            ? 'scarcity: limited edition'
            : 'scarcity: conditional',
        support: keep([c.scarcity, c.social]),
        subjects: keep([
          low && `{{first_name}}, ${item} ${is} running low`,
          low && c.facts.stock.units !== null && `Only ${formatCount(c.facts.stock.units)} left: ${item}`,
          limitedEdition && `${item}: made in a limited run`,
          `Still thinking about ${item}, {{first_name}}?`,
        ]),
        preheaders: keep([
          c.scarcity,
          limitedEdition && `Made in a limited run.`,
          `The one you looked at is still here.`,
        ]),
        hooks: keep([
          low && `Stock of ${item} is running low.`,
          limitedEdition && `${cap(item)} ${is} made in a limited run.`,
          `You had your eye on ${item}.`,
        ]),
        sms: keep([
          low && `stock of ${item} is running low.`,
          limitedEdition && `${item} ${is} made in a limited run.`,
          `still available: ${item}.`,
        ]),
        pushTitles: keep([
          low && `Running low: ${item}`,
          limitedEdition && `Made in a limited run`,
          `Still yours to grab`,
        ]),
        pushBodies: keep([c.scarcity && `${c.scarcity} Take another look.`, `Still available: ${item}.`]),
        ctas: ['Take another look.', 'See it before it goes.', 'View it now.'],
      };
    }
    case 'urgency_message':
      return {
        tone: c.deadline ? 'urgency: time-bound' : 'urgency: prompt, no deadline stated',
        support: keep([c.deadline]),
        subjects: keep([
          c.facts.offer.deadline && `{{first_name}}, ends ${c.facts.offer.deadline}: ${item}`,
          c.facts.offer.deadline && `Last chance for ${item}`,
          `{{first_name}}, don't wait on ${item}`,
          `Now's the moment for ${item}`,
        ]),
        preheaders: keep([
          c.deadline,
          offer && `${cap(offer)} for a short time.`,
          `Pick up where you left off.`,
        ]),
        hooks: keep([
          c.deadline && `${c.deadline} Now is the time to get ${item}.`,
          `Why wait? ${cap(item)} ${is} ready when you are.`,
          `If ${item} ${is} on your list, now is a good time.`,
        ]),
        sms: keep([
          c.facts.offer.deadline && `${item}: ends ${c.facts.offer.deadline}.`,
          `Don't wait on ${item}.`,
        ]),
        pushTitles: keep([
          c.facts.offer.deadline && `Ends ${c.facts.offer.deadline}`,
          `Don't wait on this one`,
          `Now's the moment`,
        ]),
        pushBodies: keep([
          c.deadline && `${c.deadline} Get ${item} now.`,
          `${cap(item)} ${is} ready when you are.`,
          `If ${item} ${is} on your list, now is a good time.`,
        ]),
        ctas: ['Shop now.', 'Get it today.', 'Finish your order.'],
      };
    case 'exclusivity_offer':
      return {
        tone: 'exclusivity: insider, warm',
        support: [],
        subjects: [
          `{{first_name}}, you're invited: early access`,
          `Early access to ${item}, just for you`,
          `Members first: ${item}`,
          `A private preview of ${item}`,
        ],
        preheaders: [
          `Before anyone else.`,
          `Our most loyal customers see it first.`,
          `Your invitation is inside.`,
        ],
        hooks: [
          `As one of our most loyal customers, you get early access to ${item} before anyone else.`,
          `We're opening ${item} to a small group of our best customers first, and you're one of them.`,
          `Thank you for shopping with us: here is a private preview of ${item}.`,
        ],
        sms: [
          `you're invited: early access to ${item}.`,
          `members first: early access to ${item} is open to you.`,
        ],
        pushTitles: [`Early access: ${item}`, `You're on the list`, `Members first`],
        pushBodies: [`Shop ${item} before anyone else.`, `A private preview of ${item}, just for you.`],
        ctas: ['Get early access.', 'Take a first look.', 'See the preview.'],
      };
    case 'social_proof':
      return {
        tone: c.social ? 'social proof: reassuring, with the real count' : 'social proof: no count available',
        support: keep([c.social]),
        subjects: keep([
          c.facts.social_proof &&
            `${formatCount(c.facts.social_proof.count)} customers chose this in ${c.facts.social_proof.month}`,
          c.social && `{{first_name}}, see why ${item} ${c.plural ? 'are bestsellers' : 'is a bestseller'}`,
          `{{first_name}}, customers love ${item}`,
        ]),
        preheaders: keep([c.social, `See what other customers picked.`]),
        hooks: keep([c.social && `${c.social} Here's why.`, `Other customers keep coming back to ${item}.`]),
        sms: keep([c.social, `customers keep coming back to ${item}.`]),
        pushTitles: keep([c.social && `A bestseller: ${item}`, `Customers love this`]),
        pushBodies: keep([c.social, `See what customers are choosing in ${item}.`]),
        ctas: ['See what they chose.', 'Shop the favourites.', 'Take a look.'],
      };
    case 'content_storytelling':
      return {
        tone: 'storytelling: inspiring, editorial',
        support: [],
        subjects: [
          `{{first_name}}, the story behind ${item}`,
          `How to style ${item}`,
          `Our guide to ${item}`,
        ],
        preheaders: [`A short read, made for you.`, `Ideas, tips and the people behind it.`],
        hooks: [
          `We asked our team how they wear ${item}. Here's what they told us.`,
          `Every piece has a story. This is the one behind ${item}.`,
          `Our new guide shows three ways to make ${item} your own.`,
        ],
        sms: [`our new guide to ${item} is out.`, `read the story behind ${item}.`],
        pushTitles: [`New guide: ${item}`, `The story behind it`],
        pushBodies: [`Three ways to make ${item} your own.`, `A short read on ${item}.`],
        ctas: ['Read the guide.', 'Read the story.', 'Get inspired.'],
      };
    case 'personalized_recommendation':
      return {
        tone: 'personal: helpful, specific',
        support: [],
        subjects: keep([
          `{{first_name}}, picked for you: {{predicted_next_purchase_category}}`,
          c.category && `New in ${c.category}, chosen for you`,
          `{{first_name}}, we think you'll like these`,
        ]),
        preheaders: [`Based on what you love.`, `Hand-picked from your favourites.`],
        hooks: keep([
          `Based on what you've loved before, we picked a few things from {{predicted_next_purchase_category}} for you.`,
          c.category && `We think you'll like what's new in ${c.category}.`,
        ]),
        sms: [
          `new {{predicted_next_purchase_category}} picks, chosen for you.`,
          `we picked a few things you'll like.`,
        ],
        pushTitles: [`Picked for you`, `Your next favourite?`],
        pushBodies: [`New {{predicted_next_purchase_category}} picks, based on what you love.`],
        ctas: ['See your picks.', 'Shop your picks.', 'Take a look.'],
      };
    case 'cart_reminder':
      return {
        tone: 'reminder: friendly, plain, no incentive',
        support: keep([c.scarcity !== null && c.facts.stock.status === 'low' ? c.scarcity : null]),
        subjects: [
          `{{first_name}}, you left something behind`,
          `Your cart is waiting`,
          `Still thinking it over?`,
        ],
        preheaders: [`We saved your cart for you.`, `Pick up right where you left off.`],
        hooks: [
          `You left a few things in your cart. We saved them for you.`,
          `Your cart is just as you left it.`,
        ],
        sms: [`your cart is saved and waiting.`, `you left something in your cart.`],
        pushTitles: [`Your cart is waiting`, `You left something behind`],
        pushBodies: [`Your cart is saved. Pick up where you left off.`],
        ctas: ['Return to your cart.', 'Complete your order.', 'Check out now.'],
      };
    case 'discount':
      return {
        tone: 'value: clear offer',
        support: keep([c.deadline]),
        subjects: keep([
          offer && `{{first_name}}, ${offer}`,
          offer && `${cap(offer)}, for you`,
          `{{first_name}}, a little something for you`,
        ]),
        preheaders: keep([offer && `Your code is inside.`, c.deadline]),
        hooks: keep([
          offer && `Here's ${offer}, just for you.`,
          `We'd love to see you back, so here's a little something.`,
        ]),
        sms: keep([offer && `${offer} for you.`]),
        pushTitles: keep([offer && cap(offer), `A little something for you`]),
        pushBodies: keep([offer && `Use it on your next order.`]),
        ctas: ['Use your discount.', 'Shop now.', 'Claim your offer.'],
      };
    case 'free_shipping':
      return {
        tone: 'value: convenience',
        support: keep([c.deadline]),
        subjects: keep([
          offer && `{{first_name}}, ${offer} on your order`,
          offer && `${cap(offer)} is on us`,
          offer && `Your order ships free`,
        ]),
        preheaders: keep([offer && `No delivery fee this time.`, c.deadline]),
        hooks: keep([
          offer && `Your next order comes with ${offer}.`,
          offer && `Delivery is on us: ${offer} on your next order.`,
        ]),
        sms: keep([offer && `${offer} on your next order.`]),
        pushTitles: keep([offer && cap(offer), `Delivery is on us`]),
        pushBodies: keep([offer && `${cap(offer)} on your next order.`]),
        ctas: ['Shop now.', 'Complete your order.', 'Check out now.'],
      };
    case 'loyalty_reward':
      return {
        tone: 'reward: appreciative',
        support: keep([c.deadline]),
        subjects: keep([
          offer && `{{first_name}}, ${offer}`,
          `A thank-you for being with us`,
          `{{first_name}}, your reward is waiting`,
        ]),
        preheaders: keep([
          offer && `Earn ${offer} on your next order.`,
          `Because you're one of our regulars.`,
        ]),
        hooks: keep([
          offer && `As a thank-you, your next order earns ${offer}.`,
          `Thank you for shopping with us. Your reward is waiting.`,
        ]),
        sms: keep([offer && `earn ${offer} on your next order.`, `your reward is waiting.`]),
        pushTitles: [`Your reward is waiting`, `A thank-you from us`],
        pushBodies: keep([offer && `Earn ${offer} on your next order.`, `Thank you for shopping with us.`]),
        ctas: ['Claim your reward.', 'Shop now.', 'See your rewards.'],
      };
  }
}
