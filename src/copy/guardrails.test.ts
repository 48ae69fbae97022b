import { describe, expect, it } from 'vitest';
import { checkCopy } from './guardrails.ts';
import { facts } from './test-facts.ts';

const codes = (r: ReturnType<typeof checkCopy>) =>
  r.issues.filter((i) => i.severity === 'error').map((i) => i.code);

describe('length limits', () => {
  it('rejects an email subject over 60 characters and reports the count', () => {
    const r = checkCopy({ channel: 'email', subject: 'x'.repeat(61), preheader: 'p', body: 'b' }, facts());
    expect(r.ok).toBe(false);
    expect(r.fields.find((f) => f.field === 'subject')).toEqual({
      field: 'subject',
      chars: 61,
      max_rendered_chars: 61,
      limit: 60,
    });
    expect(r.issues[0]?.detail).toContain('61 characters, over the 60 limit');
  });

  it('counts a placeholder at its longest value: 50 chars + {{first_name}} (15) is over 60', () => {
    const r = checkCopy(
      { channel: 'email', subject: `${'x'.repeat(45)}{{first_name}}`, preheader: 'p', body: 'b' },
      facts(),
    );
    expect(r.fields[0]).toMatchObject({ chars: 59, max_rendered_chars: 60 });
    expect(r.ok).toBe(true);
    const over = checkCopy(
      { channel: 'email', subject: `${'x'.repeat(46)}{{first_name}}`, preheader: 'p', body: 'b' },
      facts(),
    );
    expect(over.fields[0]).toMatchObject({ chars: 60, max_rendered_chars: 61 });
    expect(codes(over)).toEqual(['length']);
  });

  it('holds an SMS to 160 characters including the opt-out', () => {
    const optOut = ' Reply STOP to opt out';
    const fits = `${'a'.repeat(160 - optOut.length)}${optOut}`;
    expect(fits.length).toBe(160);
    expect(checkCopy({ channel: 'sms', body: fits }, facts()).ok).toBe(true);
    const over = checkCopy({ channel: 'sms', body: `a${fits}` }, facts());
    expect(codes(over)).toEqual(['length']);
  });

  it('requires the SMS opt-out', () => {
    expect(codes(checkCopy({ channel: 'sms', body: 'Your cart is saved.' }, facts()))).toEqual([
      'missing_opt_out',
    ]);
  });

  it('limits a non-GSM SMS (an emoji) to 70 characters', () => {
    const r = checkCopy({ channel: 'sms', body: `${'a'.repeat(50)} 🎉 Reply STOP to opt out` }, facts());
    expect(r.fields[0]?.limit).toBe(70);
    expect(codes(r)).toEqual(['length']);
  });

  it('checks push title and body', () => {
    const r = checkCopy({ channel: 'push', title: 't'.repeat(51), body: '' }, facts());
    expect(codes(r).sort()).toEqual(['empty', 'length']);
  });
});

describe('placeholders', () => {
  it('accepts the known ones and rejects unknown or malformed ones', () => {
    expect(
      checkCopy(
        { channel: 'push', title: 'Hi {{first_name}}', body: 'New {{predicted_next_purchase_category}}' },
        facts(),
      ).ok,
    ).toBe(true);
    expect(codes(checkCopy({ channel: 'push', title: 'Hi {{firstname}}', body: 'b' }, facts()))).toEqual([
      'placeholder',
    ]);
    expect(codes(checkCopy({ channel: 'push', title: 'Hi {first_name}', body: 'b' }, facts()))).toEqual([
      'placeholder',
    ]);
    expect(codes(checkCopy({ channel: 'push', title: 'Hi {{ first_name }}', body: 'b' }, facts()))).toEqual([
      'placeholder',
    ]);
    expect(codes(checkCopy({ channel: 'push', title: 'Hi {{first_name}', body: 'b' }, facts()))).toContain(
      'placeholder',
    );
  });
});

describe('spam words', () => {
  it('flags spam phrases as errors and shouting as a warning', () => {
    const r = checkCopy({ channel: 'push', title: 'Act now', body: 'GUARANTEED results' }, facts());
    expect(codes(r)).toEqual(['spam_word', 'spam_word']);
    const caps = checkCopy({ channel: 'push', title: 'HUGE news', body: 'Our VIP preview' }, facts());
    expect(caps.ok).toBe(true);
    expect(caps.issues).toEqual([
      expect.objectContaining({ code: 'spam_word', severity: 'warning', field: 'title' }),
    ]);
  });
});

describe('claims need facts', () => {
  const push = (body: string) => ({ channel: 'push' as const, title: 'Hello', body });

  it('allows a low-stock claim only when stock is low, and only with the real count', () => {
    const high = facts({ stock: { status: 'high', units: 480, threshold: 25 } });
    const low = facts({ stock: { status: 'low', units: 12, threshold: 25 } });
    expect(codes(checkCopy(push('Only 12 left in stock.'), high))).toEqual(['unsupported_claim']);
    expect(codes(checkCopy(push('Running low on these.'), high))).toEqual(['unsupported_claim']);
    expect(checkCopy(push('Only 12 left in stock.'), low).ok).toBe(true);
    expect(codes(checkCopy(push('Only 5 left in stock.'), low))).toEqual(['unsupported_claim']);
    expect(codes(checkCopy(push('Running low on these.'), facts()))).toEqual(['unsupported_claim']);
  });

  it('allows conditional scarcity when stock is unknown, not when it is high', () => {
    expect(checkCopy(push('Available while stock lasts.'), facts()).ok).toBe(true);
    expect(
      codes(
        checkCopy(
          push('Available while stock lasts.'),
          facts({ stock: { status: 'high', units: 900, threshold: 25 } }),
        ),
      ),
    ).toEqual(['unsupported_claim']);
  });

  it('allows a buyer count only when it is the computed one', () => {
    const sp = facts({ social_proof: { count: 1240, month: 'May 2026', subject: 'this' } });
    expect(checkCopy(push('1,240 customers bought this in May 2026.'), sp).ok).toBe(true);
    expect(codes(checkCopy(push('1,300 customers bought this.'), sp))).toEqual(['unsupported_claim']);
    expect(codes(checkCopy(push('500 people love it.'), facts()))).toEqual(['unsupported_claim']);
    expect(codes(checkCopy(push('Our bestseller is back.'), facts()))).toEqual(['unsupported_claim']);
  });

  it('allows only the offer of the campaign: percent, free shipping, deadline, limited edition', () => {
    const offer = facts({
      offer: {
        discount_percent: 15,
        free_shipping: false,
        shipping_variant: null,
        reward_percent: null,
        deadline: null,
      },
    });
    expect(checkCopy(push('15% off your order.'), offer).ok).toBe(true);
    expect(codes(checkCopy(push('20% off your order.'), offer))).toEqual(['unsupported_claim']);
    expect(codes(checkCopy(push('Free shipping today.'), offer))).toEqual(['unsupported_claim']);
    expect(codes(checkCopy(push('Last chance to save.'), offer))).toEqual(['unsupported_claim']);
    expect(codes(checkCopy(push('A limited edition run.'), offer))).toEqual(['unsupported_claim']);
    const ltd = facts({
      product: { name: 'Limited Edition Sneakers', kind: 'collection', product_count: 3 },
    });
    expect(checkCopy(push('A limited edition run.'), ltd).ok).toBe(true);
    const std = facts({
      offer: {
        discount_percent: null,
        free_shipping: true,
        shipping_variant: null,
        reward_percent: null,
        deadline: 'Sunday',
      },
    });
    expect(checkCopy(push('Free shipping. Offer ends Sunday.'), std).ok).toBe(true);
    expect(codes(checkCopy(push('Free express shipping.'), std))).toEqual(['unsupported_claim']);
  });
});
