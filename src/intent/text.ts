/**
 * Text normalisation shared by the classifier features and the rule-based extractors:
 * lower case, plain quotes, number words as digits ("two weeks" -> "2 weeks"), so every later
 * pattern sees one spelling of the same thing.
 */
const NUMBER_WORDS: Record<string, number> = {
  one: 1,
  two: 2,
  three: 3,
  four: 4,
  five: 5,
  six: 6,
  seven: 7,
  eight: 8,
  nine: 9,
  ten: 10,
  eleven: 11,
  twelve: 12,
  fifteen: 15,
  twenty: 20,
  thirty: 30,
  forty: 40,
  fifty: 50,
  sixty: 60,
  ninety: 90,
  hundred: 100,
};

export function normalizeText(raw: string): string {
  let t = raw
    .normalize('NFKC')
    .toLowerCase()
    .replace(/[\u2018\u2019\u201b`´]/g, "'")
    .replace(/[\u201c\u201d\u201e]/g, '"')
    .replace(/[\u2013\u2014]/g, ' - ')
    .replace(/e-mails?/g, (m) => m.replace('-', ''))
    .replace(/\s+/g, ' ')
    .trim();
  t = t.replace(/\b(a|one) (hundred|thousand)\b/g, (_m, _a, b: string) => (b === 'hundred' ? '100' : '1000'));
  t = t.replace(
    /\b(one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|fifteen|twenty|thirty|forty|fifty|sixty|ninety)\b/g,
    (w) =>
      // "no one" and "one of" are not counts worth rewriting, but harmless either way.
      String(NUMBER_WORDS[w]),
  );
  t = t.replace(/\b(\d+) (hundred)\b/g, (_m, n: string) => String(Number(n) * 100));
  t = t.replace(/\b(\d+) (thousand)\b/g, (_m, n: string) => String(Number(n) * 1000));
  t = t.replace(/\ba (week|month|fortnight|year|day|quarter)\b/g, '1 $1');
  t = t.replace(/\b(?:a )?couple(?: of)? (hours|days|weeks|months)\b/g, '2 $1');
  // Typed in a hurry: "havent", "didnt", "w/", "w/o", "ppl".
  t = t.replace(/\b(haven|hasn|hadn|didn|don|doesn|isn|aren|wasn|weren|shouldn|wouldn|couldn)t\b/g, "$1't");
  t = t
    .replace(/\bw\/o\b/g, 'without')
    .replace(/\bw\/in\b/g, 'within')
    .replace(/\bw\/(?=\s|[a-z])/g, 'with ');
  // "ppl w earrings in cart": a lone "w" before a word is "with".
  t = t.replace(/(^|\s)w (?=[a-z])/g, '$1with ');
  t = t
    .replace(/\bper cent\b/g, 'percent')
    .replace(/\bppl\b/g, 'people')
    .replace(/\bfortnite\b/g, 'fortnight')
    .replace(/\bx-?mas\b/g, 'christmas');
  // ".65" is 0.65; "12mo" is 12 months.
  t = t.replace(/(^|[\s>=<(,])\.(\d)/g, '$10.$2').replace(/\b(\d+) ?mo\b/g, '$1 months');
  // "0.5 or higher" reads as "0.5+", "$40 or less" as "at most $40".
  t = t.replace(
    /(\d[\d,.]*%?(?: ?(?:yen|euros?|dollars|pounds|rupees|naira|pesos|baht|ringgit|rand|eur|usd|gbp))?) or (?:higher|above|greater|over|up|more)\b/g,
    '$1+',
  );
  t = t.replace(/([$€£]?\d[\d,.]*%?) or (?:lower|less|below|under|fewer)\b/g, 'at most $1');
  t = t.replace(/\btwice\b/g, '2 times').replace(/\bthrice\b/g, '3 times');
  // "3 or more orders" reads as "3+ orders"; "last night", "the past day" as a 1-day window.
  t = t.replace(/\b(\d+) or more\b/g, '$1+');
  // "10 purchases or more", "1 or 2 orders": the count's plus and range as the rules read them.
  t = t.replace(
    /\b(\d+) (orders|purchases|boxes|items|pieces|times|sessions|visits|reviews) or more\b/g,
    '$1+ $2',
  );
  t = t.replace(
    /\b(\d+) or (\d+) (orders|purchases|boxes|items|pieces|times|sessions|visits)\b/g,
    (m, a: string, b: string, u: string) => (Number(a) < Number(b) ? `${a}-${b} ${u}` : m),
  );
  t = t.replace(/\b(?:last night|the past day|the last day|past 1 day)\b/g, 'the last 1 day');
  // "R$3.000", "8.000EUR", "12.000 reviews": a dot between thousands, as much of Europe and Latin
  // America writes it, reads as the comma ("0.750" and "1.5" stay decimals).
  t = t.replace(
    /(?<![\d.,])([1-9]\d{0,2})((?:\.\d{3})+)(?![\d.,]*\d)/g,
    (_m, a: string, b: string) => a + b.replace(/\./g, ','),
  );
  // Analysts' windows: "L30D", "L12M", "L4W" are the last 30 days, 12 months, 4 weeks.
  t = t.replace(/\bl(\d+)([dwmy])\b/g, (_m, n: string, u: string) => {
    const unit = ({ d: 'days', w: 'weeks', m: 'months', y: 'years' } as Record<string, string>)[u]!;
    return `in the last ${n} ${unit}`;
  });
  // "since more than 2 days" (a German or French speaker's "for"), "Rs 1 lakh" (100,000).
  t = t.replace(
    /\bsince ((?:more than |over |at least |less than |under )?\d+ ?(?:hours?|hrs?|days?|weeks?|months?|years?))\b/g,
    'for $1',
  );
  t = t.replace(/\b(\d+(?:\.\d+)?) ?(lakhs?|crores?)\b/g, (_m, n: string, u: string) =>
    String(Math.round(Number(n) * (/^lakh/.test(u) ? 100_000 : 10_000_000))),
  );
  // "Rp 3 juta" (Indonesian and Malay for a million).
  t = t.replace(/\b(\d+(?:\.\d+)?) ?(?:juta|jt)\b/g, (_m, n: string) =>
    String(Math.round(Number(n) * 1_000_000)),
  );
  // "abandoners (last 7 days)" reads as "abandoners in the last 7 days".
  t = t.replace(/\(\s*(?:in\s+|from\s+)?(?:the\s+)?(last|past)\s+([^()]{1,24}?)\s*\)/g, 'in the $1 $2');
  return t;
}

/** Parses "1,000", "1.5", "50k", "2m" into a number; null when it is not one. */
export function parseAmount(text: string): number | null {
  const m = /^(\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?)\s*(k|m|mm|bn|thousand|million)?$/i.exec(
    text.trim(),
  );
  if (!m) return null;
  let v = Number(m[1]!.replace(/,/g, ''));
  const suffix = (m[2] ?? '').toLowerCase();
  if (suffix === 'k' || suffix === 'thousand') v *= 1000;
  else if (suffix === 'm' || suffix === 'mm' || suffix === 'million') v *= 1_000_000;
  else if (suffix === 'bn') v *= 1_000_000_000;
  return Number.isFinite(v) ? v : null;
}

/** A number as written in the normalised text: digits with optional thousands commas, decimals and k/m. */
export const NUM = String.raw`\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?`;
export const AMOUNT = String.raw`(?:${NUM})\s?(?:k|m|mm|thousand|million)?\b`;

const UNIT_DAYS: Record<string, number> = {
  hour: 1 / 24,
  day: 1,
  week: 7,
  fortnight: 14,
  month: 30,
  quarter: 90,
  year: 365,
};

/** Days in "3 weeks", "48 hours" (rounded up to whole days), "6 months". */
export function durationDays(count: number, unit: string): number {
  const u = unit
    .toLowerCase()
    .replace(/s$/, '')
    .replace(/^hr$/, 'hour')
    .replace(/^h$/, 'hour')
    .replace(/^d$/, 'day')
    // Shorthand: "2 wks", "6 mos", "3 mths", "1 yr".
    .replace(/^wk$/, 'week')
    .replace(/^(?:mo|mth)$/, 'month')
    .replace(/^yr$/, 'year');
  // Months are 30 days, twelve of them too ("12 months" = 360, "1 year" = 365): the convention two
  // independent writers state (DEV.md, DEV3.md), and the labels of every train-half brief that says
  // "12 months" with a window (2026-11-28; until then 12 months were read as 365).
  const per = UNIT_DAYS[u] ?? 1;
  return Math.max(1, Math.round(count * per));
}

/** Hours in "48 hours", "2 days", "1 week". */
export function durationHours(count: number, unit: string): number {
  const u = unit.toLowerCase().replace(/s$/, '');
  if (u === 'hour' || u === 'hr' || u === 'h') return count;
  return durationDays(count, u) * 24;
}

/** Duration unit words as they appear in briefs. */
export const UNIT = String.raw`(?:hours?|hrs?|h|days?|d|weeks?|wks?\b|fortnights?|months?|mths?\b|mos\b|quarters?|years?|yrs?\b)`;

/** Word tokens of normalised text (letters and digits), for features and the spelling corrector. */
export function wordTokens(normalized: string): string[] {
  return normalized.match(/[a-z0-9]+(?:'[a-z]+)?/g) ?? [];
}

/** A light suffix stemmer (plural, -ing, -ed) so "reminders", "reminding" and "reminded" share a feature. */
export function stem(word: string): string {
  if (word.length <= 3 || /\d/.test(word)) return word;
  if (word.endsWith("'s")) word = word.slice(0, -2);
  if (word.endsWith('ies') && word.length > 4) return `${word.slice(0, -3)}y`;
  if (word.endsWith('sses')) return word.slice(0, -2);
  if (word.endsWith('ing') && word.length > 5) return word.slice(0, -3);
  if (word.endsWith('ed') && word.length > 4) return word.slice(0, -2);
  if (word.endsWith('es') && /(?:ch|sh|x)es$/.test(word)) return word.slice(0, -2);
  if (word.endsWith('s') && !word.endsWith('ss') && !word.endsWith('us')) return word.slice(0, -1);
  return word;
}
