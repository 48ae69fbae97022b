import { describe, expect, it } from 'vitest';
import { factWords } from './fact-words.ts';

describe('the facts a copy variant states, in words', () => {
  it('reads the generator keys as a marketer would, and an unknown key without its dots', () => {
    expect(factWords(['offer.free_shipping', 'stock.units', 'offer.deadline'])).toBe(
      'free shipping, units in stock, the deadline',
    );
    expect(factWords(['weather.forecast'])).toBe('weather forecast');
    expect(factWords([])).toBe('');
  });
});
