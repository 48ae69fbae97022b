import { TRIGGER_IDS, upliftField } from '../contracts/triggers.ts';
import { refreshProfiles } from '../features/profile.ts';
import type { Store } from '../store/store.ts';

/**
 * Test fixtures: customers, a few events and stored model scores made with plain SQL inserts, so
 * segment tests exercise the real profile view and snapshot code. Values are derived from a hash
 * of the customer id, so every run sees the same data.
 */
const h = (salt: string) =>
  `(CAST(('0x' || substr(md5(customer_id || '${salt}'), 1, 8)) AS UBIGINT) / 4294967296.0)`;

/** `n` synthetic customers with one order each for a third of them, then the profile refresh. */
export async function seedCustomers(store: Store, n: number): Promise<void> {
  await store.run(`INSERT OR REPLACE INTO meta VALUES ('as_of', '2025-06-30 00:00:00')`);
  await store.run(
    `INSERT INTO customers
     SELECT 'c' || lpad(CAST(i AS VARCHAR), 7, '0') AS customer_id, 'Name' || i, 'person' || i || '@example.com',
       'City' || (i % 50), CASE i % 3 WHEN 0 THEN 'USA' WHEN 1 THEN 'Canada' ELSE 'France' END,
       'organic', TIMESTAMP '2024-01-01' + to_days(CAST(i % 300 AS INTEGER)), i % 10 <> 0, i % 2 = 0
     FROM range(1, $1 + 1) t(i)`,
    [n],
  );
  await store.run(
    `INSERT INTO products VALUES ('p1', 'Boot', 'shoes', 100, 40, 5, ['limited_edition'], NULL)`,
  );
  await store.run(
    `INSERT INTO orders SELECT 'o' || customer_id, customer_id, TIMESTAMP '2025-05-01' + to_days(CAST(${h('d')} * 50 AS INTEGER)),
       80, 0, 5, 85, NULL, 'completed' FROM customers WHERE ${h('o')} < 0.33`,
  );
  await store.run(`INSERT INTO order_items SELECT order_id, 1, 'p1', 1, 80, false FROM orders`);
  await refreshProfiles(store);
}

/** An active uplift model version with scores for every customer. */
export async function seedScores(store: Store, modelVersion = 'mv_test_1', salt = ''): Promise<void> {
  await store.run(`UPDATE model_versions SET is_active = false`);
  await store.run(
    `INSERT INTO model_versions VALUES ($1, TIMESTAMP '2025-07-01' + to_days(CAST((SELECT count(*) FROM model_versions) AS INTEGER)), 'uplift', 'conversion', 'test', 'fp', '{"qini": 0.1}', '{}', true)`,
    [modelVersion],
  );
  const uplifts = TRIGGER_IDS.map((t) => `${h(t + salt)} * 0.1 - 0.02 AS ${upliftField(t)}`).join(', ');
  const best = `CASE ${TRIGGER_IDS.map((t) => `WHEN greatest(${TRIGGER_IDS.map(upliftField).join(', ')}) = ${upliftField(t)} THEN '${t}'`).join(' ')} END`;
  await store.run(
    `INSERT INTO customer_scores
     SELECT $1, customer_id, baseline, ${TRIGGER_IDS.map(upliftField).join(', ')},
       CASE WHEN greatest(${TRIGGER_IDS.map(upliftField).join(', ')}) <= 0 THEN 'control' ELSE ${best} END,
       greatest(${TRIGGER_IDS.map(upliftField).join(', ')}, 0),
       greatest(${TRIGGER_IDS.map(upliftField).join(', ')}, 0) * 40 - 0.5
     FROM (SELECT customer_id, ${h('b' + salt)} * 0.2 AS baseline, ${uplifts} FROM customers)`,
    [modelVersion],
  );
  await store.run(
    `INSERT INTO customer_derived_scores
     SELECT $1, customer_id, ${h('clv' + salt)}, ${h('churn' + salt)}, ${h('ds')}, ${h('fs')}, ${h('sp')}, ${h('ce')},
       ${h('ex')} < 0.2, 'shoes' FROM customers`,
    [modelVersion],
  );
}
