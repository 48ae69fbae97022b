import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CampaignObjective } from '../../contracts/coo.ts';
import { interpretBrief } from '../index.ts';
import { interpretWithLlm, llmConfigFromEnv } from './llm-backend.ts';

/**
 * A local fake of the chat-completions protocol: the model name picks the behaviour (good,
 * malformed, bad-then-good, slow, error), so each fallback path is exercised without any LLM.
 */
const GOOD: CampaignObjective = {
  campaign_goal: 'cart_recovery',
  target_behavior: {
    description: 'left items in their cart',
    criteria: { field: 'abandoned_cart_value', op: '>', value: 0 },
  },
  metric_target: null,
  proposed_intervention: 'cart_reminder',
  intervention_type: 'reminder',
  constraints: { exclude_triggers: [], budget: null, channel: null },
  confidence: 0.9,
  alternatives: [],
  clarifications: [],
};

let server: Server;
let baseUrl = '';
const seen: Array<{ model: string; messages: number; auth: string | undefined }> = [];
const attempts = new Map<string, number>();

function reply(res: ServerResponse, content: string): void {
  res.writeHead(200, { 'content-type': 'application/json' });
  res.end(
    JSON.stringify({
      id: 'x',
      object: 'chat.completion',
      choices: [{ index: 0, message: { role: 'assistant', content } }],
    }),
  );
}

async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
  let body = '';
  for await (const chunk of req) body += chunk;
  const { model, messages } = JSON.parse(body) as { model: string; messages: unknown[] };
  seen.push({ model, messages: messages.length, auth: req.headers.authorization });
  const n = (attempts.get(model) ?? 0) + 1;
  attempts.set(model, n);
  if (req.url !== '/v1/chat/completions') {
    res.writeHead(404).end();
    return;
  }
  if (model === 'good') return reply(res, `\`\`\`json\n${JSON.stringify(GOOD)}\n\`\`\``);
  if (model === 'malformed') return reply(res, '{"campaign_goal": "cart_recovery", oops');
  if (model === 'invalid-schema')
    return reply(res, JSON.stringify({ ...GOOD, campaign_goal: 'world_domination' }));
  if (model === 'forbidden')
    return reply(
      res,
      JSON.stringify({ ...GOOD, constraints: { ...GOOD.constraints, exclude_triggers: ['cart_reminder'] } }),
    );
  if (model === 'repair')
    return reply(res, n === 1 ? 'Sure! Here is the COO you asked for.' : JSON.stringify(GOOD));
  if (model === 'slow') {
    setTimeout(() => reply(res, JSON.stringify(GOOD)), 1500);
    return;
  }
  res.writeHead(500, { 'content-type': 'application/json' });
  res.end('{"error":"boom"}');
}

beforeAll(async () => {
  server = createServer((req, res) => void handle(req, res));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}/v1`;
});

afterAll(async () => {
  server.closeAllConnections();
  await new Promise<void>((resolve) => server.close(() => resolve()));
});

const brief = 'Send a plain reminder to shoppers who abandoned their cart';
const config = (model: string, timeoutMs = 3000) => ({ baseUrl, model, apiKey: 'sk-test', timeoutMs });

describe('LLM backend against a fake chat-completions server', () => {
  it('uses a good reply, with few-shot examples and the API key', async () => {
    const r = await interpretBrief(brief, { llm: config('good') });
    expect(r.backend).toBe('llm');
    expect(r.fallback_reason).toBeNull();
    expect(r.coo).toEqual(GOOD);
    const call = seen.find((s) => s.model === 'good')!;
    expect(call.auth).toBe('Bearer sk-test');
    expect(call.messages).toBeGreaterThanOrEqual(4); // system + few-shot pairs + the brief
  });

  it('repairs once: a prose reply followed by valid JSON is accepted', async () => {
    const r = await interpretBrief(brief, { llm: config('repair') });
    expect(r.backend).toBe('llm');
    expect(attempts.get('repair')).toBe(2);
  });

  it.each([
    ['malformed', /not valid JSON/],
    ['invalid-schema', /campaign_goal/],
    ['forbidden', /exclude_triggers/],
    ['error', /HTTP 500/],
  ])('falls back to the embedded model on %s replies and says why', async (model, reason) => {
    const r = await interpretBrief(brief, { llm: config(model) });
    expect(r.backend).toBe('embedded');
    expect(r.fallback_reason).toMatch(reason);
    expect(() => CampaignObjective.parse(r.coo)).not.toThrow();
    expect(r.coo.proposed_intervention).toBe('cart_reminder');
  });

  it('falls back on a timeout', async () => {
    const r = await interpretBrief(brief, { llm: config('slow', 200) });
    expect(r.backend).toBe('embedded');
    expect(r.fallback_reason).toMatch(/timed out after 200 ms/);
  });

  it('falls back when nothing listens', async () => {
    const r = await interpretWithLlm(brief, {
      baseUrl: 'http://127.0.0.1:9/v1',
      model: 'x',
      timeoutMs: 2000,
    });
    expect(r.ok).toBe(false);
  });

  it('reads its configuration from the environment, and is off without it', () => {
    expect(llmConfigFromEnv({})).toBeNull();
    expect(
      llmConfigFromEnv({ AETHER_LLM_BASE_URL: 'http://localhost:11434/v1', AETHER_LLM_MODEL: 'llama3.1' }),
    ).toMatchObject({
      baseUrl: 'http://localhost:11434/v1',
      model: 'llama3.1',
    });
  });

  it('reports a fallback when the LLM backend is demanded but not configured', async () => {
    const r = await interpretBrief(brief, { backend: 'llm', llm: null });
    expect(r.backend).toBe('embedded');
    expect(r.fallback_reason).toMatch(/no LLM configured/);
  });
});
