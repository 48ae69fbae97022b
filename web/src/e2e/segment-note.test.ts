import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { allCustomersBrief } from '../../../src/test-support/all-customers-brief.ts';
import { aetherJson } from '../../../src/test-support/run-cli.ts';
import { importTwoTriggerShop } from '../../../src/test-support/two-trigger-shop.ts';
import { ensureWebBuilt, openBrowser, type RunningServer, shot, startServer } from './harness.ts';

/**
 * A saved segment of nobody keeps the planner's reason (its `note`): reopened from the segment list
 * it still says why it is empty and which trigger would lift whom. Screenshots:
 * test-artifacts/screenshots/segment-note-01-list.png and segment-note-02-segment.png.
 */
describe('a saved segment that holds nobody, reopened', () => {
  let dir: string;
  let server: RunningServer;
  let page: Page;
  let close: () => Promise<void>;
  let segment: { segment_id: string; note: string; size: number };
  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'aether-e2e-note-'));
    const db = await importTwoTriggerShop(dir);
    // The real CLI; a refused step fails the setup with its stderr.
    const aether = async (...args: string[]) => {
      const r = await aetherJson(db, ...args);
      if (r.code !== 0) throw new Error(`aether ${args[0]} failed: ${r.stderr}`);
      return r.doc;
    };
    await aether('train', '--no-derived');
    // Urgency Message: no campaign of this shop tested it, so its segment holds nobody.
    const coo = allCustomersBrief('urgency_message');
    segment = (await aether('segments', 'create', '--coo', JSON.stringify(coo))) as typeof segment;
    await ensureWebBuilt();
    server = await startServer(db);
    ({ page, close } = await openBrowser());
  }, 600_000);
  afterAll(async () => {
    await close?.();
    await server?.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  it('shows the reason in the segment list and on the reopened segment', async () => {
    expect(segment.size).toBe(0);
    expect(segment.note).toMatch(/^No past campaign tested Urgency Message, .* would lift [\d,]+\.$/);
    await page.goto(`${server.url}/#/segments`);
    const note = page.getByTestId('segment-note');
    await note.waitFor();
    expect(await note.textContent()).toBe(segment.note);
    await shot(page, 'segment-note-01-list');
    await page.getByTestId('segment-link').first().click();
    await page.getByTestId('segment-who').waitFor();
    expect(await page.getByTestId('segment-note').textContent()).toBe(segment.note);
    expect(await page.getByTestId('segment-who').textContent()).toMatch(
      /^Who: no one\. Trigger: Urgency Message\./,
    );
    await expect.poll(() => page.getByTestId('member-count').textContent()).toBe('No customers here.');
    await shot(page, 'segment-note-02-segment');
  }, 180_000);
});
