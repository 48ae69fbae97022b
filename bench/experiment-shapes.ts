/**
 * `npm run bench -- experiment-shapes [--shape NAME,…] [--rows N] [--seed S] [--keep DIR] [--hillstrom-outcome conversion] [--lenta-columns 193] [--max-rows N|all] [--time-v]`
 *
 * Runs the real CLI end to end (import experiment → train → evaluate → score .csv and .parquet)
 * on seeded synthetic files shaped like five public uplift data sets (Hillstrom, Criteo, Lenta,
 * X5, Starbucks; src/test-support/experiment-shapes.ts — look-alikes, not the real data), each in
 * a fresh scratch database, and checks the evaluation against the planted truth: the true value of
 * the recommended policy on the held-out rows (from the score file's recommended arm and held_out
 * flag) and whether the DR interval covers it. Default sizes are the real files' (Hillstrom 64,000
 * rows) or 50,000 where the real file is larger. `--max-rows` is passed to `aether train` (its
 * training-row cap); `--time-v` runs each command under `/usr/bin/time -v` and reports its peak
 * RSS and CPU seconds. `--data DIR` (Criteo only) writes the file there as it is generated, named by
 * rows and seed, and reuses it when it is already there: 14 million rows (the real file's size) are
 * ~1.7 GB of CSV, too large to hold as one string. With `--keep DIR` the scratch database there
 * is deleted before the run. `du` of the database is reported.
 */
import { execFile } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import {
  EXPERIMENT_SHAPES,
  type ExperimentShapeName,
  hillstromShape,
  lentaShape,
  type ShapeFile,
  writeCriteoShape,
} from '../src/test-support/experiment-shapes.ts';
import { checkShapeRun } from '../src/test-support/shape-run.ts';

const run = promisify(execFile);
const bin = join(dirname(fileURLToPath(import.meta.url)), '..', 'bin', 'aether.js');
const arg = (name: string) => {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? process.argv[i + 1] : undefined;
};
const DEFAULT_ROWS: Record<ExperimentShapeName, number> = {
  hillstrom: 64_000,
  criteo: 50_000,
  lenta: 50_000,
  x5: 50_000,
  starbucks: 50_000,
  megafon: 20_000,
  email: 30_000,
};
const shapes = (arg('shape')?.split(',') ?? Object.keys(EXPERIMENT_SHAPES)) as ExperimentShapeName[];
const seed = Number(arg('seed') ?? 1);
const keep = arg('keep');
const maxRows = arg('max-rows');
const timeV = process.argv.includes('--time-v');
const data = arg('data');

async function aether(db: string, ...args: string[]) {
  const t = process.hrtime.bigint();
  const argv = [bin, ...args, '--db', db, '--json'];
  const r = await (timeV
    ? run('/usr/bin/time', ['-v', process.execPath, ...argv], { maxBuffer: 256 * 1024 * 1024 })
    : run(process.execPath, argv, { maxBuffer: 256 * 1024 * 1024 })
  ).catch((e: { stdout: string; stderr: string }) => e);
  const seconds = Number(process.hrtime.bigint() - t) / 1e9;
  // /usr/bin/time -v appends its report to stderr: peak RSS in kB, user and system CPU seconds.
  const field = (label: string) =>
    Number(r.stderr.match(new RegExp(`${label}: ([0-9.]+)`))?.[1] ?? Number.NaN);
  const usage = timeV
    ? {
        peak_rss_mb: Math.round(field('Maximum resident set size \\(kbytes\\)') / 1024),
        cpu_seconds: field('User time \\(seconds\\)') + field('System time \\(seconds\\)'),
      }
    : undefined;
  process.stderr.write(
    `  aether ${args.slice(0, 2).join(' ')}: ${seconds.toFixed(1)} s${usage ? ` (${usage.cpu_seconds.toFixed(1)} s CPU, peak RSS ${usage.peak_rss_mb} MB)` : ''}\n${timeV ? '' : r.stderr}`,
  );
  return { doc: JSON.parse(r.stdout) as Record<string, unknown>, seconds, usage };
}

const results: unknown[] = [];
for (const name of shapes) {
  const n = Number(arg('rows') ?? DEFAULT_ROWS[name]);
  const dir = keep ?? mkdtempSync(join(tmpdir(), `aether-shape-${name}-`));
  mkdirSync(dir, { recursive: true });
  const bigFile = data && name === 'criteo' ? join(data, `criteo-${n}-seed${seed}.csv`) : undefined;
  const t0 = Date.now();
  let file = join(dir, `${name}.csv`);
  let shape: ShapeFile;
  if (bigFile) {
    mkdirSync(data as string, { recursive: true });
    const there = existsSync(bigFile);
    shape = writeCriteoShape(bigFile, n, seed, !there);
    file = bigFile;
    process.stderr.write(
      `${there ? 'reused' : 'wrote'} ${bigFile} (${(statSync(bigFile).size / 2 ** 30).toFixed(2)} GiB) in ${((Date.now() - t0) / 1000).toFixed(1)} s\n`,
    );
  } else {
    // --hillstrom-outcome conversion learns conversion with spend as revenue (default: spend).
    shape =
      name === 'hillstrom'
        ? hillstromShape(n, seed, arg('hillstrom-outcome') === 'conversion' ? 'conversion' : 'spend')
        : name === 'lenta' && arg('lenta-columns')
          ? lentaShape(n, seed, Number(arg('lenta-columns')) - 18)
          : EXPERIMENT_SHAPES[name](n, seed);
    writeFileSync(file, shape.text);
  }
  const db = join(dir, `${name}.duckdb`);
  for (const f of [db, `${db}.wal`, `${db}.tmp`]) rmSync(f, { recursive: true, force: true });
  process.stderr.write(`${name}: ${n} rows\n`);
  const imported = await aether(db, 'import', 'experiment', file, ...shape.args);
  const trained = await aether(db, 'train', ...(maxRows ? ['--max-rows', maxRows] : []));
  const evaluated = await aether(db, 'evaluate');
  const csv = await aether(db, 'score', '--out', join(dir, 'scores.csv'));
  const parquet = await aether(db, 'score', '--out', join(dir, 'scores.parquet'));
  const dbBytes = statSync(db).size;
  const check = checkShapeRun(shape, evaluated.doc, join(dir, 'scores.csv'));
  results.push({
    shape: name,
    rows: n,
    database_gib: dbBytes / 2 ** 30,
    seconds: {
      import: imported.seconds,
      train: trained.seconds,
      evaluate: evaluated.seconds,
      score_csv: csv.seconds,
      score_parquet: parquet.seconds,
    },
    import: imported.doc.error ?? {
      arms: imported.doc.arms,
      features: (imported.doc.features as { name: string; kind: string }[] | undefined)?.map(
        (f) => `${f.name}:${f.kind}`,
      ),
      excluded_imbalanced: imported.doc.excluded_imbalanced,
      excluded_row_index: imported.doc.excluded_row_index,
    },
    usage: timeV
      ? {
          import: imported.usage,
          train: trained.usage,
          evaluate: evaluated.usage,
          score_csv: csv.usage,
          score_parquet: parquet.usage,
        }
      : undefined,
    train: trained.doc.error ?? {
      policy: trained.doc.policy,
      gain: trained.doc.personalisation_gain,
      training_rows: trained.doc.training_rows,
      training_rows_used: trained.doc.training_rows_used,
      training_rows_used_by_arm: trained.doc.training_rows_used_by_arm,
    },
    parquet: parquet.doc.error ?? parquet.doc,
    check,
  });
  if (!keep) rmSync(dir, { recursive: true, force: true });
}
process.stdout.write(`${JSON.stringify(results, null, 2)}\n`);
