import { describe, expect, it } from 'vitest';
import { briefNames } from './brief-names.ts';

const norms = (s: string) => briefNames(s).map((n) => n.norm);

describe('briefNames: names as the writer wrote them', () => {
  it('finds capitalised brands, makers and products inside a sentence', () => {
    expect(norms('remind everyone who collects Lego Technic about the new set')).toEqual(['lego technic']);
    expect(norms('price rise on the Orbit Cruiser 7 next week, tell viewers')).toEqual(['orbit cruiser 7']);
    expect(norms('fans of Maison du Soleil candles')).toEqual(['maison du soleil']);
  });
  it('finds part and model numbers that carry a capital', () => {
    expect(briefNames('people who bought the XR-220 filter')).toEqual([{ norm: 'xr-220', kind: 'code' }]);
    expect(norms('toner buyers for the HL 5100 printer')).toEqual(['hl 5100']);
  });
  it('skips a capital that only opens a sentence, unless the word is capitalised elsewhere too', () => {
    expect(norms('Tell the people who bought candles last month.')).toEqual([]);
    expect(norms('Bramble restock landed. Give Bramble wishlisters first dibs')).toEqual(['bramble']);
  });
  it('skips places, calendar words, shorthand, emphasis, counts and quoted copy', () => {
    expect(norms('buyers in Toronto and Lisbon, Friday only, via SMS')).toEqual([]);
    expect(norms('do NOT use a countdown for the AOV push in Q4')).toEqual([]);
    expect(norms('restocked 200pcs of the 4-pack, 30d window, L14D viewers')).toEqual([]);
    expect(norms("send 'Back In Stock Today' to wishlisters")).toEqual([]);
    expect(norms('Audience: customers who bought in Ohio')).toEqual([]);
  });
  it('spells a name as the rules read it, after the spelling corrector', () => {
    expect(briefNames('buyers of Kettlx grinders', 'buyers of kettle grinders')).toEqual([
      { norm: 'kettle', kind: 'name' },
    ]);
  });
});
