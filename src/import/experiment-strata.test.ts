import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Estimate } from '../causal/evaluate/bootstrap.ts';
import { policyValue } from '../causal/evaluate/policy-value.ts';
import { evaluateExperimentModel, trainExperimentModel } from '../causal/pipeline/experiment-model.ts';
import { InvalidInput } from '../core/errors.ts';
import { Rng } from '../core/rng.ts';
import { openStore } from '../store/open.ts';
import { withStderr } from '../test-support/capture-stderr.ts';
import { type ExperimentImportOptions, importExperiment, loadExperiment } from './experiment.ts';

/**
 * A test randomised at different rates by segment: T went to 90% of DE rows and 30% of US rows.
 * DE converts at 0.30 untreated, US at 0.10, and T adds 5 points everywhere, so over the file
 * (half DE, half US) treating everyone is worth 0.25 and treating nobody 0.20. Taking each arm's
 * share of the whole file as its probability over-weights DE among the treated and US among the
 * controls; the stratum's share is the design's probability.
 */
let dir: string;
let path: string;
/** Planted values on the held-out rows (their own DE/US mix): treat everyone, treat nobody. */
let truth: { everyone: number; nobody: number };

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'aether-strata-'));
  const rng = new Rng(11);
  const lines = ['id,arm,country,age,converted,is_test'];
  let everyone = 0;
  let nobody = 0;
  let held = 0;
  for (let i = 0; i < 12000; i++) {
    const de = rng.bernoulli(0.5);
    const treated = rng.bernoulli(de ? 0.9 : 0.3);
    const base = de ? 0.3 : 0.1;
    const y = rng.bernoulli(base + (treated ? 0.05 : 0)) ? 1 : 0;
    const test = rng.bernoulli(0.4);
    if (test) {
      everyone += base + 0.05;
      nobody += base;
      held++;
    }
    lines.push(`${i},${treated ? 'T' : 'C'},${de ? 'DE' : 'US'},${18 + rng.int(60)},${y},${test ? 1 : 0}`);
  }
  truth = { everyone: everyone / held, nobody: nobody / held };
  path = join(dir, 'stratified.csv');
  writeFileSync(path, `${lines.join('\n')}\n`);
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const base: ExperimentImportOptions = {
  treatment: 'arm',
  control: 'C',
  outcome: 'converted',
  id: 'id',
  split: 'is_test',
  testValues: ['1'],
};

const covers = (e: Estimate, v: number) => e.ci_low <= v && v <= e.ci_high;

/** Held-out DR (from evaluate) and IPW (from the stored probabilities) of treat-everyone and treat-nobody. */
async function values(store: Awaited<ReturnType<typeof openStore>>, options: ExperimentImportOptions) {
  const s = await importExperiment(store, path, options);
  await trainExperimentModel(store, s.experiment_id, { seed: 1 });
  const ev = await evaluateExperimentModel(store, s.experiment_id);
  const data = await loadExperiment(store, s.experiment_id, { features: false, ids: false });
  const rows = [...(data.split as Uint8Array).keys()].filter((i) => data.split?.[i] === 1);
  const logged = {
    arm: Int32Array.from(rows, (i) => data.arm[i] as number),
    y: Float64Array.from(rows, (i) => data.outcome[i] as number),
    propensity: Float64Array.from(rows, (i) => data.propensity[i] as number),
  };
  const ipw = (a: number) => policyValue(new Int32Array(rows.length).fill(a), logged, { seed: 1 }).ipw;
  expect(ev.best_single_arm.arm).toBe('T');
  return {
    summary: s,
    drEveryone: ev.best_single_arm.value,
    drNobody: ev.treat_nobody_value,
    ipwEveryone: ipw(1),
    ipwNobody: ipw(0),
  };
}

describe('import experiment --strata', () => {
  it('with --strata country the held-out DR and IPW values of treat-everyone and treat-nobody cover the planted ones; without it they do not', async () => {
    const store = await openStore(':memory:');
    try {
      const strat = await values(store, { ...base, strata: ['country'] });
      expect(strat.summary.strata_columns).toEqual(['country']);
      expect(strat.summary.strata_count).toBe(2);
      // The stratum column is imbalanced by design: kept as a feature, not excluded.
      expect(strat.summary.features.map((f) => f.name)).toContain('country');
      expect(strat.summary.excluded_imbalanced).toEqual([]);
      for (const [name, e, v] of [
        ['DR everyone', strat.drEveryone, truth.everyone],
        ['DR nobody', strat.drNobody, truth.nobody],
        ['IPW everyone', strat.ipwEveryone, truth.everyone],
        ['IPW nobody', strat.ipwNobody, truth.nobody],
      ] as const)
        expect(covers(e, v), `${name} ${JSON.stringify(e)} vs ${v}`).toBe(true);

      // The same file imported as today: one share per arm. country is excluded as imbalanced and
      // the values are far off (the treated over-represent DE, the controls US).
      const plain = await values(store, base);
      expect(plain.summary.excluded_imbalanced).toEqual(['country']);
      expect(plain.drEveryone.ci_low).toBeGreaterThan(truth.everyone + 0.02);
      expect(plain.drNobody.ci_high).toBeLessThan(truth.nobody - 0.03);
      expect(plain.ipwEveryone.ci_low).toBeGreaterThan(truth.everyone + 0.02);
      expect(plain.ipwNobody.ci_high).toBeLessThan(truth.nobody - 0.03);
    } finally {
      await store.close();
    }
  }, 60_000);

  it('stores each row its arm share within its stratum, missing values forming a stratum of their own', async () => {
    // DE: 3 T, 1 C; US: 1 T, 1 C; missing: 1 T, 3 C.
    const rows = [
      ['T', 'DE'],
      ['T', 'DE'],
      ['T', 'DE'],
      ['C', 'DE'],
      ['T', 'US'],
      ['C', 'US'],
      ['T', ''],
      ['C', 'NA'],
      ['C', ''],
      ['C', ''],
    ];
    const file = join(dir, 'small.csv');
    writeFileSync(file, `arm,country,y\n${rows.map(([a, c], i) => `${a},${c},${i % 2}`).join('\n')}\n`);
    const store = await openStore(':memory:');
    try {
      const s = await importExperiment(store, file, {
        treatment: 'arm',
        control: 'C',
        outcome: 'y',
        strata: ['country'],
      });
      expect(s.strata_count).toBe(3);
      const data = await loadExperiment(store, s.experiment_id);
      expect([...data.propensity]).toEqual([0.75, 0.75, 0.75, 0.25, 0.5, 0.5, 0.25, 0.75, 0.75, 0.75]);
    } finally {
      await store.close();
    }
  });

  it('refuses a stratum where an arm has no row, naming the stratum and the arm', async () => {
    const file = join(dir, 'positivity.csv');
    const lines = ['arm,country,y'];
    for (let i = 0; i < 40; i++) lines.push(`${i % 2 ? 'T' : 'C'},DE,${i % 3 === 0 ? 1 : 0}`);
    for (let i = 0; i < 5; i++) lines.push(`T,FR,${i % 2}`);
    writeFileSync(file, `${lines.join('\n')}\n`);
    const store = await openStore(':memory:');
    try {
      const err = await importExperiment(store, file, {
        treatment: 'arm',
        control: 'C',
        outcome: 'y',
        strata: ['country'],
      }).catch((e: unknown) => e);
      expect(err).toBeInstanceOf(InvalidInput);
      expect((err as Error).message).toContain('stratum country="FR" has no row of arm "C" (C 0, T 5)');
      expect(await store.query('SELECT * FROM experiments')).toEqual([]);
    } finally {
      await store.close();
    }
  });

  it('refuses --strata with --propensity, a strata column that is missing or plays another role', async () => {
    const store = await openStore(':memory:');
    try {
      const fail = (o: Partial<ExperimentImportOptions>) =>
        importExperiment(store, path, { ...base, ...o }).catch((e: unknown) => (e as Error).message);
      expect(await fail({ strata: ['country'], propensity: 'age' })).toMatch(
        /--strata and --propensity both set the assignment probability/,
      );
      expect(await fail({ strata: ['region'] })).toMatch(/"region" \(--strata is not in the file\)/);
      expect(await fail({ strata: ['arm'] })).toMatch(
        /--strata arm: the column plays another role \(--treatment\)/,
      );
    } finally {
      await store.close();
    }
  });
});

describe('import experiment --strata with a column that differs between strata', () => {
  it('keeps it (arms are compared again within strata), and still excludes a post-treatment column', async () => {
    const file = join(dir, 'age-by-country.csv');
    const rng = new Rng(8);
    const lines = ['arm,country,age,opened,y'];
    for (let i = 0; i < 3000; i++) {
      const de = rng.bernoulli(0.5);
      const age = Math.round(rng.normal(de ? 50 : 35, 8));
      const t = rng.bernoulli(de ? 0.9 : 0.3);
      // opened: only a treated row can open the e-mail (post-treatment).
      lines.push(
        `${t ? 'T' : 'C'},${de ? 'DE' : 'US'},${age},${t && rng.bernoulli(0.4) ? 1 : 0},${rng.int(2)}`,
      );
    }
    writeFileSync(file, `${lines.join('\n')}\n`);
    const store = await openStore(':memory:');
    try {
      const { result: s, stderr } = await withStderr(() =>
        importExperiment(store, file, { treatment: 'arm', control: 'C', outcome: 'y', strata: ['country'] }),
      );
      // Overall age differs between arms far beyond chance (the treated are mostly DE).
      expect(s.balance?.features.find((f) => f.feature === 'age')?.min_p).toBeLessThan(1e-10);
      expect(s.balanced_within_strata).toEqual(['age']);
      expect(s.excluded_imbalanced).toEqual(['opened']);
      expect(s.features.map((f) => f.name)).toEqual(['country', 'age']);
      expect(stderr).toContain(
        '"age" differs between arms overall but not within the strata of --strata country',
      );
    } finally {
      await store.close();
    }
  });
});

describe('import experiment --propensity', () => {
  it('uses the logged probability of the received arm, as --strata would', async () => {
    const file = join(dir, 'logged.csv');
    const rng = new Rng(5);
    const lines = ['arm,country,p,y'];
    for (let i = 0; i < 400; i++) {
      const de = rng.bernoulli(0.5);
      const t = rng.bernoulli(de ? 0.9 : 0.3);
      lines.push(
        `${t ? 'T' : 'C'},${de ? 'DE' : 'US'},${t ? (de ? 0.9 : 0.3) : de ? 0.1 : 0.7},${rng.int(2)}`,
      );
    }
    writeFileSync(file, `${lines.join('\n')}\n`);
    const store = await openStore(':memory:');
    try {
      const { result: s, stderr } = await withStderr(() =>
        importExperiment(store, file, { treatment: 'arm', control: 'C', outcome: 'y', propensity: 'p' }),
      );
      expect(s.propensity_column).toBe('p');
      // The balance check weighs rows by 1 / p (weighted-balance.ts): country, which the
      // probabilities depend on, is balanced after weighting and kept without --keep-imbalanced.
      expect(stderr).not.toContain('"country" differs between arms');
      expect(s.excluded_imbalanced).toEqual([]);
      expect(s.features.map((f) => f.name)).toEqual(['country']);
      const data = await loadExperiment(store, s.experiment_id);
      lines.slice(1).forEach((line, i) => {
        expect(data.propensity[i]).toBe(Number(line.split(',')[2]));
      });
    } finally {
      await store.close();
    }
  });

  it('names the row, the column and why for a probability that is missing, 0, above 1 or a percentage', async () => {
    const file = join(dir, 'bad-p.csv');
    const good = Array.from({ length: 20 }, (_, i) => `${i % 2 ? 'T' : 'C'},0.5,${i % 3 ? 0 : 1}`);
    writeFileSync(
      file,
      `arm,p,y\n${[...good, 'T,,1', 'C,0,0', 'T,1.5,1', 'C,90,0', 'T,abc,1'].join('\n')}\n`,
    );
    const store = await openStore(':memory:');
    try {
      const err = await importExperiment(store, file, {
        treatment: 'arm',
        control: 'C',
        outcome: 'y',
        propensity: 'p',
      }).catch((e: unknown) => e as InvalidInput);
      expect(err).toBeInstanceOf(InvalidInput);
      expect((err as Error).message).toContain('row 21, column "p": missing assignment probability');
      const why = Object.fromEntries((err as InvalidInput).invalidParams.map((p) => [p.name, p.reason]));
      expect(why).toEqual({
        [`${file}:21:p`]: 'missing assignment probability',
        [`${file}:22:p`]: expect.stringMatching(/^assignment probability must be in \(0, 1\] .*not 0/),
        [`${file}:23:p`]: 'assignment probability must be in (0, 1], not 1.5 (a percentage? divide by 100)',
        [`${file}:24:p`]: expect.stringMatching(/not 90(\.0)? \(a percentage\? divide by 100\)$/),
        [`${file}:25:p`]: 'assignment probability must be a number: "abc"',
      });
    } finally {
      await store.close();
    }
  });
});
