import { copyFileSync, mkdirSync, mkdtempSync, renameSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { trainDerivedScores } from '../causal/pipeline/derived-scores.ts';
import { trainUplift } from '../causal/pipeline/train-uplift.ts';
import { refreshProfiles } from '../features/profile.ts';
import { GENERATOR_VERSION, generateDataset } from '../simulate/generate.ts';
import { MIGRATIONS } from '../store/migrate.ts';
import { openStore } from '../store/open.ts';
import { builtOnce } from './built-once.ts';

/**
 * A small simulated data set, optionally with a trained model, built once per machine and
 * generator version and copied for each test that needs one (built once: see built-once.ts).
 */
export interface FixtureOptions {
  customers?: number;
  seed?: number;
  trained?: boolean;
}

export async function fixtureDb(
  options: FixtureOptions = {},
): Promise<{ db: string; dir: string; cleanup: () => void }> {
  const customers = options.customers ?? 4000;
  const seed = options.seed ?? 11;
  const trained = options.trained ?? true;
  const cacheDir = join(tmpdir(), 'aether-fixtures');
  mkdirSync(cacheDir, { recursive: true });
  // The schema version and generator version are part of the name, so a change rebuilds it; so is
  // the version of the training settings (h2: the campaign-history defaults of
  // campaign-history-options.ts, 2026-11-28), so a trained fixture holds the model `train` fits now.
  const name = `sim3-${customers}-${seed}-${trained ? 'trained-h2' : 'raw'}-g${GENERATOR_VERSION}-m${MIGRATIONS.length}.duckdb`;
  const cached = join(cacheDir, name);
  await builtOnce(cached, async () => {
    const building = `${cached}.building-${process.pid}`;
    rmSync(building, { force: true });
    await generateDataset({ customers, seed, db: building, quiet: true, force: true });
    const store = await openStore(building);
    try {
      await refreshProfiles(store);
      if (trained) {
        await trainUplift(store, {
          goal: 'conversion',
          learner: 't',
          seed: 1,
          objective: 'profit',
          channel: 'email',
        });
        await trainDerivedScores(store, { seed: 1 });
      }
    } finally {
      await store.close();
    }
    renameSync(building, cached);
  });
  const dir = mkdtempSync(join(tmpdir(), 'aether-test-'));
  const db = join(dir, 'aether.duckdb');
  copyFileSync(cached, db);
  return { db, dir, cleanup: () => rmSync(dir, { recursive: true, force: true }) };
}
