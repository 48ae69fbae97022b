import { type Channel, DEFAULT_COST_CONFIG } from '../../contracts/trigger-costs.ts';
import { InvalidInput } from '../../core/errors.ts';
import { datasetAsOf } from '../../features/as-of.ts';
import type { DuckDbStore } from '../../store/duckdb-store.ts';
import { CONTEXT_WINDOW } from '../campaign-context.ts';
import { activeUpliftModel } from './active-model.ts';
import type { Objective } from './economics.ts';
import { dataFingerprint, newModelVersion, publishModelVersion } from './publish-model.ts';
import { type ScoreAllOptions, type ScoringSeconds, scoreAllCustomers } from './score-customers.ts';
import { campaignContextMetrics } from './train-uplift.ts';
import type { UpliftArtifact } from './uplift-artifact.ts';

export interface RescoreResult {
  model_version: string;
  rescored_from: string;
  scored_customers: number;
  data_fingerprint: string;
  /** Loading the model and fingerprinting the data, scoring (its stages timed from its own start), publishing. */
  seconds: ScoringSeconds & { prepare: number; publish: number; total: number };
}

/**
 * Scores every customer again with a stored uplift model (the active one by default) on the data
 * as it is now, e.g. after an import, without retraining. The scores are published as a new model
 * version holding the same model (with its training metrics and `rescored_from`), made active: a
 * version's scores stay what they were when it was published, and replacing a million rows in
 * place would cost DuckDB far more than writing them anew.
 *
 * `windowDays` scores with another campaign window than the one stored with the model (for a
 * model that learned from the window, src/causal/campaign-context.ts); the new version stores it
 * as its scoring window, so reloading that version predicts what its scores say.
 */
export async function rescoreCustomers(
  store: DuckDbStore,
  fromVersion?: string,
  tuning: Pick<ScoreAllOptions, 'chunkRows' | 'threads'> = {},
  context: { windowDays?: number } = {},
): Promise<RescoreResult> {
  const started = performance.now();
  const stored = await activeUpliftModel(store, fromVersion);
  const artifact = withWindow(stored.artifact, context.windowDays);
  const fingerprint = await dataFingerprint(store);
  const modelVersion = newModelVersion(fingerprint, `rescore:${stored.model_version}`);
  const prepared = performance.now() - started;
  // The objective and channel the model's recommendations were trained for (train's defaults when
  // an older version did not record them).
  const objective = (stored.metrics.objective as Objective | undefined) ?? 'profit';
  const channel = (stored.metrics.channel as Channel | undefined) ?? 'email';
  const scoring = await scoreAllCustomers(store, artifact, {
    ...tuning,
    objective,
    costConfig: DEFAULT_COST_CONFIG,
    channel,
  });
  const scored = performance.now();
  await publishModelVersion(store, {
    modelVersion,
    goal: stored.goal,
    learner: stored.learner,
    fingerprint,
    metrics: {
      ...stored.metrics,
      rescored_from: stored.model_version,
      campaign_context: campaignContextMetrics(artifact, await datasetAsOf(store)),
    },
    artifact,
    staging: scoring.staging,
  });
  return {
    model_version: modelVersion,
    rescored_from: stored.model_version,
    scored_customers: scoring.customers,
    data_fingerprint: fingerprint,
    seconds: {
      prepare: prepared / 1000,
      ...scoring.seconds,
      publish: (performance.now() - scored) / 1000,
      total: (performance.now() - started) / 1000,
    },
  };
}

/** The artifact with the scoring window given by the user, or as stored without one. */
function withWindow(artifact: UpliftArtifact, windowDays: number | undefined): UpliftArtifact {
  if (windowDays === undefined) return artifact;
  if (!(Number.isFinite(windowDays) && windowDays > 0))
    throw new InvalidInput(`--window-days must be a positive number of days, got ${windowDays}`);
  if (!artifact.binning.some((b) => b.name === CONTEXT_WINDOW))
    throw new InvalidInput(
      'this model did not learn from the campaign window (its training campaigns all had one length): --window-days changes nothing',
    );
  return { ...artifact, scoringWindow: { window_days: windowDays, rule: 'override' } };
}
