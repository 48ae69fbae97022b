import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../api/test-server.ts';
import type { Criteria } from '../contracts/criteria.ts';
import { DuckDbStore } from '../store/duckdb-store.ts';
import { MIGRATIONS, migrate } from '../store/migrate.ts';
import { openStore } from '../store/open.ts';
import { allCustomersBrief } from '../test-support/all-customers-brief.ts';
import { computeSegment, createSegment, getSegment, listSegments } from './segment-service.ts';

/**
 * The planner's reason a segment holds nobody (src/planner/segment-note.ts) is stored with the
 * segment: GET, the list and its customers page say it, not only the response of its creation.
 */
const NOTE =
  'No customer is predicted to be lifted by Urgency Message: it lowers predicted conversion by 3.0 percentage points on average; Free Shipping would lift 120.';
const NOBODY: Criteria = { field: 'lifetime_value', op: '<', value: 0 };

describe("a segment's note", () => {
  let t: TestServer;
  beforeAll(async () => {
    // The plan of a brief whose trigger lifts nobody: rules that hold no one, and the reason.
    t = await startTestServer(200, {
      segmentDeps: { plan: async () => ({ criteria: NOBODY, trigger: 'urgency_message', note: NOTE }) },
    });
  });
  afterAll(async () => t?.close());
  const call = async (method: string, path: string, body?: unknown) => {
    const r = await fetch(`${t.url}${path}`, {
      method,
      headers: {
        authorization: `Bearer ${t.keys.admin}`,
        ...(body ? { 'content-type': 'application/json' } : {}),
      },
      body: body ? JSON.stringify(body) : undefined,
    });
    return { status: r.status, json: await r.json() };
  };

  it('is returned by GET, the list and the customers page, after the creation', async () => {
    const created = await call('POST', '/api/v1/segments?wait=true', {
      coo: allCustomersBrief('urgency_message'),
    });
    expect(created.status).toBe(201);
    expect(created.json.size).toBe(0);
    expect(created.json.note).toBe(NOTE);
    const id = created.json.segment_id as string;
    const one = await call('GET', `/api/v1/segments/${id}`);
    expect(one.json.note).toBe(NOTE);
    const list = await call('GET', '/api/v1/segments');
    expect(list.json.segments.find((s: { segment_id: string }) => s.segment_id === id)?.note).toBe(NOTE);
    const page = await call('GET', `/api/v1/segments/${id}/customers`);
    expect(page.status).toBe(200);
    expect(page.json.total).toBe(0);
    expect(page.json.note).toBe(NOTE);
    // A segment made from criteria has none.
    const plain = await call('POST', '/api/v1/segments?wait=true', { criteria: NOBODY, trigger: 'discount' });
    expect(plain.json.note).toBeUndefined();
    expect((await call('GET', `/api/v1/segments/${plain.json.segment_id}`)).json.note).toBeUndefined();
    // Saved with another trigger than the plan's, the note (about the plan's) is not kept.
    const other = await call('POST', '/api/v1/segments?wait=true', {
      coo: allCustomersBrief('urgency_message'),
      trigger: 'discount',
    });
    expect((await call('GET', `/api/v1/segments/${other.json.segment_id}`)).json.note).toBeUndefined();
  });

  it('is left out once a refresh finds customers in the segment', async () => {
    const store = await openStore(join(t.dir, 'refill.duckdb'));
    try {
      await store.run(`INSERT OR REPLACE INTO meta VALUES ('as_of', '2025-06-30 00:00:00')`);
      await store.run(
        `INSERT INTO customers (customer_id, creation_date, email_opt_in) VALUES ('c1', TIMESTAMP '2024-01-01', true)`,
      );
      const deps = {
        plan: async () => ({ criteria: NOBODY, trigger: 'urgency_message' as const, note: NOTE }),
      };
      const seg = await createSegment(
        store,
        { coo: allCustomersBrief('urgency_message'), holdout_share: 0 },
        deps,
      );
      expect((await computeSegment(store, seg.segment_id)).note).toBe(NOTE);
      // The rules now hold the customer (as a new model's scores could make them).
      await store.run('UPDATE segments SET criteria = $2 WHERE segment_id = $1', [
        seg.segment_id,
        JSON.stringify({ field: 'lifetime_value', op: '>=', value: 0 }),
      ]);
      const refilled = await computeSegment(store, seg.segment_id);
      expect(refilled.size).toBe(1);
      expect(refilled.note).toBeUndefined();
    } finally {
      await store.close();
    }
  });

  it('a segment stored before the note column still loads, without a note', async () => {
    const file = join(t.dir, 'old.duckdb');
    // A database of the version before: its segments table has no note column.
    const old = await DuckDbStore.open(file);
    const before = MIGRATIONS.filter((m) => m.name !== 'segment-note');
    expect(before).toHaveLength(MIGRATIONS.length - 1);
    await migrate(old, before);
    await old.run(
      `INSERT INTO segments VALUES ('seg_old', 'old one', 'criteria', NULL, NULL, $1, 'lifetime_value < 0', 'discount', NULL, '[]', 'email', false, 0.1, NULL, TIMESTAMP '2025-01-01')`,
      [JSON.stringify(NOBODY)],
    );
    await old.run(
      `INSERT INTO segment_state VALUES ('seg_old', 'computing', NULL, NULL, NULL, NULL, TIMESTAMP '2025-01-01')`,
    );
    // Read by this version before its migration ran (a read-only open does not migrate).
    expect((await getSegment(old, 'seg_old')).name).toBe('old one');
    await old.close();
    const store = await openStore(file);
    try {
      const seg = await getSegment(store, 'seg_old');
      expect(seg.name).toBe('old one');
      expect(seg.recommended_trigger).toBe('discount');
      expect(seg.note).toBeUndefined();
      expect((await listSegments(store)).map((s) => s.segment_id)).toEqual(['seg_old']);
    } finally {
      await store.close();
    }
  });
});
