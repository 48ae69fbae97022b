import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_COST_CONFIG } from '../../contracts/trigger-costs.ts';
import { openStore } from '../../store/open.ts';
import { fixtureDb } from '../../test-support/fixture-db.ts';
import { informativeColumns } from '../campaign-context.ts';
import { LARGE_DATA_ROWS, withDataDefaults } from '../fit-uplift.ts';
import type { UpliftDataset } from '../learners/types.ts';
import { makeUpliftProblem } from '../synthetic.ts';
import { applyBinning, fitBinning } from '../trees/binning.ts';
import { campaignHistoryLearnerOptions } from './campaign-history-options.ts';
import { customerGroups, frameToRawColumns, loadExposureData, upliftDataset } from './exposure-data.ts';
import { heldOutSplit, scoreOnHeldOut, selectLearner, sweepLearnerOptions } from './select-learner.ts';
import { fitLearner } from './uplift-artifact.ts';

describe('model selection on held-out campaigns', () => {
  it('holds out whole campaigns, the latest ones, and ranks learners by held-out policy value', async () => {
    const p = makeUpliftProblem({ n: 12000, arms: 3, scenario: 'subgroup', campaigns: 5, seed: 4 });
    const campaign = p.data.campaign as Int32Array;
    const order = [3, 1, 0, 4, 2]; // by start: campaign 2 is the latest
    const s = await selectLearner({ ...p.data, campaign }, order, 1, ['t', 'x']);
    expect(s.held_out_campaigns[0]).toBe(2);
    let rowsOfHeld = 0;
    for (const c of campaign) if (s.held_out_campaigns.includes(c)) rowsOfHeld++;
    expect(s.held_out_rows).toBe(rowsOfHeld);
    expect(s.training_rows).toBe(12000 - rowsOfHeld);
    expect(s.held_out_rows).toBeGreaterThanOrEqual(12000 * 0.2);
    expect(s.candidates.map((c) => c.learner)).toEqual(['t', 'x']);
    const best = Math.max(...s.candidates.map((c) => c.policy_value_dr));
    expect(s.candidates.find((c) => c.learner === s.chosen)?.policy_value_dr).toBe(best);
    for (const c of s.candidates) expect(c.policy_value_ci[0]).toBeLessThanOrEqual(c.policy_value_dr);
    // The sweep's time is reported, and covers at least every candidate's fit.
    const fits = s.candidates.reduce((a, c) => a + c.fit_seconds, 0);
    expect(s.seconds).toBeGreaterThanOrEqual(fits - 0.01);
  });

  it('from LARGE_DATA_ROWS up the candidates get the shop defaults, decided by the whole training set', () => {
    const rows = (n: number): UpliftDataset => {
      const arm = new Int32Array(n);
      for (let i = 0; i < n; i++) arm[i] = i % 3;
      return { arm } as unknown as UpliftDataset;
    };
    const whole = rows(LARGE_DATA_ROWS + 10_000);
    // The earlier campaigns hold fewer than LARGE_DATA_ROWS rows: the default is still the capped
    // shared-base T-learner with 1,000-row leaves that `aether train` fits on the whole history.
    const t = sweepLearnerOptions('t', rows(LARGE_DATA_ROWS - 10_000), whole) as Record<string, unknown>;
    expect(t.sharedBase).toBe(true);
    expect(t.armGbdt).toEqual({ nEstimators: 30 });
    expect((t.gbdt as { minDataInLeaf: number }).minDataInLeaf).toBe(1000);
    expect(t).toEqual(withDataDefaults(whole, { learner: 't' }));
    // Both sides large: what `aether train` resolves on the rows fitted.
    const big = rows(LARGE_DATA_ROWS + 1);
    expect(sweepLearnerOptions('x', big, whole)).toEqual(withDataDefaults(big, { learner: 'x' }));
  });

  describe('on a small simulated shop', () => {
    let cleanup: () => void;
    let data: Awaited<ReturnType<typeof shopData>>;
    /** The training exposures as `aether train` builds them (train-uplift.ts, fitOnTraining). */
    async function shopData(db: string) {
      const store = await openStore(db);
      try {
        const train = await loadExposureData(
          store,
          { kind: 'training' },
          { shippingCost: DEFAULT_COST_CONFIG.triggers.free_shipping.per_conversion_amount, seed: 1 },
        );
        const raw = informativeColumns(frameToRawColumns(train.frame));
        const X = applyBinning(fitBinning(raw), raw);
        const starts = await store.query<{ campaign_id: string }>(
          'SELECT campaign_id FROM campaigns WHERE list_contains($1::VARCHAR[], campaign_id) ORDER BY started_at, campaign_id',
          [train.campaignIds],
        );
        return {
          ...upliftDataset(train, X, train.outcomes.converted),
          group: customerGroups(train.customerIds),
          order: starts.map((r) => train.campaignIds.indexOf(r.campaign_id)),
        };
      } finally {
        await store.close();
      }
    }
    beforeAll(async () => {
      const f = await fixtureDb();
      cleanup = f.cleanup;
      data = await shopData(f.db);
    }, 600_000);
    afterAll(() => cleanup?.());

    it('the default candidate is what plain `train` fits: the same settings, the same predictions', async () => {
      expect(data.arm.length).toBeLessThan(LARGE_DATA_ROWS);
      const seed = 3;
      const s = await selectLearner(data, data.order, seed, ['t', 'x']);
      const t = s.candidates.find((c) => c.is_default);
      expect(t?.learner).toBe('t');
      expect(s.candidates.filter((c) => c.is_default)).toHaveLength(1);
      const split = heldOutSplit(data, data.order);
      expect(s.training_rows).toBe(split.train.arm.length);
      // Plain `train` on these rows: campaignHistoryLearnerOptions for their count, resolved by the fit.
      const plain = campaignHistoryLearnerOptions('t', split.train.arm.length);
      expect(t?.options).toEqual(withDataDefaults(split.train, { ...plain, learner: 't' }));
      // Below LARGE_DATA_ROWS that is the flat experiments' T-learner: control base, 5-fold arm
      // models from the arm's mean departure, no 30-round cap.
      const o = t?.options as Record<string, Record<string, unknown> | unknown>;
      expect(o.sharedBase).toBe('control');
      expect(o.armGbdt).toEqual({ fitInitOffset: true, cvFolds: 5 });
      const model = await fitLearner('t', split.train, seed, plain);
      const pred = model.predict(split.test.X);
      // The candidate's recorded options fit the same model, prediction for prediction.
      const again = (await fitLearner('t', split.train, seed, t?.options)).predict(split.test.X);
      expect(again.uplift.map((u) => Array.from(u))).toEqual(pred.uplift.map((u) => Array.from(u)));
      expect(Array.from(again.baseline)).toEqual(Array.from(pred.baseline));
      const own = scoreOnHeldOut(pred, split, seed);
      expect(t?.policy_value_dr).toBe(own.policy_value_dr);
      expect(t?.policy_value_ci).toEqual(own.policy_value_ci);
      expect(t?.mean_qini).toBe(own.mean_qini);
      // The other candidate takes the same data-size defaults (its leaves scaled to these rows).
      const x = s.candidates.find((c) => c.learner === 'x');
      expect(x?.options).toEqual(
        withDataDefaults(split.train, {
          ...campaignHistoryLearnerOptions('x', split.train.arm.length),
          learner: 'x',
        }),
      );
      expect(s.seconds).toBeGreaterThan(0);
    }, 600_000);
  });
});
