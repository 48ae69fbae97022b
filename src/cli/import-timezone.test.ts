import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { aetherJson as aether } from '../test-support/run-cli.ts';

/** `aether import TABLE FILE --timezone ZONE` (the import itself is tested in src/import/time-zone.test.ts). */
describe('import --timezone, through the real CLI', () => {
  let dir: string;
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'aether-cli-tz-'));
    writeFileSync(
      join(dir, 'orders.csv'),
      'order_id,customer_id,ordered_at,subtotal,total\no1,c1,2025-03-11 14:00:00,10,10\n',
    );
    writeFileSync(
      join(dir, 'experiment.csv'),
      'arm,converted,signup\nA,1,2025-03-11 14:00\nB,0,2025-03-12 14:00\n',
    );
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('reads times without an offset in the zone and says so on stderr', async () => {
    const db = join(dir, 'shop.duckdb');
    const { doc, stderr } = await aether(
      db,
      'import',
      'orders',
      join(dir, 'orders.csv'),
      '--timezone',
      'America/New_York',
    );
    expect(doc).toMatchObject({
      imported: 1,
      local_time: { zone: 'America/New_York', columns: ['ordered_at'] },
    });
    expect(stderr).toContain('ordered_at read as local times of America/New_York');
  });

  it('refuses an unknown zone with the option and an example, and --timezone for import experiment', async () => {
    const db = join(dir, 'refused.duckdb');
    const unknown = await aether(db, 'import', 'orders', join(dir, 'orders.csv'), '--timezone', 'EDT4');
    expect((unknown.doc.error as { detail: string }).detail).toMatch(
      /^--timezone must be an IANA time zone name, e\.g\. --timezone America\/New_York/,
    );
    const experiment = await aether(
      db,
      'import',
      'experiment',
      join(dir, 'experiment.csv'),
      '--treatment',
      'arm',
      '--control',
      'A',
      '--outcome',
      'converted',
      '--timezone',
      'Europe/London',
    );
    expect((experiment.doc.error as { detail: string }).detail).toMatch(/^--timezone apply to table imports/);
  });
});
