import type { Criteria, EventCondition, EventKind, FieldCondition } from '../contracts/criteria.ts';
import { FIELD_CATALOGUE, FIELDS_BY_NAME } from '../contracts/fields.ts';
import { upliftField } from '../contracts/triggers.ts';
import type { BriefName } from './brief-names.ts';
import { FIELD_PHRASES, UPLIFT_WORD_SOURCE, upliftTrigger, type ValueKind } from './field-phrases.ts';
import {
  ACQUISITION_SOURCES,
  CATEGORIES,
  CITIES,
  COUNTRIES,
  DEMONYM,
  lookup,
  slug,
  TAGS,
} from './gazetteer.ts';
import { durationDays, durationHours, NUM, parseAmount, UNIT } from './text.ts';

/**
 * Rule-based extraction of the audience (DESIGN.md §5) from normalised brief text. Each rule
 * recognises one family of audience phrases and emits conditions on catalogue fields or event
 * predicates; what a rule consumes is masked so no later rule reads the same words twice
 * (and so the metric extractor does not mistake "cart over $150" for a target).
 * Vague words get documented defaults: "high-value" = clv_score >= 0.8, "lapsed" =
 * days_since_last_purchase > 90, "at risk" = churn_probability_score >= 0.7, "new" = tenure_days <= 30.
 */
export interface CriteriaExtraction {
  criteria: Criteria | null;
  /** The audience words of the brief, for target_behavior.description. */
  phrases: string[];
  /** Ranges of the text the rules consumed. */
  spans: Array<[number, number]>;
}

type Cond = FieldCondition | EventCondition | { not: Criteria } | { any: Criteria[] };

interface Hit {
  at: number;
  conds: Cond[];
  phrase: string;
}

const CMP_WORDS: Array<[RegExp, FieldCondition['op']]> = [
  [/^(?:at least|no less than|minimum(?: of)?|>=|min\.?)$/, '>='],
  [/^(?:at most|no more than|maximum(?: of)?|<=|max\.?|up to)$/, '<='],
  [
    /^(?:over|above|more than|greater than|higher than|exceeding|exceeds|exceed|tops|north of|>|in excess of|bigger than|larger than)$/,
    '>',
  ],
  [/^(?:under|below|less than|fewer than|lower than|<|south of|smaller than)$/, '<'],
];
const CMP = String.raw`at least|no less than|minimum(?: of)?|>=|<=|at most|no more than|maximum(?: of)?|up to|over|above|more than|greater than|higher than|exceeding|exceeds|exceed|tops|north of|in excess of|bigger than|larger than|>|under|below|less than|fewer than|lower than|<|south of|smaller than`;

function cmpOp(word: string | undefined, fallback: FieldCondition['op'] = '>'): FieldCondition['op'] {
  if (!word) return fallback;
  const w = word.trim();
  for (const [re, op] of CMP_WORDS) if (re.test(w)) return op;
  return fallback;
}

const CUR = String.raw`(?:\$|€|£|₹|₦|¥|₱|₪|₩|₺|₫|฿|aed ?|sar ?|qar ?|kwd ?|usd ?|eur ?|gbp ?|sgd ?|aud ?|cad ?|nzd ?|chf ?|hkd ?|inr ?|ngn ?|kes ?|ksh ?|mxn ?|brl ?|php ?|jpy ?|zar ?|cop ?|idr ?|rp\.? ?|myr ?|thb ?|vnd ?|egp ?|pkr ?|ghs ?|dkk ?|sek ?|nok ?|pln ?|czk ?|clp ?|rs\.? ?|r\$|c\$|a\$|s\$|au\$|nz\$|mx\$)?`;
const MONEY = String.raw`${CUR}\s?(${NUM})\s?(?:(k|thousand)\b)?(?:\s?(?:usd|eur|gbp|cop|idr|myr|thb|vnd|egp|pkr|ghs|dkk|sek|nok|pln|czk|clp|dollars|euros|pounds|bucks|yen|rupees|rupiah|naira|pesos|baht|ringgit|rand|reais|dirhams?|riyals?|cedis?|kroner|kronor|zloty|won|dong))?`;

/** "in the last 14 days", "over the past 2 weeks", "this week", "within 48 hours", "yesterday". */
const WITHIN = String.raw`(?:,?\s*(?:(?:in|over|during|within|from|for|of)\s+(?:the\s+)?|the\s+|(?=last\s+\d|past\s+\d))(?:last|past|previous|prior|preceding)\s+(?:(${NUM})\s*)?(${UNIT})|,?\s*within\s+(?:the\s+)?(${NUM})\s*(${UNIT})|\s*\b(?:from\s+)?(?:this|last|past)\s+(week|wk|month|fortnight|year|quarter)|\s*\b(yesterday|today|tonight|recently|lately)|,?\s*(?:in|for|over)\s+(${NUM})\+?\s*(${UNIT}))`;

function withinDays(m: RegExpExecArray, base: number): number | undefined {
  if (m[base + 1]) return durationDays(parseAmount(m[base] ?? '1') ?? 1, m[base + 1]!);
  if (m[base + 3]) return durationDays(parseAmount(m[base + 2]!) ?? 1, m[base + 3]!);
  if (m[base + 4]) return durationDays(1, m[base + 4]!);
  const w = m[base + 5];
  if (w === 'yesterday' || w === 'today' || w === 'tonight') return 1;
  if (m[base + 7]) return durationDays(parseAmount(m[base + 6]!) ?? 1, m[base + 7]!);
  return undefined;
}

function withinHours(m: RegExpExecArray, base: number): number | undefined {
  if (m[base + 1]) return durationHours(parseAmount(m[base] ?? '1') ?? 1, m[base + 1]!);
  if (m[base + 3]) return durationHours(parseAmount(m[base + 2]!) ?? 1, m[base + 3]!);
  if (m[base + 4]) return durationDays(1, m[base + 4]!) * 24;
  const w = m[base + 5];
  if (w === 'yesterday' || w === 'today' || w === 'tonight') return 24;
  if (m[base + 7]) return durationHours(parseAmount(m[base + 6]!) ?? 1, m[base + 7]!);
  return undefined;
}

/** "lift CTR over 5%", "get open rates above 30%": a goal verb before a threshold makes it a target, not an audience. */
const TARGET_BEFORE =
  /\b(?:increase|raise|lift|boost|grow|improve|get|push|bring|drive|reduce|cut|lower|goal|aim|reach|hit|kpi|see|want|keep|hold|maintain)\w*\s+(?:(?:our|the|their|email|average|overall)\s+)*$/;
/** "- target churn under 20%": the word target before a percentage threshold (a score like 0.7 is an audience). */
const TARGET_WORD_BEFORE =
  /(?:^|[-\u2013.;:!?]\s*)(?:our\s+|the\s+)?(?:target|objective)s?:?\s+(?:(?:our|the|their|email|average|overall)\s+)*$/;

/** Flat numeric catalogue fields a brief may name literally ("churn_probability_score >= 0.7"). */
const NUMERIC_FIELDS = FIELD_CATALOGUE.filter(
  (f) => (f.type === 'number' || f.type === 'integer') && f.filterable,
)
  .map((f) => f.name)
  .sort((a, b) => b.length - a.length)
  .join('|');

/** Text and boolean catalogue fields a brief may name literally ("sms_opt_in = true"). */
const LITERAL_TEXT_FIELDS = FIELD_CATALOGUE.filter(
  (f) => (f.type === 'string' || f.type === 'boolean') && f.filterable,
)
  .map((f) => f.name)
  .sort((a, b) => b.length - a.length)
  .join('|');

function literalKind(field: string): ValueKind {
  if (/_score$|_affinity$|probability$|^uplift_|_rate$/.test(field)) return 'score';
  if (/value$|lifetime_value$|profit$/.test(field)) return 'money';
  return 'seconds';
}

function finiteValues(c: Cond): boolean {
  if ('not' in c) return 'field' in c.not || 'event' in c.not ? finiteValues(c.not as Cond) : true;
  if ('any' in c) return c.any.every((k) => finiteValues(k as Cond));
  if ('field' in c) {
    const vs = Array.isArray(c.value) ? c.value : [c.value];
    return vs.every((v) => typeof v !== 'number' || Number.isFinite(v));
  }
  return [c.within_days, c.min_count].every((v) => v === undefined || Number.isFinite(v));
}

/** A number as the text writes it, thousands commas included ("2,000+ reviews"); NaN when absent. */
function toNum(s: string | number | undefined): number {
  if (typeof s === 'number') return s;
  return s === undefined ? Number.NaN : Number(s.replace(/,/g, ''));
}

function money(num: string | undefined, k: string | undefined): number {
  const v = parseAmount(num ?? '0') ?? 0;
  return k ? v * 1000 : v;
}

/** A fraction from "0.7", "70%", "70 percent", "70th". */
function fraction(raw: string): number {
  const v = Number(raw.replace(/[^0-9.]/g, ''));
  return v > 1 ? round(v / 100) : v;
}

function round(v: number): number {
  return Math.round(v * 1e6) / 1e6;
}

/**
 * An abandoned cart holding what a brief names, when it names a category, tag or product: "has 3
 * items" is not a content.
 */
function cartContents(object: string, unknownNoun = false): Cond[] | null {
  // A quote left open was cut at its own punctuation ("a 'still thinking it over?' subject line").
  if (QUOTED_COPY.test(object) || /(?:^|\s)["'][^"']*$/.test(object)) return null;
  // "left a smartwatch in their cart": with an article, an unknown noun is still a product.
  const words = object.trim().split(/\s+/);
  const counted =
    unknownNoun &&
    (/^\s*(?:a|an|one)\s+[a-z]/.test(object) ||
      // "with power tools", "earrings in cart": a plural noun phrase of one or two words.
      (words.length <= 2 &&
        /^[a-z][a-z-]*[^s]s$/.test(words[words.length - 1]!) &&
        words.every(
          (x) =>
            /^[a-z][a-z-]*$/.test(x) && !OBJECT_STOP.has(x) && !OBJECT_CUT.has(x) && !NOT_A_PRODUCT.has(x),
        ) &&
        !/^(?:carts?|baskets?|bags?|values?|orders?|items?|totals?|codes?|coupons?|vouchers?|discounts?|offers?|deals?|points?|customers|shoppers|users|visitors|people|buyers|members|subscribers|folks|clients|guests|abandoners|browsers|vips|regulars|parents|owners)$/.test(
          words[words.length - 1]!,
        )));
  if (
    !counted &&
    !lookup(CATEGORIES, object).length &&
    !lookup(TAGS, object).length &&
    !/["'#]|\bsku\b/.test(object)
  )
    return null;
  const w = where(object);
  if (!w) return null;
  return [
    { event: 'abandoned_cart', where: w },
    { field: 'abandoned_cart_value', op: '>', value: 0 },
  ];
}

/** Words a plain cart content is never made of: generic stock, people, sizes and states of a cart. */
const NOT_PLAIN_CONTENT =
  /^(?:items?|products?|things?|stuff|something|anything|everything|goods|merch|orders?|carts?|baskets?|customers?|people|ppl|shoppers?|users?|clients?|folks|buyers?|visitors?|abandoners?|open|old|recent|abandoned|shopping|high|low|value|full|empty|all|those|these|new|big|small|large|their|our|your|his|her|them|it|stock|checkout|site|app|store|shop|day|days|hours?|weeks?|reminder|reminders|recovery|whatever|what|which|is|are|was|were|be)$/;

/**
 * What a cart holds when the words around it say so plainly ("shoes in carts", "carts of belts",
 * "starter kit carts"): one to three plain nouns, named as `where` names them, the gazetteer's
 * or not. Lists, numbers, prices and generic stock are left to the other rules.
 */
function plainContents(object: string): Cond[] | null {
  const o = object
    .trim()
    .replace(/^(?:a|an|the|their|some|any)\s+/, '')
    .replace(/(?:\s+(?:left|still|sitting|sat|waiting|resting|lying))+$/, '');
  const words = o.split(/\s+/).filter(Boolean);
  if (!words.length || words.length > 3) return null;
  if (
    words.some(
      (w) =>
        !/^[a-z][a-z-]*$/.test(w) ||
        OBJECT_STOP.has(w) ||
        OBJECT_CUT.has(w) ||
        NOT_A_PRODUCT.has(w) ||
        NOT_CART_CONTENT.test(w) ||
        NOT_PLAIN_CONTENT.test(w),
    )
  )
    return null;
  const w = where(o, /^\s*(?:a|an)\s/.test(object));
  if (!w) return null;
  return [
    { event: 'abandoned_cart', where: w },
    { field: 'abandoned_cart_value', op: '>', value: 0 },
  ];
}

/** Nouns after "a cart with a ..." that are not what the cart holds. */
const NOT_CART_CONTENT =
  /^(?:codes?|coupons?|vouchers?|discounts?|values?|totals?|messages?|reminders?|notes?|lines?|offers?|deals?|emails?|texts?|push|sms|gifts?|bonus|credits?|incentives?|nudges?|timers?|countdowns?|banners?|subjects?|links?|surveys?|questions?|prices?|sizes?|twist|touch|tone|story|image|photo|picture|video|preview|reason|promise|guarantee|warranty|deadline|reward|points?|perk|treat|freebie|sample|tote|%|off)$/;

/** Words before "viewers" that name a page, not a product ("PDP viewers", "site browsers"). */
const PAGE_WORDS =
  /^(?:pdp|plp|page|pages|site|website|store|app|product|category|collection|homepage|landing|video|content|blog|email)$/;

/** Quoted copy with its kind: "a 'your cart misses you' message" is what is sent, not what is held. */
const QUOTED_COPY =
  /["'][^"']{2,60}["']\s*(?:message|copy|subject|line|headline|email|sms|text|banner|note|push|notification|reminder|nudge|label|badge)s?\b/;

/** `counted`: the brief put an article before the object ("bought a blazer"), so it is a count noun. */
function where(object: string, counted = false): EventCondition['where'] | undefined {
  // "wishlisted it", "bought them": the product is named elsewhere in the brief.
  if (/^\s*(?:it|them)\b/.test(object)) return undefined;
  const named = namedWhere(object);
  if (named) return named;
  // "customers who bought a sofa a care guide": a second article starts another object.
  object = object.replace(/^(\s*(?:(?:a|an|the)\s+)?\S.*?)\s+(?:a|an)\s.*$/, '$1');
  const w: NonNullable<EventCondition['where']> = {};
  // "with a 'your cart misses you' message": quoted copy is what is sent, not a product.
  const quoted =
    /["']([^"']{2,40})["'](?!\s*(?:message|copy|subject|line|headline|email|sms|text|banner|note|push|notification|reminder|nudge|label|badge|tag)s?\b)/.exec(
      object,
    );
  const tags = lookup(TAGS, object);
  const tagged =
    /\b([a-z][a-z_-]*)[- ]tagged\b|\btagged (?:as |with )?["']?([a-z][a-z_ -]*?)["']?(?=$|\s(?:items?|products?|pieces?)\b)/.exec(
      object,
    );
  if (tags.length) w.tag = tags[0];
  else if (tagged) w.tag = slug(tagged[1] ?? tagged[2]!);
  else if (quoted) w.tag = slug(quoted[1]!);
  const withoutQuoted = quoted ? object.replace(quoted[0], ' ') : object;
  const withoutTags = TAGS.reduce((s, [re]) => s.replace(re, ' '), withoutQuoted).replace(
    /\b[a-z][a-z_-]*[- ]tagged\b/g,
    ' ',
  );
  // Table order, not position: "kids toys" is toys, "running shoes" is running_shoes.
  const cat = CATEGORIES.find(([re]) => re.test(withoutTags));
  if (cat) w.category = cat[1];
  // A known word used as a modifier names another category: "baby clothes", "tea towels",
  // "coffee machines" are not baby, tea or coffee. The head noun comes last in English.
  const hit = cat ? cat[0].exec(withoutTags) : null;
  if (hit) {
    const content = (x: string): string[] =>
      x
        .replace(/'/g, '')
        .split(/\s+/)
        .filter((y) => y && !OBJECT_STOP.has(y) && /^[a-z][a-z-]*$/.test(y));
    const after = content(withoutTags.slice(hit.index + hit[0].length));
    const all = content(withoutTags);
    // Only a plural head noun follows ("baby clothes", "tea towels", "children's books"); "outerwear
    // know" is a verb.
    // Since the eighth session a bare singular head too ("bought phone case"), as for unknown nouns.
    if (
      after.length === 1 &&
      (/[^s]s$/.test(after[0]!) ||
        counted ||
        /^(?:a|an|one)\s/.test(withoutTags.trim()) ||
        (!/(?:s|ing|ment|ed|ly)$/.test(after[0]!) &&
          !MASS_NOUNS.has(after[0]!) &&
          !OBJECT_CUT.has(after[0]!) &&
          !NOT_A_PRODUCT.has(after[0]!) &&
          // "the people who wishlisted outerwear know": a verb goes on after the object.
          !/^(?:know|get|see|come|go|buy|want|need|love|feel|hear|think|say|tell|keep|make|take|try|use|find|give|let|stay|return|order|shop|pay|wait|expect|deserve|receive)$/.test(
            after[0]!,
          ))) &&
      (!lookup(CATEGORIES, after.join(' ')).length || all.length === 2) &&
      all.length <= 3
    ) {
      if (counted || /^(?:a|an|one)\s/.test(withoutTags.trim()) || !/s$/.test(all[all.length - 1]!))
        all[all.length - 1] = plural(all[all.length - 1]!);
      w.category = slug(all.join(' '));
    }
  }
  // A noun before a known head names a kind of its own: "an office chair" -> office_chairs, "gps
  // watches", "children's books", "rain boots" (two of three independent writers name categories
  // this way); an adjective ("winter jackets", "blue dress", "linen shirts") leaves the head alone.
  if (hit && cat && w.category === cat[1]) {
    const content = (x: string): string[] =>
      x
        .replace(/'/g, '')
        .split(/\s+/)
        .filter((y) => y && !OBJECT_STOP.has(y) && /^[a-z][a-z-]*$/.test(y));
    const before = content(withoutTags.slice(0, hit.index));
    const after = content(withoutTags.slice(hit.index + hit[0].length));
    const head = hit[0].trim();
    if (
      before.length === 1 &&
      after.length === 0 &&
      /^[a-z]+$/.test(head) &&
      before[0]!.length >= 3 &&
      !NOT_COMPOUND.has(before[0]!) &&
      !/(?:ed|ly|est|ful|ous|ive)$/.test(before[0]!) &&
      !lookup(COUNTRIES, before[0]!).length
    )
      w.category = slug(`${before[0]} ${plural(head)}`);
  }
  // "the Scandi range", "Rakhi items", "the Heritage collection": a line or occasion is a tag.
  const line =
    /^\s*(?:(?:the|our|any|some)\s+)?([a-z][a-z-]*(?: [a-z][a-z-]*)?)\s+(?:range|line|collection|items|products|pieces|edit|capsule|series)\b/.exec(
      withoutTags,
    );
  if (
    !w.tag &&
    !w.category &&
    line &&
    !line[1]!.split(' ').some((x) => OBJECT_STOP.has(x) || NOT_COMPOUND.has(x)) &&
    !lookup(COUNTRIES, line[1]!).length
  )
    w.tag = slug(line[1]!);
  if (!w.tag && !w.category && !lookup(COUNTRIES, object).length && !lookup(CITIES, object).length) {
    // An unknown product noun still names a category: "espresso machines" -> espresso_machines.
    // A place where products are kept ("browsing history", "their cart", "the wishlist") never is
    // one (since the twelfth session): the object ends before it.
    const kept = withoutTags.split(/\s+/);
    // "a gift basket", "a golf cart": after a noun the holder is the product's own head.
    const place = kept.findIndex(
      (x, i) => NOT_A_HOLDER.test(x) && (i === 0 || HOLDER_QUALIFIER.test(kept[i - 1]!)),
    );
    const all = place >= 0 ? kept.slice(0, place) : kept;
    // "mugs total budget $12,000", "mugs members-only access": the object ends where the brief goes on.
    const cut = all.findIndex((x) => OBJECT_CUT.has(x));
    const words = (cut >= 0 ? all.slice(0, cut) : all)
      .map((x) => x.replace(/-categor(?:y|ies)$/, ''))
      .filter((x) => x && !OBJECT_STOP.has(x) && /^[a-z][a-z-]*$/.test(x));
    // "a large crate", "an unframed print", "second-hand trenches": an adjective or a participle
    // before the noun describes the piece and does not name a kind (as for known heads).
    // Colours, materials and occasions stay ("gold coins", "christmas trees", "silk carpets": a kind).
    while (
      words.length > 1 &&
      (SIZE_OR_ORDER.has(words[0]!) || /^(?:un[a-z]+ed|[a-z]+-(?:hand|owned|made))$/.test(words[0]!))
    )
      words.shift();
    // "preschool stuff", "camping things": a generic head makes the word before it a modifier,
    // and the category keeps it as written.
    const generic = /\b(?:stuff|things|items|products|pieces|gear|bits)\s*$/.test(
      (cut >= 0 ? all.slice(0, cut) : all).join(' '),
    );
    // "bought a blazer": an article marks a count noun, and categories are named in the plural.
    // Since the eighth session a bare singular too ("bought cushion before", "who bought fountain
    // pen"): writers who drop the article still name the category in the plural (79 of the labels
    // of dev..dev11's train halves put a singular of the brief in the plural); nouns sold by amount
    // stay singular (MASS_NOUNS, plural()).
    if (
      words.length >= 1 &&
      words.length <= 3 &&
      (counted ||
        /^(?:a|an|one)\s/.test(withoutTags.trim()) ||
        (!generic && !/(?:s|ing|ment)$/.test(words[words.length - 1]!)))
    )
      words[words.length - 1] = plural(words[words.length - 1]!);
    if (words.length >= 1 && words.length <= 3) w.category = slug(words.join(' '));
  }
  const id = /\b(?:sku|product(?: id)?|item) ?#?\s?([a-z]{0,4}-?\d{2,})\b/.exec(object);
  if (id) w.product_id = id[1]!.toUpperCase();
  return Object.keys(w).length ? w : undefined;
}

/**
 * "bought the Aurora lamp", "viewed the oak dining table": a definite article before a singular
 * name of two to four words names one product, its id as a slug (the writers' convention for a
 * product named once). Plurals ("the linen shirts"), known tags and generic nouns are not one product.
 */
function definiteProduct(matched: string, object: string): EventCondition['where'] | null {
  const head = matched.slice(0, matched.length - object.length);
  if (!/\bthe\s+$/.test(head) && !/^\s*the\s/.test(object)) return null;
  const words = object
    .replace(/^\s*the\s+/, '')
    .trim()
    .split(/\s+/)
    .filter(Boolean);
  if (words.length < 2 || words.length > 4) return null;
  if (words.some((w) => !/^[a-z0-9][a-z0-9-]*$/.test(w) || OBJECT_STOP.has(w) || OBJECT_CUT.has(w)))
    return null;
  const last = words[words.length - 1]!;
  if (/[^s]s$/.test(last) || MASS_NOUNS.has(last) || /wear$/.test(last)) return null;
  if (lookup(TAGS, object).length || lookup(COUNTRIES, object).length || lookup(CITIES, object).length)
    return null;
  return { product_id: words.join('-') };
}

/** The regular English plural of a count noun ("blazer" -> "blazers", "watch" -> "watches"). */
export function plural(noun: string): string {
  if (MASS_NOUNS.has(noun) || /wear$/.test(noun)) return noun;
  // Wares, care and washes are sold by amount whatever they name: "teaware", "hoof care", "body
  // wash", "braiding hair" keep their form in every writer's labels.
  if (/(?:ware|care|wash)$/.test(noun) || noun === 'hair') return noun;
  // Irregular plurals: "a mouse" -> mice, "a knife" -> knives, "a shelf" -> shelves.
  const irregular = /^(.*?)(mouse|louse|child|person|tooth|goose)$/.exec(noun);
  if (irregular) {
    const p: Record<string, string> = {
      mouse: 'mice',
      louse: 'lice',
      child: 'children',
      person: 'people',
      tooth: 'teeth',
      goose: 'geese',
    };
    return `${irregular[1]}${p[irregular[2]!]}`;
  }
  if (/(?:ife|[^o]lf|arf|eaf|oaf)$/.test(noun)) return noun.replace(/fe?$/, 'ves');
  if (/(?:x|z|ch|sh|ss)$/.test(noun)) return `${noun}es`;
  if (/s$/.test(noun)) return noun;
  if (/[^aeiou]y$/.test(noun)) return `${noun.slice(0, -1)}ies`;
  return `${noun}s`;
}

/** Adjectives of size, rank or age before an unknown product noun: they describe the piece, not a kind. */
const SIZE_OR_ORDER = new Set(
  'first second third next last only new old used small large big mini petite tall cheap expensive premium luxury best top popular favourite favorite matching similar other more same different latest newest recent current full whole entire certain specific particular pricey budget affordable high low'.split(
    ' ',
  ),
);

/** Adjectives before a product noun that describe it without naming a kind of its own. */
const NOT_COMPOUND = new Set(
  'first second third next last only black white red blue green pink grey gray brown beige navy gold golden silver yellow purple orange cream tan khaki linen cotton wool woollen woolen silk leather suede cashmere velvet denim faux winter summer spring autumn fall seasonal holiday christmas festive new old vintage used refurb refurbished pre-owned preowned ceramic glass wooden oak walnut steel stainless porcelain bamboo marble brass copper crystal stoneware enamel premium luxury cheap expensive designer classic basic best top popular favourite favorite limited exclusive sale discounted full-price organic vegan sustainable eco natural handmade custom small large big mini plus petite tall womens mens ladies girls boys unisex matching similar other more same different latest newest recent current full whole entire certain specific particular expensive pricey budget affordable high low'.split(
    ' ',
  ),
);

/** Occasions a shop sells for: before "buyers" they are a tag of what was bought ("Easter buyers"). */
const OCCASION =
  /^(easter|halloween|christmas|xmas|diwali|eid|ramadan|rakhi|valentine(?:'s)?|hanukkah|thanksgiving|mother's day|father's day|lunar new year|carnival|carnaval|mundial|world cup)$/;

/** Words before "crowd", "folk", "lads", "guys" that say who the people are, not what they buy. */
const NOT_A_CROWD =
  /^(?:weekend|weekday|summer|winter|spring|autumn|fall|holiday|christmas|xmas|easter|city|country|town|village|local|young|younger|old|older|student|students|office|party|gym|school|uni|college|work|morning|evening|night|lunch|lunchtime|brunch|sunday|saturday|friday|tourist|tourists|expat|expats|family|mum|mom|dad|parent|baby|kid|kids|teen|teens|creative|arty|trendy|cool|posh|fancy|budget|bargain|deal|sale|coupon|promo|discount|vip|loyal|regular|core|usual|same|whole|entire|usual|online|offline|app|web|instagram|tiktok|facebook|insta|ig|youtube|pinterest|google|newsletter|email|sms|mailing|marketing|ad|ads|paid|organic|early|late|new|last|first|big|small|other|older|wider|broader|general|mainstream|niche|smart|savvy|lazy|busy|nice|good|great|right|wrong|whole|hipster|boho|goth|indie|outdoorsy|sporty|gamer|techie|foodie|local)$/;

/** Nouns a shop sells by amount, not by the piece: a category keeps them singular ("creatine buyers"). */
const MASS_NOUNS = new Set(
  'food feed flooring roofing decking fencing shelving tubing siding packaging piping tiling film cashmere linen silk leather vintage cider mead sake kombucha toner glue yarn wool thread fabric twine firewood charcoal birdseed creatine protein whey collagen lumber timber mulch soil compost fertilizer fertiliser gravel concrete paint ink coffee tea rice flour sugar chocolate wine beer gin whisky whiskey rum vodka kibble litter skincare makeup haircare furniture equipment clothing apparel footwear luggage jewelry jewellery denim decor bedding produce dairy meat cheese honey granola cereal pasta oil matcha decaf espresso hay seafood merchandise software hardware stationery lighting cookware glassware tableware homeware foundation formula oolong pu-erh sencha rooibos chai darjeeling assam fiction non-fiction nonfiction poetry spray pre-workout porridge yeast paper tape foil bait stout vinyl ram tobacco fuel milk juice butter oats salt sugar spice jam sauce soap water sand mortar grout caulk mezcal tequila sake soju brandy cognac bourbon scotch vermouth prosecco cava absinthe liqueur cacao cocoa musk oud incense chiffon organza satin muslin tweed irrigation home'.split(
    ' ',
  ),
);

const OBJECT_STOP = new Set(
  'most least regularly often usually frequently always already again earlier previously only just mostly mainly exclusively the our a an any some their his her its it them this that these those together right now ago nothing anything hours hour days day weeks week months month years year products product items item pieces piece pages page section sections collection category categories stuff things thing something anything everything one ones site website store app shop listing listings range line more other new yet once before again ever us online since twice either gear equipment kit over under above below jan feb mar apr jun jul aug sep sept oct nov dec january february march april june july august september october november december monday tuesday wednesday thursday friday saturday sunday for of to with from at by in on and or about into onto inside who which time times every each'.split(
    ' ',
  ),
);

/** More wordings of a cart's age (see `cartAgeMore`); the groups are read in that order. */
const CART_AGE_MORE = String.raw`(?:(>=|<=|>|<)\s*(${NUM})\s*(h|hrs?|hours?|d|days?)\b|\b(${NUM})\s*(h|hrs?|hours?|d|days?)\s*\+|\b(?:since|for)\s+(${NUM})\s*(${UNIT})\b|\b(?:since\s+(?:last\s+(?:night|nite)|yesterday)|(?:from|de)\s+(?:today|hoy)|today'?s\s+(?:carts?|baskets?))\b|\b(?:from\s+)?(?:this|the\s+last|the\s+past)\s+(?:week|wk)\b|\bover\s+the\s+weekend\b|\b(?:no|without|not|never|didn'?t|did not)\s+(?:a\s+)?check(?:ed)?[- ]?out\s+(?:in|for|after)\s+(${NUM})\s*(${UNIT})\b|\b(?:abandoned|left|ditched)\s+(${NUM})\s*(${UNIT})\s+ago\b|\b(?:in|within|during)\s+(?:the\s+)?(?:last|past)\s+(?:(${NUM})\s*)?(hours?|hrs?|h|days?|d)\b)`;

/**
 * The age a `CART_AGE_MORE` match gives, when the cart is what it follows: a cart word within 80
 * characters before it (or the match itself names the carts), no other event after that cart word,
 * and no metric or offer leading up to it. `aged`: an age was read already.
 */
function cartAgeMore(m: RegExpExecArray, text: string, aged: boolean): Cond[] | null {
  if (aged) return null;
  const lead = text.slice(Math.max(0, m.index - 80), m.index);
  const cart = [...lead.matchAll(/\b(?:carts?|baskets?|abandon\w*|checkouts?)\b/g)].pop();
  if (!cart && !/\b(?:carts?|baskets?)\b/.test(m[0])) return null;
  const after = cart ? lead.slice((cart.index ?? 0) + cart[0].length) : '';
  if (
    /\b(?:bought|buy|buys|ordered|purchased|purchase|orders?|viewed|browsed|visited|opened|clicked|signed up|joined|lapsed|inactive)\b/.test(
      after,
    ) ||
    /(?:\d\s?(?:%|percent|pts|points?)|\brates?|\blift|\btarget\w*|\bgoal|\baim\w*|\bkpi|\bsale|\boffer|\bdeal|\bvalid|\bcode|\bends?|\bfor the next|\bwant\w*|\bneed\w*|\brecover\w*|\bback)\b[^.;:!?]{0,30}$/.test(
      lead,
    )
  )
    return null;
  const age = (op: FieldCondition['op'], value: number): Cond[] => [
    { field: 'abandoned_cart_age_hours', op, value },
  ];
  if (m[2] !== undefined) return age(cmpOp(m[1]), durationHours(toNum(m[2]), m[3]!));
  if (m[4] !== undefined) return age('>=', durationHours(toNum(m[4]), m[5]!));
  // "in cart for 2 days": right after the cart ("a cart reminder for 2 days" is how long it runs).
  if (m[6] !== undefined)
    return after.length <= 12 && !/\b(?:reminders?|nudges?|emails?|sms|push|texts?)\b/.test(after)
      ? age('>=', durationHours(toNum(m[6]), m[7]!))
      : null;
  if (m[8] !== undefined) return age('>=', durationHours(toNum(m[8]), m[9]!));
  if (m[10] !== undefined) return age('>=', durationHours(toNum(m[10]), m[11]!));
  if (m[13] !== undefined) return age('<=', durationHours(parseAmount(m[12] ?? '1') ?? 1, m[13]));
  if (/\bweekend\b/.test(m[0])) return age('<=', 72);
  if (/\b(?:week|wk)\b/.test(m[0])) return age('<=', 168);
  return age('<=', 24);
}

/** What holds products, never a product itself: a history, cart, basket, checkout or wishlist. */
const NOT_A_HOLDER = /^(?:histor(?:y|ies)|carts?|baskets?|wish-?lists?|checkouts?)$/;

/** Words before a holder that leave it a holder: "their cart", "browsing history", "order history". */
const HOLDER_QUALIFIER =
  /^(?:their|the|a|an|his|her|my|our|your|its|browsing|browse|viewing|view|search|shopping|purchase|order|buying|abandoned|recently|in|from|on)$/;

/** Words after which an unknown object cannot go on: the brief has moved to its offer or budget. */
const OBJECT_CUT = new Set(
  'total budget budgets spend access members-only early exclusive offer offers message messaging email emails sms push text campaign please thanks asap now need needs want wants like every each'.split(
    ' ',
  ),
);

function event(kind: EventKind, object: string, days: number | undefined, minCount?: number): EventCondition {
  const e: EventCondition = { event: kind };
  const w = where(object);
  if (w) e.where = w;
  if (days !== undefined) e.within_days = days;
  if (minCount !== undefined && minCount > 1) e.min_count = minCount;
  return e;
}

// Since the twelfth session the object also stops where the brief's next verb starts ("who bought
// drone also buy battery", "if they bought a kettle suggest descaler", "bought the candle show them
// the spray"): "also", "then", the offer's verbs and a verb of sending before a pronoun.
const OBJ = String.raw`((?:(?!\b(?:and|but|who|that|with|to|in|on|off us|over the|during|within|this|last|past|from|or|so|because|for|at least|more than|via|recently|yesterday|today|lately|since|by|through|should|will|would|get|gets|need|needs|could|can|using|plus|sitting|sat|waiting|idle|inside|also|then|suggest|recommend|upsell|cross-sell|(?:show|send|offer|give|pitch|email|text|remind|tell|hit|ping|nudge) (?:them|em|'em|him|her))\b|\b\d+\+?\s*(?:times?|x)\b|\b(?:over|under|above|below|worth)\s+(?:[$€£]|\d)|[<>]=?\s*[$€£\d]|\s-\s|-\s|\s*-+>|\s*=>|\s*→)[^,.;:!?()])*)`;

/**
 * "abandoned cart flow", "abandoned checkout rate", "cart abandonment": the programme or the
 * metric, not the people; a brief that names only these states the goal and no audience.
 */
const NOT_A_PROGRAMME = String.raw`(?![- ](?:rates?|flows?|series|campaigns?|programs?|programmes?|sequences?|journeys?|automations?|recovery|emails?|messages?)\b)`;

/** "more than once", "3+ times", "at least 2 times": how often an event happened (4 groups). */
const COUNT = String.raw`(?:\s*(?:(more than once)|(?:(${CMP})\s+)?(${NUM})(\+)?\s?(?:times?|x\b\+?)(?: or more)?))?`;

/**
 * `names`: the brief's names as its writer wrote them (brief-names.ts). Given, an object that holds
 * one is named after it, as the writers label it: a brand or line is a tag ("used to buy Playmobil"
 * -> `playmobil`, "the Leupold line"), a product named with "the" / "this" / "our" is one product,
 * its id the name and the head noun after it ("the Cozy Crew hoodie" -> `cozy-crew-hoodie`), and
 * "it" refers to the name before it. Not given (the model's features), the rules read as before.
 */
export function extractCriteria(raw: string, names: readonly BriefName[] = []): CriteriaExtraction {
  NAMED = names.length ? nameRoles(raw, names) : [];
  try {
    const out = extractFromText(raw);
    return NAMED.length && out.criteria ? { ...out, criteria: renamed(out.criteria) } : out;
  } finally {
    NAMED = [];
  }
}

function extractFromText(raw: string): CriteriaExtraction {
  // "the carrito", "carritos": the Spanish word for a cart, padded to its length so positions hold.
  const text = raw.replace(/\bcarritos?\b/g, (w) => (w.endsWith('s') ? 'carts' : 'cart').padEnd(w.length));
  let work = text;
  // "viewed X last week but didn't buy (any)": filled in from the viewing once every rule has run.
  const butNotBought = new Map<EventCondition, { window: boolean; object: boolean }>();
  const hits: Hit[] = [];
  const spans: Array<[number, number]> = [];

  const isTarget = (at: number): boolean =>
    TARGET_BEFORE.test(work.slice(Math.max(0, at - 40), at)) ||
    (TARGET_WORD_BEFORE.test(work.slice(Math.max(0, at - 40), at)) &&
      /^[^.;!?]{0,40}?\d\s?(?:%|percent)/.test(work.slice(at, at + 50)));
  const rule = (source: string, build: (m: RegExpExecArray) => Cond[] | null): void => {
    const re = new RegExp(source, 'g');
    for (let m = re.exec(work); m; m = re.exec(work)) {
      if (m[0].length === 0) {
        re.lastIndex++;
        continue;
      }
      const built = build(m);
      if (!built) continue;
      // A number the rule could not read never reaches the criteria (the schema would reject it).
      const conds = built.filter((c) => finiteValues(c));
      const start = m.index;
      let end = m.index + m[0].length;
      // "viewed chainsaws 30d", "leaf blower viewers 14d": an analyst's bare window right after an
      // event names its window (since the ninth session; carts keep their own ages).
      const bare =
        /^\s*(?:\(?(\d{1,3})(d|w)\)?|\((\d{1,3}) ?(days|weeks)\))(?=$|[\s,.;:!?)])(?!\s+(?:before|after|ago|early|later|left|out|from)\b)/.exec(
          work.slice(end),
        );
      const open = conds.filter(
        (c): c is EventCondition =>
          'event' in c && c.event !== 'abandoned_cart' && c.within_days === undefined,
      );
      if (bare && open.length === 1) {
        open[0]!.within_days = durationDays(Number(bare[1] ?? bare[3]), bare[2] ?? bare[4]!);
        end += bare[0].length;
      }
      if (conds.length) hits.push({ at: start, conds, phrase: text.slice(start, end).trim() });
      spans.push([start, end]);
      work = work.slice(0, start) + ' '.repeat(end - start) + work.slice(end);
      re.lastIndex = end;
    }
  };

  // Place: countries and cities (first, so no object phrase swallows them).
  const countryHits: Array<{ at: number; value: string; end: number }> = [];
  // "DE/FR/NL only", "DE + AT shoppers": two or more ISO codes in a list (one code alone is too
  // often a word: "de", "at", "it", "no").
  {
    const CODES: Record<string, string> = {
      de: 'Germany',
      fr: 'France',
      nl: 'Netherlands',
      at: 'Austria',
      es: 'Spain',
      it: 'Italy',
      be: 'Belgium',
      ch: 'Switzerland',
      se: 'Sweden',
      dk: 'Denmark',
      no: 'Norway',
      fi: 'Finland',
      pl: 'Poland',
      pt: 'Portugal',
      ie: 'Ireland',
      uk: 'UK',
      us: 'USA',
      ca: 'Canada',
      au: 'Australia',
      nz: 'New Zealand',
      mx: 'Mexico',
      br: 'Brazil',
    };
    const code = '(?:de|fr|nl|at|es|it|be|ch|se|dk|no|fi|pl|pt|ie|uk|us|ca|au|nz|mx|br)';
    // Slashes and pluses only: "in the UK, no coupons" is no Norway.
    const list = new RegExp(String.raw`\b${code}(?:\s*(?:/|\+)\s*${code})+\b`, 'g');
    for (let m = list.exec(work); m; m = list.exec(work)) {
      const start = m.index;
      for (const part of m[0].matchAll(/[a-z]{2}/g)) {
        const at = start + (part.index ?? 0);
        countryHits.push({ at, value: CODES[part[0]]!, end: at + 2 });
      }
    }
  }
  for (const [re, value] of COUNTRIES) {
    const g = new RegExp(re.source, 'g');
    for (let m = g.exec(work); m; m = g.exec(work)) {
      // "us" is a pronoun far more often than a country: only "in the us", "us customers", "us-based".
      if (
        m[0] === 'us' &&
        // "for US customers", "shipping to US": a word for people after it, or a delivery before it.
        !/^us[- ](?:customers|shoppers|users|buyers|clients|accounts|subscribers|members)\b/.test(
          work.slice(m.index),
        ) &&
        !/\b(?:ship|ships|shipping|shipped|delivery|deliveries|deliver|delivering|post|postage)\s+to\s+$/.test(
          work.slice(0, m.index),
        ) &&
        (/\b(?:from|with|to|for|by|of|at|about|join|joined|contact|tell|let|help|give|gave)\s+$/.test(
          work.slice(0, m.index),
        ) ||
          (!/\b(?:in|the|across)\s+$/.test(work.slice(0, m.index)) &&
            !/^us[- ](?:customers|shoppers|based|only|users|buyers)/.test(work.slice(m.index))))
      )
        continue;
      // "japanese maples", "nail polish", "most loved by canadians": a demonym is a country only
      // before a word for people ("french customers", "german shoppers").
      if (
        DEMONYM.test(m[0]) &&
        !/^(?:\s+(?:and|or|&|\+|\/|,)\s*[a-z]+|,)*\s+(?:cart |basket )?(?:customers?|shoppers?|buyers?|users?|members?|subscribers?|people|ppl|folks|clients?|audience|market|residents|fans|visitors|accounts|households|families|parents|readers|gardeners|drinkers|cooks|owners|abandoners|browsers|vips|regulars|orders?|sign-?ups|leads|registrants)\b/.test(
          work.slice(m.index + m[0].length),
        )
      )
        continue;
      if (!placeIsAudience(work, m.index, m.index + m[0].length)) continue;
      countryHits.push({ at: m.index, value, end: m.index + m[0].length });
      break;
    }
  }
  countryHits.sort((a, b) => a.at - b.at);
  const countries = [...new Set(countryHits.map((h) => h.value))];
  const countryNegated =
    countryHits.length > 0 &&
    /\b(?:outside|except|excluding|not in|but not|other than)\s+(?:the\s+)?$/.test(
      work.slice(Math.max(0, countryHits[0]!.at - 20), countryHits[0]!.at),
    );
  if (countries.length) {
    const at = countryHits[0]!.at;
    const cond: FieldCondition =
      countries.length === 1
        ? { field: 'location_country', op: countryNegated ? '!=' : '=', value: countries[0]! }
        : { field: 'location_country', op: countryNegated ? 'not_in' : 'in', value: countries };
    hits.push({ at, conds: [cond], phrase: countryHits.map((h) => text.slice(h.at, h.end)).join(', ') });
    for (const h of countryHits) {
      spans.push([h.at, h.end]);
      work = work.slice(0, h.at) + ' '.repeat(h.end - h.at) + work.slice(h.end);
    }
  }
  // Cities in order of mention, an earlier table row first ("new york" before "york"); a city that
  // is where the shop ships from or a product's name is no audience.
  const cityHits: Array<{ at: number; value: string; end: number }> = [];
  {
    const taken: Array<[number, number]> = [];
    for (const [re, value] of CITIES) {
      const g = new RegExp(re.source, 'g');
      for (let m = g.exec(work); m; m = g.exec(work)) {
        const end = m.index + m[0].length;
        if (taken.some(([a, b]) => m!.index < b && end > a)) continue;
        taken.push([m.index, end]);
        if (!placeIsAudience(work, m.index, end)) continue;
        cityHits.push({ at: m.index, value, end });
      }
    }
    cityHits.sort((a, b) => a.at - b.at);
  }
  const cities = [...new Set(cityHits.map((h) => h.value))];
  if (cities.length) {
    const at = cityHits[0]!.at;
    hits.push({
      at,
      conds: [
        cities.length === 1
          ? { field: 'location_city', op: '=', value: cities[0]! }
          : { field: 'location_city', op: 'in', value: cities },
      ],
      phrase: cities.join(', '),
    });
    for (const h of cityHits) {
      spans.push([h.at, h.end]);
      work = work.slice(0, h.at) + ' '.repeat(h.end - h.at) + work.slice(h.end);
    }
  }

  // A product named once and then referred to ("the moonstone ring restock is tiny. tell everyone
  // who wishlisted it", "the salmon kibble goes up in price - email its buyers", "cordless drill kit,
  // only 12 left, for viewers"): the event is on that product (its id as a slug), or on its kind when
  // the brief says "them" of a count noun ("trail shoe restock ... wishlisted them").
  const referred = (
    kind: EventKind,
    pronoun: string,
    at: number,
    days?: number,
    relative = true,
  ): Cond[] | null => {
    // "everyone who wishlisted it" is an audience; "1000 people bought it this week" is social proof.
    if (
      relative &&
      !/\b(?:who|who've|whove|that|which)\b(?:\s+[a-z']+){0,2}\s*$/.test(work.slice(Math.max(0, at - 30), at))
    )
      return null;
    const noun = /^th(?:at|is|ose|ese) (\w+)$/.exec(pronoun)?.[1];
    const ref = pronoun === 'it' || pronoun === 'them' ? nameBefore(at, pronoun === 'it' && relative) : null;
    const np = ref ? '' : namedProduct(text, at, noun && noun !== 'one' ? noun : undefined);
    if (!ref && !np) return null;
    const e: EventCondition = { event: kind };
    if (ref) e.where = ref;
    else if (!np) return null;
    else if (pronoun === 'them') {
      const w = where(np, true);
      if (!w) return null;
      e.where = w;
    } else e.where = { product_id: np.replace(/[^a-z0-9]+/g, '-').replace(/^-+|-+$/g, '') };
    if (days !== undefined) e.within_days = days;
    return kind === 'abandoned_cart' ? [e, { field: 'abandoned_cart_value', op: '>', value: 0 }] : [e];
  };
  // "has it sitting in an abandoned cart", "placed it in their cart", "had it in cart" (before the
  // cart rules read the cart).
  rule(
    String.raw`\b(?:has|have|had|with|got|placed|put|added)\s+(it|them)\s+(?:still\s+)?(?:sitting\s+|left\s+)?(?:in|into|to)\s+(?:(?:their|an|a|the|his|her)\s+)?(?:abandoned\s+)?(?:shopping\s+)?(?:carts?|baskets?)\b`,
    (m) => referred('abandoned_cart', m[1] === 'them' ? 'them' : 'it', m.index),
  );

  // "TN-760 buyers", "Hermes fans", "the Kestrel owners", "Aurora viewers in the last 30 days":
  // people named by a name of the brief, the event on that name (brief-names.ts). "Gold-tier
  // customers", "Den Haag clients", "Stitch Club people" are a tier, a place or a club: not here.
  for (const r of [...NAMED].sort((a, b) => b.norm.length - a.norm.length))
    rule(
      String.raw`${nameRe(r.norm).source}\s+(buyers?|purchasers?|owners|fans|collectors|viewers|browsers|wishlisters|abandoners)\b(?:${WITHIN})?`,
      (m) => {
        const who = m[1]!;
        const kind: EventKind = /viewers|browsers/.test(who)
          ? 'viewed_product'
          : who === 'wishlisters'
            ? 'wishlisted'
            : who === 'abandoners'
              ? 'abandoned_cart'
              : 'purchased';
        const e: EventCondition = { event: kind, where: { ...r.where } };
        const days = withinDays(m, 2);
        if (days !== undefined) e.within_days = days;
        return kind === 'abandoned_cart' ? [e, { field: 'abandoned_cart_value', op: '>', value: 0 }] : [e];
      },
    );

  // Briefs written in field names ("seg: sms_opt_in = true, days_since_last_purchase 45-90,
  // last_purchase_date IS NULL") are taken literally, as the catalogue names them.
  rule(
    String.raw`\b(${LITERAL_TEXT_FIELDS})\s*(?:==?|\bis\b)\s*(?!null\b)(true|false|yes|no|["']?[a-z][a-z0-9_ -]*?["']?)(?=$|[,.;:)]|\s+(?:and|or|&)\b)`,
    (m) => {
      const field = m[1]!;
      const raw = (m[2] ?? '').replace(/["']/g, '').trim();
      if (FIELDS_BY_NAME.get(field)?.type === 'boolean') {
        if (!/^(?:true|false|yes|no)$/.test(raw)) return null;
        return [{ field, op: '=', value: raw === 'true' || raw === 'yes' }];
      }
      if (field === 'location_country') {
        const c = lookup(COUNTRIES, raw);
        return [{ field, op: '=', value: c[0] ?? raw }];
      }
      return [{ field, op: '=', value: raw }];
    },
  );
  rule(String.raw`\b([a-z_]+)\s+is\s+null\b`, (m) => {
    const field = m[1]!;
    if (!FIELDS_BY_NAME.has(field)) return null;
    // No last purchase date: never bought (the same customers, DESIGN.md §5's event form).
    if (field === 'last_purchase_date') return [NEVER_BOUGHT];
    return [{ field, op: 'is_null' }];
  });
  rule(
    String.raw`\b(${NUMERIC_FIELDS})\s*(?:between\s+|in\s+)?\[?(${NUM})\s*(?:-|to|and|,)\s*(${NUM})\]?(?![\d%])`,
    (m) => {
      const lo = toNum(m[2]);
      const hi = toNum(m[3]);
      return lo < hi ? [{ field: m[1]!, op: 'between', value: [lo, hi] }] : null;
    },
  );
  // "purchase_frequency = 1", "orders_last_90_days == 0", "session_count != 0": a numeric field
  // named literally with an equality is that equality, its value as written.
  rule(String.raw`\b(${NUMERIC_FIELDS})\s*(==?|!=|<>)\s*(${NUM})(?![\d%.,]|\s*(?:%|percent|k\b))`, (m) => [
    { field: m[1]!, op: m[2] === '!=' || m[2] === '<>' ? '!=' : '=', value: toNum(m[3]) },
  ]);
  // "everyone who carries our exclusivity flag"
  rule(
    String.raw`\b(?:exclusivity|exclusive|vip)(?:[- ]seeker)?[- ]flag(?:\s*(?:=|is)\s*(?:true|set|on))?\b`,
    () => [{ field: 'exclusivity_seeker_flag', op: '=', value: true }],
  );
  // "the at-risk band (churn 0.4-0.6)", "clv 0.5-0.8": a score band, a range on the score.
  rule(
    String.raw`\b(churn|clv|ltv)(?:[ _](?:risk|probability|prob|score))*\s*(?:of\s+|between\s+|from\s+)?(0?\.\d+|0|1)\s*(?:-|to|and)\s*(0?\.\d+|1(?:\.0+)?)(?![\d%])`,
    (m) => {
      const lo = Number(m[2]);
      const hi = Number(m[3]);
      if (!(lo < hi) || hi > 1) return null;
      const field = m[1] === 'churn' ? 'churn_probability_score' : 'clv_score';
      return [{ field, op: 'between', value: [lo, hi] }];
    },
  );
  // Numeric profile fields with a threshold or a range: "discount sensitivity above 0.7",
  // "CTR over 5%", "LTV between $500 and $1,500", "scarcity uplift > 0.05", "churn_probability_score >= 0.7".
  const heads: Array<{
    head: string;
    field: (m: RegExpExecArray) => string | null;
    kind: ValueKind;
    shift: number;
  }> = [
    ...FIELD_PHRASES.map((f) => ({
      head: String.raw`\b(?:(?:a|an|the|their|high|low|higher|lower)\s+)*(?:${f.phrase})`,
      field: () => f.field,
      kind: f.kind,
      shift: 0,
    })),
    {
      head: String.raw`\b(?:(?:a|an|the|their|high|higher)\s+)*(${UPLIFT_WORD_SOURCE})[- ]uplift(?:\s+scores?)?`,
      field: (m) => {
        const t = upliftTrigger(m[1] ?? '');
        return t ? upliftField(t) : null;
      },
      kind: 'score',
      shift: 1,
    },
    {
      head: String.raw`\b(${NUMERIC_FIELDS})`,
      field: (m) => m[1] ?? null,
      kind: 'score',
      shift: 1,
    },
  ];
  const VAL = String.raw`(?:${CUR})\s?(${NUM})\s?(k\b)?\s?(%|percent\b|pct\b|(?:st|nd|rd|th)\b(?: percentile)?|seconds?\b|secs?\b|s\b|minutes?\b|mins?\b)?`;
  const TAIL = String.raw`(?:\s+scores?)?\s*(?:of\s+|is\s+|:\s*|=\s*)?\(?\s*`;
  for (const h of heads) {
    const value = (
      kind: ValueKind,
      n: string | undefined,
      k: string | undefined,
      unit: string | undefined,
    ): number => {
      // "above 06" is "above 0.6" typed without its point.
      if ((kind === 'score' || kind === 'rate') && !unit && /^0\d+$/.test(n ?? ''))
        return Number(`0.${n!.slice(1)}`);
      let v = parseAmount(n ?? '0') ?? 0;
      if (k) v *= 1000;
      if (kind === 'score' || kind === 'rate')
        return unit && /%|percent|pct|th|st|nd|rd/.test(unit) ? round(v / 100) : v > 1 ? round(v / 100) : v;
      if (kind === 'seconds' && unit && /^min/.test(unit)) return v * 60;
      return v;
    };
    const kindOf = (field: string): ValueKind =>
      h.shift === 1 && !/^uplift/.test(field) ? literalKind(field) : h.kind;
    rule(`${h.head}${TAIL}between\\s+${VAL}\\s+(?:and|to|-)\\s+${VAL}`, (m) => {
      const field = h.field(m);
      if (!field || isTarget(m.index)) return null;
      const i = 1 + h.shift;
      const unit = m[i + 2] ?? m[i + 5];
      const kind = kindOf(field);
      return [
        {
          field,
          op: 'between',
          value: [value(kind, m[i], m[i + 1], unit), value(kind, m[i + 3], m[i + 4], unit)],
        },
      ];
    });
    // "whose aov is $80-120", "open rate 10-30%": a range written with a dash.
    rule(`${h.head}${TAIL}${VAL}\\s*(?:-|to)\\s*${VAL}(?![\\d.])`, (m) => {
      const field = h.field(m);
      if (!field || isTarget(m.index)) return null;
      const i = 1 + h.shift;
      const unit = m[i + 2] ?? m[i + 5];
      const kind = kindOf(field);
      const lo = value(kind, m[i], m[i + 1], unit);
      const hi = value(kind, m[i + 3], m[i + 4], unit);
      return lo < hi ? [{ field, op: 'between', value: [lo, hi] }] : null;
    });
    rule(`${h.head}${TAIL}(${CMP})\\s*${VAL}`, (m) => {
      const field = h.field(m);
      if (!field || isTarget(m.index)) return null;
      const i = 1 + h.shift;
      return [{ field, op: cmpOp(m[i]), value: value(kindOf(field), m[i + 1], m[i + 2], m[i + 3]) }];
    });
    rule(`${h.head}${TAIL}${VAL}\\+`, (m) => {
      const field = h.field(m);
      if (!field || isTarget(m.index)) return null;
      const i = 1 + h.shift;
      return [{ field, op: '>=', value: value(kindOf(field), m[i], m[i + 1], m[i + 2]) }];
    });
  }

  // "dashcam carts", "treadmill cart reminder", "basket reminder, jigsaws": a product before "cart(s)"
  // or after a cart reminder names what the cart holds.
  rule(
    String.raw`(?:(?:(?<=\b([a-z][a-z-]+) )|)\b([a-z][a-z-]+) (?:carts|baskets|cart reminders?|basket reminders?|cart nudges?|(cart|basket)(?= (?:sitting|left|idle|waiting|untouched|abandoned|reminders?|nudges?|older|from|with|that|which|over|under|above|worth)\b))\b|\b(?:cart|basket) (?:reminders?|nudges?)\s*(?:,|:|-|for)\s*([a-z][a-z-]+)(?=\s*(?:$|[,.;:!?)]|\s-\s)))`,
    (raw) => {
      // The modifier is read by a lookbehind ("desk lamp carts", "tea tray baskets"), so a verb
      // before the product ("hit turntable carts") does not hide it.
      const mod = raw[1] && nounModifier(raw[1]) && !/^(?:abandon\w*|shopping)$/.test(raw[1]) ? raw[1] : '';
      const m = [raw[0], raw[2], raw[4]] as unknown as RegExpExecArray;
      m.index = raw.index - (mod ? mod.length + 1 : 0);
      const w = m[1] ?? m[2] ?? '';
      if (
        NOT_A_PRODUCT.has(w) ||
        OBJECT_STOP.has(w) ||
        /^(?:abandoned|abandon\w*|their|the|old|open|full|empty|shopping|saved|pending|unpaid|left|left-behind|forgotten|unfinished|idle|dormant|stale|recent|big|small|large|carts?|baskets?|sms|email|push)$/.test(
          w,
        ) ||
        /(?:ed|ing|ly)$/.test(w)
      )
        return null;
      const known = lookup(CATEGORIES, w).concat(lookup(CATEGORIES, plural(w)));
      // An unknown noun only where a clause starts ("dashcam carts", "for treadmill carts"): "a plain
      // cart reminder" and "whose baskets" name no product.
      const clause =
        m[2] !== undefined ||
        /(?:^|[.;:!?,(-]\s*|\b(?:for|of|with|on|to|the|abandoned|left)\s+)$/.test(
          work.slice(Math.max(0, m.index - 10), m.index),
        );
      if (
        !known.length &&
        (!clause ||
          /^(?:whose|which|what|plain|simple|gentle|quick|friendly|soft|standard|usual|normal|regular|basic|final|your|our|my|his|her|this|that|these|those|any|every|each)$/.test(
            w,
          ))
      )
        return null;
      const noun = known.length ? known[0]! : productModifier(w, true);
      if (!noun) return null;
      return [
        {
          event: 'abandoned_cart',
          where: { category: known.length || !mod ? noun : slug(`${mod} ${noun}`) },
        },
        { field: 'abandoned_cart_value', op: '>', value: 0 },
      ];
    },
  );
  // Abandoned carts, with optional value and age.
  let cartValue: FieldCondition | null = null;
  // "abandoned_cart_age_hours <= 2, value >= 50": a bare "value" next to a cart is the cart's.
  rule(String.raw`\bvalue\s*(?:of\s+)?(>=|<=|>|<|${CMP})\s*${MONEY}`, (m) => {
    const before = text.slice(0, m.index);
    if (
      cartValue ||
      !(
        /\b(?:carts?|baskets?|abandon\w*|abandoned_cart_\w+)\b[^.;:!?]{0,40}$/.test(before.slice(-60)) ||
        // "remind of the cart ... . Value more than 50EUR": a sentence that starts with the value
        // goes on about the cart named before it.
        (/(?:^|[.;:!?]\s*)(?:(?:basket|cart|the)\s+)?$/.test(before) &&
          /\b(?:carts?|baskets?|abandon\w*)\b/.test(before))
      )
    )
      return null;
    cartValue = { field: 'abandoned_cart_value', op: cmpOp(m[1]), value: money(m[2], m[3]) };
    // "Basket value under £20": an upper bound alone still means there is a cart.
    if (cartValue.op === '<' || cartValue.op === '<=')
      return [cartValue, { field: 'abandoned_cart_value', op: '>', value: 0 }];
    return [cartValue];
  });
  let cartAge = false;
  // "carts between $50 and $150"
  rule(
    String.raw`\b(?:(?:abandoned|their|a|the)\s+)?(?:carts?|baskets?|bags?)(?: value| total)?\s+(?:(?:worth\s+|valued(?: at)?\s+|of\s+|totall?ing\s+)?between\s+${MONEY}\s+(?:and|to|-)\s+|(?:worth\s+|valued at\s+|of\s+|totall?ing\s+)?(?=[$€£])${MONEY}\s*(?:to|-)\s*)${MONEY}`,
    (m) => {
      cartValue = {
        field: 'abandoned_cart_value',
        op: 'between',
        value: [money(m[1] ?? m[3], m[2] ?? m[4]), money(m[5], m[6])],
      };
      return [cartValue];
    },
  );
  // "carts abandoned 1-3 days ago", "abandoned 4-24 hours ago"
  rule(
    String.raw`\b(?:(?:carts?|baskets?|bags?)\s+)?(?:abandoned|left)\s+(?:between\s+)?(${NUM})\s*(?:-|to|and)\s*(${NUM})\s*(${UNIT})\s+ago`,
    (m) => {
      cartAge = true;
      const conds: Cond[] = [
        {
          field: 'abandoned_cart_age_hours',
          op: 'between',
          value: [durationHours(toNum(m[1]), m[3]!), durationHours(toNum(m[2]), m[3]!)],
        },
      ];
      if (!cartValue) conds.push({ field: 'abandoned_cart_value', op: '>', value: 0 });
      return conds;
    },
  );
  // "baskets left in the last 24 hours", "carts from the last 6 hours", "abandoned in the last 12h"
  rule(
    String.raw`\b(?:(?:carts?|baskets?|bags?)\s+(?:(?:that were|which were|they)\s+)?(?:left|abandoned|from)|abandoned)\s+(?:in\s+|within\s+|over\s+|during\s+)?(?:the\s+)?(?:last|past)\s+(?:(${NUM})\s*)?(${UNIT})`,
    (m) => {
      cartAge = true;
      const conds: Cond[] = [
        {
          field: 'abandoned_cart_age_hours',
          op: '<=',
          value: durationHours(parseAmount(m[1] ?? '1') ?? 1, m[2]!),
        },
      ];
      // "baskets left in the last 24 hours" names the abandoners too.
      if (!cartValue && /^(?:carts?|baskets?|bags?)\b/.test(m[0]))
        conds.push({ field: 'abandoned_cart_value', op: '>', value: 0 });
      return conds;
    },
  );
  // "carts abandoned more than 24 hours ago", "abandoned carts older than 3 days"
  rule(
    String.raw`\b(?:(?:carts?|baskets?|bags?)\s+)?(?:abandoned|left)?\s*(?:more than|over|at least|older than)\s+(${NUM})\s*(${UNIT})(?:\s+(?:ago|old))?`,
    (m) => {
      const before = text.slice(Math.max(0, m.index - 30), m.index + m[0].length);
      if (!/\b(?:carts?|baskets?|bags?|abandon\w*)\b/.test(before) || !/ago|old|older/.test(m[0]))
        return null;
      cartAge = true;
      const op = /at least/.test(m[0]) ? '>=' : '>';
      const conds: Cond[] = [
        { field: 'abandoned_cart_age_hours', op, value: durationHours(toNum(m[1]), m[2]!) },
      ];
      if (!cartValue) conds.push({ field: 'abandoned_cart_value', op: '>', value: 0 });
      return conds;
    },
  );
  // "carts less than 24 hours old", "carts that are 3+ days old", "carts aged 1 to 3 days"
  rule(
    String.raw`\b(?:carts?|baskets?|bags?)(?:\s+(?:that are|which are|that were|aged|of age))?\s+(?:(?:(${CMP})\s+)?(${NUM})(\+)?\s*(${UNIT})\s+old|(?:between\s+)?(${NUM})\s*(?:-|to|and)\s*(${NUM})\s*(${UNIT})(?:\s+old)?|(?:(${CMP})\s+)?(${NUM})(\+)?\s*(${UNIT})(?=\s*(?:$|[,.;:)]|and\b)))`,
    (m) => {
      if (!/\bold\b|\baged\b/.test(m[0])) return null;
      cartAge = true;
      const conds: Cond[] = [];
      if (m[6])
        conds.push({
          field: 'abandoned_cart_age_hours',
          op: 'between',
          value: [durationHours(toNum(m[5]), m[7]!), durationHours(toNum(m[6]), m[7]!)],
        });
      else {
        const [c, n, plus, u] = m[2] ? [m[1], m[2], m[3], m[4]] : [m[8], m[9], m[10], m[11]];
        conds.push({
          field: 'abandoned_cart_age_hours',
          op: plus ? '>=' : cmpOp(c, '>='),
          value: durationHours(Number(n), u!),
        });
      }
      if (!cartValue) conds.push({ field: 'abandoned_cart_value', op: '>', value: 0 });
      return conds;
    },
  );
  // "whose abandoned cart had outerwear in it", "whose cart has a limited_edition item in it"
  rule(
    String.raw`\b(?:(?:whose|with an?|their)\s+(?:abandoned\s+)?(?:carts?|baskets?|bags?)\s+(?:had|has|have|contains?|contained|containing|includes?|included)|(?:abandoned\s+)?(?:carts?|baskets?)\s+(?:contains?|contained|includes?|included))\s+(?:only\s+)?(?:(a\s+|an\s+)|some\s+|any\s+)?${OBJ}(?:\s+in (?:it|them))?`,
    // "cart contains nappies": a cart that holds a count noun is a content like "containing".
    (m) => cartContents(`${m[1] ?? ''}${m[2] ?? ''}`, true),
  );
  // "abandoned a cart with sneakers in it", "left dresses in their basket", "carts containing a
  // limited edition item": the cart's contents, when they name a category, tag or product.
  rule(
    String.raw`\b(?:(?:abandoned|left)\s+(?:a\s+|an\s+|their\s+|the\s+|his\s+|her\s+)?(?:shopping\s+)?(?:carts?|baskets?|bags?)|(?:abandoned\s+)?(?:carts?|baskets?)(?:\s+(?:left|abandoned))?|(?:cart\s+|basket\s+)?abandon+ers|(?<=\b(?:carts?|baskets?)\s+(?:over|under|above|below|worth|of|>|<)\s*[$€£]?\s?\d[\d,.]*k?\+?))\s+(?:with|containing|holding|that (?:had|has|have|contained|contain)|which (?:had|has|contained)|full of)\s+((?:a\s+|an\s+)?)(?:some\s+|any\s+)?${OBJ}(?:\s*in (?:it|them)|\s*inside|\s+in(?=\s*(?:$|[-,.;:!?])))?|\b(?:left|forgot|forgotten|abandoned|leave|leaves|leaving|put|puts|putting|added|adds|adding|add|placed|places|placing|packed|packing|dropped)\s+((?:a\s+|an\s+)?)(?:some\s+|the\s+|their\s+)?${OBJ}\s+(?:in|into|to|sitting in|sat in|behind in)\s+(?:(?:their|the|a|his|her)\s+)?(?:shopping\s+)?(?:carts?|baskets?|bags?)`,
    (m) =>
      m[2] !== undefined
        ? cartContents(
            `${m[1] ?? ''}${m[2]}`,
            /\b(?:containing|holding|had|has|have|contained|contain|full of)\b/.test(m[0]) ||
              /\bin (?:it|them)$|inside$/.test(m[0]) ||
              /^\s*$/.test(m[1] ?? '') ||
              // "a cart with a grinder": an article before a product noun; "with a discount code" is no content.
              (!m[2]
                .trim()
                .split(/\s+/)
                .some((x) => NOT_CART_CONTENT.test(x) || /ed$/.test(x)) &&
                !/\b(?:carts?|baskets?|checkouts?|worth|valued|totall?ing|items?|products?|things|stuff)\b/.test(
                  m[2],
                )),
          )
        : // Since the eleventh session also a plain noun the gazetteer lacks, as the verb says it was
          // put in the cart ("left yarn in the cart", "placed oud oils in their basket", "added
          // kettles to their cart", "put runner in cart").
          (cartContents(`${m[3] ?? ''}${m[4] ?? ''}`, true) ?? plainContents(`${m[3] ?? ''}${m[4] ?? ''}`)),
  );
  // "ppl w earrings in cart over $120", "abandoners with vitamins in their basket"
  rule(
    String.raw`\b(?:with|having)\s+((?:a\s+|an\s+)?)(?:some\s+|any\s+)?${OBJ}\s+(?:(?:sat|sitting|left|waiting|still)\s+)?(?:in|inside)\s+(?:their\s+|the\s+|a\s+)?(?:shopping\s+)?(?:carts?|baskets?|bags?)\b`,
    (m) => cartContents(`${m[1] ?? ''}${m[2] ?? ''}`, true),
  );
  // Since the ninth session, contents told in more ways, the object plain nouns even when the
  // gazetteer lacks them: "shoes in carts:", "tree stands left in carts", "who have tyres in their
  // cart" (R1); "carts of belts", "abandoned cart of oolong" (R2); "starter kit carts", "exhaust cart
  // bailers" (R3).
  rule(
    String.raw`(?:^|(?<=[.;:!?]\s{0,3})|\b(?:with|having|have|has|had|got)\s+)((?:a\s+|an\s+)?)(?:some\s+|any\s+|the\s+|their\s+)?${OBJ}\s+(?:(?:left|sitting|sat|still|waiting|resting)\s+)?(?:in|inside)\s+(?:their\s+|the\s+|a\s+|his\s+|her\s+)?(?:shopping\s+)?(?:carts?|baskets?)\b`,
    (m) => plainContents(`${m[1] ?? ''}${m[2] ?? ''}`),
  );
  rule(
    // A singular cart only when abandoned: "a $900 cart of saddles" is one customer's story.
    String.raw`\b(?:abandoned\s+(?:carts?|baskets?)|carts|baskets)\s+of\s+((?:a\s+|an\s+)?)(?:the\s+)?${OBJ}`,
    (m) => plainContents(`${m[1] ?? ''}${m[2] ?? ''}`),
  );
  rule(
    String.raw`(?:^|(?<=[.;:!?]\s{0,3})|(?<=\b(?:for|to|remind|target|the|all|our)\s))([a-z][a-z-]*(?:\s[a-z][a-z-]*)?)\s+(?:carts|baskets|cart bailers)\b`,
    (m) => (/(?:ed|ing)\b/.test(m[1] ?? '') ? null : plainContents(m[1] ?? '')),
  );
  // "basket abandoners with fitness equipment over £250": a value told after the contents.
  // A number cut before its last digits is no value: ">24h", "over 48h" are ages (twelfth session).
  rule(
    String.raw`(?:\b|(?=[<>]))(${CMP})\s*${MONEY}(?!\d|\s*(?:items?|products?|pieces?|things|units|articles|hours?|hrs?|h\b|days?|weeks?|minutes?|mins?|orders?|purchases?|in (?:lifetime|total)|lifetime|ltv|clv|aov|(?:[a-z]+ )?(?:people|parents|customers|shoppers|buyers|owners|reviews?|ratings?|sold|fans|members|users|families|households|others)\b))`,
    (m) => {
      if (
        cartValue ||
        m[1] === 'up to' ||
        !/\babandon\w*|\bleft\b|\bin (?:their |the )?(?:carts?|baskets?)\b/.test(text)
      )
        return null;
      const before = text.slice(Math.max(0, m.index - 50), m.index);
      const cart =
        /\b(?:abandoners?|carts?|baskets?)\b(?!.*\b(?:aov|order values?|average|ltv|clv|lifetime|spen[dt]|spending|orders?)\b)/.exec(
          before,
        );
      // "the average basket": the AOV, not a cart.
      if (!cart || /\b(?:average|avg)\s+$/.test(before.slice(0, cart.index))) return null;
      cartValue = { field: 'abandoned_cart_value', op: cmpOp(m[1]), value: money(m[2], m[3]) };
      if (cartValue.op === '<' || cartValue.op === '<=')
        return [cartValue, { field: 'abandoned_cart_value', op: '>', value: 0 }];
      return [cartValue];
    },
  );
  // "carts worth £400-£2,000, 1 to 3 days old": a range of ages told apart from the cart.
  rule(String.raw`\b(?:between\s+)?(${NUM})\s*(?:-|to|and)\s*(${NUM})\s*(${UNIT})\s+old\b`, (m) => {
    const around = text.slice(Math.max(0, m.index - 60), m.index);
    if (!/\b(?:carts?|baskets?|abandon\w*)\b/.test(around) || cartAge) return null;
    cartAge = true;
    const conds: Cond[] = [
      {
        field: 'abandoned_cart_age_hours',
        op: 'between',
        value: [durationHours(toNum(m[1]), m[3]!), durationHours(toNum(m[2]), m[3]!)],
      },
    ];
    if (!cartValue) conds.push({ field: 'abandoned_cart_value', op: '>', value: 0 });
    return conds;
  });
  // "carts with a laptop that are 4+ days old": the age told after the contents.
  rule(
    String.raw`\b(?:that|which|they)\s+(?:are|were|is|was|have been)\s+(?:(${CMP})\s+)?(${NUM})(\+)?\s*(${UNIT})\s+old\b`,
    (m) => {
      const around = text.slice(Math.max(0, m.index - 60), m.index);
      if (!/\b(?:carts?|baskets?|abandon\w*)\b/.test(around) || cartAge) return null;
      cartAge = true;
      const op = m[3] ? '>=' : cmpOp(m[1], '>=');
      const conds: Cond[] = [
        { field: 'abandoned_cart_age_hours', op, value: durationHours(toNum(m[2]), m[4]!) },
      ];
      if (!cartValue) conds.push({ field: 'abandoned_cart_value', op: '>', value: 0 });
      return conds;
    },
  );
  // "carts sitting for more than 2 days", "baskets idle for 3+ days"
  rule(
    String.raw`\b(?:carts?|baskets?|bags?|it|they|items?)?\s*(?:(?:has|have) been\s+|been\s+)?(?:sitting|idle|untouched|unattended|waiting|abandoned|left(?: unattended| untouched| idle| sitting)?)(?: there)?\s+(?:for\s+)?(?:(${CMP})\s+)?(${NUM})(\+)?\s*(${UNIT})(?!\s+ago)`,
    (m) => {
      const around = text.slice(Math.max(0, m.index - 60), m.index + m[0].length);
      if (
        !/\b(?:carts?|baskets?|abandon\w*)\b/.test(around) ||
        !/sitting|idle|untouched|unattended|waiting/.test(m[0])
      )
        return null;
      cartAge = true;
      const op = m[3] ? '>=' : m[1] ? cmpOp(m[1]) : '>=';
      const conds: Cond[] = [
        { field: 'abandoned_cart_age_hours', op, value: durationHours(toNum(m[2]), m[4]!) },
      ];
      if (!cartValue) conds.push({ field: 'abandoned_cart_value', op: '>', value: 0 });
      return conds;
    },
  );
  // "abandoned a cart with a grinder for more than 2 days": the cart's age told after its contents.
  rule(String.raw`\bfor\s+(more than|over|at least|longer than)\s+(${NUM})\s*(${UNIT})\b(?!\s+ago)`, (m) => {
    const before = text.slice(Math.max(0, m.index - 70), m.index);
    if (
      cartAge ||
      !/\b(?:carts?|baskets?|abandon\w*)\b/.test(before) ||
      /\b(?:bought|ordered|purchased|shopped|lapsed|inactive|haven'?t|not)\b/.test(before)
    )
      return null;
    cartAge = true;
    const conds: Cond[] = [
      {
        field: 'abandoned_cart_age_hours',
        op: m[1] === 'at least' ? '>=' : '>',
        value: durationHours(toNum(m[2]), m[3]!),
      },
    ];
    if (!cartValue) conds.push({ field: 'abandoned_cart_value', op: '>', value: 0 });
    return conds;
  });
  rule(
    String.raw`\b(?:(?:carts?|baskets?|bags?|checkouts?)(?: value| total)?\s+(?:worth|valued at|of|totall?ing|with|are|is|were|was)?\s*(${CMP})\s+${MONEY}(?!\d|\s*(?:items?|products?|pieces?|things|units|articles|hours?|hrs?|h\b|days?|weeks?|minutes?|mins?))|(?:${CUR})(${NUM})\s?(k)?\s?\+\s?(?:carts?|baskets?)|(?:carts?|baskets?)(?: value)?\s+(?:worth|valued at|of|totall?ing)\s+(?:${CUR})(${NUM})\s?(k)?\s?\+|(?:high[- ]value|big[- ]ticket|large) (?:carts?|baskets?))`,
    (m) => {
      // "push the average basket up to £70": the AOV target, not a cart.
      const lead = text.slice(Math.max(0, m.index - 40), m.index);
      if (/\b(?:average|avg)\s+$/.test(lead) || (m[1] === 'up to' && TARGET_BEFORE.test(lead))) return null;
      // "we absorb the delivery charge for baskets above $80": the order an offer needs, not a cart left.
      if (
        /\b(?:shipping|delivery|postage|freight|courier|charge|fee)\b[^.;!?]{0,30}\b(?:for|on)\s+$/.test(
          lead,
        ) &&
        !/\b(?:abandon\w*|left|remind\w*|forgot\w*|sitting|reminder|going cold|cold|idle|unfinished|waiting)\b/.test(
          text,
        )
      )
        return null;
      if (m[2] !== undefined) {
        cartValue = { field: 'abandoned_cart_value', op: cmpOp(m[1]), value: money(m[2], m[3]) };
        // "carts under $40": an upper bound alone still means there is a cart.
        if (cartValue.op === '<' || cartValue.op === '<=')
          return [cartValue, { field: 'abandoned_cart_value', op: '>', value: 0 }];
      } else if (m[4] !== undefined)
        cartValue = { field: 'abandoned_cart_value', op: '>=', value: money(m[4], m[5]) };
      else if (m[6] !== undefined)
        cartValue = { field: 'abandoned_cart_value', op: '>=', value: money(m[6], m[7]) };
      else return null;
      return [cartValue];
    },
  );
  // "dog owners", "cat parents": a shop knows pet owners by what they buy for the pet.
  rule(
    String.raw`\b(?:new\s+)?(dog|puppy|cat|kitten|bird|fish|rabbit|horse|reptile)\s+(?:owners|parents|people|lovers|households)\b`,
    (m) => {
      // "puppy parents (bought puppy food in the last 3 months)": the stated purchase is the audience.
      if (
        /\b(?:bought|purchased|ordered|buy|buys)\s+(?:\w+\s+){0,2}?(?:dog|puppy|cat|kitten|bird|fish|rabbit)\b/.test(
          text,
        )
      )
        return null;
      const animal = ({ puppy: 'dog', kitten: 'cat' } as Record<string, string>)[m[1]!] ?? m[1]!;
      return [boughtCategory(`${animal}_supplies`)];
    },
  );
  // "a reminder for abandoned bikes", "abandoned sneakers": a product abandoned is in an abandoned cart.
  rule(
    String.raw`\b(?:abandoned|abandoning)\s+(?:their\s+|the\s+)?([a-z-]+)(?:\s+([a-z-]+))?(?=$|[\s,.;:!?()-])`,
    (m) => {
      const one = m[1] ?? '';
      if (/^(?:carts?|baskets?|bags?|checkouts?|orders?|purchases?|items?|products?)$/.test(one)) return null;
      // "running shoes": the second word is the head when it is itself a product.
      const two = m[2] && lookup(CATEGORIES, m[2]).length ? `${one} ${m[2]}` : one;
      if (!lookup(CATEGORIES, two).length || NOT_A_PRODUCT.has(one)) return null;
      return cartContents(two);
    },
  );
  // "headphone abandoners", "sofa cart abandoners": what the abandoned cart holds.
  rule(String.raw`\b([a-z-]+) (?:cart |basket |checkout )?abandon+ers\b`, (m) => {
    const words = (m[1] ?? '').split(' ').filter((w) => !/^(?:cart|basket|checkout|bag)s?$/.test(w));
    const object = words[words.length - 1] ?? '';
    // Known products only: "fresh abandoners", "remind abandoners" name no product.
    // A noun used as a modifier is singular ("headphone abandoners"): its plural may be the known word.
    const c = lookup(CATEGORIES, object).concat(lookup(CATEGORIES, plural(object)));
    if (!c.length) return null;
    const noun = c[0]!;
    return [
      { event: 'abandoned_cart', where: { category: noun } },
      { field: 'abandoned_cart_value', op: '>', value: 0 },
    ];
  });
  rule(
    String.raw`\b(?:(?:who |that |have |who have |who've |recently )?abandon(?:ed|ing|s)? (?:their |a |the |an |his |her )?(?:shopping |online )?(?:carts?|baskets?|bags?|checkouts?|orders?|purchases?)${NOT_A_PROGRAMME}|abandon(?:ed)?[- ](?:carts?|baskets?|checkouts?)${NOT_A_PROGRAMME}|cart[- ]abandoners?|abandoners|left (?:a|their|the|an) (?:shopping )?(?:carts?|baskets?)(?: behind)?|(?:left|leave|forgot|forgotten) (?:\w+ )?(?:items?|products?|things|stuff|something|goods|it|them|\w+)? ?(?:in|behind in|sitting in|in their|in the) (?:their |the |a |his |her )?(?:carts?|baskets?|bags?)|(?:items?|products?|stuff|things|goods) (?:still |sitting |siting |left )*in (?:their |the |a |his |her )?(?:shopping )?(?:carts?|baskets?|bags?)|(?:didn'?t|did not|never|failed to) (?:complete|finish|check ?out)(?: their| the)? ?(?:checkout|order|purchase)?|(?:carts?|baskets?|checkouts?|bags?) (?:that were |which were |that got |they )?(?:abandoned|left behind|left unpaid)|incomplete (?:checkouts?|orders?)|(?:dropped (?:off |out )?|bailed |bounced |quit |stopped )(?:at|during|before|on) (?:the )?(?:checkout|payment|cart|basket)(?: (?:page|step|stage))?)(?:\s*${WITHIN})?`,
    (m) => {
      const conds: Cond[] = [];
      if (!cartValue) conds.push({ field: 'abandoned_cart_value', op: '>', value: 0 });
      // "recover 25% of the abandoned carts this month": the target's horizon, not the carts' age.
      const target = /\d\s?(?:%|percent)\s+of\s+(?:the\s+|their\s+|our\s+)?$/.test(
        text.slice(Math.max(0, m.index - 20), m.index),
      );
      const h = target ? undefined : withinHours(m, 1);
      // A cart abandoned yesterday is 24 to 48 hours old, not "within a day".
      if (m[6] === 'yesterday' && !cartAge && !target)
        conds.push({ field: 'abandoned_cart_age_hours', op: 'between', value: [24, 48] });
      else if (h !== undefined && !cartAge)
        conds.push({ field: 'abandoned_cart_age_hours', op: '<=', value: h });
      return conds;
    },
  );
  if (
    (cartValue ||
      hits.some((h) => h.conds.some((c) => 'field' in c && c.field === 'abandoned_cart_value'))) &&
    !hits.some((h) => h.conds.some((c) => 'field' in c && c.field === 'abandoned_cart_age_hours'))
  ) {
    rule(
      String.raw`(?:\b(?:in|within|over) (?:the )?(?:last|past|first) (?:(${NUM}) )?(hours?|hrs?|h|days?|weeks?)|\(\s*(?:under|less than|within|<|up to)\s*(${NUM})\s*(hours?|hrs?|h|days?)\s*\)|\b(?:from |since )?(yesterday)\b|\b(?:(?:the )?(?:last|past)|within) (${NUM}) ?(hours?|hrs?|h|days?)\b)`,
      (m) =>
        // "a 15% lift in cart recovery rate within 30 days": the target's horizon, not the cart's age.
        /(?:\d\s?(?:%|percent|pts|points?)|\brates?|\blift|\btarget\w*|\bgoal|\baim\w*|\bkpi|\borders|\bpurchases)\b[^.;:!?]{0,40}$/.test(
          text.slice(Math.max(0, m.index - 60), m.index),
        )
          ? null
          : m[5]
            ? [{ field: 'abandoned_cart_age_hours', op: 'between', value: [24, 48] }]
            : m[6]
              ? [{ field: 'abandoned_cart_age_hours', op: '<=', value: durationHours(toNum(m[6]), m[7]!) }]
              : [
                  {
                    field: 'abandoned_cart_age_hours',
                    op: m[3] ? '<' : '<=',
                    value: m[3]
                      ? durationHours(toNum(m[3]), m[4]!)
                      : durationHours(parseAmount(m[1] ?? '1') ?? 1, m[2]!),
                  },
                ],
    );
  }
  // "abandoned carts from the past day worth over $100", "over $100 in their cart"
  rule(
    String.raw`\b(?:(?:worth|valued at|totall?ing)\s+(${CMP})\s+${MONEY}|(?:(${CMP})\s+)?(?:\$|€|£)(${NUM})\s?(k)?(\+)?\s+(?:worth of (?:\w+ )?|of (?:\w+ )?)?(?:in|sitting in|left in) (?:their|the|a|an|his|her) (?:abandoned )?(?:carts?|baskets?|bags?))`,
    (m) => {
      if (cartValue) return null;
      if (m[2] !== undefined) {
        if (!/\b(?:carts?|baskets?|abandon\w*|checkouts?)\b/.test(text)) return null;
        cartValue = { field: 'abandoned_cart_value', op: cmpOp(m[1]), value: money(m[2], m[3]) };
      } else
        cartValue = {
          field: 'abandoned_cart_value',
          op: m[7] ? '>=' : cmpOp(m[4], '>='),
          value: money(m[5], m[6]),
        };
      if (cartValue.op === '<' || cartValue.op === '<=')
        return [cartValue, { field: 'abandoned_cart_value', op: '>', value: 0 }];
      return [cartValue];
    },
  );
  // Terse cart briefs (seventh session): "Denmark carts, last 3 days. Remind.", "carts >$200, last
  // 12h", "Cart reminder. Older than 2 days.", "shoe carts, 24-48h", "reminder 2h after abandon",
  // "send it when 48 hours have passed". A cart named as the audience, a cart reminder or a reminder
  // about what sits in the cart is a customer with a cart; its age may stand anywhere in the brief.
  // Strong: the carts are the audience ("Denmark carts", "for shoe carts", "carts, last 3 days"), or
  // something sits in their cart, or the basket is not confirmed. Weak: a cart reminder alone ("cart
  // reminder", "recover 400 carts with a plain reminder" name no audience), a cart only with an age.
  const cartStrong =
    (/(?:^|[.;:!?,(]\s*|\b(?:for|on|to|of|all|the|our|with|by)\s+|\b(?!(?:bigger|larger|fuller|smaller|more|fewer|average|avg|per|recover\w*|save|saved|win|won|\d[\d,.]*k?)\s)[a-z]+\s+)(?:carts|baskets)\b(?![- ](?:recovery|rates?|flows?|abandonment|sizes?|values? of|bigger|larger|fuller|up)\b)/.test(
      text,
    ) &&
      !/\b(?:recover\w*|save|win back|bring back)\s+(?:\d[\d,.]*k?\s+|more\s+|those\s+)?(?:abandoned\s+)?(?:carts|baskets)\b/.test(
        text,
      )) ||
    /\b(?:what(?:ever)?|which|that)\s+(?:is|are|was)\s+(?:sitting|waiting|left)\s+in\s+(?:their|the)\s+(?:carts?|baskets?)\b|\b(?:packing|packed|putting|put)\s+(?:[a-z]+\s+){0,3}(?:in|into)\s+(?:their|the)\s+(?:carts?|baskets?)\b/.test(
      text,
    ) ||
    /\b(?:carts?|baskets?)\b[^.;!?]{0,40}\b(?:not (?:been )?(?:confirmed|completed|paid|checked out)|unpaid|pending)\b/.test(
      text,
    );
  // "free delivery for baskets above $80": the order an offer needs, not a cart left behind.
  const offerThreshold =
    /\b(?:shipping|delivery|postage|freight|courier|charge|fee)\b[^.;!?]{0,30}\b(?:for|on)\s+(?:all\s+)?(?:carts|baskets)\s+(?:above|over|under|of|worth|from)\b/.test(
      text,
    ) &&
    !/\b(?:abandon\w*|left|remind\w*|forgot\w*|sitting|reminder|going cold|cold|idle|unfinished|waiting)\b/.test(
      text,
    );
  const cartNamed =
    !offerThreshold &&
    /\b(?:carts?|baskets?)\b/.test(text) &&
    (cartStrong ||
      /\b(?:cart|basket)[- ](?:reminders?|nudges?|pings?|push(?:es)?|sms|texts?|emails?|messages?|recovery|abandonment)\b/.test(
        text,
      ) ||
      /\bremind\w*\b[^.;!?]{0,60}\b(?:carts?|baskets?)\b|\b(?:carts?|baskets?)\b[^.;!?]{0,60}\bremind\w*/.test(
        text,
      )) &&
    !/\b(?:average|avg|per)\s+(?:carts?|baskets?)\b/.test(text);
  const cartHeld = (): boolean =>
    hits.some((h) =>
      h.conds.some(
        (c) =>
          ('field' in c && c.field.startsWith('abandoned_cart_')) ||
          ('event' in c && c.event === 'abandoned_cart'),
      ),
    );
  const cartAged = (): boolean =>
    hits.some((h) => h.conds.some((c) => 'field' in c && c.field === 'abandoned_cart_age_hours'));
  if (cartNamed || cartHeld()) {
    // "carts >$200", "carts>=£50": a value told with a sign and no space.
    if (!cartValue)
      rule(String.raw`\b(?:carts?|baskets?)(?: value| total)?\s*(>=|<=|>|<)\s*${MONEY}`, (m) => {
        cartValue = { field: 'abandoned_cart_value', op: cmpOp(m[1]), value: money(m[2], m[3]) };
        if (cartValue.op === '<' || cartValue.op === '<=')
          return [cartValue, { field: 'abandoned_cart_value', op: '>', value: 0 }];
        return [cartValue];
      });
    if (!cartAged())
      rule(
        String.raw`(?:\b(?:cart age|age of (?:the )?cart)\s+(?:is\s+)?(?:between\s+)?(${NUM})\s*(?:-|to|and)\s*(${NUM})\s*(${UNIT})|\b(?:cart age|age of (?:the )?cart)\s*(?:is\s+)?(<=|<|>=|>|${CMP})\s*(${NUM})\s*(${UNIT})|\b(?:from\s+)?(${NUM})\s*(?:-|to)\s*(${NUM})\s*(${UNIT})\s+ago\b|\b(?:left|abandoned|sitting|idle|waiting)\s+(${NUM})\s*(${UNIT})\s*\+|(?<![\d.,$€£])\b(${NUM})\s*(?:-|to)\s*(${NUM})\s*(h|hrs?|hours|d|days)\b(?!\s*(?:ago|old|a |per|of|sale|delivery|shipping))|\b(?:older than|more than|over)\s+(${NUM})\s*(${UNIT})\b(?!\s+ago)|\b(?:last|past)\s+(${NUM})\s*(${UNIT})\b|\b(${NUM})\s*(${UNIT})\s+after\s+(?:they\s+)?(?:abandon\w*|leaving|left|they left)|\b(?:after|once)\s+(${NUM})\s*(${UNIT})(?:\s+(?:have|has)\s+passed)?\b|\band\s+(${NUM})\s*(${UNIT})\s+(?:have|has)?\s*passed\b|\b(?:left|abandoned|sitting)\s+(?:since|for)\s+(${NUM})\s*(${UNIT})\b)`,
        (m) => {
          if (cartAged()) return null;
          // "carts, last 3 days": a bare window is the cart's only right after the cart.
          if (m[17] !== undefined && !/\b(?:carts?|baskets?)\b[^.;!?]{0,14}$/.test(text.slice(0, m.index)))
            return null;
          // A metric's horizon or an offer's length is no cart age.
          const lead = text.slice(Math.max(0, m.index - 50), m.index);
          if (
            /(?:\d\s?(?:%|percent|pts|points?)|\brates?|\blift|\btarget\w*|\bgoal|\baim\w*|\bkpi|\bsale|\boffer|\bdeal|\bvalid|\bcode|\bends?|\bfor the next)\b[^.;:!?]{0,30}$/.test(
              lead,
            )
          )
            return null;
          let cond: FieldCondition;
          // The forms added later come first in the pattern; their groups are shifted here.
          const g = m.slice(1);
          const first = g.slice(0, 3);
          const age = g.slice(3, 6);
          const ago = g.slice(6, 9);
          const plusAge = g.slice(9, 11);
          if (age[1] !== undefined) {
            cartAge = true;
            return [
              {
                field: 'abandoned_cart_age_hours',
                op: cmpOp(age[0], '<'),
                value: durationHours(toNum(age[1]), age[2]!),
              },
            ];
          }
          if (ago[0] !== undefined) {
            cartAge = true;
            return [
              {
                field: 'abandoned_cart_age_hours',
                op: 'between',
                value: [durationHours(toNum(ago[0]), ago[2]!), durationHours(toNum(ago[1]), ago[2]!)],
              },
            ];
          }
          if (plusAge[0] !== undefined) {
            cartAge = true;
            return [
              {
                field: 'abandoned_cart_age_hours',
                op: '>=',
                value: durationHours(toNum(plusAge[0]), plusAge[1]!),
              },
            ];
          }
          for (let i = 1; i <= 18; i++) m[i] = g[i + 7];
          if (first[0] !== undefined) {
            m[1] = first[0];
            m[2] = first[1];
            m[3] = first[2];
          } else m[1] = undefined as unknown as string;
          if (m[1] !== undefined)
            cond = {
              field: 'abandoned_cart_age_hours',
              op: 'between',
              value: [durationHours(toNum(m[1]), m[3]!), durationHours(toNum(m[2]), m[3]!)],
            };
          else if (m[4] !== undefined)
            cond = {
              field: 'abandoned_cart_age_hours',
              op: 'between',
              value: [durationHours(toNum(m[4]), m[6]!), durationHours(toNum(m[5]), m[6]!)],
            };
          else if (m[7] !== undefined)
            cond = { field: 'abandoned_cart_age_hours', op: '>', value: durationHours(toNum(m[7]), m[8]!) };
          else if (m[9] !== undefined)
            cond = { field: 'abandoned_cart_age_hours', op: '<=', value: durationHours(toNum(m[9]), m[10]!) };
          else {
            const [n, u] =
              m[11] !== undefined
                ? [m[11], m[12]]
                : m[13] !== undefined
                  ? [m[13], m[14]]
                  : m[15] !== undefined
                    ? [m[15], m[16]]
                    : [m[17], m[18]];
            cond = { field: 'abandoned_cart_age_hours', op: '>=', value: durationHours(toNum(n), u!) };
          }
          cartAge = true;
          return [cond];
        },
      );
    // "mixer carts, 2 days old": an age told apart from the carts the product rule read.
    if (!cartAged())
      rule(String.raw`\b(?:(${CMP})\s+)?(${NUM})(\+)?\s*(${UNIT})\s+old\b`, (m) => {
        if (cartAged()) return null;
        cartAge = true;
        return [
          {
            field: 'abandoned_cart_age_hours',
            op: m[3] ? '>=' : cmpOp(m[1], '>='),
            value: durationHours(toNum(m[2]), m[4]!),
          },
        ];
      });
    // A cart's age in more wordings (since the twelfth session): signs ("carts idle >72h", "< 48h"),
    // a plus ("48h+"), "since 2 days" (normalised to "for 2 days"), "since last night", "carts from today", "from the last week",
    // "over the weekend", "no checkout in 2 days", "abandoned 2 days ago", "in the last day". Read
    // only near the cart, with no other event in between (a purchase or a viewing has its own window).
    if (!cartAged()) rule(CART_AGE_MORE, (m) => cartAgeMore(m, text, cartAged()));
    if (
      !cartHeld() ||
      !hits.some((h) => h.conds.some((c) => 'field' in c && c.field === 'abandoned_cart_value'))
    )
      if (!cartValue && !offerThreshold && (cartStrong || cartAged()))
        hits.push({
          at: text.search(/\b(?:carts?|baskets?)\b/),
          conds: [{ field: 'abandoned_cart_value', op: '>', value: 0 }],
          phrase: 'has a cart',
        });
  }
  rule(
    String.raw`\b(?:abandoned |dropped |left )?(?:because of|due to|over|at|on) (?:the |high |unexpected )?(?:shipping|delivery) (?:costs?|fees?|charges?|step|page|prices?)`,
    () => [{ field: 'abandoned_cart_reason', op: '=', value: 'shipping_cost' }],
  );

  // "haven't shopped since the summer (so about 120 days)", "haven't ordered since their kid's last
  // size (roughly 9 months)": a lapse told by an event, its length in brackets.
  rule(
    String.raw`\b(?:have(?:n'?t| not)|has(?:n'?t| not)|did(?:n'?t| not)|do(?:n'?t| not)|does(?:n'?t| not)|ain'?t|not|never)\s+(?:bought|purchased|ordered|shopped|been back|come back|buy|order|purchase|shop|seen|heard from)(?:\s+(?:anything|a thing|a single thing|with us|from us|again|them|him|her))*\s+since\b[^.;!?()]{0,60}?(?:\(|,|-)\s*(?:so,?\s+|i\.?e\.?,?\s+|that'?s\s+)?(?:about|roughly|around|approx\.?|approximately|~|some|nearly|almost|more or less|give or take|more than|over)?\s*~?(${NUM})\s*(\+)?\s*(${UNIT})(\+)?(?:-?ish)?\s*(?:\)|$|[,.;?!-]|\s(?:ago|now)\b)`,
    (m) => [
      {
        field: 'days_since_last_purchase',
        op: m[2] || m[4] ? '>=' : '>',
        value: durationDays(toNum(m[1]), m[3]!),
      },
    ],
  );

  // "been on the site 10+ times in 90 days without ordering": no order over that window.
  rule(
    String.raw`\b(?:in|over|during|within)\s+(?:the\s+)?(?:last\s+|past\s+)?(${NUM})\s*(${UNIT})\s+without\s+(?:ordering|buying|purchasing|checking out|converting)\b`,
    (m) => {
      const days = durationDays(toNum(m[1]), m[2]!);
      return days === 90
        ? [{ field: 'orders_last_90_days', op: '=', value: 0 }]
        : [{ not: { event: 'purchased', within_days: days } }];
    },
  );

  // "viewed keyboards with no purchase in 30d", "browsed reissues but hasn't bought anything in 30
  // days": after a viewing, no purchase over that window (which includes people who never bought, as
  // "viewed but didn't buy" does); a lapse of buyers ("lapsed", "win back", "haven't bought in 90
  // days" alone, or after an email or wishlist condition) stays days_since_last_purchase: the writers
  // split on those (one labels "open rate 30%+ but no order in a year" a lapse, another "engaged but
  // no purchase in 90 days" a window), so only the viewing form, which they agree on, is read so.
  rule(
    String.raw`\b(?:but|with|and)\s+(?:(?:have|has)(?:n'?t| not)\s+(?:yet\s+)?(?:bought|ordered|purchased)(?:\s+anything)?|no\s+(?:purchases?|orders?)|not\s+(?:bought|ordered|purchased)(?:\s+anything)?)\s+(?:in|within|over|for)?\s*(?:the\s+)?(?:last\s+|past\s+)?(${NUM})\s*(${UNIT})\b`,
    (m) => {
      if (
        !/\b(?:view\w*|brows\w*|pdps?|looked|visited)\b/.test(text.slice(0, m.index)) ||
        // "win back", "lapsed", "dormant": a lapse of buyers (days_since_last_purchase), as the writers label it.
        /\b(?:win[- ]?back|lapsed|dormant|reviv\w+|reactivat\w+|churned)\b/.test(text)
      )
        return null;
      return [{ not: { event: 'purchased', within_days: durationDays(toNum(m[1]), m[2]!) } }];
    },
  );
  // Lapsed: no purchase for a while.
  rule(
    String.raw`\b(?:last (?:purchase|order)|last (?:bought|ordered|purchased|shopped)|(?:bought|ordered|purchased|shopped)(?= between))\s+(?:was\s+)?(?:between\s+)?(${NUM})\s*(?:-|to|and)\s*(${NUM})\s*(${UNIT})\s+ago`,
    (m) => [
      {
        field: 'days_since_last_purchase',
        op: 'between',
        value: [durationDays(toNum(m[1]), m[3]!), durationDays(toNum(m[2]), m[3]!)],
      },
    ],
  );
  rule(
    String.raw`\b(?:nothing|no (?:purchases?|orders?))(?: (?:ordered|bought|purchased))?\s+(?:in|for|over|during|within)\s+(?:the\s+)?(?:last\s+|past\s+)?(?:(${CMP})\s+)?(${NUM})(\+)?\s*(${UNIT})`,
    (m) => [
      {
        field: 'days_since_last_purchase',
        // "nothing in 6mo+": the plus may follow the unit.
        op:
          m[3] || /^\+/.test(text.slice(m.index + m[0].length))
            ? '>='
            : cmpOp(m[1], '>') === '>='
              ? '>='
              : '>',
        value: durationDays(parseAmount(m[2]!) ?? 1, m[4]!),
      },
    ],
  );
  rule(
    String.raw`\b(?:(?:have(?:n'?t| not)|has(?:n'?t| not)|did(?:n'?t| not)|not|no longer|never|stopped|without)\s+(?:bought|purchased|ordered|re-?ordered|re-?purchased|re-?bought|shopped|made a purchase|placed an order|been back|returned|come back|buying|purchasing|ordering|shopping)(?:\s+(?:anything|with us|from us|again|since))*\s+(?:in|for|over|during|within|since)\s+(?:the\s+)?(?:last\s+|past\s+|preceding\s+|previous\s+)?(?:(${CMP})\s+)?(${NUM})\+?\s*(?:(${UNIT})|(?=\s*(?:$|[,.;:!?)]|\s(?:and|but|with|or)\b)))|(?:no|0|zero) (?:purchases?|orders?|activity|transactions?)\s+(?:in|for|over|during|within)\s+(?:the\s+)?(?:last\s+|past\s+)?(?:(${CMP})\s+)?(${NUM})\+?\s*(${UNIT})|(?:last (?:purchase|order|bought|ordered|purchased)|last shopped)\s+(?:was\s+)?(?:(${CMP})\s+)?(${NUM})\+?\s*(${UNIT})\s+ago|(?:lapsed|inactive|dormant|away|quiet|gone)\s+(?:for\s+)?(?:(${CMP})\s+)?(${NUM})\+?\s*(${UNIT})|(${NUM})\+?\s*(${UNIT})\s+since (?:their |the )?last (?:purchase|order)|(?:lapsed|dormant|churned|inactive)\b)`,
    (m) => {
      const groups: Array<[number, number, number]> = [
        [1, 2, 3],
        [4, 5, 6],
        [7, 8, 9],
        [10, 11, 12],
      ];
      for (const [c, n, u] of groups) {
        if (m[n]) {
          // "haven't ordered in 60+" names no unit: days, the unit of recency.
          const days = durationDays(parseAmount(m[n]!) ?? 1, m[u] ?? 'days');
          // "No purchase in 90 days" / "over 90 days" read as > 90 (the "lapsed = > 90" default);
          // "90+ days" and "at least 90 days" as >= 90.
          const plus =
            m[0].includes(`${m[n]}+`) ||
            /^\+/.test(text.slice(m.index + m[0].length)) ||
            /^\s*(?:or (?:more|longer|earlier|before))/.test(text.slice(m.index + m[0].length));
          const op = plus ? '>=' : cmpOp(m[c], '>');
          return [{ field: 'days_since_last_purchase', op: op === '>=' ? '>=' : '>', value: days }];
        }
      }
      if (m[13])
        return [
          {
            field: 'days_since_last_purchase',
            op: m[0].includes(`${m[13]}+`) ? '>=' : '>',
            value: durationDays(parseAmount(m[13]!) ?? 1, m[14]!),
          },
        ];
      return [fallback({ field: 'days_since_last_purchase', op: '>', value: 90 })];
    },
  );

  // "whose last order is older than 60 days", "not buy anything more than 8 month" (a non-native
  // speaker's lapse).
  rule(
    String.raw`\b(?:last (?:order|purchase)(?: date)?\s+(?:is|was)\s+(older than|more than|over)|(?:not|no|never|didn'?t)\s+(?:buy|bought|order|ordered|purchase|purchased|shop|shopped)(?:\s+anything)?\s+(more than|over))\s+(${NUM})\s*(${UNIT})(?!\s+ago)`,
    (m) => [{ field: 'days_since_last_purchase', op: '>', value: durationDays(toNum(m[3]), m[4]!) }],
  );
  // Since the ninth session, lapses in more of the ways any writer says them: "have not placed any
  // order in 90 days or more", "aint ordered in a yr", "dont come back since one year" (read "for 1
  // year"), "silent for more than a year", "1 yr quiet", "whose last eyewear purchase was more than 2
  // years ago", "haven't booked a class in 60 days". Since the eleventh session with "anything", "a
  // thing", "nothing" or "again" after the verb ("didnt buy anything in 3 months", "haven't bought a
  // thing in 8 months", "never buy anything for over 1 year", "in like 5 months"): a lapse, not
  // "never bought" (which the window contradicts).
  rule(
    String.raw`\b(?:(?:haven'?t|have not|hasn'?t|has not|ain'?t|aint|didn'?t|did not|don'?t|do not|doesn'?t|does not|not|never)\s+(?:placed|made|booked|bought|ordered|purchased|shopped|come back|came back|returned|been back|order|buy|purchase|shop)(?:\s+(?:any|an?|a single|one)\s+(?:orders?|purchases?|class(?:es)?|bookings?|sessions?))?(?:\s+(?:anything|a thing|a single thing|nothing|nothin'?|again))*(?:\s+(?:from|with) us)?|(?:been\s+)?(?:silent|quiet|inactive|gone|away|disappeared|dormant|absent))\s+(?:in|for|since|within)\s+(?:(?:like|about|around|roughly)\s+)?(?:(?:the\s+)?(?:last|past)\s+)?(more than\s+|over\s+|at least\s+)?(${NUM}|a|an)\s*(${UNIT}|yr)(\s+or more|\+)?(?!\s+ago)`,
    (m) => [
      {
        field: 'days_since_last_purchase',
        op: m[4] || m[1]?.startsWith('at least') ? '>=' : '>',
        value: durationDays(/^an?$/.test(m[2]!) ? 1 : toNum(m[2]), m[3] === 'yr' ? 'year' : m[3]!),
      },
    ],
  );
  rule(
    String.raw`\b(${NUM})\+?\s*(${UNIT}|yr)\s+(?:quiet|silent|inactive|dormant|without (?:an? )?(?:orders?|purchases?))\b`,
    (m) => [
      {
        field: 'days_since_last_purchase',
        op: /\+/.test(m[0]) ? '>=' : '>',
        value: durationDays(toNum(m[1]), m[2] === 'yr' ? 'year' : m[2]!),
      },
    ],
  );
  rule(
    String.raw`\blast\s+[a-z-]+\s+(?:order|purchase)\s+(?:is|was)\s+(?:older than|more than|over)\s+(${NUM})\s*(${UNIT})`,
    (m) => [{ field: 'days_since_last_purchase', op: '>', value: durationDays(toNum(m[1]), m[2]!) }],
  );
  // "bought a kettle more than 2 years ago", "bought strings 3+ months ago", "ordered lenses 5 or
  // more years ago": a product bought long ago, an open-ended age. Written with the product, it is
  // that product bought and not bought again since (the product's own replacement cycle), as the
  // closed band "bought X 4-6 months ago" reads below; without one ("bought once, more than 60 days
  // ago") it stays the last purchase's age (next rule). Since the eleventh session.
  rule(
    String.raw`\b(?:bought|purchased|ordered)\s+(?:(?:a|an|the|some|their|any|our)\s+)?((?:[a-z][a-z'-]*\s+){1,3}?)(?:(more than|over|at least)\s+)?(${NUM})\s*(\+|\s+or\s+more)?\s*(${UNIT})(\+)?(\s+or\s+(?:more|longer|over))?\s+ago\b`,
    (m) => {
      if (!m[2] && !m[4] && !m[6] && !m[7]) return null;
      const object = m[1] ?? '';
      if (/\b(?:once|twice|times?|anything|something|nothing|from|with|us|only)\b/.test(object)) return null;
      const w = where(object, /^\S+\s+an?\s/.test(m[0]));
      if (!w) return null;
      const days = durationDays(toNum(m[3]), m[5]!);
      return [{ event: 'purchased', where: w }, { not: { event: 'purchased', where: w, within_days: days } }];
    },
  );
  // "purchased from us only once, more than 60 days ago": the last purchase's age.
  rule(
    String.raw`(?<=\b(?:bought|purchased|ordered|shopped)\b[^.;:!?]{0,30})\s(more than|over|at least)\s+(${NUM})\s*(${UNIT})\s+ago\b`,
    (m) => [
      {
        field: 'days_since_last_purchase',
        op: m[1] === 'at least' ? '>=' : '>',
        value: durationDays(toNum(m[2]), m[3]!),
      },
    ],
  );
  // "lapsed watch buyers (12mo+)", "fragrance buyers, 1yr+", "nothing in 6mo+": a lapse of N or more.
  rule(
    String.raw`(?:\(|,\s*|[.;]\s+|\b(?:nothing|no orders?|no purchases?|inactive|quiet)(?: (?:in|for))?\s+|(?<=\s)(?=\d))(?:(${NUM})\s*(${UNIT})\+|(${NUM})\+\s*(${UNIT})(?=\s*(?:[),.;]|$)))`,
    (m) => {
      if (
        !/\b(?:lapsed|churned|win[- ]?back|nothing|no orders?|no purchases?|inactive|dormant|quiet|haven'?t|not)\b/.test(
          text.slice(Math.max(0, m.index - 60), m.index + m[0].length),
        )
      )
        return null;
      // "(top 10% CLV, 90+ days)": the plus may also stand before the unit.
      const [n, u] = m[1] ? [m[1], m[2]!] : [m[3], m[4]!];
      return [{ field: 'days_since_last_purchase', op: '>=', value: durationDays(toNum(n), u) }];
    },
  );
  // "more than 1 year without an order", "no buy for 1 year": the last purchase's age.
  rule(
    String.raw`\b(?:(more than|over|at least)\s+)(${NUM})\s*(${UNIT})\s+without\s+(?:an?\s+|any\s+)?(?:orders?|purchases?|buying|ordering)|\b(?:no|not)\s+(?:buy|buying|order|ordering|purchase|purchasing|shopping)\s+(?:for|in)\s+(?:(more than|over|at least)\s+)?(${NUM})\s*(${UNIT})`,
    (m) => {
      const [c, n, u] = m[2] ? [m[1], m[2], m[3]] : [m[4], m[5], m[6]];
      return [
        {
          field: 'days_since_last_purchase',
          op: c === 'at least' ? '>=' : '>',
          value: durationDays(toNum(n), u!),
        },
      ];
    },
  );
  // "creatine buyers w/o pre-workout in their history": never bought the other product.
  rule(
    String.raw`\bwithout\s+(?:any\s+)?${OBJ}\s+in (?:their|the|his|her) (?:purchase |order |buying )?history\b`,
    (m) => {
      const w = where(m[1] ?? '');
      if (!w) return null;
      return [
        w.category && !w.tag && !w.product_id
          ? { not: boughtCategory(w.category) }
          : { not: { event: 'purchased', where: w } },
      ];
    },
  );

  // "don't order anymore since 3 months", "18 months or more without an order", "90 days no buy".
  rule(
    String.raw`\b(?:don'?t|do not|doesn'?t|does not|not|no longer)\s+(?:order|buy|purchase|shop)\w*\s+(?:anything\s+|nothing\s+|a thing\s+)?(?:anymore\s+|any more\s+)?(?:since|for)\s+(${NUM})\s*(${UNIT})|\b(${NUM})\s*(${UNIT})\s+or more\s+without\s+(?:an?\s+|any\s+)?(?:orders?|purchases?)|\b(${NUM})\s*(${UNIT})\s+(?:no|without)\s+(?:buys?|orders?|purchases?)\b`,
    (m) =>
      m[1]
        ? [{ field: 'days_since_last_purchase', op: '>', value: durationDays(toNum(m[1]), m[2]!) }]
        : m[3]
          ? [{ field: 'days_since_last_purchase', op: '>=', value: durationDays(toNum(m[3]), m[4]!) }]
          : [{ field: 'days_since_last_purchase', op: '>', value: durationDays(toNum(m[5]), m[6]!) }],
  );
  // "nothing from them in 9 months", "slept on us for 2+ years": a lapse.
  rule(
    String.raw`\bnothing from (?:them|him|her|these|those)\s+(?:in|for)\s+(?:the\s+)?(?:last\s+|past\s+)?(${NUM})(\+)?\s*(${UNIT})|\bslept on us\s+(?:for\s+)?(${NUM})(\+)?\s*(${UNIT})`,
    (m) =>
      m[1]
        ? [
            {
              field: 'days_since_last_purchase',
              op: m[2] ? '>=' : '>',
              value: durationDays(toNum(m[1]), m[3]!),
            },
          ]
        : [
            {
              field: 'days_since_last_purchase',
              op: m[5] ? '>=' : '>',
              value: durationDays(toNum(m[4]), m[6]!),
            },
          ],
  );
  // "no order 45 days", "zero purchases 60 days": a lapse written without a preposition.
  rule(
    String.raw`\b(?:no|zero)\s+(?:orders?|purchases?|buys?)\s+(${NUM})(\+)?\s*(${UNIT})(?!\s+(?:ago|old|after|before|from now))`,
    (m) => [
      { field: 'days_since_last_purchase', op: m[2] ? '>=' : '>', value: durationDays(toNum(m[1]), m[3]!) },
    ],
  );
  // Never bought (a category).
  rule(
    String.raw`\b(?:(?:have(?:n'?t| not)|has(?:n'?t| not)|never|not yet)\s+(?:ever\s+)?(?:bought|purchased|ordered|shopped|tried|had)|never\s+(?:buys?|orders?|purchases?)(?=\s+(?:a|an|any|our|the|some)?\s*[a-z])|(?:don'?t|do not|doesn'?t|does not)\s+(?:yet\s+)?(?:have|own))(?:\s+(?:from|our|any|the|a|an))*\s+${OBJ}(?=$|[,.;:!?()]|-\s|\s-\s|\s(?:and|but|who|that|with|to|in|on|over|during|within|this|last|past|from|or|so|because|for|at|via|since|by|through|should|will|would|get|gets|need|needs|could|can|using|plus)\b)`,
    (m) => {
      const w = where(m[1] ?? '', /\s(?:a|an)\s+$/.test(m[0].slice(0, m[0].length - (m[1] ?? '').length)));
      // "viewed swimwear but never bought any": the object is the viewing's (filled in below).
      // "browsed climbing gear 5+ times but never bought": the same, with no pronoun.
      if (
        !w &&
        /\bbut\s+$/.test(work.slice(Math.max(0, m.index - 5), m.index)) &&
        (/\b(?:any|it|them|one|those)\s*$/.test(m[0]) || !(m[1] ?? '').trim())
      ) {
        const e: EventCondition = { event: 'purchased' };
        butNotBought.set(e, { window: false, object: true });
        return [{ not: e }];
      }
      if (!w) return [NEVER_BOUGHT];
      // "never bought knitwear": a category with no window is the purchased-categories list.
      if (w.category && !w.tag && !w.product_id) return [{ not: boughtCategory(w.category) }];
      return [{ not: { event: 'purchased', where: w } }];
    },
  );
  rule(
    String.raw`\b(?:first[- ]time (?:visitors?|browsers?|site visitors?)|first[- ]timers|(?:on|for|with|off|towards?) (?:their |the |a |your |his |her )?(?:1st|first) (?:[a-z]+ )?(?:order|purchase)(?! (?:rate|conversion|value|aov))|(?:never|not yet|no) (?:buy|buys|buying|order|orders|ordering|purchase|purchasing)(?= (?:from us|yet|anything|at all|ever|so far)\b|$|[,.;:!?-])|not (?:buy|order|purchase) (?:anything )?yet|(?:no|zero|without (?:any|an|a)) (?:orders?|purchases?)(?: (?:ever|yet|at all|so far)|(?= (?:with us|from us)\b|$|[,.;:!?)-]))|(?<!\bbut )never (?:bought|purchased|ordered)(?: anything)?|never (?:made|placed) (?:a |an |any |their first )?(?:purchase|order)s?|(?:yet to|have yet to|has yet to) (?:buy|purchase|order|convert|make (?:a|their first) (?:purchase|order))|no (?:purchase|order) history|(?:0|zero) (?:lifetime )?(?:purchases|orders)(?! (?:in|over|during|within|this|last|past))|(?:no|zero) (?:purchases?|orders?) yet|(?:haven'?t|have not|not yet|has not|hasn'?t) (?:made|placed) (?:a |an |their |any )?(?:first )?(?:purchase|order)(?: yet)?(?!\s+(?:in|over|during|within|for|since|this)\b)|(?:haven'?t|have not|hasn'?t|has not) (?:bought|purchased|ordered|shopped)(?: anything)? yet|(?:registered|signed up|subscribers?) (?:but|who) (?:never|haven'?t) (?:bought|purchased|ordered)|non[- ]?(?:buyers|purchasers)|never[- ]purchased|never (?:converted|made a purchase)|(?:not|never become) (?:paying )?customers yet|with (?:no|zero) (?:purchases?|orders?)(?!\s+(?:in|over|during|within|for|since|this|last|past|yet)\b))`,
    () => [NEVER_BOUGHT],
  );

  // "browsed but didn't buy": the viewing is read by the rule below, the not-buying here.
  rule(
    // Since the ninth session also after "who" / "that", with "still" and "yet" ("signups who still
    // haven't bought", "accounts that have not yet ordered"), unless a window follows (a lapse).
    String.raw`\b(?:but|and|yet) (?:(didn'?t|did not|haven'?t|have not|hasn'?t|not yet|without)|never) (?:buy|purchase|order|bought|purchased|ordered|buying|purchasing|check(?:ing)? out|convert(?:ing)?)(?:\s+(any|it|them|one|those|anything))?\b|\b(?:and|who|that)(?: still)? (?:(didn'?t|did not|haven'?t|have not|hasn'?t|has not|(?:have|has) not yet|(?:haven|hasn)'?t yet)|never) (?:buy|purchase|order|bought|purchased|ordered)(?:\s+(any|anything))?\b(?!\s+(?:in|for|within|since|over|during|last|this|past|from|\d)\b)`,
    (m) => {
      const e: EventCondition = { event: 'purchased' };
      // "but didn't buy" keeps the viewing's window; "but never bought (any)" its object. Since the
      // eleventh session "but didn't buy" keeps the object too ("looked at the night cream in the last
      // 2 weeks and didn't buy", "browsed sleep aids but did not purchase": 10 of the 13 labels of
      // the read train halves that view a named product so); "anything" still widens it to any product.
      const not = m[1] ?? m[3];
      const pronoun = m[2] ?? m[4];
      butNotBought.set(e, { window: not !== undefined, object: pronoun !== 'anything' });
      return [{ not: e }];
    },
  );

  // "viewed phones 3+ times but not bought", "looked at it twice and still not buy it", "viewed
  // porridge in the last 14 days, not bought", "look at boots but are not buying", "bounced without
  // buying": not bought, the viewing's object over its window.
  rule(
    // Since the eleventh session also told as its own sentence ("looked at panniers 3x in 14 days.
    // Not bought.") and as "never pulled the trigger" / "didn't pull the trigger".
    // Since the twelfth session also "didn't" after a comma ("browsed in the last 30 days, didn't
    // purchase"), "without buying" right after the viewing ("viewed teaware 3 times without buying")
    // and "but bounced".
    String.raw`(?:\b(?:but|and|yet)|[,.;])\s+(?:still\s+)?(?:(?:are|is|have|has|were|was|did)\s+)?(?:not|no|didn'?t)\s+(?:yet\s+)?(?:buy|buying|bought|purchased|purchasing|purchase|ordered|ordering|order)(?:\s+(?:it|them|one|any|anything))?\b|\b(?:(?:but|and|yet)\s+(?:\w+\s+)?)?without\s+(?:buying|purchasing|ordering|checking out)(?:\s+(?:it|them|one|any|anything))?\b|\b(?:but|and|yet)\s+(?:then\s+)?bounced\b|\b(?:but|and|yet)\s+(?:never|didn'?t|did not|haven'?t|have not|hasn'?t|has not|not)\s+(?:yet\s+)?pull(?:ed)?\s+the\s+trigger\b`,
    (m) => {
      // Only after a viewing, a wishlist or an email event (filled in below; dropped when none).
      if (
        !/\b(?:view\w*|brows\w*|look\w*|looked|saw|seen|visit\w*|wishlist\w*|saved|clicked|opened|bounced)\b/.test(
          text.slice(Math.max(0, m.index - 90), m.index),
        )
      )
        return null;
      const e: EventCondition = { event: 'purchased' };
      butNotBought.set(e, { window: true, object: true });
      return [{ not: e }];
    },
  );

  // "viewed outerwear in the past 10 days and bought nothing": not bought, over the viewing's window.
  rule(String.raw`\b(?:but|and|yet)\s+(?:bought|purchased|ordered)\s+nothing\b`, () => {
    const e: EventCondition = { event: 'purchased' };
    butNotBought.set(e, { window: true, object: false });
    return [{ not: e }];
  });

  rule(
    String.raw`\b(wishlisted|wish-listed|wishlist|saved|favou?rited|viewed|browsed|looked at|checked out|bought|purchased|ordered)\s+(it|them|th(?:at|is|ose|ese) (?:one|item|product|piece|bundle|kit|set|box|model|style|drop|edition|bag|title|book|blend))\b(?:\s*${WITHIN})?`,
    (m) => {
      const verb = m[1]!;
      const kind: EventKind = /wish|saved|favou?rited/.test(verb)
        ? 'wishlisted'
        : /bought|purchased|ordered/.test(verb)
          ? 'purchased'
          : 'viewed_product';
      return referred(kind, m[2] === 'them' ? 'them' : m[2]!, m.index, withinDays(m, 3));
    },
  );
  rule(
    String.raw`\b(?:(?:its|the product's|the item's)\s+(buyers|purchasers|owners|viewers|browsers|wishlisters)|(?:^|[.!?;:]\s+|\b(?:for|to|the|all|its|retarget|target|email|text|sms|ping|remind|notify|tell|message|nudge|push)\s+)(?:(?:pdp|product page|page)\s+)?(viewers|wishlisters)|the\s+(wishlist|wish list)\s+(?:people|folks|crowd|ppl|list))\b(?:\s*${WITHIN})?`,
    (m) => {
      const who = m[1] ?? m[2] ?? m[3] ?? '';
      const kind: EventKind = /buyers|purchasers|owners/.test(who)
        ? 'purchased'
        : /wish/.test(who)
          ? 'wishlisted'
          : 'viewed_product';
      return referred(kind, 'it', m.index, withinDays(m, 4), false);
    },
  );

  // Bestsellers page (before the generic "viewed" rule).
  rule(
    String.raw`\b(?:viewed|visited|browsed|checked out|checked|looked at|seen|opened|went to|been to)\s+(?:the |our )?(?:best ?sellers?|best-sellers?|trending|top sellers) (?:page|section|list)`,
    () => [{ field: 'viewed_bestsellers_page', op: '=', value: true }],
  );

  // Content engagement.
  rule(
    String.raw`\b(?:read|engaged with|interacted with|viewed|watched|clicked on|opened|consumed|downloaded|looked at|browsed)\s+(?:our |a |an |any |the |some )?(?:(?:style|recipe|care|gift|size|buying|how-to|video|new|latest|weekly|monthly)\s+)?(blog(?: posts?)?|content|guides?|articles?|stories|lookbooks?|videos?|tutorials?|how-?tos?|editorials?|recipes?|podcasts?)(?:\s+(?:content|posts?|pages?|series|pieces?|emails?))?${'(?:\\s*' + WITHIN + ')?'}`,
    (m) => {
      const d = withinDays(m, 2);
      // "looked at recipes in the last month": a kind of content is its tag, in the singular.
      const kind = /^(recipe|video|tutorial|podcast)s?$/.exec(m[1] ?? '');
      if (d !== undefined)
        return [
          kind
            ? { event: 'viewed_content', where: { tag: kind[1]! }, within_days: d }
            : { event: 'viewed_content', within_days: d },
        ];
      return [{ field: 'interacted_with_content', op: '=', value: true }];
    },
  );
  rule(
    String.raw`\b(?:content (?:engagers|readers|fans)|blog readers|readers of (?:our|the) (?:blog|journal|magazine|newsletter|content)|(?:engaged|interacted) with content)\b`,
    () => [{ field: 'interacted_with_content', op: '=', value: true }],
  );

  // Emails opened or clicked; open and click rates.
  rule(
    String.raw`\b(?:(have(?:n'?t| not)|has(?:n'?t| not)|did(?:n'?t| not)|never|not)\s+)?(opened|clicked(?: on)?|open|click(?: on)?)\s+(?:(?:an|any|a|our|(?:one|1) of (?:our|the|their)|the|last|latest|recent|most recent)\s+)*(?:(${CMP})\s+)?(?:(\d+)(\+)? (?:of (?:our|the|their|these|those) )?)?(?:marketing |promotional |[a-z][a-z-]{2,} )?(?:emails?|newsletters?|campaign emails?)(?:\s+(?:from us|we sent))?(?:\s+(?:(${CMP})\s+)?(\d+)(\+)?\s+times(?: or more)?)?(?:\s*${WITHIN})?`,
    (m) => {
      // "barely open our emails (open rate under 5%)": the rate says it; no event of its own.
      if (
        /\b(?:barely|rarely|seldom|hardly|almost never)\s+$/.test(
          work.slice(Math.max(0, m.index - 16), m.index),
        )
      )
        return [];
      const kind: EventKind = /^click/.test(m[2]!) ? 'clicked_email' : 'opened_email';
      const d = withinDays(m, 9);
      const e: EventCondition = { event: kind };
      if (d !== undefined) e.within_days = d;
      // "clicked at least 3 emails", "opened 2+ emails", "clicked our emails 2 times": how many.
      const [c, k, plus] = m[7] ? [m[6], m[7], m[8]] : [m[3], m[4], m[5]];
      const n = toNum(k ?? 0);
      const count = plus ? n : cmpOp(c, '>=') === '>' ? n + 1 : n;
      if (!m[1] && count > 1) e.min_count = count;
      return [m[1] ? { not: e } : e];
    },
  );
  // "CTR on our emails has tanked ... people who clicked something in the last 60 days": in a brief
  // about emails, clicking or opening "something" is an email event.
  rule(String.raw`\b(opened|clicked(?: on)?)\s+(?:something|anything)(?:\s*${WITHIN})?`, (m) => {
    if (!/\b(?:e-?mails?|newsletters?|ctr|click[- ]?through|open rates?|inbox)\b/.test(text)) return null;
    const e: EventCondition = { event: /^click/.test(m[1]!) ? 'clicked_email' : 'opened_email' };
    const d = withinDays(m, 2);
    if (d !== undefined) e.within_days = d;
    return [e];
  });
  // "opened an email in the last 30 days but didn't click": not clicked, over the same window.
  rule(
    String.raw`\b(?:but|and|yet)\s+(?:(?:did(?:n'?t| not)|have(?:n'?t| not)|has(?:n'?t| not)|never|not)\s+(?:clicked|click)(?: through| on (?:it|them|anything))?|no clicks?)\b`,
    (m) => {
      const opened = hits.find((h) => h.conds.some((c) => 'event' in c && c.event === 'opened_email'));
      if (!opened && !/\bopen(?:ed|s)?\b/.test(work.slice(Math.max(0, m.index - 80), m.index))) return null;
      const open = opened?.conds.find((c): c is EventCondition => 'event' in c && c.event === 'opened_email');
      const e: EventCondition = { event: 'clicked_email' };
      if (open?.within_days !== undefined) e.within_days = open.within_days;
      return [{ not: e }];
    },
  );
  rule(
    String.raw`\b(?:email )?(open|click(?:-through)?|ctr|click through) rates?\s+(?:is |of )?(${CMP})\s+(${NUM})\s?(%|percent)?`,
    (m) => {
      // "get open rates above 30%", "lift CTR over 5%": a target, not an audience.
      if (
        /\b(?:increase|raise|lift|boost|grow|improve|get|push|bring|drive|reduce|cut|lower|target|goal|aim|reach|hit|kpi|see|want)\w*\s+(?:(?:our|the|their|email|average|overall)\s+)*$/.test(
          work.slice(Math.max(0, m.index - 40), m.index),
        )
      )
        return null;
      const field = m[1] === 'open' ? 'email_open_rate' : 'email_click_through_rate';
      const v = Number((m[3] ?? '0').replace(/,/g, ''));
      return [{ field, op: cmpOp(m[2]), value: m[4] || v > 1 ? round(v / 100) : v }];
    },
  );

  // "sneaker viewers from this week", "jacket browsers".
  // The modifier word before the noun is read by a lookbehind, so a verb or article before it
  // ("remind kettle browsers", "for duvet browsers") does not swallow the match and lose the noun;
  // a page word between the product and the people names where they looked ("keyboard PDP viewers").
  rule(
    String.raw`(?:(?<=\b([a-z-]+) )|)\b([a-z-]+) (?:(?:pdp|product page|product|page)s? )?(?:viewers|browsers|lookers)(?:\s*(?:from\s+)?${WITHIN})?`,
    (raw) => {
      const modifier = raw[1] ?? '';
      const keep =
        modifier &&
        !NOT_A_PRODUCT.has(modifier) &&
        !OBJECT_STOP.has(modifier) &&
        !PAGE_WORDS.test(modifier) &&
        !lookup(CITIES, modifier).length &&
        !lookup(COUNTRIES, modifier).length;
      const m = [
        raw[0],
        keep ? `${modifier} ${raw[2]}` : raw[2],
        ...raw.slice(3),
      ] as unknown as RegExpExecArray;
      m.index = raw.index;
      const words = (m[1] ?? '').split(' ');
      if (!lookup(CATEGORIES, m[1] ?? '').length && !lookup(TAGS, m[1] ?? '').length) {
        // "graphing calculator viewers": a product noun the gazetteer lacks, named in the plural.
        const noun = productModifier(words[words.length - 1]!, true);
        if (!noun || words.some((w) => NOT_A_PRODUCT.has(w) || OBJECT_STOP.has(w) || PAGE_WORDS.test(w)))
          return null;
        const first =
          words.length === 2 && !NOT_COMPOUND.has(words[0]!) && !/(?:ed|ly)$/.test(words[0]!)
            ? `${words[0]} `
            : '';
        const e: EventCondition = { event: 'viewed_product', where: { category: slug(`${first}${noun}`) } };
        const d = withinDays(m, 2);
        if (d !== undefined) e.within_days = d;
        return [e];
      }
      // "swim browsers": a known word names its category.
      const e = event('viewed_product', m[1] ?? '', withinDays(m, 2));
      return [e];
    },
  );
  // "bought outerwear but never knitwear"; since the eighth session every way of saying a buyer
  // lacks another product: "X buyers without / w/o / with no (any) Y", "and never Y", "who've never
  // touched / tried Y", and a list of them ("without a treadmill or a rower": neither).
  rule(
    String.raw`(?:\bbut (?:never|not|no)|\band (?:never|no)|\bwithout(?: (?:a|an|any))?|\bwith no(?: any)?|\b(?:who(?:'ve| have| has)?|that (?:have|has)?) never (?:touched|tried|had)(?: (?:the|our|any))?)\s+(?!(?:left|written|wrote|posted|reviewed|returned|opened|clicked|visited|logged|came|come|been)\b)(?:any\s+|an?\s+)?${OBJ}(?:\s*\b(?:or|nor)\s+(?:an?\s+|any\s+)?${OBJ})?`,
    (m) => {
      const before = text.slice(Math.max(0, m.index - 60), m.index);
      if (!/\b(?:bought|purchased|ordered|buyers?|buys?|buying|purchasers?|owners)\b/.test(before))
        return null;
      // "buyers without a discount", "with no coupon": an offer withheld, not a product.
      const lead = m[0].slice(0, m[0].indexOf(m[1] ?? ''));
      const objects = [m[1], m[2]].filter((o): o is string => !!o && !!o.trim());
      const out: Cond[] = [];
      for (const o of objects) {
        const ws = o.trim().split(/\s+/);
        const cut = ws.findIndex((x) => OBJECT_CUT.has(x));
        if ((cut >= 0 ? ws.slice(0, cut) : ws).some((x) => NOT_CART_CONTENT.test(x))) return null;
        // "but no mattress": a count noun, named in the plural like any category.
        const w = where(o, /^(?:but no|and no|with no|without)\b|\san?\s+$/.test(lead) || o !== m[1]);
        if (!w?.category || w.tag) return null;
        out.push({ not: boughtCategory(w.category) });
      }
      return out.length ? out : null;
    },
  );
  // "coats in their browsing history", "with sneakers in their viewing history" (since the twelfth
  // session): what a browsing history holds was viewed. Before the viewing rule, which would read
  // "browsing" as its verb and the history as the product.
  rule(
    String.raw`\b(?:with|have|has|having)\s+(?:(?:a|an|any|some)\s+)?([a-z][a-z'-]*(?: [a-z][a-z'-]*){0,2}?)\s+in\s+(?:(?:their|the|his|her)\s+)?(?:browsing|browse|viewing|view|search|recently viewed)\s+(?:history|histories)\b`,
    (m) => {
      const w = where(m[1] ?? '');
      return w ? [{ event: 'viewed_product', where: w }] : null;
    },
  );
  // Viewed a product / category / tag.
  rule(
    String.raw`\b(?:viewed|browsed|looked at|checked out|visited|clicked on|view|browse|explored|look at|seen|eyed|eyeing|viewing|browsing|lingered (?:on|over)|spent time on|looked over|(?<=\b(?:who|that|who've|who's|whoever|anyone|everyone|people|ppl|clients|customers|shoppers|visitors|users)\s+(?:(?:were|are|is|was|have been|has been|had been|been|'ve been|keep|kept)\s+)?)(?:looking at|saw)|visitors (?:of|to))\s+(?:at\s+)?(?:the\s+)?(?:product pages? (?:for|of)\s+)?(?:(\d+)\+? (?:times?\s+)?)?${OBJ}(?:\s+(?:pages?|products?|items?|category|section|collection|listings?))?(?:\s*(?:(${CMP})\s+)?(\d+)\+?\s?(?:times|x\b\+?)(?: or more)?)?(?:\s*${WITHIN})?`,
    (m) => {
      const object = m[2] ?? '';
      if (/\b(?:most|people are|others are|are)\s+$/.test(work.slice(Math.max(0, m.index - 12), m.index)))
        return null;
      // "a private viewing", "the viewing": a noun, an event of the shop, not a product viewed.
      if (
        /^viewing\b/.test(m[0]) &&
        /\b(?:a|an|the|private|our|exclusive|special|vip|first|early)\s+$/.test(
          work.slice(Math.max(0, m.index - 12), m.index),
        )
      )
        return null;
      // "customers we haven't seen in 6 months": the shop has not seen them, a lapse.
      if (
        /^seen/.test(m[0]) &&
        /\b(?:we|haven'?t|have not|not|never)\s+$/.test(work.slice(Math.max(0, m.index - 12), m.index))
      )
        return null;
      if (
        /^(?:the site|our site|the website|our website|us|the store|our store|the app)\b/.test(object.trim())
      )
        return null;
      if (/^\s*(?:our |the |an? |any )?(?:emails?|newsletters?)\b/.test(object)) return null;
      const stated = toNum(m[4] ?? m[1] ?? 0);
      const minCount = stated ? (cmpOp(m[3], '>=') === '>' ? stated + 1 : stated) : undefined;
      const days = withinDays(m, 5);
      // "similar to what they viewed" names no audience.
      if (!where(object) && days === undefined && minCount === undefined) return null;
      const e = event('viewed_product', object, withinDays(m, 5), minCount);
      const named = definiteProduct(m[0], object);
      if (named) e.where = named;
      return [e];
    },
  );

  // "5+ wishlist items", "a wishlist with over 10 products", "whose wishlist has 3+ items"
  rule(
    String.raw`\b(?:(${CMP})\s+)?(${NUM})(\+)?\s+(?:wish ?list|wish-list|wishlisted|saved)\s+(?:items?|products?|pieces?)|\bwish ?lists?\s+(?:has|have|holds?|contains?|with)\s+(?:(${CMP})\s+)?(${NUM})(\+)?\s+(?:items?|products?|pieces?|things)`,
    (m) => {
      const [c, n, plus] = m[2] ? [m[1], m[2], m[3]] : [m[4], m[5], m[6]];
      return [{ field: 'wishlist_items_count', op: plus ? '>=' : cmpOp(c, '>='), value: Number(n) }];
    },
  );
  // Wishlist counts: "5+ items wishlisted", "wishlisters".
  rule(
    String.raw`\b(?:(${CMP})\s+)?(${NUM})(\+)?\s+(?:items?|products?|things)\s+(?:wishlisted|wish-listed|saved)|\bwish ?listers\b|\b(?:have|has|with|got)\s+(?:stuff|items?|things|something|anything|products?|pieces?)\s+(?:on|in|saved (?:on|in|to))\s+(?:their|the|a|his|her)\s+wish ?lists?\b`,
    (m) => {
      if (m[2])
        return [{ field: 'wishlist_items_count', op: m[3] ? '>=' : cmpOp(m[1], '>='), value: toNum(m[2]) }];
      return [{ field: 'wishlist_items_count', op: '>=', value: 1 }];
    },
  );

  // Wishlists.
  rule(
    String.raw`\b(?:wishlisted|wish-listed|saved|added|put)\s+${OBJ}\s*(?:to|on|in) (?:their |a |the )?wish ?lists?(?:\s*${WITHIN})?`,
    (m) => [event('wishlisted', m[1] ?? '', withinDays(m, 2))],
  );
  rule(
    String.raw`\b(?:(?:(${CMP})\s+)?(${NUM})\+?\s+(?:items?|products?|things)\s+(?:in|on) (?:their |a |the )?wish ?lists?|wish ?lists? (?:with|of|containing) (?:(${CMP})\s+)?(${NUM})\+?\s+(?:items?|products?)|(?:items?|products?|something|anything) (?:saved )?(?:in|on) (?:their |a |the )?wish ?lists?|(?:have|with|has|keep) (?:a |an active |active )?wish ?lists?|wish ?list(?:ers| users| items))\b`,
    (m) => {
      if (m[2]) return [{ field: 'wishlist_items_count', op: m[1] ? cmpOp(m[1]) : '>=', value: toNum(m[2]) }];
      if (m[4]) return [{ field: 'wishlist_items_count', op: m[3] ? cmpOp(m[3]) : '>=', value: toNum(m[4]) }];
      return [{ field: 'wishlist_items_count', op: '>', value: 0 }];
    },
  );

  // "clients with dress in wishlist", "people with Mulberry on their wishlist".
  rule(
    String.raw`\b(?:with|have|has|having|got)\s+(?:a\s+|an\s+|the\s+)?([a-z][a-z-]*(?: [a-z][a-z-]*)?)\s+(?:in|on|saved (?:in|on|to))\s+(?:their\s+|the\s+|a\s+|his\s+|her\s+)?wish ?lists?\b`,
    (m) => {
      const object = m[1] ?? '';
      if (/^(?:items?|products?|things|stuff|something|anything|pieces?|nothing)$/.test(object)) return null;
      const w = where(object, true);
      return w ? [{ event: 'wishlisted', where: w }] : null;
    },
  );
  // "wishlisted jackets", "wish-listed a limited edition item this month".
  rule(
    // "people who wishlist Birkin": the verb in the present, after "who".
    String.raw`\b(?:wishlisted|wish-listed|favou?rited|hearted|(?<=\b(?:who|that|whoever) )(?:wishlist|wish-list|wishlists|favou?rite|save|saves))\s+(?:(?:a|an|the|our|some|any)\s+)?${OBJ}(?:\s*${WITHIN})?`,
    (m) => {
      const object = m[1] ?? '';
      if (/\bmost[\s-]+$/.test(work.slice(Math.max(0, m.index - 6), m.index))) return null;
      if (!where(object)) return null;
      const e = event('wishlisted', object, withinDays(m, 2));
      const named = definiteProduct(m[0], object);
      if (named) e.where = named;
      return [e];
    },
  );
  rule(
    String.raw`\b(?:wishlisted|wish-listed|saved to (?:their |a )?wish ?list|added to (?:their |a )?wish ?list)(?:\s+(?:something|anything|items?|products?|things|stuff|an item|a product|any items?)(?:\s+(?:to|on|in) (?:their |a |the )?wish ?lists?)?)?(?:\s*${WITHIN})?`,
    (m) => {
      if (/\bmost[\s-]+$/.test(work.slice(Math.max(0, m.index - 6), m.index))) return null;
      // "stock is almost gone on wishlisted items": the items, not who wishlisted them.
      if (
        /\b(?:on|of|the|our|their|your|these|those)\s+$/.test(text.slice(Math.max(0, m.index - 8), m.index))
      )
        return null;
      const d = withinDays(m, 1);
      return [d === undefined ? { event: 'wishlisted' } : { event: 'wishlisted', within_days: d }];
    },
  );

  // Purchase counts.
  rule(
    String.raw`\b(?:(?:bought|purchased|ordered|shopped)(?: with us| from us)?\s+(?:(${CMP})\s+)?(${NUM})\+?\s+times|(?:(?:with|placed|made|having|have|has|who have|who've)\s+)?(?:(${CMP})\s+)?(${NUM})\+\s+(?:orders|purchases)|(?:with|placed|made|having|have|has|who have|who've)\s+(?:(${CMP})\s+)?(${NUM})\s+(?:orders|purchases))(?:\s*${WITHIN})?`,
    (m) => {
      const before = work.slice(Math.max(0, m.index - 24), m.index);
      // "generate 2,000 orders" is a target, not an audience.
      if (
        /\b(?:generate|drive|get|achieve|hit|reach|deliver|make|win|bring in|add|to)\s+(?:at least\s+|another\s+|an extra\s+)?$/.test(
          before,
        )
      )
        return null;
      const n = parseAmount(m[2] ?? m[4] ?? m[6] ?? '0') ?? 0;
      const op = cmpOp(m[1] ?? m[3] ?? m[5], '>=');
      const days = withinDays(m, 7);
      // Only a 90-day window is the orders_last_90_days field; "twice in the last month" is a
      // purchase event counted over its own window.
      if (days !== undefined && days < 360 && days !== 90 && (op === '>=' || op === '>'))
        return [{ event: 'purchased', within_days: days, min_count: op === '>' ? n + 1 : n }];
      if (days !== undefined && days <= 90) return [{ field: 'orders_last_90_days', op, value: n }];
      return [{ field: 'purchase_frequency', op, value: n }];
    },
  );
  // "10+ boxes this year", "at least 12 orders per year", "2+ pieces a year", "commanded 3 times or
  // more this year": orders over a year.
  rule(
    // Since the twelfth session a sign before the count and a slash before the year (">= 4
    // orders/yr"): "\b" never stands between a space and ">".
    String.raw`(?:\b|(?=[<>]))(?:(${CMP})\s*)?(${NUM})(\+)?\s+(orders?|purchases?|boxes|deliveries|pieces|items|times|[a-z]{3,}s)(\s+or more)?(?:\s+(?:(?:per|a|each|every|this|in a|in the|in the last|over the last|in the past|over the past)\s+(?:1\s+)?|1\s+)|\s*\/\s*)(?:year|yr)\b`,
    (m) => {
      // "exactly 2 orders this year" is read by the exact-count rule below.
      if (/\b(?:exactly|only|just)\s+$/.test(text.slice(Math.max(0, m.index - 10), m.index))) return null;
      // "20+ classes this year", "10+ loads a year": what a shop sells counted over a year is its
      // orders (since the ninth session), when the count is a threshold; not reviews, visits,
      // emails or units of time, which other rules read or which are no orders.
      if (
        !/^(?:orders?|purchases?|boxes|deliveries|pieces|items|times)$/.test(m[4]!) &&
        (!(m[1] || m[3] || m[5]) ||
          // "bought at least 4 books in the last year": purchases of a category, read below.
          lookup(CATEGORIES, m[4]!).length > 0 ||
          /\b(?:bought|purchased|ordered|buy|buys|order|orders|purchase)\s+(?:(?:from|with) us\s+)?$/.test(
            text.slice(Math.max(0, m.index - 30), m.index),
          ) ||
          /^(?:reviews|ratings|visits|sessions|emails|mails|opens|clicks|returns|refunds|days|weeks|months|hours|years|points|stars|percents|dollars|euros|pounds|customers|people|kids|children|members|users|years|employees|stores|shops|countries|cities|products|skus)$/.test(
            m[4]!,
          ))
      )
        return null;
      if (
        m[4] === 'times' &&
        !/\b(?:bought|ordered|purchased|shopped|commanded|order|buy|shop|purchase)\w*\s+(?:(?:from|with) us\s+)?$/.test(
          text.slice(Math.max(0, m.index - 40), m.index),
        )
      )
        return null;
      return [
        { field: 'purchase_frequency', op: m[3] || m[5] ? '>=' : cmpOp(m[1], '>='), value: toNum(m[2]) },
      ];
    },
  );
  // "order at least 4 times a year", "buy 2+ times a month": a purchase rate.
  rule(
    String.raw`\b(?:orders?|buys?|purchases?|shops?|ordering|buying|shopping)\s+(?:with us\s+|from us\s+)?(?:(${CMP})\s+)?(${NUM})(\+)?\s+times\s+(?:a|per|each|every|1|per 1)\s+(year|yr|month|quarter)`,
    (m) => {
      const n = toNum(m[2]) * ({ year: 1, yr: 1, month: 12, quarter: 4 }[m[4]!] ?? 1);
      return [{ field: 'purchase_frequency', op: m[3] ? '>=' : cmpOp(m[1], '>='), value: n }];
    },
  );
  // "(more than 5 orders in 12 months)", "4+ order in 12 mo": a count over a stated window.
  rule(
    String.raw`(?:\b|(?=[<>]))(?:(${CMP})\s*)?(${NUM})(\+)?\s+(?:orders?|purchases?)(?=\s+(?:in|over|within|during)\s+(?:the\s+)?(?:last\s+|past\s+)?\d)(?:\s*${WITHIN})`,
    (m) => {
      if (!m[1] && !m[3]) return null;
      const before = work.slice(Math.max(0, m.index - 24), m.index);
      if (
        /\b(?:generate|drive|get|achieve|hit|reach|deliver|make|win|bring in|add|to|target|goal|want|need)\w*:?\s+(?:at least\s+|another\s+|an extra\s+)?$/.test(
          before,
        )
      )
        return null;
      const n = toNum(m[2]);
      const op = m[3] ? '>=' : cmpOp(m[1], '>=');
      const days = withinDays(m, 4);
      if (days === undefined) return null;
      if (days >= 360 && days <= 366)
        return [{ field: 'purchase_frequency', op: op === '>' ? '>=' : op, value: op === '>' ? n + 1 : n }];
      if (days === 90) return [{ field: 'orders_last_90_days', op, value: n }];
      return [{ event: 'purchased', within_days: days, min_count: op === '>' ? n + 1 : n }];
    },
  );
  // "(5+ single malt orders in the last year)", "(dog food 4+ times in the last year)": a counted
  // purchase of a product over a window.
  rule(
    String.raw`\b(?:(${CMP})\s+)?(${NUM})(\+)?\s+([a-z][a-z-]*(?: [a-z][a-z-]*)?)\s+(?:orders|purchases)(?:\s*${WITHIN})|\(\s*([a-z][a-z-]*(?: [a-z][a-z-]*)?)\s+(${NUM})(\+)?\s+times(?:\s*${WITHIN})`,
    (m) => {
      const object = m[4] ?? m[13] ?? '';
      // "150 recovered orders this month" is a target: an audience count says "5+" or "more than 5".
      if (m[4] !== undefined && !m[1] && !m[3]) return null;
      if (/(?:ed|ing)$/.test(object) && !MASS_NOUNS.has(object)) return null;
      if (
        object
          .split(' ')
          .some(
            (w) =>
              NOT_A_PRODUCT.has(w) ||
              OBJECT_STOP.has(w) ||
              /^(?:more|online|store|web|app|repeat|separate|different)$/.test(w),
          )
      )
        return null;
      const w = where(object, true);
      if (!w) return null;
      const n = toNum(m[2] ?? m[14]);
      const plus = m[3] ?? m[15];
      const days = m[4] !== undefined ? withinDays(m, 5) : withinDays(m, 16);
      const e: EventCondition = {
        event: 'purchased',
        where: w,
        min_count: plus ? n : cmpOp(m[1], '>=') === '>' ? n + 1 : n,
      };
      if (days !== undefined) e.within_days = days;
      return [e];
    },
  );
  // "they buy every month", "order weekly": a purchase rate (12 or 52 orders a year); "buy one time
  // only", "one-order customers", "2-order customers": the count.
  rule(
    String.raw`\b(?:buy|buys|order|orders|shop|shops|purchase|purchases)\s+(?:from us\s+|with us\s+)?(?:every|each)\s+(week|month)\b|\b(?:buy|buys|order|orders|shop|shops)\s+(?:from us\s+)?(weekly|monthly)\b|\b(?:buy|bought|order|ordered|purchase|purchased)\s+(?:only\s+)?(?:1 time|once)\s+only\b|\b(1|2|3|one|two|three)-order (?:customers|buyers|clients|shoppers)\b|\bfreq(?:uency)?\s*(=|>=|<=|>|<)\s*(\d+)\b`,
    (m) => {
      const per = m[1] ?? m[2];
      if (per) return [{ field: 'purchase_frequency', op: '>=', value: /week/.test(per) ? 52 : 12 }];
      if (m[3])
        return [
          {
            field: 'purchase_frequency',
            op: '=',
            value: toNum(
              m[3]
                .replace(/^one$/, '1')
                .replace(/^two$/, '2')
                .replace(/^three$/, '3'),
            ),
          },
        ];
      if (m[4])
        return [{ field: 'purchase_frequency', op: m[4] as FieldCondition['op'], value: toNum(m[5]) }];
      return [{ field: 'purchase_frequency', op: '=', value: 1 }];
    },
  );
  // "1 order only", "a single order", "not coming back after the first purchase": one order so far.
  rule(
    String.raw`\b(?:a single|one single|only one|just one)\s+(?:order|purchase)\b|\b(?:1|one)\s+(?:order|purchase)\s+only\b|\b(?:not|never|don'?t|do not|aren'?t)\s+(?:coming|come|came)\s+back\s+after\s+(?:the|their)\s+(?:1st|first)\s+(?:purchase|order|box)\b`,
    () => [{ field: 'purchase_frequency', op: '=', value: 1 }],
  );
  // "first-time Halloween buyers", "returning baby shower customers": the count and what they bought.
  rule(
    // "one-and-done guitar buyers" (since the eleventh session): one order, as first-time.
    String.raw`\b(first[- ]time|(?:one|1)[- ]and[- ]done|returning|repeat)\s+([a-z][a-z'-]*(?: [a-z][a-z-]*)?)\s+(?:buyers|customers|shoppers|purchasers|clients)\b`,
    (m) => {
      const words = m[2] ?? '';
      if (words.split(' ').some((w) => NOT_A_PRODUCT.has(w) || OBJECT_STOP.has(w))) return null;
      const occasion = OCCASION.exec(words);
      const w = occasion ? { tag: slug(occasion[1]!.replace(/'s$/, '')) } : where(words, true);
      if (!w) return null;
      const count: Cond =
        m[1] === 'returning' || m[1] === 'repeat'
          ? { field: 'purchase_frequency', op: '>=', value: 2 }
          : { field: 'purchase_frequency', op: '=', value: 1 };
      return [count, w.category && !w.tag ? boughtCategory(w.category) : { event: 'purchased', where: w }];
    },
  );
  // "a credit on their 2nd order": the offer is for people with one order so far.
  rule(String.raw`\b(?:on|off) (?:their|your) (?:2nd|second) (?:order|purchase)\b`, () =>
    // A count the brief states itself ("exactly one order in the last 90 days") says it better.
    /\b(?:\d+|one|exactly|only|just)\s+(?:orders?|purchases?)\b/.test(text)
      ? null
      : [{ field: 'purchase_frequency', op: '=', value: 1 }],
  );
  // "bought their first candle this month", "received their first order in the past 45 days",
  // "bought their first within the last 60 days" (since the eleventh session): one order so far, and
  // that purchase, of what it names and in its window.
  rule(
    String.raw`\b(?:bought|purchased|ordered|received|got)\s+(?:their|his|her|your)\s+(?:very\s+)?first(?:\s+(?!(?:in|within|over|during|from|this|last|past|with|at|and|but|so)\b)([a-z][a-z'-]*(?:\s+(?!(?:in|within|over|during|from|this|last|past|with|at|and|but|so)\b)[a-z][a-z'-]*)?))?(?:\s+(?:from|with) us)?(?:${WITHIN})?`,
    (m) => {
      const object = (m[1] ?? '').trim();
      const generic = !object || /^(?:orders?|purchases?|ones?|items?|products?|buys?)$/.test(object);
      const w = generic ? undefined : where(object, true);
      const d = withinDays(m, 2);
      const once: Cond = { field: 'purchase_frequency', op: '=', value: 1 };
      if (!w && d === undefined) return [once];
      const e: EventCondition = { event: 'purchased' };
      if (w) e.where = w;
      if (d !== undefined) e.within_days = d;
      return [once, e];
    },
  );
  rule(
    // "first-order buyers", "first-pair customers", "one-and-done buyers" (since the eleventh session).
    String.raw`\b(?:first[- ]time (?:buyers?|customers?|purchasers?|shoppers?)|first-(?!time\b)[a-z]+ (?:buyers?|customers?|purchasers?|shoppers?|clients?)|(?:one|1)[- ]and[- ]done(?: (?:buyers?|customers?|purchasers?|shoppers?|clients?))?|(?:one|1)[- ]time (?:buyers?|purchasers?|customers?|shoppers?)|bought (?:only )?once|single[- ]purchase (?:customers?|buyers?)|(?:made|placed) (?:their|a|the|his|her) (?:very )?first (?:purchase|order))\b(?:${WITHIN})?`,
    (m) => {
      // "first-time buyers from the last 30 days": one order, placed in that window.
      const d = withinDays(m, 1);
      const once: Cond = { field: 'purchase_frequency', op: '=', value: 1 };
      return d === undefined ? [once] : [once, { event: 'purchased', within_days: d }];
    },
  );
  // "first and only order in the last 30 days", "whose first order was in the last 60 days", "make
  // first order in last 30 day", "Audience: first purchase in the last 21 days" (since the twelfth
  // session): one order so far, placed in that window; "whose only order was", "hasn't been back
  // since their first purchase", "never came back for a second": one order so far.
  rule(
    String.raw`\b(?:(?:make|makes|made|place|places|placed|did)\s+(?:(?:their|a|the|his|her)\s+)?(?:very\s+)?first\s+(?:order|purchase)|(?:(?:very\s+)?first(?:\s+and\s+only)?|1st|only)\s+(?:order|purchase)(?:\s+(?:was|came|happened|landed|placed|made))?)(?=\s*,?\s*(?:in|within|during|over|from|this|last|past)\b)${WITHIN}|\b(?:whose|their|his|her)\s+(?:(?:first|1st)\s+and\s+)?only\s+(?:order|purchase)\s+(?:was|is)\b(?!\s+(?:in|within|during|over|from|this|last|past)\b)|\b(?:first|one)\s+and\s+only\s+(?:order|purchase)\b|\b(?:hasn'?t|haven'?t|has not|have not|never|didn'?t|did not)\s+(?:been|come|came)\s+back\s+(?:since|after)\s+(?:their|the|his|her)\s+(?:1st|first)\s+(?:order|purchase)\b|\bnever\s+(?:came|come)\s+back\s+for\s+(?:a|their)\s+(?:2nd|second)\b`,
    (m) => {
      // "15% off their first order in the last week of May": an offer's order, not one placed.
      if (
        /\b(?:on|off|for|towards?|with)\s+(?:their|the|a|your)?\s*$/.test(
          text.slice(Math.max(0, m.index - 14), m.index),
        )
      )
        return null;
      const once: Cond = { field: 'purchase_frequency', op: '=', value: 1 };
      const d = withinDays(m, 1);
      return d === undefined ? [once] : [once, { event: 'purchased', within_days: d }];
    },
  );
  rule(
    // "came back to buy again", "bought from us again": more than one order.
    String.raw`\b(?:(?:repeat|returning) (?:buyers|customers|purchasers|clients)|frequent (?:buyers|shoppers|customers|purchasers)|(?<!\b(?:not|never|n't|to)\s+)(?:came back (?:to (?:buy|order|shop)|and (?:bought|ordered|shopped))|(?:bought|ordered|purchased|shopped) (?:from us |with us )?again)\b)`,
    () => [fallback({ field: 'purchase_frequency', op: '>=', value: 2 })],
  );

  // Order counts stated exactly or as a range: "ordered once", "exactly 2 orders this year", "1-2 orders in the last 90 days".
  rule(
    String.raw`\b(?:(?:who(?:'ve| have)?|that|have|has)\s+)?(?:only\s+)?(?:ordered|bought|purchased|shopped)(?: with us| from us)? (?:only |exactly |just )?(once|1 time)\b|\b(?:with|have|has|who have|who've|placed|made)?\s*(?:exactly|only|just)\s+(${NUM})\s+(?:orders?|purchases?)(?:\s*${WITHIN})?|\b(?:with\s+)?(${NUM})\s*(?:-|to)\s*(${NUM})\s+(?:orders?|purchases?)(?:\s*${WITHIN})?`,
    (m) => {
      if (m[1]) return [{ field: 'purchase_frequency', op: '=', value: 1 }];
      if (m[2]) {
        const d = withinDays(m, 3);
        const field = d !== undefined && d <= 90 ? 'orders_last_90_days' : 'purchase_frequency';
        return [{ field, op: '=', value: toNum(m[2]) }];
      }
      const d = withinDays(m, 13);
      const field = d !== undefined && d <= 90 ? 'orders_last_90_days' : 'purchase_frequency';
      return [{ field, op: 'between', value: [toNum(m[11]), toNum(m[12])] }];
    },
  );
  // Sessions: "zero site sessions in the last 90 days", "been on the site 10+ times", "3+ sessions".
  rule(
    String.raw`\b(?:(?:no|zero|0)\s+(?:site\s+|app\s+)?(?:sessions|visits)|(?:been on|visited|came to) (?:the |our )?(?:site|website|store|app) (${NUM})(\+)? times|(?:(${CMP})\s+)?(${NUM})(\+)?\s+(?:site\s+|app\s+|web\s+)?(?:sessions?|visits?))(?:\s*${WITHIN})?`,
    (m) => {
      if (m[1]) return [{ field: 'session_count', op: m[2] ? '>=' : '=', value: toNum(m[1]) }];
      if (m[4]) return [{ field: 'session_count', op: m[5] ? '>=' : cmpOp(m[3], '>='), value: toNum(m[4]) }];
      return [{ field: 'session_count', op: '=', value: 0 }];
    },
  );
  // Reviews: "haven't written any reviews", "5+ reviews", "top reviewers (5+ reviews)".
  rule(
    String.raw`\b(?:(?:have(?:n'?t| not)|has(?:n'?t| not)|never)\s+(?:written|left|posted)\s+(?:any\s+|a\s+)?(?:product\s+)?reviews?|(?:with|have|has|who have|who've)\s+(?:no|zero)\s+reviews|(?:no|zero)\s+reviews\s+(?:written|yet|left))\b`,
    () => [{ field: 'product_reviews_written', op: '=', value: 0 }],
  );
  // "anyone who's ever left us a review", "customers who have written a review": at least one.
  rule(
    String.raw`\b(?:ever\s+)?(?:left|written|wrote|posted|submitted|given)\s+(?:us\s+)?(?:a|any|at least 1|1)\s+(?:product\s+)?review\b`,
    () => [{ field: 'product_reviews_written', op: '>=', value: 1 }],
  );
  rule(String.raw`\b(?:(${CMP})\s+)?(${NUM})(\+)?\s+(?:product\s+)?reviews(?:\s+written)?\b`, (m) =>
    // "(2,000+ reviews)" is what a product has, social proof: no customer writes that many.
    toNum(m[2]) > 50
      ? []
      : [{ field: 'product_reviews_written', op: m[3] ? '>=' : cmpOp(m[1], '>='), value: toNum(m[2]) }],
  );
  // Tenure in more wordings (since the eleventh session). "new clients of this month", "new customers
  // of the last 15 days", "new clients from instagram of this month": people who joined in that
  // window (before the purchase rule reads "customers of ..." as buyers of a product).
  rule(
    String.raw`\bnew (?:clients?|customers?|members|users|subscribers|accounts|sign-?ups)(?:\s+(?:from|via|through)\s+([a-z]+))?\s+(?:of|from)\s+(?:the\s+)?(?:(this)\s+(week|month|year|quarter)|(?:last|past|previous)\s+(?:(${NUM})\s*)?(${UNIT}))\b`,
    (m) => {
      const days = m[2] ? durationDays(1, m[3]!) : durationDays(m[4] ? toNum(m[4]) : 1, m[5]!);
      const src = m[1] ? lookup(ACQUISITION_SOURCES, m[1]) : [];
      const tenure: Cond = { field: 'tenure_days', op: '<=', value: days };
      return src.length ? [tenure, { field: 'acquisition_source', op: '=', value: src[0]! }] : [tenure];
    },
  );
  // "tenure > 1 y", "tenure 3y+", "tenure<=30d", "tenure 365+ days": the profile's tenure named as
  // such, in an analyst's compact units (the catalogue's tenure_days).
  rule(
    String.raw`\btenure\s*(>=|<=|>|<|${CMP})?\s*(${NUM})\s*(\+)?\s*(years?|yrs?|y|months?|mos?|mths?|weeks?|wks?|w|days?|d)\b(\+)?`,
    (m) => {
      const unit = m[4]!.replace(/^y$/, 'year').replace(/^w$/, 'week').replace(/^d$/, 'day');
      const op = m[3] || m[5] ? '>=' : cmpOp(m[1], '>=');
      return [{ field: 'tenure_days', op, value: durationDays(toNum(m[2]), unit) }];
    },
  );
  // "in their first month with us", "during their first week": tenure up to that first period.
  rule(
    String.raw`\b(?:in|within|on|during)\s+(?:their|the|his|her|your)\s+(?:very\s+)?first\s+(week|fortnight|month|year)\s+(?:with us|as (?:a )?(?:customers?|members?|subscribers?))`,
    (m) => [{ field: 'tenure_days', op: '<=', value: durationDays(1, m[1]!) }],
  );
  // "members with 3+ years", "subscribers of 2+ years", "in the program for more than 2 years": a
  // membership's age.
  rule(
    String.raw`\b(?:(?:members?|subscribers?|clients?|customers?)\s+(?:with|of)\s+(${NUM})\+\s*(years?|yrs?|months?)\b|been\s+(?:in|part of|with)\s+(?:the|our)\s+(?:loyalty\s+)?(?:program|programme|club|membership|subscription)\s+(?:for\s+)?(${CMP})\s+(${NUM})\s*(${UNIT}))`,
    (m) =>
      m[1]
        ? [{ field: 'tenure_days', op: '>=', value: durationDays(toNum(m[1]), m[2]!) }]
        : [{ field: 'tenure_days', op: cmpOp(m[3], '>='), value: durationDays(toNum(m[4]), m[5]!) }],
  );
  // "on file 3+ yrs", "on file for 2 years": tenure told as a record's age.
  rule(String.raw`\bon file\s+(?:for\s+)?(?:(${CMP})\s+)?(${NUM})(\+)?\s*(${UNIT})`, (m) => [
    { field: 'tenure_days', op: m[3] ? '>=' : cmpOp(m[1], '>='), value: durationDays(toNum(m[2]), m[4]!) },
  ]);
  // "more than 3 years with us", "who are 2+ years with us": tenure told before "with us".
  rule(
    String.raw`\b(?:(${CMP})\s+)?(${NUM})(\+)?\s*(${UNIT})\s+(?:with us|as (?:a )?customers?|as (?:a )?members?)\b`,
    (m) =>
      // "in their first 90 days with us" is the other way round (read below).
      /\b(?:first|within|under|less than|fewer than)\s+$/.test(
        text.slice(Math.max(0, m.index - 14), m.index),
      ) || /^(?:under|less than|fewer than|at most|below|up to)$/.test(m[1] ?? '')
        ? null
        : [
            {
              field: 'tenure_days',
              op: m[3] ? '>=' : cmpOp(m[1], '>='),
              value: durationDays(toNum(m[2]), m[4]!),
            },
          ],
  );
  // Tenure: "been with us 3+ years", "in their first 90 days".
  rule(
    String.raw`\b(?:been (?:with us|customers?|members?|shopping with us)|with us)\s+(?:for\s+)?(${NUM})(\+)?\s*(${UNIT})|\b(?:in|within) (?:their|the) first (${NUM})\s*(${UNIT})`,
    (m) => {
      if (m[1]) return [{ field: 'tenure_days', op: '>=', value: durationDays(toNum(m[1]), m[3]!) }];
      return [{ field: 'tenure_days', op: '<=', value: durationDays(toNum(m[4]), m[5]!) }];
    },
  );
  // "bought skincare or makeup in the last 90 days", "purchased gold coins or jewellery": either.
  rule(
    String.raw`\b(?:bought|purchased|ordered|shopped(?: for)?)\s+(?:our\s+|the\s+|any\s+|some\s+)?([a-z][a-z-]*(?: (?!(?:in|over|from|during|within|this|last|past|since|before|earlier|recently|or|and|with|to)\b)[a-z][a-z-]*)?)\s*,?\s+or\s+(?:any\s+|the\s+|our\s+)?([a-z][a-z-]*(?: (?!(?:in|over|from|during|within|this|last|past|since|before|earlier|recently|or|and|with|to)\b)[a-z][a-z-]*)?)(?=$|[\s,.;:!?)])(?:\s*${WITHIN})?`,
    (m) => {
      if (!lookup(CATEGORIES, m[2]!).length || OBJECT_STOP.has(m[1]!.split(' ')[0]!)) return null;
      const x = where(m[1]!);
      const y = where(m[2]!);
      if (!x?.category || !y?.category || x.tag || y.tag || x.category === y.category) return null;
      const days = withinDays(m, 3);
      const ev = (category: string): EventCondition =>
        days === undefined
          ? boughtCategory(category)
          : { event: 'purchased', where: { category }, within_days: days };
      return [{ any: [ev(x.category), ev(y.category)] }];
    },
  );
  // "bought at least four books in the last year", "bought 3 bags or more from us": a counted purchase.
  rule(
    String.raw`\b(?:bought|purchased|ordered)\s+(?:(at least|more than|over|a minimum of)\s+)?(${NUM})(\+)?\s+(?!times\b|days?\b|weeks?\b|months?\b|years?\b|hours?\b)([a-z][a-z'-]*(?: [a-z][a-z'-]*)?)(\s+or more)?(?:\s+(?:from|with) us)?${'(?:' + WITHIN + ')?'}(?=$|[,.;:!?)]|\s(?:and|but|who|from|with|to|in|or|so)\b|\s-\s)`,
    (m) => {
      const n = toNum(m[2]);
      if (!(n >= 2 && n <= 100)) return null;
      const count = /^(?:more than|over)$/.test(m[1] ?? '') ? n + 1 : n;
      const w = where(m[4] ?? '', true);
      const e: EventCondition = { event: 'purchased', min_count: count };
      if (w) e.where = w;
      const days = withinDays(m, 6);
      if (days !== undefined) e.within_days = days;
      return [e];
    },
  );
  // "bought baby clothes 4-6 months ago": bought the product within the far end of the band and
  // not since its near end.
  rule(
    String.raw`\b(?:bought|purchased|ordered|shopped)\s+(?:(?:a|an|the|some|their|any)\s+)?((?:[a-z][a-z-]*\s+){0,3}?)(?:between\s+)?(${NUM})\s*(?:-|to|and)\s*(${NUM})\s*(${UNIT})\s+ago`,
    (m) => {
      const near = durationDays(toNum(m[2]), m[4]!);
      const far = durationDays(toNum(m[3]), m[4]!);
      if (!(near < far)) return null;
      // Without an object ("ordered 30-60 days ago") it is the last order's age: other rules read it.
      const w = m[1]?.trim() ? where(m[1], /^\S+\s+an?\s/.test(m[0])) : undefined;
      if (!w) return null;
      const e = (days: number): EventCondition => ({ event: 'purchased', where: w, within_days: days });
      return [e(far), { not: e(near) }];
    },
  );
  // Purchased (a category) within a window.
  rule(
    String.raw`\b(?:bought|purchased|ordered|shopped(?: for)?|buyers of|purchasers of|customers of|(?:readers|collectors|lovers|drinkers) of|used to (?:buy|order|purchase|get)|(?:acquired|copped|grabbed|picked up)(?=\s+(?:a|an|the|their|some)\s)|(?<=\b(?:who|whoever|that|which|someone|anyone|everyone|they|who also|who only|that only|who just|that just|who ever|that ever) )(?:buys?|buying|purchases?|orders?)|(?<=\bstill )buying|(?<=\b(?:accounts|customers|clients|people|those|anyone|everyone|shoppers|members) )(?:purchasing|buying|ordering))\s+(?:(?:anything|something|items?|products?|pieces?)\s+(?=from\s))?(?:from\s+)?(?:our\s+|the\s+|a\s+|an\s+|any\s+|some\s+)?${OBJ}(?:\s+(?:category|products?|items?|range|line))?(?:\s*(?:from|off) us)?${COUNT}(?:\s*${WITHIN})?${COUNT}`,
    (m) => {
      const days = withinDays(m, 6);
      const count = (b: number): number =>
        m[b] ? 2 : m[b + 2] ? toNum(m[b + 2]) + (cmpOp(m[b + 1], '>=') === '>' ? 1 : 0) : 0;
      const stated = Math.max(count(2), count(13));
      // "1,000 people bought it this week", "frequently bought together": social proof, not an audience.
      // "purchase frequency reaches 5%": a metric, not an object; "what others in their city bought".
      if (
        /^\s*(?:it|them|this|that|one|together|frequency|rates?|value|volume|intent|behaviou?r|history|journey|decisions?|power)\b/.test(
          m[1] ?? '',
        ) ||
        /\b(?:frequently|people|others|shoppers|most|clients|customers|buyers|collectors|families|parents|members|users)[\s-]+$/.test(
          work.slice(Math.max(0, m.index - 12), m.index),
        ) ||
        /\b(?:others|other (?:customers|shoppers|people|parents|owners))(?: (?:in|near|like|from) (?:their|your|the) [a-z]+)? $/.test(
          work.slice(Math.max(0, m.index - 40), m.index),
        )
      )
        return null;
      const w =
        definiteProduct(m[0], m[1] ?? '') ??
        where(m[1] ?? '', /^\S+(?:\s+(?:for|from|of))*\s+an?\s/.test(m[0]));
      if (!w && days === undefined) return null;
      // "has bought knitwear (before)": a category with no window is the purchased-categories list.
      if (days === undefined && w?.category && !w.tag && !w.product_id && stated < 2) {
        // "purchased gold coins or jewellery earlier": either product.
        const or =
          /^\s*,?\s*or\s+(?:any\s+|the\s+|our\s+)?([a-z][a-z-]*(?: [a-z][a-z-]*)?)(?=$|[\s,.;:!?)])/.exec(
            work.slice(m.index + m[0].length),
          );
        const other = or ? where(or[1]!) : undefined;
        if (
          or &&
          other?.category &&
          !other.tag &&
          lookup(CATEGORIES, or[1]!).length &&
          other.category !== w.category
        )
          return [{ any: [boughtCategory(w.category), boughtCategory(other.category)] }];
        return [boughtCategory(w.category)];
      }
      const e: EventCondition = { event: 'purchased' };
      if (w) e.where = w;
      if (days !== undefined) e.within_days = days;
      if (stated >= 2) e.min_count = stated;
      return [e];
    },
  );
  // "everyone with mattresses in purchase history", "accounts with catering in their order history"
  // (since the eleventh session): what a purchase history holds was bought.
  rule(
    String.raw`\b(?:with|have|has|having)\s+(?:(?:a|an|any|some)\s+)?([a-z][a-z'-]*(?: [a-z][a-z'-]*){0,2}?)\s+in\s+(?:(?:their|the|his|her)\s+)?(?:(?:purchase|order|buying|shopping)\s+)?(?:history|histories)\b`,
    (m) => {
      const w = where(m[1] ?? '');
      return w ? [{ event: 'purchased', where: w }] : null;
    },
  );
  // "after a denim purchase in the last 30 days", "with a recent outerwear order"
  rule(
    String.raw`\b(?:after|following|with|made)\s+(?:a|an|their|one)\s+(?:recent\s+)?([a-z-]+(?: [a-z-]+)?)\s+(?:purchase|order)(?:\s*${WITHIN})?`,
    (m) => {
      const object = m[1] ?? '';
      if (!lookup(CATEGORIES, object).length && !lookup(TAGS, object).length) return null;
      const w = where(object);
      if (!w) return null;
      const days = withinDays(m, 2) ?? (/\brecent\b/.test(m[0]) ? 30 : undefined);
      const e: EventCondition = { event: 'purchased', where: w };
      if (days !== undefined) e.within_days = days;
      return [e];
    },
  );
  // "denim buyers", "dress buyers": buyers of a category.
  rule(
    // The word before is read by a lookbehind, so the audience's span starts at the product ("remind
    // serum buyers": "remind" is the offer's verb, not the audience).
    String.raw`(?:(?<=\b([a-z-]+) )|)\b([a-z_-]+) (buyers?|purchasers?|owners)\b(?:(?:(?:\s+(?:from|in|of|over)\s+|,\s*|\s*\(\s*|\s+(?=(?:last|past)\s+\d))(?:the\s+)?(?:last|past)\s+|\s+(?=\d+\s*d\b))(${NUM})?\s*(${UNIT}))?`,
    (raw) => {
      const m = [
        raw[0],
        raw[1] ? `${raw[1]} ${raw[2]}` : raw[2],
        raw[3],
        raw[4],
        raw[5],
      ] as unknown as RegExpExecArray;
      m.index = raw.index;
      // "power_tools buyers 365d": a category written as its slug.
      if (/_/.test(m[1] ?? '')) m[1] = (m[1] ?? '').replace(/_/g, ' ');
      const days = m[4] ? durationDays(m[3] ? toNum(m[3]) : 1, m[4]) : undefined;
      const bought = (category: string): EventCondition =>
        days === undefined
          ? boughtCategory(category)
          : { event: 'purchased', where: { category }, within_days: days };
      // "climbing-category buyers": the category named with the word itself.
      if (/-categor(?:y|ies)$/.test(raw[2] ?? '') && !NOT_A_PRODUCT.has(raw[2] ?? '')) {
        raw[2] = raw[2]!.replace(/-categor(?:y|ies)$/, '');
        const k = lookup(CATEGORIES, raw[2]);
        return [bought(k.length ? k[0]! : slug(raw[2]))];
      }
      // "turn them into shoe buyers too", "make them bag buyers": the goal, not who they are.
      if (
        /\b(?:into|become|becoming|make them|making them)\s+$/.test(
          work.slice(Math.max(0, m.index - 20), m.index),
        ) ||
        /^\s+(?:too|as well)\b/.test(work.slice(m.index + m[0].length))
      )
        return null;
      // "into accessories among buyers": the word before "buyers" is no product.
      if (NOT_A_PRODUCT.has(raw[2] ?? '')) return null;
      // "Easter buyers", "Diwali shoppers": an occasion is a tag of what they bought.
      const occ = OCCASION.exec(raw[2] ?? '');
      if (occ && occ[0] === raw[2])
        return [
          days === undefined
            ? { event: 'purchased', where: { tag: slug(occ[1]!) } }
            : { event: 'purchased', where: { tag: slug(occ[1]!) }, within_days: days },
        ];
      const c = lookup(CATEGORIES, m[1] ?? '');
      if (/\b(?:first|repeat|one|1|recent|frequent|big|top|new|time)\b/.test(m[1] ?? '')) return null;
      // "patio furniture buyers": the kind the words name, as where() reads it.
      const first = (m[1] ?? '').split(' ')[0]!;
      // A noun before "buyers" is a modifier, singular: "espresso machine buyers" buy espresso machines.
      const named = c.length && !NOT_A_PRODUCT.has(first) ? where(m[1] ?? '', true) : undefined;
      if (named?.category) return [bought(named.category)];
      if (c.length) return [bought(c[0]!)];
      // "serum buyers", "sofa buyers": a product noun the gazetteer lacks, named in the plural.
      // "ethnic wear buyers", "pet food buyers": a generic head keeps its modifier.
      const two = /^([a-z]+) (wear|care|food|supplies|tools|kits?|sets?|packs?)$/.exec(m[1] ?? '');
      if (two && !NOT_A_PRODUCT.has(two[1]!) && !/(?:ed|ly)$/.test(two[1]!))
        return [bought(slug(`${two[1]} ${plural(two[2]!)}`))];
      // "bowl owners", "mixer owners": what they own they bought; "home owners" and "business owners"
      // own no product of the shop.
      const last = (m[1] ?? '').split(' ').pop() ?? '';
      const noun = productModifier(
        last,
        m[2] !== 'owners' ||
          !/^(?:home|house|property|business|shop|store|site|account|card|dog|cat|pet|brand|car|land|land-|boat|horse|company|restaurant|salon|studio|gym)$/.test(
            last,
          ),
      );
      if (!noun) return null;
      // "mud mask buyers", "reverb pedal owners": a noun before the product noun names its kind,
      // as where() reads "an office chair" (an adjective or a word for the people does not).
      const mod = raw[1] && m[2] !== 'owners' && nounModifier(raw[1]) ? `${raw[1]} ` : '';
      return [bought(slug(`${mod}${noun}`))];
    },
  );
  // "serum ppl", "knitwear people", "denim fans": buyers of a category the gazetteer knows.
  // "grocery customers in Mumbai", "old espresso customers": a known product before a word for the
  // shop's customers names what they buy.
  rule(
    String.raw`(?:(?<=\b([a-z-]+) )|)\b([a-z-]+) (people|ppl|folks?|fans|lovers|customers|shoppers|clients|crowd|guys|lads|gang|enthusiasts|addicts|drinkers|cohort|collectors|regulars)\b`,
    (m) => {
      const w = m[2] ?? '';
      if (NOT_A_PRODUCT.has(w) || OBJECT_STOP.has(w)) return null;
      const c = lookup(CATEGORIES, w).concat(lookup(CATEGORIES, plural(w)));
      if (c.length) return [boughtCategory(c[0]!)];
      // "the jigsaw crowd", "cider folk", "whiskey lads": a shop's crowd of a product it sells; "the
      // weekend crowd", "city folk", "the young guys" are no product (a fixed list of such words).
      // "the podcaster crowd": an agent noun names the people, not a product. Since the eighth
      // session the people a liking or a habit names too ("gel pen lovers", "jazz fans", "the
      // headset cohort", "stout drinkers", "the yarn people"): words that say who someone is by
      // what they like; a word for the shop's plain customers ("capsule customers") still needs a
      // product the gazetteer knows, because before "customers" stand far more words that are not one.
      if (
        !/\b(?:crowd|folks?|lads|guys|gang|lovers|fans|enthusiasts|addicts|drinkers|cohort|people|ppl|collectors|regulars)$/.test(
          m[0],
        ) ||
        // "race-week crowd (bought electrolytes ...)": the bracket says who they are.
        /^\s*\(/.test(text.slice(m.index + m[0].length)) ||
        NOT_A_CROWD.test(w) ||
        // "beer" is no agent noun.
        /(?:[^e]ers?|ists?|ians?)$/.test(w) ||
        // "the retention cohort", "churn people": a process or a score is no product.
        /(?:ion|ment|ance|ence)$|^churn/.test(w) ||
        // "churny people", "the other people": an adjective or a count says who, not what they buy.
        (/^(?:people|ppl|fans)$/.test(m[3] ?? '') && /(?:y|ish)$/.test(w) && !/(?:ey|ay|oy)$/.test(w)) ||
        // "warn ppl who ...", "maybe people": before these words a verb or an adverb is as common
        // as a product, so only a determiner makes a noun phrase of it ("the mug people", "our
        // headset cohort").
        (/^(?:people|ppl|cohort)$/.test(m[3] ?? '') &&
          !/\b(?:the|our|my|your|those|these|all|any)\s+$/.test(
            work.slice(0, m.index - (m[1] && nounModifier(m[1]) ? m[1].length + 1 : 0)),
          ))
      )
        return null;
      // "stout drinkers": what one drinks is sold by amount, named in the singular.
      const noun = m[3] === 'drinkers' ? (productModifier(w, true) ? w : null) : productModifier(w, true);
      if (!noun) return null;
      const mod = m[1] && nounModifier(m[1]) ? `${m[1]} ` : '';
      return [boughtCategory(slug(`${mod}${noun}`))];
    },
  );
  rule(String.raw`\b(?:recent (?:buyers|purchasers|customers)|bought recently|purchased recently)\b`, () => [
    { event: 'purchased', within_days: 30 },
  ]);

  // Value: CLV percentiles, lifetime value, average order value.
  rule(
    String.raw`\bbetween (?:the )?(${NUM})(?:st|nd|rd|th)? and (?:the )?(${NUM})(?:st|nd|rd|th)? (?:(?:clv|ltv|value) )?percentiles?(?: (?:of|by|for|in) (?:clv|ltv|lifetime value|value))?`,
    (m) => [
      { field: 'clv_score', op: 'between', value: [round(toNum(m[1]) / 100), round(toNum(m[2]) / 100)] },
    ],
  );
  rule(
    String.raw`\b(?:(?:clv|ltv|customer lifetime value|lifetime value|clv score|value score)(?: score)?\s+(?:is\s+)?(?:(?:in|above|over|at or above|>=?)\s+)?(?:the\s+)?(?:top\s+)?(${NUM})(?:st|nd|rd|th)?\s*(?:%|percent)?\s*(?:percentile|pctl|pct)|(?:(?:clv|ltv|lifetime value)\s+)?(?:top|highest|best)\s+(${NUM})\s?(?:%|percent)\s*(?:of\s+)?(?:customers?\s+|shoppers?\s+|buyers?\s+)?(?:by\s+|in\s+|on\s+|of\s+)?(?:predicted\s+)?(?:clv|ltv|customer lifetime value|lifetime value|value|spend|spenders)?|(?:above|over|at or above|in)\s+the\s+(${NUM})(?:st|nd|rd|th)\s+(?:(?:clv|ltv|value)\s+)?percentile(?:\s+(?:of|by|for|in)\s+(?:clv|ltv|lifetime value|value))?|(?:clv|ltv|clv score|value score)(?:\s+of)?\s*(${CMP})\s*(0?\.\d+)|top (decile|quartile|quintile|tenth|(?:third|half|fifth|quarter)(?=\s+(?:of|by)\s+(?:clv|ltv|lifetime value|value|customers|spenders|spend)))(?:\s+(?:of|by)\s+(?:clv|ltv|lifetime value|value|customers|spenders|spend))?|(high[- ](?:value|clv|ltv|spending|spend)|most valuable|highest[- ]value|top[- ]value|big[- ]spend(?:ing|ers?)|top spenders|best customers|vips|vip (?:customers|members|clients|shoppers|tier|list|segment|crowd)))`,
    (m) => {
      if (m[1]) {
        const p = toNum(m[1]);
        const top = /top/.test(m[0]);
        return [
          {
            field: 'clv_score',
            op: !top && /(?<!or )\b(?:above|over)\s+(?:the\s+)?\d/.test(m[0]) ? '>' : '>=',
            value: round(top && p <= 50 ? 1 - p / 100 : p / 100),
          },
        ];
      }
      if (m[2]) return [{ field: 'clv_score', op: '>=', value: round(1 - toNum(m[2]) / 100) }];
      // "above the 80th percentile" is strictly above it; "in / at or above the 80th" includes it.
      if (m[3])
        return [
          {
            field: 'clv_score',
            op: /^(?:above|over)\b/.test(m[0]) ? '>' : '>=',
            value: round(toNum(m[3]) / 100),
          },
        ];
      if (m[5]) return [{ field: 'clv_score', op: cmpOp(m[4]), value: toNum(m[5]) }];
      if (m[6]) {
        // Top third = the upper 33%: 0.67 (two decimals, as a marketer writes it).
        const q =
          {
            decile: 0.9,
            tenth: 0.9,
            quartile: 0.75,
            quarter: 0.75,
            quintile: 0.8,
            fifth: 0.8,
            third: 0.67,
            half: 0.5,
          }[m[6]] ?? 0.9;
        return [{ field: 'clv_score', op: '>=', value: q }];
      }
      // "VIP clients (more than 5 orders in 12 months)": a definition in brackets right after the
      // vague word says who they are; the documented default would add a condition it does not ask for.
      if (m[7] && /^\s*\([^)]*\d/.test(text.slice(m.index + m[0].length, m.index + m[0].length + 60)))
        return null;
      if (m[7]) return [fallback({ field: 'clv_score', op: '>=', value: 0.8 })];
      return null;
    },
  );
  rule(
    String.raw`\b(?:bottom|lowest|lower)\s+(?:(${NUM})\s?(?:%|percent)|(half|quartile|quarter|third|tenth|decile|quintile))\s+(?:of\s+)?(?:(?:our\s+)?customers?\s+)?(?:by\s+|on\s+|of\s+|in\s+)?(?:predicted\s+)?(?:clv|ltv|lifetime value|value|customer lifetime value)`,
    // "bottom 20% by CLV" is the complement of "top 80%": strictly below the percentile.
    (m) => {
      const share = m[1]
        ? toNum(m[1]) / 100
        : ({
            half: 0.5,
            quartile: 0.25,
            quarter: 0.25,
            third: 0.333333,
            tenth: 0.1,
            decile: 0.1,
            quintile: 0.2,
          }[m[2]!] ?? 0.5);
      return [{ field: 'clv_score', op: '<', value: round(share) }];
    },
  );
  rule(
    String.raw`\b(?:lifetime (?:value|spend|revenue|buys?|purchases?|spending)|ltv|clv|total spend|spent|spend(?:ing)?|have spent|who spent|lifetime)\s+(?:of\s+|is\s+|to date\s+)?(${CMP})\s+${MONEY}(?!\d|[,.]\d|\s*(?:minutes?|mins?|seconds?|secs?|hours?|hrs?)\b)(?:\s*\b(lifetime|in total|total|to date|overall|all[- ]time))?`,
    (m) => {
      // "spend over $175 and you get a travel case", "SGD 100 off when spend above SGD 1,000": the
      // offer's threshold, not what the customer has spent.
      if (/^spend/.test(m[0]) && !m[4]) {
        const before = text.slice(0, m.index);
        const after = text.slice(m.index + m[0].length);
        if (
          /(?:^|[.;:!?(]\s*|\b(?:when|if|once|whenever|as long as|and|to)\s+(?:(?:you|they|customers?|people|shoppers)\s+)?)$/.test(
            before,
          ) ||
          /^\s*,?\s*(?:(?:and|to|&)\s+)?(?:(?:you|they|we)\s+)?(?:get|gets|receive|receives|unlock|unlocks|earn|earns|qualify|qualifies|score|grab)\b/.test(
            after,
          )
        )
          return null;
      }
      return [{ field: 'lifetime_value', op: cmpOp(m[1]), value: money(m[2], m[3]) }];
    },
  );
  // "spent $400+ with us", "who've spent 400+ usd with us", "$5k+ lifetime", "buy more than Rp 5
  // juta lifetime": what a customer has spent with the shop, however it is told.
  rule(
    String.raw`\b(?:(?:spent|spend|buy|bought|purchased|ordered|shopped)\s+(?:for\s+)?(?:(${CMP})\s+)?${MONEY}(\+)?(?:\s?(?:usd|eur|gbp|aud|cad|sgd|nzd|chf|dollars|euros|pounds))?\s+(?:with us|from us|at (?:our|the) (?:shop|store)|in total|total|overall|all[- ]time|lifetime|(?:over|in) (?:their|the) lifetime)|${MONEY}\+\s+(?:of\s+|in\s+)?(?:lifetime|ltv)\b)`,
    (m) => {
      if (m[5] !== undefined) return [{ field: 'lifetime_value', op: '>=', value: money(m[5], m[6]) }];
      const op = m[4] ? '>=' : m[1] ? cmpOp(m[1]) : null;
      return op ? [{ field: 'lifetime_value', op, value: money(m[2], m[3]) }] : null;
    },
  );
  // "lifetime spend $1,000+", "lifetime spend of $3k+", "over $2,000 lifetime", "more than R$3.000 of lifetime".
  rule(
    String.raw`\b(?:lifetime (?:value|spend|revenue)|ltv|total spend)\s+(?:of\s+|is\s+)?${MONEY}\+|\b(${CMP})\s+${MONEY}\s+(?:of\s+|in\s+)?(?:lifetime(?: spend| value)?|ltv|total spend|spent in total|in total)\b`,
    (m) =>
      m[1] !== undefined && m[3] === undefined
        ? [{ field: 'lifetime_value', op: '>=', value: money(m[1], m[2]) }]
        : [{ field: 'lifetime_value', op: cmpOp(m[3]), value: money(m[4], m[5]) }],
  );
  rule(
    String.raw`\b(?:average order values?|aov|average (?:basket|order|spend|cart)(?: size| value)?(?: per order)?|avg\.? order value)\s+(?:of\s+|is\s+)?(${CMP})\s+${MONEY}`,
    // "push the average basket up to £70" is the target, not the audience.
    (m) =>
      TARGET_BEFORE.test(text.slice(Math.max(0, m.index - 40), m.index)) || /^up to$/.test(m[1] ?? '')
        ? null
        : [{ field: 'average_order_value', op: cmpOp(m[1]), value: money(m[2], m[3]) }],
  );
  // "customers averaging under $70 an order", "who spend over $150 per order on average".
  rule(
    String.raw`\b(?:averag(?:e|es|ing)|spend(?:s|ing)?)\s+(${CMP})\s+${MONEY}\s+(?:an?|per|each)\s+(?:order|basket|purchase)`,
    (m) => [{ field: 'average_order_value', op: cmpOp(m[1]), value: money(m[2], m[3]) }],
  );

  // Session duration: "spend over 5 minutes per session", "sessions longer than 3 minutes".
  rule(
    String.raw`\b(?:(?:spend(?:s|ing)?|spent|stay(?:s|ing)?)\s+(?:on average\s+)?(${CMP})\s+(${NUM})\s*(minutes?|mins?|seconds?|secs?)\s+(?:per|a|each|on average per|in an average|in a)\s+(?:session|visit)|(?:sessions?|visits?)\s+(?:(?:that |which )?(?:last|are|run)\s+|lasting\s+)?(longer|shorter|more|less|over|under|above|below)(?: than)?\s+(${NUM})\s*(minutes?|mins?|seconds?|secs?))`,
    (m) => {
      const n = toNum(m[2] ?? m[5]);
      const unit = m[3] ?? m[6] ?? '';
      const w = m[1] ?? m[4] ?? '';
      const op = /longer|more|over|above/.test(w) ? '>' : /shorter|less|under|below/.test(w) ? '<' : cmpOp(w);
      return [{ field: 'avg_session_duration', op, value: /^min/.test(unit) ? n * 60 : n }];
    },
  );

  // Churn risk. "Low churn risk" (a documented default: < 0.3) before the high-risk words.
  rule(
    String.raw`\b(?:low|lower|minimal|little)[- ]churn(?:[- ](?:risk|probability|score))?|(?:unlikely|not likely) to churn`,
    () => [fallback({ field: 'churn_probability_score', op: '<', value: 0.3 })],
  );
  rule(
    String.raw`\b(?:churn (?:risk|probability|score|likelihood)(?: score)?\s+(?:of\s+|is\s+)?(${CMP})\s+(${NUM}\s?%?|0?\.\d+)|(?:at[- ]risk(?! (?:revenue|sales|income|spend|orders))|at risk of (?:churn(?:ing)?|leaving|lapsing)|likely to (?:churn|leave|lapse)|high(?:er)?[- ]churn[- ](?:risk|probability)|churn[- ]risk|about to churn|flight risks?|risk of churn(?:ing)?|predicted to churn|churn-prone)\b)`,
    (m) => {
      if (m[2]) return [{ field: 'churn_probability_score', op: cmpOp(m[1]), value: fraction(m[2]) }];
      return [fallback({ field: 'churn_probability_score', op: '>=', value: 0.7 })];
    },
  );

  // Sensitivity words (before the bracketed value that may define them).
  rule(
    String.raw`\b(?:discount[- ](?:sensitive|seekers?|hunters?|driven|responsive|lovers)|bargain[- ](?:hunters?|seekers?)|deal[- ](?:seekers?|hunters?|lovers)|price[- ]sensitive|coupon (?:users|clippers|lovers))\b`,
    () => [fallback({ field: 'discount_sensitivity_score', op: '>=', value: 0.7 })],
  );
  rule(String.raw`\b(?:(?:free[- ])?shipping[- ]sensitive|sensitive to shipping (?:costs?|fees?))\b`, () => [
    fallback({ field: 'free_shipping_sensitivity_score', op: '>=', value: 0.7 }),
  ]);
  // "high churn risk customers (0.8+)", "at-risk (churn score over 0.6)": a value in brackets
  // after a vague score word states the threshold (the vague default then gives way).
  rule(String.raw`\(\s*(?:(?:score|churn(?: score| risk)?)\s+)?(?:(${CMP})\s+)?(0?\.\d+)(\+)?\s*\)`, (m) => {
    const prior = [...hits]
      .filter((h) => h.at < m.index && m.index - h.at < 60)
      .flatMap((h) => h.conds)
      .filter(
        (c): c is FieldCondition =>
          'field' in c && /_score$|_affinity$|probability/.test(c.field) && DEFAULTS.has(c),
      )
      .pop();
    if (!prior) return null;
    return [{ field: prior.field, op: m[3] ? '>=' : cmpOp(m[1], '>='), value: toNum(m[2]) }];
  });

  // Tenure: new customers, long-standing customers.
  // "signed up over a year ago", "joined more than 6 months ago": tenure above.
  rule(
    String.raw`\b(?:signed up|joined|registered|became (?:a )?customers?|created (?:an|their) accounts?)\s+(over|more than|at least|longer than)\s+(${NUM})\s*(${UNIT})\s+ago`,
    (m) => [{ field: 'tenure_days', op: cmpOp(m[1]), value: durationDays(parseAmount(m[2]!) ?? 1, m[3]!) }],
  );
  // "newsletter signups from the last 2 weeks", "new members (last 14 days)", "instagram signups
  // from the last 30d": recent sign-ups, with the source when one is named before them.
  rule(
    String.raw`\b(?:([a-z]+)\s+)?(?:sign-?ups|registrations|registrants|new (?:members|subscribers|accounts|customers|sign-?ups|registrations))${WITHIN}`,
    (m) => {
      const d = withinDays(m, 2);
      if (d === undefined) return null;
      const src = m[1] ? lookup(ACQUISITION_SOURCES, m[1]) : [];
      const tenure: Cond = { field: 'tenure_days', op: '<=', value: d };
      return src.length ? [tenure, { field: 'acquisition_source', op: '=', value: src[0]! }] : [tenure];
    },
  );
  rule(
    String.raw`\b(?:(?:signed up|joined|registered|subscribed|created (?:an |their |a )?accounts?|became customers|acquired|onboarded|came(?= (?:to us )?(?:via|through|from) [a-z]+,?\s+(?:in|over|within|during|from)\s+(?:the\s+)?(?:last|past|previous)\s))(?:\s+(?:with us|to us via \w+|to us through \w+|to us from \w+|to the newsletter|(?:for|to) (?:the |our )?(?:mailing list|newsletter|email list|list|club|app)|(?:the |our )(?:mailing list|newsletter|email list|list|club|app|loyalty (?:programme|program|club))|via \w+|through \w+|from \w+|on \w+))?\s*${WITHIN}|accounts? (?:created|opened)\s*${WITHIN}|(new|newly acquired|newly registered|brand[- ]new|recently acquired) (?:customers?|sign-?ups|subscribers|members|users|accounts|shoppers|buyers)|new(?:ly)? (?:joined|signed[- ]up))`,
    (m) => {
      const d = withinDays(m, 1) ?? withinDays(m, 7);
      const tenure: Cond =
        d === undefined
          ? fallback({ field: 'tenure_days', op: '<=', value: 30 })
          : { field: 'tenure_days', op: '<=', value: d };
      // "joined via tiktok in the last 2 weeks" names the source too.
      const via = /\b(?:via|through|from|on) (\w+)/.exec(m[0]);
      const src = via ? lookup(ACQUISITION_SOURCES, via[1]!) : [];
      return src.length ? [tenure, { field: 'acquisition_source', op: '=', value: src[0]! }] : [tenure];
    },
  );
  rule(
    String.raw`\b(?:signed up|joined|registered|created (?:an|their) accounts?)\s+(?:less than|under|within the last|in the last|fewer than)\s+(${NUM})\s*(${UNIT})(?:\s+ago)?`,
    (m) => [{ field: 'tenure_days', op: '<=', value: durationDays(parseAmount(m[1]!) ?? 1, m[2]!) }],
  );
  // "account younger than 60 days", "more than three years of tenure".
  rule(
    String.raw`\b(?:accounts?|profiles?|memberships?)\s+(?:(?:is|are|was|were)\s+)?(?:(younger|newer)|(older)) than\s+(${NUM})\s*(${UNIT})|\b(${CMP})\s+(${NUM})\s*(${UNIT})\s+of\s+(?:tenure|membership|customer history)`,
    (m) =>
      m[3]
        ? [{ field: 'tenure_days', op: m[1] ? '<' : '>', value: durationDays(toNum(m[3]), m[4]!) }]
        : [{ field: 'tenure_days', op: cmpOp(m[5]), value: durationDays(toNum(m[6]), m[7]!) }],
  );
  rule(
    String.raw`\b(?:(?:customers?|members?|with us|been with us|been customers?|shopping with us|tenure)\s+(?:for\s+)?(${CMP})\s+(${NUM})\s*(${UNIT})|(${NUM})\+\s*(${UNIT}) (?:of )?tenure|(?:customers?|members?|shoppers?)\s+(?:for|of)\s+(${NUM})\+\s*(${UNIT})|long[- ](?:time|standing) customers)`,
    (m) => {
      if (m[3]) return [{ field: 'tenure_days', op: cmpOp(m[1]), value: durationDays(toNum(m[2]), m[3]) }];
      if (m[5]) return [{ field: 'tenure_days', op: '>=', value: durationDays(toNum(m[4]), m[5]) }];
      if (m[7]) return [{ field: 'tenure_days', op: '>=', value: durationDays(toNum(m[6]), m[7]) }];
      return [{ field: 'tenure_days', op: '>', value: 365 }];
    },
  );

  // Returns, reviews, sessions.
  rule(
    String.raw`\b(?:(?:never|haven'?t|have not|not|no|without|don'?t)\s+(?:ever\s+)?(?:returned|made a return|return)(?:\s+(?:an item|anything|a product|items|products|any items|an order))?|no[- ]returns?|(?:never|not) (?:a )?returners?|zero returns)\b`,
    () => [{ field: 'has_ever_returned_item', op: '=', value: false }],
  );
  // "customers who returned an abaya", "people who sent skates back": they bought it and returned it.
  rule(
    String.raw`\b(?:returned|sent back|send back)\s+((?:a|an|the|their|some)\s+)?${OBJ}|\bsent\s+((?:a|an|the|their|some)\s+)?([a-z][a-z-]*(?: [a-z][a-z-]*)?)\s+back\b`,
    (m) => {
      const object = m[2] ?? m[4] ?? '';
      // "customers who returned an abaya"; "3% of the spend returned as credit" is no customer's return.
      if (
        !/\b(?:who|that|have|has|had|who've|whove|they|ever|once|recently|people|customers|clients|shoppers)\s+(?:\w+\s+)?$/.test(
          text.slice(Math.max(0, m.index - 30), m.index),
        )
      )
        return null;
      if (
        /^\s*(?:an? )?(?:items?|something|anything|products?|orders?|purchases?|it|them|one|stuff|things)\b/.test(
          object,
        )
      )
        return null;
      const w = where(object, !!(m[1] ?? m[3]));
      if (!w?.category || w.tag || w.product_id) return null;
      return [{ field: 'has_ever_returned_item', op: '=', value: true }, boughtCategory(w.category)];
    },
  );
  rule(
    String.raw`\b(?:(?:have |has |who )?returned (?:an item|items|something|a product|products|an order|purchases)|(?:serial |frequent )?returners)\b`,
    () => [{ field: 'has_ever_returned_item', op: '=', value: true }],
  );
  rule(
    String.raw`\b(?:(?:wrote|written|left|posted|submitted|write)\s+(?:(${CMP})\s+)?(?:(${NUM})\+?\s+|a\s+|any\s+|some\s+|product\s+)?(?:product\s+)?reviews?|reviewers)\b`,
    (m) => {
      // "from over 3,000 reviewers": a count of reviewers is social proof.
      if (
        /^reviewers/.test(m[0]) &&
        /\d[\d,.]*\s*k?\+?\s*(?:verified\s+|happy\s+)?$/.test(text.slice(Math.max(0, m.index - 20), m.index))
      )
        return null;
      const c: FieldCondition = {
        field: 'product_reviews_written',
        op: cmpOp(m[1], '>='),
        value: toNum(m[2] ?? 1),
      };
      // "reviewers (5+ reviews)": the stated count defines the bare word.
      return [m[2] ? c : fallback(c)];
    },
  );
  rule(
    String.raw`\b(?:(${CMP})\s+)?(${NUM})\+?\s+(?:sessions|visits)(?:\s*${WITHIN})?|\bvisited (?:the site |us |our (?:site|store|website|app) |the (?:site|store|website|app) )?(?:(${CMP})\s+)?(${NUM})\+?\s+times`,
    (m) => {
      const n = toNum(m[2] ?? m[10]);
      return [{ field: 'session_count', op: cmpOp(m[1] ?? m[9], '>='), value: n }];
    },
  );

  // "everyone except the control group", "excluding the holdout": the control arm is left out.
  rule(
    String.raw`\b(?:except(?: for)?|excluding|exclude|not in|outside(?: of)?|leave out|leaving out|minus|but not|apart from|other than)\s+(?:the\s+|our\s+|any\s+|anyone in the\s+)?(?:control|hold-?out)(?:\s+(?:group|arm|cell))?(?:\s+members)?\b`,
    () => [{ field: 'control_group_membership', op: '=', value: false }],
  );
  // Consent / subscribers. Opted out first: "opted out of email", "without sms consent".
  rule(
    String.raw`\b(?:(?:opted|opt)[- ]?out (?:of|from) (email|e-?mails?|marketing emails|the newsletter|sms|texts?(?: messages)?)|(?:without|no|not given|lacking) (email|sms|text) (?:consent|opt-?in|permission)|(?:unsubscribed|unsubscribers) (?:from )?(?:the )?(?:email|newsletter|emails))\b`,
    (m) => {
      const ch = m[1] ?? m[2] ?? 'email';
      return [{ field: /^(?:sms|text)/.test(ch) ? 'sms_opt_in' : 'email_opt_in', op: '=', value: false }];
    },
  );
  rule(
    String.raw`\b(?:both email and sms|both sms and email|email and sms|sms and email) (?:opt-?ins?|consent|opted[- ]in|subscribers)\b`,
    () => [
      { field: 'email_opt_in', op: '=', value: true },
      { field: 'sms_opt_in', op: '=', value: true },
    ],
  );
  rule(
    String.raw`\b(?:sms (?:subscribers|opt-?ins?|list|opted[- ]in|consented)|(?:opted|opt)[- ]?in(?: to|to| for) (?:sms|text(?: messages)?)|text (?:subscribers|club))\b(\s+(?:but|and) not (?:to |for )?(?:email|the newsletter)\b)?`,
    (m) => [
      { field: 'sms_opt_in', op: '=', value: true },
      ...(m[1] ? [{ field: 'email_opt_in', op: '=', value: false } as FieldCondition] : []),
    ],
  );
  rule(
    String.raw`\b(?:email (?:subscribers|opt-?ins?|list|opted[- ]in|consented)|newsletter subscribers|(?:opted|opt)[- ]?in(?: to|to| for) (?:email|marketing emails|the newsletter)|on (?:our|the) (?:mailing|email) list)\b`,
    () => [{ field: 'email_opt_in', op: '=', value: true }],
  );

  // Subscriptions sold as a product ("subscribers to the monthly notebook box", "the subscription
  // people", "active subscribers"): buyers of the subscription. Newsletter, email and sms subscribers
  // are consent, read above.
  rule(
    String.raw`\b(?:subscribers?|members?)\s+(?:to|of)\s+(?:the\s+|our\s+)?(?:(?:monthly|weekly|quarterly|annual|yearly|seasonal)\s+)?([a-z][a-z-]+)\s+(?:box|club|plan|subscription|service)\b|\b([a-z][a-z-]+)\s+(?:box|club)\s+subscribers\b`,
    (m) => {
      const x = m[1] ?? m[2] ?? '';
      if (/^(?:email|newsletter|sms|text|mailing|vip|loyalty|rewards?)$/.test(x)) return null;
      return [boughtCategory(slug(`${x} subscriptions`))];
    },
  );
  rule(
    String.raw`\b(?:subscription\s+(?:people|customers|members|holders|users|folks|clients|ppl)|(?:active|current|paying|existing)\s+subscribers|(?:with|have|has)\s+an?\s+(?:active\s+)?subscription)\b`,
    () => [boughtCategory('subscriptions')],
  );

  // Sensitivity scores and the exclusivity flag.
  // "collectors" alone names the shop's clientele (two writers label no flag for it): not the flag.
  rule(String.raw`\b(?:exclusivity[- ]seekers?|hype ?beasts?|sneakerheads)\b`, () => [
    { field: 'exclusivity_seeker_flag', op: '=', value: true },
  ]);

  // Acquisition source.
  rule(
    String.raw`\b(?:(?:acquired|came|joined|signed up|found us|arrived|sourced|referred)\s+(?:to us\s+)?(?:in\s+)?(?:via|through|from|on|by)\s+(?:an?\s+|the\s+|our\s+)?([a-z -]{2,30}?)(?:\s+(?:ads?|campaigns?|links?|posts?|program(?:me)?|partnership|partners?|collab(?:oration)?|promo(?:tion)?))?(?=$|[,.;:!?)]|\s(?:and|but|who|with|to|in|from|over|for|on|at|by|this|last)\b)|(?:via|through|from|by) (?:an? |the |our )?((?:instagram|tiktok|tik tok|facebook|pinterest|youtube|google|affiliate|podcast|lazada|shopee|etsy|amazon|ebay|zalando|tokopedia)(?: ads?)?|referrals?)\b|((?:instagram|insta|ig|tiktok|tik tok|facebook|fb|pinterest|youtube|google|affiliate|referral|podcast)(?:(?:,| or| and|/)\s*(?:instagram|insta|ig|tiktok|tik tok|facebook|fb|pinterest|youtube|google|affiliate|referral|podcast))*)[- ](?:ads?[- ])?(?:acquired|sourced|signups|sign-ups|customers|shoppers|users|leads|referred|buyers|folks|people|ppl|crowd|kids|babes|fans|members|subscribers|clients|followers))`,
    (m) => {
      const src = lookup(ACQUISITION_SOURCES, m[1] ?? m[2] ?? m[3] ?? '');
      // "signed up through the strava partnership": a source the gazetteer lacks, as its one word.
      const one = (m[1] ?? '').trim();
      if (!src.length && /^[a-z]{3,}$/.test(one) && !NOT_A_SOURCE.has(one))
        return [{ field: 'acquisition_source', op: '=', value: one }];
      if (src.length > 1) return [{ field: 'acquisition_source', op: 'in', value: src }];
      return src.length ? [{ field: 'acquisition_source', op: '=', value: src[0]! }] : null;
    },
  );

  // Predicted next category.
  rule(
    String.raw`\b(?:(?:whose\s+)?(?:predicted|expected|likely|forecast) next (?:purchase )?(?:category|purchase)|next (?:predicted|likely|expected) (?:purchase )?(?:category|purchase))\s*(?:is|=|:|of|being)?\s*${OBJ}`,
    (m) => {
      const c = lookup(CATEGORIES, m[1] ?? '');
      if (c.length) return [{ field: 'predicted_next_purchase_category', op: '=', value: c[0]! }];
      // "predicted next category is bakery": the brief names it, known or not.
      const one = /^\s*([a-z][a-z-]+)\s*$/.exec(m[1] ?? '');
      return one && !OBJECT_STOP.has(one[1]!)
        ? [{ field: 'predicted_next_purchase_category', op: '=', value: slug(one[1]!) }]
        : null;
    },
  );
  rule(
    String.raw`\b(?:likely|predicted|expected|most likely) to (?:buy|purchase|shop(?: for)?)\s+${OBJ}\s+next\b`,
    (m) => {
      const c = lookup(CATEGORIES, m[1] ?? '');
      return c.length ? [{ field: 'predicted_next_purchase_category', op: '=', value: c[0]! }] : null;
    },
  );

  // "Subscribers must know it first", "each subscriber": with no other audience and no newsletter,
  // email or text in the brief, the subscribers are those who bought the subscription.
  if (
    !hits.length &&
    /\bsubscribers?\b/.test(work) &&
    !/\b(?:e-?mails?|newsletters?|sms|texts?|push|mailing|mailers?|inbox|list|open(?:s|ed)?|click(?:s|ed)?|ctr|sign-?ups?|signed up|opt(?:ed)?[- ]?in)\b/.test(
      text,
    )
  )
    rule(String.raw`\b(?:our\s+|all\s+|each\s+|every\s+)?subscribers?\b`, () => [
      boughtCategory('subscriptions'),
    ]);

  // "leave out anyone with discount sensitivity above 0.7", "skip anyone who has returned something":
  // the conditions named inside an exclusion clause select who is left out.
  const exclusions: Array<[number, number]> = [];
  const ex =
    /\b(?:leave out|leaving out|skip|skipping|exclude|excluding|except(?: for)?|not including|minus|omit|omitting|don'?t include|do not include)\s+(?:anyone|any|those|people|customers|shoppers|buyers|users|the ones|everyone)\b[^,.;!?]*/g;
  for (let m = ex.exec(text); m; m = ex.exec(text)) exclusions.push([m.index, m.index + m[0].length]);
  for (const h of hits) {
    if (!exclusions.some(([a, b]) => h.at >= a && h.at < b)) continue;
    h.conds = h.conds.map((c): Cond => {
      // The control-group rule reads its own "except": already the people left out.
      if ('field' in c && c.field === 'control_group_membership') return c;
      if ('field' in c && c.op === '=' && typeof c.value === 'boolean') return { ...c, value: !c.value };
      if ('not' in c) return c.not as Cond;
      return { not: c };
    });
  }
  hits.sort((a, b) => a.at - b.at);
  for (const [e, how] of butNotBought) {
    const at = hits.findIndex((h) => h.conds.some((c) => 'not' in c && c.not === e));
    const viewed = hits
      .slice(0, Math.max(0, at))
      .reverse()
      .flatMap((h) => h.conds)
      .find(
        (c): c is EventCondition =>
          'event' in c &&
          ['viewed_product', 'opened_email', 'clicked_email', 'viewed_content', 'wishlisted'].includes(
            c.event,
          ),
      );
    if (!viewed) continue;
    // "opened our email in the last week but didn't buy": the window carries; an email names no product.
    if (how.window && viewed.within_days !== undefined) e.within_days = viewed.within_days;
    if (how.object && viewed.where && (viewed.event === 'viewed_product' || viewed.event === 'wishlisted'))
      e.where = { ...viewed.where };
  }
  const conds = dedupe(hits.flatMap((h) => h.conds));
  for (const c of conds) assertKnownField(c);
  const criteria: Criteria | null =
    conds.length === 0 ? null : conds.length === 1 ? conds[0]! : { all: conds };
  return { criteria, phrases: hits.map((h) => h.phrase), spans };
}

interface NamedRole {
  norm: string;
  /** A brand's line, range or colourway ("the Leupold line"): "it" is the line, not one product. */
  line: boolean;
  /** Where in the rules' text the name stands. */
  at: number[];
  where: NonNullable<EventCondition['where']>;
}

/**
 * The brief's names with what each one names, while one extraction runs (module state because
 * `where` is called from every rule; reset when the extraction ends, and empty for the features).
 */
let NAMED: NamedRole[] = [];

/** Words after a name that make it a brand, line or range of many products, not one product. */
const LINE_WORDS =
  /^\s*(?:ranges?|lines?|series|collections?|selection|colou?rs?|colou?rways?|shades?|flavou?rs?|scents?|motifs?|consignments?|edit|capsules?|drops?|brand|labels?|items|products|pieces|stuff|gear|pages?|section|family|models|units)\b/;
/** Words after a name that make it a place of the shop, not a product ("the Whistler store"). */
const PLACE_WORDS =
  /^\s*(?:store|shop|boutique|showroom|warehouse|office|studio|branch|outlet|location)'?s?\b/;

function escapeRe(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/**
 * What each name of the brief names. A name written with "the" / "this" / "our" before it and no
 * word of a line after it is one product, its id the name and the head noun that follows ("the Cozy
 * Crew hoodie is ..." -> `cozy-crew-hoodie`; a noun ending in s may be a verb and ends it); a word
 * of letters and digits is a product code ("TN-760 buyers"); any other name is a brand, maker or
 * line, a tag of the name alone ("used to buy Playmobil", "a Nerf blaster", "the Leupold line").
 * Names the gazetteer reads as tags or categories ("Limited Edition", "Skincare") are left to it.
 */
function nameRoles(text: string, names: readonly BriefName[]): NamedRole[] {
  const roles: NamedRole[] = [];
  for (const n of names) {
    if (lookup(TAGS, n.norm).length) continue;
    if (!CATEGORIES.reduce((x, [re]) => x.replace(re, ' '), n.norm).trim()) continue;
    const re = nameRe(n.norm, 'g');
    const at: number[] = [];
    let product: string | null = null;
    let line = false;
    let place = false;
    for (let m = re.exec(text); m; m = re.exec(text)) {
      // A shorter name inside a longer one ("Wingspan" in "Wingspan Oceania") is the longer one's.
      const start = m.index;
      if (
        names.some(
          (o) =>
            o.norm.length > n.norm.length &&
            nameRe(o.norm).test(
              text.slice(Math.max(0, start - o.norm.length), start + o.norm.length + n.norm.length),
            ),
        )
      )
        continue;
      at.push(m.index);
      const after = text.slice(m.index + m[0].length);
      if (PLACE_WORDS.test(after)) place = true;
      if (LINE_WORDS.test(after)) line = true;
      const definite =
        /\b(?:the|this|that|our|your)\s+(?:(?:new|sold-out|discontinued|[a-z]+-(?:green|blue|pink|red|black|white|grey|gray))\s+)?$/.test(
          text.slice(Math.max(0, m.index - 40), m.index),
        );
      if (product || line || !(definite || n.kind === 'code')) continue;
      const head: string[] = [];
      for (const token of after.split(/\s+/).slice(after.startsWith(' ') ? 1 : 0, 4)) {
        const w = token.replace(/[,;:.!?)]+$/, '');
        if (
          !/^[a-z][a-z-]*$/.test(w) ||
          NAME_STOP.has(w) ||
          OBJECT_STOP.has(w) ||
          OBJECT_CUT.has(w) ||
          /(?:[^s]s|ed|ly)$/.test(w) ||
          LINE_WORDS.test(w)
        )
          break;
        head.push(w);
        if (head.length === 3 || w !== token) break;
      }
      // "the Alder dining set": a gerund only inside the head noun, never its end.
      while (head.length && /ing$/.test(head[head.length - 1]!)) head.pop();
      product = [n.norm, ...head].join(' ');
    }
    if (!at.length || place) continue;
    const id = (x: string): string => x.replace(/[^a-z0-9]+/g, '-').replace(/^-+|-+$/g, '');
    roles.push({
      norm: n.norm,
      line,
      at,
      where: product && !line ? { product_id: id(product) } : { tag: slug(n.norm) },
    });
  }
  return roles;
}

/** A name in the rules' text: its words apart by a space or a hyphen ("iphone 13", "iphone-13"). */
function nameRe(norm: string, flags = ''): RegExp {
  return new RegExp(
    `(?<![a-z0-9])${norm
      .split(/[\s-]+/)
      .map(escapeRe)
      .join('[\\s-]+')}(?![a-z0-9])`,
    flags,
  );
}

/** The where of an object that holds one of the brief's names (the longest first). */
function namedWhere(object: string): EventCondition['where'] | undefined {
  for (const r of [...NAMED].sort((a, b) => b.norm.length - a.norm.length))
    if (nameRe(r.norm).test(object)) return { ...r.where };
  return undefined;
}

/**
 * The last name of the brief before `at`: what "it" refers to, one product ("Bauer Vapor Hyperlite
 * 2, ... tell the people who looked at it"), unless the name is a line ("the Priorat selection").
 */
function nameBefore(at: number, asProduct: boolean): EventCondition['where'] | null {
  let best: NamedRole | null = null;
  let bestAt = -1;
  for (const r of NAMED)
    for (const a of r.at)
      if (a < at && a > bestAt) {
        best = r;
        bestAt = a;
      }
  if (!best) return null;
  if (asProduct && best.where.tag && !best.line)
    return { product_id: best.norm.replace(/[^a-z0-9]+/g, '-').replace(/^-+|-+$/g, '') };
  return { ...best.where };
}

/**
 * A category the rules made of a name ("Mercedes owners" -> `mercedes`, "Birkin buyers" ->
 * `birkins`) is the name's own where, whichever rule read it; conditions made equal are one.
 */
function renamed(c: Criteria): Criteria {
  if ('all' in c || 'any' in c) {
    const kids = ('all' in c ? c.all : c.any).map(renamed);
    const seen = new Set<string>();
    const unique = kids.filter((k) => {
      const key = JSON.stringify(k);
      if (seen.has(key)) return false;
      seen.add(key);
      return true;
    });
    const one = unique.length === 1 ? unique[0]! : null;
    return one ?? ('all' in c ? { all: unique } : { any: unique });
  }
  if ('not' in c) return { not: renamed(c.not) };
  if (!('event' in c) || !c.where?.category || c.where.tag || c.where.product_id) return c;
  const category = c.where.category;
  const r = NAMED.find((x) => {
    const s = slug(x.norm);
    // "Sakai knives", "Ottolenghi cookbooks": the maker's name before a noun is the tag alone.
    return (
      category === s ||
      category === plural(s) ||
      category === `${s}s` ||
      category === `${s}es` ||
      (x.where.tag !== undefined && category.startsWith(`${s}_`))
    );
  });
  return r ? { ...c, where: { ...r.where } } : c;
}

/** Words that end a product's name: function words, verbs of stock and price, people and time. */
const NAME_STOP = new Set(
  "a an the our your their its this that these those is are was were be been being goes go going went gone has have had left remaining remain remains back sold selling sells restock restocked restocking stock stocks in at on for to of with and or but from by as up down over under only just now finally also again still will would can could should may might must tiny small huge low last first next new units unit pieces piece pcs pairs pair bags left price prices priced page pages going coming comes came arrived arrives returns returned drops dropped dropping launches launched launching lands landed landing get gets got it them they we us you i he she everyone anyone people ppl customers buyers shoppers folks who which what when where how why week weeks month months day days today tonight tomorrow weekend season year years 's".split(
    ' ',
  ),
);
/** Nouns that name a shop's stock or an occasion, never one product. */
const NOT_A_NAME = new Set(
  'stock restock sale price prices shop store site collection range season weekend warehouse delivery shipping offer deal discount timer clock countdown email sms push text message banner reminder news launch drop campaign brief budget goal kpi team everything everyone'.split(
    ' ',
  ),
);

/**
 * The product a brief names before it refers to it as "it": the first run of name words after
 * "the" / "our" / "on the" or at the start of a sentence ("moonstone stacking ring restock is
 * tiny", "only a handful of the rose hip oil left", "the 'summer shred' bundle page"), quotes kept
 * as words. Null when the brief names none.
 */
function namedProduct(text: string, before: number, noun?: string): string | null {
  const head = text.slice(0, before);
  const anchors = [0];
  const re = /[.!?;:]\s+|\s-\s|\b(?:the|our|this|that)\s+/g;
  for (let m = re.exec(head); m; m = re.exec(head)) anchors.push(m.index + m[0].length);
  for (const a of anchors) {
    const words: string[] = [];
    let quoted = false;
    for (const raw of head.slice(a).split(/\s+/).slice(0, 8)) {
      if (!raw) break;
      const opens = /^["']/.test(raw);
      // A quote after the name has begun is something else ("goyard st louis 'like new'").
      if (opens && words.length && !quoted) break;
      if (opens && !words.length) quoted = true;
      const end = /[,;:.!?)]$/.test(raw);
      const w = raw.replace(/^["'(]+|["',;:.!?)]+$/g, '').replace(/'s$/, '');
      // "the new trench coat": a leading word of novelty is no part of the name.
      if (
        !words.length &&
        !quoted &&
        /^(?:new|latest|newest|restocked|beloved|iconic|signature|classic|famous|popular)$/.test(w)
      )
        continue;
      if (!w || (!quoted && NAME_STOP.has(w)) || /[^a-z0-9-]/.test(w)) break;
      words.push(w);
      if (quoted && /["']$/.test(raw.replace(/[,;:.!?)]+$/, ''))) quoted = false;
      if (end) break;
    }
    if (noun) {
      const i = words.lastIndexOf(noun);
      if (i < 0) continue;
      words.length = i + 1;
    }
    while (words.length && /^(?:restock|stock|page|drop|launch|listing)$/.test(words[words.length - 1]!))
      words.pop();
    if (!words.length || words.some((w) => NOT_A_NAME.has(w))) continue;
    // Quoted copy ("'only 3 left in your colour'") is a message, not a name.
    if (words.some((w) => NAME_STOP.has(w))) continue;
    // One word is a name only when it is a product or has a number ("the iphone"? no: "iphone 15").
    if (words.length === 1 && !lookup(CATEGORIES, words[0]!).length && !/\d/.test(words[0]!)) continue;
    // A place alone is no product ("... in the Netherlands"); "goyard st louis" is.
    const name = words.join(' ');
    if (![...COUNTRIES, ...CITIES].reduce((x, [re]) => x.replace(re, ' '), name).trim()) continue;
    return words.join(' ');
  }
  return null;
}

/**
 * Whether a place named at [start, end) says where the audience is. It does not when it is where the
 * shop works from ("we ship from London", "roasted in our Berlin warehouse", "made in Italy"), a
 * journey's end ("the perfumer's journey from Grasse to Toronto"), where something sells well
 * ("most wanted in Singapore this week": social proof), or part of a product's name after its maker
 * ("Goyard St Louis").
 */
function placeIsAudience(text: string, start: number, end: number): boolean {
  const before = text.slice(Math.max(0, start - 60), start);
  const after = text.slice(end, end + 40);
  const PEOPLE =
    /\b(?:customers?|buyers?|shoppers?|audience|people|ppl|users?|visitors?|vips?|members?|subscribers?|folks|clients?|owners|parents|abandoners|everyone|anyone|them)\b/;
  // "we ship from London", "ships straight from our Berlin roastery", "roasted in Hamburg".
  const from =
    /\b(?:ship(?:s|ped|ping)?|deliver(?:s|ed|ing|y|ies)?|dispatch(?:es|ed|ing)?|post(?:s|ed)?|flown|journey|travel(?:s|led|ed)?|comes|coming|arrives?|arriving)\s+(?:[a-z]+\s+)?(?:from|out of)\s+(?:the\s+|our\s+)?$/.exec(
      before,
    );
  const made =
    /\b(?:made|handmade|hand-made|handcrafted|hand-crafted|handwoven|hand-woven|crafted|designed|sourced|produced|printed|built|grown|woven|knitted|sewn|stitched|roasted|brewed|distilled|bottled|blended|harvested|baked|assembled|manufactured)\s+(?:[a-z]+\s+)?(?:in|from)\s+(?:the\s+|our\s+)?$/.exec(
      before,
    );
  // "most wanted in Singapore this week", "our bestseller in London": where it sells, not who buys.
  const sells =
    /\b(?:most[- ](?:wanted|popular|loved|bought|wishlisted|gifted|sold|ordered|searched|viewed|reordered)|best[- ]?sell(?:er|ers|ing)|trending|top[- ](?:seller|sellers|selling|rated)|popular|no\.? ?1|number one|#1|sold out|selling fast|flying off the shelves)\b([^.;!?]{0,40})\bin\s+(?:the\s+)?$/.exec(
      before,
    );
  if (
    (from && !PEOPLE.test(from[0])) ||
    (made && !PEOPLE.test(made[0])) ||
    (sells && !PEOPLE.test(before) && !/\b(?:viewed|visited|browsed|pages?)\b/.test(before)) ||
    /\bfrom\s+(?:[a-z']+\s+){1,4}to\s+$/.test(before) ||
    /\b(?:workshop|studio|atelier|factory|warehouse|roastery|farm|vineyard|bakery|mill|distillery|brewery|lab|showroom|flagship|headquarters|hq|office)s?\s+(?:in|near|outside)\s+$/.test(
      before,
    ) ||
    (/\b(?:our|the|my)\s+$/.test(before) &&
      /^\s*(?:warehouse|factory|office|hq|headquarters|roastery|studio|team|depot|atelier|workshop|lab|fulfil?ment|distribution)\b/.test(
        after,
      )) ||
    // "a video of the Ghent shop", "our Rotterdam kitchen": the shop's own place, unless the audience
    // lives near it ("customers near our London store").
    (/\b(?:our|the|my)\s+$/.test(before) &&
      !/\b(?:near|around|close to|local to|within)\s+(?:our|the|my)\s+$/.test(before) &&
      /^\s*(?:shop|store|boutique|flagship|showroom|kitchen|caf[eé]|bakery|restaurant|branch)\b/.test(
        after,
      )) ||
    // "the story of the house since 1962 in Lyon", "our repair craftsman in Nagoya", "photos taken in
    // Kyoto": where the story happens, not who receives it.
    (() => {
      // The last story word counts: "our customers' film photos taken in Kyoto" is where the photos were taken.
      const story = [
        ...before.matchAll(
          /\b(?:story|stories|video|film(?:ed)?|photos?|photographs?|photobook|taken|shot|craftsm[ae]n|artisans?|makers?|house|founded|started|began|grew up|since \d{4}|born|trip|tour|journey|behind the scenes|documentary|interview|sewing room|kitchen table|garage)\b/g,
        ),
      ].pop();
      return (
        story !== undefined &&
        before.length - (story.index ?? 0) <= 70 &&
        !PEOPLE.test(before.slice((story.index ?? 0) + story[0].length)) &&
        /\b(?:in|of|at|from)\s+(?:the\s+)?$/.test(before)
      );
    })() ||
    // "'4,000 sold in Stockholm'", "bought by 1 200 women in Poland", "more than 10k people in Texas
    // already wear it": a count of buyers somewhere is social proof, not the audience.
    /\d[\d,. ]*\s?k?\+?\s+(?:[a-z'-]+\s+){0,4}(?:sold|bought|ordered|reordered|worn|loved|purchased|rated|reviewed|restocked)\b[^.;!?]{0,30}\bin\s+(?:all of\s+)?(?:the\s+)?$/.test(
      before,
    ) ||
    /\b(?:sold|bought|ordered|worn|loved|rated)\s+by\s+(?:over\s+|more than\s+)?[\d,. ]+k?\+?\s*[a-z]+\s+in\s+(?:the\s+)?$/.test(
      before,
    ) ||
    // "6 pairs left in all of Canada": where the stock is.
    /\b(?:left|remaining|in stock|available|made|produced)\s+in\s+all of\s+(?:the\s+)?$/.test(before) ||
    // "a private tasting evening in Cork", "the pop-up in Leeds", "collab with the lads in Galway":
    // where an event or a maker is, unless the people are named there.
    (/\b(?:event|evening|night|party|tasting|dinner|pop-?up|meet-?up|festival|fair|exhibition|workshop|masterclass|launch|collab(?:oration)?|brewery|lads|team)\s+(?:[a-z]+\s+)?(?:in|at)\s+(?:the\s+)?$/.test(
      before,
    ) &&
      !PEOPLE.test(before.slice(-40))) ||
    // "during Dubai Shopping Festival": an occasion named after the place.
    /^\s+(?:shopping festival|festival|fashion week|marathon|expo|design week|watch days|watch week|book fair|carnival|carnaval|(?:[a-z]+\s+)?imports?|store opening|shop opening|blend|roast|edition|collection|range|series)\b/.test(
      after,
    )
  )
    return false;
  // "a collab with a Copenhagen designer", "the Oxford grammar", "a Kyoto lacquer artist": a place
  // before a noun that is no word for the people or the place describes the thing or the maker,
  // and says nothing about where the customers live.
  if (
    !lookup(COUNTRIES, text.slice(start, end)).length &&
    /\b(?:a|an|the|with|by)\s+$/.test(before) &&
    /^\s+[a-z][a-z-]+/.test(after) &&
    !/^\s+(?:and|or|&|only|area|areas|region|metro|based|city|locals?|residents?|households?|families|crowd|crew|gang|lot|team|folks|postcodes?|addresses|zip|customers?|buyers?|shoppers?|people|ppl|users?|visitors?|members?|subscribers?|clients?|audience|market|orders?|accounts?|stores?|shops?|branch(?:es)?|base|in|on|at|for|from|to|this|last|next|who|that|with|older|newer|over|under|between|within|during|before|after|is|are|was|were|has|have|only|too|please)\b/.test(
      after,
    )
  )
    return false;
  // "Goyard St Louis": a maker's name before it makes it a product.
  const maker = /\b([a-z][a-z-]+)\s+$/.exec(before);
  if (
    maker &&
    lookup(TAGS, maker[1]!).length &&
    !/^(?:vintage|premium|luxury|vegan|sustainable)$/.test(maker[1]!)
  )
    return false;
  return true;
}

/**
 * "Has never bought", as an event predicate (DESIGN.md §5 expresses behaviour with events); the
 * evaluation treats `last_purchase_date is_null` as the same condition.
 */
const NEVER_BOUGHT: Cond = { not: { event: 'purchased' } };

/** "Has bought knitwear" with no window: ever purchased in the category (same customers as `product_categories_purchased contains`). */
/** Words after "came through" that are no acquisition channel ("came from the us", "joined in january"). */
const NOT_A_SOURCE = new Set(
  'us usa uk canada europe abroad home work school january february march april may june july august september october november december spring summer autumn fall winter christmas black friday sale the store shop site website app email newsletter link mobile desktop web phone there here them anywhere somewhere outside elsewhere'.split(
    ' ',
  ),
);

/**
 * Words before "buyers" / "abandoners" that describe the people, not a product ("repeat buyers",
 * "mobile abandoners", "high-value cart abandoners"), and the offer's verbs before an audience ("tell
 * serum buyers"; since the eleventh session let, inform, warn, invite, update: "let knitwear buyers know").
 */
const NOT_A_PRODUCT = new Set(
  'cross-category cross-sell cross-selling upsell back up out off down away after before about against toward towards via like among amongst segment segments audience audiences target targets targeting aim goal plan idea focus tactic message first repeat one recent frequent big top new time high low value high-value low-value loyal vip mobile app web desktop online all our the these those cart basket checkout serial lapsed past previous former existing current potential likely heavy light occasional regular returning bulk impulse holiday seasonal weekend early late full price sale discount bargain prospective would-be uk us eu german french dutch british american canadian australian irish spanish italian local international domestic overseas wholesale b2b b2c guest registered anonymous logged-in email sms push newsletter instagram tiktok facebook google referral organic paid social affiliate second third multi multiple single one-time two-time first-time repeat-purchase many few some most other any every each such fresh stale old warm hot cold happy eager keen savvy smart target email text remind nudge ping message tell send show give offer reach hit notify alert push win chase follow retarget convert engage thank reward invite them their get turn make move bring help keep convert win grow let inform warn invite update'.split(
    ' ',
  ),
);

/** A product noun used as a modifier ("serum buyers"), as a category name (plural), or null. */
function productModifier(words: string, allowUnknown: boolean): string | null {
  const ws = words.trim().split(/\s+/);
  if (!allowUnknown || ws.length !== 1) return null;
  const w = ws[0]!;
  if (w.length < 3 || NOT_A_PRODUCT.has(w) || OBJECT_STOP.has(w) || !/^[a-z][a-z-]*[a-z]$/.test(w))
    return null;
  // Participles and adverbs describe the people ("engaged buyers", "lately"); "flooring" is sold.
  if (/(?:ing|ed|ly|ive|ful|ous|est)$/.test(w) && !MASS_NOUNS.has(w)) return null;
  return slug(plural(w));
}

/**
 * A word before a product noun that names a kind of it ("mud mask", "reverb pedal", "gel pen"):
 * a noun, not an adjective, a participle, a number, a place or a word for the people or the offer.
 */
function nounModifier(w: string): boolean {
  return (
    w.length >= 3 &&
    /^[a-z][a-z-]*[a-z]$/.test(w) &&
    !NOT_A_PRODUCT.has(w) &&
    !OBJECT_STOP.has(w) &&
    !NOT_COMPOUND.has(w) &&
    !NOT_A_CROWD.test(w) &&
    !OBJECT_CUT.has(w) &&
    !PAGE_WORDS.test(w) &&
    !ADJECTIVES_OF_PEOPLE.has(w) &&
    !/(?:ed|ly|est|ful|ous|ive|ish|ic|al|able|ible|less)$/.test(w) &&
    // A gerund names a kind ("cutting machine", "sleeping bag"); a participle describes the people.
    !/^(?:existing|returning|remaining|upcoming|outstanding|loving|paying|spending|leading|trending|interesting|amazing|matching|missing|incoming|ongoing|recurring|shopping|lapsing|churning|buying|purchasing|engaging|growing|long-standing|willing|visiting|browsing|converting|ordering|waiting|everything|anything|something|nothing)$/.test(
      w,
    ) &&
    !lookup(COUNTRIES, w).length &&
    !lookup(CITIES, w).length &&
    !DEMONYM.test(w)
  );
}

/** Adjectives that describe a customer, not a product ("dormant headset buyers"). */
const ADJECTIVES_OF_PEOPLE = new Set(
  'dormant inactive active happy unhappy angry lost sleepy keen avid serious casual hardcore diehard die-hard true real biggest super mega hot cold warm lukewarm churny loyal vip rich wealthy young old older younger senior junior teen adult male female'.split(
    ' ',
  ),
);

function boughtCategory(category: string): EventCondition {
  return { event: 'purchased', where: { category } };
}

const DEFAULTS = new WeakSet<object>();

/** A condition set by a vague word's default; dropped when the brief also states the same field exactly. */
function fallback(c: FieldCondition): FieldCondition {
  DEFAULTS.add(c);
  return c;
}

function dedupe(conds: Cond[]): Cond[] {
  const seen = new Set<string>();
  const out: Cond[] = [];
  const exact = new Set(
    conds.filter((c) => 'field' in c && !DEFAULTS.has(c)).map((c) => (c as FieldCondition).field),
  );
  // "big spenders with an AOV over $200": the stated value condition defines the vague word.
  const valueStated = ['clv_score', 'lifetime_value', 'average_order_value'].some((f) => exact.has(f));
  // A stated lower bound on the cart value ("carts over $50") replaces the bare "has a cart" (> 0).
  const cartBound = conds.some(
    (c) =>
      'field' in c &&
      c.field === 'abandoned_cart_value' &&
      (c.op === 'between' || ((c.op === '>' || c.op === '>=') && typeof c.value === 'number' && c.value > 0)),
  );
  // "our cycling regulars, i.e. people who bought cycling gear 2+ times in 90 days": a bare "has
  // bought X" is implied by a purchase of X with a window or a count, and adds nothing.
  const implied = (c: Cond): boolean =>
    'event' in c &&
    c.within_days === undefined &&
    c.min_count === undefined &&
    conds.some(
      (o) =>
        o !== c &&
        'event' in o &&
        o.event === c.event &&
        (o.within_days !== undefined || o.min_count !== undefined) &&
        JSON.stringify(o.where ?? {}) === JSON.stringify(c.where ?? {}),
    );
  for (const c of conds) {
    if ('field' in c && DEFAULTS.has(c) && (exact.has(c.field) || (c.field === 'clv_score' && valueStated)))
      continue;
    if (implied(c)) continue;
    if (cartBound && 'field' in c && c.field === 'abandoned_cart_value' && c.op === '>' && c.value === 0)
      continue;
    const k = JSON.stringify(c);
    if (seen.has(k)) continue;
    seen.add(k);
    out.push(c);
  }
  return out;
}

/** The rules only ever name catalogue fields; this guards the rules themselves against typos. */
function assertKnownField(c: Criteria): void {
  if ('field' in c && !FIELDS_BY_NAME.has(c.field))
    throw new Error(`criteria rule named unknown field ${c.field}`);
  if ('not' in c) assertKnownField(c.not);
  if ('all' in c) c.all.forEach(assertKnownField);
  if ('any' in c) c.any.forEach(assertKnownField);
}
