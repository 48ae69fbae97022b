import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TRIGGER_IDS } from '../contracts/triggers.ts';
import { allCustomersBrief } from '../test-support/all-customers-brief.ts';
import { aetherJson as aether, aetherText } from '../test-support/run-cli.ts';
import { importTwoTriggerShop } from '../test-support/two-trigger-shop.ts';

describe('a campaign history that tested some triggers, through the real CLI', () => {
  let dir: string;
  let db: string;
  const untested = TRIGGER_IDS.filter((t) => t !== 'discount' && t !== 'free_shipping');
  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'aether-untested-'));
    db = await importTwoTriggerShop(dir);
  }, 120_000);
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('names the untested triggers in train and score, and says so for a brief naming one', async () => {
    const trained = await aether(db, 'train', '--no-derived');
    expect(trained.doc.untested_triggers).toEqual(untested);

    const scored = await aether(db, 'score', '--out', join(dir, 'scores.csv'));
    expect(scored.doc.untested_triggers).toEqual(untested);
    const text = await aetherText(db, 'score', '--out', join(dir, 'scores.csv'));
    expect(text).toContain(
      `Not tested by any campaign, so their uplift scores are 0 without a measure: ${untested.join(', ')}.`,
    );

    const coo = allCustomersBrief('urgency_message');
    const segment = await aether(db, 'segments', 'create', '--coo', JSON.stringify(coo));
    expect(segment.doc).toMatchObject({ size: 0, recommended_trigger: 'urgency_message' });
    expect(segment.doc.note).toMatch(
      /^No past campaign tested Urgency Message, so the model has no measure of its effect and predicts it lifts no customer; Free Shipping would lift [\d,]+\.$/,
    );
    expect(await aetherText(db, 'segments', 'create', '--coo', JSON.stringify(coo))).toContain(
      `  why: ${segment.doc.note}`,
    );
  }, 240_000);
});
