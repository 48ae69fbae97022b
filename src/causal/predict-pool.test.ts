import { afterAll, describe, expect, it } from 'vitest';
import { fitUplift } from './fit-uplift.ts';
import { UpliftForest } from './forest/uplift-forest.ts';
import type { UpliftPrediction } from './learners/types.ts';
import { PredictPool } from './predict-pool.ts';
import { makeUpliftProblem } from './synthetic.ts';

/** Every double compared by its bits: a last-bit difference fails, and so would NaN vs NaN noise. */
function bits(p: UpliftPrediction): string[] {
  return [p.baseline, ...p.uplift].map((a) =>
    Buffer.from(a.buffer, a.byteOffset, a.byteLength).toString('hex'),
  );
}

const train = makeUpliftProblem({ n: 6_000, arms: 3, scenario: 'subgroup', seed: 5 });
// 2,001 rows: not divisible by 2 or 3 threads, so the range boundaries are exercised.
const score = makeUpliftProblem({
  n: 2_001,
  arms: 3,
  scenario: 'subgroup',
  seed: 6,
  binning: train.X.binning,
});
const forest = UpliftForest.fit(train.data, { nTrees: 12, seed: 3, minSamplesLeaf: 50, maxDepth: 6 });
const pools: PredictPool[] = [];
afterAll(() => Promise.all(pools.map((p) => p.close())));

describe('PredictPool', () => {
  it.each([1, 2, 3])(
    'predicts a forest bit for bit as its own predict does (%i threads)',
    async (threads) => {
      const pool = PredictPool.start(forest, threads);
      pools.push(pool);
      const serial = forest.predict(score.X);
      const parallel = await pool.predict(score.X);
      expect(bits(parallel)).toEqual(bits(serial));
      // The same pool serves several batches queued at once, each answered with its own rows.
      const head = { ...score.X, nRows: 7, columns: score.X.columns.map((c) => c.slice(0, 7)) };
      const [again, small] = await Promise.all([pool.predict(score.X), pool.predict(head)]);
      expect(bits(again)).toEqual(bits(serial));
      expect(bits(small)).toEqual(bits(forest.predict(head)));
    },
  );

  it('predicts any uplift learner (T-learner) bit for bit', async () => {
    const t = fitUplift(train.data, { learner: 't', seed: 1 });
    const pool = PredictPool.start(t, 2);
    pools.push(pool);
    expect(bits(await pool.predict(score.X))).toEqual(bits(t.predict(score.X)));
  });

  it('fails a batch whose features do not match the model, and says why', async () => {
    const pool = PredictPool.start(forest, 2);
    pools.push(pool);
    const wrong = { ...score.X, names: score.X.names.map((n) => `${n}_x`) };
    await expect(pool.predict(wrong)).rejects.toThrow(/feature/);
  });
});
