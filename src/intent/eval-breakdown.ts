import type { MetricTarget } from '../contracts/coo.ts';
import type { Criteria } from '../contracts/criteria.ts';
import { canonicalCriteria } from './criteria-canonical.ts';

/**
 * Aggregate error breakdown for `aether intent eval`: which criteria conditions and which parts of
 * the metric target differ, as counts over a test set. It names fields and parts, never a brief,
 * so it can be read on a set nobody may look at sentence by sentence (the held-out set).
 */

/** A condition of a criteria tree, flattened: its key (field or event, with a `not:` prefix) and canonical JSON. */
interface Atom {
  key: string;
  json: Record<string, unknown>;
}

function atoms(c: Criteria | null | undefined, neg = false, out: Atom[] = []): Atom[] {
  if (!c) return out;
  if ('all' in c) for (const k of c.all) atoms(k, neg, out);
  else if ('any' in c) {
    // An `any` group is one atom: its structure is compared whole.
    out.push({ key: `${neg ? 'not:' : ''}any`, json: { any: canonicalCriteria(c) } });
  } else if ('not' in c) atoms(c.not, !neg, out);
  else {
    const parsed = JSON.parse(canonicalCriteria(c)) as Record<string, unknown>;
    const name = 'field' in c ? c.field : c.event;
    out.push({ key: `${neg ? 'not:' : ''}${name}`, json: parsed });
  }
  return out;
}

/**
 * Adds to `counts` one entry per difference between predicted and labelled criteria:
 * `missing <key>`, `extra <key>`, or `<key>.<part>` where the part is op, value, within_days,
 * min_count, where.category, where.tag or where.product_id.
 */
export function criteriaDiff(
  predicted: Criteria | null | undefined,
  label: Criteria | null | undefined,
  counts: Record<string, number>,
): void {
  const p = atoms(predicted);
  const l = atoms(label);
  const add = (k: string): void => {
    counts[k] = (counts[k] ?? 0) + 1;
  };
  const used = new Set<number>();
  for (const a of l) {
    const exact = p.findIndex((b, i) => !used.has(i) && JSON.stringify(b.json) === JSON.stringify(a.json));
    if (exact >= 0) {
      used.add(exact);
      continue;
    }
    const same = p.findIndex((b, i) => !used.has(i) && b.key === a.key);
    if (same < 0) {
      add(`missing ${a.key}`);
      continue;
    }
    used.add(same);
    const b = p[same]!.json;
    const parts = new Set([...Object.keys(a.json), ...Object.keys(b)]);
    for (const part of parts) {
      if (part === 'field' || part === 'event') continue;
      if (part === 'where') {
        const wa = (a.json.where ?? {}) as Record<string, unknown>;
        const wb = (b.where ?? {}) as Record<string, unknown>;
        for (const k of new Set([...Object.keys(wa), ...Object.keys(wb)]))
          if (JSON.stringify(wa[k]) !== JSON.stringify(wb[k]))
            add(
              `${a.key}.where.${k}${wa[k] === undefined ? ' (extra)' : wb[k] === undefined ? ' (missing)' : ''}`,
            );
        continue;
      }
      if (JSON.stringify(a.json[part]) === JSON.stringify(b[part])) continue;
      // The operator is a closed set, so its confusion (label -> predicted) is shown; values are not.
      add(part === 'op' ? `${a.key}.op ${String(a.json.op)} -> ${String(b.op)}` : `${a.key}.${part}`);
    }
  }
  p.forEach((b, i) => {
    if (!used.has(i)) add(`extra ${b.key}`);
  });
}

/** Which parts of the metric target differ: missing/extra target, or metric, kind, value, unit, horizon, direction. */
export function metricDiff(
  predicted: MetricTarget | null | undefined,
  label: MetricTarget | null | undefined,
  counts: Record<string, number>,
): void {
  const add = (k: string): void => {
    counts[k] = (counts[k] ?? 0) + 1;
  };
  if (!predicted && !label) return;
  if (!predicted) {
    add('missing target');
    return;
  }
  if (!label) {
    add('extra target');
    return;
  }
  if (predicted.metric !== label.metric) add(`metric ${label.metric} -> ${predicted.metric}`);
  if (predicted.kind !== label.kind) add(`kind ${label.kind} -> ${predicted.kind}`);
  if (Math.abs(predicted.value - label.value) > 1e-6) add('value');
  if (predicted.unit !== label.unit) add('unit');
  if ((predicted.horizon_days ?? null) !== (label.horizon_days ?? null))
    add(
      label.horizon_days == null
        ? 'horizon (extra)'
        : predicted.horizon_days == null
          ? 'horizon (missing)'
          : 'horizon (other)',
    );
  if (predicted.direction !== label.direction) add('direction');
}

/** Sorted, most frequent first. */
export function topCounts(counts: Record<string, number>): Record<string, number> {
  return Object.fromEntries(Object.entries(counts).sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1)));
}
