import type { Criteria } from '../contracts/criteria.ts';
import type { ProductRef } from './facts.ts';

/**
 * The product, collection or category an audience's criteria talk about: the `where` of its first
 * product event (e.g. viewed a product tagged limited_edition in category sneakers), so the copy
 * names what the brief named.
 */
export function productRefOf(criteria: Criteria | null | undefined): ProductRef | null {
  if (!criteria) return null;
  if ('all' in criteria || 'any' in criteria) {
    for (const c of 'all' in criteria ? criteria.all : criteria.any) {
      const r = productRefOf(c);
      if (r) return r;
    }
    return null;
  }
  if ('not' in criteria) return null;
  if ('event' in criteria && criteria.where) {
    const w = criteria.where;
    if (!w.tag && !w.category && !w.product_id) return null;
    return {
      ...(w.tag ? { tag: w.tag } : {}),
      ...(w.category ? { category: w.category } : {}),
      ...(w.product_id ? { product_id: w.product_id } : {}),
    };
  }
  return null;
}
