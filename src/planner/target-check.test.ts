import { describe, expect, it } from 'vitest';
import { TargetCheck } from '../contracts/api.ts';
import type { MetricTarget } from '../contracts/coo.ts';
import { type Base, checkTarget, type Effect, type TargetCheckInput } from './target-check.ts';
import { bestPerCustomer } from './target-inputs.ts';

const base: Base = { n: 1000, conversions: 50, revenue: 5000 }; // 5% order anyway
const eff = (customers: number, conversions: number, revenue = conversions * 100, profit = 10): Effect => ({
  customers,
  conversions,
  revenue,
  profit,
});
const target = (o: Partial<MetricTarget>): MetricTarget => ({
  metric: 'repeat_purchase_rate',
  direction: 'increase',
  kind: 'relative',
  value: 10,
  unit: 'percent',
  horizon_days: null,
  ...o,
});
const input = (o: Partial<TargetCheckInput>): TargetCheckInput => ({
  target: target({}),
  windowDays: 30,
  base,
  lead: { trigger: 'free_shipping', effect: eff(400, 4) },
  uncapped: null,
  others: [],
  everyoneWhoResponds: null,
  population: null,
  channel: 'email',
  currency: 'USD',
  ...o,
});

describe('checkTarget: the brief metric target against the prediction', () => {
  it('says a relative target is reached, with the rate before and after (hand computed)', () => {
    // 4 more of 50 expected = +8%: short of 10%. 6 more = +12%: reached.
    const short = checkTarget(input({}));
    expect(TargetCheck.safeParse(short).success).toBe(true);
    expect(short.predictable).toBe(true);
    expect(short.predicted).toBeCloseTo(8, 10);
    expect(short.without_campaign).toBeCloseTo(5, 10);
    expect(short.with_campaign).toBeCloseTo(5.4, 10);
    expect(short.reaches).toBe(false);
    expect(short.message).toContain('+8.0% (from 5.0% to 5.4% among the 1,000 customers');
    expect(short.message).toContain('falls short of the 10% you asked for');
    const met = checkTarget(input({ lead: { trigger: 'free_shipping', effect: eff(400, 6) } }));
    expect(met.reaches).toBe(true);
    expect(met.message).toContain('This reaches your target.');
    expect(met.options).toEqual([]);
  });

  it('reads points, levels and churn the way the brief states them', () => {
    const points = checkTarget(input({ target: target({ kind: 'points', value: 0.5, unit: 'points' }) }));
    expect(points.predicted).toBeCloseTo(0.4, 10); // 4 / 1000 = 0.4 points
    expect(points.reaches).toBe(false);
    const level = checkTarget(input({ target: target({ kind: 'level', value: 5.3 }) }));
    expect(level.predicted).toBeCloseTo(5.4, 10);
    expect(level.reaches).toBe(true);
    // Churn is those who do not order: 95% -> 94.6%, a relative drop of 0.4/95.
    const churn = checkTarget(
      input({ target: target({ metric: 'churn_rate', direction: 'decrease', value: 1 }) }),
    );
    expect(churn.predicted).toBeCloseTo((0.4 / 95) * 100, 10);
    expect(churn.reaches).toBe(false);
    expect(churn.message).toContain('churn down 1%');
  });

  it('counts and revenue: incremental against the target, wider audience offered', () => {
    const count = checkTarget(
      input({
        target: target({ metric: 'reactivated_customers', kind: 'absolute', value: 20, unit: 'count' }),
        population: { base: { n: 5000, conversions: 250, revenue: 25_000 }, effect: eff(3000, 25) },
      }),
    );
    expect(count.predicted).toBeCloseTo(4, 10);
    expect(count.reaches).toBe(false);
    expect(count.message).toContain('Your target: 20 reactivated customers.');
    const wider = count.options.find((o) => o.kind === 'wider_audience');
    expect(wider?.reaches).toBe(true);
    expect(wider?.text).toContain('all 5,000 customers who can be reached by email');
    const far = checkTarget(
      input({
        target: target({ metric: 'reactivated_customers', kind: 'absolute', value: 200, unit: 'count' }),
        population: { base: { n: 5000, conversions: 250, revenue: 25_000 }, effect: eff(3000, 25) },
      }),
    );
    expect(far.options.every((o) => !o.reaches)).toBe(true);
    expect(far.notes[0]).toBe(
      'None of these reaches the 200 you asked for with one send: the target needs more than this campaign, or a smaller goal.',
    );
    expect(count.notes.join(' ')).not.toContain('None of these reaches');
    expect(count.notes.join(' ')).toContain('not how many times');
    const revenue = checkTarget(
      input({ target: target({ metric: 'revenue', kind: 'absolute', value: 300, unit: 'currency' }) }),
    );
    expect(revenue.predicted).toBeCloseTo(400, 10);
    expect(revenue.reaches).toBe(true);
  });

  it('offers what closes the gap only when it comes closer, and says whether it reaches', () => {
    const c = checkTarget(
      input({
        uncapped: eff(900, 4.5),
        others: [
          { trigger: 'discount', effect: eff(700, 3) }, // worse: not offered
          { trigger: 'social_proof', effect: eff(800, 5) }, // +10%: reaches
        ],
        everyoneWhoResponds: eff(990, 9, 900, -120),
        // A rate is the audience's own: a wider audience is not offered for it.
        population: { base: { n: 5000, conversions: 250, revenue: 25_000 }, effect: eff(3000, 60) },
      }),
    );
    expect(c.options.map((o) => [o.kind, o.trigger, o.reaches])).toEqual([
      ['no_budget', 'free_shipping', false],
      ['other_trigger', 'social_proof', true],
      ['everyone_who_responds', null, true],
    ]);
    expect(c.options[2]?.text).toContain('incremental profit −$120');
    const none = checkTarget(input({ others: [{ trigger: 'discount', effect: eff(1, 1) }] }));
    expect(none.options).toEqual([]);
    expect(none.notes.join(' ')).toContain('No other trigger');
  });

  it('says plainly when the metric is not one the engine predicts, and never gives a number', () => {
    for (const t of [
      target({ metric: 'email_open_rate', kind: 'points', unit: 'points' }),
      target({ metric: 'average_order_value', kind: 'relative' }),
      target({ metric: 'conversion_rate', direction: 'decrease' }),
      target({ metric: 'revenue', kind: 'points', unit: 'points' }),
    ]) {
      const c = checkTarget(input({ target: t }));
      expect(c.predictable).toBe(false);
      expect(c.predicted).toBeNull();
      expect(c.reaches).toBeNull();
      expect(c.message).toMatch(/^Your target: /);
    }
    expect(
      checkTarget(input({ target: target({ metric: 'email_open_rate', kind: 'points', unit: 'points' }) }))
        .message,
    ).toContain('it does not predict email open rate');
  });

  it('notes a target horizon longer than the window the scores were predicted for', () => {
    const c = checkTarget(input({ target: target({ horizon_days: 90 }), windowDays: 7 }));
    expect(c.notes[0]).toContain('one send and the 7 days after it; your target runs over 90 days');
  });
});

describe('bestPerCustomer', () => {
  it('gives each customer the allowed trigger of highest value, only where positive when it must pay', () => {
    // Two customers, triggers by TRIGGER_IDS index; only discount (0) and free_shipping (1) allowed.
    const z = () => new Float64Array(2);
    const uplift = Array.from({ length: 10 }, z);
    const value = Array.from({ length: 10 }, z);
    uplift[0] = Float64Array.from([0.02, 0.01]);
    uplift[1] = Float64Array.from([0.01, 0.03]);
    uplift[2] = Float64Array.from([0.5, 0.5]); // not allowed
    value[0] = Float64Array.from([1, -1]);
    value[1] = Float64Array.from([2, -0.5]);
    const eov = Float64Array.from([100, 50]);
    const pays = bestPerCustomer(uplift, eov, value, value, ['discount', 'free_shipping'], true);
    expect(pays).toEqual({ customers: 1, conversions: 0.01, revenue: 1, profit: 2 });
    const responds = bestPerCustomer(uplift, eov, value, value, ['discount', 'free_shipping'], false);
    expect(responds.customers).toBe(2);
    expect(responds.conversions).toBeCloseTo(0.05, 12);
    expect(responds.profit).toBeCloseTo(1 - 0.5, 12);
  });
});
