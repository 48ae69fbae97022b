import { NotFound } from '../../core/errors.ts';
import type { Store } from '../../store/store.ts';
import { deserializeArtifact, type UpliftArtifact } from './uplift-artifact.ts';

export interface StoredModel {
  model_version: string;
  created_at: string;
  goal: string | null;
  learner: string;
  data_fingerprint: string;
  metrics: Record<string, unknown>;
  artifact: UpliftArtifact;
}

/** The active uplift model version, or NotFound telling the user how to get one. */
export async function activeUpliftModel(store: Store, modelVersion?: string): Promise<StoredModel> {
  const rows = await store.query<Record<string, unknown>>(
    modelVersion
      ? "SELECT * FROM model_versions WHERE kind = 'uplift' AND model_version = $1"
      : "SELECT * FROM model_versions WHERE kind = 'uplift' AND is_active",
    modelVersion ? [modelVersion] : [],
  );
  const r = rows[0];
  if (!r) {
    throw new NotFound(
      modelVersion
        ? `no uplift model version "${modelVersion}"`
        : 'no uplift model trained yet: run `aether train` first',
    );
  }
  const parse = (v: unknown) => (typeof v === 'string' ? JSON.parse(v) : v);
  return {
    model_version: r.model_version as string,
    created_at: r.created_at as string,
    goal: (r.goal as string | null) ?? null,
    learner: r.learner as string,
    data_fingerprint: r.data_fingerprint as string,
    metrics: parse(r.metrics) as Record<string, unknown>,
    artifact: deserializeArtifact(typeof r.artifact === 'string' ? r.artifact : JSON.stringify(r.artifact)),
  };
}
