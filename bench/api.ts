/**
 * `npm run bench -- api [--customers N] [--duration S] [--json]`: the activation API's targets
 * (issue 6) on N customers (default 1,000,000) with a segment of a fifth of them.
 *
 * The customer rows, their events and the model scores are generated with SQL (the fixtures of
 * src/segments/test-fixtures.ts), not by the simulator and a trained model, so that the figures
 * measure the API alone. The server runs as its own process (`aether serve`), autocannon loads it
 * from this one, on the same machine.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { cpus, loadavg, tmpdir, totalmem } from 'node:os';
import { join, resolve } from 'node:path';
import autocannon from 'autocannon';
import { createApiKey } from '../src/api/api-keys.ts';
import { SCOPES } from '../src/contracts/api.ts';
import { seedCustomers, seedScores } from '../src/segments/test-fixtures.ts';
import { openStore } from '../src/store/open.ts';

const args = process.argv.slice(2);
const flag = (name: string, fallback: string) => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 ? (args[i + 1] ?? fallback) : fallback;
};
const N = Number(flag('customers', '1000000'));
const DURATION = Number(flag('duration', '15'));
const PORT = Number(flag('port', '4399'));
const log = (m: string) => process.stderr.write(`${m}\n`);

const dir = mkdtempSync(join(tmpdir(), 'aether-bench-api-'));
const dbPath = join(dir, 'bench.duckdb');
const result: Record<string, unknown> = {
  date: new Date().toISOString(),
  machine: `${cpus().length} cores (${cpus()[0]?.model ?? '?'}), ${(totalmem() / 2 ** 30).toFixed(0)} GiB`,
  node: process.version,
  customers: N,
};

try {
  const t0 = performance.now();
  const store = await openStore(dbPath);
  log(`generating ${N.toLocaleString('en-US')} customers, events and scores with SQL…`);
  await seedCustomers(store, N);
  await seedScores(store);
  result.setup_seconds = round((performance.now() - t0) / 1000);
  result.load_average_at_start = loadavg().map(round);
  const key = (await createApiKey(store, 'bench', [...SCOPES])).key;
  await store.close();

  const root = resolve(new URL('..', import.meta.url).pathname);
  const server = spawn(
    process.execPath,
    [
      '--import',
      'tsx',
      join(root, 'src/cli/main.ts'),
      'serve',
      '--db',
      dbPath,
      '--port',
      String(PORT),
      '--rate-limit',
      '1000000000',
      '--no-web',
    ],
    { cwd: root, env: { ...process.env, AETHER_QUIET: '1' }, stdio: ['ignore', 'ignore', 'ignore'] },
  );
  const base = `http://127.0.0.1:${PORT}`;
  let exited = false;
  server.once('exit', () => {
    exited = true;
  });
  try {
    await waitFor(`${base}/api/v1/health`);
    // A server left on the port by another run would answer health too: make sure ours is up.
    if (exited) throw new Error(`aether serve exited at start (port ${PORT} in use?)`);
    const auth = { authorization: `Bearer ${key}` };
    // clv_score is uniform on [0, 1): the top fifth is the 200k segment of the target. Created
    // through the API as a user would, so the time includes the snapshot and its page files.
    let t = performance.now();
    const createCpu0 = cpuSeconds(server.pid!);
    const createdRes = await fetch(`${base}/api/v1/segments?wait=true`, {
      method: 'POST',
      headers: { ...auth, 'content-type': 'application/json' },
      body: JSON.stringify({
        name: 'bench: top fifth by CLV, free shipping',
        criteria: { field: 'clv_score', op: '>=', value: 0.8 },
        trigger: 'free_shipping',
        include_not_opted_in: true,
      }),
    });
    if (createdRes.status !== 201) throw new Error(`segment creation: HTTP ${createdRes.status}`);
    const seg = (await createdRes.json()) as { segment_id: string; size: number; treatment_size: number };
    result.segment = {
      size: seg.size,
      treatment_size: seg.treatment_size,
      create_seconds: round((performance.now() - t) / 1000),
      server_cpu_seconds: round(cpuSeconds(server.pid!) - createCpu0),
      load_average_1m: round(loadavg()[0] ?? 0),
    };
    log(
      `segment ${seg.segment_id}: ${seg.size} members in ${(result.segment as { create_seconds: number }).create_seconds} s`,
    );
    const sparse = 'limit=100&fields=customer_id,email_address,recommended_trigger';
    const path = `/api/v1/segments/${seg.segment_id}/customers`;
    // The cursors of the first pages, so that the load walks through the segment, not one page.
    const cursors: (string | null)[] = [null];
    while (cursors.length < 500) {
      const c = cursors[cursors.length - 1];
      const r = (await (
        await fetch(`${base}${path}?${sparse}${c ? `&cursor=${c}` : ''}`, { headers: auth })
      ).json()) as {
        next_cursor: string | null;
      };
      if (!r.next_cursor) break;
      cursors.push(r.next_cursor);
    }
    const load = async (label: string, query: string, connections: number) => {
      let i = 0;
      const run = () =>
        autocannon({
          url: base,
          connections,
          duration: DURATION,
          headers: auth,
          requests: [
            {
              method: 'GET',
              setupRequest: (req: { path: string }) => {
                const c = cursors[i++ % cursors.length];
                req.path = `${path}?${query}${c ? `&cursor=${c}` : ''}`;
                return req;
              },
            },
          ],
        } as autocannon.Options);
      await autocannon({ url: `${base}${path}?${query}`, connections, duration: 3, headers: auth }); // warm-up
      const cpu0 = cpuSeconds(server.pid!);
      const r = await run();
      const cpu = cpuSeconds(server.pid!) - cpu0;
      const out = {
        connections,
        // CPU the server process spent per request: less sensitive than latency to other load on the machine.
        server_cpu_ms_per_request: round((1000 * cpu) / Math.max(1, r.requests.total)),
        load_average_1m: round(loadavg()[0] ?? 0),
        requests_per_second: round(r.requests.average),
        latency_ms: { p50: r.latency.p50, p90: r.latency.p90, p99: r.latency.p99, max: r.latency.max },
        throughput_mib_per_second: round(r.throughput.average / 2 ** 20),
        errors: r.errors,
        non_2xx: r.non2xx,
      };
      log(
        `${label} @${connections}: ${out.requests_per_second} req/s, p50 ${out.latency_ms.p50} ms, p99 ${out.latency_ms.p99} ms`,
      );
      return out;
    };
    result.sparse_page = [await load('sparse', sparse, 32), await load('sparse', sparse, 8)];
    result.full_page = [await load('full', 'limit=100', 32), await load('full', 'limit=100', 8)];

    const rssBefore = memory(server.pid!);
    const exportCpu0 = cpuSeconds(server.pid!);
    t = performance.now();
    const res = await fetch(`${base}/api/v1/segments/${seg.segment_id}/export?format=ndjson`, {
      headers: auth,
    });
    let bytes = 0;
    let lines = 0;
    for await (const chunk of res.body as unknown as AsyncIterable<Uint8Array>) {
      bytes += chunk.byteLength;
      for (let k = 0; k < chunk.length; k++) if (chunk[k] === 10) lines++;
    }
    const after = memory(server.pid!);
    result.export_ndjson = {
      rows: lines,
      mib: round(bytes / 2 ** 20),
      seconds: round((performance.now() - t) / 1000),
      server_cpu_seconds: round(cpuSeconds(server.pid!) - exportCpu0),
      load_average_1m: round(loadavg()[0] ?? 0),
      server_rss_mib_before: rssBefore.rss,
      server_rss_mib_after: after.rss,
      server_peak_rss_mib: after.peak,
    };
    log(
      `export: ${lines} rows, ${round(bytes / 2 ** 20)} MiB in ${(result.export_ndjson as { seconds: number }).seconds} s`,
    );
  } finally {
    if (!exited) {
      server.kill('SIGINT');
      await new Promise((r) => server.once('exit', r));
    }
  }
  if (args.includes('--json')) process.stdout.write(`${JSON.stringify(result, null, 2)}\n`);
  else process.stdout.write(`${JSON.stringify(result)}\n`);
} finally {
  rmSync(dir, { recursive: true, force: true });
}

function round(x: number): number {
  return Math.round(x * 100) / 100;
}

/** User + system CPU seconds of a process (Linux /proc; clock ticks of 1/100 s). */
function cpuSeconds(pid: number): number {
  const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
  return (Number(fields[11]) + Number(fields[12])) / 100;
}

function memory(pid: number): { rss: number; peak: number } {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const kb = (k: string) => Number(new RegExp(`${k}:\\s+(\\d+)`).exec(status)?.[1] ?? 0);
  return { rss: Math.round(kb('VmRSS') / 1024), peak: Math.round(kb('VmHWM') / 1024) };
}

async function waitFor(url: string): Promise<void> {
  for (let i = 0; i < 600; i++) {
    try {
      if ((await fetch(url)).ok) return;
    } catch {}
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error(`server did not come up at ${url}`);
}
