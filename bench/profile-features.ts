/**
 * Profile refresh and point-in-time features at scale, on structureless synthetic events filled
 * by SQL (src/features/synthetic-events.ts), or on an existing database with --db.
 *   npm run bench -- profile-features [--customers N] [--db PATH] [--json]
 * Prints the row counts, the seconds of refreshProfiles, of a criteria-style WHERE over
 * customer_profiles, of getProfile, and of pointInTimeFeatures over every campaign exposure.
 */

import { pointInTimeFeatures } from '../src/features/point-in-time.ts';
import { getProfile, refreshProfiles } from '../src/features/profile.ts';
import { fillSyntheticEvents } from '../src/features/synthetic-events.ts';
import { openStore } from '../src/store/open.ts';

const args = process.argv.slice(2);
const arg = (name: string) => {
  const i = args.indexOf(name);
  return i >= 0 ? args[i + 1] : undefined;
};
const customers = Number(arg('--customers') ?? 100_000);
const db = arg('--db');
const json = args.includes('--json');
const secs = (t0: number) => Math.round((performance.now() - t0) / 10) / 100;
const log = (m: string) => process.stderr.write(`${m}\n`);

const store = await openStore(db ?? ':memory:');
const result: Record<string, unknown> = { customers, source: db ? db : 'synthetic (SQL)' };
let t0 = performance.now();
if (!db) {
  await fillSyntheticEvents(store, customers);
  result.fill_seconds = secs(t0);
  log(`filled in ${result.fill_seconds} s`);
}
const counts: Record<string, number> = {};
for (const t of [
  'customers',
  'orders',
  'order_items',
  'sessions',
  'page_views',
  'carts',
  'campaign_exposures',
  'email_events',
]) {
  counts[t] = (await store.query<{ n: number }>(`SELECT count(*) AS n FROM ${t}`))[0].n;
}
result.rows = counts;
t0 = performance.now();
const refresh = await refreshProfiles(store);
result.refresh_profiles_seconds = secs(t0);
log(`refreshProfiles: ${refresh.customers} customers in ${result.refresh_profiles_seconds} s`);
t0 = performance.now();
const where = await store.query<{ n: number }>(
  'SELECT count(*) AS n FROM customer_profiles WHERE abandoned_cart_value > $1 AND abandoned_cart_age_hours <= $2 AND email_opt_in',
  [0, 48 * 30],
);
result.criteria_query_seconds = secs(t0);
result.criteria_query_matches = where[0].n;
t0 = performance.now();
const first = await store.query<{ customer_id: string }>(
  'SELECT customer_id FROM profile_facts ORDER BY customer_id DESC LIMIT 1',
);
await getProfile(store, first[0].customer_id);
result.get_profile_seconds = secs(t0);
t0 = performance.now();
const frame = await pointInTimeFeatures(store, {
  sql: "SELECT campaign_id || ':' || customer_id AS key, customer_id, sent_at AS as_of FROM campaign_exposures",
});
result.point_in_time_rows = frame.rowCount;
result.point_in_time_features = frame.features.length;
result.point_in_time_seconds = secs(t0);
log(
  `pointInTimeFeatures: ${frame.rowCount} rows x ${frame.features.length} features in ${result.point_in_time_seconds} s`,
);
result.rss_gib = Math.round((process.memoryUsage().rss / 2 ** 30) * 100) / 100;
await store.close();
process.stdout.write(json ? `${JSON.stringify(result, null, 2)}\n` : `${JSON.stringify(result)}\n`);
