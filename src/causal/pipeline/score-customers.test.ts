import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_COST_CONFIG } from '../../contracts/trigger-costs.ts';
import { TRIGGER_IDS } from '../../contracts/triggers.ts';
import { Rng } from '../../core/rng.ts';
import { generateDataset } from '../../simulate/generate.ts';
import type { DuckDbStore } from '../../store/duckdb-store.ts';
import { openStore } from '../../store/open.ts';
import { UpliftForest } from '../forest/uplift-forest.ts';
import { applyBinning, fitBinning } from '../trees/binning.ts';
import { activeUpliftModel } from './active-model.ts';
import { SCORE_COLUMNS } from './export-scores.ts';
import { ARM_NAMES, frameToRawColumns } from './exposure-data.ts';
import { publishModelVersion } from './publish-model.ts';
import type { ScoreOptions } from './recommend-rows.ts';
import { rescoreCustomers } from './rescore.ts';
import { currentFeatures, scoreAllCustomers, scoreFrame } from './score-customers.ts';
import type { UpliftArtifact } from './uplift-artifact.ts';

describe('scoring every customer in chunks on worker threads, and again with a stored model', () => {
  let dir: string;
  let store: DuckDbStore;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'aether-score-'));
    const db = join(dir, 'score.duckdb');
    process.env.AETHER_QUIET = '1';
    await generateDataset({ customers: 1500, seed: 4, db, quiet: true });
    store = await openStore(db);
  });

  afterAll(async () => {
    await store?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('stages the one-thread scores bit for bit', async () => {
    const frame = await currentFeatures(store);
    const raw = frameToRawColumns(frame);
    const binning = fitBinning(raw);
    const X = applyBinning(binning, raw);
    // A small forest on the customers' real features with arms and outcomes drawn at random: what
    // is compared is the plumbing (chunks, threads, order, the population median), not the fit.
    const rng = Rng.derive(9, 'score-customers-test');
    const n = X.nRows;
    const model = UpliftForest.fit(
      {
        X,
        arm: Int32Array.from({ length: n }, (_, i) => i % ARM_NAMES.length),
        armNames: [...ARM_NAMES],
        y: Float64Array.from({ length: n }, () => (rng.next() < 0.3 ? 1 : 0)),
        propensity: new Float64Array(n).fill(1 / ARM_NAMES.length),
      },
      { nTrees: 6, seed: 2, minSamplesLeaf: 20, minSamplesTreatment: 2, minArmRows: 10 },
    );
    const artifact: UpliftArtifact = { learner: 'forest', binning, model };
    const options: ScoreOptions = { objective: 'profit', costConfig: DEFAULT_COST_CONFIG, channel: 'email' };
    const serial = scoreFrame(artifact, frame, options);
    // Some customers have no order, so their order value is the population's median: a median per
    // chunk would change their recommendations, and this comparison would fail.
    const aov = frame.features.find((f) => f.name === 'aov_lifetime');
    expect(aov?.kind === 'numeric' && aov.values.some((v) => Number.isNaN(v))).toBe(true);

    // 333 customers per chunk: five chunks, the last one short.
    const run = await scoreAllCustomers(store, artifact, {
      ...options,
      chunkRows: 333,
      threads: 2,
    });
    expect(run.customers).toBe(n);
    const rows = await store.query<Record<string, number | string>>(`SELECT * FROM ${run.staging}`);
    expect(rows.map((r) => r.customer_id)).toEqual(serial.customerIds);
    let treated = 0;
    rows.forEach((r, i) => {
      expect(r.baseline_conversion_probability).toBe(serial.prediction.baseline[i]);
      TRIGGER_IDS.forEach((t, k) => {
        expect(r[`uplift_score_for_${t}`]).toBe(serial.prediction.uplift[k][i]);
      });
      expect(r.recommended_arm).toBe(serial.recommendedArm[i]);
      expect(r.expected_incremental_conversion).toBe(serial.expectedIncrementalConversion[i]);
      expect(r.expected_incremental_profit).toBe(serial.expectedIncrementalProfit[i]);
      if (r.recommended_arm !== 0) treated++;
    });
    // Not a vacuous comparison: some customers are worth a trigger.
    expect(treated).toBeGreaterThan(0);

    // Published as a model version, then scored again (`aether score --refresh`): a new active
    // version with the same model and, the data being unchanged, the same scores.
    await publishModelVersion(store, {
      modelVersion: 'mv_test',
      goal: 'conversion',
      learner: 'forest',
      fingerprint: 'test',
      metrics: { objective: 'profit', channel: 'email' },
      artifact,
      staging: run.staging,
    });
    const published = await store.query<{ customer_id: string; recommended_trigger: string }>(
      "SELECT customer_id, recommended_trigger FROM customer_scores WHERE model_version = 'mv_test'",
    );
    const armOf = new Map(serial.customerIds.map((id, i) => [id, ARM_NAMES[serial.recommendedArm[i]]]));
    expect(published.length).toBe(n);
    for (const r of published) expect(r.recommended_trigger).toBe(armOf.get(r.customer_id));
    const again = await rescoreCustomers(store);
    expect(again.rescored_from).toBe('mv_test');
    expect(again.scored_customers).toBe(n);
    const active = await activeUpliftModel(store);
    expect(active.model_version).toBe(again.model_version);
    expect(active.metrics.rescored_from).toBe('mv_test');
    const columns = SCORE_COLUMNS.filter((c) => c !== 'customer_id');
    const [diff] = await store.query<{ n: number; differing: number }>(
      `SELECT count(*) AS n, count(*) FILTER (WHERE ${columns.map((c) => `a.${c} IS DISTINCT FROM b.${c}`).join(' OR ')}) AS differing
       FROM customer_scores a JOIN customer_scores b ON b.customer_id = a.customer_id
       WHERE a.model_version = 'mv_test' AND b.model_version = $1`,
      [again.model_version],
    );
    expect(diff).toEqual({ n, differing: 0 });
  });
});
