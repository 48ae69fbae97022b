import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TRIGGER_IDS } from '../../contracts/triggers.ts';
import { generateDataset } from '../../simulate/generate.ts';
import type { DuckDbStore } from '../../store/duckdb-store.ts';
import { openStore } from '../../store/open.ts';
import { applyBinning } from '../trees/binning.ts';
import { activeUpliftModel } from './active-model.ts';
import { evaluateStoredModel } from './evaluate-model.ts';
import { exportScores } from './export-scores.ts';
import { frameToRawColumns } from './exposure-data.ts';
import { currentFeatures } from './score-customers.ts';
import { DEFAULT_MAX_TRAINING_ROWS, trainUplift } from './train-uplift.ts';
import { deserializeArtifact, serializeArtifact } from './uplift-artifact.ts';

describe('uplift pipeline on simulated data', () => {
  let dir: string;
  let store: DuckDbStore;
  let firstVersion: string;
  let firstRows: number;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'aether-pipeline-'));
    const db = join(dir, 'sim.duckdb');
    process.env.AETHER_QUIET = '1';
    await generateDataset({ customers: 4000, seed: 11, db, quiet: true });
    store = await openStore(db);
    const r = await trainUplift(store, {
      goal: 'conversion',
      learner: 't',
      seed: 3,
      objective: 'profit',
      channel: 'email',
    });
    firstVersion = r.model_version;
    firstRows = r.training_rows;
  });

  afterAll(async () => {
    await store?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('stores one active model and scores every customer with every trigger', async () => {
    const model = await activeUpliftModel(store);
    expect(model.model_version).toBe(firstVersion);
    const [{ customers }] = await store.query<{ customers: number }>(
      'SELECT count(*) AS customers FROM customers',
    );
    const rows = await store.query<Record<string, unknown>>(
      'SELECT * FROM customer_scores WHERE model_version = $1',
      [firstVersion],
    );
    expect(rows.length).toBe(customers);
    for (const r of rows.slice(0, 200)) {
      for (const t of TRIGGER_IDS) expect(Number.isFinite(r[`uplift_score_for_${t}`] as number)).toBe(true);
      const p = r.baseline_conversion_probability as number;
      expect(p).toBeGreaterThanOrEqual(0);
      expect(p).toBeLessThanOrEqual(1);
      // Never treat where the recommended trigger's value is not positive.
      if (r.recommended_trigger !== 'control')
        expect(r.expected_incremental_profit as number).toBeGreaterThan(0);
    }
  });

  it('a reloaded model predicts exactly what it predicted before', async () => {
    const model = await activeUpliftModel(store);
    const frame = await currentFeatures(store);
    const X = applyBinning(model.artifact.binning, frameToRawColumns(frame));
    const a = model.artifact.model.predict(X);
    const reloaded = deserializeArtifact(serializeArtifact(model.artifact)).model;
    const b = reloaded.predict(X);
    expect(Array.from(b.baseline)).toEqual(Array.from(a.baseline));
    for (let k = 0; k < a.uplift.length; k++)
      expect(Array.from(b.uplift[k])).toEqual(Array.from(a.uplift[k]));
    const stored = await store.query<{ customer_id: string; u: number }>(
      'SELECT customer_id, uplift_score_for_discount AS u FROM customer_scores WHERE model_version = $1',
      [model.model_version],
    );
    const byId = new Map(stored.map((r) => [r.customer_id, r.u]));
    for (let i = 0; i < 100; i++) expect(byId.get(frame.customerIds[i])).toBe(a.uplift[0][i]);
  });

  it('evaluate reports every required figure, with the simulator truth', async () => {
    const doc = await evaluateStoredModel(store);
    for (const key of [
      'holdout_rows',
      'arms',
      'policy_value_ipw',
      'policy_value_dr',
      'treat_nobody_value',
      'best_single_arm',
      'random_arm_value',
      'qini',
      'oracle_value',
      'policy_true_value',
      'oracle_incremental_share',
      'headroom_captured',
    ])
      expect(doc).toHaveProperty(key);
    expect(doc.arms).toHaveLength(11);
    const dr = doc.policy_value_dr as { value: number; ci_low: number; ci_high: number };
    expect(dr.ci_low).toBeLessThanOrEqual(dr.value);
    expect(dr.value).toBeLessThanOrEqual(dr.ci_high);
    // The oracle is an upper bound of any policy's true value.
    expect(doc.oracle_value as number).toBeGreaterThanOrEqual(doc.policy_true_value as number);
    expect(Object.keys(doc.qini as object).length).toBe(10);
    // Deterministic given the seed.
    const again = await evaluateStoredModel(store);
    expect(again.policy_value_dr).toEqual(doc.policy_value_dr);
  });

  it('training is deterministic given the seed', async () => {
    const r = await trainUplift(store, {
      goal: 'conversion',
      learner: 't',
      seed: 3,
      objective: 'profit',
      channel: 'email',
    });
    const a = await store.query(
      'SELECT customer_id, uplift_score_for_free_shipping AS u FROM customer_scores WHERE model_version = $1 ORDER BY 1',
      [firstVersion],
    );
    const b = await store.query(
      'SELECT customer_id, uplift_score_for_free_shipping AS u FROM customer_scores WHERE model_version = $1 ORDER BY 1',
      [r.model_version],
    );
    expect(b).toEqual(a);
  });

  it('learns from every training exposure under the default cap, and from a seeded sample above it', async () => {
    const [{ n }] = await store.query<{ n: number }>(
      'SELECT count(*) AS n FROM campaign_exposures e JOIN campaigns c USING (campaign_id) WHERE NOT c.reserved_for_evaluation',
    );
    expect(n).toBeLessThan(DEFAULT_MAX_TRAINING_ROWS);
    expect(firstRows).toBe(n);
    const capped = await trainUplift(store, {
      goal: 'conversion',
      learner: 't',
      seed: 3,
      objective: 'profit',
      channel: 'email',
      maxTrainingRows: 5000,
    });
    expect(capped.training_rows).toBe(5000);
  });

  it('a failed training run leaves the previous model and scores in place', async () => {
    const before = await activeUpliftModel(store);
    await store.run('CREATE TABLE exposures_backup AS SELECT * FROM campaign_exposures');
    await store.run('DELETE FROM campaign_exposures');
    await expect(
      trainUplift(store, {
        goal: 'conversion',
        learner: 't',
        seed: 3,
        objective: 'profit',
        channel: 'email',
      }),
    ).rejects.toThrow(/no campaign exposures/);
    await store.run('INSERT INTO campaign_exposures SELECT * FROM exposures_backup');
    const after = await activeUpliftModel(store);
    expect(after.model_version).toBe(before.model_version);
  });

  it('exports the scores to CSV and Parquet and refuses other formats', async () => {
    const csv = await exportScores(store, join(dir, 'scores.csv'));
    expect(csv.rows).toBe(4000);
    const back = await store.query<{ n: number }>('SELECT count(*) AS n FROM read_csv($1)', [csv.file]);
    expect(back[0].n).toBe(4000);
    const pq = await exportScores(store, join(dir, "it's.parquet"));
    expect(pq.rows).toBe(4000);
    await expect(exportScores(store, join(dir, 'scores.xlsx'))).rejects.toThrow(/\.csv or \.parquet/);
  });
});
