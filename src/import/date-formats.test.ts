import { describe, expect, it } from 'vitest';
import { pickDateFormat, TEXT_DATE_FORMATS } from './date-formats.ts';

const fits = (counts: Record<string, number>) => TEXT_DATE_FORMATS.map((f) => counts[f.name] ?? 0);

describe('the format of a column of non-ISO dates', () => {
  it('is the one format that reads every value', () => {
    // 13/06/2017 rules out month-first: only day-first reads all 50.
    expect(pickDateFormat(fits({ 'DD/MM/YYYY': 50, 'MM/DD/YYYY': 31 }), 50)).toEqual({
      format: TEXT_DATE_FORMATS.find((f) => f.name === 'DD/MM/YYYY'),
    });
    expect(pickDateFormat(fits({ 'DD.MM.YYYY': 7 }), 7)).toMatchObject({ format: { name: 'DD.MM.YYYY' } });
  });

  it('is ambiguous when day-first and month-first both read every value (no day above 12)', () => {
    expect(pickDateFormat(fits({ 'MM/DD/YYYY': 40, 'DD/MM/YYYY': 40 }), 40)).toEqual({
      ambiguous: ['MM/DD/YYYY', 'DD/MM/YYYY'],
    });
  });

  it('is none when no single format reads every value (mixed formats, not dates, no values)', () => {
    expect(pickDateFormat(fits({ 'MM/DD/YYYY': 20, 'DD.MM.YYYY': 20 }), 40)).toBeNull();
    expect(pickDateFormat(fits({}), 40)).toBeNull();
    expect(pickDateFormat(fits({}), 0)).toBeNull();
  });
});
