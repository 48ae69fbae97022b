import { InvalidInput, type InvalidParam } from '../core/errors.ts';
import type { Store } from '../store/store.ts';
import { splitOutsideQuotes, unquote } from './column-map.ts';
import { quoteIdent, type StagedFile, tempName } from './stage-file.ts';
import type { RowRule } from './table-specs.ts';

/**
 * `--value-map "arm:A - 15% OFF everything=discount,arm:=control"`: which of the file's values
 * means which of ours, for a column whose values are an enumeration (a campaign's arm, a cart's
 * status). An e-mail tool names its variants ("B - Free shipping over $80") and leaves the holdout
 * group's variant empty; the store needs trigger names and `control`. Table column → (file value,
 * normalised → table value). An empty file value stands for a missing cell, `*` for every other value.
 */
export type ValueMap = Map<string, Map<string, { written: string; to: string }>>;

/** What the recoding did, per table column: file value as written → table value and rows. */
export type RecodedValues = Record<string, { from: string; to: string; rows: number }[]>;

/**
 * `column:*=value`: every value the map does not name, empty cells included; with it a campaign
 * list marks one campaign for evaluation without cutting the file
 * (`--map reserved_for_evaluation="Campaign ID" --value-map "reserved_for_evaluation:01J7=true,reserved_for_evaluation:*=false"`).
 */
export const EVERY_OTHER = '*';

/** Values match up to case and runs of spaces, like column names do. */
export const normaliseValue = (s: string) => s.trim().toLowerCase().replace(/\s+/g, ' ');
const normaliseSql = (x: string) => `coalesce(lower(regexp_replace(trim(${x}), '\\s+', ' ', 'g')), '')`;

/**
 * Parses `--value-map` values: `column:FileValue=value` pairs separated by commas (the option may
 * repeat). The column ends at the first `:`, the value to store starts after the last `=`; a file
 * value holding a comma is written in double quotes (`arm:"Loved by 10,000+"=social_proof`).
 */
export function parseValueMap(specs: readonly string[]): ValueMap {
  const map: ValueMap = new Map();
  const bad = (pair: string, why: string): never => {
    throw new InvalidInput(
      `--value-map takes column:FileValue=value pairs separated by commas (e.g. --value-map "arm:A - 15% off=discount,arm:=control"; an empty FileValue is a missing cell): ${why} in ${JSON.stringify(pair)}`,
      [{ name: 'value-map', reason: `${why}: ${JSON.stringify(pair)}` }],
    );
  };
  for (const spec of specs) {
    for (const raw of splitOutsideQuotes(spec)) {
      const pair = raw.trim();
      if (pair === '') continue;
      const colon = pair.indexOf(':');
      const eq = lastOutsideQuotes(pair, '=');
      if (colon <= 0) bad(pair, 'no column before ":"');
      if (eq < colon) bad(pair, 'no "=value" after the file value');
      const column = pair.slice(0, colon).trim();
      const written = unquote(pair.slice(colon + 1, eq).trim());
      const to = pair.slice(eq + 1).trim();
      if (to === '') bad(pair, 'no value after "="');
      const values = map.get(column) ?? new Map();
      const key = normaliseValue(written);
      const earlier = values.get(key);
      if (earlier && earlier.to !== to)
        bad(pair, `${JSON.stringify(written)} is already mapped to ${JSON.stringify(earlier.to)}`);
      values.set(key, { written, to });
      map.set(column, values);
    }
  }
  return map;
}

function lastOutsideQuotes(s: string, ch: string): number {
  let quoted = false;
  let at = -1;
  for (let i = 0; i < s.length; i++) {
    if (s[i] === '"') quoted = !quoted;
    else if (s[i] === ch && !quoted) at = i;
  }
  return at;
}

/**
 * Rewrites the mapped values of the staged (text) table in place. A file value given in the map
 * that no row holds stops the import, naming the values the column does hold: a typo there would
 * otherwise leave those rows unmapped and refused one by one. Values the map does not name stay
 * as written (the table's own checks then judge them).
 */
export async function applyValueMap(
  store: Store,
  staged: StagedFile,
  table: string,
  map: ValueMap,
  label: (column: string) => string,
): Promise<RecodedValues> {
  const problems: InvalidParam[] = [];
  const messages: string[] = [];
  for (const column of map.keys())
    if (!staged.columns.includes(column)) {
      problems.push({ name: `value-map:${column}`, reason: `not a column of ${table} in this import` });
      messages.push(
        `"${column}" is not a column of ${table} read from ${staged.file} (columns: ${staged.columns.join(', ')})`,
      );
    }
  if (problems.length)
    throw new InvalidInput(`--value-map: ${messages.join('; ')}. Nothing was imported.`, problems);
  const recoded: RecodedValues = {};
  for (const [column, values] of map) {
    const col = quoteIdent(column);
    const found = await store.query<{ v: string; written: string | null; n: number }>(
      `SELECT ${normaliseSql(col)} AS v, mode(${col}) AS written, count(*)::INTEGER AS n FROM ${staged.table}
       GROUP BY 1 ORDER BY n DESC, v`,
    );
    const counts = new Map(found.map((f) => [f.v, Number(f.n)]));
    const missing = [...values].filter(([key]) => key !== EVERY_OTHER && !counts.has(key));
    if (missing.length) {
      const held = found
        .slice(0, 12)
        .map((f) => `${f.v === '' ? '(empty)' : JSON.stringify(f.written)} ${Number(f.n)}`)
        .join(', ');
      throw new InvalidInput(
        `--value-map: ${missing.map(([, m]) => JSON.stringify(m.written)).join(', ')} occur${missing.length === 1 ? 's' : ''} in no row of ${label(column)} in ${staged.file} ` +
          `(its values, with rows: ${held}${found.length > 12 ? ', …' : ''}). Nothing was imported.`,
        missing.map(([, m]) => ({
          name: `value-map:${column}`,
          reason: `no row holds ${JSON.stringify(m.written)}`,
        })),
      );
    }
    const mapping = tempName('import_value_map');
    const entries = [...values].filter(([key]) => key !== EVERY_OTHER);
    const rest = values.get(EVERY_OTHER);
    // File values and targets are bound parameters; they never enter the SQL text.
    await store.run(
      `CREATE TEMP TABLE ${mapping} AS SELECT unnest($1::VARCHAR[]) AS v, unnest($2::VARCHAR[]) AS t`,
      [JSON.stringify(entries.map(([key]) => key)), JSON.stringify(entries.map(([, m]) => m.to))],
    );
    const own = normaliseSql(`${staged.table}.${col}`);
    try {
      // One statement, so a value already rewritten is not taken for one of the "other" values.
      if (rest)
        await store.run(
          `UPDATE ${staged.table} SET ${col} = coalesce((SELECT m.t FROM ${mapping} m WHERE m.v = ${own}), $1)`,
          [rest.to],
        );
      else await store.run(`UPDATE ${staged.table} SET ${col} = m.t FROM ${mapping} m WHERE ${own} = m.v`);
    } finally {
      await store.run(`DROP TABLE IF EXISTS ${mapping}`);
    }
    recoded[column] = entries.map(([key, m]) => ({ from: m.written, to: m.to, rows: counts.get(key) ?? 0 }));
    if (rest) {
      const mapped = entries.reduce((sum, [key]) => sum + (counts.get(key) ?? 0), 0);
      const all = found.reduce((sum, f) => sum + Number(f.n), 0);
      recoded[column].push({ from: EVERY_OTHER, to: rest.to, rows: all - mapped });
    }
  }
  return recoded;
}

/**
 * An enumeration column (a campaign's arm, a page type) whose file values are not ours: one error
 * naming each such value with its rows and first row, and the --value-map that maps it, instead of
 * the same "must be one of" on every row (30,456 of them for an e-mail tool's send log whose arms
 * are its variant names). Null when every value is one of ours (or missing).
 */
export async function foreignEnumValues(
  store: Store,
  staged: StagedFile,
  rules: readonly RowRule[],
  label: (column: string) => string,
  /** Proposes our value for file values of a column (the arm from a variant name), for the message. */
  suggest?: (column: string, values: string[]) => Promise<Map<string, string>>,
): Promise<ForeignValues | null> {
  const problems: InvalidParam[] = [];
  const messages: string[] = [];
  const columns: string[] = [];
  for (const rule of rules) {
    if (!rule.values || !staged.columns.includes(rule.column)) continue;
    const col = quoteIdent(rule.column);
    const found = await store.query<{ v: string; n: number; first: number }>(
      `SELECT ${col} AS v, count(*)::INTEGER AS n, min(__row)::INTEGER AS first FROM ${staged.table}
       WHERE ${col} IS NOT NULL AND ${col} NOT IN (SELECT unnest($1::VARCHAR[]))
       GROUP BY 1 ORDER BY min(__row)`,
      [JSON.stringify(rule.values)],
    );
    if (found.length === 0) continue;
    columns.push(rule.column);
    const [{ n: empty }] = await store.query<{ n: number }>(
      `SELECT count(*)::INTEGER AS n FROM ${staged.table} WHERE ${col} IS NULL`,
    );
    for (const f of found)
      problems.push({
        name: `${staged.file}:${f.first}:${label(rule.column)}`,
        reason: `${JSON.stringify(f.v)} is not one of ${rule.values.join(', ')} (${f.n} row(s), first row ${f.first})`,
      });
    const shown = found.slice(0, 8);
    const pair = (value: string, to: string) =>
      `${rule.column}:${value.includes(',') ? JSON.stringify(value) : value}=${to}`;
    // In single quotes, so a shell takes it as written ("$80" stays "$80") when copied.
    const shellQuoted = (pairs: string[]) => `'${pairs.join(',').replaceAll("'", "'\\''")}'`;
    const proposed = suggest
      ? await suggest(
          rule.column,
          found.slice(0, 50).map((f) => f.v),
        )
      : new Map();
    const way =
      proposed.size > 0
        ? `; the brief interpreter reads them as below (check it, write the ones left as …): --value-map ` +
          shellQuoted([
            ...found.slice(0, 50).map((f) => pair(f.v, proposed.get(f.v) ?? '…')),
            ...(empty > 0 ? [pair('', 'control')] : []),
          ]) +
          (empty > 0
            ? ` (${rule.column}:=control if the ${empty} row(s) without one are the holdout group)`
            : '')
        : `; say which is which with --value-map ${shellQuoted(shown.slice(0, 2).map((f) => pair(f.v, '…')))} (an empty value, ${rule.column}:=…, is a missing cell)` +
          (empty > 0
            ? `; ${empty} row(s) have no ${label(rule.column)} at all (a holdout group? --value-map ${rule.column}:=control, when that is what they are)`
            : '');
    messages.push(
      `${label(rule.column)} holds ${found.length} value(s) that are not ${rule.column} values: ` +
        `${shown.map((f) => `${JSON.stringify(f.v)} (${f.n} rows, first row ${f.first})`).join(', ')}${found.length > shown.length ? ', …' : ''}. ` +
        `${rule.column} must be one of ${rule.values.join(', ')}${way}`,
    );
  }
  if (problems.length === 0) return null;
  return { message: messages.join('; '), problems, columns };
}

/** Enumeration columns holding values that are not ours, said once per value. */
export interface ForeignValues {
  message: string;
  /** One per distinct value, named `file:first row:column`. */
  problems: InvalidParam[];
  /** The columns concerned: their rows' own "must be one of" errors say the same again. */
  columns: string[];
}
