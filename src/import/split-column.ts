import { InvalidInput } from '../core/errors.ts';
import type { Store } from '../store/store.ts';
import { quoteIdent } from './stage-file.ts';

/** Split values read without --test-value (any case): the training rows, and the held-out ones. */
const SPLIT_TRAIN_WORDS = ['train', 'training'];
const SPLIT_TEST_WORDS = ['test', 'holdout', 'hold-out', 'eval', 'evaluation'];

/**
 * Rewrites the staged split column to `train` / `test`, so the row checks and the stored rows see
 * one spelling. With `testValues` (--test-value), a value among them (a number matching as a
 * number: 1 = 1.0) is `test` and any other present value `train`; without, the words above. A
 * column that holds none of the words (an is_test of 0/1, a train/valid file) stops once, naming its
 * values and --test-value, instead of one row error per row of the file; a few stray values among
 * the words are still each their row's error. Values reach SQL as JSON parameters only.
 */
export async function normaliseSplit(
  store: Store,
  file: string,
  table: string,
  column: string,
  testValues: string[] | undefined,
): Promise<void> {
  const sp = `s.${quoteIdent(column)}`;
  const key = `lower(trim(${sp}))`;
  const values = async () =>
    (
      await store.query<{ v: string; n: number }>(
        `SELECT left(trim(${sp}), 40) AS v, count(*)::INTEGER AS n FROM ${table} s WHERE ${sp} IS NOT NULL AND trim(${sp}) <> ''
         GROUP BY 1 ORDER BY n DESC, v LIMIT 8`,
      )
    )
      .map((r) => `${JSON.stringify(r.v)} (${r.n})`)
      .join(', ');
  if (testValues?.length) {
    const keys = testValues.map((v) => v.trim().toLowerCase());
    const numbers = keys.map(Number).filter((x, i) => (keys[i] as string) !== '' && Number.isFinite(x));
    const isTest = `(${key} IN (SELECT unnest($1::VARCHAR[])) OR TRY_CAST(trim(${sp}) AS DOUBLE) IN (SELECT unnest($2::DOUBLE[])))`;
    const params = [JSON.stringify(keys), JSON.stringify(numbers)];
    // Each value must occur: a misspelt one would silently turn its held-out rows into training rows.
    const absent: string[] = [];
    for (const [i, k] of keys.entries()) {
      const [{ n }] = await store.query<{ n: number }>(
        `SELECT count(*)::INTEGER AS n FROM ${table} s WHERE ${isTest}`,
        [JSON.stringify([k]), JSON.stringify(Number.isFinite(Number(k)) && k !== '' ? [Number(k)] : [])],
      );
      if (Number(n) === 0) absent.push(testValues[i] as string);
    }
    if (absent.length)
      throw new InvalidInput(
        `${file}: --test-value ${absent.map((v) => JSON.stringify(v)).join(', ')} does not occur in the split column "${column}" (values: ${await values()})`,
        absent.map((v) => ({
          name: 'test-value',
          reason: `${JSON.stringify(v)} is not among the split values`,
        })),
      );
    await store.run(
      `UPDATE ${table} s SET ${quoteIdent(column)} = CASE WHEN ${isTest} THEN 'test' ELSE 'train' END
       WHERE ${sp} IS NOT NULL AND trim(${sp}) <> ''`,
      params,
    );
    return;
  }
  const words = (list: string[]) => `${key} IN (${list.map((w) => `'${w}'`).join(', ')})`;
  const [{ n }] = await store.query<{ n: number }>(
    `SELECT count(*)::INTEGER AS n FROM ${table} s WHERE ${words([...SPLIT_TRAIN_WORDS, ...SPLIT_TEST_WORDS])}`,
  );
  if (Number(n) === 0)
    throw new InvalidInput(
      `${file}: the split column "${column}" is not written train/test (values: ${await values()}); ` +
        'name the value of its held-out rows with --test-value (e.g. --test-value 1 for an is_test column); every other value is then a training row',
      [{ name: `${file}:*:${column}`, reason: 'split values are not train/test: pass --test-value' }],
    );
  await store.run(
    `UPDATE ${table} s SET ${quoteIdent(column)} = CASE WHEN ${words(SPLIT_TEST_WORDS)} THEN 'test' ELSE 'train' END
     WHERE ${words([...SPLIT_TRAIN_WORDS, ...SPLIT_TEST_WORDS])}`,
  );
}
