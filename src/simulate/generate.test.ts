import { spawn } from 'node:child_process';
import { existsSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
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
    // Several parts: each is loaded while the next ones are simulated.
    await generateDataset({
      customers: 600,
      seed: 11,
      db: b,
      threads: 2,
      chunkSize: 97,
      partSize: 230,
      quiet: true,
    });
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

  it('a run that fails half way leaves the previous database intact and no temporary file', async () => {
    const db = tempDbPath();
    await generateDataset({ customers: 50, seed: 1, db, threads: 0, quiet: true });
    const failure = new Error('disk full (simulated)');
    await expect(
      generateDataset({
        customers: 300,
        seed: 2,
        db,
        force: true,
        threads: 2,
        partSize: 100,
        chunkSize: 25,
        quiet: true,
        afterPart: (k) => {
          if (k === 1) throw failure;
        },
      }),
    ).rejects.toBe(failure);
    expect(leftovers(db)).toEqual([]);
    expect(await seedOf(db)).toBe('1');
  });

  it('Ctrl-C during `aether generate` removes its temporary files and keeps the previous database', async () => {
    const db = tempDbPath();
    await generateDataset({ customers: 50, seed: 1, db, threads: 0, quiet: true });
    const bin = join(dirname(fileURLToPath(import.meta.url)), '..', '..', 'bin', 'aether.js');
    const child = spawn(
      process.execPath,
      [bin, 'generate', '--customers', '200000', '--seed', '2', '--db', db, '--force', '--threads', '1'],
      { stdio: ['ignore', 'ignore', 'pipe'], env: { ...process.env, AETHER_QUIET: '1' } },
    );
    let stderr = '';
    child.stderr.on('data', (d) => {
      stderr += String(d);
    });
    const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
    // Interrupt once the run has written CSV of its own.
    const started = Date.now();
    while (!wroteCsv(db)) {
      if (Date.now() - started > 60_000) throw new Error(`generate never started: ${stderr}`);
      await new Promise((r) => setTimeout(r, 100));
    }
    child.kill('SIGINT');
    expect(await exited).toBe(130);
    expect(leftovers(db)).toEqual([]);
    expect(await seedOf(db)).toBe('1');
  }, 120_000);
});

/** Files next to `db` that a run left behind (anything but the database and its WAL). */
function leftovers(db: string): string[] {
  return readdirSync(dirname(db)).filter((f) => f !== basename(db) && f !== `${basename(db)}.wal`);
}

function wroteCsv(db: string): boolean {
  const gen = readdirSync(dirname(db)).find((f) => f.startsWith(`${basename(db)}.gen-`));
  if (!gen) return false;
  const dir = join(dirname(db), gen);
  try {
    return readdirSync(dir).some((f) => f.includes('.p0.') && statSync(join(dir, f)).size > 0);
  } catch {
    return false; // removed between the two reads
  }
}

async function seedOf(db: string): Promise<string | undefined> {
  const store = await DuckDbStore.open(db, { readOnly: true });
  try {
    const meta = await store.query<{ value: string }>("SELECT value FROM meta WHERE key = 'seed'");
    return meta[0]?.value;
  } finally {
    await store.close();
  }
}
