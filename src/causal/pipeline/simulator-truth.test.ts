import { describe, expect, it } from 'vitest';
import { DEFAULT_COST_CONFIG } from '../../contracts/trigger-costs.ts';
import { TRIGGER_IDS } from '../../contracts/triggers.ts';
import { orderMarginsOf, trueProfitByArm } from './simulator-truth.ts';

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
