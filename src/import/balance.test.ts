import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { evaluateExperimentModel, trainExperimentModel } from '../causal/pipeline/experiment-model.ts';
import { Rng } from '../core/rng.ts';
import type { DuckDbStore } from '../store/duckdb-store.ts';
import { openStore } from '../store/open.ts';
import { criteoShape, hillstromShape } from '../test-support/experiment-shapes.ts';
import { BALANCE_FAMILY_ALPHA, BALANCE_SMD_THRESHOLD } from './balance.ts';
import { chiSquaredSurvival, studentTwoSidedP } from './balance-stats.ts';
import { importExperiment, listExperiments, loadExperiment } from './experiment.ts';

describe('covariate balance at import', () => {
  let dir: string;
  let store: DuckDbStore;
  const file = (name: string, content: string) => {
    const path = join(dir, name);
    writeFileSync(path, content);
    return path;
  };
  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'aether-balance-'));
    store = await openStore(join(dir, 'balance.duckdb'));
  });
  afterAll(async () => {
    await store?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('tail probabilities match known quantiles', () => {
    expect(chiSquaredSurvival(3.841458820694124, 1)).toBeCloseTo(0.05, 10);
    expect(chiSquaredSurvival(11.070497693516351, 5)).toBeCloseTo(0.05, 6);
    expect(chiSquaredSurvival(100, 1) / 1.5239706048320995e-23).toBeCloseTo(1, 6);
    expect(studentTwoSidedP(2.228138851986274, 10)).toBeCloseTo(0.05, 10);
    // z = 4.8916 is the two-sided 1e-6 point of the normal, which the t approaches.
    expect(studentTwoSidedP(4.891638475699, 1e9) / 1e-6).toBeCloseTo(1, 4);
    expect(studentTwoSidedP(0, 5)).toBe(1);
  });

  it('Hillstrom shape: the forgotten post-treatment visit is excluded, the pre-treatment columns never flagged; train and evaluate work', async () => {
    const path = file('hillstrom.csv', hillstromShape(24_000, 11, 'conversion').text);
    const s = await importExperiment(store, path, {
      treatment: 'segment',
      control: 'No E-Mail',
      outcome: 'conversion',
      revenue: 'spend',
    });
    expect(s.arms.map((a) => a.label)).toEqual(['No E-Mail', 'Mens E-Mail', 'Womens E-Mail']);
    expect(s.excluded_imbalanced).toEqual(['visit']);
    expect(s.features.map((f) => f.name)).toEqual([
      'recency',
      'history_segment',
      'history',
      'mens',
      'womens',
      'zip_code',
      'newbie',
      'channel',
    ]);
    expect(s.features.find((f) => f.name === 'history_segment')?.kind).toBe('categorical');
    const balance = s.balance;
    if (!balance) throw new Error('no balance table');
    // 9 candidate features × 2 treated arms, none with missing values: Bonferroni over 18 tests.
    expect(balance.tests).toBe(18);
    expect(balance.p_threshold).toBe(Number((BALANCE_FAMILY_ALPHA / 18).toPrecision(3)));
    expect(balance.smd_threshold).toBe(BALANCE_SMD_THRESHOLD);
    const visit = balance.features.find((b) => b.feature === 'visit');
    expect(visit?.imbalanced).toBe(true);
    expect(visit?.arms.map((a) => [a.arm, a.test, a.imbalanced])).toEqual([
      ['Mens E-Mail', 'mean', true],
      ['Womens E-Mail', 'mean', true],
    ]);
    expect(visit?.max_abs_smd).toBeGreaterThan(0.1);
    for (const b of balance.features.filter((x) => x.feature !== 'visit')) {
      expect(b.imbalanced, b.feature).toBe(false);
      expect(b.min_p, b.feature).toBeGreaterThan(balance.p_threshold);
    }
    const zip = balance.features.find((b) => b.feature === 'zip_code');
    expect(zip?.arms[0].test).toBe('levels');
    expect(['Urban', 'Surburban', 'Rural']).toContain(zip?.arms[0].level);
    // The stored table has no column for the excluded feature, and the registry keeps the balance.
    const [listed] = await listExperiments(store);
    expect(listed.excluded_imbalanced).toEqual(['visit']);
    expect(listed.balance?.features.map((b) => b.feature)).toContain('visit');
    const data = await loadExperiment(store, s.experiment_id);
    expect(data.features.map((f) => f.name)).not.toContain('visit');
    expect(data.revenue?.some((v) => v > 0)).toBe(true);

    const trained = await trainExperimentModel(store, s.experiment_id, { seed: 3 });
    expect(trained.training_rows + trained.holdout_rows).toBe(24_000);
    expect(trained.arms).toEqual(['No E-Mail', 'Mens E-Mail', 'Womens E-Mail']);
    const evaluated = await evaluateExperimentModel(store, s.experiment_id);
    expect(evaluated.model_version).toBe(trained.model_version);
    expect(evaluated.policy_value_dr.value).toBeCloseTo(trained.evaluation.policy_value_dr.value, 12);
  }, 60_000);

  it('on 3,000 rows visit is still caught; --keep-imbalanced keeps it as a feature', async () => {
    const path = file('hillstrom-small.csv', hillstromShape(3_000, 12, 'conversion').text);
    const s = await importExperiment(store, path, {
      treatment: 'segment',
      control: 'No E-Mail',
      outcome: 'conversion',
      revenue: 'spend',
      keepImbalanced: true,
    });
    expect(s.excluded_imbalanced).toEqual([]);
    expect(s.kept_imbalanced).toEqual(['visit']);
    expect(s.features.map((f) => f.name)).toContain('visit');
    const data = await loadExperiment(store, s.experiment_id);
    expect(data.features.map((f) => f.name)).toContain('visit');
  });

  it('Criteo shape: exposure (only possible when treated) is flagged, f0..f11 are not', async () => {
    const path = file('criteo.csv', criteoShape(20_000, 13).text);
    const s = await importExperiment(store, path, {
      treatment: 'treatment',
      control: '0',
      outcome: 'conversion',
    });
    expect(s.arms.map((a) => a.label)).toEqual(['0', '1']);
    expect(s.excluded_imbalanced).toContain('exposure');
    const flagged = s.balance?.features.filter((b) => b.imbalanced).map((b) => b.feature);
    expect(flagged?.filter((f) => /^f\d+$/.test(f))).toEqual([]);
    const exposure = s.balance?.features.find((b) => b.feature === 'exposure');
    expect(exposure?.arms[0].control_mean).toBe(0);
    expect(exposure?.arms[0].smd).toBeGreaterThan(0.2);
  });

  it('a column filled only for treated rows is flagged by its missing share', async () => {
    const rng = new Rng(14);
    const lines = ['arm,y,age,opened_hour'];
    for (let i = 0; i < 3000; i++) {
      const treated = rng.bernoulli(0.5);
      const opened = treated && rng.bernoulli(0.3) ? String(rng.int(24)) : '';
      lines.push(`${treated ? 'mail' : 'ctl'},${rng.bernoulli(0.1) ? 1 : 0},${20 + rng.int(50)},${opened}`);
    }
    const s = await importExperiment(store, file('opened.csv', `${lines.join('\n')}\n`), {
      treatment: 'arm',
      control: 'ctl',
      outcome: 'y',
    });
    expect(s.excluded_imbalanced).toEqual(['opened_hour']);
    const b = s.balance?.features.find((x) => x.feature === 'opened_hour');
    expect(b?.arms[0].test).toBe('missing_share');
    expect(b?.arms[0].control_share).toBe(1);
  });

  it('false alarms: balanced files with skewed, zero-inflated and rare-level features flag nothing', async () => {
    // The docs' false-alarm figures: this test with FILES × ROWS = 200 × 3,000 and 300 × 600.
    const FILES = Number(process.env.BALANCE_FILES ?? 25);
    const ROWS = Number(process.env.BALANCE_ROWS ?? 600);
    const rng = new Rng(99);
    let smallest = 1;
    for (let s = 0; s < FILES; s++) {
      const lines = ['arm,y,hist,spend_last_year,city,newbie,visits,rare_cat'];
      for (let i = 0; i < ROWS; i++) {
        const arm = ['c', 'a', 'b'][rng.int(3)];
        const spend = rng.bernoulli(0.01) ? rng.logNormal(4, 1.5).toFixed(2) : '0';
        const city = `c${Math.floor(20 * rng.next() ** 2)}`;
        const rare = rng.bernoulli(0.02) ? `r${rng.int(40)}` : 'common';
        lines.push(
          [
            arm,
            rng.bernoulli(0.1) ? 1 : 0,
            rng.logNormal(4.8, 1).toFixed(2),
            spend,
            city,
            rng.bernoulli(0.5) ? 1 : 0,
            rng.poisson(0.3),
            rare,
          ].join(','),
        );
      }
      const r = await importExperiment(store, file('balanced.csv', lines.join('\n')), {
        treatment: 'arm',
        control: 'c',
        outcome: 'y',
      });
      expect(r.excluded_imbalanced).toEqual([]);
      for (const f of r.balance?.features ?? []) smallest = Math.min(smallest, f.min_p);
    }
    expect(smallest).toBeGreaterThan(0.001 / 12);
  }, 30_000);

  it('a small balanced hand-made file flags nothing', async () => {
    const csv = `id,arm,bought,age,city,tenure
1,control,0,34,Paris,12
2,promo,1,29,Lyon,3
3,promo,0,41,Paris,
4,control,1,38,Lyon,7
5,promo,0,25,Nice,1
6,control,0,52,Paris,30
7,promo,1,33,Lyon,8
8,control,0,47,Nice,22
9,promo,0,36,Paris,15
10,control,1,30,Lyon,5
11,promo,1,44,Nice,19
12,control,0,28,Paris,2
`;
    const s = await importExperiment(store, file('small.csv', csv), {
      treatment: 'arm',
      control: 'control',
      outcome: 'bought',
      id: 'id',
    });
    expect(s.excluded_imbalanced).toEqual([]);
    expect(s.balance?.features.map((b) => [b.feature, b.imbalanced])).toEqual([
      ['age', false],
      ['city', false],
      ['tenure', false],
    ]);
    expect(s.features.map((f) => f.name)).toEqual(['age', 'city', 'tenure']);
  });
});
