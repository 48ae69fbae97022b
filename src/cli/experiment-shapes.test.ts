import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { Command } from 'commander';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openStore } from '../store/open.ts';
import { filePathLiteral } from '../store/sql-literal.ts';
import {
  criteoShape,
  hillstromShape,
  lentaShape,
  type ShapeFile,
  starbucksShape,
  x5Shape,
} from '../test-support/experiment-shapes.ts';
import { checkShapeRun } from '../test-support/shape-run.ts';
import { registerEvaluate } from './commands/evaluate.ts';
import { registerImport } from './commands/import.ts';
import { registerScore } from './commands/score.ts';
import { registerTrain } from './commands/train.ts';

/**
 * `aether import experiment` → `train` → `evaluate --json` → `score --out` on seeded look-alikes of
 * five public uplift data sets (src/test-support/experiment-shapes.ts; not the real data), each
 * with a planted effect whose truth is known per row. The Hillstrom shape runs the real `bin/aether.js`
 * in child processes (Parquet output too); the others run the same commander commands in this
 * process, which saves the two seconds of start-up per command.
 */
const execFileAsync = promisify(execFile);
const bin = join(dirname(fileURLToPath(import.meta.url)), '..', '..', 'bin', 'aether.js');
const ROWS = 3000;

async function childCli(args: string[]): Promise<Record<string, unknown>> {
  const r = await execFileAsync(process.execPath, [bin, ...args, '--json'], {
    maxBuffer: 64 * 1024 * 1024,
  }).catch((e: { stdout: string }) => e);
  return JSON.parse(r.stdout) as Record<string, unknown>;
}

/** The CLI's commands in this process; stdout (the one JSON document) is captured. */
async function inProcessCli(args: string[]): Promise<Record<string, unknown>> {
  const program = new Command().exitOverride();
  for (const register of [registerImport, registerTrain, registerEvaluate, registerScore]) register(program);
  const write = process.stdout.write;
  const exitCode = process.exitCode;
  let out = '';
  process.stdout.write = ((chunk: string) => {
    out += chunk;
    return true;
  }) as typeof process.stdout.write;
  try {
    await program.parseAsync(['node', 'aether', ...args, '--json']);
  } finally {
    process.stdout.write = write;
    process.exitCode = exitCode;
  }
  return JSON.parse(out) as Record<string, unknown>;
}

let dir: string;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'aether-shapes-'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** Runs the whole flow on one shape and checks what every shape must satisfy. */
async function endToEnd(name: string, shape: ShapeFile, cli: typeof childCli, parquet = false) {
  const file = join(dir, `${name}.csv`);
  writeFileSync(file, shape.text);
  const db = ['--db', join(dir, `${name}.duckdb`)];
  const imported = await cli(['import', 'experiment', file, ...shape.args, ...db]);
  expect(imported.error, JSON.stringify(imported.error)).toBeUndefined();
  expect((imported.arms as { label: string }[]).map((a) => a.label)).toEqual(shape.arms);
  const trained = await cli(['train', ...db]);
  expect(trained.error, JSON.stringify(trained.error)).toBeUndefined();
  expect([trained.training_rows, trained.holdout_rows, trained.holdout_from]).toEqual([
    ROWS * 0.7,
    ROWS * 0.3,
    'seeded_sample',
  ]);
  const evaluated = await cli(['evaluate', ...db]);
  expect(evaluated.model_version).toBe(trained.model_version);
  expect(evaluated.arms).toEqual(shape.arms);
  expect(evaluated.holdout_rows).toBe(ROWS * 0.3);
  expect(Object.keys(evaluated.qini as object)).toEqual(shape.arms.slice(1));
  for (const q of Object.values(evaluated.qini as Record<string, { qini_normalized: number }>))
    expect(Number.isFinite(q.qini_normalized)).toBe(true);
  const counts = Object.values(evaluated.policy_counts as Record<string, number>);
  expect(counts.reduce((a, b) => a + b, 0)).toBe(ROWS * 0.3);
  const scores = join(dir, `${name}-scores.csv`);
  const scored = await cli(['score', '--out', scores, ...db]);
  expect([scored.rows, scored.format]).toEqual([ROWS, 'csv']);
  const check = checkShapeRun(shape, evaluated, scores);
  expect(check.holdout_rows).toBe(ROWS * 0.3);
  // The DR intervals of the recommended policy and of treating nobody cover the planted truth, and
  // the policy is truly no worse than treating nobody.
  expect(check.dr_covers_truth, JSON.stringify(check)).toBe(true);
  expect(check.nobody_covers_truth, JSON.stringify(check)).toBe(true);
  expect(check.policy_true_value).toBeGreaterThanOrEqual(check.treat_nobody_true_value);
  if (parquet) {
    const out = join(dir, `${name}-scores.parquet`);
    const p = await cli(['score', '--out', out, ...db]);
    expect([p.rows, p.format]).toEqual([ROWS, 'parquet']);
    const store = await openStore(':memory:');
    try {
      const columns = await store.query<{ column_name: string; column_type: string }>(
        `DESCRIBE SELECT * FROM read_parquet(${filePathLiteral(out)})`,
      );
      expect(columns.map((c) => [c.column_name, c.column_type])).toEqual([
        ['id', 'VARCHAR'],
        ['baseline', 'DOUBLE'],
        ...shape.arms.slice(1).map((a) => [`uplift_${a}`, 'DOUBLE']),
        ['recommended_arm', 'VARCHAR'],
        ['held_out', 'BOOLEAN'],
      ]);
      const [n] = await store.query<{ n: number; held: number }>(
        `SELECT count(*)::INTEGER AS n, count(*) FILTER (WHERE held_out)::INTEGER AS held FROM read_parquet(${filePathLiteral(out)})`,
      );
      expect(n).toEqual({ n: ROWS, held: ROWS * 0.3 });
    } finally {
      await store.close();
    }
  }
  return { imported, trained, evaluated, check };
}

const features = (doc: Record<string, unknown>) =>
  (doc.features as { name: string; kind: string; parsed_from?: string }[]).map(
    (f) => `${f.name}:${f.kind}${f.parsed_from ? `:${f.parsed_from}` : ''}`,
  );

describe('real experiment shapes, end to end through the CLI', () => {
  it('Hillstrom: three named arms, "$1,000" segments quoted, conversion learnt with spend as revenue (child processes, Parquet out)', async () => {
    const r = await endToEnd('hillstrom', hillstromShape(ROWS, 21, 'conversion'), childCli, true);
    expect(features(r.imported)).toEqual([
      'recency:numeric',
      'history_segment:categorical',
      'history:numeric',
      'mens:numeric',
      'womens:numeric',
      'zip_code:categorical',
      'newbie:numeric',
      'channel:categorical',
    ]);
    expect([r.imported.revenue_column, r.evaluated.outcome_kind]).toEqual(['spend', 'binary']);
  }, 120_000);

  it('Hillstrom learnt on spend (a revenue outcome, mostly 0): reported as an amount', async () => {
    const r = await endToEnd('hillstrom-spend', hillstromShape(ROWS, 22), inProcessCli);
    expect(r.evaluated.outcome_kind).toBe('numeric');
    expect(r.check.treat_nobody_true_value).toBeGreaterThan(1);
  }, 60_000);

  it('Criteo: 85% treated, control "0", exposure and conversion left out; the f0 > 10 effect is found', async () => {
    const r = await endToEnd('criteo', criteoShape(ROWS, 23), inProcessCli);
    expect((r.imported.arms as { share: number }[]).map((a) => Math.round(a.share * 20) / 20)).toEqual([
      0.15, 0.85,
    ]);
    expect(features(r.imported)).toEqual(Array.from({ length: 12 }, (_, j) => `f${j}:numeric`));
    expect(r.check.uplift_truth_correlation['1']).toBeGreaterThan(0.3);
  }, 60_000);

  it('Lenta: BOM, CRLF, a pandas index, Cyrillic gender, NaN-filled and constant columns; the women effect is found', async () => {
    const r = await endToEnd('lenta', lentaShape(ROWS, 24), inProcessCli);
    expect((r.imported.excluded_row_index as string[]).length).toBe(1);
    expect(r.imported.excluded_constant).toEqual(['is_active_flag']);
    expect(features(r.imported)).toContain('gender:categorical');
    expect(features(r.imported)).not.toContain('response_sms:numeric');
    expect(r.check.uplift_truth_correlation.test).toBeGreaterThan(0.3);
  }, 60_000);

  it('X5 RetailHero: hex client ids, "2017-08-05 15:44:09" dates as days, impossible ages', async () => {
    const r = await endToEnd('x5', x5Shape(ROWS, 25), inProcessCli);
    expect(features(r.imported)).toEqual([
      'first_issue_date:numeric:date',
      'first_redeem_date:numeric:date',
      'age:numeric',
      'gender:categorical',
    ]);
    expect(r.imported.id_column).toBe('client_id');
  }, 60_000);

  it('Starbucks: Promotion "Yes"/"No", ID as --id, V1..V7', async () => {
    const r = await endToEnd('starbucks', starbucksShape(ROWS, 26), inProcessCli);
    expect(features(r.imported)).toEqual(Array.from({ length: 7 }, (_, j) => `V${j + 1}:numeric`));
  }, 60_000);
});
