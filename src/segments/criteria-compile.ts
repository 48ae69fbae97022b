import {
  type Criteria,
  type EventCondition,
  type FieldCondition,
  isEventCondition,
  isFieldCondition,
} from '../contracts/criteria.ts';
import { FIELDS_BY_NAME, type FieldDefinition, type FieldType } from '../contracts/fields.ts';
import { InvalidInput, type InvalidParam } from '../core/errors.ts';
import type { Dialect, SqlValue } from '../store/store.ts';

/**
 * Segment criteria (DESIGN.md §5) to parameterised SQL, in the manner of Kysely: one compiler
 * walks the tree and emits SQL text plus a separate parameter array; each dialect overrides only
 * what differs. Values never enter the SQL text, only `$n` placeholders do. Field names do enter
 * it, but only after they have been found in the field catalogue.
 *
 * The SQL is a boolean expression over the profile relation (`customer_profiles`, alias `p`);
 * event predicates become correlated EXISTS (or count) subqueries over the event tables, with
 * `within_days` counted back from the data set's `as_of` (meta key 'as_of').
 */
export interface CompiledCriteria {
  sql: string;
  params: SqlValue[];
}

export interface CompileOptions {
  /** Alias of the profile relation in the surrounding query. */
  alias?: string;
  /** Number of parameters already bound by the surrounding query: placeholders continue after them. */
  paramOffset?: number;
  /** Name of the criteria in error messages (a request field, a file). */
  path?: string;
}

/** Bounds that keep a hostile tree from exhausting the stack or the planner. */
export const MAX_CRITERIA_DEPTH = 16;
export const MAX_CRITERIA_CONDITIONS = 300;

const OPS_BY_TYPE: Record<FieldType, readonly string[]> = {
  number: ['=', '!=', '<', '<=', '>', '>=', 'in', 'not_in', 'between', 'is_null'],
  integer: ['=', '!=', '<', '<=', '>', '>=', 'in', 'not_in', 'between', 'is_null'],
  timestamp: ['=', '!=', '<', '<=', '>', '>=', 'between', 'is_null'],
  string: ['=', '!=', 'in', 'not_in', 'contains', 'is_null'],
  boolean: ['=', '!=', 'is_null'],
  string_list: ['contains', 'is_null'],
  json: [],
};

const COMPARISON_SQL: Record<string, string> = {
  '=': '=',
  '!=': '<>',
  '<': '<',
  '<=': '<=',
  '>': '>',
  '>=': '>=',
};

const ISO_TIMESTAMP =
  /^\d{4}-\d{2}-\d{2}(?:[T ]\d{2}:\d{2}(?::\d{2}(?:\.\d{1,9})?)?(?:Z|[+-]\d{2}:?\d{2})?)?$/;

/** How an event kind maps to its table: the source rows, their time column and what `where` may name. */
interface EventSource {
  from: string;
  /** Extra condition on the source rows (a constant of this code, never a user value). */
  filter?: string;
  time: string;
  /** What one occurrence is, for `min_count`. */
  countKey: string;
  /** Join that makes `pr.category` / `pr.tags` available, when `where` names them. */
  productJoin?: string;
  productIdColumn?: string;
  categoryColumn?: string;
  categoryJoin?: string;
}

const EVENT_SOURCES: Record<EventCondition['event'], EventSource> = {
  viewed_product: {
    from: 'page_views ev',
    filter: "ev.page_type = 'product'",
    time: 'ev.viewed_at',
    countKey: '*',
    productJoin: 'JOIN products pr ON pr.product_id = ev.product_id',
    productIdColumn: 'ev.product_id',
  },
  purchased: {
    from: 'orders ev',
    time: 'ev.ordered_at',
    countKey: 'DISTINCT ev.order_id',
    productJoin:
      'JOIN order_items it ON it.order_id = ev.order_id JOIN products pr ON pr.product_id = it.product_id',
    productIdColumn: 'it.product_id',
  },
  abandoned_cart: {
    from: 'carts ev',
    filter: "ev.status = 'abandoned'",
    time: 'ev.abandoned_at',
    countKey: 'DISTINCT ev.cart_id',
    productJoin:
      'JOIN cart_items it ON it.cart_id = ev.cart_id JOIN products pr ON pr.product_id = it.product_id',
    productIdColumn: 'it.product_id',
  },
  opened_email: {
    from: 'email_events ev',
    filter: "ev.event_type = 'opened'",
    time: 'ev.occurred_at',
    countKey: '*',
  },
  clicked_email: {
    from: 'email_events ev',
    filter: "ev.event_type = 'clicked'",
    time: 'ev.occurred_at',
    countKey: '*',
  },
  viewed_content: {
    from: 'content_interactions ev',
    time: 'ev.interacted_at',
    countKey: '*',
    categoryJoin: 'JOIN content_items ci ON ci.content_id = ev.content_id',
    categoryColumn: 'ci.category',
  },
  wishlisted: {
    from: 'wishlist_items ev',
    time: 'ev.added_at',
    countKey: '*',
    productJoin: 'JOIN products pr ON pr.product_id = ev.product_id',
    productIdColumn: 'ev.product_id',
  },
};

/**
 * The data set's as_of: the simulator's, else (imported data has none) the one the profile facts
 * were built for, which is the latest event time (src/features/as-of.ts). Before the fallback, every
 * `within_days` condition compared with NULL on imported data and found nobody.
 */
const AS_OF_SQL =
  "coalesce((SELECT CAST(value AS TIMESTAMP) FROM meta WHERE key = 'as_of'), (SELECT CAST(nullif(value, '') AS TIMESTAMP) FROM meta WHERE key = 'profile_facts_as_of'))";

export class CriteriaCompiler {
  constructor(protected readonly fields: ReadonlyMap<string, FieldDefinition> = FIELDS_BY_NAME) {}

  compile(criteria: Criteria, options: CompileOptions = {}): CompiledCriteria {
    const state: CompileState = {
      alias: options.alias ?? 'p',
      offset: options.paramOffset ?? 0,
      params: [],
      problems: [],
      conditions: 0,
    };
    const sql = this.node(criteria, options.path ?? 'criteria', 0, state);
    if (state.problems.length > 0) {
      const first = state.problems[0]!;
      const more = state.problems.length > 1 ? ` (and ${state.problems.length - 1} more)` : '';
      throw new InvalidInput(`Invalid criteria at ${first.name}: ${first.reason}${more}`, state.problems);
    }
    return { sql, params: state.params };
  }

  // ---- the parts a dialect may override ----

  protected placeholder(index: number): string {
    return `$${index}`;
  }

  /** `value IN (list)`; DuckDB binds one parameter per element. */
  protected inList(column: string, values: readonly SqlValue[], negate: boolean, s: CompileState): string {
    const list = values.map((v) => this.bind(v, s)).join(', ');
    return `${column} ${negate ? 'NOT IN' : 'IN'} (${list})`;
  }

  protected stringContains(column: string, value: string, s: CompileState): string {
    return `contains(${column}, ${this.bind(value, s)})`;
  }

  protected listContains(column: string, value: string, s: CompileState): string {
    return `list_contains(${column}, ${this.bind(value, s)})`;
  }

  protected daysBefore(timestampSql: string, days: number, s: CompileState): string {
    return `${timestampSql} - to_days(CAST(${this.bind(days, s)} AS INTEGER))`;
  }

  protected timestampParam(iso: string, s: CompileState): string {
    return `CAST(${this.bind(iso, s)} AS TIMESTAMP)`;
  }

  // ---- the walk ----

  protected bind(value: SqlValue, s: CompileState): string {
    s.params.push(value);
    return this.placeholder(s.offset + s.params.length);
  }

  private node(c: Criteria, path: string, depth: number, s: CompileState): string {
    if (depth > MAX_CRITERIA_DEPTH) {
      s.problems.push({ name: path, reason: `criteria nest deeper than ${MAX_CRITERIA_DEPTH} levels` });
      return 'FALSE';
    }
    if (c === null || typeof c !== 'object' || Array.isArray(c)) {
      s.problems.push({
        name: path,
        reason: 'expected an object: {all}, {any}, {not}, a field or an event condition',
      });
      return 'FALSE';
    }
    if ('all' in c) return this.group(c.all, 'AND', `${path}.all`, depth, s);
    if ('any' in c) return this.group(c.any, 'OR', `${path}.any`, depth, s);
    if ('not' in c) {
      const inner = this.node(c.not, `${path}.not`, depth + 1, s);
      return `NOT (${inner})`;
    }
    if (++s.conditions > MAX_CRITERIA_CONDITIONS) {
      if (s.conditions === MAX_CRITERIA_CONDITIONS + 1) {
        s.problems.push({ name: path, reason: `more than ${MAX_CRITERIA_CONDITIONS} conditions` });
      }
      return 'FALSE';
    }
    if (isFieldCondition(c)) return this.field(c, path, s);
    if (isEventCondition(c)) return this.event(c, path, s);
    s.problems.push({ name: path, reason: 'expected {all}, {any}, {not}, a field or an event condition' });
    return 'FALSE';
  }

  private group(
    children: unknown,
    joiner: 'AND' | 'OR',
    path: string,
    depth: number,
    s: CompileState,
  ): string {
    if (!Array.isArray(children)) {
      s.problems.push({ name: path, reason: 'expected a list of criteria' });
      return 'FALSE';
    }
    if (children.length === 0) return joiner === 'AND' ? 'TRUE' : 'FALSE';
    // "Viewed any of these products" (the planner reads a brief's "sneakers" as the products it
    // names) is one scan of the event table with `product_id IN (…)`, not one EXISTS per product:
    // the same customers (67 products' viewers, 4,000 customers with 2.7M page views, 2 cores,
    // 2026-11-27: 5.5-6.9 s as 67 EXISTS, 0.34-0.36 s as one).
    const sameEventOtherProduct =
      joiner === 'OR' ? productAlternatives(children) : new Map<number, number[]>();
    const parts: string[] = [];
    children.forEach((child: Criteria, i) => {
      const siblings = sameEventOtherProduct.get(i);
      if (siblings?.length === 0) return; // compiled with the first of its group
      const sql = siblings
        ? this.eventOfProducts(
            child as EventCondition,
            [i, ...siblings].map((j) => (children[j] as EventCondition).where!.product_id as string),
            `${path}[${i}]`,
            s,
          )
        : this.node(child, `${path}[${i}]`, depth + 1, s);
      parts.push(isCompound(child) ? `(${sql})` : sql);
    });
    return parts.join(` ${joiner} `);
  }

  /** One event condition over several product ids (siblings under `any` that differ only in it). */
  private eventOfProducts(c: EventCondition, productIds: string[], path: string, s: CompileState): string {
    const before = s.conditions;
    s.conditions += productIds.length;
    if (s.conditions > MAX_CRITERIA_CONDITIONS) {
      if (before <= MAX_CRITERIA_CONDITIONS)
        s.problems.push({ name: path, reason: `more than ${MAX_CRITERIA_CONDITIONS} conditions` });
      return 'FALSE';
    }
    return this.event(c, path, s, productIds);
  }

  private field(c: FieldCondition, path: string, s: CompileState): string {
    const def = this.fields.get(c.field);
    if (!def) {
      s.problems.push({ name: `${path}.field`, reason: `unknown field "${c.field}"` });
      return 'FALSE';
    }
    if (!def.filterable) {
      s.problems.push({
        name: `${path}.field`,
        reason: `field "${c.field}" (${def.type}) cannot be used in criteria`,
      });
      return 'FALSE';
    }
    const ops = OPS_BY_TYPE[def.type];
    if (!ops.includes(c.op)) {
      s.problems.push({
        name: `${path}.op`,
        reason: `operator "${c.op}" is not valid for ${def.type} field "${c.field}" (valid: ${ops.join(', ')})`,
      });
      return 'FALSE';
    }
    const column = `${s.alias}.${identifier(def.name)}`;
    const at = `${path}.value`;
    const value = c.value;
    switch (c.op) {
      case 'is_null': {
        if (value !== undefined && value !== null && typeof value !== 'boolean') {
          s.problems.push({ name: at, reason: 'is_null takes no value, or true / false' });
          return 'FALSE';
        }
        return value === false ? `${column} IS NOT NULL` : `${column} IS NULL`;
      }
      case 'in':
      case 'not_in': {
        if (!Array.isArray(value) || value.length === 0) {
          s.problems.push({ name: at, reason: `${c.op} needs a non-empty list of values` });
          return 'FALSE';
        }
        const bound = value.map((v, i) => this.checkScalar(def, v, `${at}[${i}]`, s));
        if (bound.some((v) => v === undefined)) return 'FALSE';
        return this.inList(column, bound as SqlValue[], c.op === 'not_in', s);
      }
      case 'between': {
        if (!Array.isArray(value) || value.length !== 2) {
          s.problems.push({ name: at, reason: 'between needs a list of two values [low, high]' });
          return 'FALSE';
        }
        const lo = this.checkScalar(def, value[0], `${at}[0]`, s);
        const hi = this.checkScalar(def, value[1], `${at}[1]`, s);
        if (lo === undefined || hi === undefined) return 'FALSE';
        if (lo > hi) {
          s.problems.push({ name: at, reason: 'between needs low <= high' });
          return 'FALSE';
        }
        return `${column} BETWEEN ${this.scalarSql(def, lo, s)} AND ${this.scalarSql(def, hi, s)}`;
      }
      case 'contains': {
        if (typeof value !== 'string') {
          s.problems.push({ name: at, reason: 'contains needs a string' });
          return 'FALSE';
        }
        return def.type === 'string_list'
          ? this.listContains(column, value, s)
          : this.stringContains(column, value, s);
      }
      default: {
        if (Array.isArray(value)) {
          s.problems.push({ name: at, reason: `${c.op} needs a single value, not a list` });
          return 'FALSE';
        }
        const v = this.checkScalar(def, value, at, s);
        if (v === undefined) return 'FALSE';
        return `${column} ${COMPARISON_SQL[c.op]} ${this.scalarSql(def, v, s)}`;
      }
    }
  }

  /** The value as a bindable parameter of the field's type, or undefined (with a problem recorded). */
  private checkScalar(
    def: FieldDefinition,
    value: unknown,
    at: string,
    s: CompileState,
  ): string | number | boolean | undefined {
    const wrong = (expected: string) => {
      s.problems.push({
        name: at,
        reason: `field "${def.name}" is ${def.type}: expected ${expected}, got ${describe(value)}`,
      });
      return undefined;
    };
    switch (def.type) {
      case 'number':
        return typeof value === 'number' && Number.isFinite(value) ? value : wrong('a number');
      case 'integer':
        return typeof value === 'number' && Number.isFinite(value) ? value : wrong('a number');
      case 'boolean':
        return typeof value === 'boolean' ? value : wrong('true or false');
      case 'string':
      case 'string_list':
        return typeof value === 'string' ? value : wrong('a string');
      case 'timestamp': {
        if (typeof value !== 'string' || !ISO_TIMESTAMP.test(value) || Number.isNaN(Date.parse(value))) {
          return wrong('an ISO 8601 date or timestamp');
        }
        // Normalised to a UTC wall-clock text every dialect casts the same way.
        return new Date(value.length === 10 ? `${value}T00:00:00Z` : value)
          .toISOString()
          .replace('T', ' ')
          .replace('Z', '');
      }
      default:
        return wrong('nothing (not filterable)');
    }
  }

  private scalarSql(def: FieldDefinition, value: string | number | boolean, s: CompileState): string {
    return def.type === 'timestamp' ? this.timestampParam(String(value), s) : this.bind(value, s);
  }

  private event(c: EventCondition, path: string, s: CompileState, productIds?: string[]): string {
    const src = EVENT_SOURCES[c.event];
    if (!src) {
      s.problems.push({ name: `${path}.event`, reason: `unknown event "${String(c.event)}"` });
      return 'FALSE';
    }
    const joins: string[] = [];
    const where: string[] = [`ev.customer_id = ${s.alias}.customer_id`];
    if (src.filter) where.push(src.filter);
    const w = c.where ?? {};
    if ((w.category !== undefined || w.tag !== undefined) && !src.productJoin && !src.categoryJoin) {
      s.problems.push({ name: `${path}.where`, reason: `event "${c.event}" has no product category or tag` });
      return 'FALSE';
    }
    if (w.product_id !== undefined && !src.productIdColumn) {
      s.problems.push({ name: `${path}.where.product_id`, reason: `event "${c.event}" has no product` });
      return 'FALSE';
    }
    if (w.tag !== undefined && !src.productJoin) {
      s.problems.push({ name: `${path}.where.tag`, reason: `event "${c.event}" has no tags` });
      return 'FALSE';
    }
    if (w.category !== undefined || w.tag !== undefined) joins.push((src.productJoin ?? src.categoryJoin)!);
    if (w.category !== undefined)
      where.push(`${src.categoryColumn ?? 'pr.category'} = ${this.bind(w.category, s)}`);
    if (w.tag !== undefined) where.push(this.listContains('pr.tags', w.tag, s));
    if (productIds) where.push(this.inList(src.productIdColumn as string, productIds, false, s));
    else if (w.product_id !== undefined) where.push(`${src.productIdColumn} = ${this.bind(w.product_id, s)}`);
    if (c.within_days !== undefined)
      where.push(`${src.time} >= ${this.daysBefore(AS_OF_SQL, c.within_days, s)}`);
    const body = `FROM ${[src.from, ...joins].join(' ')} WHERE ${where.join(' AND ')}`;
    if (c.min_count !== undefined && c.min_count > 1) {
      return `(SELECT count(${src.countKey}) ${body}) >= ${this.bind(c.min_count, s)}`;
    }
    return `EXISTS (SELECT 1 ${body})`;
  }
}

/** PostgreSQL: arrays bind as one parameter; text and list containment and intervals are spelled differently. */
export class PostgresCriteriaCompiler extends CriteriaCompiler {
  protected override inList(
    column: string,
    values: readonly SqlValue[],
    negate: boolean,
    s: CompileState,
  ): string {
    const p = this.bind(values, s);
    return negate ? `NOT (${column} = ANY(${p}))` : `${column} = ANY(${p})`;
  }

  protected override stringContains(column: string, value: string, s: CompileState): string {
    return `strpos(${column}, ${this.bind(value, s)}) > 0`;
  }

  protected override listContains(column: string, value: string, s: CompileState): string {
    return `${this.bind(value, s)} = ANY(${column})`;
  }

  protected override daysBefore(timestampSql: string, days: number, s: CompileState): string {
    return `${timestampSql} - make_interval(days => CAST(${this.bind(days, s)} AS INTEGER))`;
  }
}

export interface CompileState {
  alias: string;
  offset: number;
  params: SqlValue[];
  problems: InvalidParam[];
  conditions: number;
}

const COMPILERS: Record<Dialect, CriteriaCompiler> = {
  duckdb: new CriteriaCompiler(),
  postgres: new PostgresCriteriaCompiler(),
};

export function compileCriteria(
  criteria: Criteria,
  dialect: Dialect,
  options: CompileOptions = {},
): CompiledCriteria {
  return COMPILERS[dialect].compile(criteria, options);
}

/**
 * Under `any`: event conditions that differ only in `where.product_id` (no `min_count`, whose
 * count is per condition), grouped. Maps the first of each group of two or more to the indices
 * of the others, and each other to [].
 */
function productAlternatives(children: unknown[]): Map<number, number[]> {
  const groups = new Map<string, number[]>();
  children.forEach((c, i) => {
    if (!c || typeof c !== 'object' || !('event' in c)) return;
    const { event, where, within_days, min_count, ...rest } = c as Record<string, unknown>;
    if (Object.keys(rest).length > 0 || (min_count !== undefined && min_count !== 1)) return;
    if (typeof event !== 'string' || !where || typeof where !== 'object') return;
    const { product_id, category, tag, ...unknown } = where as Record<string, unknown>;
    if (typeof product_id !== 'string' || Object.keys(unknown).length > 0) return;
    if (
      (category !== undefined && typeof category !== 'string') ||
      (tag !== undefined && typeof tag !== 'string')
    )
      return;
    if (within_days !== undefined && typeof within_days !== 'number') return;
    const key = JSON.stringify([event, category ?? null, tag ?? null, within_days ?? null]);
    groups.set(key, [...(groups.get(key) ?? []), i]);
  });
  const out = new Map<number, number[]>();
  for (const members of groups.values()) {
    if (members.length < 2) continue;
    out.set(members[0] as number, members.slice(1));
    for (const j of members.slice(1)) out.set(j, []);
  }
  return out;
}

function isCompound(c: Criteria): boolean {
  if (c === null || typeof c !== 'object') return false;
  const list = 'all' in c ? c.all : 'any' in c ? c.any : null;
  return Array.isArray(list) && list.length > 1;
}

/** Field names come from the catalogue; this guard keeps a catalogue typo from ever becoming SQL. */
function identifier(name: string): string {
  if (!/^[a-z_][a-z0-9_]*$/.test(name)) throw new Error(`not a safe identifier: ${name}`);
  return name;
}

function describe(value: unknown): string {
  if (value === null) return 'null';
  if (value === undefined) return 'no value';
  if (Array.isArray(value)) return 'a list';
  if (typeof value === 'string')
    return `the string ${JSON.stringify(value.length > 40 ? `${value.slice(0, 40)}…` : value)}`;
  return `${typeof value} ${String(value)}`;
}
