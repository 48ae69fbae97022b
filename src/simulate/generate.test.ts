import { existsSync, writeFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { Conflict, InvalidInput } from '../core/errors.ts';
import { DuckDbStore } from '../store/duckdb-store.ts';
import { generateDataset } from './generate.ts';
import { hashTables, tempDbPath } from './test-helpers.ts';

describe('generate', () => {
  it('gives identical tables for the same seed, whatever the threads and chunking', async () => {
    const a = tempDbPath();
    const b = tempDbPath();
    await generateDataset({ customers: 600, seed: 11, db: a, threads: 0, chunkSize: 250, quiet: true });
    await generateDataset({ customers: 600, seed: 11, db: b, threads: 2, chunkSize: 97, quiet: true });
    const ha = await hashTables(a);
    expect(await hashTables(b)).toEqual(ha);
    expect(Number(ha.orders!.split(':')[0])).toBeGreaterThan(600);
    const c = tempDbPath();
    await generateDataset({ customers: 600, seed: 12, db: c, threads: 0, quiet: true });
    expect((await hashTables(c)).orders).not.toEqual(ha.orders);
  });

  it('refuses to overwrite data without --force, and a failed run leaves the old database intact', async () => {
    const db = tempDbPath();
    await generateDataset({ customers: 50, seed: 1, db, threads: 0, quiet: true });
    await expect(
      generateDataset({ customers: 50, seed: 2, db, threads: 0, quiet: true }),
    ).rejects.toBeInstanceOf(Conflict);
    await expect(
      generateDataset({ customers: -1, seed: 2, db, force: true, threads: 0, quiet: true }),
    ).rejects.toBeInstanceOf(InvalidInput);
    await expect(
      generateDataset({ customers: 10, seed: 1.5, db, force: true, threads: 0, quiet: true }),
    ).rejects.toBeInstanceOf(InvalidInput);
    const store = await DuckDbStore.open(db, { readOnly: true });
    const meta = await store.query<{ value: string }>("SELECT value FROM meta WHERE key = 'seed'");
    await store.close();
    expect(meta[0]?.value).toBe('1');
    await generateDataset({ customers: 60, seed: 3, db, force: true, threads: 0, quiet: true });
    expect(existsSync(db)).toBe(true);
  });

  it('does not overwrite a file that is not a database without --force', async () => {
    const db = tempDbPath();
    writeFileSync(db, 'precious notes');
    await expect(
      generateDataset({ customers: 10, seed: 1, db, threads: 0, quiet: true }),
    ).rejects.toBeInstanceOf(Conflict);
  });
});
