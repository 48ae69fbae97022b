import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TRIGGER_IDS } from '../contracts/triggers.ts';
import { writeTwoTriggerShop } from '../test-support/two-trigger-shop.ts';

const run = promisify(execFile);
const bin = join(dirname(fileURLToPath(import.meta.url)), '..', '..', 'bin', 'aether.js');

/** Runs the real CLI; its JSON document (or its error document). */
async function aether(db: string, ...args: string[]): Promise<{ doc: Record<string, unknown> }> {
  const done = await run(process.execPath, [bin, ...args, '--db', db, '--json'], {
    maxBuffer: 64 * 1024 * 1024,
  }).catch((e: { stdout: string }) => e);
  return { doc: JSON.parse(done.stdout) as Record<string, unknown> };
}

/** The same, as the text a person reads. */
async function aetherText(db: string, ...args: string[]): Promise<string> {
  const done = await run(process.execPath, [bin, ...args, '--db', db]).catch((e: { stdout: string }) => e);
  return done.stdout;
}

describe('a campaign history that tested some triggers, through the real CLI', () => {
  let dir: string;
  let db: string;
  const untested = TRIGGER_IDS.filter((t) => t !== 'discount' && t !== 'free_shipping');
  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'aether-untested-'));
    db = join(dir, 'shop.duckdb');
    writeTwoTriggerShop(dir);
    await aether(db, 'import', 'customers', join(dir, 'customers.csv'));
    await aether(db, 'import', 'orders', join(dir, 'orders.csv'));
    await aether(db, 'import', 'campaign_exposures', join(dir, 'exposures.csv'));
    await aether(
      db,
      'import',
      'campaigns',
      join(dir, 'campaigns.csv'),
      '--set',
      'goal=conversion,channel=email,window_days=7',
    );
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

    const coo = {
      campaign_goal: 'conversion',
      target_behavior: { description: 'all customers', criteria: null },
      metric_target: null,
      proposed_intervention: 'urgency_message',
      intervention_type: 'psychological',
      constraints: { exclude_triggers: [], budget: null, channel: 'email' },
      confidence: 0.9,
      alternatives: [],
      clarifications: [],
    };
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
