import type { Criteria } from '../../src/contracts/criteria.ts';

/** Criteria as short readable text for a chip (the API gives the canonical rendering of segment rules). */
export function criteriaText(c: Criteria | null | undefined): string {
  if (!c) return 'Everyone';
  if ('all' in c) return c.all.length ? c.all.map(criteriaText).join(' AND ') : 'Everyone';
  if ('any' in c) return c.any.length ? `(${c.any.map(criteriaText).join(' OR ')})` : 'No one';
  if ('not' in c) return `NOT ${criteriaText(c.not)}`;
  if ('field' in c) {
    const v = Array.isArray(c.value)
      ? `(${c.value.join(', ')})`
      : c.value === undefined
        ? ''
        : JSON.stringify(c.value);
    return `${c.field} ${c.op.replace('_', ' ')} ${v}`.trim();
  }
  const where = Object.entries(c.where ?? {})
    .map(([k, v]) => `${k}: ${v}`)
    .join(', ');
  return `${c.event.replace(/_/g, ' ')}${where ? ` (${where})` : ''}${c.within_days ? ` in the last ${c.within_days} days` : ''}${c.min_count && c.min_count > 1 ? ` ≥${c.min_count}×` : ''}`;
}
