import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Criteria } from '../contracts/criteria.ts';
import { cohortOfIds } from '../explain/cohort.ts';
import { openStore } from '../store/open.ts';
import type { Store } from '../store/store.ts';
import { findProducts, gatherCopyFacts, stockStatus } from './facts.ts';
import { generateCopy } from './generate.ts';
import { suggestCopy } from './suggest.ts';

let store: Store;

beforeAll(async () => {
  store = await openStore(':memory:');
  await store.run("INSERT INTO meta VALUES ('as_of', '2026-06-10T00:00:00Z')");
  for (const [id, name, cat, stock, tags] of [
    ['p1', 'Aero Runner LE', 'Sneakers', 8, "['limited_edition']"],
    ['p2', 'Volt High LE', 'Sneakers', 12, "['limited_edition']"],
    ['p3', 'Daily Tee', 'Tops', 900, '[]'],
    ['p4', 'Trail Boot', 'Boots', null, '[]'],
  ] as const) {
    await store.run(
      `INSERT INTO products (product_id, name, category, price, stock_level, tags) VALUES ($1, $2, $3, 100, $4, ${tags})`,
      [id, name, cat, stock],
    );
  }
  for (let i = 1; i <= 6; i++) {
    await store.run(
      "INSERT INTO customers (customer_id, first_name, creation_date) VALUES ($1, 'A', '2025-01-01')",
      [`c${i}`],
    );
  }
  // May 2026 (the last complete month before as_of): c1, c2, c3 bought LE sneakers (c1 twice), c4 bought a tee.
  // c5 bought LE in April (outside the month); c6's May LE order was returned (not counted).
  const orders: [string, string, string, string, string][] = [
    ['o1', 'c1', '2026-05-02', 'p1', 'completed'],
    ['o2', 'c1', '2026-05-20', 'p2', 'completed'],
    ['o3', 'c2', '2026-05-31T23:00:00', 'p2', 'completed'],
    ['o4', 'c3', '2026-05-15', 'p1', 'partially_returned'],
    ['o5', 'c4', '2026-05-15', 'p3', 'completed'],
    ['o6', 'c5', '2026-04-30', 'p1', 'completed'],
    ['o7', 'c6', '2026-05-10', 'p1', 'returned'],
    ['o8', 'c4', '2026-06-02', 'p1', 'completed'],
  ];
  for (const [o, c, at, p, status] of orders) {
    await store.run(
      'INSERT INTO orders (order_id, customer_id, ordered_at, subtotal, total, status) VALUES ($1, $2, $3, 100, 100, $4)',
      [o, c, at, status],
    );
    await store.run('INSERT INTO order_items VALUES ($1, 1, $2, 1, 100, false)', [o, p]);
  }
});

afterAll(async () => {
  await store.close();
});

describe('copy facts from the data', () => {
  it('finds a collection by tag, a category and a product by name', async () => {
    expect(await findProducts(store, { text: 'Limited Edition' })).toMatchObject({
      kind: 'collection',
      name: 'Limited Edition pieces',
      ids: ['p1', 'p2'],
    });
    expect(await findProducts(store, { tag: 'limited_edition', category: 'sneakers' })).toMatchObject({
      name: 'Limited Edition Sneakers',
      ids: ['p1', 'p2'],
    });
    expect(await findProducts(store, { text: 'boots' })).toMatchObject({ kind: 'category', ids: ['p4'] });
    // "Limited Edition sneakers" where the catalogue has no sneakers category: the collection alone.
    expect(await findProducts(store, { tag: 'limited_edition', category: 'sneakers_x' })).toMatchObject({
      name: 'Limited Edition pieces',
      ids: ['p1', 'p2'],
    });
    expect(await findProducts(store, { text: 'daily tee' })).toMatchObject({
      kind: 'product',
      name: 'Daily Tee',
    });
    expect(await findProducts(store, { text: 'nothing like this' })).toBeNull();
  });

  it('counts distinct buyers in the last complete month, from orders (hand count: c1, c2, c3 = 3)', async () => {
    const f = await gatherCopyFacts(store, { trigger: 'social_proof', product: { text: 'Limited Edition' } });
    expect(f.social_proof).toEqual({ count: 3, month: 'May 2026', subject: 'Limited Edition pieces' });
    // Without a product: everyone who ordered in May and did not return it all: c1, c2, c3, c4.
    const all = await gatherCopyFacts(store, { trigger: 'social_proof' });
    expect(all.social_proof?.count).toBe(4);
  });

  it('reads stock from the products table (threshold 50): low for the LE collection (8 and 12, no count stated), high for the tee, unknown for boots', async () => {
    const le = await gatherCopyFacts(store, {
      trigger: 'scarcity_message',
      product: { text: 'Limited Edition' },
    });
    expect(le.stock).toEqual({ status: 'low', units: null, threshold: 50 });
    const tee = await gatherCopyFacts(store, { trigger: 'scarcity_message', product: { text: 'Daily Tee' } });
    expect(tee.stock).toEqual({ status: 'high', units: 900, threshold: 50 });
    const boots = await gatherCopyFacts(store, {
      trigger: 'scarcity_message',
      product: { category: 'Boots' },
    });
    expect(boots.stock.status).toBe('unknown');
    expect(stockStatus([10, 30], 25).status).toBe('high');
  });

  it('makes no scarcity claim when stock is high, and states the real count when low', async () => {
    const tee = await gatherCopyFacts(store, { trigger: 'scarcity_message', product: { text: 'Daily Tee' } });
    const high = generateCopy({ trigger: 'scarcity_message', channel: 'email', facts: tee, variants: 5 });
    for (const v of high.variants)
      expect(`${v.subject} ${v.preheader} ${v.body}`).not.toMatch(/left|low|lasts/i);
    const le = await gatherCopyFacts(store, {
      trigger: 'scarcity_message',
      product: { text: 'Limited Edition' },
    });
    const low = generateCopy({ trigger: 'scarcity_message', channel: 'push', facts: le, variants: 3 });
    expect(low.variants.some((v) => v.body.includes('Stock is low.'))).toBe(true);
    for (const v of low.variants) expect(v.body).not.toMatch(/\d+ left/);
    const one = await gatherCopyFacts(store, { trigger: 'scarcity_message', product: { product_id: 'p1' } });
    expect(one.stock).toEqual({ status: 'low', units: 8, threshold: 50 });
    const single = generateCopy({ trigger: 'scarcity_message', channel: 'push', facts: one, variants: 3 });
    expect(single.variants.some((v) => v.body.includes('Only 8 left in stock.'))).toBe(true);
  });

  it("takes the cohort's most bought recent category as its next category before any model", async () => {
    const f = await gatherCopyFacts(store, {
      trigger: 'personalized_recommendation',
      cohort: cohortOfIds(['c1', 'c2', 'c4']),
    });
    // 90 days before 2026-06-10: c1, c2 bought Sneakers; c4 bought Tops and Sneakers -> Sneakers 3 of 3.
    expect(f.next_category).toEqual({ name: 'Sneakers', share: 1 });
  });

  it('takes the offer from the trigger and the cost configuration', async () => {
    const d = await gatherCopyFacts(store, { trigger: 'discount' });
    expect(d.offer).toMatchObject({ discount_percent: 15, free_shipping: false, reward_percent: null });
    const fs = await gatherCopyFacts(store, {
      trigger: 'free_shipping',
      shippingVariant: 'expedited',
      deadline: 'Sunday',
    });
    expect(fs.offer).toMatchObject({
      discount_percent: null,
      free_shipping: true,
      shipping_variant: 'expedited',
      deadline: 'Sunday',
    });
  });
});

describe('suggestCopy', () => {
  it("reads from the request's criteria whether its audience has a cart to remind them of", async () => {
    const body = (criteria: Criteria) =>
      suggestCopy(store, { trigger: 'cart_reminder', channel: 'sms', criteria }).then((r) =>
        r.variants.map((v) => v.body).join('\n'),
      );
    expect(await body({ field: 'abandoned_cart_value', op: '>', value: 0 })).toMatch(/cart/);
    expect(await body({ field: 'days_since_last_purchase', op: '>=', value: 90 })).not.toMatch(/cart/i);
  });

  it('names a tag the catalogue does not have in words, not as its id', async () => {
    const r = await suggestCopy(store, {
      trigger: 'scarcity_message',
      channel: 'email',
      criteria: { event: 'viewed_product', where: { tag: 'spring_capsule' }, within_days: 14 },
    });
    expect(r.notes).toContain(
      'No product, collection or category in the catalogue matches "spring capsule", so the copy does not name one.',
    );
  });
});
