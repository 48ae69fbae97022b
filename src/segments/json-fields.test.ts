import { describe, expect, it } from 'vitest';
import { Rng } from '../core/rng.ts';
import { FieldProjection } from './json-fields.ts';

/** A whole number in [lo, hi]. */
const between = (rng: Rng, lo: number, hi: number) => lo + rng.int(hi - lo + 1);

/** Random JSON values with the awkward parts: escapes, brackets inside strings, nesting, exponents. */
function randomValue(rng: Rng, depth: number): unknown {
  const kind = between(rng, 0, depth > 2 ? 4 : 6);
  switch (kind) {
    case 0:
      return null;
    case 1:
      return rng.next() < 0.5;
    case 2:
      return rng.next() < 0.3 ? between(rng, -1000, 1000) : (rng.next() - 0.5) * 10 ** between(rng, -9, 9);
    case 3:
    case 4: {
      const pieces = ['a', 'é', '"', '\\', '}', ']', '{', '[', ',', ':', '\n', '\u0001', '😀', ' ', 'x'];
      let s = '';
      for (let i = between(rng, 0, 12); i > 0; i--) s += pieces[between(rng, 0, pieces.length - 1)];
      return s;
    }
    case 5:
      return Array.from({ length: between(rng, 0, 4) }, () => randomValue(rng, depth + 1));
    default: {
      const o: Record<string, unknown> = {};
      for (let i = between(rng, 0, 4); i > 0; i--) o[`k${between(rng, 0, 9)}`] = randomValue(rng, depth + 1);
      return o;
    }
  }
}

describe('FieldProjection', () => {
  it('copies the same values JSON.parse would find, for random objects and field lists', () => {
    const rng = new Rng(11);
    for (let trial = 0; trial < 2000; trial++) {
      const obj: Record<string, unknown> = {};
      for (let i = between(rng, 0, 10); i > 0; i--) obj[`f${between(rng, 0, 14)}`] = randomValue(rng, 0);
      // Whitespace between tokens, as another writer might put it.
      const text = rng.next() < 0.3 ? JSON.stringify(obj, null, 2) : JSON.stringify(obj);
      const fields = [
        ...new Set(Array.from({ length: between(rng, 1, 5) }, () => `f${between(rng, 0, 14)}`)),
      ];
      const out = new FieldProjection(fields).project(Buffer.from(text));
      const want: Record<string, unknown> = {};
      for (const f of fields) want[f] = obj[f] ?? null;
      const got = JSON.parse(out);
      expect(Object.keys(got)).toEqual(fields);
      expect(got).toEqual(want);
    }
  });

  it('never takes a nested key for a top-level one of the same name', () => {
    const rng = new Rng(12);
    const flat = (): unknown => {
      const v = randomValue(rng, 3);
      return typeof v === 'object' && v !== null ? ['a"b', '\\"f1\\":', ','] : v;
    };
    for (let trial = 0; trial < 2000; trial++) {
      const entries: [string, unknown][] = [];
      for (let i = between(rng, 0, 8); i > 0; i--) entries.push([`f${between(rng, 0, 9)}`, flat()]);
      // Nested fields hold objects whose keys reuse the flat names, anywhere in the order.
      for (const h of ['h0', 'h1']) {
        if (rng.next() < 0.8) {
          const inner = { [`f${between(rng, 0, 9)}`]: randomValue(rng, 1), f1: [{ f2: 'nested' }] };
          entries.splice(between(rng, 0, entries.length), 0, [h, rng.next() < 0.5 ? inner : [inner]]);
        }
      }
      const obj = Object.fromEntries(entries);
      const fields = [...new Set(Array.from({ length: between(rng, 1, 4) }, () => `f${between(rng, 0, 9)}`))];
      if (rng.next() < 0.2) fields.push('h1');
      const out = new FieldProjection(fields).project(Buffer.from(JSON.stringify(obj)));
      const want: Record<string, unknown> = {};
      for (const f of fields) want[f] = obj[f] ?? null;
      expect(JSON.parse(out)).toEqual(want);
    }
  });

  it('reads a slice of a larger buffer, stops at the object, and refuses what is not an object', () => {
    const line = Buffer.from('{"a":1,"b":"x}"}\n{"a":2}\n');
    const p = new FieldProjection(['b', 'a', 'zz']);
    expect(p.project(line.subarray(0, 16))).toBe('{"b":"x}","a":1,"zz":null}');
    expect(p.project(line, 17, 24)).toBe('{"b":null,"a":2,"zz":null}');
    expect(() => p.project(Buffer.from('[1,2]'))).toThrow(/not an object/);
    expect(() => p.project(Buffer.from('{"b":"unterminated'))).toThrow(/unterminated/);
  });
});
