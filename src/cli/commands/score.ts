import type { Command } from 'commander';
import { scoreExperiment } from '../../causal/pipeline/experiment-model.ts';
import { exportScores } from '../../causal/pipeline/export-scores.ts';
import { InvalidInput } from '../../core/errors.ts';
import { action, emit } from '../output.ts';
import { withStore } from '../with-store.ts';

export function registerScore(program: Command): void {
  program
    .command('score')
    .description(
      "Write every customer's uplift per trigger, recommended trigger and expected incremental profit to a file",
    )
    .requiredOption('--out <file>', 'output file, .csv or .parquet')
    .option('--db <path>', 'database file (default $AETHER_DB or ./data/aether.duckdb)')
    .option('--model <version>', 'a model version other than the active one')
    .option(
      '--experiment <id>',
      'score every row of an imported flat experiment (CSV), keyed by its --id column',
    )
    .option('--json', 'print one JSON document')
    .action(
      action(
        async (opts: { db?: string; json?: boolean; out: string; model?: string; experiment?: string }) => {
          if (!opts.out) throw new InvalidInput('--out FILE is required');
          const experimentId = opts.experiment;
          const r = await withStore(opts, (store) =>
            experimentId
              ? scoreExperiment(store, experimentId, opts.out)
              : exportScores(store, opts.out, opts.model),
          );
          emit(
            r,
            opts,
            (x) =>
              `Wrote ${x.rows.toLocaleString('en-US')} rows of scores (model ${x.model_version}) to ${x.file}`,
          );
        },
      ),
    );
}
