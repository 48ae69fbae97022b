import type { Store } from '../store/store.ts';
import { quoteIdent, type StagedFile } from './stage-file.ts';

/**
 * Ids written with spaces around them (`" c17 "`, Excel pads cells it aligned; hand-edited files)
 * are the ids without them. Before, `" n1 "` was imported as a customer of its own next to `n1`, and
 * an order of `"n1 "` reached neither. Trimmed in the staged file, so the key check, repeated rows,
 * derived columns and references all see the trimmed id; an id of only spaces is a missing value.
 * Only text columns named `…_id`: other text (a name, an address) is kept as written.
 * Returns the columns changed with their number of values.
 */
export async function trimIdValues(
  store: Store,
  staged: StagedFile,
  columns: readonly { name: string; type: string }[],
): Promise<Record<string, number>> {
  const ids = columns
    .filter(
      (c) => c.type.toUpperCase() === 'VARCHAR' && c.name.endsWith('_id') && staged.columns.includes(c.name),
    )
    .map((c) => c.name);
  const changed: Record<string, number> = {};
  if (ids.length === 0) return changed;
  // One pass to count (usually all zero); the update runs only on a column that has padded ids.
  const [counts] = await store.query<Record<string, number>>(
    `SELECT ${ids.map((id, k) => `count(*) FILTER (WHERE ${quoteIdent(id)} <> trim(${quoteIdent(id)})) AS c${k}`).join(', ')} FROM ${staged.table}`,
  );
  for (const [k, id] of ids.entries()) {
    const n = Number(counts?.[`c${k}`] ?? 0);
    if (n === 0) continue;
    const col = quoteIdent(id);
    await store.run(
      `UPDATE ${staged.table} SET ${col} = nullif(trim(${col}), '') WHERE ${col} <> trim(${col})`,
    );
    changed[id] = n;
  }
  return changed;
}
