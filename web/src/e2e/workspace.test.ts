// biome-ignore-all lint/performance/useDomNodeTextContent: Playwright's innerText() is the text a person sees, which is what these tests check
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Page, Response } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CopyResponse } from '../../../src/contracts/copy.ts';
import type { SegmentExplanation } from '../../../src/contracts/explain.ts';
import { TRIGGER_CATALOGUE, type TriggerId } from '../../../src/contracts/triggers.ts';
import {
  canvasInk,
  type openBrowser,
  openWorkspace,
  ROOT,
  type RunningServer,
  shot,
  shotOf,
  type Workspace,
} from './harness.ts';

/**
 * The marketer workspace end to end, in Debian's Chromium against the real server over a freshly
 * simulated shop: the seed's two briefs, the dashboard, copy, activation, errors, accessibility.
 * Screenshots of every step go to test-artifacts/screenshots/.
 */
const BRIEF_SCARCITY = "Target users who viewed 'Limited Edition' sneakers and remind them stock is low.";
const BRIEF_EXCLUSIVITY = 'Offer our most loyal customers exclusive early access to the new collection.';

let workspace: Workspace | undefined;
let server: RunningServer;
let browser: Awaited<ReturnType<typeof openBrowser>>;
let page: Page;
let planAvailable = false;
let planDetail = '';
let planWindowDays: number | null = null;

async function submitBrief(p: Page, brief: string): Promise<{ explain: Response }> {
  await p.goto(`${server.url}/`);
  await p.fill('#brief-input', brief);
  const explain = p.waitForResponse((r) => r.url().endsWith('/api/v1/explain'), { timeout: 60_000 });
  const plan = p.waitForResponse((r) => r.url().endsWith('/api/v1/plans'), { timeout: 60_000 });
  await p.press('#brief-input', 'Enter');
  const planResponse = await plan;
  planAvailable = planResponse.status() === 200;
  planDetail = planAvailable ? '' : ((await planResponse.json()) as { detail: string }).detail;
  planWindowDays = planAvailable
    ? (((await planResponse.json()) as { scoring_window_days?: number | null }).scoring_window_days ?? null)
    : null;
  const r = await explain;
  await p.waitForFunction(
    () => ['explained', 'complete'].includes(document.body.dataset.planState ?? ''),
    null,
    { timeout: 60_000 },
  );
  return { explain: r };
}

async function chip(p: Page, name: string): Promise<string> {
  return (await p.locator(`details[data-chip="${name}"] summary`).innerText()).replace(/\s+/g, ' ').trim();
}

beforeAll(async () => {
  workspace = await openWorkspace('aether-e2e-', 5000);
  ({ server, browser, page } = workspace);
  await browser.context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: server.url });
}, 900_000);

afterAll(async () => {
  await workspace?.close();
});

describe('marketer workspace in Chromium', () => {
  it('understands the scarcity brief: Scarcity Message, psychological', async () => {
    await submitBrief(page, BRIEF_SCARCITY);
    expect(await chip(page, 'Trigger')).toBe('TRIGGER Scarcity Message · psychological');
    await expect(page.locator('.turn.user').first().innerText()).resolves.toBe(`You\n${BRIEF_SCARCITY}`);
    if (planAvailable) {
      await page.locator('[data-testid=ranked-triggers]').waitFor();
      // The page says which campaign length the lifts are predicted for, as the plan does.
      const windowNote = page.locator('[data-testid=scoring-window]');
      if (planWindowDays === null) expect(await windowNote.count()).toBe(0);
      else await expect(windowNote.innerText()).resolves.toContain(`running ${planWindowDays} day`);
      const best = await page
        .locator('[data-testid=ranked-triggers] tbody tr')
        .first()
        .getAttribute('data-trigger');
      if (best !== 'scarcity_message') {
        // The brief asked for scarcity; when another trigger is better, the page says so and by how much.
        const bestLabel = TRIGGER_CATALOGUE[best as TriggerId].label;
        const callout = await page.locator('[data-testid=asked-vs-best]').innerText();
        expect(callout).toContain('Scarcity Message');
        expect(callout).toContain(
          bestLabel
            .replace(/\s*(monetary|psychological|informational|personalization|reminder).*$/, '')
            .trim(),
        );
        expect(callout).toMatch(/\d/);
      }
    } else {
      // No plan for this audience (no model yet, or no customer matches): the API's own detail is shown.
      await expect(page.locator('#ranked-panel [role=alert]').innerText()).resolves.toContain(planDetail);
    }
    await shot(page, '01-brief-scarcity');
  });

  let explanation: SegmentExplanation;
  let explainBody: string;

  it('understands the exclusivity brief: Exclusivity Offer, psychological', async () => {
    const { explain } = await submitBrief(page, BRIEF_EXCLUSIVITY);
    expect(await chip(page, 'Trigger')).toBe('TRIGGER Exclusivity Offer · psychological');
    expect(explain.status()).toBe(200);
    explanation = (await explain.json()) as SegmentExplanation;
    explainBody = explain.request().postData() ?? '';
    await shot(page, '02-brief-exclusivity');
    if (planAvailable) await shotOf(page.locator('#ranked-panel'), '02b-ranked-triggers');
  });

  it('shows the dashboard: charts that rendered, reasons whose numbers are the API’s', async () => {
    await page.locator('[data-testid=reasons] li').first().waitFor();
    const shown = await page.locator('[data-testid=reasons] li.reason').allInnerTexts();
    expect(shown.length).toBeGreaterThan(0);
    expect(shown).toEqual(explanation.reasons.map((r) => r.text));
    // Recomputed by the API for the same request: the same sentences and the same numbers.
    const again = (await (
      await fetch(`${server.url}/api/v1/explain`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: explainBody,
      })
    ).json()) as SegmentExplanation;
    // (DuckDB's parallel sums may differ in the last bits, so numbers are compared to 1e-9.)
    expect(again.reasons.map((r) => r.text)).toEqual(explanation.reasons.map((r) => r.text));
    explanation.reasons.forEach((r, i) => {
      for (const [k, v] of Object.entries(r.numbers)) expect(again.reasons[i]?.numbers[k]).toBeCloseTo(v, 9);
    });
    // Every number a reason states is in its sentence, as formatted by the API.
    const evidence = explanation.reasons.find((r) => r.kind === 'evidence' && r.numbers.campaign_count);
    if (evidence) {
      expect(evidence.text).toContain(`In ${evidence.numbers.campaign_count} past campaign`);
      expect(evidence.text).toContain(
        `${Math.round(evidence.numbers.treated_n ?? 0).toLocaleString('en-US')} treated`,
      );
    }
    const lift = await canvasInk(page, '[data-testid=chart-lift]');
    const comparison = await canvasInk(page, '[data-testid=chart-comparison]');
    expect(lift[0]).toBeGreaterThan(1000);
    expect(comparison[0]).toBeGreaterThan(1000);
    if (explanation.curves)
      expect((await canvasInk(page, '[data-testid=chart-qini]'))[0]).toBeGreaterThan(1000);
    await shotOf(page.locator('#explain-panel'), '03-dashboard');
  });

  it('writes copy per channel within its limits, copies it, regenerates', async () => {
    await page.locator('[data-testid=copy-variant]').first().waitFor();
    // Email: subject at most 60 characters even with placeholders filled at their longest.
    for (const el of await page.locator('[data-testid=count-subject]').all()) {
      expect(Number(await el.getAttribute('data-max'))).toBeLessThanOrEqual(60);
    }
    const sms = page.waitForResponse(
      (r) => r.url().endsWith('/api/v1/copy') && (r.request().postData() ?? '').includes('"sms"'),
    );
    await page.getByLabel('SMS').check();
    const copy = (await (await sms).json()) as CopyResponse;
    await page.locator('[data-testid=copy-variant] [data-field=body]').first().waitFor();
    const bodies = await page.locator('[data-testid=copy-variant] [data-field=body]').allInnerTexts();
    expect(bodies.length).toBeGreaterThanOrEqual(2);
    expect(bodies).toEqual(copy.variants.map((v) => v.body));
    for (const b of bodies) {
      expect(b.length).toBeLessThanOrEqual(160);
      expect(b).toMatch(/Reply STOP to opt out$/);
    }
    for (const el of await page.locator('[data-testid=count-body]').all()) {
      expect(Number(await el.getAttribute('data-max'))).toBeLessThanOrEqual(160);
      expect(await el.getAttribute('data-limit')).toBe('160');
    }
    await page.locator('[data-testid=copy-variant] button', { hasText: 'Copy to clipboard' }).first().click();
    await page.getByText('Copied to the clipboard').first().waitFor();
    expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(bodies[0]);
    const regen = page.waitForResponse(
      (r) => r.url().endsWith('/api/v1/copy') && (r.request().postData() ?? '').includes('"seed":1'),
    );
    await page.getByRole('button', { name: 'Regenerate' }).click();
    expect((await regen).status()).toBe(200);
    await shotOf(page.locator('#copy-panel'), '04-copy-sms');
  });

  it('activates: saves the segment, shows its API URL, and the URL serves its customers', async () => {
    await page.getByRole('button', { name: 'Save segment' }).click();
    await page.locator('[data-testid=activated]').waitFor({ timeout: 120_000 });
    const url = await page.locator('[data-testid=segment-url]').inputValue();
    expect(url).toMatch(new RegExp(`^${server.url}/api/v1/segments/seg_[a-z0-9]+/customers$`));
    expect(await page.locator('[data-testid=segment-curl]').inputValue()).toContain(url);
    const res = await fetch(`${url}?limit=5`);
    expect(res.status).toBe(200);
    const body = (await res.json()) as { segment_id: string; customer_profiles: { customer_id: string }[] };
    expect(url).toContain(body.segment_id);
    expect(body.customer_profiles.length).toBeGreaterThan(0);
    await shotOf(page.locator('#activate-panel'), '05-activate');

    await page.goto(`${server.url}/#/segments`);
    await page.locator('[data-testid=segments-table]').waitFor();
    await expect(page.locator('[data-testid=segments-table]').innerText()).resolves.toContain(
      body.segment_id,
    );
    await shot(page, '06-segments');

    const id = body.customer_profiles[0]!.customer_id;
    await page.goto(`${server.url}/#/customers/${encodeURIComponent(id)}`);
    await page.locator('[data-testid=profile]').waitFor();
    await expect(page.locator('[data-testid=profile]').innerText()).resolves.toContain(id);
    await shot(page, '07-customer');
  });

  it('re-plans when a chip is edited', async () => {
    await submitBrief(page, BRIEF_EXCLUSIVITY);
    await page.locator('details[data-chip="Channel"] summary').click();
    const replan = page.waitForRequest(
      (r) =>
        r.url().endsWith('/api/v1/plans') &&
        (r.postData() ?? '').includes('"coo"') &&
        (r.postData() ?? '').includes('"channel":"sms"'),
    );
    const copy = page.waitForRequest(
      (r) => r.url().endsWith('/api/v1/copy') && (r.postData() ?? '').includes('"channel":"sms"'),
    );
    await page.locator('details[data-chip="Channel"] select').selectOption('sms');
    await replan;
    await copy;
    expect(await chip(page, 'Channel')).toBe('CHANNEL sms');
    await page.getByText('Re-planned with your change.').first().waitFor();
    await shot(page, '10-chip-replan-loading');
    await page.waitForFunction(
      () => ['explained', 'complete'].includes(document.body.dataset.planState ?? ''),
      null,
      {
        timeout: 60_000,
      },
    );
    await page.locator('[data-testid=copy-variant]').first().waitFor();
    await shot(page, '11-chip-replanned');
  });

  it('shows an API failure with its problem detail, never a blank page', async () => {
    await page.goto(`${server.url}/`);
    await page.fill('#brief-input', 'hello there');
    // Not a brief: the API answers 400 (from the planner or the interpreter), and its detail is shown.
    const answer = page.waitForResponse(
      (r) =>
        (r.url().endsWith('/api/v1/plans') || r.url().endsWith('/api/v1/interpret')) && r.status() === 400,
    );
    await page.press('#brief-input', 'Enter');
    const problem = (await (await answer).json()) as { detail: string };
    expect(problem.detail).toMatch(/brief/i);
    // A refusal of the text as a brief is asked in the conversation, with the API's own detail,
    // once, and not also shown as two error boxes (the interpretation's and the plan's).
    await page.locator('.turn.question').filter({ hasText: problem.detail }).first().waitFor();
    await page.waitForFunction(() => document.body.dataset.planState === 'explained', null, {
      timeout: 60_000,
    });
    expect(await page.locator('.error').count()).toBe(0);
    await shot(page, '08-api-error');

    // The server unreachable: the message says so.
    await page.route('**/api/v1/plans', (route) => route.abort('connectionrefused'));
    await page.route('**/api/v1/interpret', (route) => route.abort('connectionrefused'));
    await page.fill('#brief-input', BRIEF_EXCLUSIVITY);
    await page.press('#brief-input', 'Enter');
    await page.getByText('The server cannot be reached').first().waitFor();
    await page.unroute('**/api/v1/plans');
    await page.unroute('**/api/v1/interpret');
    await shot(page, '09-server-unreachable');
  });

  it('asks whether off-topic text is a brief instead of planning a campaign for it', async () => {
    await page.goto(`${server.url}/`);
    let plans = 0;
    const count = (r: { url(): string }) => {
      if (r.url().endsWith('/api/v1/plans')) plans++;
    };
    page.on('request', count);
    await page.fill('#brief-input', 'who won the football game last night');
    await page.press('#brief-input', 'Enter');
    await page.waitForFunction(() => document.body.dataset.planState === 'explained', null, {
      timeout: 60_000,
    });
    await page.getByText('Is this a campaign brief?').first().waitFor();
    page.off('request', count);
    expect(plans).toBe(0);
    expect(await page.locator('#ranked-panel').count()).toBe(0);
    // No reading of the text as a campaign is shown, only the question.
    expect(await page.getByText('Goal: Conversion').count()).toBe(0);
    await shot(page, '10-not-a-brief');
    // The answer is the brief itself (not appended to the off-topic text), and it is planned.
    const plan = page.waitForRequest((r) => r.url().endsWith('/api/v1/plans'));
    await page.fill('#brief-input', BRIEF_SCARCITY);
    await page.press('#brief-input', 'Enter');
    expect(((await plan).postDataJSON() as { brief?: string }).brief).toBe(BRIEF_SCARCITY);
  });

  it('has no serious accessibility violations (axe-core)', async () => {
    const axe = readFileSync(join(ROOT, 'node_modules', 'axe-core', 'axe.min.js'), 'utf8');
    const serious: string[] = [];
    for (const path of ['/', '/#/segments', '/#/customers']) {
      await page.goto(`${server.url}${path}`);
      if (path === '/') {
        await submitBrief(page, BRIEF_EXCLUSIVITY);
        await page.locator('[data-testid=copy-variant]').first().waitFor();
      }
      await page.addScriptTag({ content: axe });
      const result = (await page.evaluate(async () => {
        const w = window as unknown as { axe: { run: (ctx: Document, opts: unknown) => Promise<unknown> } };
        return w.axe.run(document, { resultTypes: ['violations'] });
      })) as {
        violations: { id: string; impact: string | null; help: string; nodes: { target: string[] }[] }[];
      };
      for (const v of result.violations) {
        if (v.impact === 'serious' || v.impact === 'critical') {
          serious.push(
            `${path} ${v.id} (${v.impact}): ${v.help} — ${v.nodes
              .map((n) => n.target.join(' '))
              .slice(0, 3)
              .join(', ')}`,
          );
        }
      }
    }
    expect(serious).toEqual([]);
  });
});
