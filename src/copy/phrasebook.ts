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
  /**
   * Whether the audience was chosen for an abandoned cart (cart-audience.ts): only then may a
   * cart reminder say the customer left something in their cart.
   */
  hasCart: boolean;
  /** Fact sentences, null when the data does not support them. */
  social: string | null;
  scarcity: string | null;
  offer: string | null;
  deadline: string | null;
}

/**
 * One angle of a message: the reason it gives the customer to act ("low stock", "members first",
 * "delivery is on us"), carried through every field, so two variants of different angles differ
 * in their subject, opening, call to action, SMS line and push — not only in one of them.
 */
export interface Angle {
  /** The angle in a few words, shown to the marketer beside the variant. */
  name: string;
  subject: string;
  preheader: string;
  /** The email body's first paragraph. */
  hook: string;
  /** An SMS line that can continue a greeting ("{{first_name}}, …"), lower-case unless a name. */
  sms: string;
  pushTitle: string;
  pushBody: string;
  cta: string;
}

export interface Phrases {
  tone: string;
  /** Fact sentences that fit the mechanism, added to an email body when the hook does not state them. */
  support: string[];
  /** The angles the facts allow, strongest (fact-backed) first. */
  angles: Angle[];
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

type MaybeAngle = Angle | null | false | '' | undefined;
const angles = (xs: MaybeAngle[]): Angle[] => xs.filter((x): x is Angle => !!x);

export function phrasesFor(trigger: TriggerId, c: PhraseContext): Phrases {
  const item = c.item;
  const Item = cap(item);
  const is = c.plural ? 'are' : 'is';
  const offer = c.offer;
  const deadline = c.facts.offer.deadline;
  switch (trigger) {
    case 'scarcity_message': {
      const low = c.facts.stock.status === 'low';
      const units = low ? c.facts.stock.units : null;
      const limitedEdition = c.facts.product !== null && /limited/i.test(c.facts.product.name);
      return {
        tone: low
          ? 'scarcity: factual, low stock'
          : limitedEdition
            ? 'scarcity: limited edition'
            : 'scarcity: conditional',
        support: keep([c.scarcity, c.social]),
        angles: angles([
          low && {
            name: 'low stock',
            subject: `{{first_name}}, ${item} ${is} running low`,
            preheader: c.scarcity ?? 'Stock is low.',
            hook: `Stock of ${item} is running low.`,
            sms: `stock of ${item} is running low.`,
            pushTitle: `Running low: ${item}`,
            pushBody: `${c.scarcity ?? 'Stock is low.'} Take another look.`,
            cta: 'See it before it goes.',
          },
          units !== null && {
            name: 'the exact count',
            subject: `Only ${formatCount(units)} left: ${item}`,
            preheader: 'Here is where stock stands today.',
            hook: `There are only ${formatCount(units)} left of ${item}.`,
            sms: `only ${formatCount(units)} left of ${item}.`,
            pushTitle: `Only ${formatCount(units)} left`,
            pushBody: `${Item}: only ${formatCount(units)} left.`,
            cta: 'Get yours now.',
          },
          limitedEdition && {
            name: 'limited run',
            subject: `${Item}: made in a limited run`,
            preheader: 'Made in a limited run.',
            hook: `${Item} ${is} made in a limited run.`,
            sms: `${item} ${is} made in a limited run.`,
            pushTitle: 'Made in a limited run',
            pushBody: `${Item}, made in a limited run.`,
            cta: 'View the collection.',
          },
          c.facts.stock.status === 'unknown' && {
            name: 'while stock lasts',
            subject: `${Item}, while stock lasts`,
            preheader: 'Available while stock lasts.',
            hook: `${Item} ${is} available while stock lasts.`,
            sms: `${item}, available while stock lasts.`,
            pushTitle: 'While stock lasts',
            pushBody: `${Item}: available while stock lasts.`,
            cta: 'View it now.',
          },
          {
            name: 'still thinking',
            subject: `Still thinking about ${item}, {{first_name}}?`,
            preheader: 'The one you looked at is still here.',
            hook: `You had your eye on ${item}.`,
            sms: `still thinking about ${item}?`,
            pushTitle: 'Still thinking about it?',
            pushBody: `You had your eye on ${item}.`,
            cta: 'Take another look.',
          },
          {
            name: 'a second look',
            subject: `A second look at ${item}`,
            preheader: 'In case you missed it the first time.',
            hook: `We thought ${item} deserved a second look.`,
            sms: `take a second look at ${item}.`,
            pushTitle: 'Worth a second look',
            pushBody: `Take a second look at ${item}.`,
            cta: 'Have a look.',
          },
          {
            name: 'the details',
            subject: `What makes ${item} special`,
            preheader: 'A closer look, in two minutes.',
            hook: `Here is a closer look at what makes ${item} worth it.`,
            sms: `see what makes ${item} special.`,
            pushTitle: 'A closer look',
            pushBody: `See what makes ${item} special.`,
            cta: 'See the details.',
          },
        ]),
      };
    }
    case 'urgency_message':
      return {
        tone: c.deadline ? 'urgency: time-bound' : 'urgency: prompt, no deadline stated',
        support: keep([c.deadline]),
        angles: angles([
          deadline && {
            name: 'the deadline',
            subject: `{{first_name}}, ends ${deadline}: ${item}`,
            preheader: c.deadline ?? '',
            hook: `${c.deadline} Now is the time to get ${item}.`,
            sms: `${item}: ends ${deadline}.`,
            pushTitle: `Ends ${deadline}`,
            pushBody: `${c.deadline} Get ${item} now.`,
            cta: 'Get it before it ends.',
          },
          deadline && {
            name: 'last chance',
            subject: `Last chance for ${item}`,
            preheader: `Your last chance before ${deadline}.`,
            hook: `This is your last chance for ${item}.`,
            sms: `last chance for ${item}.`,
            pushTitle: 'Last chance',
            pushBody: `Last chance for ${item}.`,
            cta: 'Shop before it ends.',
          },
          {
            name: "don't wait",
            subject: `{{first_name}}, don't wait on ${item}`,
            preheader: 'Pick up where you left off.',
            hook: `Why wait? ${Item} ${is} ready when you are.`,
            sms: `don't wait on ${item}.`,
            pushTitle: "Don't wait on this one",
            pushBody: `${Item} ${is} ready when you are.`,
            cta: 'Shop now.',
          },
          {
            name: 'the right moment',
            subject: `Now's the moment for ${item}`,
            preheader: offer ? `${cap(offer)} for a short time.` : 'A good day to treat yourself.',
            hook: `If ${item} ${is} on your list, now is a good time.`,
            sms: `now's a good time for ${item}.`,
            pushTitle: "Now's the moment",
            pushBody: `If ${item} ${is} on your list, now is a good time.`,
            cta: 'Get it today.',
          },
          {
            name: 'on your list',
            subject: `${Item}: still on your list?`,
            preheader: 'Make today the day.',
            hook: `You've been thinking about ${item}. Today could be the day.`,
            sms: `still on your list: ${item}? Today could be the day.`,
            pushTitle: 'Still on your list?',
            pushBody: `Make today the day for ${item}.`,
            cta: 'Treat yourself today.',
          },
        ]),
      };
    case 'exclusivity_offer':
      return {
        tone: 'exclusivity: insider, warm',
        support: [],
        angles: [
          {
            name: 'an invitation',
            subject: `{{first_name}}, you're invited: early access`,
            preheader: 'Your invitation is inside.',
            hook: `As one of our most loyal customers, you get early access to ${item} before anyone else.`,
            sms: `you're invited: early access to ${item}.`,
            pushTitle: "You're invited",
            pushBody: `Early access to ${item} is open to you.`,
            cta: 'Get early access.',
          },
          {
            name: 'members first',
            subject: `Members first: ${item}`,
            preheader: 'Our best customers see it first.',
            hook: `We're opening ${item} to a small group of our best customers first, and you're one of them.`,
            sms: `members first: ${item} opens to you before anyone else.`,
            pushTitle: 'Members first',
            pushBody: `Shop ${item} before anyone else.`,
            cta: 'Shop before everyone else.',
          },
          {
            name: 'a private preview',
            subject: `A private preview of ${item}`,
            preheader: 'Before anyone else.',
            hook: `Thank you for shopping with us: here is a private preview of ${item}.`,
            sms: `a private preview of ${item}, just for you.`,
            pushTitle: 'A private preview',
            pushBody: `A private preview of ${item}, just for you.`,
            cta: 'See the preview.',
          },
          {
            name: 'a first look',
            subject: `{{first_name}}, a first look at ${item}`,
            preheader: 'Ahead of everyone else.',
            hook: `You're among the first to see ${item}.`,
            sms: `you're among the first to see ${item}.`,
            pushTitle: 'First look',
            pushBody: `You're among the first to see ${item}.`,
            cta: 'Take a first look.',
          },
        ],
      };
    case 'social_proof': {
      const sp = c.facts.social_proof && c.facts.social_proof.count > 0 ? c.facts.social_proof : null;
      return {
        tone: c.social ? 'social proof: reassuring, with the real count' : 'social proof: no count available',
        support: keep([c.social]),
        angles: angles([
          sp && {
            name: 'the buyer count',
            subject: `${formatCount(sp.count)} customers chose this in ${sp.month}`,
            preheader: 'See what they found.',
            hook: `${c.social} Here's why.`,
            sms: c.social ?? '',
            pushTitle: `Chosen by ${formatCount(sp.count)} customers`,
            pushBody: c.social ?? '',
            cta: 'See what they chose.',
          },
          sp && {
            name: 'a bestseller',
            subject: `{{first_name}}, see why ${item} ${c.plural ? 'are bestsellers' : 'is a bestseller'}`,
            preheader: 'A favourite with our customers.',
            hook: `${Item} ${c.plural ? 'are among our bestsellers' : 'is one of our bestsellers'}, and here's why.`,
            sms: `see why ${item} ${c.plural ? 'are bestsellers' : 'is a bestseller'}.`,
            pushTitle: `A bestseller: ${item}`,
            pushBody: `See why ${item} ${c.plural ? 'are bestsellers' : 'is a bestseller'}.`,
            cta: 'Shop the bestsellers.',
          },
          {
            name: 'customers come back',
            subject: `{{first_name}}, customers love ${item}`,
            preheader: 'See what other customers picked.',
            hook: `Other customers keep coming back to ${item}.`,
            sms: `customers keep coming back to ${item}.`,
            pushTitle: 'Customers love this',
            pushBody: `See why customers keep coming back to ${item}.`,
            cta: 'Take a look.',
          },
          {
            name: 'shoppers like you',
            subject: 'See what shoppers like you are choosing',
            preheader: 'Picks from shoppers like you.',
            hook: `Shoppers like you have been choosing ${item}.`,
            sms: `see what shoppers like you choose in ${item}.`,
            pushTitle: 'Picks from shoppers like you',
            pushBody: `See what shoppers like you choose in ${item}.`,
            cta: 'See their picks.',
          },
          {
            name: 'the favourites',
            subject: `The favourites: ${item}`,
            preheader: 'The ones customers come back for.',
            hook: `These are the ones our customers come back for: ${item}.`,
            sms: `the ones customers come back for: ${item}.`,
            pushTitle: 'The favourites',
            pushBody: `The ones customers come back for: ${item}.`,
            cta: 'Shop the favourites.',
          },
        ]),
      };
    }
    case 'content_storytelling':
      return {
        tone: 'storytelling: inspiring, editorial',
        support: [],
        angles: [
          {
            name: 'the story',
            subject: `{{first_name}}, the story behind ${item}`,
            preheader: 'The people behind it.',
            hook: `Every piece has a story. This is the one behind ${item}.`,
            sms: `read the story behind ${item}.`,
            pushTitle: 'The story behind it',
            pushBody: `A short read on ${item}.`,
            cta: 'Read the story.',
          },
          {
            name: 'tips from the team',
            subject: `How to make the most of ${item}`,
            preheader: 'Tips from our team.',
            hook: `We asked our team how they use ${item}. Here's what they told us.`,
            sms: `tips from our team on ${item}.`,
            pushTitle: 'Tips from our team',
            pushBody: `How our team makes the most of ${item}.`,
            cta: 'Get the tips.',
          },
          {
            name: 'a guide',
            subject: `Our guide to ${item}`,
            preheader: 'A short read, made for you.',
            hook: `Our new guide shows three ways to make ${item} your own.`,
            sms: `our new guide to ${item} is out.`,
            pushTitle: `New guide: ${item}`,
            pushBody: `Three ways to make ${item} your own.`,
            cta: 'Read the guide.',
          },
        ],
      };
    case 'personalized_recommendation':
      return {
        tone: 'personal: helpful, specific',
        support: [],
        angles: angles([
          {
            name: 'picked for you',
            subject: '{{first_name}}, picked for you: {{predicted_next_purchase_category}}',
            preheader: 'Based on what you love.',
            hook: `Based on what you've loved before, we picked a few things from {{predicted_next_purchase_category}} for you.`,
            sms: 'new {{predicted_next_purchase_category}} picks, chosen for you.',
            pushTitle: 'Picked for you',
            pushBody: 'New {{predicted_next_purchase_category}} picks, based on what you love.',
            cta: 'See your picks.',
          },
          c.category && {
            name: "what's new",
            subject: `New in ${c.category}, chosen for you`,
            preheader: 'Fresh arrivals you might like.',
            hook: `We think you'll like what's new in ${c.category}.`,
            sms: `what's new in ${c.category}, chosen for you.`,
            pushTitle: `New in ${c.category}`,
            pushBody: `Fresh ${c.category} picks, chosen for you.`,
            cta: "Shop what's new.",
          },
          {
            name: 'your next favourite',
            subject: '{{first_name}}, your next favourite?',
            preheader: 'Hand-picked from your favourites.',
            hook: "We looked at what you love and found a few things we think you'll like next.",
            sms: "we found a few things you'll like next.",
            pushTitle: 'Your next favourite?',
            pushBody: "A few things we think you'll like next.",
            cta: 'Take a look.',
          },
          {
            name: 'goes with yours',
            subject: 'Goes well with what you have',
            preheader: 'Made to go together.',
            hook: "A few pieces that go well with what you've bought before.",
            sms: "a few things that go with what you've bought before.",
            pushTitle: 'Goes well with yours',
            pushBody: "Pieces that go with what you've bought before.",
            cta: 'Complete the look.',
          },
        ]),
      };
    case 'cart_reminder':
      // An audience not chosen for a cart (a win-back one, "who have not ordered in 90 days") may
      // have none: the reminder is then of the shop, and claims no cart (twelfth walk-through).
      if (!c.hasCart)
        return {
          tone: 'reminder: friendly, plain, no incentive',
          support: keep([c.scarcity !== null && c.facts.stock.status === 'low' ? c.scarcity : null]),
          angles: [
            {
              name: 'still thinking it over',
              subject: '{{first_name}}, still thinking it over?',
              preheader: "Questions? We're happy to help.",
              hook: `Still thinking it over? ${Item} ${is} here whenever you're ready, and we're happy to help with any questions.`,
              sms: `still thinking it over? ${Item} ${is} here when you're ready.`,
              pushTitle: 'Still thinking it over?',
              pushBody: `${Item} ${is} here whenever you're ready.`,
              cta: 'Take another look.',
            },
            {
              name: 'a quick reminder',
              subject: `A quick reminder: ${item}`,
              preheader: "Here whenever you're ready.",
              hook: `Just a quick reminder that ${item} ${is} here whenever you're ready.`,
              sms: `a quick reminder: ${item} ${is} here when you're ready.`,
              pushTitle: 'A quick reminder',
              pushBody: `${Item} ${is} here whenever you're ready.`,
              cta: 'Have a look.',
            },
            {
              name: 'happy to help',
              subject: "Any questions? We're happy to help",
              preheader: 'Just reply to this email.',
              hook: "If anything is holding you back, just reply to this email: we're happy to help you find the right thing.",
              sms: "any questions? We're happy to help you find the right thing.",
              pushTitle: 'Happy to help',
              pushBody: "Questions? We're happy to help you find the right thing.",
              cta: 'Visit the shop.',
            },
          ],
        };
      return {
        tone: 'reminder: friendly, plain, no incentive',
        support: keep([c.scarcity !== null && c.facts.stock.status === 'low' ? c.scarcity : null]),
        angles: [
          {
            name: 'left behind',
            subject: '{{first_name}}, you left something behind',
            preheader: 'We saved your cart for you.',
            hook: 'You left a few things in your cart. We saved them for you.',
            sms: 'you left something in your cart.',
            pushTitle: 'You left something behind',
            pushBody: 'Your cart is saved. Pick up where you left off.',
            cta: 'Return to your cart.',
          },
          {
            name: 'your cart is waiting',
            subject: 'Your cart is waiting',
            preheader: 'Pick up right where you left off.',
            hook: 'Your cart is just as you left it.',
            sms: 'your cart is saved and waiting.',
            pushTitle: 'Your cart is waiting',
            pushBody: 'Everything is just as you left it.',
            cta: 'Complete your order.',
          },
          {
            name: 'still deciding',
            subject: 'Still thinking it over?',
            preheader: "Questions? We're happy to help.",
            hook: "Still deciding? Your cart is saved, and we're happy to help with any questions.",
            sms: 'still deciding? Your cart is saved.',
            pushTitle: 'Still deciding?',
            pushBody: "Your cart is saved whenever you're ready.",
            cta: 'Check out now.',
          },
        ],
      };
    case 'discount':
      return {
        tone: 'value: clear offer',
        support: keep([c.deadline]),
        angles: angles([
          offer && {
            name: 'the offer',
            subject: `{{first_name}}, ${offer}`,
            preheader: 'Your code is inside.',
            hook: `Here's ${offer}, just for you.`,
            sms: `${offer} for you.`,
            pushTitle: cap(offer),
            pushBody: 'Use it on your next order.',
            cta: 'Use your discount.',
          },
          offer && {
            name: 'welcome back',
            subject: `A treat for you: ${offer}`,
            preheader: 'Use it on your next order.',
            hook: `We'd love to see you back, so here's ${offer}.`,
            sms: `we'd love to see you back: ${offer}.`,
            pushTitle: 'A treat for you',
            pushBody: `${cap(offer)}, on us.`,
            cta: 'Claim your offer.',
          },
          offer &&
            deadline && {
              name: 'the deadline',
              subject: `${cap(offer)}, ends ${deadline}`,
              preheader: c.deadline ?? '',
              hook: `${cap(offer)}, until ${deadline}.`,
              sms: `ends ${deadline}: ${offer}.`,
              pushTitle: `Ends ${deadline}`,
              pushBody: `${cap(offer)}, ends ${deadline}.`,
              cta: 'Use it in time.',
            },
          {
            name: 'a thank-you',
            subject: '{{first_name}}, a little something for you',
            preheader: 'A thank-you from us.',
            hook: `Thank you for being a customer. Here's a little something${offer ? `: ${offer}` : ''}.`,
            sms: `a little something for you${offer ? `: ${offer}` : ''}.`,
            pushTitle: 'A little something for you',
            pushBody: offer ? `A thank-you from us: ${offer}.` : 'A thank-you for your next order.',
            cta: 'Shop now.',
          },
        ]),
      };
    case 'free_shipping':
      return {
        tone: 'value: convenience',
        support: keep([c.deadline]),
        angles: angles([
          offer && {
            name: 'the offer',
            subject: `{{first_name}}, ${offer} on your order`,
            preheader: 'No delivery fee this time.',
            hook: `Your next order comes with ${offer}.`,
            sms: `${offer} on your next order.`,
            pushTitle: cap(offer),
            pushBody: `${cap(offer)} on your next order.`,
            cta: 'Shop now.',
          },
          offer && {
            name: 'delivery on us',
            subject: 'Delivery is on us, {{first_name}}',
            preheader: "We'll cover the shipping.",
            hook: `Delivery is on us: ${offer} on your next order.`,
            sms: `delivery is on us: ${offer}.`,
            pushTitle: 'Delivery is on us',
            pushBody: "We'll cover the shipping on your next order.",
            cta: 'Complete your order.',
          },
          offer && {
            name: 'whatever you pick',
            subject: 'Your next order ships free',
            preheader: 'Shipping is on the house.',
            hook: `Whatever you pick, it ships with ${offer}.`,
            sms: `whatever you pick ships with ${offer}.`,
            pushTitle: 'It ships free',
            pushBody: `Whatever you pick ships with ${offer}.`,
            cta: 'Check out now.',
          },
          offer &&
            deadline && {
              name: 'the deadline',
              subject: `${cap(offer)}, ends ${deadline}`,
              preheader: c.deadline ?? '',
              hook: `${cap(offer)} on every order until ${deadline}.`,
              sms: `ends ${deadline}: ${offer}.`,
              pushTitle: `Ends ${deadline}`,
              pushBody: `${cap(offer)}, ends ${deadline}.`,
              cta: 'Order in time.',
            },
        ]),
      };
    case 'loyalty_reward':
      return {
        tone: 'reward: appreciative',
        support: keep([c.deadline]),
        angles: angles([
          offer && {
            name: 'the reward',
            subject: `{{first_name}}, ${offer}`,
            preheader: `Earn ${offer} on your next order.`,
            hook: `As a thank-you, your next order earns ${offer}.`,
            sms: `earn ${offer} on your next order.`,
            pushTitle: cap(offer),
            pushBody: `Earn ${offer} on your next order.`,
            cta: 'Claim your reward.',
          },
          {
            name: 'a thank-you',
            subject: 'A thank-you for being with us',
            preheader: "Because you're one of our regulars.",
            hook: `Thank you for shopping with us.${offer ? ` Your next order earns ${offer}.` : ''}`,
            sms: `thank you for shopping with us${offer ? `: your next order earns ${offer}` : ''}.`,
            pushTitle: 'A thank-you from us',
            pushBody: 'Thank you for shopping with us.',
            cta: 'Shop now.',
          },
          {
            name: 'your reward is waiting',
            subject: '{{first_name}}, your reward is waiting',
            preheader: "It's ready when you are.",
            hook: 'Your reward is waiting for you on your next order.',
            sms: 'your reward is waiting.',
            pushTitle: 'Your reward is waiting',
            pushBody: 'Your reward is ready for your next order.',
            cta: 'See your rewards.',
          },
        ]),
      };
  }
}
