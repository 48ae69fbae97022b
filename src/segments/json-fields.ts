/**
 * A field subset of a rendered JSON object, taken from its bytes without parsing it.
 *
 * A page with `fields=` would otherwise parse every member's profile (about 2 kB each, histories
 * included) to keep three values, which was most of the cost of such a page. The rendered
 * profiles are valid JSON written by the database, so it is enough to walk the top-level keys,
 * skip over each value (strings with their escapes, nested arrays and objects) and copy the raw
 * bytes of the values asked for. A field the object does not have comes out as null.
 */
const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const OPEN_BRACE = 0x7b;
const CLOSE_BRACE = 0x7d;
const OPEN_BRACKET = 0x5b;
const CLOSE_BRACKET = 0x5d;
const COMMA = 0x2c;
const COLON = 0x3a;

function isSpace(c: number): boolean {
  return c === 0x20 || c === 0x0a || c === 0x0d || c === 0x09;
}

/** `i` is at an opening quote; returns the index just after the closing one. */
function skipString(b: Buffer, i: number, end: number): number {
  // A plain loop: most strings here are short, and a native search costs more per call than it saves.
  i++;
  while (i < end) {
    const c = b[i]!;
    if (c === QUOTE) return i + 1;
    i += c === BACKSLASH ? 2 : 1;
  }
  throw new SyntaxError('unterminated string in rendered JSON');
}

/** `i` is at the first byte of a value; returns the index just after it. */
function skipValue(b: Buffer, i: number, end: number): number {
  const c = b[i];
  if (c === QUOTE) return skipString(b, i, end);
  if (c === OPEN_BRACE || c === OPEN_BRACKET) {
    let depth = 0;
    while (i < end) {
      const d = b[i]!;
      if (d === QUOTE) {
        i = skipString(b, i, end);
        continue;
      }
      if (d === OPEN_BRACE || d === OPEN_BRACKET) depth++;
      else if (d === CLOSE_BRACE || d === CLOSE_BRACKET) {
        depth--;
        if (depth === 0) return i + 1;
      }
      i++;
    }
    throw new SyntaxError('unterminated array or object in rendered JSON');
  }
  // A number, true, false or null.
  while (i < end) {
    const d = b[i]!;
    if (d === COMMA || d === CLOSE_BRACE || d === CLOSE_BRACKET || isSpace(d)) return i;
    i++;
  }
  return i;
}

/** Reusable plan for projecting one list of fields: their names as bytes and their JSON keys. */
export class FieldProjection {
  /** Wanted key names as bytes, grouped by length, with their output position. */
  private readonly byLength = new Map<number, { name: Buffer; slot: number }[]>();
  private readonly keys: string[];

  constructor(readonly fields: readonly string[]) {
    fields.forEach((f, slot) => {
      const name = Buffer.from(f);
      const list = this.byLength.get(name.length) ?? [];
      list.push({ name, slot });
      this.byLength.set(name.length, list);
    });
    this.keys = fields.map((f, k) => `${k === 0 ? '{' : ','}${JSON.stringify(f)}:`);
  }

  /** The output position of the key in bytes [from, to), or -1. Keys are compared as bytes, never decoded. */
  private slotOf(b: Buffer, from: number, to: number): number {
    const candidates = this.byLength.get(to - from);
    if (!candidates) return -1;
    for (const { name, slot } of candidates) {
      let k = 0;
      while (k < name.length && name[k] === b[from + k]) k++;
      if (k === name.length) return slot;
    }
    return -1;
  }

  /**
   * Where each field's value lies in the object in bytes [start, end): `out[2k]` and
   * `out[2k + 1]` are the start and end of field k's value, -1 when the object lacks it. Stops
   * walking once every field is found.
   */
  spans(
    json: Buffer,
    start = 0,
    end = json.length,
    out = new Int32Array(2 * this.fields.length),
  ): Int32Array {
    out.fill(-1);
    let found = 0;
    let i = start;
    while (i < end && isSpace(json[i]!)) i++;
    if (json[i] !== OPEN_BRACE) throw new SyntaxError('rendered JSON is not an object');
    i++;
    while (i < end && found < this.fields.length) {
      while (i < end && (isSpace(json[i]!) || json[i] === COMMA)) i++;
      if (i >= end || json[i] === CLOSE_BRACE) break;
      const keyEnd = skipString(json, i, end);
      // Keys of rendered profiles are plain ASCII names: no escapes to undo.
      const slot = this.slotOf(json, i + 1, keyEnd - 1);
      i = keyEnd;
      while (i < end && (isSpace(json[i]!) || json[i] === COLON)) i++;
      const valueEnd = skipValue(json, i, end);
      if (slot >= 0 && out[2 * slot] === -1) {
        out[2 * slot] = i;
        out[2 * slot + 1] = valueEnd;
        found++;
      }
      i = valueEnd;
    }
    return out;
  }

  /**
   * `{"f1":v1,"f2":v2,…}` in the order of `fields`, with each value's bytes as they are in
   * `json` (a JSON object in bytes [start, end)); null for a field it lacks.
   */
  project(json: Buffer, start = 0, end = json.length): string {
    return this.render(json, this.spans(json, start, end));
  }

  /** The projection from spans already known (e.g. stored when the object was written). */
  render(json: Buffer, spans: ArrayLike<number>, first = 0): string {
    let out = '';
    for (let k = 0; k < this.fields.length; k++) {
      const from = spans[first + 2 * k]!;
      out += this.keys[k] + (from < 0 ? 'null' : json.toString('utf8', from, spans[first + 2 * k + 1]!));
    }
    return `${out}}`;
  }
}
