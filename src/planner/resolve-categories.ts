import type { Criteria } from '../contracts/criteria.ts';
import type { Store } from '../store/store.ts';

export interface CategoryResolution {
  from: string;
  to: string;
  /** Products whose name names the word, and how many of them sit in the chosen category. */
  matched_products: number;
  in_category: number;
}

/**
 * A brief says "sneakers" where the shop's catalogue says "shoes": the interpreter cannot know the
 * shop's category names, so before an audience is compiled, an event predicate's category that is
 * not a catalogue category is mapped to the category holding most of the products whose name
 * contains the word (singular or plural). Unmatched words are left alone (and match nobody).
 */
export async function resolveCategories(
  store: Store,
  criteria: Criteria | null,
): Promise<{ criteria: Criteria | null; resolutions: CategoryResolution[] }> {
  if (!criteria) return { criteria, resolutions: [] };
  const known = new Set(
    (await store.query<{ category: string }>('SELECT DISTINCT category FROM products')).map(
      (r) => r.category,
    ),
  );
  const resolutions: CategoryResolution[] = [];
  const cache = new Map<string, CategoryResolution | null>();

  const resolveWord = async (word: string): Promise<CategoryResolution | null> => {
    if (cache.has(word)) return cache.get(word) ?? null;
    const stem = word
      .toLowerCase()
      .replace(/_/g, ' ')
      .replace(/(es|s)$/, '');
    if (stem.length < 3) return null;
    const rows = await store.query<{ category: string; n: number }>(
      `SELECT category, count(*) AS n FROM products
       WHERE regexp_matches(lower(name), '\\b' || $1 || '(s|es)?\\b') GROUP BY category ORDER BY n DESC, category`,
      [stem.replace(/[^a-z0-9 ]/g, '')],
    );
    const total = rows.reduce((s, r) => s + Number(r.n), 0);
    const r = rows[0]
      ? { from: word, to: rows[0].category, matched_products: total, in_category: Number(rows[0].n) }
      : null;
    cache.set(word, r);
    return r;
  };

  const walk = async (c: Criteria): Promise<Criteria> => {
    if ('all' in c) return { all: await Promise.all(c.all.map(walk)) };
    if ('any' in c) return { any: await Promise.all(c.any.map(walk)) };
    if ('not' in c) return { not: await walk(c.not) };
    if ('event' in c && c.where?.category && !known.has(c.where.category)) {
      const r = await resolveWord(c.where.category);
      if (r) {
        if (!resolutions.some((x) => x.from === r.from)) resolutions.push(r);
        return { ...c, where: { ...c.where, category: r.to } };
      }
    }
    return c;
  };
  return { criteria: await walk(criteria), resolutions };
}
