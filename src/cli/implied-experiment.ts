import { note } from '../core/progress.ts';
import type { Store } from '../store/store.ts';

/*
 * `aether train`, `evaluate` and `score` work on the campaign history unless `--experiment ID`
 * names an imported flat experiment. A database that holds no campaign history but one or more
 * imported experiments has nothing else those commands could mean, so there they take the
 * experiment instead of failing with "no campaign exposures": the flow a user expects after
 * `aether import experiment FILE` is `aether train`, then `aether evaluate`. Which experiment was
 * taken is said on stderr; a database with campaign history is never redirected.
 */

/** The experiment `aether train` means without `--experiment`: the latest import, if no campaign history. */
export async function experimentToTrain(store: Store): Promise<string | null> {
  if (await hasCampaignHistory(store)) return null;
  const rows = await store.query<{ experiment_id: string }>(
    'SELECT experiment_id FROM experiments ORDER BY imported_at DESC, experiment_id DESC',
  );
  return pick(
    rows.map((r) => r.experiment_id),
    'training on',
  );
}

/**
 * The experiment `aether evaluate` / `aether score` mean without `--experiment` or `--model`: the
 * one whose model was trained last, when no campaign-history model exists.
 */
export async function experimentToUse(store: Store): Promise<string | null> {
  const campaignModels = await store.query<{ n: number }>(
    "SELECT count(*)::INTEGER AS n FROM model_versions WHERE kind = 'uplift'",
  );
  if (campaignModels[0]!.n > 0) return null;
  const rows = await store.query<{ experiment_id: string }>(
    `SELECT goal AS experiment_id FROM model_versions
     WHERE kind = 'experiment_uplift' AND is_active ORDER BY created_at DESC, model_version DESC`,
  );
  return pick(
    rows.map((r) => r.experiment_id),
    'using the model of',
  );
}

async function hasCampaignHistory(store: Store): Promise<boolean> {
  const rows = await store.query<{ n: number }>(
    'SELECT count(*)::INTEGER AS n FROM (SELECT 1 FROM campaign_exposures LIMIT 1)',
  );
  return rows[0]!.n > 0;
}

function pick(ids: string[], verb: string): string | null {
  const [first, ...others] = ids;
  if (!first) return null;
  note(
    `no campaign history in this database: ${verb} imported experiment ${first}` +
      (others.length ? ` (the latest; also ${others.join(', ')}: name one with --experiment)` : ''),
  );
  return first;
}
