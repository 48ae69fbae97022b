import type { CategoryResolution } from '../contracts/api.ts';
import type { Criteria, EventCondition } from '../contracts/criteria.ts';
import type { Store } from '../store/store.ts';

export type { CategoryResolution };

/** The most children an `any` may hold (the criteria schema's limit). */
const MAX_ANY_CHILDREN = 100;

type ProductRow = {
  product_id: string;
  name: string;
  category: string;
  tags: string[] | null;
};

/**
 * A brief says "sneakers" where the shop's catalogue says "shoes" (and "kids", for kids'
 * sneakers): the interpreter cannot know the shop's category names, so before an audience is
 * compiled, an event predicate whose category is not a catalogue category is rewritten to the
 * products the word names (their name contains it, singular or plural), as one predicate per
 * product id under an `any` (DESIGN.md §5: `where` on category, tag or id). The predicate's other
 * conditions stay on every product (a tag narrows the products first: "limited edition sneakers"
 * are the sneakers tagged limited_edition). A category whose every product is named by the word
 * becomes one category predicate; a word naming more products than an `any` may hold falls back
 * to every category that holds them (wider than the word, never a single wrong category, which is
 * what taking the category with most matches did: kids' sneakers outnumber adults' in the demo
 * shop, so "sneakers" meant the kids' department). A word that is one category written with other
 * separators, case or plural is that category. Unmatched words are left alone (and match nobody).
 *
 * With `min_count` above 1 the rewrite counts each product (or category) on its own: "viewed
 * sneakers 3 times" becomes "viewed one sneaker 3 times", the nearest the contract can say.
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
  const cache = new Map<string, { rewritten: Criteria; resolution: CategoryResolution } | null>();

  const resolve = async (c: EventCondition, word: string) => {
    const key = JSON.stringify([word, c.where?.tag ?? null, c.where?.product_id ?? null]);
    if (!cache.has(key)) cache.set(key, await rewrite(store, c, word));
    const hit = cache.get(key) ?? null;
    if (!hit) return c;
    if (!resolutions.some((r) => JSON.stringify(r) === JSON.stringify(hit.resolution)))
      resolutions.push(hit.resolution);
    const { where: _, ...rest } = c;
    // The cached rewrite carries the first predicate's window and count; this one keeps its own.
    const withOwn = (x: Criteria): Criteria =>
      'event' in x ? { ...rest, where: x.where } : 'any' in x ? { any: x.any.map(withOwn) } : x;
    return withOwn(hit.rewritten);
  };

  // One predicate after another, so the resolutions are reported in the order of the criteria.
  const each = async (list: Criteria[]): Promise<Criteria[]> => {
    const out: Criteria[] = [];
    for (const x of list) out.push(await walk(x));
    return out;
  };
  const walk = async (c: Criteria): Promise<Criteria> => {
    if ('all' in c) return { all: await each(c.all) };
    if ('any' in c) return { any: await each(c.any) };
    if ('not' in c) return { not: await walk(c.not) };
    if ('event' in c && c.where?.category && !known.has(c.where.category))
      return resolve(c, c.where.category);
    return c;
  };
  return { criteria: await walk(criteria), resolutions };
}

/** The products `word` names, as predicates; null when the word names no product at all. */
async function rewrite(
  store: Store,
  c: EventCondition,
  word: string,
): Promise<{ rewritten: Criteria; resolution: CategoryResolution } | null> {
  // The word is a category written otherwise: "cama mesa banho" or "cama_mesa_banhos" for the
  // shop's "cama_mesa_banho" (Olist's Portuguese category names), "Home-Decor" for "home decor".
  const spelled = (s: string) =>
    s
      .toLowerCase()
      .replace(/[\s_-]+/g, ' ')
      .trim()
      .replace(/(es|s)$/, '');
  const sameCategory = (
    await store.query<{ category: string; n: number }>(
      'SELECT category, count(*) AS n FROM products GROUP BY category ORDER BY category',
    )
  ).filter((r) => spelled(r.category) === spelled(word));
  if (sameCategory.length === 1) {
    const [{ category, n }] = sameCategory as [{ category: string; n: number }];
    return {
      rewritten: { ...c, where: { ...c.where, category } },
      resolution: {
        from: word,
        ...(c.where?.tag !== undefined ? { tag: c.where.tag } : {}),
        matched_products: Number(n),
        categories: [{ category, products: Number(n) }],
        by: 'categories',
      },
    };
  }
  const stem = word
    .toLowerCase()
    .replace(/_/g, ' ')
    .replace(/(es|s)$/, '')
    .replace(/[^a-z0-9 ]/g, '');
  if (stem.trim().length < 3) return null;
  // LIKE narrows the rows in any dialect (the stem holds no LIKE wildcard); the word boundary is
  // checked here.
  const named = new RegExp(`\\b${stem}(s|es)?\\b`);
  const candidates = await store.query<ProductRow>(
    'SELECT product_id, name, category, tags FROM products WHERE lower(name) LIKE $1 ORDER BY product_id',
    [`%${stem}%`],
  );
  const byName = candidates.filter((p) => named.test(p.name.toLowerCase()));
  if (byName.length === 0) return null;
  const { category: _, ...where } = c.where ?? {};
  const fits = (p: ProductRow) =>
    (where.tag === undefined || (p.tags ?? []).includes(where.tag)) &&
    (where.product_id === undefined || p.product_id === where.product_id);
  const matched = byName.filter(fits);
  const categories = [...new Set(matched.map((p) => p.category))].sort();
  const resolution: CategoryResolution = {
    from: word,
    ...(where.tag !== undefined ? { tag: where.tag } : {}),
    matched_products: matched.length,
    categories: categories.map((category) => ({
      category,
      products: matched.filter((p) => p.category === category).length,
    })),
    by: 'products',
  };
  // Nothing named by the word meets the rest of the predicate: it rightly matches nobody.
  if (matched.length === 0) return { rewritten: c, resolution };

  // A category all of whose (tagged) products the word names is said as the category.
  const inCategories = await store.query<ProductRow>(
    `SELECT product_id, name, category, tags FROM products WHERE category IN (${categories.map((_, i) => `$${i + 1}`).join(', ')})`,
    categories,
  );
  const parts: EventCondition[] = [];
  for (const category of categories) {
    const mine = matched.filter((p) => p.category === category);
    const all = inCategories.filter((p) => p.category === category && fits(p));
    if (where.product_id === undefined && mine.length === all.length)
      parts.push({ ...c, where: { ...where, category } });
    else for (const p of mine) parts.push({ ...c, where: { ...where, product_id: p.product_id } });
  }
  if (parts.length > MAX_ANY_CHILDREN) {
    resolution.by = 'categories';
    parts.length = 0;
    for (const category of categories) parts.push({ ...c, where: { ...where, category } });
  }
  return { rewritten: parts.length === 1 ? (parts[0] as EventCondition) : { any: parts }, resolution };
}
