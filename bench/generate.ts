/**
 * `npm run bench -- generate [--customers 100000,1000000] [--seed 42] [--threads N] [--json]`
 *
 * Runs `aether generate` in a fresh process for each size (so peak RSS is that run's own) into a
 * temporary database, and reports wall time (simulate / load / total), peak resident memory and
 * the row count of every table. The machine's load average is printed too: on a shared machine
 * it explains most of the spread between runs.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { cpus, loadavg, tmpdir, totalmem } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const args = process.argv.slice(2);
const flag = (name: string, fallback: string) => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 && args[i + 1] ? args[i + 1]! : fallback;
};
const sizes = flag('customers', '100000,1000000').split(',').map(Number);
const seed = flag('seed', '42');
const threads = flag('threads', String(cpus().length));
const json = args.includes('--json');
const bin = join(dirname(fileURLToPath(import.meta.url)), '..', 'bin', 'aether.js');

interface Run {
  customers: number;
  load_average_before: number;
  load_average_after: number;
  threads: number;
  seconds: { generate: number; load: number; total: number };
  cpu_seconds: number;
  peak_rss_mib: number;
  rows: Record<string, number>;
}
const results: Run[] = [];
for (const n of sizes) {
  const dir = mkdtempSync(join(tmpdir(), 'aether-bench-'));
  const before = loadavg()[0]!;
  process.stderr.write(
    `generating ${n.toLocaleString('en-US')} customers (load average ${before.toFixed(1)}) …\n`,
  );
  const run = spawnSync(
    process.execPath,
    [
      bin,
      'generate',
      '--customers',
      String(n),
      '--seed',
      seed,
      '--threads',
      threads,
      '--db',
      join(dir, 'bench.duckdb'),
      '--json',
    ],
    {
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'inherit'],
      env: { ...process.env, AETHER_QUIET: '1' },
      maxBuffer: 1 << 24,
    },
  );
  rmSync(dir, { recursive: true, force: true });
  if (run.status !== 0) {
    process.stderr.write(run.stdout);
    process.exit(run.status ?? 1);
  }
  const r = JSON.parse(run.stdout);
  results.push({ customers: n, load_average_before: before, load_average_after: loadavg()[0]!, ...r });
}

const machine = {
  date: new Date().toISOString(),
  cpus: cpus().length,
  cpu_model: cpus()[0]?.model ?? 'unknown',
  memory_gib: Math.round(totalmem() / 2 ** 30),
  node: process.version,
};
if (json) process.stdout.write(`${JSON.stringify({ machine, results }, null, 2)}\n`);
else {
  const lines = [
    `${machine.date} · ${machine.cpus} cores (${machine.cpu_model}) · ${machine.memory_gib} GiB · Node ${machine.node}`,
    '',
    `| customers | threads | simulate s | load s | total s | CPU s | peak RSS MiB | load avg before/after |`,
    `|---:|---:|---:|---:|---:|---:|---:|---:|`,
    ...results.map(
      (r) =>
        `| ${r.customers.toLocaleString('en-US')} | ${r.threads} | ${r.seconds.generate} | ${r.seconds.load} | ${r.seconds.total} | ${r.cpu_seconds} | ${r.peak_rss_mib} | ${r.load_average_before.toFixed(1)} / ${r.load_average_after.toFixed(1)} |`,
    ),
    '',
    `| table | ${results.map((r) => r.customers.toLocaleString('en-US')).join(' | ')} |`,
    `|---|${results.map(() => '---:').join('|')}|`,
    ...Object.keys(results[0]?.rows ?? {}).map(
      (t) => `| ${t} | ${results.map((r) => (r.rows[t] ?? 0).toLocaleString('en-US')).join(' | ')} |`,
    ),
  ];
  process.stdout.write(`${lines.join('\n')}\n`);
}
