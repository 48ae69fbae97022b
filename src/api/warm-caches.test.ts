import { describe, expect, it } from 'vitest';
import { compareCohort } from '../explain/comparisons.ts';
import { EVERYONE } from '../explain/index.ts';
import { startTestServer } from './test-server.ts';

describe('cache warm-up at start', () => {
  it('fills the plan and explanation caches in the background, and close waits for it', async () => {
    const t = await startTestServer(500, { warmCaches: true });
    try {
      for (let i = 0; i < 200 && !t.logs.some((l) => /caches (not )?filled/.test(l)); i++)
        await new Promise((r) => setTimeout(r, 50));
      const line = t.logs.find((l) => /caches (not )?filled/.test(l));
      expect(line, 'a log line saying whether the caches were filled').toBeDefined();
      expect(line).toContain('plan and explanation caches filled');
      // The explanation's population features are now served from the cache, and still answer.
      const rows = await t.server.db.read((s) => compareCohort(s, EVERYONE));
      expect(rows.length).toBeGreaterThan(0);
    } finally {
      await t.close();
    }
  });

  it('starts and stops cleanly on a database without data', async () => {
    const t = await startTestServer(0, { warmCaches: true });
    await t.close();
    expect(t.logs.some((l) => l.includes('caches'))).toBe(true);
  });
});
