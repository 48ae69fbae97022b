import { describe, expect, it } from 'vitest';
import { Rng } from '../core/rng.ts';
import { exactAvg, exactSum } from './exact-sum.ts';
import { openStore } from './open.ts';

describe('exact sums', () => {
  it('give the same double on every run, whatever order the threads add in', async () => {
    const store = await openStore(':memory:');
    const rng = new Rng(3);
    const values = Array.from({ length: 200_000 }, () => Math.round(rng.logNormal(4, 1) * 100) / 100);
    await store.run('CREATE TABLE t AS SELECT unnest(json_transform($1::JSON, \'["DOUBLE"]\')) AS v', [
      JSON.stringify(values),
    ]);
    const read = async () =>
      (
        await store.query<{ s: number; a: number; f: number }>(
          `SELECT ${exactSum('v')} AS s, ${exactAvg('v')} AS a, ${exactSum('v', 'v > 100')} AS f FROM t`,
        )
      )[0];
    const first = await read();
    for (let k = 0; k < 5; k++) expect(await read()).toEqual(first);
    // Cents add up exactly: the sum is the integer sum of cents, turned into a double once.
    const cents = values.reduce((s, v) => s + Math.round(v * 100), 0);
    expect(first.s).toBe(cents / 100);
    expect(first.a).toBeCloseTo(cents / 100 / values.length, 9);
    const over = values.filter((v) => v > 100).reduce((s, v) => s + Math.round(v * 100), 0);
    expect(first.f).toBe(over / 100);
    await store.close();
  });
});
