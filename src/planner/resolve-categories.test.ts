import { describe, expect, it } from 'vitest';
import { openStore } from '../store/open.ts';
import { resolveCategories } from './resolve-categories.ts';

describe("resolving a brief's product words to the shop's categories", () => {
  it('maps a word that is no category to the category holding most products named by it', async () => {
    const store = await openStore(':memory:');
    const products: [string, string, string][] = [
      ['p1', 'Luxurious Bronze Sneakers', 'shoes'],
      ['p2', 'Modern Sneaker', 'shoes'],
      ['p3', 'Kids Sneakers', 'kids'],
      ['p4', 'Soft Silk Scarf', 'accessories'],
    ];
    for (const [id, name, category] of products)
      await store.run('INSERT INTO products (product_id, name, category, price) VALUES ($1, $2, $3, 10)', [
        id,
        name,
        category,
      ]);
    const { criteria, resolutions } = await resolveCategories(store, {
      all: [
        { event: 'viewed_product', where: { category: 'sneakers', tag: 'limited_edition' }, within_days: 14 },
        { event: 'purchased', where: { category: 'accessories' } },
        { event: 'purchased', where: { category: 'spaceships' } },
      ],
    });
    expect(criteria).toEqual({
      all: [
        { event: 'viewed_product', where: { category: 'shoes', tag: 'limited_edition' }, within_days: 14 },
        { event: 'purchased', where: { category: 'accessories' } },
        { event: 'purchased', where: { category: 'spaceships' } },
      ],
    });
    expect(resolutions).toEqual([{ from: 'sneakers', to: 'shoes', matched_products: 3, in_category: 2 }]);
    // A hostile word stays data.
    const hostile = await resolveCategories(store, {
      event: 'purchased',
      where: { category: "x') OR 1=1 --" },
    });
    expect(hostile.resolutions).toEqual([]);
    await store.close();
  });
});
