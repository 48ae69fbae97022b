import type { Store } from '../store/store.ts';
import { quoteIdent } from './stage-file.ts';

/**
 * Rows that repeat an earlier row's key and add nothing to it: every other value equal to that
 * row's or empty. Line-level exports write a record once per line: Shopify's orders export repeats
 * an order's name, email and date on each of its lines (the amounts only on the first), and an
 * order-lines file mapped to customers repeats each customer on every line. Such a row is the
 * same record written again, so it is read once; a repeated key with a different value is still a
 * "duplicate key" row error. Returns the rows dropped from `stagedTable`, by data row number.
 */
export async function dropRepeatedRows(
  store: Store,
  stagedTable: string,
  columns: readonly string[],
  keys: readonly string[],
): Promise<number[]> {
  if (keys.length === 0 || !keys.every((k) => columns.includes(k))) return [];
  const key = (alias: string) => keys.map((k) => `trim(${alias}.${quoteIdent(k)})`);
  const sameKey = keys
    .map((k) => `trim(r.${quoteIdent(k)}) IS NOT DISTINCT FROM trim(f.${quoteIdent(k)})`)
    .join(' AND ');
  // A row without its key (a guest line with no CustomerID) is no record's repeat: each keeps its
  // own "missing value" error, so the count of such rows stays visible.
  const keyed = keys.map((k) => `trim(r.${quoteIdent(k)}) <> ''`);
  const adds = columns
    .filter((c) => !keys.includes(c))
    .map((c) => {
      const r = `r.${quoteIdent(c)}`;
      return `(${r} IS NULL OR trim(${r}) = '' OR trim(${r}) IS NOT DISTINCT FROM trim(f.${quoteIdent(c)}))`;
    });
  // Most files repeat no key: one grouping pass says so, and the join below is skipped.
  const [repeats] = await store.query<{ any: boolean }>(
    `SELECT EXISTS (SELECT 1 FROM ${stagedTable} s WHERE ${keys.map((k) => `trim(s.${quoteIdent(k)}) <> ''`).join(' AND ')}
       GROUP BY ${key('s').join(', ')} HAVING count(*) > 1) AS any`,
  );
  if (!repeats?.any) return [];
  const rows = await store.query<{ row: number }>(
    `SELECT r.__row AS row FROM ${stagedTable} r JOIN (
       SELECT * FROM ${stagedTable} s QUALIFY row_number() OVER (PARTITION BY ${key('s').join(', ')} ORDER BY s.__row) = 1
     ) f ON ${sameKey} AND r.__row > f.__row
     WHERE ${[...keyed, ...adds].join(' AND ')} ORDER BY r.__row`,
  );
  const dropped = rows.map((r) => Number(r.row));
  if (dropped.length > 0)
    await store.run(`DELETE FROM ${stagedTable} WHERE __row IN (SELECT unnest($1::BIGINT[]))`, [
      `[${dropped.join(',')}]`,
    ]);
  return dropped;
}
