import { describe, expect, it } from 'vitest';
import { Rng } from '../core/rng.ts';
import { blpRegression, calibrateByBlp, crossFittedBlp } from './calibrate-uplift.ts';
import { fitUplift } from './fit-uplift.ts';
import { makeUpliftProblem } from './synthetic.ts';

describe('best linear predictor of the effect given the predicted uplift (BLP)', () => {
  it('recovers the loading and the mean of a known linear relation', () => {
    const rng = new Rng(3);
    const s = Float64Array.from({ length: 20_000 }, () => rng.normal(0.05, 0.02));
    // The effects are twice as spread as the predictions, around a mean of 0.04.
    const phi = Float64Array.from(s, (v) => 0.04 + 2 * (v - 0.05) + rng.normal(0, 0.5));
    const b = blpRegression(s, phi);
    expect(b.beta2).toBeGreaterThan(2 - 3 * b.se2);
    expect(b.beta2).toBeLessThan(2 + 3 * b.se2);
    expect(Math.abs(b.beta1 - 0.04)).toBeLessThan(3 * b.se1);
    const c = calibrateByBlp(
      { baseline: new Float64Array(1), uplift: [Float64Array.of(0.07)] },
      { arms: [b] },
    );
    expect(c.uplift[0]?.[0]).toBeCloseTo(b.beta1 + b.beta2 * (0.07 - b.meanPrediction), 12);
  });

  it('cross-fits on a randomised experiment: the loading is positive where the effect varies', () => {
    const p = makeUpliftProblem({ n: 20_000, arms: 2, scenario: 'harmful', seed: 9 });
    const fit = crossFittedBlp(p.data, (half) => fitUplift(half, { seed: 1 }), 1);
    expect(fit.arms).toHaveLength(2);
    // Arm 2 helps only where x1 > 0.5: its predicted spread is real.
    expect(fit.arms[1]?.beta2).toBeGreaterThan(2 * (fit.arms[1]?.se2 as number));
    // Arm 1 harms everyone: its mean effect is clearly negative.
    expect(fit.arms[0]?.beta1).toBeLessThan(-0.1);
  });
});
