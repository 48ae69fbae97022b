import { TRIGGER_IDS, type TriggerId } from '../contracts/triggers.ts';
import type { Store } from '../store/store.ts';

/**
 * The triggers a model version has no measure of: the arms its training campaigns never sent (or
 * sent to fewer customers than an arm model needs). The learner sets their effect to 0 for every
 * customer (ArmReport status 'too_few_rows'), which a marketer reads as "tested, no effect"; the
 * outputs name them instead (eleventh session: a shop whose e-mail tool tested 4 of the 10 triggers).
 *
 * Read from the version's metrics (`arms`: one { arm, rows, status } per arm, control first).
 * A version whose metrics hold no such list (an imported experiment's own arms, an older model)
 * is taken to have measured every trigger it scores: nothing is marked that was not recorded.
 */
export async function untestedTriggers(store: Store, modelVersion: string): Promise<TriggerId[]> {
  const rows = await store.query<{ arms: string | null }>(
    `SELECT json_extract(metrics, '$.arms')::VARCHAR AS arms FROM model_versions WHERE model_version = $1`,
    [modelVersion],
  );
  const text = rows[0]?.arms;
  if (!text) return [];
  try {
    return untestedOfArms(armRecords(JSON.parse(text)));
  } catch {
    return [];
  }
}

/** The same, from a version's metrics already read (GET /api/v1/models, `aether train`). */
export function untestedOfMetrics(metrics: unknown): TriggerId[] {
  return untestedOfArms(armRecords((metrics as { arms?: unknown } | null)?.arms));
}

interface ArmRecord {
  arm: string;
  rows: number;
  status: string;
}

/** The arms list when it has the recorded shape, else null (nothing is marked that was not recorded). */
function armRecords(arms: unknown): ArmRecord[] | null {
  if (!Array.isArray(arms)) return null;
  const ok = arms.every(
    (a) => a && typeof a.arm === 'string' && typeof a.status === 'string' && typeof a.rows === 'number',
  );
  return ok ? (arms as ArmRecord[]) : null;
}

/** Triggers of the catalogue that the arms list leaves out or marks as not fitted. */
function untestedOfArms(arms: readonly ArmRecord[] | null): TriggerId[] {
  // Only a list that names triggers of the catalogue speaks about them (an experiment's arms do not).
  if (!arms?.some((a) => (TRIGGER_IDS as readonly string[]).includes(a.arm))) return [];
  const fitted = new Set(arms.filter((a) => a.status === 'fitted' && a.rows > 0).map((a) => a.arm));
  return TRIGGER_IDS.filter((t) => !fitted.has(t));
}
