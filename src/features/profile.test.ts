import { describe, expect, it } from 'vitest';
import { FIELD_CATALOGUE, PROFILE_FIELD_NAMES } from '../contracts/fields.ts';
import { NotFound } from '../core/errors.ts';
import { openStore } from '../store/open.ts';
import { seedWorld } from './fixture-world.ts';
import { ensureProfiles, getProfile, refreshProfiles } from './profile.ts';
import { PROFILE_VIEW_COLUMNS } from './profile-sql.ts';

async function world() {
  const store = await openStore(':memory:');
  await seedWorld(store);
  await refreshProfiles(store);
  return store;
}

describe('customer profile', () => {
  it('carries every field of DESIGN.md §4 by its exact name, in catalogue order', async () => {
    const store = await world();
    const p = await getProfile(store, 'c1');
    expect(Object.keys(p)).toEqual(PROFILE_FIELD_NAMES);
    const cols = await store.query<{ column_name: string }>(
      "SELECT column_name FROM information_schema.columns WHERE table_name = 'customer_profiles' ORDER BY ordinal_position",
    );
    expect(cols.map((c) => c.column_name)).toEqual(PROFILE_VIEW_COLUMNS);
    expect(PROFILE_VIEW_COLUMNS).toEqual(FIELD_CATALOGUE.filter((d) => d.filterable).map((d) => d.name));
    await store.close();
  });

  it('computes the flat fields relative to as_of', async () => {
    const store = await world();
    const p = await getProfile(store, 'c1');
    expect(p.average_order_value).toBeCloseTo((105 + 180 + 45) / 3);
    expect(p.purchase_frequency).toBe(3); // all within 12 months of 2025-06-30
    expect(p.orders_last_90_days).toBe(2);
    expect(p.lifetime_value).toBeCloseTo(330);
    expect(p.has_ever_returned_item).toBe(true);
    expect(p.product_categories_purchased).toEqual(['accessories', 'outerwear', 'tops']);
    expect(p.session_count).toBe(2);
    expect(p.avg_session_duration).toBeCloseTo(200);
    expect(p.viewed_bestsellers_page).toBe(true);
    expect(p.product_reviews_written).toBe(1);
    expect(p.wishlist_items_count).toBe(1);
    expect(p.email_open_rate).toBe(1);
    expect(p.email_click_through_rate).toBe(1);
    expect(p.control_group_membership).toEqual(['k2']);
    expect(p.days_since_last_purchase).toBeCloseTo(9 + 14 / 24);
    expect(p.tenure_days).toBeCloseTo(546);
    // cart1 was abandoned on 06-10 but c1 ordered on 06-20: no open abandoned cart.
    expect(p.abandoned_cart_value).toBe(0);
    expect(p.abandoned_cart_details).toBeNull();
    expect(p.clv_score).toBeNull();
    expect(p.uplift_score_for_discount).toBeNull();
    const tx = p.transaction_history as { order_id: string; items: unknown[] }[];
    expect(tx.map((o) => o.order_id)).toEqual(['o1', 'o2', 'o3']);
    expect(tx[0].items).toHaveLength(2);
    const ch = p.campaign_history as Record<string, unknown>[];
    expect(
      ch.map((c) => [c.campaign_id, c.arm, c.trigger, c.opened, c.clicked, c.converted, c.revenue]),
    ).toEqual([
      ['k1', 'discount', 'discount', true, true, true, 180],
      ['k2', 'control', null, false, false, false, 0],
    ]);
    expect((p.viewed_product_pages as { product_id: string }[]).map((v) => v.product_id)).toEqual([
      'p2',
      'p1',
    ]);
    await store.close();
  });

  it('describes the open abandoned cart', async () => {
    const store = await world();
    const p = await getProfile(store, 'c2');
    expect(p.abandoned_cart_value).toBe(200);
    expect(p.abandoned_cart_age_hours).toBeCloseTo(27);
    expect(p.abandoned_cart_reason).toBe('price');
    const d = p.abandoned_cart_details as Record<string, unknown>;
    expect(d.cart_id).toBe('cart2');
    expect(d.abandon_step).toBe('payment');
    expect((d.items as unknown[]).length).toBe(1);
    expect(p.interacted_with_content).toBe(true);
    expect(p.email_open_rate).toBe(0);
    const c3 = await getProfile(store, 'c3');
    expect(c3.average_order_value).toBeNull();
    expect(c3.lifetime_value).toBe(0);
    expect(c3.transaction_history).toEqual([]);
    expect(c3.email_open_rate).toBeNull();
    await store.close();
  });

  it('joins the scores of the active model version only', async () => {
    const store = await world();
    await store.run(`INSERT INTO model_versions VALUES
      ('m1', '2025-07-01', 'uplift', NULL, 't', 'fp', '{}', '{}', false),
      ('m2', '2025-07-02', 'uplift', NULL, 't', 'fp', '{}', '{}', true)`);
    await store.run(`INSERT INTO customer_scores (model_version, customer_id, uplift_score_for_discount, recommended_trigger)
      VALUES ('m1', 'c1', 0.5, 'discount'), ('m2', 'c1', 0.02, 'free_shipping')`);
    await store.run(
      `INSERT INTO customer_derived_scores (model_version, customer_id, clv_score) VALUES ('m2', 'c1', 0.9)`,
    );
    const p = await getProfile(store, 'c1');
    expect(p.uplift_score_for_discount).toBe(0.02);
    expect(p.recommended_trigger).toBe('free_shipping');
    expect(p.clv_score).toBe(0.9);
    const n = await store.query('SELECT count(*) AS n FROM customer_profiles');
    expect(n[0].n).toBe(3);
    await store.close();
  });

  it('builds stale or missing profile facts on first read', async () => {
    const store = await openStore(':memory:');
    await seedWorld(store); // no refresh yet, as right after a generate
    expect((await getProfile(store, 'c2')).abandoned_cart_value).toBe(200);
    expect(await ensureProfiles(store)).toBe(false);
    await store.run("UPDATE meta SET value = '2025-06-28T00:00:00' WHERE key = 'as_of'");
    expect(await ensureProfiles(store)).toBe(true);
    expect((await getProfile(store, 'c2')).abandoned_cart_value).toBe(0); // abandoned after the new as_of
    await store.close();
  });

  it('names an unknown customer clearly', async () => {
    const store = await world();
    await expect(getProfile(store, 'nobody')).rejects.toBeInstanceOf(NotFound);
    await expect(getProfile(store, 'nobody')).rejects.toThrow(/No customer with id "nobody"/);
    await store.close();
  });
});
