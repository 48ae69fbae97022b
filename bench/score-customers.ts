/**
 * Scoring benchmark (issue 4: 1M customers scored in < 60 s): every customer of a database scored
 * with its active uplift model and published, each stage timed (wall and process CPU seconds,
 * DuckDB's and the workers' threads included).
 *
 *   npm run bench -- score-customers --db FILE [--json]
 *
 * It writes: the scores are published under a new model version. Run it on a copy of the
 * database (`cp /tmp/db/m1.duckdb /tmp/scoring/`), fresh for every run.
 */
import { activeUpliftModel } from '../src/causal/pipeline/active-model.ts';
import {
  currentFeatures,
  publishScores,
  scoreFrame,
  stageScores,
} from '../src/causal/pipeline/score-customers.ts';
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

const stages: Record<string, { wall: number; cpu: number }> = {};
async function stage<T>(name: string, fn: () => Promise<T> | T): Promise<T> {
  const t0 = performance.now();
  const c0 = process.cpuUsage();
  const out = await fn();
  const c = process.cpuUsage(c0);
  stages[name] = { wall: (performance.now() - t0) / 1000, cpu: (c.user + c.system) / 1e6 };
  log(`${name}: ${stages[name].wall.toFixed(1)} s wall, ${stages[name].cpu.toFixed(1)} CPU s`);
  return out;
}

const store = await openStore(db);
try {
  const t0 = performance.now();
  const model = await activeUpliftModel(store);
  const frame = await stage('features', () => currentFeatures(store));
  const scores = await stage('predict_and_recommend', () =>
    scoreFrame(model.artifact, frame, {
      objective: 'profit',
      costConfig: DEFAULT_COST_CONFIG,
      channel: 'email',
    }),
  );
  const version = `bench_${Date.now()}`;
  const staging = await stage('stage', () => stageScores(store, version, scores));
  await stage('publish', () => store.transaction((tx) => publishScores(tx, staging)));
  await store.run(`DROP TABLE ${staging}`);
  const total = (performance.now() - t0) / 1000;
  const result = { customers: scores.customerIds.length, model: model.model_version, stages, total };
  log(`total ${total.toFixed(1)} s`);
  if (args.includes('--json')) process.stdout.write(`${JSON.stringify(result, null, 2)}\n`);
} finally {
  await store.close();
}
