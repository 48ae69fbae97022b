import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { llmCopy } from './llm-copy.ts';
import { facts } from './test-facts.ts';

/** A stand-in chat-completions endpoint that answers with fixed variants, one of them dishonest. */
let server: Server;
let baseUrl: string;
let lastPrompt = '';

beforeAll(async () => {
  server = createServer((req, res) => {
    let body = '';
    req.on('data', (d) => {
      body += String(d);
    });
    req.on('end', () => {
      lastPrompt = (JSON.parse(body) as { messages: { content: string }[] }).messages[1]?.content ?? '';
      const variants = [
        { title: 'Early access for you', body: 'Shop the new collection before anyone else.' },
        { title: 'Hurry', body: 'Only 3 left in stock, act now!' },
        { body: 'no title' },
      ];
      res.setHeader('content-type', 'application/json');
      res.end(JSON.stringify({ choices: [{ message: { content: JSON.stringify({ variants }) } }] }));
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}/v1`;
});

afterAll(() => {
  server.close();
});

describe('LLM copy under the guardrails', () => {
  it('keeps variants that pass and drops the ones that do not, saying why', async () => {
    const f = facts({ stock: { status: 'high', units: 700, threshold: 50 } });
    const r = await llmCopy(
      { baseUrl, model: 'test' },
      { trigger: 'exclusivity_offer', channel: 'push', facts: f, count: 3 },
    );
    expect(r.variants.map((v) => v.title)).toEqual(['Early access for you']);
    expect(r.variants[0]).toMatchObject({ source: 'llm', channel: 'push', trigger: 'exclusivity_offer' });
    expect(r.variants[0]?.checks.ok).toBe(true);
    const notes = r.notes.join(' ');
    expect(notes).toContain('claims low stock, but stock is high (700 units)');
    expect(notes).toContain('"act now" is a common spam-filter trigger');
    // The third has no title: the push guardrail reports the empty field.
    expect(notes).toContain('title: title is empty');
    // The prompt carries the facts and the limits.
    expect(lastPrompt).toContain('"units":700');
    expect(lastPrompt).toContain('{"title":50,"body":150}');
  });

  it('reports an unreachable endpoint instead of failing', async () => {
    const r = await llmCopy(
      { baseUrl: 'http://127.0.0.1:9/v1', model: 'x', timeoutMs: 2000 },
      { trigger: 'discount', channel: 'sms', facts: facts(), count: 2 },
    );
    expect(r.variants).toEqual([]);
    expect(r.notes[0]).toMatch(/The LLM backend gave no copy/);
  });
});
