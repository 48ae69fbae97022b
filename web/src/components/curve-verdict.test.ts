import { describe, expect, it } from 'vitest';
import { curveVerdict } from './curve-verdict.ts';

const curve = (values: number[], nt = 3000, nc = 3000) => ({
  trigger: 'content_storytelling' as const,
  n_treated: nt,
  n_control: nc,
  qini: [{ share: 0, value: 0 }, ...values.map((v, i) => ({ share: (i + 1) / values.length, value: v }))],
});

describe('curveVerdict', () => {
  it('reads a curve above the random line as a confirmed ranking', () => {
    const v = curveVerdict(curve([6, 9, 10, 10]));
    expect(v).toMatch(/runs above the dashed line/);
    expect(v).toMatch(/confirms the ranking/);
    expect(v).toMatch(/won about 10 conversions over control/);
    expect(v).not.toMatch(/small test/);
  });

  it('reads a curve below it as a ranking the data does not confirm, and says a small test is noisy', () => {
    // The walk-through's shop: down to −5 conversions, ending at −2.2, on 235 + 347 customers.
    const v = curveVerdict(curve([-0.8, -5, -4.4, -4.3, -4.8, -4.1, -3, -2.2], 235, 347));
    expect(v).toMatch(/runs below the dashed line/);
    expect(v).toMatch(/responded less to Content & Storytelling than the others/);
    expect(v).toMatch(/does not confirm the model's ranking/);
    expect(v).toMatch(/about 2 fewer conversions than control/);
    expect(v).toMatch(/A small test \(235 customers sent it, 347 in control\)/);
  });

  it('reads a curve along the random line as no better than random', () => {
    expect(curveVerdict(curve([2.5, 5.1, 7.4, 10]))).toMatch(/keeps close to the dashed line/);
  });

  it('says nothing about an empty curve', () => {
    expect(curveVerdict(curve([]))).toBe('');
  });
});
