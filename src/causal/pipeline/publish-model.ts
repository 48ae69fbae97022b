import { hashString } from '../../core/rng.ts';
import type { Store } from '../../store/store.ts';
import { dropStaging, publishScores } from './score-staging.ts';
import { serializeArtifact, type UpliftArtifact } from './uplift-artifact.ts';

/** A hash of what the model saw (row counts, exposures, orders, as_of), stored with every version. */
export async function dataFingerprint(store: Store): Promise<string> {
  const [r] = await store.query<Record<string, unknown>>(
    `SELECT (SELECT count(*) FROM customers) AS customers, (SELECT count(*) FROM orders) AS orders,
            (SELECT count(*) FROM campaign_exposures) AS exposures,
            (SELECT sum(hash(campaign_id || customer_id || arm)) FROM campaign_exposures) AS exposure_hash,
            (SELECT sum(hash(order_id || CAST(total AS VARCHAR))) FROM orders) AS order_hash,
            (SELECT value FROM meta WHERE key = 'as_of') AS as_of`,
  );
  return hashString(JSON.stringify(r)).toString(16).padStart(8, '0');
}

/** `mv_<UTC timestamp to the second>_<hash of the data and of what was trained>`. */
export function newModelVersion(fingerprint: string, what: string): string {
  const stamp = new Date()
    .toISOString()
    .replace(/[-:TZ.]/g, '')
    .slice(0, 14);
  return `mv_${stamp}_${hashString(`${fingerprint}:${what}`).toString(16).slice(0, 6)}`;
}

export interface ModelVersionRow {
  modelVersion: string;
  goal: string | null;
  learner: string;
  fingerprint: string;
  metrics: Record<string, unknown>;
  artifact: UpliftArtifact;
  /** The staging table holding the version's scores (see stageScores); dropped in every case. */
  staging: string;
}

/**
 * Stores an uplift model version with its staged scores and makes it the active one, in one
 * transaction: a failure leaves the previous model and scores in place.
 */
export async function publishModelVersion(store: Store, v: ModelVersionRow): Promise<void> {
  try {
    await store.transaction(async (tx) => {
      await tx.run(
        `INSERT INTO model_versions (model_version, created_at, kind, goal, learner, data_fingerprint, metrics, artifact, is_active)
         VALUES ($1, now(), 'uplift', $2, $3, $4, $5, $6, FALSE)`,
        [
          v.modelVersion,
          v.goal,
          v.learner,
          v.fingerprint,
          JSON.stringify(v.metrics),
          serializeArtifact(v.artifact),
        ],
      );
      await publishScores(tx, v.staging, v.modelVersion);
      await tx.run("UPDATE model_versions SET is_active = (model_version = $1) WHERE kind = 'uplift'", [
        v.modelVersion,
      ]);
    });
  } finally {
    await dropStaging(store, v.staging);
  }
}
