import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Rng } from '../core/rng.ts';
import type { AnyRoute } from './route-table.ts';
import { startTestServer, type TestServer } from './test-server.ts';

/**
 * Thousands of malformed requests at every route, from a seeded generator: random and boundary
 * values, wrong types, huge and unicode strings, injection attempts in every parameter. The
 * server must never answer 5xx, never hang, stay up, and leave the data as it was.
 */
const REQUESTS = 2500;
const CONCURRENCY = 8;

let t: TestServer;
let baseline: string;

const INJECTIONS = [
  "' OR '1'='1",
  "'; DROP TABLE customers; --",
  '"; DELETE FROM segment_members; --',
  '$1',
  '$$ || $$',
  ') OR (1=1',
  '../../../../etc/passwd',
  '%2e%2e%2f%2e%2e%2f',
  '<script>alert(1)</script>',
  '${jndi:ldap://x/a}',
  '{{7*7}}',
  '__proto__',
  'constructor',
  'prototype',
  '\u0000',
  '\ud800',
  '🚀💥',
  'ﷺ‮test',
  'NaN',
  '-0',
  '1e309',
  'null',
  'true',
  '[]',
  '{}',
];

function randomString(rng: Rng): string {
  switch (rng.int(6)) {
    case 0:
      return rng.pick(INJECTIONS);
    case 1:
      return 'x'.repeat(rng.pick([0, 1, 255, 256, 1001, 4001, 70_000]));
    case 2: {
      let s = '';
      const n = rng.int(40);
      for (let i = 0; i < n; i++)
        s += String.fromCodePoint(
          rng.pick([rng.int(0x80), 0x7ff + rng.int(0x800), 0x1f600 + rng.int(50), 0xfeff]),
        );
      return s;
    }
    case 3:
      return `seg_${rng.pick(['', 'a', 'zz9', 'x'.repeat(41), 'ABC', '_-'])}`;
    case 4:
      return String(rng.pick([-1, 0, 1, 99, 100, 1000, 1001, 2 ** 31, 2 ** 53 + 1, -1e308, 1.5]));
    default:
      return rng.pick([
        'treatment',
        'holdout',
        'all',
        'discount',
        'control',
        'customer_id',
        'email_address,first_name',
        'csv',
        'ndjson',
      ]);
  }
}

function randomJson(rng: Rng, depth = 0): unknown {
  const k = rng.int(depth > 3 ? 5 : 8);
  switch (k) {
    case 0:
      return randomString(rng);
    case 1:
      return rng.pick([0, -1, 1.5, 1e308, -1e-308, 2 ** 53 + 1, true, false, null]);
    case 2:
      return [];
    case 3:
      return {};
    case 4:
      return rng.pick(['clv_score', 'all', 'any', 'not', 'between', 'in', 'contains', 'viewed_product']);
    case 5: {
      const a: unknown[] = [];
      const n = rng.int(5);
      for (let i = 0; i < n; i++) a.push(randomJson(rng, depth + 1));
      return a;
    }
    default: {
      const o: Record<string, unknown> = {};
      const keys = [
        'criteria',
        'coo',
        'brief',
        'name',
        'trigger',
        'field',
        'op',
        'value',
        'all',
        'any',
        'not',
        'event',
        'where',
        'within_days',
        'min_count',
        'holdout_share',
        'channel',
        'sample_size',
        'exclude_triggers',
        'refresh_schedule',
        '__proto__',
        'constructor',
        randomString(rng).slice(0, 50),
      ];
      const n = 1 + rng.int(4);
      for (let i = 0; i < n; i++) o[rng.pick(keys)] = randomJson(rng, depth + 1);
      return o;
    }
  }
}

/** Mutations of a valid body, so that validation is probed past the first check. */
function mutatedBody(rng: Rng): unknown {
  const base: Record<string, unknown> = {
    criteria: {
      all: [
        { field: 'clv_score', op: '>=', value: 0.5 },
        { event: 'viewed_product', where: { tag: 'limited_edition' }, within_days: 14 },
      ],
    },
    trigger: 'free_shipping',
  };
  const path = rng.pick([
    'criteria',
    'trigger',
    'criteria.all',
    'criteria.all.0.value',
    'criteria.all.0.field',
    'criteria.all.0.op',
    'criteria.all.1.within_days',
    'criteria.all.1.where.tag',
    'holdout_share',
    'name',
  ]);
  const parts = path.split('.');
  let o: Record<string, unknown> = base;
  for (const p of parts.slice(0, -1)) o = o[p] as Record<string, unknown>;
  o[parts[parts.length - 1]!] = randomJson(rng);
  return base;
}

function enc(s: string): string {
  try {
    return encodeURIComponent(s);
  } catch {
    return '%ED%A0%80'; // a lone surrogate, as raw bytes
  }
}

function buildRequest(
  rng: Rng,
  route: AnyRoute,
  keys: TestServer['keys'],
): { method: string; url: string; headers: Record<string, string>; body?: string } {
  const mutating = route.method !== 'GET';
  let url = route.url.replace(/:([a-z_]+)/g, () => {
    const useBaseline = !mutating && rng.bernoulli(0.5);
    return useBaseline ? baseline : enc(randomString(rng).slice(0, rng.pick([20, 600])));
  });
  const queryKeys = [
    'limit',
    'cursor',
    'fields',
    'trigger',
    'assignment',
    'format',
    'wait',
    randomString(rng).slice(0, 20),
  ];
  const params: string[] = [];
  const n = rng.int(4);
  for (let i = 0; i < n; i++) {
    const key = rng.pick(queryKeys);
    // Never wait on creation in the fuzz run: the point is the validation, not the snapshots.
    if (key === 'wait') continue;
    const value =
      key === 'cursor' && rng.bernoulli(0.5)
        ? Buffer.from(JSON.stringify(randomJson(rng))).toString('base64url')
        : randomString(rng);
    params.push(`${enc(key)}=${enc(value)}`);
  }
  if (params.length) url += `?${params.join('&')}`;
  const headers: Record<string, string> = {};
  const auth = rng.int(10);
  if (auth < 7) headers.authorization = `Bearer ${keys.admin}`;
  else if (auth === 7)
    headers.authorization = `Bearer ${randomString(rng)
      .replace(/[^\x20-\x7e]/g, '')
      .slice(0, 300)}`;
  else if (auth === 8) headers.authorization = 'Basic Zm9vOmJhcg==';
  let body: string | undefined;
  if (route.method === 'POST') {
    const kind = rng.int(6);
    if (kind === 0) body = '{"criteria": ';
    else if (kind === 1) body = JSON.stringify(randomJson(rng));
    else if (kind === 2) body = `{"brief": "${'a'.repeat(rng.pick([10, 3000, 1_100_000]))}"}`;
    else if (kind === 3) {
      // Deep nesting, built as text (the test's own JSON.stringify would overflow first).
      const depth = rng.pick([50, 5000, 100_000]);
      body = `{"criteria": ${'{"not": '.repeat(depth)}{"field": "clv_score", "op": ">", "value": 0}${'}'.repeat(depth)}}`;
    } else body = JSON.stringify(mutatedBody(rng));
    headers['content-type'] = rng.bernoulli(0.9)
      ? 'application/json'
      : rng.pick([
          'text/plain',
          'application/x-www-form-urlencoded',
          'application/json; charset=latin1',
          'multipart/form-data',
        ]);
  }
  return { method: route.method, url, headers, body };
}

async function fingerprint(): Promise<unknown> {
  return t.server.db.reader.query(
    `SELECT (SELECT count(*) FROM customers) AS customers,
       (SELECT sum(hash(customer_id, uplift_score_for_discount)) FROM customer_scores) AS scores,
       (SELECT count(*) FROM api_keys WHERE revoked_at IS NULL) AS keys,
       (SELECT sum(hash(m.customer_id, m.rank, m.profile_json)) FROM segment_members m JOIN segment_state s ON s.snapshot_id = m.snapshot_id WHERE s.segment_id = $1) AS members,
       (SELECT hash(criteria, name, trigger) FROM segments WHERE segment_id = $1) AS definition`,
    [baseline],
  );
}

beforeAll(async () => {
  t = await startTestServer(1500);
  const res = await fetch(`${t.url}/api/v1/segments?wait=true`, {
    method: 'POST',
    headers: { authorization: `Bearer ${t.keys.admin}`, 'content-type': 'application/json' },
    body: JSON.stringify({ criteria: { field: 'clv_score', op: '>=', value: 0.2 }, trigger: 'discount' }),
  });
  baseline = ((await res.json()) as { segment_id: string }).segment_id;
});
afterAll(async () => t?.close());

describe('fuzz', () => {
  it(`survives ${REQUESTS} malformed requests on 127.0.0.1: no 5xx, no hang, data unchanged`, async () => {
    const before = await fingerprint();
    const rng = new Rng('api-fuzz');
    const routes = t.server.routes;
    const failures: string[] = [];
    const statuses = new Map<number, number>();
    let next = 0;
    const started = Date.now();
    async function worker(): Promise<void> {
      while (next < REQUESTS) {
        next++;
        const route = routes[rng.int(routes.length)]!;
        const req = buildRequest(rng, route, t.keys);
        try {
          const res = await fetch(`${t.url}${req.url}`, {
            method: req.method,
            headers: req.headers,
            body: req.body,
            signal: AbortSignal.timeout(15_000),
          });
          await res.arrayBuffer();
          statuses.set(res.status, (statuses.get(res.status) ?? 0) + 1);
          // 503 is the documented answer of the planning routes until a model is trained.
          const documented503 = res.status === 503 && /\/api\/v1\/(plans|interpret)/.test(req.url);
          if (res.status >= 500 && !documented503)
            failures.push(
              `${res.status} ${req.method} ${req.url.slice(0, 200)} ${String(req.body).slice(0, 200)}`,
            );
        } catch (e) {
          const name = (e as Error).name;
          if (name === 'TimeoutError') failures.push(`hang: ${req.method} ${req.url.slice(0, 200)}`);
          // fetch itself refuses some requests before sending (invalid header bytes): not the server's doing.
          else if (!/TypeError/.test(name)) failures.push(`${name} ${req.method} ${req.url.slice(0, 120)}`);
        }
      }
    }
    await Promise.all(Array.from({ length: CONCURRENCY }, worker));
    expect(failures.slice(0, 10)).toEqual([]);
    expect([...statuses.values()].reduce((a, b) => a + b, 0)).toBeGreaterThan(REQUESTS * 0.9);
    expect(statuses.get(400) ?? 0).toBeGreaterThan(REQUESTS / 4);
    expect(Date.now() - started).toBeLessThan(240_000);
    const health = await fetch(`${t.url}/api/v1/health`);
    expect(health.status).toBe(200);
    expect(await fingerprint()).toEqual(before);
  }, 300_000);
});
