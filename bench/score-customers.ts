/**
 * Scoring benchmark (issue 4: 1M customers scored in < 60 s): every customer of a database scored
 * with its active uplift model and published, with when each stage was done and the process's CPU
 * seconds (DuckDB's and the workers' threads included). The new scores are compared with the
 * model's stored ones, column by column.
 *
 *   npm run bench -- score-customers --db FILE [--json]
 *
 * It writes: the scores are published under a new model version. Run it on a copy of the
 * database (`cp /tmp/db/m1.duckdb /tmp/scoring/`), fresh for every run.
 */
import { activeUpliftModel } from '../src/causal/pipeline/active-model.ts';
import { SCORE_COLUMNS } from '../src/causal/pipeline/export-scores.ts';
import { dropStaging, publishScores, scoreAllCustomers } from '../src/causal/pipeline/score-customers.ts';
import { DEFAULT_COST_CONFIG } from '../src/contracts/trigger-costs.ts';
import { openStore } from '../src/store/open.ts';

const args = process.argv.slice(2);
const arg = (name: string) => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 ? args[i + 1] : undefined;
};
const db = arg('db');
if (!db) {
  process.stderr.write('usage: npm run bench -- score-customers --db FILE [--json]\n');
  process.exit(2);
}
const log = (msg: string) => process.stderr.write(`[score-customers] ${msg}\n`);

const store = await openStore(db);
try {
  const t0 = performance.now();
  const c0 = process.cpuUsage();
  const model = await activeUpliftModel(store);
  const version = `bench_${Date.now()}`;
  const run = await scoreAllCustomers(store, model.artifact, {
    objective: 'profit',
    costConfig: DEFAULT_COST_CONFIG,
    channel: 'email',
  });
  const t1 = performance.now();
  await store.transaction((tx) => publishScores(tx, run.staging, version));
  const publish = (performance.now() - t1) / 1000;
  // The model's scores as stored by `aether train` (the one-thread code of the time): every
  // column of every customer compared, so a changed figure anywhere shows.
  const columns = SCORE_COLUMNS.filter((c) => c !== 'customer_id');
  const [diff] = await store.query<{ compared: number; differing: number }>(
    `SELECT count(*) AS compared, count(*) FILTER (WHERE ${columns.map((c) => `a.${c} IS DISTINCT FROM b.${c}`).join(' OR ')}) AS differing
     FROM ${run.staging} a JOIN customer_scores b ON b.customer_id = a.customer_id AND b.model_version = $1`,
    [model.model_version],
  );
  await dropStaging(store, run.staging);
  const total = (performance.now() - t0) / 1000;
  const cpu = process.cpuUsage(c0);
  const result = {
    customers: run.customers,
    model: model.model_version,
    seconds: { ...run.seconds, publish, total },
    cpu_seconds: (cpu.user + cpu.system) / 1e6,
    same_as_stored_scores: diff,
  };
  log(JSON.stringify(result));
  if (args.includes('--json')) process.stdout.write(`${JSON.stringify(result, null, 2)}\n`);
} finally {
  await store.close();
}
