import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openStore } from '../store/open.ts';
import { angleKey } from './guardrails.ts';
import { llmCopy } from './llm-copy.ts';
import { suggestCopy } from './suggest.ts';
import { facts } from './test-facts.ts';

/** A stand-in chat-completions endpoint that answers with fixed variants, one of them dishonest. */
let server: Server;
let baseUrl: string;
let lastPrompt = '';
/** What the stand-in answers next: the variants of its JSON reply. */
let reply: unknown[] = [];

beforeAll(async () => {
  server = createServer((req, res) => {
    let body = '';
    req.on('data', (d) => {
      body += String(d);
    });
    req.on('end', () => {
      lastPrompt = (JSON.parse(body) as { messages: { content: string }[] }).messages[1]?.content ?? '';
      const variants = reply;
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
    reply = [
      {
        angle: 'before anyone else',
        title: 'Early access for you',
        body: 'Shop the new collection before anyone else.',
      },
      { angle: 'hurry', title: 'Hurry', body: 'Only 3 left in stock, act now!' },
      { angle: 'no title', body: 'no title' },
    ];
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

  it('asks each variant for its own angle and keeps only variants with a fresh, honest one', async () => {
    reply = [
      {
        angle: 'Members first',
        title: 'Yours before the rest',
        body: 'Members shop the new collection first.',
      },
      { title: 'A quiet preview', body: 'Take an early look at the new collection.' },
      { angle: 'members  FIRST!', title: 'Members only', body: 'The new collection opens to members first.' },
      { angle: 'the early look', title: 'An early look', body: 'See the new collection before it opens.' },
      { angle: 'low stock', title: 'Going soon', body: 'The new collection is here for you.' },
      {
        angle: 'a very long angle that reads like a whole sentence',
        title: 'Private preview',
        body: 'Preview the new collection.',
      },
    ];
    const f = facts({ stock: { status: 'high', units: 700, threshold: 50 } });
    const r = await llmCopy(
      { baseUrl, model: 'test' },
      {
        trigger: 'exclusivity_offer',
        channel: 'push',
        facts: f,
        count: 6,
        takenAngles: ['The early look'],
      },
    );
    // Only the first has an angle of its own: the others name none, repeat one (another LLM
    // variant's or the embedded generator's), claim low stock the data does not show, or run long.
    expect(r.variants.map((v) => v.angle)).toEqual(['Members first']);
    const notes = r.notes.join('\n');
    expect(notes).toContain('it names no angle');
    expect(notes).toContain('its angle "members  FIRST!" repeats another variant\'s');
    expect(notes).toContain('its angle "the early look" repeats another variant\'s');
    expect(notes).toContain('its angle: "low stock" claims low stock, but stock is high (700 units)');
    expect(notes).toContain('over 40');
    // The prompt asks for the angle and names those already taken.
    expect(lastPrompt).toContain('"angle"');
    expect(lastPrompt).toContain('["The early look"]');
  });

  it('through suggestCopy, an LLM variant never repeats an embedded variant’s angle', async () => {
    const store = await openStore(':memory:');
    await store.run("INSERT INTO meta VALUES ('as_of', '2026-06-10T00:00:00Z')");
    const env = { base: process.env.AETHER_LLM_BASE_URL, model: process.env.AETHER_LLM_MODEL };
    process.env.AETHER_LLM_BASE_URL = baseUrl;
    process.env.AETHER_LLM_MODEL = 'test';
    try {
      const embedded = await suggestCopy(store, {
        trigger: 'exclusivity_offer',
        channel: 'push',
        criteria: { all: [] },
        variants: 3,
      });
      const first = embedded.variants.find((v) => v.source === 'embedded')?.angle ?? '';
      expect(first).not.toBe('');
      reply = [
        { angle: first.toUpperCase(), title: 'Yours first', body: 'Members shop the new collection first.' },
        { angle: 'made for you', title: 'Picked for you', body: 'Take a look at what is new for you.' },
      ];
      const r = await suggestCopy(store, {
        trigger: 'exclusivity_offer',
        channel: 'push',
        criteria: { all: [] },
        variants: 3,
      });
      const llm = r.variants.filter((v) => v.source === 'llm');
      expect(llm.map((v) => v.angle)).toEqual(['made for you']);
      const keys = r.variants.map((v) => angleKey(v.angle ?? ''));
      expect(keys.every((k) => k !== '')).toBe(true);
      expect(new Set(keys).size).toBe(keys.length);
      expect(r.notes.join(' ')).toContain('repeats another variant');
      expect(lastPrompt).toContain(JSON.stringify(first));
    } finally {
      for (const [k, v] of [
        ['AETHER_LLM_BASE_URL', env.base],
        ['AETHER_LLM_MODEL', env.model],
      ] as const) {
        if (v === undefined) delete process.env[k];
        else process.env[k] = v;
      }
      await store.close();
    }
  });

  it('keeps a cart out of the copy for an audience not chosen for one, and only then', async () => {
    reply = [
      { angle: 'left behind', title: 'You left something', body: 'Your cart is saved for you.' },
      {
        angle: 'a quick reminder',
        title: 'A quick reminder',
        body: 'Our new picks are here when you are ready.',
      },
    ];
    const input = { trigger: 'cart_reminder' as const, channel: 'push' as const, facts: facts(), count: 2 };
    const lapsed = await llmCopy({ baseUrl, model: 'test' }, { ...input, audienceHasCart: false });
    expect(lastPrompt).toContain('not chosen for having an abandoned cart');
    expect(lapsed.variants.map((v) => v.angle)).toEqual(['a quick reminder']);
    expect(lapsed.notes.join(' ')).toContain('it mentions a cart');
    const carts = await llmCopy({ baseUrl, model: 'test' }, { ...input, audienceHasCart: true });
    expect(lastPrompt).not.toContain('not chosen for having an abandoned cart');
    expect(carts.variants.map((v) => v.angle)).toEqual(['left behind', 'a quick reminder']);
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
