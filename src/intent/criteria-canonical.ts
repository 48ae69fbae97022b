import type { Criteria, Scalar } from '../contracts/criteria.ts';
import { FIELDS_BY_NAME } from '../contracts/fields.ts';
import { CITIES, COUNTRIES, lookup } from './gazetteer.ts';

/**
 * A canonical form of a criteria tree for exact-match comparison: one-child `all`/`any`
 * unwrapped, nested `all` flattened, children sorted, `in [x]` read as `= x`, numbers rounded.
 * Two trees that select the same customers by the same conditions compare equal; anything
 * else (another threshold, `>` for `>=`, a missing condition) does not.
 */
export function canonicalCriteria(c: Criteria | null | undefined): string {
  if (!c) return 'null';
  return JSON.stringify(canon(c));
}

function canon(c: Criteria): unknown {
  if ('all' in c || 'any' in c) {
    const key = 'all' in c ? 'all' : 'any';
    const kids = ('all' in c ? c.all : (c as { any: Criteria[] }).any).flatMap((k) =>
      key in k ? (k as Record<string, Criteria[]>)[key]! : [k],
    );
    if (kids.length === 1) return canon(kids[0]!);
    return { [key]: kids.map((k) => JSON.stringify(canon(k))).sort() };
  }
  if ('not' in c) return { not: canon(c.not) };
  if ('field' in c) {
    // Conditions that select the same customers by definition compare equal: the purchased-
    // categories list is the set of categories with a purchase event ever, and a customer with no
    // last purchase date has no purchase event; a last purchase at most N days ago is a purchase
    // in the last N days (below).
    if (c.field === 'product_categories_purchased' && c.op === 'contains' && typeof c.value === 'string')
      return canon({ event: 'purchased', where: { category: c.value } });
    if (c.field === 'last_purchase_date' && c.op === 'is_null') return canon({ not: { event: 'purchased' } });
    let { op, value } = c;
    // A country is the same country however it is spelt ("US", "United States", "USA").
    if (c.field === 'location_country') value = Array.isArray(value) ? value.map(country) : country(value);
    // A city too ("Cebu" and "Cebu City", "Malmo" and "Malmö", "NYC" and "New York").
    if (c.field === 'location_city') value = Array.isArray(value) ? value.map(city) : city(value);
    if ((op === 'in' || op === 'not_in') && Array.isArray(value) && value.length === 1) {
      op = op === 'in' ? '=' : '!=';
      value = value[0];
    }
    if (Array.isArray(value) && (op === 'in' || op === 'not_in'))
      value = [...value].map(norm).sort() as typeof value;
    // On whole-number fields "> 0" and ">= 1" select the same customers.
    if (
      FIELDS_BY_NAME.get(c.field)?.type === 'integer' &&
      typeof value === 'number' &&
      Number.isInteger(value)
    ) {
      if (op === '>') {
        op = '>=';
        value = value + 1;
      } else if (op === '<') {
        op = '<=';
        value = value - 1;
      }
    }
    // A last purchase at most N days ago is a purchase in the last N days ("bought in the last 30d").
    if (c.field === 'days_since_last_purchase' && op === '<=' && typeof value === 'number')
      return canon({ event: 'purchased', within_days: value });
    return { field: c.field, op, value: Array.isArray(value) ? value : norm(value ?? null) };
  }
  const e = c;
  const where = e.where
    ? Object.fromEntries(
        Object.entries(e.where)
          .map(([k, v]): [string, unknown] => [k, norm(v)])
          .sort((x, y) => (x[0] < y[0] ? -1 : 1)),
      )
    : undefined;
  return { event: e.event, where, within_days: e.within_days, min_count: e.min_count };
}

function norm(v: unknown): unknown {
  if (typeof v === 'number') return Math.round(v * 1e6) / 1e6;
  if (typeof v === 'string') return v.toLowerCase();
  return v;
}

function city<T extends Scalar | null | undefined>(v: T): T | string {
  if (typeof v !== 'string') return v;
  const found = lookup(CITIES, v.toLowerCase());
  return found.length === 1 ? found[0]! : v;
}

function country<T extends Scalar | null | undefined>(v: T): T | string {
  if (typeof v !== 'string') return v;
  const found = lookup(COUNTRIES, v.toLowerCase());
  return found.length === 1 ? found[0]! : v;
}
