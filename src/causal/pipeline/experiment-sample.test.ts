import { describe, expect, it } from 'vitest';
import { Rng } from '../../core/rng.ts';
import { armQuotas, sampleTrainingRows } from './experiment-sample.ts';

describe('training sample of an imported experiment', () => {
  it('shares the budget by water-filling: small arms keep every row', () => {
    expect(armQuotas([315_000, 1_785_000], 1_000_000)).toEqual([315_000, 685_000]);
    expect(armQuotas([100, 5000, 5000], 3100)).toEqual([100, 1500, 1500]);
    expect(armQuotas([4000, 4000, 4000], 3000)).toEqual([1000, 1000, 1000]);
    expect(armQuotas([10, 20], 1000)).toEqual([10, 20]);
  });

  it('samples each arm at its quota, deterministically, with the probabilities of the sample', () => {
    const n = 10_000;
    const rng = new Rng(3);
    const arm = Int32Array.from({ length: n }, () => (rng.bernoulli(0.15) ? 0 : 1));
    const share = [0, 0];
    for (const a of arm) share[a] = (share[a] as number) + 1 / n;
    const propensity = Float64Array.from(arm, (a) => share[a] as number);
    const train = Uint32Array.from({ length: 7000 }, (_, i) => (i * (n / 7000)) | 0);
    const s = sampleTrainingRows(arm, propensity, 2, train, 3000, new Rng(11));
    expect(s.rows.length).toBe(3000);
    expect(s.armRowsUsed[0]).toBe(s.armRows[0]);
    expect((s.armRowsUsed[0] as number) + (s.armRowsUsed[1] as number)).toBe(3000);
    // Rows come from the training rows only, each once, ascending.
    const allowed = new Set(train);
    for (let j = 0; j < s.rows.length; j++) {
      expect(allowed.has(s.rows[j] as number)).toBe(true);
      if (j) expect(s.rows[j] as number).toBeGreaterThan(s.rows[j - 1] as number);
    }
    // In the sample each arm's probability is its share of the sample.
    const used0 = (s.armRowsUsed[0] as number) / 3000;
    const i0 = arm.indexOf(0);
    const i1 = arm.indexOf(1);
    expect(s.propensity[i0]).toBeCloseTo(used0, 2);
    expect(s.propensity[i1]).toBeCloseTo(1 - used0, 2);
    expect((s.propensity[i0] as number) + (s.propensity[i1] as number)).toBeCloseTo(1, 12);
    // The same seed draws the same rows; another seed others.
    expect(sampleTrainingRows(arm, propensity, 2, train, 3000, new Rng(11)).rows).toEqual(s.rows);
    expect(sampleTrainingRows(arm, propensity, 2, train, 3000, new Rng(12)).rows).not.toEqual(s.rows);
  });

  it('keeps every row and the logged probabilities under the cap or without one', () => {
    const arm = Int32Array.from([0, 1, 1, 0, 1]);
    const propensity = Float64Array.from([0.4, 0.6, 0.6, 0.4, 0.6]);
    const train = Uint32Array.from([0, 1, 2, 3, 4]);
    for (const max of [5, null]) {
      const s = sampleTrainingRows(arm, propensity, 2, train, max, new Rng(1));
      expect(s.rows).toBe(train);
      expect(s.propensity).toBe(propensity);
      expect(s.armRowsUsed).toEqual([2, 3]);
    }
  });

  it('samples every arm at one rate, keeping each row its probability, when the probability varies within an arm (--strata)', () => {
    const n = 10_000;
    const rng = new Rng(5);
    const de = Uint8Array.from({ length: n }, () => (rng.bernoulli(0.5) ? 1 : 0));
    const arm = Int32Array.from(de, (d) => (rng.bernoulli(d ? 0.9 : 0.3) ? 1 : 0));
    const propensity = Float64Array.from(arm, (a, i) => {
      const t = de[i] ? 0.9 : 0.3;
      return a ? t : 1 - t;
    });
    const train = Uint32Array.from({ length: n }, (_, i) => i);
    const s = sampleTrainingRows(arm, propensity, 2, train, 4000, new Rng(1));
    const rate = (a: number) => (s.armRowsUsed[a] as number) / (s.armRows[a] as number);
    expect(rate(0)).toBeCloseTo(0.4, 3);
    expect(rate(1)).toBeCloseTo(0.4, 3);
    // Water-filling would have kept every control row and changed the probabilities by arm only.
    expect(s.armRowsUsed[0]).toBeLessThan(s.armRows[0] as number);
    expect(s.propensity).toBe(propensity);
  });
});
