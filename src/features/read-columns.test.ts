import { describe, expect, it } from 'vitest';
import { openStore } from '../store/open.ts';
import { readColumns, scanColumns } from './read-columns.ts';

describe('reading DOUBLE columns chunk by chunk', () => {
  // Several chunks (DuckDB's are 2,048 rows), nulls scattered over validity words, and a column
  // without any null.
  const sql = `SELECT i, CASE WHEN i % 7 = 3 OR i BETWEEN 4000 AND 4100 THEN NULL ELSE i / 8.0 - 100 END::DOUBLE AS x,
      (i * 0.5)::DOUBLE AS y, 'k' || i AS s FROM range(5000) t(i) ORDER BY i`;
  const want = (i: number) => (i % 7 === 3 || (i >= 4000 && i <= 4100) ? Number.NaN : i / 8 - 100);

  for (const [name, read] of [
    ['streamed', scanColumns],
    ['materialised', readColumns],
  ] as const) {
    it(`copies the values as stored, NaN where null (${name})`, async () => {
      const store = await openStore(':memory:');
      try {
        const x = new Float64Array(5000).fill(42);
        const y = new Float64Array(5000);
        const viaGet = new Float64Array(5000);
        let copies = 0;
        await read(store, sql, (j, offset, get, length, copy) => {
          if (j === 1) {
            expect(copy).toBeDefined();
            copy?.(x, offset);
            copies++;
            for (let i = 0; i < length; i++) viaGet[offset + i] = (get(i) as number | null) ?? Number.NaN;
          }
          if (j === 2) copy?.(y, offset);
          // Not a DOUBLE column: no copier.
          if (j === 0 || j === 3) expect(copy).toBeUndefined();
        });
        expect(copies).toBeGreaterThan(1);
        for (let i = 0; i < 5000; i++) {
          expect(Object.is(x[i], want(i)), `row ${i}`).toBe(true);
          expect(Object.is(viaGet[i], x[i]), `row ${i}`).toBe(true);
          expect(y[i]).toBe(i * 0.5);
        }
      } finally {
        await store.close();
      }
    });
  }
});
