import { InvalidInput } from '../core/errors.ts';
import type { Store } from '../store/store.ts';
import type { ColumnMap } from './column-map.ts';
import { quoteIdent, type StagedFile } from './stage-file.ts';

/**
 * A header name reduced to what a person means by it: `Customer ID`, `CUSTOMER_ID`, `customer-id`
 * and `CustomerID` are all `customerid`, and so is the table column `customer_id`.
 */
export const headerKey = (name: string) => name.toLowerCase().replace(/[\s_\-.]+/g, '');

/**
 * A column written twice in the header (`first_name,…,first_name`) is refused by name: DuckDB reads
 * the repeat as `first_name_1`, which was then reported as an "unknown column" the file does not
 * have. Only repeats that matter are refused: a table column's name (up to case and spaces) or a
 * `--map` source; a repeated column that a map leaves out anyway is left out.
 */
export function refuseDuplicateHeaders(
  staged: StagedFile,
  table: string,
  tableColumns: readonly string[],
  map: ColumnMap | undefined,
): void {
  const repeats = (staged.duplicateHeaders ?? []).filter(
    (d) =>
      map === undefined ||
      tableColumns.some((c) => headerKey(c) === headerKey(d)) ||
      [...map.values()].some((s) => headerKey(s) === headerKey(d)),
  );
  if (repeats.length === 0) return;
  const problems = repeats.map((d) => ({
    name: `${staged.file}:header:${d}`,
    reason: 'column written more than once in the header (names compare without case)',
  }));
  throw new InvalidInput(
    `${staged.file}: the header names ${repeats.map((d) => `"${d}"`).join(', ')} more than once (names compare without case), so which of them fills that column of ${table} is unclear: remove or rename the repeat. Nothing was imported.`,
    problems,
  );
}

/**
 * File columns named like a table column up to case, spaces, underscores, hyphens and points
 * (`Customer ID`, `CREATION_DATE`, `SMS Opt-In`) are read as that column: Excel and shop tools
 * title-case headers, and before this every such column stopped the import as "unknown". A column
 * is renamed only when exactly one file column reads as that table column, the table column is not
 * in the file under its own name, and neither `--map` nor `--set` decides it (the map names file
 * columns as written). Returns the renamed staged file and table column → file column, for the
 * notes and the error labels.
 */
export async function readLooseHeaderNames(
  store: Store,
  staged: StagedFile,
  tableColumns: readonly string[],
  map: ColumnMap | undefined,
  constants: ColumnMap | undefined,
): Promise<{ staged: StagedFile; renames: Record<string, string> }> {
  const mapSources = new Set([...(map?.values() ?? [])].map(headerKey));
  const decided = new Set([...(map?.keys() ?? []), ...(constants?.keys() ?? [])].map(headerKey));
  const renames: Record<string, string> = {};
  for (const target of tableColumns) {
    if (staged.columns.includes(target) || decided.has(headerKey(target))) continue;
    const hits = staged.columns.filter(
      (c) => headerKey(c) === headerKey(target) && !mapSources.has(headerKey(c)) && !tableColumns.includes(c),
    );
    if (hits.length === 1) renames[target] = hits[0] as string;
  }
  for (const [target, source] of Object.entries(renames))
    await store.run(
      `ALTER TABLE ${staged.table} RENAME COLUMN ${quoteIdent(source)} TO ${quoteIdent(target)}`,
    );
  const columns = staged.columns.map(
    (c) => Object.entries(renames).find(([, source]) => source === c)?.[0] ?? c,
  );
  return { staged: { ...staged, columns }, renames };
}
