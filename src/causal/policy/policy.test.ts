import { describe, expect, it } from 'vitest';
import { Rng } from '../../core/rng.ts';
import { makeUpliftProblem } from '../synthetic.ts';
import { binColumns } from '../trees/binning.ts';
import { PolicyTree } from './policy-tree.ts';
import { recommend } from './recommend.ts';

const pred = {
  baseline: Float64Array.from([0.1, 0.2, 0.3]),
  uplift: [Float64Array.from([0.1, -0.2, 0.05]), Float64Array.from([0.05, -0.1, 0.2])],
};

describe('recommend', () => {
  it('picks the best positive arm, else control', () => {
    const r = recommend(pred);
    expect(Array.from(r.arm)).toEqual([1, 0, 2]);
    expect(r.counts).toEqual([1, 1, 1]);
    expect(Array.from(r.incrementalOutcome)).toEqual([0.1, 0, 0.2]);
  });
  it('never treats rows whose uplifts are all negative', () => {
    const r = recommend({ baseline: new Float64Array(2), uplift: [Float64Array.from([-0.1, -0.01])] });
    expect(Array.from(r.arm)).toEqual([0, 0]);
  });
  it('honours excluded arms', () => {
    expect(Array.from(recommend(pred, { excludeArms: [2] }).arm)).toEqual([1, 0, 1]);
  });
  it('optimises incremental profit with value and costs', () => {
    // arm 1 nets 0.1*10-0.5 = 0.5, -2.5, 0 ; arm 2 nets -1, -2.5, 0.5
    const r = recommend(pred, { value: [10, 10], fixedCost: [0.5, 1.5] });
    expect(Array.from(r.arm)).toEqual([1, 0, 2]);
    expect(r.incrementalValue[0]).toBeCloseTo(0.5, 12);
    expect(r.totalSpend).toBeCloseTo(2, 12);
    // Cost per treated outcome (a discount on every treated conversion): 0.1 per unit of outcome.
    const d = recommend(pred, { value: [1, 1], costPerOutcome: [0.5, 0.5] });
    // arm1 row0: 0.1 - 0.5*(0.2) = 0 -> not positive; arm2 row0: 0.05 - 0.5*0.15 < 0 -> control
    expect(d.arm[0]).toBe(0);
    // arm2 row2: 0.2 - 0.5*0.5 = -0.05 -> control
    expect(d.arm[2]).toBe(0);
  });
  it('spends a budget where profit per unit cost is highest', () => {
    const r = recommend(pred, { value: [10, 10], fixedCost: [0.5, 1.5], budget: 1 });
    expect(Array.from(r.arm)).toEqual([1, 0, 0]);
    expect(r.cutByBudget).toBe(1);
    expect(r.totalSpend).toBeCloseTo(0.5, 12);
  });
  it('drops arms below the minimum segment size and re-assigns their rows', () => {
    const r = recommend(pred, { minSegmentSize: 2 });
    expect(r.droppedArms).toEqual([1]);
    expect(Array.from(r.arm)).toEqual([2, 0, 2]);
  });
});

function xorProblem(n: number) {
  const rng = new Rng(4);
  const x0 = Float64Array.from({ length: n }, () => rng.next());
  const x1 = Float64Array.from({ length: n }, () => rng.next());
  const seg = Array.from({ length: n }, () => ['a', 'b', 'c', 'd'][rng.int(4)]!);
  const X = binColumns([
    { name: 'x0', kind: 'numeric', values: x0 },
    { name: 'x1', kind: 'numeric', values: x1 },
    { name: 'segment', kind: 'categorical', values: seg },
  ]);
  return { X, x0, x1, seg };
}

describe('policy tree', () => {
  it('finds an interaction that a greedy stump cannot see (exhaustive depth 2)', () => {
    const { X, x0, x1 } = xorProblem(4000);
    const g0 = new Float64Array(4000);
    const g1 = Float64Array.from({ length: 4000 }, (_, i) => (x0[i]! > 0.5 !== x1[i]! > 0.5 ? 1 : -1));
    const t = PolicyTree.fit(X, [g0, g1], { depth: 2, armNames: ['control', 'free_shipping'] });
    const arms = t.predict(X);
    let correct = 0;
    for (let i = 0; i < 4000; i++) if ((arms[i] === 1) === g1[i]! > 0) correct++;
    // Coarse bins put the nearest threshold within 1/31 of 0.5.
    expect(correct / 4000).toBeGreaterThan(0.95);
    expect(t.leaves).toHaveLength(4);
    const treated = t.leaves.filter((l) => l.arm === 1);
    expect(treated).toHaveLength(2);
    for (const l of treated) {
      expect(l.armName).toBe('free_shipping');
      expect(l.text).toMatch(/^x[01] (<=|>) 0\.\d+ AND x[01] (<=|>) 0\.\d+$/);
      expect(l.lift).toBeGreaterThan(0.9);
      expect(l.liftCi[0]).toBeLessThanOrEqual(l.lift);
      expect(l.criteria.all).toHaveLength(2);
    }
  });

  it('renders categorical splits with in / not_in and real thresholds for numeric ones', () => {
    const { X, seg } = xorProblem(3000);
    const g0 = new Float64Array(3000);
    const g1 = Float64Array.from(seg, (s) => (s === 'a' || s === 'c' ? 0.5 : -0.5));
    const t = PolicyTree.fit(X, [g0, g1], { depth: 1 });
    expect(t.leaves).toHaveLength(2);
    const treated = t.leaves.find((l) => l.arm === 1)!;
    const c = treated.criteria.all[0]!;
    expect('field' in c && c.field).toBe('segment');
    if ('op' in c && c.op === 'in') expect([...(c.value as string[])].sort()).toEqual(['a', 'c']);
    else if ('op' in c) expect([...(c.value as string[])].sort()).toEqual(['b', 'd']);
    expect(treated.rows).toBeGreaterThan(1300);
  });

  it('learns the subgroup from the known true means', () => {
    const p = makeUpliftProblem({ n: 6000, arms: 2, scenario: 'subgroup', seed: 3 });
    // A small cost per treated customer: outside the subgroup arm 1 only loses.
    const net = p.trueMean.map((m, a) => (a === 0 ? m : m.map((v) => v - 0.01)));
    const t = PolicyTree.fit(p.X, net, { depth: 2 });
    const treated = t.leaves.filter((l) => l.arm === 1);
    expect(treated.length).toBeGreaterThan(0);
    for (const l of treated) expect(l.text).toMatch(/x2 > 0\.(6[5-9]|7[0-4])/);
    // A harmful/neutral arm 2 is never assigned.
    expect(t.leaves.some((l) => l.arm === 2)).toBe(false);
  });

  it('assigns the dominant arm everywhere', () => {
    const p = makeUpliftProblem({ n: 3000, arms: 3, scenario: 'dominant', seed: 3 });
    const t = PolicyTree.fit(p.X, p.trueMean, { depth: 3 });
    expect(t.leaves).toHaveLength(1);
    expect(t.leaves[0]!.arm).toBe(1);
    expect(t.leaves[0]!.text).toBe('everyone');
  });

  it('supports depth 3 and restricted arms', () => {
    const p = makeUpliftProblem({ n: 4000, arms: 3, scenario: 'mixed', seed: 8 });
    const t = PolicyTree.fit(p.X, p.trueMean, { depth: 3, arms: [0, 2] });
    expect(t.leaves.every((l) => l.arm === 0 || l.arm === 2)).toBe(true);
    const depthOf = (n: typeof t.root): number =>
      n.kind === 'leaf' ? 0 : 1 + Math.max(depthOf(n.left), depthOf(n.right));
    expect(depthOf(t.root)).toBeLessThanOrEqual(3);
    expect(t.leaves.reduce((s, l) => s + l.rows, 0)).toBe(4000);
  });
});
