import type { Command } from 'commander';
import { InvalidInput } from '../../core/errors.ts';
import { note } from '../../core/progress.ts';
import { refreshProfiles } from '../../features/profile.ts';
import { generateDataset } from '../../simulate/index.ts';
import { resolveDbPath } from '../../store/open.ts';
import { action, emit } from '../output.ts';
import { withStore } from '../with-store.ts';

interface GenerateFlags {
  customers: string;
  seed: string;
  db?: string;
  force?: boolean;
  threads?: string;
  json?: boolean;
}

/** A whole number from a flag, or a clear error naming the flag. */
function wholeNumber(flag: string, text: string): number {
  if (!/^\d+$/.test(text.trim())) {
    throw new InvalidInput(`--${flag} must be a whole number ≥ 0, got "${text}"`, [
      { name: flag, reason: `not a whole number: "${text}"` },
    ]);
  }
  return Number(text);
}

export function registerGenerate(program: Command): void {
  program
    .command('generate')
    .description(
      'Generate the simulated shop: customers, 24 months of events, campaigns and causal ground truth',
    )
    .option('--customers <n>', 'number of customers', '100000')
    .option('--seed <s>', 'random seed (same seed, same data)', '42')
    .option('--db <path>', 'database file (default $AETHER_DB or ./data/aether.duckdb)')
    .option('--force', 'replace a database that already holds data')
    .option('--threads <n>', "generator threads (default: the machine's cores; 0 = no worker threads)")
    .option('--json', 'print one JSON document')
    .action(
      action(async (opts: GenerateFlags) => {
        const customers = wholeNumber('customers', opts.customers);
        if (customers < 1)
          throw new InvalidInput('--customers must be at least 1', [
            { name: 'customers', reason: 'must be ≥ 1' },
          ]);
        const result = await generateDataset({
          customers,
          seed: wholeNumber('seed', opts.seed),
          db: resolveDbPath(opts.db),
          force: opts.force,
          threads: opts.threads === undefined ? undefined : wholeNumber('threads', opts.threads),
        });
        // The profile facts (criteria, segments, `aether profile`) are built once here, not on first read.
        const profiles = await withStore({ db: result.db }, (store) => refreshProfiles(store));
        note(
          `profiles of ${profiles.customers.toLocaleString('en-US')} customers built in ${profiles.seconds.toFixed(1)} s`,
        );
        emit(result, opts, (r) =>
          [
            `Generated ${r.customers.toLocaleString('en-US')} customers (seed ${r.seed}, as of ${r.as_of}) into ${r.db}`,
            `in ${r.seconds.total} s (simulate ${r.seconds.generate} s, load ${r.seconds.load} s, ${r.threads} threads).`,
            ...Object.entries(r.rows).map(
              ([t, n]) => `  ${t.padEnd(30)} ${n.toLocaleString('en-US').padStart(14)}`,
            ),
            'Next: `aether data report` prints its realism and causal-difficulty figures.',
          ].join('\n'),
        );
      }),
    );
}
