import { describe, expect, it } from 'vitest';
import { InvalidInput } from '../core/errors.ts';
import { openStore } from '../store/open.ts';
import { importMemoryLimit, sizeBytes, withMemoryLimit } from './memory-limit.ts';

describe('the import memory limit', () => {
  it('reads sizes as DuckDB prints them', () => {
    expect(sizeBytes('18.8 GiB')).toBeCloseTo(18.8 * 2 ** 30, 0);
    expect(sizeBytes('512.0 MiB')).toBe(512 * 2 ** 20);
    expect(sizeBytes('4GB')).toBe(4e9);
    expect(sizeBytes('lots')).toBeNaN();
  });
  it('is a quarter of the machine unless AETHER_IMPORT_MEMORY_LIMIT says otherwise', () => {
    expect(sizeBytes(importMemoryLimit({}))).toBeGreaterThan(0);
    expect(importMemoryLimit({ AETHER_IMPORT_MEMORY_LIMIT: '2GB' })).toBe('2GB');
    expect(() => importMemoryLimit({ AETHER_IMPORT_MEMORY_LIMIT: "2GB'; DROP" })).toThrow(InvalidInput);
  });
  it('lowers DuckDB memory_limit while the import runs and puts it back after, also on an error', async () => {
    const store = await openStore(':memory:', { memoryLimit: '3GB' });
    const limit = async () =>
      sizeBytes(
        String((await store.query<{ m: string }>("SELECT current_setting('memory_limit') AS m"))[0]?.m),
      );
    const before = await limit();
    // A limit other than the default comes back as DuckDB prints it: within 0.2 of its unit (its text is truncated).
    const near = (v: number) => expect(Math.abs(v - before)).toBeLessThanOrEqual(0.25 * 2 ** 30);
    expect(await withMemoryLimit(store, '256MB', limit)).toBeCloseTo(256e6, -6);
    near(await limit());
    await expect(
      withMemoryLimit(store, '256MB', async () => {
        throw new Error('bad file');
      }),
    ).rejects.toThrow('bad file');
    near(await limit());
    // Never raised above what is set.
    near(await withMemoryLimit(store, '8GB', limit));
    await store.close();
    // The default limit comes back exactly.
    const plain = await openStore(':memory:');
    const read = async () =>
      String((await plain.query<{ m: string }>("SELECT current_setting('memory_limit') AS m"))[0]?.m);
    const dflt = await read();
    await withMemoryLimit(plain, '100MB', async () => expect(await read()).not.toBe(dflt));
    expect(await read()).toBe(dflt);
    await plain.close();
  });
});
