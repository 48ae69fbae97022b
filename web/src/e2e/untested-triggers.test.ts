import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { aetherJson } from '../../../src/test-support/run-cli.ts';
import { importTwoTriggerShop } from '../../../src/test-support/two-trigger-shop.ts';
import { ensureWebBuilt, openBrowser, type RunningServer, shot, startServer } from './harness.ts';

/**
 * The ranking of a shop whose campaign history tested 2 of the 10 triggers (eleventh session): the 8
 * others read "not tested", never as a measured 0, and a brief naming one says no campaign tested it.
 * Screenshot: test-artifacts/screenshots/untested-01-ranking.png.
 */
describe('the workspace on a history that tested some triggers', () => {
  let dir: string;
  let server: RunningServer;
  let page: Page;
  let close: () => Promise<void>;
  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'aether-e2e-untested-'));
    const db = await importTwoTriggerShop(dir);
    // The real CLI; a refused step fails the setup with its stderr.
    const aether = async (...args: string[]) => {
      const r = await aetherJson(db, ...args);
      if (r.code !== 0) throw new Error(`aether ${args[0]} failed: ${r.stderr}`);
      return r.doc;
    };
    await aether('train', '--no-derived');
    await ensureWebBuilt();
    server = await startServer(db);
    ({ page, close } = await openBrowser());
  }, 600_000);
  afterAll(async () => {
    await close?.();
    await server?.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  it('ranks the untested triggers last as "not tested", and says why the segment is empty', async () => {
    await page.goto(`${server.url}/`);
    await page.fill('#brief-input', 'Send a last chance urgency email to all customers');
    const planned = page.waitForResponse((r) => r.url().endsWith('/api/v1/plans'), { timeout: 120_000 });
    await page.press('#brief-input', 'Enter');
    expect((await planned).status()).toBe(200);
    const table = page.getByTestId('ranked-triggers');
    await table.waitFor();
    const rows = table.locator('tbody tr');
    await expect.poll(() => rows.count()).toBe(10);
    const order = await rows.evaluateAll((trs) => trs.map((tr) => tr.getAttribute('data-trigger')));
    // The two tested triggers first; the best badge on one of them.
    expect(order.slice(0, 2).sort()).toEqual(['discount', 'free_shipping']);
    for (const t of order.slice(2)) {
      const row = table.locator(`tr[data-trigger="${t}"]`);
      await expect
        .poll(async () => (await row.locator('td[data-label="Uplift"]').textContent()) ?? '')
        .toContain('not tested');
      expect(await row.locator('.badge:not(.asked)').count()).toBe(0);
    }
    expect(await table.locator('tr[data-trigger="free_shipping"] .badge').first().textContent()).toBe('best');
    expect(await page.getByTestId('asked-vs-best').textContent()).toContain(
      'No past campaign tested Urgency Message, so the model has no measure of its effect',
    );
    expect(await page.getByTestId('segment-note').textContent()).toMatch(
      /^No past campaign tested Urgency Message, .* Free Shipping would lift [\d,]+\.$/,
    );
    expect(await page.getByTestId('segment-rules-words').textContent()).toBe('Who gets it: no one.');
    // The screenshot once the explanation panel has settled.
    await page.waitForFunction(() => document.body.dataset.planState === 'complete', undefined, {
      timeout: 120_000,
    });
    await shot(page, 'untested-01-ranking');
    // No copy to write and no segment to save for nobody.
    expect(await page.locator('#copy-panel').count()).toBe(0);
    expect(await page.locator('#activate-panel').count()).toBe(0);
  }, 180_000);
});
