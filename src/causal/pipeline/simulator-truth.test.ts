import { describe, expect, it } from 'vitest';
import { DEFAULT_COST_CONFIG } from '../../contracts/trigger-costs.ts';
import { TRIGGER_IDS } from '../../contracts/triggers.ts';
import { orderMarginsOf, truePolicyValues, trueProfitByArm } from './simulator-truth.ts';

describe('trueProfitByArm', () => {
  it('is p × (the arm pricing’s order margin − shipping cost) − the send cost, hand-computed', () => {
    const n = 2;
    const probabilities = [0, ...TRIGGER_IDS].map((_, a) => Float64Array.from([0.02 + 0.01 * a, 0.1]));
    const margins = {
      fullPrice: Float64Array.from([60, 40]),
      discount: Float64Array.from([48, 30]),
      freeShipping: Float64Array.from([55, 33]),
    };
    const profit = trueProfitByArm(probabilities, margins, TRIGGER_IDS, DEFAULT_COST_CONFIG, 'email');
    expect(profit).toHaveLength(TRIGGER_IDS.length + 1);
    const ship = 7.95;
    const send = 0.002;
    // control: 0.02 × (60 − 7.95); no send cost
    expect(profit[0]![0]).toBeCloseTo(0.02 * (60 - ship), 12);
    const k = (t: string) => TRIGGER_IDS.indexOf(t as (typeof TRIGGER_IDS)[number]) + 1;
    const d = k('discount');
    expect(profit[d]![0]).toBeCloseTo((0.02 + 0.01 * d) * (48 - ship) - send, 12);
    expect(profit[d]![1]).toBeCloseTo(0.1 * (30 - ship) - send, 12);
    const f = k('free_shipping');
    expect(profit[f]![1]).toBeCloseTo(0.1 * (33 - ship) - send, 12);
    // every other trigger is sold at full price (the loyalty reward gives nothing in the simulated orders)
    const s = k('social_proof');
    expect(profit[s]![0]).toBeCloseTo((0.02 + 0.01 * s) * (60 - ship) - send, 12);
    expect(orderMarginsOf(margins, 'loyalty_reward')).toBe(margins.fullPrice);
    expect(orderMarginsOf(margins, null)).toBe(margins.fullPrice);
    for (const arm of profit) expect(arm).toHaveLength(n);
  });
});

describe('truePolicyValues', () => {
  it('scores a policy against nobody, the best single arm and the oracle, hand-computed', () => {
    // Three rows, control and two arms; negative values (profit) must not be floored at 0.
    const truth = [
      Float64Array.from([0.1, 0.2, -1]),
      Float64Array.from([0.3, 0.1, -2]),
      Float64Array.from([0.2, 0.4, -3]),
    ];
    const v = truePolicyValues(truth, [1, 1, 0], 2);
    expect(v.policy).toBeCloseTo((0.3 + 0.1 - 1) / 3, 12);
    expect(v.treatNobody).toBeCloseTo((0.1 + 0.2 - 1) / 3, 12);
    expect(v.bestSingle).toBeCloseTo((0.2 + 0.4 - 3) / 3, 12);
    expect(v.oracle).toBeCloseTo((0.3 + 0.4 - 1) / 3, 12);
    expect(v.oracleIncrementalShare).toBeCloseTo((0.4 - 0.3) / (0.7 - 0.3), 12);
    expect(v.headroomCaptured).toBeCloseTo((-0.6 - -2.4) / (-0.3 - -2.4), 12);
    // No headroom at all: the shares are undefined, not a division by zero.
    expect(truePolicyValues([Float64Array.from([0.5])], [0], 0).oracleIncrementalShare).toBeNaN();
  });
});
