import type { Store } from '../store/store.ts';

/**
 * A tiny hand-made world for tests of the profile and the point-in-time features: three
 * customers whose every figure can be checked by hand. as_of = 2025-06-30T00:00:00.
 */
export const WORLD_AS_OF = '2025-06-30T00:00:00';

export async function seedWorld(store: Store): Promise<void> {
  const q = (sql: string) => store.run(sql);
  await q(`INSERT INTO meta VALUES ('as_of', '${WORLD_AS_OF}')`);
  await q(`INSERT INTO customers VALUES
    ('c1', 'Ana', 'ana@example.com', 'Lisbon', 'Portugal', 'organic_search', '2024-01-01', true, false),
    ('c2', 'Ben', 'ben@example.com', 'Austin', 'USA', 'paid_social', '2025-05-01', true, true),
    ('c3', 'Cy', 'cy@example.com', 'Oslo', 'Norway', 'referral', '2025-06-01', false, false)`);
  await q(`INSERT INTO products VALUES
    ('p1', 'Linen Shirt', 'tops', 60, 25, 10, ['bestseller'], '2024-01-01'),
    ('p2', 'Silk Scarf', 'accessories', 40, 12, 3, ['limited_edition'], '2024-01-01'),
    ('p3', 'Wool Coat', 'outerwear', 200, 90, 5, ['vip'], '2024-01-01')`);
  await q(`INSERT INTO orders VALUES
    ('o1', 'c1', '2024-08-01 10:00:00', 100, 0, 5, 105, NULL, 'completed'),
    ('o2', 'c1', '2025-05-15 10:00:00', 200, 20, 0, 180, 'k1', 'partially_returned'),
    ('o3', 'c1', '2025-06-20 10:00:00', 40, 0, 5, 45, NULL, 'completed'),
    ('o4', 'c2', '2025-05-10 12:00:00', 60, 0, 5, 65, NULL, 'completed')`);
  await q(`INSERT INTO order_items VALUES
    ('o1', 1, 'p1', 1, 60, false), ('o1', 2, 'p2', 1, 40, false),
    ('o2', 1, 'p3', 1, 200, true),
    ('o3', 1, 'p2', 1, 40, false),
    ('o4', 1, 'p1', 1, 60, false)`);
  await q(`INSERT INTO sessions VALUES
    ('s1', 'c1', '2025-06-01 09:00:00', 300, 'mobile', 'email'),
    ('s2', 'c1', '2025-06-25 09:00:00', 100, 'desktop', 'direct'),
    ('s3', 'c1', '2025-01-01 09:00:00', 50, 'desktop', 'direct'),
    ('s4', 'c2', '2025-06-28 20:00:00', 600, 'mobile', 'paid_social')`);
  await q(`INSERT INTO page_views VALUES
    ('s1', 'c1', '2025-06-01 09:01:00', 'product', 'p1', NULL),
    ('s1', 'c1', '2025-06-01 09:02:00', 'bestsellers', NULL, NULL),
    ('s2', 'c1', '2025-06-25 09:01:00', 'product', 'p2', NULL),
    ('s4', 'c2', '2025-06-28 20:01:00', 'product', 'p3', NULL),
    ('s4', 'c2', '2025-06-28 20:03:00', 'content', NULL, 'k-guide')`);
  await q(`INSERT INTO carts VALUES
    ('cart1', 'c1', '2025-06-10 10:00:00', 'abandoned', 70, '2025-06-10 11:00:00', 'shipping', 'shipping_cost', NULL),
    ('cart2', 'c2', '2025-06-28 20:05:00', 'abandoned', 200, '2025-06-28 21:00:00', 'payment', 'price', NULL),
    ('cart3', 'c2', '2025-05-10 11:00:00', 'converted', 60, NULL, NULL, NULL, 'o4')`);
  await q(
    `INSERT INTO cart_items VALUES ('cart1', 'p1', 1, 60), ('cart2', 'p3', 1, 200), ('cart3', 'p1', 1, 60)`,
  );
  await q(`INSERT INTO wishlist_items VALUES
    ('c1', 'p3', '2025-03-01', NULL), ('c1', 'p2', '2025-03-01', '2025-04-01'), ('c2', 'p2', '2025-06-28', NULL)`);
  await q(`INSERT INTO reviews VALUES ('r1', 'c1', 'p1', 5, '2024-08-10')`);
  await q(`INSERT INTO content_items VALUES ('k-guide', 'Linen care', 'guide', 'tops')`);
  await q(`INSERT INTO content_interactions VALUES ('c2', 'k-guide', '2025-06-28 20:03:00', 'read')`);
  await q(`INSERT INTO campaigns VALUES
    ('k1', 'Spring', 'conversion', 'email', '2025-05-12', 14, ['discount', 'social_proof', 'control'], 0.2, 'all', false),
    ('k2', 'Summer', 'cart_recovery', 'email', '2025-06-15', 14, ['free_shipping', 'control'], 0.2, 'all', false)`);
  await q(`INSERT INTO campaign_exposures VALUES
    ('k1', 'c1', 'discount', 0.4, '2025-05-12 08:00:00'),
    ('k1', 'c2', 'control', 0.2, '2025-05-12 08:00:00'),
    ('k2', 'c1', 'control', 0.2, '2025-06-15 08:00:00'),
    ('k2', 'c2', 'free_shipping', 0.8, '2025-06-15 08:00:00')`);
  await q(`INSERT INTO email_events VALUES
    ('k1', 'c1', 'delivered', '2025-05-12 08:01:00'), ('k1', 'c1', 'opened', '2025-05-12 09:00:00'),
    ('k1', 'c1', 'clicked', '2025-05-12 09:01:00'),
    ('k2', 'c2', 'delivered', '2025-06-15 08:01:00')`);
}
