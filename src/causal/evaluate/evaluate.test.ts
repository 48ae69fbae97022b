import { describe, expect, it } from 'vitest';
import { Rng } from '../../core/rng.ts';
import { aipwScores } from './aipw.ts';
import { bootstrapMean, bootstrapMeans } from './bootstrap.ts';
import { upliftCalibration } from './calibration.ts';
import { bootstrapTogether, comparePolicies, policyValue, referencePolicies } from './policy-value.ts';
import { qiniByArm, qiniMetrics } from './qini.ts';

describe('qini and auuc (hand-computed)', () => {
  const score = [0.9, 0.8, 0.7, 0.6, 0.5, 0.4, 0.3, 0.2];
  const treated = [1, 0, 1, 0, 1, 0, 1, 0];
  const y = [1, 0, 1, 1, 0, 0, 0, 1];
  const r = qiniMetrics(score, treated, y);
  it('builds the Qini and uplift curves point by point', () => {
    expect(Array.from(r.curve.qini)).toEqual(
      [0, 1, 1, 2, 1, 0.5, 1, 2 / 3, 0].map((v) => expect.closeTo(v / 8, 12) as unknown as number),
    );
    const u = [0, 0.125, 0.25, 0.375, 0.25, (1 / 6) * (5 / 8), 0.25, (1 / 6) * (7 / 8), 0];
    for (let i = 0; i < u.length; i++) expect(r.curve.uplift[i]).toBeCloseTo(u[i]!, 12);
  });
  it('computes the areas', () => {
    expect(r.qini).toBeCloseTo(1.7916666666666667 / 16, 12);
    expect(r.auuc).toBeCloseTo(3 / 16, 12);
    expect(r.auucRandom).toBe(0);
    // Perfect ranking area is 0.1875 (treated responders first, control responders last).
    expect(r.qiniNormalized).toBeCloseTo(1.7916666666666667 / 16 / 0.1875, 12);
    expect(r.upliftAtTop.p10).toBeNaN(); // top 1 row has no control
    expect(r.upliftAtTop.p30).toBe(1);
  });
  it('treats tied scores as one block', () => {
    const t = qiniMetrics([1, 1, 0, 0], [1, 0, 1, 0], [1, 0, 0, 0]);
    expect(Array.from(t.curve.x)).toEqual([0, 0.5, 1]);
    expect(t.curve.qini[1]).toBeCloseTo(0.25, 12);
  });
  it('splits per arm against control', () => {
    const arm = Int32Array.from([0, 1, 2, 1, 0, 2]);
    const res = qiniByArm([new Float64Array(6), new Float64Array(6)], arm, new Float64Array(6));
    expect(res.map((q) => q.rows)).toEqual([4, 4]);
  });
});

describe('policy value (hand-computed)', () => {
  const arm = Int32Array.from([0, 1, 1, 0]);
  const y = Float64Array.from([1, 0, 1, 0]);
  const propensity = Float64Array.from([0.5, 0.5, 0.25, 0.5]);
  const mu = [new Float64Array(4).fill(0.5), new Float64Array(4).fill(0.2)];
  const gamma = aipwScores(arm, y, propensity, mu);
  const d = { arm, y, propensity, gamma };
  it('computes AIPW scores', () => {
    expect(Array.from(gamma[0]!)).toEqual([1.5, 0.5, 0.5, -0.5]);
    const g1 = [0.2, -0.2, 3.4, 0.2];
    for (let i = 0; i < 4; i++) expect(gamma[1]![i]).toBeCloseTo(g1[i]!, 12);
  });
  it('values a policy by IPW and DR', () => {
    const v = policyValue(Int32Array.from([0, 1, 0, 1]), d, { replicates: 50 });
    expect(v.ipw.value).toBe(0.5);
    expect(v.dr!.value).toBeCloseTo(0.5, 12);
    expect(v.ipw.ci_low).toBeLessThanOrEqual(0.5);
    expect(v.ipw.ci_high).toBeGreaterThanOrEqual(0.5);
  });
  it('values treat-nobody, single arms and the random arm', () => {
    const r = referencePolicies(d, 2, { replicates: 20 });
    expect(r.treatNobody.dr!.value).toBeCloseTo(0.5, 12);
    expect(r.singleArm[1]!.dr!.value).toBeCloseTo(0.9, 12);
    expect(r.bestSingleArm.arm).toBe(1);
    expect(r.randomArm.dr!.value).toBeCloseTo(0.7, 12);
    expect(r.randomArm.ipw.value).toBeCloseTo(0.75, 12);
  });
  it('compares two policies on paired resamples', () => {
    const c = comparePolicies(new Int32Array(4).fill(1), new Int32Array(4).fill(0), d, { replicates: 100 });
    expect(c.dr!.value).toBeCloseTo(0.4, 12);
    expect(c.ipw.value).toBeCloseTo((0 + 0 + 4 + 0) / 4 - (2 + 0 + 0 + 0) / 4, 12);
  });
});

describe('bootstrap', () => {
  it('is seeded and has about the normal-theory width', () => {
    const rng = new Rng(3);
    const x = Float64Array.from({ length: 2000 }, () => rng.normal(1, 2));
    const a = bootstrapMean(x, { seed: 9, replicates: 400 });
    const b = bootstrapMean(x, { seed: 9, replicates: 400 });
    expect(a).toEqual(b);
    const width = a.ci_high - a.ci_low;
    const theory = 2 * 1.96 * (2 / Math.sqrt(2000));
    expect(width / theory).toBeGreaterThan(0.8);
    expect(width / theory).toBeLessThan(1.2);
  });
  it('covers the true mean about 95% of the time, also for skewed 0/1 outcomes', () => {
    const rng = new Rng(5);
    let covered = 0;
    const trials = 300;
    for (let t = 0; t < trials; t++) {
      // A 4% conversion rate: the skewed case policy values are made of.
      const x = Float64Array.from({ length: 800 }, () => (rng.next() < 0.04 ? 1 : 0));
      const e = bootstrapMean(x, { seed: t, replicates: 200 });
      if (e.ci_low <= 0.04 && 0.04 <= e.ci_high) covered++;
    }
    expect(covered / trials).toBeGreaterThan(0.9);
    expect(covered / trials).toBeLessThan(0.99);
  });

  it('gives a zero-width interval for constant contributions', () => {
    expect(bootstrapMean(new Float64Array(10).fill(2))).toEqual({ value: 2, ci_low: 2, ci_high: 2 });
  });
});

describe('calibration', () => {
  it('compares predicted and observed uplift per bin', () => {
    const c = upliftCalibration([0.1, 0.2, 0.3, 0.4], [1, 0, 1, 0], [1, 0, 0, 1], { bins: 2 });
    expect(c).toEqual([
      { bin: 1, rows: 2, treated: 1, control: 1, predicted: expect.closeTo(0.15, 12), observed: 1 },
      { bin: 2, rows: 2, treated: 1, control: 1, predicted: expect.closeTo(0.35, 12), observed: -1 },
    ]);
  });
});

describe('intervals bootstrapped together', () => {
  const rng = new Rng(17);
  const n = 5000;
  const cols = Array.from({ length: 4 }, (_, c) =>
    Float64Array.from({ length: n }, () => rng.normal(c, 1 + c)),
  );
  it('are, bit for bit, the intervals bootstrapped one by one', () => {
    const opts = { seed: 3, replicates: 120 };
    expect(bootstrapMeans(cols, opts)).toEqual(cols.map((c) => bootstrapMean(c, opts)));
    expect(bootstrapMeans(cols.slice(0, 1), opts)).toEqual([bootstrapMean(cols[0]!, opts)]);
  });
  it('fill the lazy policy values with the figures reading them one by one gives', () => {
    const arm = Int32Array.from({ length: n }, () => rng.int(3));
    const y = Float64Array.from({ length: n }, (_, i) => (rng.bernoulli(0.1 + 0.05 * arm[i]!) ? 1 : 0));
    const propensity = new Float64Array(n).fill(1 / 3);
    const policy = Int32Array.from({ length: n }, () => rng.int(3));
    const make = () => {
      const gamma = aipwScores(
        arm,
        y,
        propensity,
        [0.1, 0.15, 0.2].map((m) => new Float64Array(n).fill(m)),
      );
      const d = { arm, y, propensity, gamma };
      const boot = { seed: 8, replicates: 100 };
      const refs = referencePolicies(d, 3, boot);
      return {
        value: policyValue(policy, d, boot),
        refs,
        diff: comparePolicies(policy, new Int32Array(n), d, boot),
      };
    };
    const alone = make();
    const together = make();
    bootstrapTogether([
      [together.value, 'ipw'],
      [together.value, 'dr'],
      [together.refs.treatNobody, 'dr'],
      [together.refs.randomArm, 'dr'],
      [together.diff, 'dr'],
      [together.value, 'dr'],
    ]);
    expect(JSON.parse(JSON.stringify(together))).toEqual(JSON.parse(JSON.stringify(alone)));
    expect(together.value.dr).toEqual(alone.value.dr);
    expect(together.diff.dr?.ci_low).toBeLessThan(together.diff.dr?.ci_high as number);
  });
});
