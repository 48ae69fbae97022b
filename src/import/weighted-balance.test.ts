import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Rng } from '../core/rng.ts';
import { openStore } from '../store/open.ts';
import type { Store } from '../store/store.ts';
import { withStderr } from '../test-support/capture-stderr.ts';
import { type BalanceInput, covariateBalance } from './balance.ts';
import { importExperiment } from './experiment.ts';

let dir: string;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'aether-wbalance-'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

interface Row {
  arm: number;
  p: number;
  x: (number | string | null)[];
}

/** A table of our own shape (arm, propensity, f_0..): what the importer hands the balance check. */
let files = 0;
async function table(
  store: Store,
  rows: Row[],
  kinds: ('numeric' | 'categorical')[],
): Promise<BalanceInput[]> {
  const file = join(dir, `t${files++}.csv`);
  const cell = (v: number | string | null) => (v === null ? '' : String(v));
  writeFileSync(file, `${rows.map((r) => [r.arm, r.p, ...r.x.map(cell)].join(',')).join('\n')}\n`);
  const types = [
    "arm: 'INTEGER'",
    "propensity: 'DOUBLE'",
    ...kinds.map((k, j) => `f_${j}: '${k === 'numeric' ? 'DOUBLE' : 'VARCHAR'}'`),
  ];
  await store.run(
    `CREATE TEMP TABLE t AS SELECT * FROM read_csv($1, header = false, columns = {${types.join(', ')}})`,
    [file],
  );
  return kinds.map((kind, j) => ({ name: `x${j}`, kind, column: `f_${j}` }));
}

/**
 * Treatment to 90% of DE and 30% of US; age is higher in DE, segment `b` more common there; `opened`
 * exists only for treated rows (a post-treatment column), `spend` is 0 unless converted, and T
 * doubles the conversions.
 */
function designed(n: number, seed: number): Row[] {
  const rng = new Rng(seed);
  const rows: Row[] = [];
  for (let i = 0; i < n; i++) {
    const de = rng.bernoulli(0.5);
    const t = rng.bernoulli(de ? 0.9 : 0.3);
    const p = t ? (de ? 0.9 : 0.3) : de ? 0.1 : 0.7;
    const age = rng.normal(de ? 50 : 35, 10);
    const segment = rng.bernoulli(de ? 0.7 : 0.3) ? 'b' : rng.bernoulli(0.5) ? 'a' : 'c';
    const opened = t && rng.bernoulli(0.4) ? 1 : 0;
    const converted = rng.bernoulli(t ? 0.1 : 0.05);
    const spend = converted ? Math.round(rng.logNormal(4, 0.5)) : 0;
    rows.push({ arm: t ? 1 : 0, p, x: [de ? 'DE' : 'US', age, segment, opened, spend] });
  }
  return rows;
}
const KINDS: ('numeric' | 'categorical')[] = ['categorical', 'numeric', 'categorical', 'numeric', 'numeric'];

describe('covariate balance weighted by 1 / propensity', () => {
  it('keeps the columns the probabilities depend on and still flags the post-treatment ones', async () => {
    const store = await openStore(':memory:');
    try {
      const inputs = await table(store, designed(6000, 3), KINDS);
      const plain = await covariateBalance(store, 't', ['C', 'T'], inputs);
      const weighted = await covariateBalance(store, 't', ['C', 'T'], inputs, { weight: '1.0 / propensity' });
      const flagged = (r: typeof plain) => r.features.filter((f) => f.imbalanced).map((f) => f.feature);
      // Unweighted: country, age and segment differ between arms by design, and are flagged.
      expect(flagged(plain)).toEqual(['x0', 'x1', 'x2', 'x3', 'x4']);
      // Weighted: only the leaked columns (opened; spend, by its share of zeros) are.
      expect(flagged(weighted)).toEqual(['x3', 'x4']);
      expect(weighted.weighting).toBe('inverse_propensity');
      expect(plain.weighting).toBeUndefined();
      const age = weighted.features[1]?.arms[0];
      // Weighted means of age estimate the file's mean (~42.5) in both arms.
      expect(age?.control_mean).toBeCloseTo(42.5, 0);
      expect(age?.arm_mean).toBeCloseTo(42.5, 0);
      expect(Math.abs(age?.smd ?? 1)).toBeLessThan(0.05);
      expect(weighted.features[4]?.arms[0]?.test).toBe('zero_share');
    } finally {
      await store.close();
    }
  });

  it('gives the unweighted p-values when every weight is equal', async () => {
    const store = await openStore(':memory:');
    try {
      const rng = new Rng(9);
      const rows: Row[] = Array.from({ length: 3000 }, () => {
        const t = rng.bernoulli(0.5);
        return {
          arm: t ? 1 : 0,
          p: 0.5,
          x: [
            rng.normal(t ? 0.08 : 0, 1),
            rng.pick(['a', 'b', 'c', 'd']),
            rng.bernoulli(0.2) ? null : rng.bernoulli(0.5) ? 0 : rng.exponential(1),
          ],
        };
      });
      const inputs = await table(store, rows, ['numeric', 'categorical', 'numeric']);
      const plain = await covariateBalance(store, 't', ['C', 'T'], inputs);
      const weighted = await covariateBalance(store, 't', ['C', 'T'], inputs, { weight: '1.0 / propensity' });
      expect(weighted.tests).toBe(plain.tests);
      for (const [j, f] of plain.features.entries()) {
        const w = weighted.features[j]?.arms[0];
        const u = f.arms[0];
        expect(w?.test).toBe(u?.test);
        // Same statistic up to n / (n − 1) and the Wald form of the chi-squared: p within 5%.
        expect(Math.abs(Math.log((w?.p as number) / (u?.p as number)))).toBeLessThan(0.05);
        expect([f.feature, w?.smd]).toEqual([f.feature, expect.closeTo(u?.smd as number, 2)]);
      }
    } finally {
      await store.close();
    }
  });

  it('flags nothing on 20 properly randomised files whose probabilities depend on two columns', async () => {
    const store = await openStore(':memory:');
    let smallest = 1;
    try {
      for (let f = 0; f < 20; f++) {
        const rng = new Rng(100 + f);
        const rows: Row[] = Array.from({ length: 1500 }, () => {
          const seg = rng.pick(['a', 'b', 'c']);
          const x = rng.logNormal(3, 1);
          // Three arms; control's probability rises with x and segment a.
          const p0 = Math.min(0.8, 0.2 + (seg === 'a' ? 0.3 : 0) + (x > 20 ? 0.2 : 0));
          const probs = [p0, (1 - p0) / 2, (1 - p0) / 2];
          const arm = rng.weightedIndex(probs);
          return {
            arm,
            p: probs[arm] as number,
            x: [seg, x, rng.bernoulli(0.1) ? null : rng.poisson(2)],
          };
        });
        const inputs = await table(store, rows, ['categorical', 'numeric', 'numeric']);
        const r = await covariateBalance(store, 't', ['C', 'A', 'B'], inputs, { weight: '1.0 / propensity' });
        expect(r.features.filter((x) => x.imbalanced).map((x) => x.feature)).toEqual([]);
        smallest = Math.min(smallest, ...r.features.map((x) => x.min_p));
        await store.run('DROP TABLE t');
      }
      // Not all-but-certain either: the tests do reject something now and then (p is a p-value).
      expect(smallest).toBeLessThan(0.2);
    } finally {
      await store.close();
    }
  });

  it('through import experiment --propensity: the stratum column and a column varying with it are kept, a leak excluded', async () => {
    const file = join(dir, 'logged.csv');
    const rows = designed(4000, 12);
    const lines = ['arm,p,country,age,segment,opened,y'];
    const rng = new Rng(4);
    for (const r of rows)
      lines.push(
        [
          r.arm ? 'T' : 'C',
          r.p,
          r.x[0],
          (r.x[1] as number).toFixed(2),
          r.x[2],
          r.x[3],
          rng.bernoulli(0.1) ? 1 : 0,
        ].join(','),
      );
    writeFileSync(file, `${lines.join('\n')}\n`);
    const store = await openStore(':memory:');
    try {
      const { result: s, stderr } = await withStderr(() =>
        importExperiment(store, file, { treatment: 'arm', control: 'C', outcome: 'y', propensity: 'p' }),
      );
      expect(s.features.map((f) => f.name)).toEqual(['country', 'age', 'segment']);
      expect(s.excluded_imbalanced).toEqual(['opened']);
      expect(s.balance?.weighting).toBe('inverse_propensity');
      expect(stderr).toContain('"opened" differs between arms far beyond chance');
      expect(stderr).toContain('weighted by 1 / --propensity');
    } finally {
      await store.close();
    }
  });
});
