import { describe, expect, it } from 'vitest';
import { SegmentCustomersQuery } from '../contracts/api.ts';
import { seedWorld } from '../features/fixture-world.ts';
import { getProfile, refreshProfiles } from '../features/profile.ts';
import { openStore } from '../store/open.ts';
import { holdoutBucket } from './holdout.ts';
import { exportMembers, readCustomersPage } from './members-read.ts';
import {
  computeSegment,
  createSegment,
  deleteSegment,
  dueSegments,
  getSegment,
  listSegments,
  previewSegment,
  purgeExpiredSnapshots,
} from './segment-service.ts';
import { seedCustomers, seedScores } from './test-fixtures.ts';

const q = (x: Record<string, unknown> = {}) => SegmentCustomersQuery.parse(x);

describe('segments', () => {
  it('snapshots full profiles identical to getProfile, with the segment trigger, holdout and rank', async () => {
    const store = await openStore(':memory:');
    await seedWorld(store);
    await refreshProfiles(store);
    await seedScores(store);
    const seg = await createSegment(store, {
      criteria: { field: 'lifetime_value', op: '>=', value: 0 },
      trigger: 'free_shipping',
      holdout_share: 0,
      include_not_opted_in: true,
    });
    expect(seg.status).toBe('computing');
    const ready = await computeSegment(store, seg.segment_id);
    expect(ready.status).toBe('ready');
    expect(ready.size).toBe(3);
    const page = JSON.parse(String(await readCustomersPage(store, seg.segment_id, q())));
    expect(page.customer_profiles).toHaveLength(3);
    for (const p of page.customer_profiles) {
      const expected = await getProfile(store, p.customer_id);
      const { recommended_trigger, expected_incremental_profit, assignment, segment_rank, ...rest } = p;
      const { recommended_trigger: _r, expected_incremental_profit: _e, ...want } = expected;
      expect(rest).toEqual(want);
      expect(recommended_trigger).toBe('free_shipping');
      expect(assignment).toBe('treatment');
      expect(segment_rank).toBeGreaterThan(0);
      if (expected.recommended_trigger === 'free_shipping')
        expect(expected_incremental_profit).toBe(expected.expected_incremental_profit);
    }
    expect(page.customer_profiles.map((p: { segment_rank: number }) => p.segment_rank)).toEqual([1, 2, 3]);
    await store.close();
  });

  it('leaves out customers not opted in to the channel unless asked, and holds out deterministically', async () => {
    const store = await openStore(':memory:');
    await seedCustomers(store, 2000);
    await seedScores(store);
    const a = await computeSegment(
      store,
      (await createSegment(store, { criteria: { all: [] }, holdout_share: 0.2 })).segment_id,
    );
    // 1 in 10 synthetic customers has not opted in to email; a mixed segment also leaves out "control".
    const optedIn = await store.query<{ n: number }>(
      "SELECT count(*) AS n FROM customer_profiles WHERE email_opt_in AND recommended_trigger <> 'control'",
    );
    expect(a.size).toBe(optedIn[0]!.n);
    expect(a.trigger_mix).not.toBeNull();
    const members = await store.query<{ customer_id: string; assignment: string }>(
      'SELECT customer_id, assignment FROM segment_members WHERE snapshot_id = $1',
      [a.snapshot_id],
    );
    for (const m of members)
      expect(m.assignment).toBe(holdoutBucket(a.segment_id, m.customer_id) < 0.2 ? 'holdout' : 'treatment');
    expect(a.holdout_size! / a.size!).toBeGreaterThan(0.15);
    expect(a.holdout_size! / a.size!).toBeLessThan(0.25);
    // The same customers stay held out after a refresh.
    const b = await computeSegment(store, a.segment_id);
    const again = await store.query<{ customer_id: string; assignment: string }>(
      'SELECT customer_id, assignment FROM segment_members WHERE snapshot_id = $1 ORDER BY customer_id',
      [b.snapshot_id],
    );
    expect(again).toEqual([...members].sort((x, y) => x.customer_id.localeCompare(y.customer_id)));
    const all = await computeSegment(
      store,
      (await createSegment(store, { criteria: { all: [] }, include_not_opted_in: true, holdout_share: 0 }))
        .segment_id,
    );
    expect(all.holdout_size).toBe(0);
    expect(all.size).toBeGreaterThan(a.size!);
    const preview = await previewSegment(store, {
      criteria: { all: [] },
      holdout_share: 0.2,
      sample_size: 5,
    });
    expect(preview.size).toBe(a.size);
    expect(preview.sample).toHaveLength(5);
    expect((await listSegments(store)).length).toBe(2);
    await store.close();
  });

  it('pages through every member exactly once, even when a refresh happens mid-way', async () => {
    const store = await openStore(':memory:');
    await seedCustomers(store, 3000);
    await seedScores(store);
    const seg = await computeSegment(
      store,
      (
        await createSegment(store, {
          criteria: { field: 'location_country', op: 'in', value: ['USA', 'Canada'] },
          trigger: 'discount',
        })
      ).segment_id,
    );
    const expected = await store.query<{ customer_id: string }>(
      "SELECT customer_id FROM segment_members WHERE snapshot_id = $1 AND assignment = 'treatment' ORDER BY rank",
      [seg.snapshot_id],
    );
    const seen: string[] = [];
    let cursor: string | undefined;
    let pages = 0;
    do {
      const page = JSON.parse(
        String(
          await readCustomersPage(
            store,
            seg.segment_id,
            q({ limit: '97', cursor, fields: 'customer_id,segment_rank' }),
          ),
        ),
      );
      expect(Object.keys(page.customer_profiles[0] ?? { customer_id: 1, segment_rank: 1 })).toEqual([
        'customer_id',
        'segment_rank',
      ]);
      seen.push(...page.customer_profiles.map((p: { customer_id: string }) => p.customer_id));
      cursor = page.next_cursor ?? undefined;
      if (++pages === 3) {
        // New data and a new model: the refresh builds a different snapshot.
        await seedScores(store, 'mv_test_2', 'x');
        const refreshed = await computeSegment(store, seg.segment_id);
        expect(refreshed.snapshot_id).not.toBe(seg.snapshot_id);
      }
    } while (cursor);
    expect(seen).toEqual(expected.map((r) => r.customer_id));
    // Holdout only, and a trigger filter, page the same way.
    const holdout = JSON.parse(
      String(await readCustomersPage(store, seg.segment_id, q({ assignment: 'holdout', limit: '1000' }))),
    );
    expect(holdout.customer_profiles.every((p: { assignment: string }) => p.assignment === 'holdout')).toBe(
      true,
    );
    expect(holdout.total).toBe(holdout.customer_profiles.length);
    // Cursors of a superseded snapshot expire; then the API says so.
    const old = JSON.parse(String(await readCustomersPage(store, seg.segment_id, q({ limit: '10' }))));
    await computeSegment(store, seg.segment_id);
    expect(await purgeExpiredSnapshots(store, new Date(Date.now() + 2 * 86400_000))).toBeGreaterThan(0);
    await expect(
      readCustomersPage(store, seg.segment_id, q({ limit: '10', cursor: old.next_cursor })),
    ).rejects.toMatchObject({ status: 410 });
    await store.close();
  });

  it('schedules refreshes: a due segment is listed, and computing it sets the next time', async () => {
    const store = await openStore(':memory:');
    await seedCustomers(store, 200);
    await seedScores(store);
    const t0 = new Date('2026-01-01T00:00:00Z');
    const seg = await createSegment(
      store,
      { criteria: { all: [] }, refresh_schedule: 'daily' },
      { now: () => t0 },
    );
    const first = await computeSegment(store, seg.segment_id, { now: () => t0 });
    expect(first.next_refresh_at).toBe('2026-01-02T00:00:00Z');
    expect(await dueSegments(store, new Date('2026-01-01T23:59:00Z'))).toEqual([]);
    expect(await dueSegments(store, new Date('2026-01-02T00:00:01Z'))).toEqual([seg.segment_id]);
    const second = await computeSegment(store, seg.segment_id, {
      now: () => new Date('2026-01-02T00:00:01Z'),
    });
    expect(second.snapshot_id).not.toBe(first.snapshot_id);
    expect(await dueSegments(store, new Date('2026-01-02T12:00:00Z'))).toEqual([]);
    await store.close();
  });

  it('exports NDJSON and CSV, and deletes', async () => {
    const store = await openStore(':memory:');
    await seedCustomers(store, 500);
    await seedScores(store);
    const seg = await computeSegment(
      store,
      (await createSegment(store, { criteria: { all: [] }, trigger: 'social_proof', holdout_share: 0 }))
        .segment_id,
    );
    const read = async (format: 'ndjson' | 'csv', fields?: string) => {
      const { stream } = await exportMembers(store, seg.segment_id, {
        format,
        assignment: 'treatment',
        fields,
      });
      let text = '';
      for await (const chunk of stream) text += chunk;
      return text.trimEnd().split('\n');
    };
    const nd = await read('ndjson');
    expect(nd).toHaveLength(seg.size!);
    expect(JSON.parse(nd[0]!).segment_rank).toBe(1);
    const csv = await read('csv', 'customer_id,email_address,recommended_trigger');
    expect(csv[0]).toBe('customer_id,email_address,recommended_trigger');
    expect(csv).toHaveLength(seg.size! + 1);
    expect(csv[1]).toMatch(/^c\d{7},person\d+@example\.com,social_proof$/);
    await deleteSegment(store, seg.segment_id);
    await expect(getSegment(store, seg.segment_id)).rejects.toMatchObject({ status: 404 });
    expect((await store.query('SELECT count(*) AS n FROM segment_members'))[0]).toEqual({ n: 0 });
    await store.close();
  });
});
