import type { Store } from '../store/store.ts';

/**
 * Fills the event tables with structureless synthetic events in a few set-based SQL statements,
 * for tests and benchmarks of the profile and point-in-time SQL at scale without the market
 * simulator. Deterministic: every "random" draw is a hash of the row's ids. No behaviour model:
 * the simulator (src/simulate) is the data set to learn from; this only exercises the SQL.
 * Volumes per customer: ~2 orders, 10 sessions with 3 page views each, 3 carts, 5 exposures.
 */
export async function fillSyntheticEvents(
  store: Store,
  customers: number,
  asOf = '2025-12-31T00:00:00',
): Promise<void> {
  // u(x) is a uniform draw in [0, 1) from the hash of its arguments.
  const u = (...parts: string[]) => `((hash(${parts.join(', ')}) % 1000003) / 1000003.0)`;
  const t = (days: string) => `($1::TIMESTAMP - to_seconds(CAST(${days} * 86400 AS BIGINT)))`;
  const p: [string] = [asOf];
  await store.run(`INSERT OR REPLACE INTO meta VALUES ('as_of', $1)`, p);
  await store.run(
    `INSERT INTO customers SELECT 'c' || lpad(i::VARCHAR, 7, '0'), 'N' || i, 'c' || i || '@example.com',
       ['Berlin','Austin','Lyon','Osaka'][1 + (i % 4)::INT], ['Germany','USA','France','Japan'][1 + (i % 4)::INT],
       ['organic_search','paid_social','email','referral','direct'][1 + (hash(i, 'src') % 5)::INT],
       ${t(`(30 + 700 * ${u('i', "'cr'")})`)}, ${u('i', "'eo'")} < 0.8, ${u('i', "'so'")} < 0.3
     FROM range(${Number(customers)}) r(i)`,
    p,
  );
  await store.run(`INSERT INTO products SELECT 'p' || i, 'Product ' || i, ['tops','bottoms','shoes','accessories','outerwear'][1 + (i % 5)::INT],
       20 + (i * 7) % 180, 10 + (i * 3) % 60, 5 + i % 40,
       CASE WHEN i % 10 = 0 THEN ['limited_edition'] WHEN i % 10 = 1 THEN ['vip'] WHEN i % 10 = 2 THEN ['bestseller'] ELSE [] END,
       NULL FROM range(200) r(i)`);
  await store.run(
    `INSERT INTO orders SELECT 'o' || i || '_' || k, 'c' || lpad(i::VARCHAR, 7, '0'), ${t(`(720 * ${u('i', 'k', "'ot'")})`)},
       50 + 100 * ${u('i', 'k', "'ov'")}, CASE WHEN ${u('i', 'k', "'od'")} < 0.2 THEN 10 ELSE 0 END,
       CASE WHEN ${u('i', 'k', "'os'")} < 0.5 THEN 5 ELSE 0 END, 50 + 100 * ${u('i', 'k', "'ov'")},
       CASE WHEN ${u('i', 'k', "'oc'")} < 0.1 THEN 'k' || (hash(i, k) % 20) END,
       CASE WHEN ${u('i', 'k', "'or'")} < 0.15 THEN 'returned' ELSE 'completed' END
     FROM range(${Number(customers)}) r(i), range(4) q(k) WHERE ${u('i', 'k', "'on'")} < 0.5`,
    p,
  );
  await store.run(`INSERT INTO order_items SELECT o.order_id, l, 'p' || (hash(o.order_id, l) % 200), 1 + l % 2,
       30 + (hash(o.order_id, l) % 100), o.status = 'returned' FROM orders o, range(1, 3) q(l)
     WHERE l = 1 OR hash(o.order_id, 'two') % 2 = 0`);
  await store.run(
    `INSERT INTO sessions SELECT 's' || i || '_' || k, 'c' || lpad(i::VARCHAR, 7, '0'), ${t(`(720 * ${u('i', 'k', "'st'")})`)},
       (30 + 900 * ${u('i', 'k', "'sd'")})::INT, ['mobile','desktop'][1 + (k % 2)::INT], 'direct'
     FROM range(${Number(customers)}) r(i), range(10) q(k)`,
    p,
  );
  await store.run(`INSERT INTO page_views SELECT s.session_id, s.customer_id, s.started_at + to_seconds(v * 20),
       ['product','product','bestsellers','content','checkout'][1 + (hash(s.session_id, v) % 5)::INT],
       'p' || (hash(s.session_id, v, 'p') % 200), NULL FROM sessions s, range(3) q(v)`);
  await store.run(
    `INSERT INTO carts SELECT 'cart' || i || '_' || k, 'c' || lpad(i::VARCHAR, 7, '0'), ${t(`(720 * ${u('i', 'k', "'ct'")})`)},
       CASE WHEN ${u('i', 'k', "'ca'")} < 0.7 THEN 'abandoned' ELSE 'converted' END, 30 + 150 * ${u('i', 'k', "'cv'")},
       CASE WHEN ${u('i', 'k', "'ca'")} < 0.7 THEN ${t(`(720 * ${u('i', 'k', "'ct'")} - 0.05)`)} END,
       CASE WHEN ${u('i', 'k', "'ca'")} < 0.7 THEN ['cart','shipping','payment'][1 + (hash(i, k, 'as') % 3)::INT] END,
       CASE WHEN ${u('i', 'k', "'ca'")} < 0.7 THEN ['shipping_cost','price','browsing','distraction'][1 + (hash(i, k, 'ar') % 4)::INT] END,
       NULL
     FROM range(${Number(customers)}) r(i), range(3) q(k)`,
    p,
  );
  await store.run(`INSERT INTO cart_items SELECT cart_id, 'p' || (hash(cart_id) % 200), 1, 40 FROM carts`);
  await store.run(
    `INSERT INTO wishlist_items SELECT 'c' || lpad(i::VARCHAR, 7, '0'), 'p' || (hash(i, 'w') % 200), ${t(`(400 * ${u('i', "'wt'")})`)},
       CASE WHEN ${u('i', "'wr'")} < 0.3 THEN ${t(`(100 * ${u('i', "'wt2'")})`)} END
     FROM range(${Number(customers)}) r(i) WHERE ${u('i', "'w'")} < 0.4`,
    p,
  );
  await store.run(
    `INSERT INTO reviews SELECT 'r' || i, 'c' || lpad(i::VARCHAR, 7, '0'), 'p' || (hash(i, 'rp') % 200), 1 + (hash(i, 'rr') % 5)::INT,
       ${t(`(700 * ${u('i', "'rt'")})`)} FROM range(${Number(customers)}) r(i) WHERE ${u('i', "'rv'")} < 0.2`,
    p,
  );
  await store.run(`INSERT INTO content_items SELECT 'k-' || i, 'Story ' || i, ['guide','story','lookbook','how_to'][1 + (i % 4)::INT], NULL
     FROM range(20) r(i)`);
  await store.run(
    `INSERT INTO content_interactions SELECT 'c' || lpad(i::VARCHAR, 7, '0'), 'k-' || (hash(i, k) % 20), ${t(`(700 * ${u('i', 'k', "'ci'")})`)}, 'read'
     FROM range(${Number(customers)}) r(i), range(2) q(k) WHERE ${u('i', 'k', "'cx'")} < 0.3`,
    p,
  );
  await store.run(
    `INSERT INTO campaigns SELECT 'k' || j, 'Campaign ' || j, 'conversion', 'email', ${t(`(700 - j * 34)`)}, 14,
       ['discount','free_shipping','control'], 0.2, 'all', j = 19 FROM range(20) r(j)`,
    p,
  );
  await store.run(`INSERT INTO campaign_exposures SELECT c.campaign_id, cu.customer_id,
       ['discount','free_shipping','control'][1 + (hash(cu.customer_id, c.campaign_id, 'arm') % 3)::INT], 1.0 / 3, c.started_at
     FROM customers cu, campaigns c WHERE hash(cu.customer_id, c.campaign_id) % 4 = 0`);
  await store.run(`INSERT INTO email_events SELECT x.campaign_id, x.customer_id, e.event_type, x.sent_at + to_seconds(e.lag)
     FROM campaign_exposures x, (VALUES ('delivered', 60), ('opened', 3600), ('clicked', 3700)) e(event_type, lag)
     WHERE x.arm <> 'control' AND (e.event_type = 'delivered'
       OR (e.event_type = 'opened' AND hash(x.customer_id, x.campaign_id, 'o') % 10 < 3)
       OR (e.event_type = 'clicked' AND hash(x.customer_id, x.campaign_id, 'o') % 10 < 1))`);
}
