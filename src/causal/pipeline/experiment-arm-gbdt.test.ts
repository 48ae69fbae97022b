import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { Rng } from '../../core/rng.ts';
import { importExperiment, loadExperiment } from '../../import/experiment.ts';
import { openStore } from '../../store/open.ts';
import { megafonShape, shapeImportOptions } from '../../test-support/experiment-shapes.ts';
import { slopeAndCorrelation } from '../../test-support/shape-run.ts';
import { fitUplift } from '../fit-uplift.ts';
import type { UpliftDataset } from '../learners/types.ts';
import { applyBinning, fitBinning, takeRows } from '../trees/binning.ts';
import { experimentLearnerOptions } from './experiment-model.ts';

/**
 * The flat-experiment T-learner's arm models (EXPERIMENT_ARM_GBDT) learn a planted step at its
 * size. This is bench/experiment-calibration.ts's MegaFon file of 20,000 rows, data seed 2 (+10
 * points where X_1 > 0, −5 elsewhere, 49 other columns), imported, with the bench's held-out 30%.
 * There the treated arm's model, early-stopped on one held-out 15% of its rows, stopped after 18
 * rounds and its uplifts were 70% of the planted ones (slope of planted on predicted 1.43); with its
 * rounds chosen on 5 folds and its start at the arm's mean departure from the control base, 1.01.
 */
describe('arm models of the flat-experiment default', () => {
  it('learn the MegaFon step at its size (slope of planted on predicted uplift near 1)', async () => {
    const n = 20_000;
    const seed = 2;
    const file = megafonShape(n, seed);
    const dir = mkdtempSync(join(tmpdir(), 'aether-arm-gbdt-'));
    const store = await openStore(':memory:');
    try {
      const path = join(dir, 'megafon.csv');
      writeFileSync(path, file.text);
      const imported = await importExperiment(store, path, shapeImportOptions(file.args));
      const data = await loadExperiment(store, imported.experiment_id);
      const order = new Rng(Rng.derive(seed, 'bench-holdout').nextUint32()).shuffle(
        Array.from({ length: n }, (_, i) => i),
      );
      const test = Uint32Array.from(order.slice(0, 6000)).sort();
      const train = Uint32Array.from(order.slice(6000)).sort();
      const X = applyBinning(fitBinning(data.features), data.features, n);
      const d: UpliftDataset = {
        X: takeRows(X, train),
        arm: Int32Array.from(train, (i) => data.arm[i] as number),
        armNames: data.armNames,
        y: Float64Array.from(train, (i) => data.outcome[i] as number),
        propensity: Float64Array.from(train, (i) => data.propensity[i] as number),
      };
      const model = fitUplift(d, { ...experimentLearnerOptions('t'), seed });
      const predicted = model.predict(takeRows(X, test)).uplift[0] as Float64Array;
      const planted = Float64Array.from(
        test,
        (i) =>
          ((file.truth[1] as Float64Array)[i] as number) - ((file.truth[0] as Float64Array)[i] as number),
      );
      const { slope, corr } = slopeAndCorrelation(predicted, planted);
      expect(corr).toBeGreaterThan(0.9);
      expect(slope).toBeGreaterThan(0.85);
      expect(slope).toBeLessThan(1.2);
    } finally {
      await store.close();
      rmSync(dir, { recursive: true, force: true });
    }
  }, 120_000);
});
