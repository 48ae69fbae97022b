import {
  existsSync,
  mkdtempSync,
  readdirSync,
  readlinkSync,
  renameSync,
  rmSync,
  truncateSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SegmentCustomersQuery, SegmentExportQuery } from '../contracts/api.ts';
import type { DuckDbStore } from '../store/duckdb-store.ts';
import { openStore } from '../store/open.ts';
import type { Store } from '../store/store.ts';
import { exportMembers, readCustomersPage, SegmentHeadCache } from './members-read.ts';
import { computeSegment, createSegment, deleteSegment } from './segment-service.ts';
import { SnapshotPageCache, SnapshotPages } from './snapshot-pages.ts';
import { seedCustomers, seedScores } from './test-fixtures.ts';

let store: DuckDbStore;
/** The pages' own connection, as the server gives them (DuckDB runs one query at a time per connection). */
let pagesReader: Store;
let dir: string;
let mixed: { segment_id: string; snapshot_id: string };
let single: { segment_id: string; snapshot_id: string };

beforeAll(async () => {
  store = await openStore(':memory:');
  pagesReader = await store.fork();
  dir = mkdtempSync(join(tmpdir(), 'aether-pages-test-'));
  await seedCustomers(store, 3000);
  await seedScores(store);
  const make = async (input: Parameters<typeof createSegment>[1]) => {
    const seg = await computeSegment(store, (await createSegment(store, input)).segment_id);
    return { segment_id: seg.segment_id, snapshot_id: seg.snapshot_id! };
  };
  mixed = await make({ criteria: { all: [] }, holdout_share: 0.1, include_not_opted_in: true });
  single = await make({
    criteria: { field: 'clv_score', op: '>=', value: 0.3 },
    trigger: 'free_shipping',
    holdout_share: 0.2,
  });
});

afterAll(async () => {
  await pagesReader?.close();
  await store?.close();
  rmSync(dir, { recursive: true, force: true });
});

/** Every page of a query, following next_cursor, as the raw bodies. */
async function walk(segmentId: string, query: Record<string, string>, pages: SnapshotPageCache | null) {
  const bodies: string[] = [];
  let cursor: string | undefined;
  const heads = new SegmentHeadCache();
  do {
    const q = SegmentCustomersQuery.parse({ ...query, ...(cursor ? { cursor } : {}) });
    const body = String(await readCustomersPage(store, segmentId, q, new Date(), heads, pages));
    bodies.push(body);
    cursor = JSON.parse(body).next_cursor ?? undefined;
  } while (cursor && bodies.length < 200);
  return bodies;
}

async function exported(segmentId: string, query: Record<string, string>, pages: SnapshotPageCache | null) {
  const { stream } = await exportMembers(
    store,
    segmentId,
    SegmentExportQuery.parse(query),
    new Date(),
    pages,
  );
  const chunks: Buffer[] = [];
  for await (const c of stream) chunks.push(Buffer.from(c));
  return Buffer.concat(chunks).toString('utf8');
}

describe('snapshot page files', () => {
  it('serve exactly the bytes the database path serves, for every filter, field set and page size', async () => {
    const cache = new SnapshotPageCache(dir, store);
    expect(await cache.ensure(mixed.snapshot_id)).not.toBeNull();
    expect(await cache.ensure(single.snapshot_id)).not.toBeNull();
    const triggers = (
      await store.query<{ t: string }>(
        'SELECT DISTINCT trigger AS t FROM segment_members WHERE snapshot_id = $1 ORDER BY 1',
        [mixed.snapshot_id],
      )
    ).map((r) => r.t);
    expect(triggers.length).toBeGreaterThan(1);
    const queries: Record<string, string>[] = [];
    for (const assignment of ['all', 'treatment', 'holdout'])
      for (const trigger of [undefined, triggers[0], triggers[1], 'discount_absent_trigger'.slice(0, 8)])
        for (const [limit, fields] of [
          ['97', undefined],
          ['1000', 'customer_id,email_address,recommended_trigger'],
          ['333', 'segment_rank,transaction_history,assignment'],
        ] as const) {
          const q: Record<string, string> = { assignment, limit };
          if (trigger) q.trigger = trigger;
          if (fields) q.fields = fields;
          queries.push(q);
        }
    let compared = 0;
    for (const seg of [mixed, single]) {
      for (const q of queries) {
        const fromDb = await walk(seg.segment_id, q, null);
        const fromFiles = await walk(seg.segment_id, q, cache);
        expect(fromFiles, JSON.stringify(q)).toEqual(fromDb);
        compared += fromDb.length;
      }
      const exports: Record<string, string>[] = [
        { format: 'ndjson', assignment: 'treatment' },
        { format: 'ndjson', assignment: 'all', fields: 'customer_id,clv_score,viewed_product_pages' },
        { format: 'csv', assignment: 'holdout' },
        { format: 'csv', assignment: 'all', trigger: triggers[0]!, fields: 'customer_id,segment_rank' },
      ];
      for (const q of exports) {
        expect(await exported(seg.segment_id, q, cache), JSON.stringify(q)).toBe(
          await exported(seg.segment_id, q, null),
        );
      }
    }
    // Enough pages that the comparison covers real paging, not one page per query.
    expect(compared).toBeGreaterThan(200);
    const sample = JSON.parse(
      String(
        await readCustomersPage(
          store,
          mixed.segment_id,
          SegmentCustomersQuery.parse({ assignment: 'all', limit: '5' }),
          new Date(),
          new SegmentHeadCache(),
          cache,
        ),
      ),
    );
    expect(sample.customer_profiles).toHaveLength(5);
    expect(sample.customer_profiles.map((p: { segment_rank: number }) => p.segment_rank)).toEqual([
      1, 2, 3, 4, 5,
    ]);
    await cache.close();
  });

  it('open once under concurrent first requests, and keep serving a reader the cache has evicted', async () => {
    await new SnapshotPageCache(dir, store).ensure(mixed.snapshot_id);
    await new SnapshotPageCache(dir, store).ensure(single.snapshot_id);
    const cache = new SnapshotPageCache(dir, store, () => {}, 1);
    const all = await Promise.all(Array.from({ length: 20 }, () => cache.get(mixed.snapshot_id)));
    expect(all[0]).not.toBeNull();
    expect(all.every((p) => p === all[0])).toBe(true);
    const held = all[0]!;
    // Opening another snapshot evicts the first (at most one open); its holder still reads pages.
    expect(await cache.get(single.snapshot_id)).not.toBeNull();
    const view = held.view('all', null);
    const page = await held.page(view, 0, 10, ['customer_id', 'segment_rank']);
    expect(page.rows).toBe(10);
    const body = JSON.parse(`[${Buffer.concat(page.parts).toString('utf8')}]`);
    expect(body.map((r: { segment_rank: number }) => r.segment_rank)).toEqual([
      1, 2, 3, 4, 5, 6, 7, 8, 9, 10,
    ]);
    await cache.close();
  });

  it('close() waits for what is in flight and starts nothing after it (the reader may be closed next)', async () => {
    const fresh = mkdtempSync(join(tmpdir(), 'aether-pages-close-'));
    let calls = 0;
    let inFlight = 0;
    const counting = {
      query: async <T extends Record<string, unknown>>(sql: string, params?: readonly unknown[]) => {
        calls++;
        inFlight++;
        try {
          return await pagesReader.query<T>(sql, params as never);
        } finally {
          inFlight--;
        }
      },
    };
    // A request that finds no files is waiting for the open when the server shuts down: before,
    // it started a build once the open came back, after close() had returned, on a reader that
    // was then closed under the running query.
    const cache = new SnapshotPageCache(fresh, counting);
    const request = cache.get(mixed.snapshot_id);
    await cache.close();
    expect(await request).toBeNull();
    expect(inFlight).toBe(0);
    await new Promise((r) => setTimeout(r, 50));
    expect(await cache.get(mixed.snapshot_id)).toBeNull();
    expect(await cache.ensure(mixed.snapshot_id)).toBeNull();
    expect([calls, inFlight]).toEqual([0, 0]);

    // A build already running when close() is called is waited for, to its last query.
    const other = new SnapshotPageCache(fresh, counting);
    const built = other.ensure(mixed.snapshot_id);
    while (calls === 0) await new Promise((r) => setImmediate(r));
    await other.close();
    expect(inFlight).toBe(0);
    expect(await built).not.toBeNull();
    rmSync(fresh, { recursive: true, force: true });
  });

  it('a reader whose files could not be opened opens them again at its next read, leaking none', async () => {
    await new SnapshotPageCache(dir, store).ensure(mixed.snapshot_id);
    const pages = (await SnapshotPages.open(dir, mixed.snapshot_id))!;
    const spans = join(dir, `${mixed.snapshot_id}.spans`);
    /** Descriptors this process holds on the snapshot's files (Linux). */
    const held = () =>
      existsSync('/proc/self/fd')
        ? readdirSync('/proc/self/fd').filter((fd) => {
            try {
              return readlinkSync(`/proc/self/fd/${fd}`).includes(mixed.snapshot_id);
            } catch {
              return false;
            }
          }).length
        : 0;
    const before = held();
    const view = pages.view('all', null);
    renameSync(spans, `${spans}.away`);
    try {
      // The data file opens, the span file does not: the read fails, and the data file is closed again.
      await expect(pages.page(view, 0, 5, ['customer_id'])).rejects.toThrow(/ENOENT/);
      expect(held()).toBe(before);
    } finally {
      renameSync(`${spans}.away`, spans);
    }
    const page = await pages.page(view, 0, 5, ['customer_id', 'segment_rank']);
    expect(page.rows).toBe(5);
    await pages.close();
    expect(held()).toBe(before);
  });

  it('are refused when damaged (the database serves instead) and swept when their snapshot is gone', async () => {
    const cache = new SnapshotPageCache(dir, store);
    await cache.ensure(single.snapshot_id);
    await cache.close();
    const data = join(dir, `${single.snapshot_id}.ndjson`);
    truncateSync(data, 1000);
    expect(await SnapshotPages.open(dir, single.snapshot_id)).toBeNull();
    writeFileSync(join(dir, `${single.snapshot_id}.idx`), 'garbage');
    expect(await SnapshotPages.open(dir, single.snapshot_id)).toBeNull();
    // A fresh cache finds them unusable and rebuilds them in the background; meanwhile pages come from the database.
    // Its background build runs next to this test's own reads: on a connection of its own, as in the server.
    const again = new SnapshotPageCache(dir, pagesReader);
    const q = SegmentCustomersQuery.parse({ limit: '50' });
    const fromDb = String(await readCustomersPage(store, single.segment_id, q));
    const first = await readCustomersPage(
      store,
      single.segment_id,
      q,
      new Date(),
      new SegmentHeadCache(),
      again,
    );
    expect(String(first)).toBe(fromDb);
    expect(await again.ensure(single.snapshot_id)).not.toBeNull();
    expect(await SnapshotPages.open(dir, single.snapshot_id)).not.toBeNull();

    writeFileSync(join(dir, `${single.snapshot_id}.ndjson.tmp-1-x`), 'left over by a crash');
    writeFileSync(join(dir, 'unrelated.txt'), 'not ours');
    await deleteSegment(store, single.segment_id);
    const live = await store.query<{ id: string }>('SELECT snapshot_id AS id FROM segment_snapshots');
    expect(await again.sweep(new Set(live.map((r) => r.id)))).toBe(4);
    const left = readdirSync(dir).sort();
    expect(left).toContain('unrelated.txt');
    expect(left.some((f) => f.startsWith(single.snapshot_id))).toBe(false);
    expect(left.some((f) => f.startsWith(mixed.snapshot_id))).toBe(true);
    await again.close();
  });
});
