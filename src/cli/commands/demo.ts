import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Command } from 'commander';
import { createApiKey } from '../../api/api-keys.ts';
import { trainDerivedScores } from '../../causal/pipeline/derived-scores.ts';
import { trainUplift } from '../../causal/pipeline/train-uplift.ts';
import { DEFAULT_LEARNER } from '../../causal/pipeline/uplift-artifact.ts';
import { SCOPES } from '../../contracts/api.ts';
import { note } from '../../core/progress.ts';
import { refreshProfiles } from '../../features/profile.ts';
import { generateDataset } from '../../simulate/generate.ts';
import { openStore, resolveDbPath } from '../../store/open.ts';
import { action } from '../output.ts';

interface DemoFlags {
  db?: string;
  customers: string;
  seed: string;
  port: string;
  host: string;
}

const projectRoot = join(dirname(fileURLToPath(import.meta.url)), '..', '..', '..');

/**
 * The whole product on the embedded defaults, for README's first command: generate the demo data
 * set if the database has none, train the uplift model if none is active, build the web UI if it
 * is not built, create an API key for this session, then serve API and UI.
 */
export function registerDemo(program: Command): void {
  program
    .command('demo')
    .description(
      'Generate the demo data if absent, train if no model is active, then serve the API and the web UI',
    )
    .option('--db <path>', 'database file (default $AETHER_DB or ./data/aether.duckdb)')
    .option('--customers <n>', 'customers to generate when the database is empty', '100000')
    .option('--seed <n>', 'seed of the generated data and the model', '42')
    .option('--port <n>', 'port', '4321')
    .option('--host <h>', 'address to bind', '127.0.0.1')
    .action(
      action(async (opts: DemoFlags, command: Command) => {
        const db = resolveDbPath(opts.db);
        const seed = Number(opts.seed);
        let store = await openStore(db);
        const [{ n }] = await store.query<{ n: number }>('SELECT count(*) AS n FROM customers');
        if (n === 0) {
          await store.close();
          note(`demo: generating ${Number(opts.customers).toLocaleString('en-US')} customers into ${db}`);
          await generateDataset({ customers: Number(opts.customers), seed, db, force: true });
          store = await openStore(db);
          await refreshProfiles(store);
        }
        const active = await store.query<{ v: string }>(
          "SELECT model_version AS v FROM model_versions WHERE kind = 'uplift' AND is_active",
        );
        if (!active[0]) {
          note('demo: training the uplift model (first run only)');
          const r = await trainUplift(store, {
            goal: 'conversion',
            learner: DEFAULT_LEARNER,
            seed,
            objective: 'profit',
            channel: 'email',
          });
          note(`demo: model ${r.model_version} trained in ${r.seconds.total.toFixed(0)} s`);
          await trainDerivedScores(store, { seed });
        }
        const key = await createApiKey(store, `demo ${new Date().toISOString().slice(0, 19)}`, [...SCOPES]);
        await store.close();
        if (!existsSync(join(projectRoot, 'web', 'dist', 'index.html'))) {
          note('demo: building the web UI');
          const built = spawnSync('npm', ['run', '--silent', 'build:web'], {
            cwd: projectRoot,
            stdio: ['ignore', 2, 2],
          });
          if (built.status !== 0) note('demo: the web UI did not build; serving the API only');
        }
        process.stdout.write(
          `\nAPI key for this session (shown once; only its hash is stored):\n  ${key.key}\n` +
            `Try: curl -H "Authorization: Bearer ${key.key}" http://${opts.host}:${opts.port}/api/v1/segments\n` +
            `Web UI: http://${opts.host}:${opts.port}/\n\n`,
        );
        const root = command.parent as Command;
        await root.parseAsync(['serve', '--db', db, '--port', opts.port, '--host', opts.host], {
          from: 'user',
        });
      }),
    );
}
