import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DuckDbStore } from '../../store/duckdb-store.ts';
import { importThreeSendShop, writeThreeSendShop } from '../../test-support/three-send-shop.ts';
import { makeUpliftProblem, type SyntheticScenario } from '../synthetic.ts';
import { takeRows } from '../trees/binning.ts';
import { campaignHistoryGuard, conversionObjective, MIN_COMPARED_SHARE } from './campaign-history-guard.ts';
import { campaignHistoryLearnerOptions } from './campaign-history-options.ts';
import { evaluateStoredModel } from './evaluate-model.ts';
import { trainUplift } from './train-uplift.ts';
import { argmax, pooledArmLift } from './training-data-summary.ts';

/**
 * The guard on a synthetic multi-campaign problem (campaigns test random subsets of 3 arms). With
 * `otherAudiences`, the rows that did not get the best arm are copied that many times into
 * campaigns of their own, which never offered it: most exposures are then of audiences the best
 * single arm was never tried on.
 */
async function guardOn(scenario: SyntheticScenario, seed: number, otherAudiences = 0, campaigns = 4) {
  const p = makeUpliftProblem({ n: 8000, arms: 3, scenario, campaigns, seed });
  // One campaign (every arm offered to everyone) comes without campaign ids.
  let data = { ...p.data, campaign: p.data.campaign ?? new Int32Array(p.data.arm.length) };
  if (otherAudiences > 0) {
    const best0 = argmax(pooledArmLift(data.arm, data.campaign, data.y, 4));
    const rows = [...data.arm.keys()].filter((i) => data.arm[i] !== best0);
    const all = [...data.arm.keys(), ...Array.from({ length: otherAudiences }, () => rows).flat()];
    const copyOf = (k: number) => Math.floor((k - data.arm.length) / rows.length) + 1;
    data = {
      ...data,
      X: takeRows(data.X, Uint32Array.from(all)),
      arm: Int32Array.from(all, (i) => data.arm[i] as number),
      y: Float64Array.from(all, (i) => data.y[i] as number),
      propensity: Float64Array.from(all, (i) => data.propensity[i] as number),
      campaign: Int32Array.from(all, (i, k) =>
        k < data.arm.length ? (data.campaign[i] as number) : 100 * copyOf(k) + (data.campaign[i] as number),
      ),
    };
  }
  const n = data.arm.length;
  const best = argmax(pooledArmLift(data.arm, data.campaign, data.y, 4));
  // Two exposures per customer, so the halves keep pairs of rows together.
  const group = Int32Array.from({ length: n }, (_, i) => i >> 1);
  const objective = conversionObjective(data.y, best);
  return campaignHistoryGuard({
    data,
    group,
    learner: 't',
    seed: 1,
    learnerOptions: campaignHistoryLearnerOptions('t', n),
    objectives: { conversion: objective, profit: objective },
  });
}

describe('best-single-arm guard on campaign history (synthetic)', () => {
  it('one arm best everywhere, every arm offered to everyone: the best single arm for everyone', async () => {
    const g = await guardOn('dominant', 3, 0, 1);
    expect(g.conversion.checked).toBe(true);
    expect(g.conversion.best_single_arm).toBe('arm1');
    expect(g.conversion.policy).toBe('best_single_arm');
    // Only rows whose campaign offered the best arm are compared.
    expect(g.conversion.rows_compared).toBeGreaterThan(0);
    expect(g.conversion.rows_compared).toBeLessThanOrEqual(8000);
  }, 120_000);

  it('the best arm offered to a minority of the exposures: the gain is reported, the per-customer policy kept', async () => {
    const g = await guardOn('dominant', 3, 2);
    expect(g.conversion.checked).toBe(true);
    expect(g.conversion.rows_compared / g.conversion.rows_total).toBeLessThan(MIN_COMPARED_SHARE);
    expect(g.conversion.policy).toBe('personalised');
    expect(g.conversion.reason).toContain('reported only');
    expect(g.conversion.personalisation_gain).not.toBeNull();
  }, 120_000);

  it('each arm best for its own customers: personalised, the gain many standard errors above 0; determinism', async () => {
    const g = await guardOn('mixed', 3);
    expect(g.conversion.policy).toBe('personalised');
    const gain = g.conversion.personalisation_gain;
    expect(gain?.value).toBeGreaterThan(3 * (gain?.se as number));
    expect(await guardOn('mixed', 3)).toEqual(g);
  }, 120_000);
});

const CUSTOMERS = 2500;

const train = (store: DuckDbStore) =>
  trainUplift(store, {
    goal: 'conversion',
    learner: 't',
    seed: 1,
    objective: 'conversion',
    channel: 'email',
  });

async function recommended(store: DuckDbStore, version: string): Promise<Record<string, number>> {
  const rows = await store.query<{ t: string; n: number }>(
    'SELECT recommended_trigger AS t, count(*)::INTEGER AS n FROM customer_scores WHERE model_version = $1 GROUP BY 1',
    [version],
  );
  return Object.fromEntries(rows.map((r) => [r.t, r.n]));
}

describe('best-single-arm guard on an imported shop history', () => {
  const dirs: string[] = [];
  const stores: DuckDbStore[] = [];
  let dominant: DuckDbStore;
  let subgroup: DuckDbStore;
  beforeAll(async () => {
    for (const lift of [
      // Free shipping +8 points for everyone, the discount +3: free shipping dominates everywhere.
      (arm: string) => (arm === 'free_shipping' ? 0.08 : arm === 'discount' ? 0.03 : 0),
      // Free shipping +10 points for the large-order customers only, the discount +10 for the others only.
      (arm: string, large: boolean) =>
        (arm === 'free_shipping' && large) || (arm === 'discount' && !large) ? 0.1 : 0,
    ]) {
      const dir = mkdtempSync(join(tmpdir(), 'aether-history-guard-'));
      dirs.push(dir);
      writeThreeSendShop(dir, { customers: CUSTOMERS, seed: 11, lift });
      stores.push(await importThreeSendShop(dir));
    }
    [dominant, subgroup] = stores as [DuckDbStore, DuckDbStore];
  }, 120_000);
  afterAll(async () => {
    for (const s of stores) await s.close();
    for (const d of dirs) rmSync(d, { recursive: true, force: true });
  });

  it('one trigger best for everyone: everyone is recommended it, and the metrics say why', async () => {
    const r = await train(dominant);
    expect(r.policy_guard.conversion.checked).toBe(true);
    expect(r.policy_guard.conversion.policy).toBe('best_single_arm');
    expect(r.policy_guard.conversion.best_single_arm).toBe('free_shipping');
    expect(await recommended(dominant, r.model_version)).toEqual({ free_shipping: CUSTOMERS });
    const [m] = await dominant.query<{ metrics: string }>(
      'SELECT metrics FROM model_versions WHERE model_version = $1',
      [r.model_version],
    );
    expect(JSON.parse((m as { metrics: string }).metrics).policy_guard).toEqual(
      JSON.parse(JSON.stringify(r.policy_guard)),
    );
  }, 240_000);

  it('the held-out evaluation (train and `aether evaluate`) serves what the guard decided', async () => {
    await dominant.run("UPDATE campaigns SET reserved_for_evaluation = (campaign_id = 'camp2')");
    const r = await train(dominant);
    const e = r.evaluation?.conversion;
    expect(e?.policy).toBe(r.policy_guard.conversion.policy);
    expect(e?.policy_guard).toEqual(r.policy_guard.conversion);
    const doc = await evaluateStoredModel(dominant);
    expect(doc.policy).toBe(r.policy_guard.conversion.policy);
    expect((doc.profit as { policy: string }).policy).toBe(r.policy_guard.profit.policy);
    // Trained on two of the three campaigns, the guard still finds nothing to personalise.
    expect(doc.policy).toBe('best_single_arm');
    expect(doc.policy_counts).toEqual({ free_shipping: doc.holdout_rows });
    expect(doc.policy_value_dr).toEqual(e?.policy_value_dr);
  }, 240_000);

  it('each trigger best for its own customers: personalised, both triggers recommended', async () => {
    const r = await train(subgroup);
    expect(r.policy_guard.conversion.policy).toBe('personalised');
    const gain = r.policy_guard.conversion.personalisation_gain;
    expect(gain?.value).toBeGreaterThan(0.01);
    const counts = await recommended(subgroup, r.model_version);
    expect(counts.free_shipping).toBeGreaterThan(CUSTOMERS * 0.2);
    expect(counts.discount).toBeGreaterThan(CUSTOMERS * 0.3);
  }, 240_000);
});
