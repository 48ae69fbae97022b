import { describe, expect, it } from 'vitest';
import { extractCriteria } from './extract-criteria.ts';
import { normalizeText } from './text.ts';
import { isVagueAudienceQuestion, vagueAudienceQuestion } from './vague-audience.ts';

/** The question for a brief as the interpreter reads it (normalised text and the rules' criteria). */
const ask = (brief: string): string | null => {
  const text = normalizeText(brief);
  return vagueAudienceQuestion(text, extractCriteria(text).criteria);
};

describe('vagueAudienceQuestion', () => {
  it('asks who counts when the audience is only a vague word, offering the catalogue fields', () => {
    const q = ask('A thank-you gift card for our most loyal customers this spring');
    expect(q).toBe(
      'Who counts as your most loyal customers? For example the top 20% by CLV (clv_score >= 0.8) or 5+ orders in the last 12 months (purchase_frequency >= 5).',
    );
    expect(ask('Give the VIPs a private preview of the autumn drop')).toMatch(/^Who counts as your VIPs\?/);
    expect(ask('free engraving for big spenders')).toMatch(/lifetime_value > 1000/);
    expect(ask('bring back dormant shoppers with a style guide')).toMatch(
      /^How long without an order do you mean by "dormant shoppers"\?.*days_since_last_purchase > 180/,
    );
  });
  it('asks nothing when the brief says who it means', () => {
    expect(ask('VIPs (top 10% by CLV) get the preview first')).toBeNull();
    expect(ask('our best customers, i.e. 6+ orders a year, get a gift')).toBeNull();
    expect(ask('high-value shoppers with lifetime spend over $2,000')).toBeNull();
    expect(ask('inactive members, nothing bought in 150 days')).toBeNull();
  });
  it('asks nothing when no vague audience word is used', () => {
    expect(ask('people who abandoned a cart in the last 24 hours')).toBeNull();
    expect(ask('best-selling candles for new subscribers')).toBeNull();
  });
  it('marks its own questions so the clarification rate can leave them out', () => {
    expect(isVagueAudienceQuestion(ask('early access for loyalists')!)).toBe(true);
    expect(isVagueAudienceQuestion(ask('win back lapsed clients')!)).toBe(true);
    expect(isVagueAudienceQuestion('Which trigger do you want: discount (45%) or free shipping (30%)?')).toBe(
      false,
    );
  });
});
