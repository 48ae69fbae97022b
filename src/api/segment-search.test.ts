import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from './test-server.ts';

/**
 * `search` on GET /segments/{id}/customers: the workspace's customer list finds a member by a
 * fragment of their customer id or their e-mail domain, paged with cursors like any listing.
 */
let t: TestServer;
let segmentId: string;

interface Page {
  total: number;
  next_cursor: string | null;
  customer_profiles: { customer_id: string }[];
  detail?: string;
}

async function get(path: string): Promise<{ status: number; json: Page }> {
  const res = await fetch(`${t.url}${path}`, { headers: { authorization: `Bearer ${t.keys.reader}` } });
  return { status: res.status, json: (await res.json()) as Page };
}

async function members(
  search: string,
  limit = 1000,
): Promise<{ ids: string[]; total: number; pages: number }> {
  const ids: string[] = [];
  let cursor: string | null = null;
  let total = -1;
  let pages = 0;
  do {
    const qs = `limit=${limit}&fields=customer_id,email_address&search=${encodeURIComponent(search)}${cursor ? `&cursor=${cursor}` : ''}`;
    const page = await get(`/api/v1/segments/${segmentId}/customers?${qs}`);
    expect(page.status).toBe(200);
    total = page.json.total;
    ids.push(...page.json.customer_profiles.map((p) => p.customer_id));
    cursor = page.json.next_cursor;
    pages++;
  } while (cursor);
  return { ids, total, pages };
}

beforeAll(async () => {
  t = await startTestServer(600);
  // A few customers on other e-mail domains (one whose name contains "%", to check it is literal).
  await t.server.db.writer.run(
    `UPDATE customers SET email_address = 'x' || customer_id || '@shop-north.co.uk' WHERE customer_id LIKE '%1'`,
  );
  await t.server.db.writer.run(
    `UPDATE customers SET email_address = 'y@odd%domain.com' WHERE customer_id = 'c0000002'`,
  );
  const res = await fetch(`${t.url}/api/v1/segments?wait=true`, {
    method: 'POST',
    headers: { authorization: `Bearer ${t.keys.admin}`, 'content-type': 'application/json' },
    body: JSON.stringify({
      name: 'search',
      criteria: { field: 'clv_score', op: '>=', value: 0 },
      trigger: 'discount',
      holdout_share: 0,
    }),
  });
  expect(res.status).toBe(201);
  segmentId = ((await res.json()) as { segment_id: string }).segment_id;
}, 120_000);
afterAll(async () => t?.close());

describe('searching a segment customers', () => {
  it('finds members by e-mail domain, with or without the @, case-insensitively, in rank order', async () => {
    const all = await t.server.db.reader.query<{ customer_id: string }>(
      `SELECT m.customer_id FROM segment_members m JOIN segment_state s ON s.snapshot_id = m.snapshot_id
       WHERE s.segment_id = $1 AND m.customer_id LIKE '%1' ORDER BY m.arank`,
      [segmentId],
    );
    expect(all.length).toBeGreaterThan(30);
    const domain = await members('@Shop-North.co.uk');
    expect(domain.ids).toEqual(all.map((r) => r.customer_id));
    expect(domain.total).toBe(all.length);
    expect((await members('shop-north')).ids).toEqual(domain.ids);
    // Paged with cursors: every match once, in the same order.
    const paged = await members('north', 7);
    expect(paged.pages).toBeGreaterThan(1);
    expect(paged.ids).toEqual(domain.ids);
  });

  it('finds a member by a fragment of the customer id, and takes % and _ literally', async () => {
    const one = await members('c0000123');
    expect(one.ids).toEqual(['c0000123']);
    expect(one.total).toBe(1);
    expect((await members('odd%domain')).ids).toEqual(['c0000002']);
    expect((await members('c00001_3')).ids).toEqual([]);
    expect((await members('nobody-here.example')).total).toBe(0);
  });

  it('keeps the search in the cursor: another search with that cursor is refused', async () => {
    const first = await get(`/api/v1/segments/${segmentId}/customers?limit=3&search=north`);
    expect(typeof first.json.next_cursor).toBe('string');
    const other = await get(
      `/api/v1/segments/${segmentId}/customers?limit=3&search=south&cursor=${first.json.next_cursor}`,
    );
    expect(other.status).toBe(400);
    expect(other.json.detail).toMatch(/search/);
    const none = await get(
      `/api/v1/segments/${segmentId}/customers?limit=3&cursor=${first.json.next_cursor}`,
    );
    expect(none.status).toBe(400);
    const tooLong = await get(`/api/v1/segments/${segmentId}/customers?search=${'a'.repeat(201)}`);
    expect(tooLong.status).toBe(400);
  });
});
