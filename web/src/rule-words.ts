import type { Criteria } from '../../src/contracts/criteria.ts';
import { FIELD_CATALOGUE } from '../../src/contracts/fields.ts';
import { triggerLabel } from './labels.ts';

/**
 * Segment criteria in a marketer's words ("top 20% by customer value", "Free Shipping raises their
 * chance to order by more than 1.1 percentage points"). The field expression (`clv_score >= 0.8`) stays the
 * contract other tools read; the UI shows it on demand beside these words.
 */

type Condition = Extract<Criteria, { field: string }>;
type EventCondition = Extract<Criteria, { event: string }>;
type Scalar = string | number | boolean | null;

const DESCRIPTION = new Map(FIELD_CATALOGUE.map((f) => [f.name, f.description]));

/** A share 0..1 as a percentage a person writes (0.8 → "80%", 0.125 → "12.5%"). */
function pct(x: number): string {
  const v = Math.round(x * 1000) / 10;
  return `${Number.isInteger(v) ? v : v.toFixed(1)}%`;
}
function money(x: number): string {
  return `$${x >= 100 ? Math.round(x).toLocaleString('en-US') : x.toFixed(2).replace(/\.00$/, '')}`;
}
function num(x: number): string {
  return Math.abs(x) >= 1000 ? Math.round(x).toLocaleString('en-US') : String(Number(x.toPrecision(3)));
}
/**
 * Percentage points of the chance to order from an absolute uplift (0.0106 → "1.1 percentage
 * points"): written out, as "pts" alone left a marketer asking "points of what?".
 */
function points(x: number): string {
  const p = x * 100;
  const digits = Math.abs(p) >= 0.1 || p === 0 ? 1 : 2;
  return `${p.toFixed(digits)} percentage point${p === 1 ? '' : 's'}`;
}
function days(hours: number): string {
  if (hours < 48) return `${num(hours)} hours`;
  const d = hours / 24;
  return `${Number.isInteger(d) ? d : d.toFixed(1)} days`;
}
const lower = (s: string) => s.charAt(0).toLowerCase() + s.slice(1);
const list = (v: Scalar | Scalar[]) => {
  const xs = (Array.isArray(v) ? v : [v]).map((x) => String(x).replace(/_/g, ' '));
  return xs.length <= 1 ? (xs[0] ?? '') : `${xs.slice(0, -1).join(', ')} or ${xs[xs.length - 1]}`;
};

const CMP: Record<string, string> = {
  '>': 'more than',
  '>=': 'at least',
  '<': 'less than',
  '<=': 'at most',
};
const ABOVE: Record<string, string> = { '>': 'above', '>=': 'at least', '<': 'below', '<=': 'at most' };

/** Fields whose value is money. */
const MONEY: Record<string, string> = {
  average_order_value: 'average order',
  lifetime_value: 'spent in all',
  abandoned_cart_value: 'abandoned cart worth',
  expected_incremental_profit: 'expected extra profit',
};
/** Fields that count a customer's orders, and over which period. */
const ORDER_COUNT: Record<string, string> = {
  purchase_frequency: 'in the last 12 months',
  orders_last_90_days: 'in the last 90 days',
};
/** Fields whose value is a share 0..1. */
const SHARE: Record<string, string> = {
  churn_probability_score: 'churn risk',
  email_open_rate: 'email open rate',
  email_click_through_rate: 'email click rate',
  baseline_conversion_probability: 'chance to order without a trigger',
};

function fieldWords(c: Condition): string {
  const { field, op } = c;
  const v = c.value as Scalar | Scalar[];
  const n = typeof v === 'number' ? v : null;
  const upliftOf = field.match(/^uplift_score_for_(.+)$/)?.[1];
  if (op === 'is_null') {
    if (field === 'average_order_value') return 'no orders yet';
    if (field === 'days_since_last_purchase' || field === 'last_purchase_date') return 'never ordered';
    return `${lower(DESCRIPTION.get(field) ?? field.replace(/_/g, ' '))}: unknown`;
  }
  if (upliftOf && n !== null) {
    const t = triggerLabel(upliftOf);
    // A threshold that rounds to 0.00 points ("by more than 0.00 percentage points") says only this.
    const zero = Math.abs(n * 100) < 0.005;
    if (zero && (op === '>' || op === '>=')) return `${t} is predicted to raise their chance to order`;
    if (zero && (op === '<=' || op === '<')) return `${t} is not predicted to raise their chance to order`;
    if (op in CMP)
      return n > 0
        ? `${t} raises their chance to order by ${CMP[op]} ${points(n)}`
        : `${t} changes their chance to order by ${CMP[op]} −${points(-n)}`;
  }
  if (field === 'clv_score' && n !== null) {
    if (op === '>=' || op === '>') return `top ${pct(1 - n)} by customer value`;
    // "Bottom 88.3%" read as a put-down of most customers: past the middle, say who is left out.
    if (op === '<=' || op === '<')
      return n > 0.5
        ? `all but the top ${pct(1 - n)} by customer value`
        : `bottom ${pct(n)} by customer value`;
  }
  if (field === 'clv_score' && op === 'between' && Array.isArray(v) && v.length === 2)
    return `between the bottom ${pct(Number(v[0]))} and the top ${pct(1 - Number(v[1]))} by customer value`;
  if (field === 'abandoned_cart_value' && n === 0) {
    if (op === '>') return 'has an abandoned cart';
    if (op === '=' || op === '<=') return 'no abandoned cart';
  }
  if (field === 'abandoned_cart_age_hours' && n !== null) {
    if (op === '<=' || op === '<') return `abandoned a cart in the last ${days(n)}`;
    if (op === '>=' || op === '>') return `abandoned a cart more than ${days(n)} ago`;
  }
  if (field === 'days_since_last_purchase' && n !== null) {
    if (op === '<=' || op === '<') return `ordered in the last ${num(n)} days`;
    if (op === '>=' || op === '>') return `last order more than ${num(n)} days ago`;
  }
  if (field === 'tenure_days' && n !== null) {
    if (op === '>=' || op === '>') return `a customer for more than ${num(n)} days`;
    if (op === '<=' || op === '<') return `a customer for less than ${num(n)} days`;
  }
  if (field in ORDER_COUNT && n !== null) {
    // "1 order in the last 12 months", not "orders in the last 12 months: 1".
    const orders = (k: number) => `${num(k)} order${k === 1 ? '' : 's'} ${ORDER_COUNT[field]}`;
    if ((op === '>' && n === 0) || (op === '>=' && n === 1)) return `ordered ${ORDER_COUNT[field]}`;
    if ((op === '=' || op === '<=') && n === 0) return `no orders ${ORDER_COUNT[field]}`;
    if (op === '=') return orders(n);
    if (op === '>=' || op === '<=') return `${op === '>=' ? 'at least' : 'at most'} ${orders(n)}`;
    if (op === '>') return `more than ${orders(n)}`;
    if (op === '<') return `fewer than ${orders(n)}`;
  }
  if ((field === 'email_opt_in' || field === 'sms_opt_in') && op === '=')
    return `${v === true ? 'opted in to' : 'not opted in to'} ${field === 'email_opt_in' ? 'email' : 'SMS'}`;
  if (field === 'recommended_trigger') {
    if (v === 'control' && op === '!=') return 'a trigger is predicted to pay for them';
    if (op === '=') return `best trigger: ${triggerLabel(String(v))}`;
  }
  if (field === 'has_ever_returned_item' && op === '=')
    return v === true ? 'has returned an item' : 'has never returned an item';
  if (field in MONEY && n !== null && op in CMP) return `${MONEY[field]} ${ABOVE[op]} ${money(n)}`;
  if (field in SHARE && n !== null && op in CMP) return `${SHARE[field]} ${ABOVE[op]} ${pct(n)}`;
  const desc = DESCRIPTION.get(field) ?? field.replace(/_/g, ' ');
  if (op in CMP && n !== null) return `${lower(desc)}: ${CMP[op]} ${num(n)}`;
  if (op === 'between' && Array.isArray(v))
    return `${lower(desc)}: between ${list(v[0] ?? '')} and ${list(v[1] ?? '')}`;
  if (typeof v === 'boolean' && (op === '=' || op === '!='))
    return `${(op === '=') === v ? '' : 'not: '}${lower(desc)}`;
  if (op === '=' || op === 'in') return `${lower(desc)}: ${list(v)}`;
  if (op === '!=' || op === 'not_in') return `${lower(desc)}: not ${list(v)}`;
  if (op === 'contains') return `${lower(desc)} include ${list(v)}`;
  return `${lower(desc)} ${op} ${list(v)}`;
}

const EVENT_VERB: Record<string, string> = {
  viewed_product: 'viewed',
  purchased: 'bought',
  abandoned_cart: 'left in a cart',
  wishlisted: 'wishlisted',
  opened_email: 'opened an email',
  clicked_email: 'clicked an email',
  viewed_content: 'read content',
};

function eventWords(c: EventCondition): string {
  const w = c.where ?? {};
  const tag = w.tag ? `${String(w.tag).replace(/_/g, ' ')} ` : '';
  let what = '';
  if (w.product_id) what = ` product ${String(w.product_id)}`;
  else if (w.category) what = ` ${tag}${String(w.category)}`;
  else if (tag) what = ` a ${tag}product`;
  else if (['viewed_product', 'purchased', 'abandoned_cart', 'wishlisted'].includes(c.event))
    what = ' anything';
  const times = c.min_count && c.min_count > 1 ? ` at least ${c.min_count} times` : '';
  const when = c.within_days ? ` in the last ${c.within_days} days` : '';
  return `${EVENT_VERB[c.event] ?? c.event.replace(/_/g, ' ')}${what}${times}${when}`;
}

/**
 * "Has an abandoned cart" beside "abandoned a cart in the last 7 days" says nothing more (the
 * interpreter writes both for a cart brief): left out of the words, not of the rule.
 */
function saidByCartAge(x: Criteria, siblings: readonly Criteria[]): boolean {
  const hasCart = 'field' in x && x.field === 'abandoned_cart_value' && x.op === '>' && x.value === 0;
  return (
    hasCart &&
    siblings.some(
      (y) => 'field' in y && y.field === 'abandoned_cart_age_hours' && (y.op === '<=' || y.op === '<'),
    )
  );
}

/** One criteria tree in words; groups of several are bracketed so "and" and "or" never blur. */
export function ruleWords(c: Criteria | null | undefined, nested = false): string {
  if (!c) return 'everyone';
  if ('all' in c) {
    if (c.all.length === 0) return 'everyone';
    const parts = c.all.filter((x) => !saidByCartAge(x, c.all));
    const s = parts.map((x) => ruleWords(x, true)).join(' and ');
    return nested && parts.length > 1 ? `(${s})` : s;
  }
  if ('any' in c) {
    if (c.any.length === 0) return 'no one';
    const s = c.any.map((x) => ruleWords(x, true)).join(' or ');
    return nested && c.any.length > 1 ? `(${s})` : s;
  }
  if ('not' in c) {
    const inner = c.not;
    // "not opted in" reads better than "not (opted in)": a yes/no condition is flipped instead.
    if ('field' in inner && inner.op === '=' && typeof inner.value === 'boolean')
      return fieldWords({ ...inner, value: !inner.value });
    return `not ${ruleWords(inner, true)}`;
  }
  if ('field' in c) return fieldWords(c);
  return eventWords(c);
}

/** Sentence case for a rule shown on its own. */
export function ruleSentence(c: Criteria | null | undefined): string {
  const s = ruleWords(c);
  return s.charAt(0).toUpperCase() + s.slice(1);
}

/** Whether a criteria tree splits only on predicted uplift (a policy tree's leaves). */
function upliftOnly(c: Criteria): boolean {
  if ('all' in c) return c.all.every(upliftOnly);
  if ('any' in c) return c.any.every(upliftOnly);
  if ('not' in c) return upliftOnly(c.not);
  return 'field' in c && c.field.startsWith('uplift_score_for_');
}

/**
 * A mixed segment's rule (each customer their own trigger) in words: who, then what its policy
 * tree's predicted-uplift splits do, rather than a paragraph of "X raises their chance to order by
 * at most 0.2 percentage points and Y …" that only says which trigger each customer gets.
 */
export function mixedSegmentSentence(c: Criteria | null | undefined): string {
  if (!c) return ruleSentence(c);
  const parts = 'all' in c ? c.all : [c];
  const who = parts.filter((p) => !upliftOnly(p));
  if (who.length === parts.length) return ruleSentence(c);
  const base = who.length ? ruleSentence({ all: who }) : 'Everyone in the audience';
  return `${base}, where the model's rules give them a trigger: each customer the one predicted to pay best for them`;
}

const FIELD_NAMES = new Set(FIELD_CATALOGUE.map((f) => f.name));

/**
 * A sentence of the interpreter's (a clarifying question) without the field expressions it puts in
 * brackets for the API's readers: "the top 20% by CLV (clv_score >= 0.8)" reads "the top 20% by
 * customer value". Only a bracket holding exactly one comparison on a catalogue field is dropped.
 */
export function withoutFieldExpressions(text: string): string {
  return text
    .replace(/ ?\(([a-z][a-z0-9_]*) (?:>=|<=|!=|>|<|=) [^()]+\)/g, (all, field: string) =>
      FIELD_NAMES.has(field) ? '' : all,
    )
    .replace(/\bby CLV\b/g, 'by customer value');
}
