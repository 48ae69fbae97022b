import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Criteria } from '../contracts/criteria.ts';
import { cohortOfCriteria } from '../explain/cohort.ts';
import { interpretBrief } from '../intent/index.ts';
import type { DuckDbStore } from '../store/duckdb-store.ts';
import { openStore } from '../store/open.ts';
import type { Store } from '../store/store.ts';
import { fixtureDb } from '../test-support/fixture-db.ts';
import { planCampaign } from './plan.ts';
import { resolveCategories } from './resolve-categories.ts';

async function insertProducts(store: Store, products: [string, string, string, string[]][]): Promise<void> {
  for (const [id, name, category, tags] of products)
    await store.run(
      `INSERT INTO products (product_id, name, category, price, tags)
       VALUES ($1, $2, $3, 10, list_filter(string_split($4, ','), t -> t <> ''))`,
      [id, name, category, tags.join(',')],
    );
}

async function customerIds(store: Store, criteria: Criteria): Promise<string[]> {
  const c = cohortOfCriteria(store, criteria);
  const rows = await store.query<{ customer_id: string }>(`${c.sql} ORDER BY 1`, c.params);
  return rows.map((r) => r.customer_id);
}

describe("resolving a brief's product words to the shop's products", () => {
  it('maps a word that is no category to the products it names, in every category that holds them', async () => {
    const store = await openStore(':memory:');
    await insertProducts(store, [
      ['p1', 'Luxurious Bronze Sneakers', 'shoes', ['limited_edition']],
      ['p2', 'Modern Sneaker', 'shoes', []],
      ['p3', 'Kids Sneakers', 'kids', ['limited_edition']],
      ['p4', 'Soft Silk Scarf', 'accessories', []],
      ['p5', 'Leather Boots', 'shoes', ['limited_edition']],
      ['p6', 'Kids Tee', 'kids', []],
      ['p7', 'Kids Jacket', 'kids', ['limited_edition']],
    ]);
    const { criteria, resolutions } = await resolveCategories(store, {
      all: [
        { event: 'viewed_product', where: { category: 'sneakers', tag: 'limited_edition' }, within_days: 14 },
        { event: 'wishlisted', where: { category: 'sneakers' } },
        { event: 'purchased', where: { category: 'accessories' } },
        { event: 'purchased', where: { category: 'spaceships' } },
      ],
    });
    expect(criteria).toEqual({
      all: [
        // The tag narrows the products (p2 is no limited edition) and stays on each predicate.
        {
          any: [
            { event: 'viewed_product', where: { tag: 'limited_edition', product_id: 'p3' }, within_days: 14 },
            { event: 'viewed_product', where: { tag: 'limited_edition', product_id: 'p1' }, within_days: 14 },
          ],
        },
        {
          any: [
            { event: 'wishlisted', where: { product_id: 'p3' } },
            { event: 'wishlisted', where: { product_id: 'p1' } },
            { event: 'wishlisted', where: { product_id: 'p2' } },
          ],
        },
        { event: 'purchased', where: { category: 'accessories' } },
        { event: 'purchased', where: { category: 'spaceships' } },
      ],
    });
    expect(resolutions).toEqual([
      {
        from: 'sneakers',
        tag: 'limited_edition',
        matched_products: 2,
        categories: [
          { category: 'kids', products: 1 },
          { category: 'shoes', products: 1 },
        ],
        by: 'products',
      },
      {
        from: 'sneakers',
        matched_products: 3,
        categories: [
          { category: 'kids', products: 1 },
          { category: 'shoes', products: 2 },
        ],
        by: 'products',
      },
    ]);
    // A hostile word stays data.
    const hostile = await resolveCategories(store, {
      event: 'purchased',
      where: { category: "x') OR 1=1 --" },
    });
    expect(hostile.resolutions).toEqual([]);
    await store.close();
  });

  it('says a category as the category when the word names all of it, and falls back to categories past 100 products', async () => {
    const store = await openStore(':memory:');
    const many: [string, string, string, string[]][] = Array.from({ length: 101 }, (_, i) => [
      `w${i}`,
      `Widget ${i}`,
      i % 2 ? 'home' : 'garden',
      [],
    ]);
    await insertProducts(store, [
      ['p1', 'Linen Throw', 'home', []],
      ['p2', 'Wool Throw', 'bedding', []],
      ['p3', 'Cotton Throw', 'bedding', []],
      ['p4', 'Rake', 'garden', []],
      ...many,
    ]);
    const throws = await resolveCategories(store, { event: 'purchased', where: { category: 'throws' } });
    expect(throws.criteria).toEqual({
      any: [
        { event: 'purchased', where: { category: 'bedding' } },
        { event: 'purchased', where: { product_id: 'p1' } },
      ],
    });
    const widgets = await resolveCategories(store, { event: 'purchased', where: { category: 'widgets' } });
    expect(widgets.criteria).toEqual({
      any: [
        { event: 'purchased', where: { category: 'garden' } },
        { event: 'purchased', where: { category: 'home' } },
      ],
    });
    expect(widgets.resolutions[0]).toMatchObject({ matched_products: 101, by: 'categories' });
    await store.close();
  });

  it('reads a category written with other separators, case or plural as that category', async () => {
    const store = await openStore(':memory:');
    await insertProducts(store, [
      ['a1', 'a1', 'cama_mesa_banho', []],
      ['a2', 'a2', 'cama_mesa_banho', []],
      ['b1', 'b1', 'beleza_saude', []],
    ]);
    const { criteria, resolutions } = await resolveCategories(store, {
      any: [
        { event: 'purchased', where: { category: 'cama_mesa_banhos' }, within_days: 90 },
        { event: 'viewed_product', where: { category: 'Beleza Saude' } },
      ],
    });
    expect(criteria).toEqual({
      any: [
        { event: 'purchased', where: { category: 'cama_mesa_banho' }, within_days: 90 },
        { event: 'viewed_product', where: { category: 'beleza_saude' } },
      ],
    });
    expect(resolutions[0]).toEqual({
      from: 'cama_mesa_banhos',
      matched_products: 2,
      categories: [{ category: 'cama_mesa_banho', products: 2 }],
      by: 'categories',
    });
    await store.close();
  });
});

describe('product words on a generated store', () => {
  let store: DuckDbStore;
  let cleanup: () => void;

  beforeAll(async () => {
    const f = await fixtureDb();
    cleanup = f.cleanup;
    store = await openStore(f.db);
  });
  afterAll(async () => {
    await store?.close();
    cleanup?.();
  });

  /** Customers who viewed a product whose name names sneakers, straight from the event tables. */
  async function sneakerViewers(tag: string | null): Promise<string[]> {
    const rows = await store.query<{ customer_id: string }>(
      `SELECT DISTINCT v.customer_id FROM page_views v JOIN products p ON p.product_id = v.product_id
       WHERE v.page_type = 'product' AND regexp_matches(lower(p.name), '\\bsneakers?\\b')
         AND ($1::VARCHAR IS NULL OR list_contains(p.tags, $1::VARCHAR)) ORDER BY 1`,
      [tag],
    );
    return rows.map((r) => r.customer_id);
  }

  it('selects the viewers of sneakers in both categories that hold them, and no one else', async () => {
    const { criteria, resolutions } = await resolveCategories(store, {
      event: 'viewed_product',
      where: { category: 'sneakers' },
    });
    // The simulator sells adults' sneakers under shoes and kids' sneakers under kids.
    expect(resolutions[0]?.categories.map((c) => c.category)).toEqual(['kids', 'shoes']);
    const expected = await sneakerViewers(null);
    expect(expected.length).toBeGreaterThan(0);
    expect(await customerIds(store, criteria as Criteria)).toEqual(expected);
    // Both departments contribute viewers that the other would have missed.
    for (const category of ['shoes', 'kids']) {
      const rows = await store.query<{ n: number }>(
        `SELECT count(DISTINCT v.customer_id) AS n FROM page_views v JOIN products p ON p.product_id = v.product_id
         WHERE p.category = $1 AND regexp_matches(lower(p.name), '\\bsneakers?\\b')`,
        [category],
      );
      expect(Number(rows[0]?.n)).toBeGreaterThan(0);
    }
  });

  it("plans the seed brief for the viewers of limited-edition sneakers (not the kids' department)", async () => {
    const { coo } = await interpretBrief(
      "Target users who viewed 'Limited Edition' sneakers and remind them stock is low.",
      { backend: 'embedded', llm: null },
    );
    expect(coo.target_behavior.criteria).toEqual({
      event: 'viewed_product',
      where: { category: 'sneakers', tag: 'limited_edition' },
    });
    const plan = await planCampaign(store, coo);
    const expected = await sneakerViewers('limited_edition');
    const audience = await customerIds(store, plan.audience.criteria as Criteria);
    expect(audience).toEqual(expected);
    expect(audience.length).toBeGreaterThan(20);
    // Before, the word meant the category with most sneakers (kids), and every viewer of any
    // limited edition there.
    const kids = await customerIds(store, {
      event: 'viewed_product',
      where: { category: 'kids', tag: 'limited_edition' },
    });
    expect(kids).not.toEqual(audience);
    expect(plan.audience.size).toBeGreaterThan(0);
    expect(plan.audience.size).toBeLessThanOrEqual(audience.length);
    expect(plan.audience.criteria_text).toContain("tag = 'limited_edition'");
    expect(plan.audience.resolutions).toEqual([
      expect.objectContaining({ from: 'sneakers', tag: 'limited_edition', by: 'products' }),
    ]);
    expect(plan.recommended_trigger).toBe('scarcity_message');
  });
});
