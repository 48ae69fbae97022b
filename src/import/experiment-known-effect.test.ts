import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { scoreExperiment, trainExperimentModel } from '../causal/pipeline/experiment-model.ts';
import { Rng } from '../core/rng.ts';
import { openStore } from '../store/open.ts';
import { importExperiment } from './experiment.ts';

/**
 * A multi-arm e-mail test as a shop exports it (string arms with spaces and "%", revenue as
 * "$1,234.50", a split column written is_test 0/1), with a planted effect: the discount adds $8
 * in the North and costs $2 elsewhere, free shipping adds $6 to customers of more than 3 years,
 * the newsletter does nothing. The whole flat-file path must find it: the right arm per group on
 * the held-out rows, and a DR interval that covers the planted value of the policy it recommends.
 */
let dir: string;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'aether-known-'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const ARMS = ['No Email', 'Discount 10%', 'Free Shipping', 'Newsletter'];

describe('a multi-arm e-mail test with a money outcome and a planted effect', () => {
  it('recommends the discount in the North, free shipping to long-time customers, and its DR interval covers the truth', async () => {
    const rng = new Rng(7);
    const truth = new Map<string, { group: string; mean: Record<string, number> }>();
    const lines = ['customer_id,email_variant,region,tenure_years,past_orders,revenue,is_test'];
    for (let i = 0; i < 8000; i++) {
      const region = ['North', 'South', 'East', 'West'][rng.int(4)] as string;
      const tenure = Math.round(rng.uniform(0, 6) * 10) / 10;
      const orders = rng.int(12);
      const base = 20 + orders;
      const mean: Record<string, number> = {
        'No Email': base,
        'Discount 10%': base + (region === 'North' ? 8 : -2),
        'Free Shipping': base + (tenure > 3 ? 6 : 0),
        Newsletter: base,
      };
      const arm = ARMS[rng.int(4)] as string;
      const revenue = Math.max(0, rng.normal(mean[arm], 6));
      const id = `C${String(i).padStart(5, '0')}`;
      truth.set(id, {
        group: `${region === 'North' ? 'north' : 'other'}|${tenure > 3 ? 'long' : 'short'}`,
        mean,
      });
      const money = `"$${revenue.toLocaleString('en-US', { minimumFractionDigits: 2, maximumFractionDigits: 2 })}"`;
      lines.push(`${id},${arm},${region},${tenure},${orders},${money},${rng.bernoulli(0.3) ? 1 : 0}`);
    }
    const path = join(dir, 'email.csv');
    writeFileSync(path, `${lines.join('\n')}\n`);
    const store = await openStore(':memory:');
    try {
      const s = await importExperiment(store, path, {
        treatment: 'email_variant',
        control: 'No Email',
        outcome: 'revenue',
        id: 'customer_id',
        split: 'is_test',
        testValues: ['1'],
      });
      const trained = await trainExperimentModel(store, s.experiment_id, { seed: 1 });
      expect(trained.policy).toBe('personalised');
      await scoreExperiment(store, s.experiment_id, join(dir, 'scores.csv'));
      const rows = readFileSync(join(dir, 'scores.csv'), 'utf8').trim().split('\n').slice(1);
      const byGroup = new Map<string, Map<string, number>>();
      let value = 0;
      let held = 0;
      for (const line of rows) {
        // id,baseline,uplift x3,recommended_arm,held_out (no quoted fields here)
        const f = line.split(',');
        if (f[f.length - 1] !== 'true') continue;
        const t = truth.get(f[0] as string);
        const arm = f[f.length - 2] as string;
        if (!t) throw new Error(`unknown id ${f[0]}`);
        const g = byGroup.get(t.group) ?? new Map<string, number>();
        g.set(arm, (g.get(arm) ?? 0) + 1);
        byGroup.set(t.group, g);
        value += t.mean[arm] as number;
        held++;
      }
      expect(held).toBe(trained.holdout_rows);
      const top = (group: string) =>
        [...(byGroup.get(group) ?? new Map())].sort((a, b) => b[1] - a[1])[0]?.[0];
      expect(top('north|short')).toBe('Discount 10%');
      expect(top('north|long')).toBe('Discount 10%');
      expect(top('other|long')).toBe('Free Shipping');
      const dr = trained.evaluation.policy_value_dr;
      expect(dr.ci_low).toBeLessThanOrEqual(value / held);
      expect(dr.ci_high).toBeGreaterThanOrEqual(value / held);
    } finally {
      await store.close();
    }
  }, 60_000);
});
