import type { Store } from '../store/store.ts';
import { quoteIdent, type StagedFile } from './stage-file.ts';

/**
 * Words database and spreadsheet exports write for a missing value, which are never ids: SQL
 * Server's and MySQL's `NULL` and `\N`, Excel's `#N/A`, pandas' `nan` and `None` (ids cast to text
 * after a gap), `N/A`. Compared without case. Constants of ours, pasted into SQL.
 */
const MISSING_WORDS = ['null', '\\n', 'n/a', 'na', '#n/a', 'none', 'nan'];
const MISSING_SQL = `(${MISSING_WORDS.map((w) => `'${w}'`).join(', ')})`;

/** What `cleanIdValues` changed in one id column. */
export interface IdCleanup {
  /** Values written with spaces around them, read without them. */
  padded: number;
  /** Values that are a missing-value word (`NULL`, `#N/A`, …), read as missing. */
  missingWords: number;
}

/**
 * Ids written with spaces around them (`" c17 "`, Excel pads cells it aligned; hand-edited files)
 * are the ids without them. Before, `" n1 "` was imported as a customer of its own next to `n1`, and
 * an order of `"n1 "` reached neither. And an id cell holding `NULL` (a SQL export's missing
 * campaign) is missing, not a campaign called "NULL" that every such order was attributed to.
 * Changed in the staged file, so the missing-value and key checks, repeated rows, derived columns
 * and references all see the cleaned id; an id of only spaces is a missing value. Only text columns
 * named `…_id`: other text (a name, an address) is kept as written.
 */
export async function cleanIdValues(
  store: Store,
  staged: StagedFile,
  columns: readonly { name: string; type: string }[],
): Promise<Record<string, IdCleanup>> {
  const ids = columns
    .filter(
      (c) => c.type.toUpperCase() === 'VARCHAR' && c.name.endsWith('_id') && staged.columns.includes(c.name),
    )
    .map((c) => c.name);
  const changed: Record<string, IdCleanup> = {};
  if (ids.length === 0) return changed;
  // One pass to count (usually all zero); an update runs only on a column that has such ids.
  const missing = (col: string) => `lower(trim(${col})) IN ${MISSING_SQL}`;
  const [counts] = await store.query<Record<string, number>>(
    `SELECT ${ids
      .map((id, k) => {
        const col = quoteIdent(id);
        return `count(*) FILTER (WHERE ${col} <> trim(${col}) AND NOT ${missing(col)}) AS p${k},
          count(*) FILTER (WHERE ${missing(col)}) AS m${k}`;
      })
      .join(', ')} FROM ${staged.table}`,
  );
  for (const [k, id] of ids.entries()) {
    const padded = Number(counts?.[`p${k}`] ?? 0);
    const missingWords = Number(counts?.[`m${k}`] ?? 0);
    if (padded + missingWords === 0) continue;
    const col = quoteIdent(id);
    await store.run(
      `UPDATE ${staged.table} SET ${col} = CASE WHEN ${missing(col)} THEN NULL ELSE nullif(trim(${col}), '') END
       WHERE ${col} <> trim(${col}) OR ${missing(col)}`,
    );
    changed[id] = { padded, missingWords };
  }
  return changed;
}
