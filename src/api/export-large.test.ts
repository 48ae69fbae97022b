import { describe, expect, it } from 'vitest';
import { SnapshotPages } from '../segments/index.ts';
import { startTestServer } from './test-server.ts';

/**
 * Export of a large segment over HTTP: 100,000 members streamed as NDJSON, with the JS heap
 * sampled while the client reads. The whole export is far larger than what the heap may grow by,
 * so it cannot have been assembled in memory.
 */
describe('export of a large segment', () => {
  it('streams 100k NDJSON rows with bounded memory', async () => {
    const t = await startTestServer(100_000);
    try {
      const created = await fetch(`${t.url}/api/v1/segments?wait=true`, {
        method: 'POST',
        headers: { authorization: `Bearer ${t.keys.admin}`, 'content-type': 'application/json' },
        body: JSON.stringify({
          criteria: { all: [] },
          trigger: 'discount',
          holdout_share: 0,
          include_not_opted_in: true,
        }),
      });
      const seg = (await created.json()) as { segment_id: string; size: number };
      expect(seg.size).toBe(100_000);
      // Count the page reads the exporter makes, to see it wait for a slow reader. The snapshot's
      // files were built when it was computed, so the pages come from them, not the database.
      const reader = t.server.db.reader;
      const query = reader.query.bind(reader);
      let pageReads = 0;
      let databaseReads = 0;
      reader.query = ((sql: string, params?: never) => {
        if (sql.includes('FROM segment_members')) databaseReads++;
        return query(sql, params);
      }) as typeof reader.query;
      const ndjson = SnapshotPages.prototype.ndjson;
      SnapshotPages.prototype.ndjson = function (this: SnapshotPages, ...args) {
        pageReads++;
        return ndjson.apply(this, args);
      };
      const baseline = process.memoryUsage().heapUsed;
      let peak = baseline;
      let bytes = 0;
      let lines = 0;
      let carry = '';
      let lastRank = 0;
      const res = await fetch(`${t.url}/api/v1/segments/${seg.segment_id}/export`, {
        headers: { authorization: `Bearer ${t.keys.reader}` },
      });
      expect(res.status).toBe(200);
      const decoder = new TextDecoder();
      let paused = false;
      let readsWhilePaused = 0;
      for await (const chunk of res.body as unknown as AsyncIterable<Uint8Array>) {
        if (!paused) {
          // Stop reading for a while: back-pressure must stop the exporter after a few pages.
          paused = true;
          await new Promise((r) => setTimeout(r, 1500));
          readsWhilePaused = pageReads;
        }
        bytes += chunk.byteLength;
        const text = carry + decoder.decode(chunk, { stream: true });
        const parts = text.split('\n');
        carry = parts.pop() ?? '';
        for (const p of parts) {
          // Every line is a whole profile, in rank order.
          const rank = Number(/"segment_rank":(\d+)/.exec(p)?.[1]);
          expect(rank).toBe(lastRank + 1);
          lastRank = rank;
          lines++;
        }
        peak = Math.max(peak, process.memoryUsage().heapUsed);
      }
      expect(carry).toBe('');
      expect(lines).toBe(100_000);
      const growth = peak - baseline;
      expect(bytes).toBeGreaterThan(100 * 1024 * 1024);
      // 100k rows are 50 pages of 2,000; while the client paused, only the few that fit in the socket buffers were read.
      expect(pageReads).toBeGreaterThanOrEqual(50);
      expect(databaseReads).toBe(0);
      SnapshotPages.prototype.ndjson = ndjson;
      expect(readsWhilePaused).toBeLessThanOrEqual(10);
      console.log(
        `export: ${(bytes / 1048576).toFixed(0)} MiB streamed in ${pageReads} page reads, ${readsWhilePaused} while the client paused; ` +
          `heap peak ${(growth / 1048576).toFixed(0)} MiB above the start (uncollected garbage included)`,
      );
    } finally {
      await t.close();
    }
  }, 300_000);
});
