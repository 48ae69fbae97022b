/**
 * `npm run bench -- web [--db PATH] [--customers N] [--runs N] [--json]`
 *
 * The marketer workspace's two figures (issue 7): the production bundle's size (gzip, per file
 * and in total) and the time from pressing Enter on a brief to the full plan on screen (ranked
 * triggers, reasons, charts, copy) in headless Chromium against the real server. The database is
 * generated and trained on first use and kept for reruns.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { cpus, totalmem } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { openBrowser, ROOT, startServer } from '../web/src/e2e/harness.ts';

const args = process.argv.slice(2);
const flag = (name: string, fallback: string) => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 && args[i + 1] ? (args[i + 1] as string) : fallback;
};
const customers = Number(flag('customers', '100000'));
const db = flag('db', join(ROOT, '.tmp', `bench-web-${customers}.duckdb`));
const runs = Number(flag('runs', '5'));
const json = args.includes('--json');
const log = (m: string) => process.stderr.write(`${m}\n`);
const AETHER = join(ROOT, 'bin', 'aether.js');

const BRIEFS = [
  "Target users who viewed 'Limited Edition' sneakers and remind them stock is low.",
  'Offer our most loyal customers exclusive early access to the new collection.',
  // The first brief names a category the simulated catalogue calls "shoes"; this one reaches a full plan.
  "Target users who viewed 'Limited Edition' shoes and remind them stock is low.",
];

function bundleSize() {
  const dir = join(ROOT, 'web', 'dist', 'assets');
  const files = readdirSync(dir)
    .filter((f) => f.endsWith('.js') || f.endsWith('.css'))
    .map((f) => {
      const raw = readFileSync(join(dir, f));
      return { file: f, bytes: raw.length, gzip_bytes: gzipSync(raw, { level: 9 }).length };
    });
  const html = readFileSync(join(ROOT, 'web', 'dist', 'index.html'));
  files.push({ file: 'index.html', bytes: html.length, gzip_bytes: gzipSync(html, { level: 9 }).length });
  return {
    files,
    total_bytes: files.reduce((a, f) => a + f.bytes, 0),
    total_gzip_bytes: files.reduce((a, f) => a + f.gzip_bytes, 0),
  };
}

function median(xs: number[]): number {
  const s = xs.slice().sort((a, b) => a - b);
  const m = Math.floor(s.length / 2);
  return s.length % 2 ? (s[m] as number) : ((s[m - 1] as number) + (s[m] as number)) / 2;
}

if (!existsSync(db)) {
  log(`generating ${customers} customers into ${db} (once; reruns reuse it)…`);
  execFileSync(
    process.execPath,
    [AETHER, 'generate', '--customers', String(customers), '--db', db, '--json'],
    {
      cwd: ROOT,
      stdio: ['ignore', 'ignore', 'inherit'],
    },
  );
  execFileSync(process.execPath, [AETHER, 'refresh-profiles', '--db', db], {
    cwd: ROOT,
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  log('training…');
  execFileSync(process.execPath, [AETHER, 'train', '--db', db, '--json'], {
    cwd: ROOT,
    stdio: ['ignore', 'ignore', 'inherit'],
  });
}

log('building web/dist…');
execFileSync('npm', ['run', 'build:web'], { cwd: ROOT, stdio: ['ignore', 'ignore', 'inherit'] });
const bundle = bundleSize();
const server = await startServer(db);
const browser = await openBrowser();
const results: { brief: string; run: number; ms: number; state: string; api: Record<string, number> }[] = [];
// The first brief after the server starts also fills the server's caches (the scored population,
// every customer's behaviour features): recorded apart, as what the first marketer of the day sees.
const warmups: typeof results = [];
try {
  const page = browser.page;
  for (const brief of BRIEFS) {
    // One warm-up per brief: the first request loads the interpreter and DuckDB's caches.
    for (let run = 0; run <= runs; run++) {
      const api: Record<string, number> = {};
      const started = new Map<string, number>();
      page.on('request', (r) => {
        if (r.url().includes('/api/v1/')) started.set(r.url() + (r.postData() ?? ''), Date.now());
      });
      page.on('requestfinished', (r) => {
        const t = started.get(r.url() + (r.postData() ?? ''));
        if (t) api[new URL(r.url()).pathname.replace('/api/v1/', '')] = Date.now() - t;
      });
      await page.goto(`${server.url}/`);
      await page.evaluate(() =>
        document.addEventListener(
          'keydown',
          (e) => {
            if (e.key === 'Enter') performance.mark('enter');
          },
          { capture: true },
        ),
      );
      await page.fill('#brief-input', brief);
      const planned = page.waitForResponse((r) => r.url().endsWith('/api/v1/plans'), { timeout: 120_000 });
      await page.press('#brief-input', 'Enter');
      // "complete": plan, explanation, charts and copy on screen; "explained" when the API has no plan
      // for the brief (then the evidence-based explanation is what the page can show).
      const wanted = (await planned).status() === 200 ? ['complete'] : ['explained'];
      await page.waitForFunction((w) => w.includes(document.body.dataset.planState ?? ''), wanted, {
        timeout: 120_000,
      });
      await page.waitForTimeout(50);
      const state = await page.evaluate(() => document.body.dataset.planState ?? '');
      const ms = await page.evaluate(
        (s) => performance.measure('enter-to-plan', 'enter', `plan-${s}`).duration,
        state === 'complete' ? 'complete' : 'explained',
      );
      page.removeAllListeners('request');
      page.removeAllListeners('requestfinished');
      (run > 0 ? results : warmups).push({ brief, run, ms, state, api });
      log(`${run === 0 ? 'warm-up' : `run ${run}`}: ${ms.toFixed(0)} ms (${state}) ${JSON.stringify(api)}`);
    }
  }
} finally {
  await browser.close();
  await server.stop();
}

const report = {
  date: new Date().toISOString(),
  machine: {
    cpus: cpus().length,
    cpu: cpus()[0]?.model ?? '',
    memory_gib: Math.round(totalmem() / 2 ** 30),
    node: process.version,
  },
  db,
  customers,
  bundle,
  plan_available: results.every((r) => r.state === 'complete'),
  enter_to_plan_ms: Object.fromEntries(
    BRIEFS.map((b) => [b, median(results.filter((r) => r.brief === b).map((r) => r.ms))]),
  ),
  enter_to_plan_max_ms: Object.fromEntries(
    BRIEFS.map((b) => [b, Math.max(...results.filter((r) => r.brief === b).map((r) => r.ms))]),
  ),
  median_ms: median(results.map((r) => r.ms)),
  warmups,
  runs: results,
};
if (json) process.stdout.write(`${JSON.stringify(report, null, 2)}\n`);
else {
  log(
    `bundle: ${(bundle.total_gzip_bytes / 1024).toFixed(1)} kB gzipped (${(bundle.total_bytes / 1024).toFixed(0)} kB raw)`,
  );
  log(
    `Enter → full plan on screen, median of ${results.length}: ${report.median_ms.toFixed(0)} ms (plan available: ${report.plan_available})`,
  );
}
