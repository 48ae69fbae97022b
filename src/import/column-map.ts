import { InvalidInput } from '../core/errors.ts';
import type { Store } from '../store/store.ts';
import { quoteIdent, type StagedFile, tempName } from './stage-file.ts';

/**
 * `--map order_id=InvoiceNo,customer_id=CustomerID`: which file column fills which table column,
 * so a shop's own export (UCI Online Retail, Olist, Shopify) imports without renaming its header
 * by hand. Target → source, in the order given.
 */
export type ColumnMap = Map<string, string>;

/** What the mapping did, for the result and the notes. */
export interface MappedColumns {
  /** Table column → the file column it was read from (mapped ones only). */
  mapped: Record<string, string>;
  /** Table column → the value every row gets (`--set page_type=product`). */
  constants: Record<string, string>;
  /** File columns neither mapped nor named like a table column: left out. */
  ignored: string[];
}

/**
 * Parses `--map` values (each `target=Source[,target=Source…]`; the option may repeat). A source
 * holding a comma is written in double quotes (`name="Title, short"`).
 */
export function parseColumnMap(specs: readonly string[], option = 'map'): ColumnMap {
  const map: ColumnMap = new Map();
  for (const spec of specs) {
    for (const pair of splitOutsideQuotes(spec)) {
      if (pair.trim() === '') continue;
      const eq = pair.indexOf('=');
      const target = eq < 0 ? '' : pair.slice(0, eq).trim();
      const source = eq < 0 ? '' : unquote(pair.slice(eq + 1).trim());
      if (!target || !source)
        throw new InvalidInput(
          option === 'map'
            ? `--map takes table_column=FileColumn pairs separated by commas (e.g. --map order_id=InvoiceNo,ordered_at=InvoiceDate), not ${JSON.stringify(pair.trim())}`
            : `--set takes table_column=value pairs separated by commas (e.g. --set page_type=product), not ${JSON.stringify(pair.trim())}`,
          [{ name: option, reason: `not a table_column=… pair: ${JSON.stringify(pair.trim())}` }],
        );
      if (map.has(target))
        throw new InvalidInput(
          `--${option} names ${target} twice (${JSON.stringify(map.get(target))} and ${JSON.stringify(source)}); a table column takes one`,
          [{ name: option, reason: `${target} given twice` }],
        );
      map.set(target, source);
    }
  }
  return map;
}

/** Splits `a=1,b="x, y"` at the commas outside double quotes. */
export function splitOutsideQuotes(spec: string): string[] {
  const parts: string[] = [];
  let current = '';
  let quoted = false;
  for (const ch of spec) {
    if (ch === '"') quoted = !quoted;
    if (ch === ',' && !quoted) {
      parts.push(current);
      current = '';
    } else current += ch;
  }
  parts.push(current);
  return parts;
}

export const unquote = (s: string) =>
  s.length >= 2 && s.startsWith('"') && s.endsWith('"') ? s.slice(1, -1) : s;

/** The one name in `names` equal to `wanted` up to case and spaces, if exactly one. */
function looseMatch(wanted: string, names: readonly string[]): string | undefined {
  const norm = (s: string) => s.trim().toLowerCase().replace(/\s+/g, ' ');
  const hits = names.filter((n) => norm(n) === norm(wanted));
  return hits.length === 1 ? hits[0] : undefined;
}

/**
 * Renames the staged file's columns by `map` into a new staged table. File columns that are table
 * columns by name are kept (unless a mapped column takes their place); every other file column is
 * left out and reported, since the user named the ones that matter. Unknown targets and sources
 * stop the import, each named with the names it could have been.
 */
export async function applyColumnMap(
  store: Store,
  staged: StagedFile,
  table: string,
  tableColumns: readonly string[],
  map: ColumnMap,
  constants: ColumnMap = new Map(),
): Promise<{ staged: StagedFile; columns: MappedColumns }> {
  const problems: { name: string; reason: string }[] = [];
  const messages: string[] = [];
  const resolved = new Map<string, string>();
  const fixed = new Map<string, string>();
  for (const [target, value] of constants) {
    const column = tableColumns.includes(target) ? target : looseMatch(target, tableColumns);
    if (!column) {
      problems.push({ name: `set:${target}`, reason: `not a column of ${table}` });
      messages.push(
        `--set: "${target}" is not a column of ${table} (its columns: ${tableColumns.join(', ')})`,
      );
    } else if (map.has(column)) {
      problems.push({ name: `set:${column}`, reason: 'also given by --map' });
      messages.push(`${column} is given both by --map and by --set; keep one`);
    } else fixed.set(column, value);
  }
  for (const [target, source] of map) {
    const column = tableColumns.includes(target) ? target : looseMatch(target, tableColumns);
    if (!column) {
      problems.push({ name: `map:${target}`, reason: `not a column of ${table}` });
      messages.push(`"${target}" is not a column of ${table} (its columns: ${tableColumns.join(', ')})`);
      continue;
    }
    const from = staged.columns.includes(source) ? source : looseMatch(source, staged.columns);
    if (!from) {
      problems.push({ name: `map:${column}`, reason: `no column "${source}" in the file` });
      messages.push(
        `${staged.file} has no column "${source}" (for ${column}; its columns: ${staged.columns.join(', ')})`,
      );
      continue;
    }
    resolved.set(column, from);
  }
  if (problems.length > 0)
    throw new InvalidInput(`--map: ${messages.join('; ')}. Nothing was imported.`, problems);
  const kept = staged.columns.filter((c) => tableColumns.includes(c) && !resolved.has(c) && !fixed.has(c));
  const used = new Set([...resolved.values(), ...kept]);
  const ignored = staged.columns.filter((c) => !used.has(c));
  // A constant is a bound parameter: the user's value never enters the SQL text.
  const select = [
    ...[...resolved].map(([target, source]) => `${quoteIdent(source)} AS ${quoteIdent(target)}`),
    ...kept.map(quoteIdent),
    ...[...fixed.keys()].map((target, k) => `CAST($${k + 1} AS VARCHAR) AS ${quoteIdent(target)}`),
  ];
  const renamed = tempName('import_mapped');
  await store.run(`CREATE TEMP TABLE ${renamed} AS SELECT __row, ${select.join(', ')} FROM ${staged.table}`, [
    ...fixed.values(),
  ]);
  await store.run(`DROP TABLE IF EXISTS ${staged.table}`);
  return {
    staged: { ...staged, table: renamed, columns: [...resolved.keys(), ...kept, ...fixed.keys()] },
    columns: { mapped: Object.fromEntries(resolved), constants: Object.fromEntries(fixed), ignored },
  };
}
