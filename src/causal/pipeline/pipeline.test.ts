import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_COST_CONFIG } from '../../contracts/trigger-costs.ts';
import { TRIGGER_IDS } from '../../contracts/triggers.ts';
import { Rng } from '../../core/rng.ts';
import { EVERYONE } from '../../explain/cohort.ts';
import { modelView } from '../../explain/model-view.ts';
import { generateDataset } from '../../simulate/generate.ts';
import type { DuckDbStore } from '../../store/duckdb-store.ts';
import { openStore } from '../../store/open.ts';
import { CAMPAIGN_CONTEXT_FEATURES, informativeColumns, isContextFeature } from '../campaign-context.ts';
import { applyBinning, fitBinning } from '../trees/binning.ts';
import { activeUpliftModel } from './active-model.ts';
import { evaluateStoredModel } from './evaluate-model.ts';
import { exportScores } from './export-scores.ts';
import { frameToRawColumns, loadExposureData, upliftDataset } from './exposure-data.ts';
import { contextImportance, type FeatureImportance, upliftFeatureImportance } from './feature-importance.ts';
import { rescoreCustomers } from './rescore.ts';
import { currentFeatures, modelMatrix } from './score-customers.ts';
import { DEFAULT_MAX_TRAINING_ROWS, trainUplift } from './train-uplift.ts';
import { deserializeArtifact, fitLearner, serializeArtifact } from './uplift-artifact.ts';

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

  it("stores what drives the model's uplift with the version, and the explanations show it", async () => {
    const [row] = await store.query<{ metrics: string }>(
      'SELECT metrics FROM model_versions WHERE model_version = $1',
      [firstVersion],
    );
    const fi = JSON.parse(row.metrics).feature_importance as FeatureImportance[];
    expect(fi.length).toBeGreaterThan(5);
    const features = new Set((await currentFeatures(store)).features.map((f) => f.name));
    let sum = 0;
    for (const f of fi) {
      expect(features.has(f.feature)).toBe(true);
      expect(f.importance).toBeGreaterThan(0);
      sum += f.importance;
    }
    expect(sum).toBeCloseTo(1, 9);
    for (let j = 1; j < fi.length; j++) expect(fi[j].importance).toBeLessThanOrEqual(fi[j - 1].importance);
    // The explanations' model view reads them from the version's metrics (top 15).
    const view = await modelView(store, EVERYONE);
    expect(view?.model_version).toBe(firstVersion);
    expect(view?.feature_importance).toEqual(fi.slice(0, 15));
  });

  it('ranks a feature that drives uplift in the simulator above a column of pure noise', async () => {
    // The open cart drives the cart reminder's and free shipping's effects in the simulator (its
    // age, the step and the reason it was left at: src/simulate/causal-model.ts); a seeded
    // uniform column drives nothing.
    const cart = ['last_abandon_age_hours', 'last_abandon_step', 'last_abandon_reason'];
    const train = await loadExposureData(
      store,
      { kind: 'training' },
      { shippingCost: DEFAULT_COST_CONFIG.triggers.free_shipping.per_conversion_amount },
    );
    // The customer features only: what is compared is how the importance measure ranks them (the
    // campaign context, which importances leave out, is tested below).
    const raw = frameToRawColumns(train.frame).filter((c) => !isContextFeature(c.name));
    const rng = Rng.derive(5, 'noise');
    raw.push({
      name: 'pure_noise',
      kind: 'numeric',
      values: Float64Array.from({ length: train.rowCount }, () => rng.next()),
    });
    const X = applyBinning(fitBinning(raw), raw);
    const data = upliftDataset(train, X, train.outcomes.converted);
    for (const learner of ['forest', 't'] as const) {
      // The training rows, as training passes them: the T-learner's importance is measured on them.
      const fi = upliftFeatureImportance(await fitLearner(learner, data, 1), X) ?? [];
      const of = (name: string) => fi.find((f) => f.feature === name)?.importance ?? 0;
      expect(Math.max(...cart.map(of)), learner).toBeGreaterThan(of('pure_noise'));
      expect(fi.reduce((s, f) => s + f.importance, 0)).toBeCloseTo(1, 9);
      // The forest measures its splits out of bag, where a split on noise earns about nothing:
      // less than an even share of the importance.
      if (learner === 'forest') expect(of('pure_noise')).toBeLessThan(1 / raw.length);
    }
  });

  it('a reloaded model predicts exactly what it predicted before', async () => {
    const model = await activeUpliftModel(store);
    const frame = await currentFeatures(store);
    const X = modelMatrix(model.artifact, frame);
    const a = model.artifact.model.predict(X);
    const reloadedArtifact = deserializeArtifact(serializeArtifact(model.artifact));
    // The scoring window is saved with the model, so the reloaded one bins the same columns.
    expect(reloadedArtifact.scoringWindow).toEqual(model.artifact.scoringWindow);
    const reloaded = reloadedArtifact.model;
    const b = reloaded.predict(modelMatrix(reloadedArtifact, frame));
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
  it("learns from the campaigns' window and season, and scores customers with the median training window", async () => {
    const model = await activeUpliftModel(store);
    const names = model.artifact.binning.map((b) => b.name);
    // The simulated campaigns differ in length (5 to 14 days) and season.
    for (const f of CAMPAIGN_CONTEXT_FEATURES) expect(names).toContain(f);
    const windows = await store.query<{ w: number }>(
      `SELECT c.window_days AS w FROM campaign_exposures e JOIN campaigns c USING (campaign_id)
       WHERE NOT c.reserved_for_evaluation ORDER BY 1`,
    );
    const median = Number(windows[(windows.length - 1) >> 1]?.w);
    expect(model.artifact.scoringWindow).toEqual({
      window_days: median,
      rule: 'median_training_exposure_window',
    });
    const context = model.metrics.campaign_context as { features: string[]; scoring_window: unknown };
    expect(context.features).toEqual([...CAMPAIGN_CONTEXT_FEATURES]);
    expect(context.scoring_window).toEqual(model.artifact.scoringWindow);
  });

  it('leaves the context out where the training campaigns all share it (one campaign)', async () => {
    const [one] = await store.query<{ id: string }>(
      'SELECT campaign_id AS id FROM campaigns WHERE NOT reserved_for_evaluation ORDER BY 1 LIMIT 1',
    );
    const data = await loadExposureData(
      store,
      { kind: 'campaigns', campaignIds: [one.id] },
      { shippingCost: DEFAULT_COST_CONFIG.triggers.free_shipping.per_conversion_amount },
    );
    const all = frameToRawColumns(data.frame);
    // The loader gives every exposure its campaign's context; training keeps none of it here.
    for (const f of CAMPAIGN_CONTEXT_FEATURES) expect(all.map((c) => c.name)).toContain(f);
    const kept = informativeColumns(all).map((c) => c.name);
    expect(kept.some(isContextFeature)).toBe(false);
    expect(kept.length).toBe(all.length - CAMPAIGN_CONTEXT_FEATURES.length);
  });

  it('never shows the campaign context as a reason: importances and the explanations leave it out', async () => {
    const model = await activeUpliftModel(store);
    const fi = model.metrics.feature_importance as FeatureImportance[];
    expect(fi.some((f) => isContextFeature(f.feature))).toBe(false);
    // Even where the model splits on it, the shares are the customer features' among themselves.
    const train = await loadExposureData(
      store,
      { kind: 'training' },
      { shippingCost: DEFAULT_COST_CONFIG.triggers.free_shipping.per_conversion_amount },
    );
    const raw = informativeColumns(frameToRawColumns(train.frame));
    const X = applyBinning(fitBinning(raw), raw);
    // Only the window separates the arms here: every model must split on it.
    const y = Float64Array.from(train.windowDays, (w, i) => (train.arm[i] !== 0 && w >= 10 ? 1 : 0));
    const fitted = await fitLearner(
      't',
      {
        X,
        arm: train.arm,
        armNames: train.armNames,
        y,
        propensity: train.propensity,
        campaign: train.campaign,
      },
      1,
    );
    const all = contextImportance(fitted);
    expect(all?.find((f) => f.feature === 'campaign_window_days')?.importance ?? 0).toBeGreaterThan(0.3);
    const shown = upliftFeatureImportance(fitted, X) ?? [];
    expect(shown.some((f) => isContextFeature(f.feature))).toBe(false);
    if (shown.length) expect(shown.reduce((s, f) => s + f.importance, 0)).toBeCloseTo(1, 9);
    const view = await modelView(store, EVERYONE);
    expect(view?.feature_importance?.some((f) => isContextFeature(f.feature))).toBe(false);
  });

  it('score --refresh --window-days: scores with that window, stored with the new version, reloaded exactly', async () => {
    const before = await activeUpliftModel(store);
    const window = (before.artifact.scoringWindow?.window_days ?? 7) === 14 ? 5 : 14;
    const r = await rescoreCustomers(store, before.model_version, {}, { windowDays: window });
    const after = await activeUpliftModel(store);
    expect(after.model_version).toBe(r.model_version);
    expect(after.artifact.scoringWindow).toEqual({ window_days: window, rule: 'override' });
    expect((after.metrics.campaign_context as { scoring_window: unknown }).scoring_window).toEqual(
      after.artifact.scoringWindow,
    );
    // The reloaded version predicts exactly its stored scores.
    const frame = await currentFeatures(store);
    const pred = after.artifact.model.predict(modelMatrix(after.artifact, frame));
    const stored = await store.query<{ customer_id: string; u: number }>(
      'SELECT customer_id, uplift_score_for_cart_reminder AS u FROM customer_scores WHERE model_version = $1',
      [after.model_version],
    );
    const k = TRIGGER_IDS.indexOf('cart_reminder');
    const byId = new Map(stored.map((x) => [x.customer_id, x.u]));
    for (let i = 0; i < frame.rowCount; i += 7)
      expect(byId.get(frame.customerIds[i])).toBe(pred.uplift[k][i]);
    await expect(rescoreCustomers(store, before.model_version, {}, { windowDays: 0 })).rejects.toThrow(
      /positive number of days/,
    );
  });
});
