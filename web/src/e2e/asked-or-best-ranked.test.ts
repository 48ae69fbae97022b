import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { PlanResponse } from '../../../src/contracts/api.ts';
import type { SegmentExplanation } from '../../../src/contracts/explain.ts';
import { triggerLabel } from '../labels.ts';
import { openWorkspace, type RunningServer, shot, shotOf, type Workspace } from './harness.ts';

/**
 * The twelfth walk-through (docs/workspace.md): for a brief that names no trigger, the workspace
 * explains the top of the ranking, and the mixed-plan note called it "the trigger asked for".
 * Chromium against the real server over the 5,000-customer e2e shop. Screenshot:
 * test-artifacts/screenshots/asked-or-best-ranked*.png.
 */
const WIN_BACK = 'Get more people to come back';

let workspace: Workspace | undefined;
let server: RunningServer;
let page: Page;

beforeAll(async () => {
  workspace = await openWorkspace('aether-e2e-asked-', 5000, 3);
  ({ server, page } = workspace);
}, 900_000);

afterAll(async () => {
  await workspace?.close();
});

describe('a trigger is "asked for" only when the brief or the marketer chose it', () => {
  it('a win-back brief naming no trigger: the explained trigger is the best-ranked, not the one asked for', async () => {
    await page.setViewportSize({ width: 1280, height: 900 });
    await page.goto(`${server.url}/`);
    await page.fill('#brief-input', WIN_BACK);
    const planned = page.waitForResponse((r) => r.url().endsWith('/api/v1/plans'), { timeout: 60_000 });
    const explained = page.waitForResponse((r) => r.url().endsWith('/api/v1/explain'), { timeout: 60_000 });
    await page.press('#brief-input', 'Enter');
    const p = (await (await planned).json()) as PlanResponse;
    const ex = (await (await explained).json()) as SegmentExplanation;
    await page.waitForFunction(() => document.body.dataset.planState === 'complete', null, {
      timeout: 60_000,
    });
    // The brief names no trigger; the page explains the top of the ranking, a mixed plan's one trigger.
    expect(p.coo.proposed_intervention).toBeNull();
    const top = p.ranked_triggers[0]!.trigger;
    expect(ex.trigger).toBe(top);
    const given = Object.entries(p.trigger_mix).filter(([t, n]) => t !== 'control' && n > 0);
    expect(given.length).toBeGreaterThan(1);
    const note = await page.getByTestId('mixed-plan-note').innerText();
    await shot(page, 'asked-or-best-ranked');
    await shotOf(page.getByTestId('reasons'), 'asked-or-best-ranked-reasons');
    expect(note).toContain(`the case for ${triggerLabel(top)} alone, the best-ranked trigger above,`);
    expect(note).not.toContain('asked for');
    // Nor does the ranking badge any trigger as asked for.
    await expect(page.locator('[data-testid=ranked-triggers] .badge.asked').count()).resolves.toBe(0);
  });
});
