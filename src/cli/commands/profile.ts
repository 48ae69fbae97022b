import type { Command } from 'commander';
import { getProfile, refreshProfiles } from '../../features/profile.ts';
import { action, emit } from '../output.ts';
import { withStore } from '../with-store.ts';

export function registerProfile(program: Command): void {
  program
    .command('profile')
    .description('Print one customer profile (every field of DESIGN.md §4) as JSON')
    .argument('<customer_id>', 'the customer id')
    .option('--db <path>', 'database file (default $AETHER_DB or ./data/aether.duckdb)')
    .option('--json', 'print one JSON document')
    .action(
      action(async (customerId: string, opts: { db?: string; json?: boolean }) => {
        const profile = await withStore(opts, (store) => getProfile(store, customerId));
        emit(profile, opts, (p) => JSON.stringify(p, null, 2));
      }),
    );
  program
    .command('refresh-profiles')
    .description(
      "Rebuild the materialised profile facts as of the data set's as_of (generate and import do this)",
    )
    .option('--db <path>', 'database file (default $AETHER_DB or ./data/aether.duckdb)')
    .option('--json', 'print one JSON document')
    .action(
      action(async (opts: { db?: string; json?: boolean }) => {
        const result = await withStore(opts, (store) => refreshProfiles(store));
        emit(
          result,
          opts,
          (r) => `Profiles of ${r.customers} customers rebuilt as of ${r.as_of} in ${r.seconds.toFixed(1)} s`,
        );
      }),
    );
}
