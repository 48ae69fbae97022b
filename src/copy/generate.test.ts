import { describe, expect, it } from 'vitest';
import { COPY_LIMITS } from '../contracts/copy.ts';
import type { Criteria } from '../contracts/criteria.ts';
import { audienceHasCart } from './cart-audience.ts';
import { deadlineAsWritten } from './facts.ts';
import { CHANNELS_FOR_TEST, TRIGGER_IDS } from './generate.test-helpers.ts';
import { generateCopy, subjectOf } from './generate.ts';
import { checkCopy } from './guardrails.ts';
import { facts } from './test-facts.ts';

const limitedEdition = { name: 'Limited Edition Sneakers', kind: 'collection' as const, product_count: 4 };
const rich = facts({
  product: limitedEdition,
  next_category: { name: 'Sneakers', share: 0.4 },
  social_proof: { count: 1240, month: 'May 2026', subject: 'Limited Edition Sneakers' },
  stock: { status: 'low', units: 18, threshold: 25 },
});

describe('generateCopy', () => {
  it('gives several variants for every trigger and channel, each passing the guardrails', () => {
    for (const trigger of TRIGGER_IDS) {
      for (const channel of CHANNELS_FOR_TEST) {
        const offer =
          trigger === 'discount'
            ? { ...rich.offer, discount_percent: 15 }
            : trigger === 'free_shipping'
              ? { ...rich.offer, free_shipping: true }
              : trigger === 'loyalty_reward'
                ? { ...rich.offer, reward_percent: 5 }
                : rich.offer;
        const f = { ...rich, offer };
        const { variants } = generateCopy({ trigger, channel, facts: f, variants: 3 });
        expect(variants.length, `${trigger}/${channel}`).toBeGreaterThanOrEqual(2);
        for (const v of variants) {
          expect(checkCopy(v, f).ok, `${trigger}/${channel}: ${v.subject ?? v.title} ${v.body}`).toBe(true);
          expect(v.checks.ok).toBe(true);
          const limits = COPY_LIMITS[channel] as Record<string, number>;
          for (const fc of v.checks.fields)
            expect(fc.max_rendered_chars).toBeLessThanOrEqual(limits[fc.field]!);
          if (channel === 'sms') expect(v.body).toMatch(/Reply STOP to opt out$/);
        }
      }
    }
  });

  it('states no low-stock claim when the products table shows high stock, and says why', () => {
    const high = { ...rich, stock: { status: 'high' as const, units: 640, threshold: 25 } };
    for (const channel of CHANNELS_FOR_TEST) {
      const { variants, notes } = generateCopy({
        trigger: 'scarcity_message',
        channel,
        facts: high,
        variants: 5,
      });
      expect(variants.length).toBeGreaterThan(0);
      for (const v of variants) {
        const text = [v.subject, v.preheader, v.title, v.body].join(' ');
        expect(text).not.toMatch(/running low|left in stock|while stock lasts|stock is low/i);
        expect(v.facts_used).not.toContain('stock.units');
      }
      expect(notes.join(' ')).toContain('640 units');
    }
  });

  it('states the real stock count when stock is low', () => {
    const { variants } = generateCopy({
      trigger: 'scarcity_message',
      channel: 'email',
      facts: rich,
      variants: 6,
    });
    const withCount = variants.filter((v) => v.facts_used.includes('stock.units'));
    expect(withCount.length).toBeGreaterThan(0);
    for (const v of withCount) expect(`${v.subject} ${v.preheader} ${v.body}`).toContain('18 left');
  });

  it('phrases scarcity conditionally when stock is unknown', () => {
    const unknown = { ...rich, stock: { status: 'unknown' as const, units: null, threshold: 25 } };
    const { variants } = generateCopy({
      trigger: 'scarcity_message',
      channel: 'email',
      facts: unknown,
      variants: 3,
    });
    for (const v of variants) expect(`${v.subject} ${v.body}`).not.toMatch(/running low|left in stock/i);
    expect(variants.some((v) => `${v.preheader} ${v.body}`.includes('while stock lasts'))).toBe(true);
  });

  it('uses the computed buyer count for social proof, and none when there is none', () => {
    const { variants } = generateCopy({
      trigger: 'social_proof',
      channel: 'email',
      facts: rich,
      variants: 3,
    });
    expect(variants.some((v) => v.facts_used.includes('social_proof.count'))).toBe(true);
    for (const v of variants)
      if (/customers bought/.test(v.body)) expect(v.body).toContain('1,240 customers bought');
    const none = generateCopy({
      trigger: 'social_proof',
      channel: 'push',
      facts: { ...rich, social_proof: null },
      variants: 3,
    });
    for (const v of none.variants) expect(`${v.title} ${v.body}`).not.toMatch(/\d+ customers|bestseller/i);
    expect(none.notes.join(' ')).toContain('No purchase count');
  });

  it('is deterministic per seed and different across seeds, with distinct variants', () => {
    const a = generateCopy({ trigger: 'exclusivity_offer', channel: 'email', facts: rich, seed: 1 });
    const b = generateCopy({ trigger: 'exclusivity_offer', channel: 'email', facts: rich, seed: 1 });
    const c = generateCopy({ trigger: 'exclusivity_offer', channel: 'email', facts: rich, seed: 2 });
    expect(a).toEqual(b);
    expect(a.variants.map((v) => v.id)).not.toEqual(c.variants.map((v) => v.id));
    expect(new Set(a.variants.map((v) => v.subject)).size).toBe(a.variants.length);
  });

  it('uses the product from the brief and placeholders', () => {
    const { variants } = generateCopy({
      trigger: 'exclusivity_offer',
      channel: 'email',
      facts: rich,
      variants: 3,
    });
    for (const v of variants) {
      expect(v.body.startsWith('Hi {{first_name}},')).toBe(true);
      expect(v.placeholders).toContain('first_name');
    }
    expect(variants.some((v) => v.facts_used.includes('product'))).toBe(true);
  });

  it('gives every variant its own angle: no two share a subject, title, opening, call to action or SMS line', () => {
    const worlds = {
      bare: facts(),
      rich,
      highStock: facts({
        next_category: { name: 'Home', share: 0.3 },
        stock: { status: 'high', units: 600, threshold: 25 },
      }),
      deadline: { ...rich, offer: { ...rich.offer, deadline: 'Sunday' } },
    };
    for (const [world, base] of Object.entries(worlds)) {
      for (const trigger of TRIGGER_IDS) {
        const offer = {
          ...base.offer,
          discount_percent: trigger === 'discount' ? 15 : null,
          free_shipping: trigger === 'free_shipping',
          reward_percent: trigger === 'loyalty_reward' ? 5 : null,
        };
        const f = { ...base, offer };
        for (const channel of CHANNELS_FOR_TEST) {
          for (const seed of [0, 1, 2]) {
            const at = `${world}/${trigger}/${channel}/seed ${seed}`;
            const { variants } = generateCopy({ trigger, channel, facts: f, variants: 3, seed });
            // Three angles for every trigger, whatever the data knows.
            expect(variants.length, at).toBe(3);
            const distinct = (xs: (string | undefined)[]) =>
              expect(new Set(xs).size, `${at}: ${xs.join(' | ')}`).toBe(xs.length);
            distinct(variants.map((v) => v.angle));
            if (channel === 'email') {
              distinct(variants.map((v) => v.subject));
              distinct(variants.map((v) => v.preheader));
              const paragraphs = variants.map((v) => v.body.split('\n\n'));
              distinct(paragraphs.map((p) => p[1]?.split(/[.?!:]/)[0]));
              distinct(paragraphs.map((p) => p[2]));
            } else if (channel === 'sms') {
              distinct(
                variants.map((v) => v.body.replace('{{first_name}}, ', '').toLowerCase().slice(0, 24)),
              );
            } else {
              distinct(variants.map((v) => v.title));
              distinct(variants.map((v) => v.body));
            }
            for (const v of variants)
              expect(checkCopy(v, f).ok, `${at}: ${v.subject ?? v.title} ${v.body}`).toBe(true);
          }
        }
      }
    }
  });

  it('leads with the angles the facts back, and says so when fewer angles than asked exist', () => {
    const first = generateCopy({ trigger: 'scarcity_message', channel: 'email', facts: rich, variants: 3 });
    expect(first.variants.map((v) => v.angle)).toEqual(['low stock', 'the exact count', 'limited run']);
    const many = generateCopy({
      trigger: 'content_storytelling',
      channel: 'email',
      facts: rich,
      variants: 6,
    });
    expect(many.variants).toHaveLength(3);
    expect(many.notes.join(' ')).toContain('never repeats');
  });
});

describe('words a customer reads', () => {
  it('writes a deadline with its capitals and a category as "our picks in X"', () => {
    expect(deadlineAsWritten('sunday')).toBe('Sunday');
    expect(deadlineAsWritten('midnight on black friday')).toBe('midnight on Black Friday');
    expect(deadlineAsWritten('31 may')).toBe('31 May');
    expect(subjectOf(facts({ next_category: { name: 'Bags', share: 0.3 } }))).toBe('our picks in Bags');
    // A category the brief names reads the same way, never as a bare name mid-sentence.
    const shoes = facts({ product: { name: 'Shoes', kind: 'category', product_count: 160 } });
    expect(subjectOf(shoes)).toBe('our picks in Shoes');
    for (const v of generateCopy({ trigger: 'content_storytelling', channel: 'email', facts: shoes })
      .variants) {
      expect(`${v.subject} ${v.body}`).not.toMatch(/(behind|of|to) Shoes\b/);
      expect(v.facts_used).toContain('product');
    }
  });
});

describe('cart reminder copy fits its audience', () => {
  const cartAudience: Criteria = {
    all: [
      { field: 'abandoned_cart_value', op: '>', value: 0 },
      { field: 'abandoned_cart_age_hours', op: '<=', value: 48 },
    ],
  };
  // A win-back audience: chosen for not having ordered lately, not for a cart.
  const winBack: Criteria = {
    all: [
      { field: 'days_since_last_purchase', op: '>=', value: 90 },
      { field: 'clv_score', op: '>=', value: 0.8 },
    ],
  };
  const textOf = (v: { subject?: string; preheader?: string; title?: string; body: string }) =>
    [v.subject, v.preheader, v.title, v.body].filter(Boolean).join('\n');

  it('says the customer left something in their cart only to an audience chosen for one', () => {
    for (const channel of CHANNELS_FOR_TEST) {
      const withCart = generateCopy({
        trigger: 'cart_reminder',
        channel,
        facts: rich,
        audienceHasCart: audienceHasCart(cartAudience),
      });
      expect(withCart.variants.length).toBe(3);
      for (const v of withCart.variants) expect(textOf(v)).toMatch(/cart|left something/i);
      expect(withCart.notes.join(' ')).not.toMatch(/abandoned cart/);

      const lapsed = generateCopy({
        trigger: 'cart_reminder',
        channel,
        facts: rich,
        audienceHasCart: audienceHasCart(winBack),
      });
      expect(lapsed.variants.length).toBe(3);
      for (const v of lapsed.variants) {
        expect(textOf(v)).not.toMatch(/cart|left (something|a few things)|where you left off/i);
        expect(v.checks.ok).toBe(true);
        expect(v.tone).toContain('no incentive');
      }
      expect(lapsed.notes).toContain(
        'This audience was not chosen for having an abandoned cart, so the reminder does not say they left anything in their cart.',
      );
    }
  });
});
