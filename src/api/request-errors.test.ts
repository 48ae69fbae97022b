import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SegmentCreate, SegmentCustomersQuery } from '../contracts/api.ts';
import { TRIGGER_IDS } from '../contracts/triggers.ts';
import { startTestServer, type TestServer } from './test-server.ts';

/**
 * The problems a walk-through of the API found unhelpful: a malformed segment id (404, as an
 * unknown one), an unknown query parameter named as itself, a value that is no trigger answered
 * with the catalogue's trigger ids, and a body that is not JSON told to be application/json.
 */
let t: TestServer;

interface Problem {
  type: string;
  title: string;
  status: number;
  detail: string;
  request_id: string;
  invalid_params?: { name: string; reason: string }[];
}

async function call(
  method: string,
  path: string,
  body?: unknown,
  contentType = 'application/json',
): Promise<{ status: number; type: string; json: Problem }> {
  const res = await fetch(`${t.url}${path}`, {
    method,
    headers: {
      authorization: `Bearer ${t.keys.admin}`,
      ...(body === undefined ? {} : { 'content-type': contentType }),
    },
    body: body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body),
  });
  return {
    status: res.status,
    type: res.headers.get('content-type') ?? '',
    json: (await res.json()) as Problem,
  };
}

const TRIGGERS = TRIGGER_IDS.join(', ');

beforeAll(async () => {
  t = await startTestServer(50);
}, 120_000);
afterAll(async () => t?.close());

describe('request errors', () => {
  it('answers a malformed segment id as an unknown one: 404, no segment with that id', async () => {
    for (const [method, path, id] of [
      ['GET', '/api/v1/segments/nope', 'nope'],
      ['GET', '/api/v1/segments/seg_unknown1', 'seg_unknown1'],
      ['GET', '/api/v1/segments/not%20an%20id', 'not an id'],
      ['GET', '/api/v1/segments/SEG_X/customers', 'SEG_X'],
      ['GET', '/api/v1/segments/nope/export', 'nope'],
      ['POST', '/api/v1/segments/nope/refresh', 'nope'],
      ['DELETE', '/api/v1/segments/nope', 'nope'],
    ] as const) {
      const r = await call(method, path);
      expect(r.status, `${method} ${path}`).toBe(404);
      expect(r.type).toMatch(/^application\/problem\+json/);
      expect(r.json).toMatchObject({
        type: '/api/v1/docs#problem-not-found',
        title: 'Not Found',
        status: 404,
        detail: `No segment with id ${JSON.stringify(id)}.`,
      });
    }
  });

  it('names an unknown query parameter, with the known ones', async () => {
    const r = await call('GET', '/api/v1/segments/seg_unknown1/customers?limit=5&colour=red');
    expect(r.status).toBe(400);
    expect(r.json.type).toBe('/api/v1/docs#problem-invalid-input');
    expect(r.json.invalid_params).toEqual([
      {
        name: 'colour',
        reason: 'unknown query parameter; known: limit, cursor, fields, trigger, assignment, search',
      },
    ]);
    expect(r.json.detail).toBe(
      'Invalid request: colour: unknown query parameter; known: limit, cursor, fields, trigger, assignment, search',
    );
    const created = await call('POST', '/api/v1/segments?wiat=true', {
      criteria: { field: 'clv_score', op: '>=', value: 0 },
    });
    expect(created.status).toBe(400);
    expect(created.json.invalid_params).toEqual([
      { name: 'wiat', reason: 'unknown query parameter; known: wait' },
    ]);
  });

  it('names an unknown body field, with the known ones', async () => {
    const r = await call('POST', '/api/v1/interpret', { brief: 'VIPs', tone: 'warm' });
    expect(r.status).toBe(400);
    expect(r.json.invalid_params).toEqual([{ name: 'tone', reason: 'unknown field; known: brief' }]);
  });

  it('says a value is not a trigger and lists the trigger ids, wherever a trigger is accepted', async () => {
    const page = await call('GET', '/api/v1/segments/seg_unknown1/customers?trigger=foo');
    expect(page.status).toBe(400);
    expect(page.json.invalid_params).toEqual([
      { name: 'trigger', reason: `"foo" is not a trigger; the triggers are ${TRIGGERS}, or control` },
    ]);
    expect(page.json.detail).toContain('trigger: "foo" is not a trigger; the triggers are discount,');
    const exported = await call('GET', '/api/v1/segments/seg_unknown1/export?trigger=foo');
    expect(exported.json.invalid_params?.[0]?.reason).toBe(
      `"foo" is not a trigger; the triggers are ${TRIGGERS}, or control`,
    );
    const created = await call('POST', '/api/v1/segments', {
      criteria: { field: 'clv_score', op: '>=', value: 0 },
      trigger: 'foo',
      exclude_triggers: ['discount', 'bar'],
    });
    expect(created.status).toBe(400);
    expect(created.json.invalid_params).toEqual([
      { name: 'trigger', reason: `"foo" is not a trigger; the triggers are ${TRIGGERS}` },
      { name: 'exclude_triggers.1', reason: `"bar" is not a trigger; the triggers are ${TRIGGERS}` },
    ]);
    const preview = await call('POST', '/api/v1/segments/preview', {
      criteria: { field: 'clv_score', op: '>=', value: 0 },
      trigger: 7,
    });
    expect(preview.status).toBe(400);
    expect(preview.json.invalid_params).toEqual([
      { name: 'trigger', reason: `7 is not a trigger; the triggers are ${TRIGGERS}` },
    ]);
    // Inside a COO, at its path.
    const plan = await call('POST', '/api/v1/plans', { coo: { proposed_intervention: 'foo' } });
    expect(plan.status).toBe(400);
    expect(plan.json.invalid_params).toContainEqual({
      name: 'coo.proposed_intervention',
      reason: `"foo" is not a trigger; the triggers are ${TRIGGERS}`,
    });
    // Other invalid values keep zod's message.
    const other = await call('GET', '/api/v1/segments/seg_unknown1/customers?assignment=everyone');
    expect(other.json.invalid_params?.[0]?.name).toBe('assignment');
    expect(other.json.invalid_params?.[0]?.reason).not.toMatch(/trigger/);
  });

  it('refuses a brief over 2,000 characters, naming brief, wherever a brief is accepted', async () => {
    const brief = 'Win back lapsed customers with free shipping. '.repeat(44).slice(0, 2001);
    for (const path of [
      '/api/v1/interpret',
      '/api/v1/plans',
      '/api/v1/segments',
      '/api/v1/segments/preview',
    ]) {
      const r = await call('POST', path, { brief });
      expect(r.status, path).toBe(400);
      expect(r.json.invalid_params, path).toEqual([
        { name: 'brief', reason: 'a brief is at most 2,000 characters (this one has 2,001)' },
      ]);
    }
  });

  it('words both in the schema itself, as the CLI prints them (`aether segments create --trigger foo`)', () => {
    const messages = (r: { success: boolean; error?: { issues: { message: string }[] } }) =>
      r.error?.issues.map((i) => i.message);
    expect(messages(SegmentCreate.safeParse({ brief: 'Win back lapsed customers', trigger: 'foo' }))).toEqual(
      [`"foo" is not a trigger; the triggers are ${TRIGGERS}`],
    );
    expect(messages(SegmentCustomersQuery.safeParse({ trigger: 'foo' }))).toEqual([
      `"foo" is not a trigger; the triggers are ${TRIGGERS}, or control`,
    ]);
    expect(messages(SegmentCreate.safeParse({ brief: 'x'.repeat(2093) }))).toEqual([
      'a brief is at most 2,000 characters (this one has 2,093)',
    ]);
  });

  it('says a body must be application/json (415)', async () => {
    const r = await call('POST', '/api/v1/segments', 'criteria=1', 'application/x-www-form-urlencoded');
    expect(r.status).toBe(415);
    expect(r.type).toMatch(/^application\/problem\+json/);
    expect(r.json).toMatchObject({
      type: '/api/v1/docs#problem-unsupported-media-type',
      title: 'Unsupported Media Type',
      status: 415,
      detail: 'The request body must be JSON sent as Content-Type: application/json.',
    });
  });
});
