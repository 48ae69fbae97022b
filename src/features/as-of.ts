import type { Store } from '../store/store.ts';

/**
 * The data set's `as_of` time (meta key 'as_of', written by the simulator or an importer). When
 * absent, the latest event time in the store stands in, so "last N days" stays anchored in the
 * data and not in the wall clock. Returns an ISO string, or null for an empty store.
 */
export async function datasetAsOf(store: Store): Promise<string | null> {
  const meta = await store.query<{ value: string }>("SELECT value FROM meta WHERE key = 'as_of'");
  if (meta[0]?.value) {
    const rows = await store.query<{ t: string | null }>('SELECT $1::TIMESTAMP AS t', [meta[0].value]);
    return rows[0]?.t ?? null;
  }
  const rows = await store.query<{ t: string | null }>(`SELECT greatest(
      (SELECT max(creation_date) FROM customers), (SELECT max(ordered_at) FROM orders),
      (SELECT max(started_at) FROM sessions), (SELECT max(viewed_at) FROM page_views),
      (SELECT max(coalesce(abandoned_at, created_at)) FROM carts), (SELECT max(added_at) FROM wishlist_items),
      (SELECT max(written_at) FROM reviews), (SELECT max(interacted_at) FROM content_interactions),
      (SELECT max(sent_at) FROM campaign_exposures), (SELECT max(occurred_at) FROM email_events)) AS t`);
  return rows[0]?.t ?? null;
}
