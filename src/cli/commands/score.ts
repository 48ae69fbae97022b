import type { Command } from 'commander';
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
    .option('--json', 'print one JSON document')
    .action(
      action(async (opts: { db?: string; json?: boolean; out: string; model?: string }) => {
        if (!opts.out) throw new InvalidInput('--out FILE is required');
        const r = await withStore(opts, (store) => exportScores(store, opts.out, opts.model));
        emit(
          r,
          opts,
          (x) =>
            `Wrote ${x.rows.toLocaleString('en-US')} customers' scores (model ${x.model_version}) to ${x.file}`,
        );
      }),
    );
}
