import { describe, expect, it } from 'vitest';
import { SpellingCorrector } from './spelling.ts';

describe('SpellingCorrector', () => {
  const vocabulary = ['stock', 'shirt', 'discount', 'recommend', 'shipping', 'remind', 'customers', 'bought'];
  const speller = new SpellingCorrector(vocabulary, new Map(vocabulary.map((w) => [w, 10])), []);

  it('corrects dropped, doubled and swapped letters', () => {
    expect(speller.correct('dicount')).toBe('discount');
    expect(speller.correct('recomend')).toBe('recommend');
    expect(speller.correct('shiping')).toBe('shipping');
    expect(speller.correct('remnd')).toBe('remind');
    expect(speller.correct('custmoers')).toBe('customers');
    expect(speller.correct('bouhgt')).toBe('bought');
  });

  it('leaves a short word one letter away from another word of its length alone', () => {
    // "stuck" is not "stock", "skirt" is not "shirt".
    expect(speller.correct('aov is stuck at $48')).toBe('aov is stuck at $48');
    expect(speller.correct('skirt')).toBe('skirt');
  });

  it('leaves a model name before its number alone (sixth session)', () => {
    const sp = new SpellingCorrector(
      ['phone', 'pixel'],
      new Map([
        ['phone', 10],
        ['pixel', 10],
      ]),
      [],
    );
    expect(sp.correct('the iphone 15 is almost gone')).toBe('the iphone 15 is almost gone');
    expect(sp.correct('an iphone case')).toBe('an phone case');
  });
});
