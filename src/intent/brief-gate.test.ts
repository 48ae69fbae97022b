import { mkdtempSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { CampaignObjective } from '../contracts/coo.ts';
import { InvalidInput } from '../core/errors.ts';
import { Rng } from '../core/rng.ts';
import {
  decodeGate,
  encodeGate,
  GATE_QUESTION,
  GATE_REASON,
  gateVector,
  isCampaignOrder,
  judgeBrief,
  loadGate,
  namesAudience,
  ruleRefusal,
  verdictFor,
} from './brief-gate.ts';
import { codeCues, foreignWordCount, pastedCues, requestCues } from './brief-gate-cues.ts';
import { TERSE_BRIEFS } from './brief-gate-examples.ts';
import {
  fitGate,
  gateRows,
  OFFTOPIC_DEV_PATH,
  OFFTOPIC_TRAIN_PATH,
  readOfftopic,
} from './brief-gate-train.ts';
import { evaluateOfftopic } from './evaluate.ts';
import { interpretBrief } from './index.ts';
import { loadModel } from './model-artifact.ts';
import { readCorpus } from './train.ts';

const embedded = { backend: 'embedded' as const, llm: null };

/** Refused with reason "not a campaign brief", or answered with the gate's question first: never a confident campaign. */
async function caught(text: string): Promise<'refused' | 'clarified' | 'taken'> {
  try {
    const { coo } = await interpretBrief(text, embedded);
    return coo.clarifications[0] === GATE_QUESTION ? 'clarified' : 'taken';
  } catch (e) {
    if (e instanceof InvalidInput && e.invalidParams.some((p) => p.reason === GATE_REASON)) return 'refused';
    throw e;
  }
}

describe('the "not a campaign brief" gate', () => {
  it("does not take the issue's off-topic examples for briefs (none of them is in its training list)", async () => {
    const train = new Set((readOfftopic(OFFTOPIC_TRAIN_PATH) ?? []).map((c) => c.text.toLowerCase()));
    const examples = [
      'who won the football game last night',
      "what's the weather in Paris tomorrow",
      'tell me a joke about discounts',
      'write me a poem about cats',
    ];
    for (const e of examples) {
      expect(train.has(e.toLowerCase())).toBe(false);
      expect(await caught(e), e).not.toBe('taken');
    }
  });

  it("states a confidence no higher than the gate's probability when it asks whether the text is a brief", async () => {
    const model = loadModel();
    const gate = loadGate();
    for (const text of [
      'who won the football game last night',
      'write me a poem about cats',
      'my dog ate my homework',
    ]) {
      const v = judgeBrief(model.analyze(text), gate);
      if (v.kind !== 'clarify') continue;
      const { coo } = await interpretBrief(text, embedded);
      expect(coo.clarifications[0]).toBe(GATE_QUESTION);
      expect(coo.confidence).toBeLessThanOrEqual(v.probability + 1e-3);
    }
  });

  it('accepts terse real briefs, the seed examples and the DESIGN.md §3 examples without asking', async () => {
    for (const brief of TERSE_BRIEFS) {
      const { coo } = await interpretBrief(brief, embedded);
      expect(coo.clarifications, brief).not.toContain(GATE_QUESTION);
    }
  });

  it('takes an order on a trigger as a brief, but not a request to us or a question', () => {
    const model = loadModel();
    for (const text of ['send a discount', 'Email a coupon to lapsed buyers', 'please text a flash sale'])
      expect(isCampaignOrder(model.analyze(text)), text).toBe(true);
    for (const text of [
      'send me a coupon',
      'can you email a coupon?',
      'recommend a good book about marketing',
      'show the discount rate for last month',
      'send the invoice to accounting',
    ])
      expect(isCampaignOrder(model.analyze(text)), text).toBe(false);
  });

  it('asks about a trigger named alone instead of refusing it', async () => {
    expect(await caught('discount')).toBe('clarified');
    expect(await caught('free shipping weekend')).not.toBe('refused');
  });

  it('never refuses short, terse or question-shaped briefs (asking is the most it may do)', async () => {
    for (const brief of [
      'cart reminder',
      'win back lapsed vips',
      'can we do something for people who abandoned carts?',
      'any ideas for shoppers who only bought once?',
      'bestsellers for first-time visitors',
      'restock alert for wishlisters',
    ])
      expect(await caught(brief), brief).not.toBe('refused');
    // The plainest of them are not even asked about.
    for (const brief of ['cart reminder', 'win back lapsed vips'])
      expect(await caught(brief), brief).toBe('taken');
  });

  it('still takes a brief pasted one sentence a line for a brief', async () => {
    const brief =
      'Audience: shoppers who left a cart in the last 3 days.\nOffer: free shipping, no discount.\nGoal: recover 15% of those carts this month.';
    expect(await caught(brief)).toBe('taken');
  });

  it('catches other-language briefs, pasted mail and receipts, other tasks, reports and tickets (my own wording, in no list)', async () => {
    const lists = [
      ...(readOfftopic(OFFTOPIC_TRAIN_PATH) ?? []),
      ...(readOfftopic(OFFTOPIC_DEV_PATH) ?? []),
    ].map((c) => c.text.toLowerCase());
    const texts = [
      'mandad un descuento a los clientes que no han comprado desde el verano',
      'Bitte schickt allen Stammkunden einen Gutschein für den Winterschlussverkauf',
      'Hi Jo,\nthe samples for the spring shoot arrived today, two are damaged.\nThanks,\nKim',
      'Subtotal 42.00\nDelivery 4.95\nTotal 46.95\nPaid with Mastercard',
      'translate our returns page into dutch',
      'how many orders did we ship on black friday',
      'I was charged for express delivery but my parcel took a week',
    ];
    for (const t of texts) {
      expect(lists.includes(t.toLowerCase()), t).toBe(false);
      expect(await caught(t), t).not.toBe('taken');
    }
  });

  it('reads the cues of another language, pasted text, code and other requests', () => {
    expect(foreignWordCount('enviad un cupón a los clientes que dejaron el carrito')).toBeGreaterThanOrEqual(
      3,
    );
    expect(foreignWordCount('wir möchten die Kunden mit einem Gutschein zurückholen')).toBeGreaterThanOrEqual(
      2,
    );
    // An English brief with a foreign place or product name has one at most.
    expect(
      foreignWordCount('Trending in your city emails for Los Angeles and El Paso customers'),
    ).toBeLessThanOrEqual(2);
    expect(foreignWordCount('Free delivery in DE, AT and FR, ends midnight ET, 20% off Le Creuset')).toBe(0);
    expect(pastedCues('From: a@b.com\nSubject: hello\n\nsee below')).toEqual(
      expect.arrayContaining(['lines2+', 'mailheader']),
    );
    expect(pastedCues('2026-11-28 07:59:59 ERROR checkout retry')).toContain('log');
    expect(pastedCues('Where is order #482913?')).toContain('reference');
    expect(pastedCues('Win back lapsed customers, total budget $5k')).toEqual([]);
    expect(codeCues('SELECT id FROM customers WHERE clv > 0.8')).toContain('sql');
    expect(codeCues('git push origin main')).toContain('shell');
    expect(codeCues('Select lapsed VIPs for a free-shipping offer')).toEqual([]);
    expect(requestCues('write me a limerick about shoes')).toEqual(
      expect.arrayContaining(['othertask', 'genre']),
    );
    // A brief that asks for a piece of content names who gets it: no "other task".
    expect(requestCues('write a short care guide for people who bought the linen sheets')).not.toContain(
      'othertask',
    );
    expect(requestCues('how many customers opened the newsletter yesterday')).toContain('report');
    expect(requestCues("what's the best play for lapsed vips")).not.toContain('report');
    expect(requestCues('my order never arrived')).toContain('ownorder');
  });

  it('keeps its validation list apart from its training list', () => {
    const train = new Set((readOfftopic(OFFTOPIC_TRAIN_PATH) ?? []).map((c) => c.text.toLowerCase()));
    const dev = readOfftopic(OFFTOPIC_DEV_PATH) ?? [];
    expect(dev.length).toBeGreaterThan(150);
    for (const c of dev) expect(train.has(c.text.toLowerCase()), c.text).toBe(false);
  });

  it('refuses off-topic text before any LLM request is sent', async () => {
    let requests = 0;
    const server = createServer((_req, res) => {
      requests++;
      res.writeHead(500).end();
    });
    await new Promise<void>((ok) => server.listen(0, '127.0.0.1', ok));
    const { port } = server.address() as AddressInfo;
    try {
      const llm = { baseUrl: `http://127.0.0.1:${port}/v1`, model: 'm', timeoutMs: 2000 };
      await expect(interpretBrief('what is the capital of peru', { llm })).rejects.toThrow(/campaign brief/);
      expect(requests).toBe(0);
      // A brief goes to the LLM (here failing), and the embedded model answers.
      const r = await interpretBrief('Send a plain reminder to shoppers who abandoned their cart', { llm });
      expect(requests).toBeGreaterThan(0);
      expect(r.backend).toBe('embedded');
    } finally {
      server.close();
    }
  });

  it('asks rather than refuses when the rules read an audience other than a place', () => {
    expect(namesAudience('what should we send to people who did the quiz but never purchased?')).toBe(true);
    expect(namesAudience('lapsed vips, any ideas')).toBe(true);
    expect(namesAudience("what's the weather like in london today")).toBe(false);
    expect(namesAudience('tell me a joke')).toBe(false);
    expect(verdictFor(0.01, 'lapsed vips, any ideas', 'lapsed vips, any ideas').kind).toBe('clarify');
    expect(verdictFor(0.01, 'tell me a joke', 'tell me a joke').kind).toBe('refuse');
    expect(verdictFor(0.3, 'tell me a joke', 'tell me a joke').kind).toBe('clarify');
    expect(verdictFor(0.9, 'tell me a joke', 'tell me a joke').kind).toBe('brief');
  });

  it('never crashes on random characters of any script, control characters or code', async () => {
    const rng = new Rng(5);
    const ranges: Array<[number, number]> = [
      [0x00, 0x7f], // ASCII, control characters included
      [0xa0, 0x24f], // Latin-1 and Latin extended
      [0x300, 0x36f], // combining marks
      [0x400, 0x4ff], // Cyrillic
      [0x590, 0x6ff], // Hebrew, Arabic
      [0x4e00, 0x4fff], // CJK
      [0x1f300, 0x1f64f], // emoji
      [0x200b, 0x200f], // zero-width and direction marks
    ];
    let refused = 0;
    for (let i = 0; i < 300; i++) {
      const n = 1 + rng.int(i % 50 === 0 ? 2100 : 80);
      let text = '';
      for (let k = 0; k < n; k++) {
        const [a, b] = ranges[rng.int(ranges.length)]!;
        text += String.fromCodePoint(a + rng.int(b - a + 1));
      }
      try {
        const { coo } = await interpretBrief(text, embedded);
        expect(CampaignObjective.safeParse(coo).success).toBe(true);
      } catch (e) {
        if (!(e instanceof InvalidInput)) throw new Error(`${String(e)} for ${JSON.stringify(text)}`);
        refused++;
      }
    }
    expect(refused).toBeGreaterThan(250);
  }, 300_000);

  it('refuses text with no letter, or mostly in another script, by rule', async () => {
    expect(ruleRefusal('12345 !!! 🎉')).toBe('no words');
    expect(ruleRefusal('注文はいつ届きますか')).toBe('not in English');
    expect(ruleRefusal('привет, как дела?')).toBe('not in English');
    expect(ruleRefusal('Tokyo customers: free shipping, 東京')).toBeNull();
    await expect(interpretBrief('🎉🎉🎉', embedded)).rejects.toThrow(/campaign brief/);
    await expect(interpretBrief('你好，今天天气怎么样？', embedded)).rejects.toThrow(/English/);
  });

  it('is the gate of the committed model (trained on its analysis) and survives its own encoding', () => {
    const model = loadModel();
    const gate = loadGate();
    expect(gate.modelVersion).toBe(model.version);
    const again = decodeGate(encodeGate(gate, 7, {}));
    for (const text of ['send cart abandoners a reminder', 'what time is it', 'lorem ipsum dolor']) {
      const x = gateVector(model.analyze(text));
      expect(again.probability(x)).toBeCloseTo(gate.probability(x), 6);
    }
  });

  it('is trained deterministically', () => {
    const model = loadModel();
    const corpus = readCorpus()
      .filter((b) => b.split === 'train')
      .filter((_, i) => i % 25 === 0);
    const negatives = (readOfftopic(OFFTOPIC_TRAIN_PATH) ?? []).filter((_, i) => i % 4 === 0);
    const rows = gateRows(corpus, negatives, model);
    const a = encodeGate(fitGate(rows, 7, 'x'), 7, {});
    const b = encodeGate(fitGate(rows, 7, 'x'), 7, {});
    expect(a).toEqual(b);
    expect(a.weights.length).toBeGreaterThan(100);
  }, 300_000);

  // The gate's cost per brief is measured, not asserted (a timed test fails on a loaded machine):
  // `intent eval` reports the interpreter's mean milliseconds per brief, gate included.

  it('reports an off-topic set by kind: refused or asked, crashes and overlap with training (a fixture)', () => {
    const dir = mkdtempSync(join(tmpdir(), 'offtopic-'));
    const path = join(dir, 'offtopic.jsonl');
    const trainLine = (readOfftopic(OFFTOPIC_TRAIN_PATH) ?? [])[0]!.text;
    const lines = [
      { id: 'f1', text: 'what is the capital of peru', kind: 'question' },
      { id: 'f2', text: 'write a sonnet about the sea', kind: 'task' },
      { id: 'f3', text: '🎉🎉', kind: 'noise' },
      { id: 'f4', text: trainLine, kind: 'noise' },
      // A real brief in the file: neither refused nor asked about, so it lowers the caught share.
      { id: 'f5', text: 'Win back lapsed high-value customers with free shipping', kind: 'question' },
    ];
    writeFileSync(path, `${lines.map((l) => JSON.stringify(l)).join('\n')}\n`);
    const model = loadModel();
    const r = evaluateOfftopic('fixture', readOfftopic(path)!, model);
    expect(r.n).toBe(5);
    expect(r.crashes).toBe(0);
    expect(r.overlap_with_training).toBe(1);
    expect(Object.keys(r.by_kind).sort()).toEqual(['noise', 'question', 'task']);
    expect(r.by_kind.noise!.refused).toBe(2);
    expect(r.by_kind.question!.n).toBe(2);
    expect(r.refused + r.clarified).toBeLessThanOrEqual(4);
    expect(r.caught_rate).toBeCloseTo((r.refused + r.clarified) / 5, 4);
    const gate = loadGate();
    const expected = lines.filter((l) => judgeBrief(model.analyze(l.text), gate).kind !== 'brief').length;
    expect(r.refused + r.clarified).toBe(expected);
  });
});
