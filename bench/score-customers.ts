/**
 * Scoring benchmark (issue 4: 1M customers scored in < 60 s): what `aether score --refresh` does
 * (every customer scored with the active uplift model and published as a new version), with when
 * each stage was done, the process's CPU seconds (DuckDB's and the workers' threads included), and
 * the new scores compared with the model's stored ones, column by column.
 *
 *   npm run bench -- score-customers --db FILE [--chunk-rows 250000] [--threads 2] [--json]
 *
 * It writes a new model version: run it on a copy of the database, e.g.
 * `cp /tmp/db/m1.duckdb /tmp/scoring/`, fresh for every run.
 */
import { SCORE_COLUMNS } from '../src/causal/pipeline/export-scores.ts';
import { rescoreCustomers } from '../src/causal/pipeline/rescore.ts';
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
  const c0 = process.cpuUsage();
  const chunkRows = arg('chunk-rows');
  const threads = arg('threads');
  const run = await rescoreCustomers(store, undefined, {
    chunkRows: chunkRows ? Number(chunkRows) : undefined,
    threads: threads ? Number(threads) : undefined,
  });
  const cpu = process.cpuUsage(c0);
  // The model's scores as stored by `aether train` (by the code of the time): every column of
  // every customer compared, so a changed figure anywhere shows.
  const columns = SCORE_COLUMNS.filter((c) => c !== 'customer_id');
  const [diff] = await store.query<{ compared: number; differing: number }>(
    `SELECT count(*) AS compared, count(*) FILTER (WHERE ${columns.map((c) => `a.${c} IS DISTINCT FROM b.${c}`).join(' OR ')}) AS differing
     FROM customer_scores a JOIN customer_scores b ON b.customer_id = a.customer_id
     WHERE a.model_version = $1 AND b.model_version = $2`,
    [run.model_version, run.rescored_from],
  );
  const result = { ...run, cpu_seconds: (cpu.user + cpu.system) / 1e6, same_as_stored_scores: diff };
  log(JSON.stringify(result));
  if (args.includes('--json')) process.stdout.write(`${JSON.stringify(result, null, 2)}\n`);
} finally {
  await store.close();
}
