import { describe, expect, it } from 'vitest';
import type { DuckDbStore } from '../store/duckdb-store.ts';
import { openStore } from '../store/open.ts';
import { seedWorld } from './fixture-world.ts';
import { type FeatureFrame, pointInTimeFeatures } from './point-in-time.ts';
import { fillSyntheticEvents } from './synthetic-events.ts';

function feature(frame: FeatureFrame, name: string, row = 0): number | string | null {
  const f = frame.features.find((x) => x.name === name);
  if (!f) throw new Error(`no feature ${name}`);
  if (f.kind === 'numeric') return f.values[row];
  return f.codes[row] < 0 ? null : f.levels[f.codes[row]];
}

/** Frames equal up to floating-point summation order (DuckDB aggregates in parallel). */
function expectSameFrame(a: FeatureFrame, b: FeatureFrame): void {
  expect(b.keys).toEqual(a.keys);
  expect(b.features.map((f) => f.name)).toEqual(a.features.map((f) => f.name));
  let compared = 0;
  for (let j = 0; j < a.features.length; j++) {
    const fa = a.features[j];
    const fb = b.features[j];
    if (fa.kind === 'categorical' && fb.kind === 'categorical') {
      const la = Array.from(fa.codes, (c) => (c < 0 ? null : fa.levels[c]));
      const lb = Array.from(fb.codes, (c) => (c < 0 ? null : fb.levels[c]));
      expect(lb, fa.name).toEqual(la);
      continue;
    }
    if (fa.kind !== 'numeric' || fb.kind !== 'numeric') throw new Error(`kind of ${fa.name} differs`);
    for (let i = 0; i < a.rowCount; i++) {
      const x = fa.values[i];
      const y = fb.values[i];
      if (Number.isNaN(x) || Number.isNaN(y)) {
        if (Number.isNaN(x) !== Number.isNaN(y)) throw new Error(`${fa.name}[${a.keys[i]}]: ${x} vs ${y}`);
      } else if (Math.abs(x - y) > 1e-9 * Math.max(1, Math.abs(x))) {
        throw new Error(`${fa.name}[${a.keys[i]}]: ${x} vs ${y}`);
      }
      compared++;
    }
  }
  expect(compared).toBeGreaterThan(0);
}

/** Deletes or rewinds everything recorded at or after T: the store as it stood at T. */
async function truncateAt(store: DuckDbStore, t: string): Promise<void> {
  const p = [t];
  await store.run(
    'DELETE FROM order_items WHERE order_id IN (SELECT order_id FROM orders WHERE ordered_at >= $1::TIMESTAMP)',
    p,
  );
  await store.run('DELETE FROM orders WHERE ordered_at >= $1::TIMESTAMP', p);
  await store.run('DELETE FROM sessions WHERE started_at + to_seconds(duration_seconds) >= $1::TIMESTAMP', p);
  await store.run('DELETE FROM page_views WHERE viewed_at >= $1::TIMESTAMP', p);
  await store.run(
    'DELETE FROM cart_items WHERE cart_id IN (SELECT cart_id FROM carts WHERE created_at >= $1::TIMESTAMP)',
    p,
  );
  await store.run('DELETE FROM carts WHERE created_at >= $1::TIMESTAMP', p);
  await store.run(
    "UPDATE carts SET status = 'open', abandoned_at = NULL, abandon_step = NULL, abandon_reason = NULL WHERE abandoned_at >= $1::TIMESTAMP",
    p,
  );
  await store.run('DELETE FROM wishlist_items WHERE added_at >= $1::TIMESTAMP', p);
  await store.run('UPDATE wishlist_items SET removed_at = NULL WHERE removed_at >= $1::TIMESTAMP', p);
  await store.run('DELETE FROM reviews WHERE written_at >= $1::TIMESTAMP', p);
  await store.run('DELETE FROM content_interactions WHERE interacted_at >= $1::TIMESTAMP', p);
  await store.run('DELETE FROM campaign_exposures WHERE sent_at >= $1::TIMESTAMP', p);
  await store.run('DELETE FROM email_events WHERE occurred_at >= $1::TIMESTAMP', p);
}

describe('point-in-time features', () => {
  it('computes hand-checked values from events strictly before the timestamp', async () => {
    const store = await openStore(':memory:');
    await seedWorld(store);
    // o3 is placed exactly at this instant: it must not count.
    const frame = await pointInTimeFeatures(store, [
      { key: 'a', customer_id: 'c1', as_of: '2025-06-20T10:00:00Z' },
    ]);
    expect(frame.rowCount).toBe(1);
    expect(feature(frame, 'orders_lifetime')).toBe(2);
    expect(feature(frame, 'orders_90d')).toBe(1);
    expect(feature(frame, 'revenue_lifetime')).toBeCloseTo(285);
    expect(feature(frame, 'aov_lifetime')).toBeCloseTo(142.5);
    expect(feature(frame, 'days_since_last_order')).toBeCloseTo(36);
    expect(feature(frame, 'categories_purchased_count')).toBe(3);
    expect(feature(frame, 'returned_items')).toBe(1); // o2 is 36 days old: its return counts
    expect(feature(frame, 'return_rate_items')).toBeCloseTo(1 / 3);
    expect(feature(frame, 'sessions_30d')).toBe(1);
    expect(feature(frame, 'session_seconds_30d')).toBe(300);
    expect(feature(frame, 'bestseller_views_90d')).toBe(1);
    expect(feature(frame, 'abandonments_lifetime')).toBe(1);
    expect(feature(frame, 'last_abandon_value')).toBe(70);
    expect(feature(frame, 'last_abandon_age_hours')).toBeCloseTo(239);
    expect(feature(frame, 'last_abandon_step')).toBe('shipping');
    expect(feature(frame, 'last_abandon_reason')).toBe('shipping_cost');
    expect(feature(frame, 'last_abandon_recovered')).toBe(0);
    expect(feature(frame, 'wishlist_items')).toBe(1);
    expect(feature(frame, 'email_open_rate')).toBe(1);
    expect(feature(frame, 'campaign_exposures_lifetime')).toBe(2);
    expect(feature(frame, 'campaign_treatments_lifetime')).toBe(1);
    // Response history: k1's discount (window closed 05-26) was followed by o2; k2's control
    // exposure of 06-15 is still inside its 14-day window, so its outcome is not yet known.
    expect(feature(frame, 'history_discount_exposures')).toBe(1);
    expect(feature(frame, 'history_discount_conversions')).toBe(1);
    expect(feature(frame, 'history_control_exposures')).toBe(0);
    expect(feature(frame, 'history_social_proof_exposures')).toBe(0);
    expect(feature(frame, 'trending_views_90d')).toBe(0);
    expect(feature(frame, 'campaign_conversions_lifetime')).toBe(1);
    expect(feature(frame, 'acquisition_source')).toBe('organic_search');
    expect(feature(frame, 'tenure_days')).toBeCloseTo(536 + 10 / 24);
    // At the exposure k2 itself (sent 2025-06-15 08:00), that exposure is not yet in the past.
    const atSend = await pointInTimeFeatures(store, [
      { key: 'k2', customer_id: 'c2', as_of: '2025-06-15T08:00:00Z' },
    ]);
    expect(feature(atSend, 'campaign_exposures_lifetime')).toBe(1);
    expect(feature(atSend, 'emails_delivered_lifetime')).toBe(0);
    expect(Number.isNaN(feature(atSend, 'email_open_rate') as number)).toBe(true);
    await store.close();
  });

  it('accepts a batch as SQL, returns rows ordered by key, and rejects duplicate keys', async () => {
    const store = await openStore(':memory:');
    await seedWorld(store);
    const bySql = await pointInTimeFeatures(store, {
      sql: "SELECT campaign_id || ':' || customer_id AS key, customer_id, sent_at AS as_of FROM campaign_exposures WHERE arm <> $1",
      params: ['nothing'],
    });
    expect(bySql.keys).toEqual(['k1:c1', 'k1:c2', 'k2:c1', 'k2:c2']);
    const rows = await store.query<{ key: string; customer_id: string; as_of: string }>(
      "SELECT campaign_id || ':' || customer_id AS key, customer_id, sent_at AS as_of FROM campaign_exposures ORDER BY key DESC",
    );
    expectSameFrame(bySql, await pointInTimeFeatures(store, rows));
    await expect(
      pointInTimeFeatures(store, [
        { key: 'x', customer_id: 'c1', as_of: '2025-01-01' },
        { key: 'x', customer_id: 'c2', as_of: '2025-01-01' },
      ]),
    ).rejects.toThrow(/unique/);
    await store.close();
  });

  it('does not change when events at or after each timestamp are added', async () => {
    const store = await openStore(':memory:');
    await fillSyntheticEvents(store, 1500);
    await store.run(`CREATE TABLE request AS SELECT campaign_id || ':' || customer_id AS key, customer_id, sent_at AS as_of
      FROM campaign_exposures`);
    const request = { sql: 'SELECT * FROM request' };
    const before = await pointInTimeFeatures(store, request);
    expect(before.rowCount).toBeGreaterThan(5000);
    // Key-range batches give the same frame as one pass.
    expectSameFrame(before, await pointInTimeFeatures(store, request, { batchRows: 1234 }));
    // For every customer, a burst of activity exactly at (and after) the latest timestamp asked for them.
    await store.run(`CREATE TEMP TABLE late AS SELECT 'late_' || customer_id AS tag, customer_id, max(as_of) AS t
      FROM request GROUP BY customer_id`);
    await store.run(
      `INSERT INTO orders SELECT 'late_' || tag, customer_id, t, 500, 50, 0, 450, 'k1', 'returned' FROM late`,
    );
    await store.run("INSERT INTO order_items SELECT 'late_' || tag, 1, 'p0', 3, 150, true FROM late");
    await store.run(
      "INSERT INTO sessions SELECT 'late_' || tag, customer_id, t - INTERVAL '1 minute', 3600, 'mobile', 'email' FROM late",
    );
    await store.run(
      "INSERT INTO page_views SELECT 'late_' || tag, customer_id, t, 'product', 'p0', NULL FROM late",
    );
    await store.run(
      "INSERT INTO page_views SELECT 'late_' || tag, customer_id, t + INTERVAL '1 day', 'bestsellers', NULL, NULL FROM late",
    );
    await store.run(`INSERT INTO carts SELECT 'late_' || tag, customer_id, t - INTERVAL '1 hour', 'abandoned', 999, t, 'shipping',
      'shipping_cost', NULL FROM late`);
    await store.run("INSERT INTO wishlist_items SELECT customer_id, 'p1', t, NULL FROM late");
    await store.run("INSERT INTO reviews SELECT 'late_' || tag, customer_id, 'p1', 1, t FROM late");
    await store.run("INSERT INTO content_interactions SELECT customer_id, 'k-1', t, 'read' FROM late");
    await store.run("INSERT INTO email_events SELECT 'late', customer_id, 'opened', t FROM late");
    await store.run(
      `INSERT INTO campaign_exposures SELECT 'late_' || tag, customer_id, 'discount', 0.5, t FROM late`,
    );
    // An item removed from a wishlist only after the timestamp was still there at it.
    await store.run('UPDATE wishlist_items SET removed_at = NULL WHERE removed_at IS NOT NULL');
    const wishlistChanged = await pointInTimeFeatures(store, request);
    await store.run(`UPDATE wishlist_items w SET removed_at = (SELECT max(sent_at) FROM campaign_exposures) + INTERVAL '1 day'
      WHERE w.product_id <> 'p1'`);
    const after = await pointInTimeFeatures(store, request);
    expectSameFrame(wishlistChanged, after);
    // Everything except the wishlist (whose removals were rewritten above) equals the frame before.
    const strip = (f: FeatureFrame) => ({
      ...f,
      features: f.features.filter((x) => x.name !== 'wishlist_items'),
    });
    expectSameFrame(strip(before), strip(after));
    await store.close();
  });

  it('equals the features computed on a store truncated at the timestamp', async () => {
    for (const t of ['2024-09-01T00:00:00Z', '2025-06-15T12:34:56Z']) {
      const full = await openStore(':memory:');
      const cut = await openStore(':memory:');
      await fillSyntheticEvents(full, 800);
      await fillSyntheticEvents(cut, 800);
      await truncateAt(cut, t);
      const request = {
        sql: 'SELECT customer_id AS key, customer_id, $1::TIMESTAMP AS as_of FROM customers',
        params: [t],
      };
      const a = await pointInTimeFeatures(full, request);
      const b = await pointInTimeFeatures(cut, request);
      expect(a.rowCount).toBe(800);
      const orders = a.features.find((f) => f.name === 'orders_lifetime');
      expect(orders?.kind === 'numeric' && orders.values.some((v) => v > 0)).toBe(true);
      expectSameFrame(a, b);
      await full.close();
      await cut.close();
    }
  });
});
