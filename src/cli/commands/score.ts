import { accessSync, constants, statSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import type { Command } from 'commander';
import { scoreExperiment } from '../../causal/pipeline/experiment-model.ts';
import { exportScores } from '../../causal/pipeline/export-scores.ts';
import { rescoreCustomers } from '../../causal/pipeline/rescore.ts';
import { InvalidInput } from '../../core/errors.ts';
import { untestedTriggers } from '../../segments/untested-triggers.ts';
import { experimentToUse } from '../implied-experiment.ts';
import { action, emit } from '../output.ts';
import { withStore } from '../with-store.ts';

interface ScoreCliOptions {
  db?: string;
  json?: boolean;
  out?: string;
  model?: string;
  experiment?: string;
  refresh?: boolean;
  windowDays?: string;
}

/**
 * The folder of --out exists and can be written, checked before any scoring: a wrong path was an
 * "internal" error (ENOENT, status 500) after the whole run.
 */
function checkWritableFolder(out: string): void {
  const folder = dirname(resolve(out));
  try {
    if (!statSync(folder).isDirectory()) throw new Error('not a folder');
    accessSync(folder, constants.W_OK);
  } catch (e) {
    const why = (e as NodeJS.ErrnoException).code === 'ENOENT' ? 'does not exist' : 'cannot be written';
    throw new InvalidInput(`--out ${out}: the folder ${folder} ${why}`, [
      { name: 'out', reason: `folder ${why}` },
    ]);
  }
}

/**
 * The triggers no campaign of the model's history tested: their uplift_score_for_<trigger> columns
 * hold 0, which reads like "tested, no effect" (eleventh session); the output names them.
 */
function untestedLine(untested: readonly string[]): string[] {
  return untested.length
    ? [`Not tested by any campaign, so their uplift scores are 0 without a measure: ${untested.join(', ')}.`]
    : [];
}

export function registerScore(program: Command): void {
  program
    .command('score')
    .description(
      "Write every customer's uplift per trigger, recommended trigger and expected incremental profit to a file",
    )
    .option('--out <file>', 'output file, .csv or .parquet (required unless --refresh)')
    .option('--db <path>', 'database file (default $AETHER_DB or ./data/aether.duckdb)')
    .option('--model <version>', 'a model version other than the active one')
    .option(
      '--experiment <id>',
      'score every row of an imported flat experiment (.csv or .parquet), keyed by its --id column',
    )
    .option(
      '--refresh',
      'first score every customer again with the model on the current data (e.g. after an import), ' +
        'published as a new active model version holding the same model',
    )
    .option(
      '--window-days <n>',
      'with --refresh: score for a campaign of this many days instead of the window stored with the model ' +
        '(the median window of its training exposures)',
    )
    .option('--json', 'print one JSON document')
    .action(
      action(async (opts: ScoreCliOptions) => {
        const out = opts.out;
        if (out) checkWritableFolder(out);
        if (opts.refresh) {
          if (opts.experiment) throw new InvalidInput('--refresh scores customers, not an --experiment');
          const r = await withStore(opts, async (store) => {
            const refreshed = await rescoreCustomers(
              store,
              opts.model,
              {},
              opts.windowDays === undefined ? {} : { windowDays: Number(opts.windowDays) },
            );
            const file = out ? await exportScores(store, out, refreshed.model_version) : null;
            return {
              ...refreshed,
              untested_triggers: await untestedTriggers(store, refreshed.model_version),
              export: file,
            };
          });
          emit(r, opts, (x) =>
            [
              `Scored ${x.scored_customers.toLocaleString('en-US')} customers with the model of ${x.rescored_from} ` +
                `in ${x.seconds.total.toFixed(1)} s: now active as ${x.model_version}.`,
              ...untestedLine(x.untested_triggers),
              ...(x.export
                ? [`Wrote ${x.export.rows.toLocaleString('en-US')} rows of scores to ${x.export.file}`]
                : []),
            ].join('\n'),
          );
          return;
        }
        if (opts.windowDays !== undefined)
          throw new InvalidInput(
            '--window-days needs --refresh: stored scores were computed with the window stored with their model',
          );
        if (!out) throw new InvalidInput('--out FILE is required (or --refresh)');
        const experimentId = opts.experiment ?? (opts.model ? null : await withStore(opts, experimentToUse));
        const r = await withStore(opts, async (store) => {
          if (experimentId)
            return { ...(await scoreExperiment(store, experimentId, out)), untested_triggers: [] };
          const written = await exportScores(store, out, opts.model);
          return { ...written, untested_triggers: await untestedTriggers(store, written.model_version) };
        });
        emit(r, opts, (x) =>
          [
            `Wrote ${x.rows.toLocaleString('en-US')} rows of scores (model ${x.model_version}) to ${x.file}`,
            ...untestedLine(x.untested_triggers),
          ].join('\n'),
        );
      }),
    );
}
