import {
  type Criteria,
  type EventCondition,
  isEventCondition,
  isFieldCondition,
} from '../contracts/criteria.ts';

/**
 * The readable text of a criteria tree (DESIGN.md §5), a second walker over the same tree as the
 * SQL compiler: `clv_score >= 0.8 AND uplift_score_for_free_shipping > 0.07 AND (… OR …)`.
 * It renders any tree that the schema accepts; checking fields is the compiler's job.
 */
export function renderCriteria(c: Criteria): string {
  if ('all' in c) return group(c.all, 'AND', 'everyone');
  if ('any' in c) return group(c.any, 'OR', 'no one');
  if ('not' in c) return `NOT (${renderCriteria(c.not)})`;
  if (isFieldCondition(c)) {
    const v = c.value;
    switch (c.op) {
      case 'is_null':
        return `${c.field} ${v === false ? 'IS NOT NULL' : 'IS NULL'}`;
      case 'in':
      case 'not_in':
        return `${c.field} ${c.op === 'in' ? 'IN' : 'NOT IN'} (${(Array.isArray(v) ? v : [v]).map(literal).join(', ')})`;
      case 'between': {
        const [lo, hi] = Array.isArray(v) ? v : [v, v];
        return `${c.field} BETWEEN ${literal(lo)} AND ${literal(hi)}`;
      }
      case 'contains':
        return `${c.field} CONTAINS ${literal(v)}`;
      default:
        return `${c.field} ${c.op} ${literal(v)}`;
    }
  }
  if (isEventCondition(c)) return renderEvent(c);
  return '?';
}

function group(children: Criteria[], joiner: 'AND' | 'OR', empty: string): string {
  if (children.length === 0) return empty;
  return children
    .map((x) => {
      const inner = renderCriteria(x);
      const list = 'all' in x ? x.all : 'any' in x ? x.any : null;
      return list && list.length > 1 ? `(${inner})` : inner;
    })
    .join(` ${joiner} `);
}

function renderEvent(c: EventCondition): string {
  const where = Object.entries(c.where ?? {})
    .filter(([, v]) => v !== undefined)
    .map(([k, v]) => `${k} = ${literal(v)}`);
  let text = where.length ? `${c.event}(${where.join(', ')})` : c.event;
  if (c.min_count !== undefined && c.min_count > 1) text += ` at least ${c.min_count} times`;
  if (c.within_days !== undefined) text += ` in the last ${c.within_days} days`;
  return text;
}

function literal(v: unknown): string {
  if (typeof v === 'string') return `'${v.replaceAll("'", "''")}'`;
  if (v === null || v === undefined) return 'NULL';
  if (Array.isArray(v)) return `(${v.map(literal).join(', ')})`;
  return String(v);
}
