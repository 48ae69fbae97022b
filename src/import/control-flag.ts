import { InvalidInput } from '../core/errors.ts';
import type { Store } from '../store/store.ts';
import type { ColumnMap } from './column-map.ts';
import { quoteIdent, type StagedFile } from './stage-file.ts';
import { normaliseValue } from './value-map.ts';

/** The words a boolean column is true with (as convert.ts reads booleans). */
const TRUE_WORDS = ['true', 't', '1', 'yes', 'y'];

/** `--control-when Holdout=TRUE`: the file column and the value that marks the control group. */
export interface ControlFlag {
  column: string;
  value: string;
}

export function parseControlFlag(spec: string): ControlFlag {
  const eq = spec.indexOf('=');
  const column = eq < 0 ? '' : spec.slice(0, eq).trim();
  const value = eq < 0 ? '' : spec.slice(eq + 1).trim();
  if (!column || !value)
    throw new InvalidInput(
      `--control-when takes FileColumn=value (e.g. --control-when Holdout=TRUE, or in_control_group=true), not ${JSON.stringify(spec)}`,
      [{ name: 'control-when', reason: `not a FileColumn=value pair: ${JSON.stringify(spec)}` }],
    );
  return { column, value };
}

const norm = (x: string) => `lower(regexp_replace(trim(${x}), '\\s+', ' ', 'g'))`;

/**
 * Rows whose flag column holds the value are the control arm, whatever their variant says: an
 * e-mail tool that logs its holdout group in a column of its own (Braze's `in_control_group`, a
 * `Holdout` TRUE/FALSE) and keeps a variant name, or none, in those rows. Rewrites the column that
 * becomes `arm` (its --map source) in the staged file, before the map and the value map apply. A
 * value is matched up to case and spaces, and a true word (`TRUE`, `yes`, `1`, …) matches any
 * true word. A column that is not in the file, or a value no row holds, stops the import.
 * Returns the number of rows made control.
 */
export async function applyControlFlag(
  store: Store,
  staged: StagedFile,
  map: ColumnMap | undefined,
  flag: ControlFlag,
): Promise<number> {
  const find = (name: string) =>
    staged.columns.includes(name)
      ? name
      : staged.columns.find((c) => normaliseValue(c) === normaliseValue(name));
  const flagColumn = find(flag.column);
  const armColumn = find(map?.get('arm') ?? 'arm');
  if (!flagColumn || !armColumn)
    throw new InvalidInput(
      `--control-when: ${staged.file} has no column "${flagColumn ? (map?.get('arm') ?? 'arm') : flag.column}" ` +
        `(its columns: ${staged.columns.join(', ')})${armColumn ? '' : '; name the arm column with --map arm=COLUMN'}. Nothing was imported.`,
      [{ name: 'control-when', reason: 'column not in the file' }],
    );
  const wanted = normaliseValue(flag.value);
  const values = TRUE_WORDS.includes(wanted) ? TRUE_WORDS : [wanted];
  const f = quoteIdent(flagColumn);
  const matches = `${norm(f)} IN (SELECT unnest($1::VARCHAR[]))`;
  const [{ n }] = await store.query<{ n: number }>(
    `SELECT count(*)::INTEGER AS n FROM ${staged.table} WHERE ${matches}`,
    [JSON.stringify(values)],
  );
  if (n === 0) {
    const held = await store.query<{ v: string | null; n: number }>(
      `SELECT ${f} AS v, count(*)::INTEGER AS n FROM ${staged.table} GROUP BY 1 ORDER BY n DESC LIMIT 10`,
    );
    throw new InvalidInput(
      `--control-when: no row of ${flagColumn} in ${staged.file} holds ${JSON.stringify(flag.value)} ` +
        `(its values, with rows: ${held.map((h) => `${h.v === null ? '(empty)' : JSON.stringify(h.v)} ${h.n}`).join(', ')}). Nothing was imported.`,
      [{ name: 'control-when', reason: `no row holds ${JSON.stringify(flag.value)}` }],
    );
  }
  await store.run(`UPDATE ${staged.table} SET ${quoteIdent(armColumn)} = 'control' WHERE ${matches}`, [
    JSON.stringify(values),
  ]);
  return n;
}
