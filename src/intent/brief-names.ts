import { CITIES, COUNTRIES, lookup } from './gazetteer.ts';
import { normalizeText } from './text.ts';

/**
 * Names as the writer wrote them: brands, makers, lines and products ("Playmobil", "Le Creuset",
 * "the Cozy Crew hoodie", "Springbank 10", "TN-760"). The rules read lower-cased, spell-corrected
 * text, where a name is one more word ("used to buy playmobil" read as a category `playmobils`);
 * the capital letter or the digits inside a word are what tell a name, so they are found in the
 * brief as written and handed to the rules in the rules' own spelling.
 *
 * Found: runs of capitalised words (a digit or code may follow: "Samsung S24", "Lenovo Legion 5",
 * "Calc II"), and words that mix letters and digits ("TN-760", "65W", "20000mAh"). Not names: a
 * capital that only starts a sentence, a line or a label ("Audience: ..."), unless the same word is
 * capitalised elsewhere; places; months, days, holidays of the calendar; the shorthand of marketing
 * (SMS, VIP, AOV, CLV, KPI, ...). Quoted names are left to the rules, which read quotes already.
 */
export interface BriefName {
  /** The name as the rules' text spells it (lower case, normalised, spell-corrected like the text). */
  norm: string;
  /** `code`: a word of letters and digits (a model or part number); `name`: capitalised words. */
  kind: 'name' | 'code';
}

/** Capitalised words that are not names of a brand or product. */
const NOT_NAMES = new Set(
  `i i'm i'd i've i'll ok okay hi hey hello dear thanks thank please kindly pls note fyi asap
  sms email e-mail push whatsapp vip vips aov clv ltv ctr cvr roas roi kpi kpis crm cdp pdp plp sku skus id faq dm dms ugc url
  usd eur gbp cad aud inr sgd nzd chf hkd jpy mxn brl php zar myr thb idr ngn kes aed sar
  uk us usa eu gmt cet est pst bst utc am pm q1 q2 q3 q4 h1 h2 fy yoy mom wow
  bogo fs nye bfcm cyber black friday monday tuesday wednesday thursday friday saturday sunday
  mon tue tues wed thu thur thurs fri sat sun
  january february march april may june july august september october november december
  jan feb mar apr jun jul aug sep sept oct nov dec
  christmas xmas easter halloween diwali eid ramadan valentine valentine's valentines hanukkah thanksgiving
  mother's father's mothers fathers day new year year's eve
  give send tell show offer email text remind push ping let get make run hit notify alert invite
  reward nudge thank welcome recommend suggest promote launch announce retarget win bring use
  audience target targeting goal goals objective channel channels budget angle offer trigger timing kpi metric
  segment segments brief campaign copy subject tone constraint constraints exclude excluding notes context
  instagram ig facebook fb tiktok google youtube pinterest snapchat meta amazon shopify klaviyo
  limited edition free shipping new arrivals bestsellers best sellers vip members only early access
  the a an our my we you they it this that these those and or but for of to in on at by with from
  alabama alaska arizona arkansas california colorado connecticut delaware florida georgia hawaii idaho
  illinois indiana iowa kansas kentucky louisiana maine maryland massachusetts michigan minnesota
  mississippi missouri montana nebraska nevada hampshire jersey mexico carolina dakota ohio oklahoma
  oregon pennsylvania rhode tennessee texas utah vermont virginia washington wisconsin wyoming
  ontario quebec alberta manitoba saskatchewan nova scotia brunswick columbia nsw vic qld tasmania
  queensland victoria bavaria scotland wales england ireland catalonia andalusia lombardy tuscany`.split(
    /\s+/,
  ),
);

/** Where a capital only starts a sentence, a line, a label or a quote. */
const OPENS = /(?:^|[.!?:;\n•*]|\s-|\(|["“'‘])\s*$/;

/**
 * The names of a brief. `text` is the rules' text (normalised and spell-corrected from `raw`): a
 * name is given in its spelling, so the rules find it by content.
 */
export function briefNames(raw: string, text?: string): BriefName[] {
  const fix = correctionOf(raw, text);
  const tokens = [...raw.matchAll(/[\p{L}\p{N}][\p{L}\p{N}'’&.-]*/gu)].map((m) => ({
    word: m[0].replace(/[.'’-]+$/, ''),
    at: m.index,
    end: m.index + m[0].replace(/[.'’-]+$/, '').length,
  }));
  // "iPhone", "eBay", "KitchenAid": a capital inside the word marks a name too.
  const isCap = (w: string): boolean =>
    /^\p{Lu}|^\p{Ll}{1,2}\p{Lu}/u.test(w) &&
    !/\d/.test(w) &&
    !NOT_NAMES.has(w.toLowerCase().replace(/’/g, "'")) &&
    !NOT_NAMES.has(w.toLowerCase().split('-')[0]!);
  // A model or part number has a capital ("TN-760", "S24", "65W"); counts, units, windows, dates
  // and compounds of a number ("500pcs", "30d", "L14D", "3-burner", "$50-off") are no names.
  const isCode = (w: string): boolean =>
    /\p{Lu}/u.test(w) &&
    /\d/.test(w) &&
    !/^\d+(?:st|nd|rd|th|s|k|m|x|h|hrs?|d|w|wks?|mo|mos|yrs?|pm|am|pp|pts?|ml|g|kg|l|cm|mm|km|gb|tb|in|pcs?|pax)?$/i.test(
      w,
    ) &&
    !/^(?:q|h|fy|l|b)\d+[dwmy]?$/i.test(w) &&
    !/^\d+[a-z]*-\d/i.test(w) &&
    !/^\d+-\p{L}+$/u.test(w) &&
    !/^\p{L}+\d+[dwmy]$/iu.test(w);
  // A word capitalised somewhere a sentence does not start is a name wherever it stands.
  const capitalisedInside = new Set(
    tokens.filter((t) => isCap(t.word) && !OPENS.test(raw.slice(0, t.at))).map((t) => t.word),
  );
  const out: BriefName[] = [];
  for (let i = 0; i < tokens.length; i++) {
    const t = tokens[i]!;
    const code = isCode(t.word);
    if (!code && !isCap(t.word)) continue;
    // A run: capitalised words, codes and bare numbers or roman numerals right after them
    // ("Springbank 10", "Calc II"), joined by single spaces or hyphens only.
    let j = i;
    while (j + 1 < tokens.length) {
      const next = tokens[j + 1]!;
      const gap = raw.slice(tokens[j]!.end, next.at);
      if (!/^[ -]$/.test(gap)) break;
      if (isCap(next.word) || isCode(next.word) || /^(?:\d{1,4}|[IVX]{1,4})$/.test(next.word)) j++;
      // "Ribera del Duero", "Vivienne de la Roche": a particle between capitalised words.
      else if (
        /^(?:del|de|la|di|da|du|des|von|van|der|le|y)$/.test(next.word) &&
        j + 2 < tokens.length &&
        isCap(tokens[j + 2]!.word) &&
        raw.slice(next.end, tokens[j + 2]!.at) === ' '
      )
        j += 2;
      else break;
    }
    const words = tokens.slice(i, j + 1);
    i = j;
    // Inside quotes it is copy or a quoted name, which the rules read already.
    if (insideQuotes(raw, t.at)) continue;
    // Capitals for emphasis ("do NOT", "thats IT") and shorthand ("GPS", "OEM", "AC") are no names.
    if (words.every((w) => /^\p{Lu}{2,}$/u.test(w.word))) continue;
    const opens = OPENS.test(raw.slice(0, t.at));
    // A single capitalised word that opens a sentence is a name only when it is capitalised
    // elsewhere too ("Mulberry consignment: 6 bags ... Mulberry on their wishlist").
    if (opens && !code && words.length === 1 && !capitalisedInside.has(t.word)) continue;
    // "Hey Studio": the run starts after an opening word that is no name.
    const norm = fix(normalizeText(raw.slice(words[0]!.at, words[words.length - 1]!.end)));
    if (!/[a-z]/.test(norm) || norm.length < 2) continue;
    // Places are read by the place rules ("Kenya", "Krakow"); a place with a product after it is not.
    if ([...COUNTRIES, ...CITIES].reduce((s, [re]) => s.replace(re, ' '), norm).trim() === '') continue;
    if (lookup(COUNTRIES, norm).length && words.length === 1) continue;
    if (!out.some((n) => n.norm === norm))
      out.push({ norm, kind: words.some((w) => isCode(w.word)) && words.length === 1 ? 'code' : 'name' });
  }
  return out;
}

/** Whether a position lies inside a quoted span of the brief. */
function insideQuotes(raw: string, at: number): boolean {
  const re = /(?<![\p{L}\p{N}])["“‘'][^"“”‘’'\n]{1,80}["”’'](?![\p{L}\p{N}])/gu;
  for (let m = re.exec(raw); m; m = re.exec(raw)) if (at > m.index && at < m.index + m[0].length) return true;
  return false;
}

/**
 * The spelling corrector's changes, word for word: it replaces each run of letters by one word, so
 * the runs of the normalised brief and of the corrected text pair up in order.
 */
function correctionOf(raw: string, text: string | undefined): (s: string) => string {
  if (text === undefined) return (s) => s;
  const before = normalizeText(raw).match(/[a-z]+/g) ?? [];
  const after = text.match(/[a-z]+/g) ?? [];
  if (before.length !== after.length) return (s) => s;
  const map = new Map<string, string>();
  before.forEach((w, k) => {
    if (w !== after[k]) map.set(w, after[k]!);
  });
  return (s) => s.replace(/[a-z]+/g, (w) => map.get(w) ?? w);
}
