import { writeFileSync } from 'node:fs';
import { InvalidInput, type InvalidParam } from '../core/errors.ts';
import { type RefreshResult, refreshProfiles } from '../features/profile.ts';
import type { Store } from '../store/store.ts';
import { convertSql, typeLabel } from './convert.ts';
import { parseEncoding } from './source-file.ts';
import {
  detectFormat,
  type FileFormat,
  quoteIdent,
  type RowError,
  type StagedFile,
  stageFile,
  tempName,
} from './stage-file.ts';
import { IMPORTABLE_TABLES, type ImportableTable, NATURAL_KEYS, ROW_RULES } from './table-specs.ts';

export type OnError = 'abort' | 'skip';

export interface ImportOptions {
  format?: string;
  /** abort (default): a file with any bad row loads nothing. skip: load the good rows, write the rest to `rejects`. */
  onError?: OnError;
  rejects?: string;
  /** CSV delimiter: , ; tab or | (default: found from the header line). */
  delimiter?: string;
  /** Text encoding of a CSV or JSON Lines file (default UTF-8; UTF-16 with a byte order mark is found by itself). */
  encoding?: string;
  /** Rebuild the profile facts afterwards (default true). */
  refreshProfiles?: boolean;
}

export interface ImportResult {
  table: ImportableTable;
  file: string;
  format: FileFormat;
  rows_in_file: number;
  /** Rows written (new or replacing a row with the same key). */
  imported: number;
  /** Of those, rows that replaced an existing row with the same key (a re-import). */
  replaced: number;
  rejected: number;
  rejects_file: string | null;
  profiles: RefreshResult | null;
  seconds: number;
}

/** At most this many problems travel in an error; the message states the total. */
export const MAX_REPORTED_ERRORS = 10_000;

interface CatalogColumn {
  name: string;
  type: string;
  nullable: boolean;
  default: string | null;
}

async function tableColumns(store: Store, table: string): Promise<CatalogColumn[]> {
  const rows = await store.query<{
    column_name: string;
    data_type: string;
    is_nullable: string;
    column_default: string | null;
  }>(
    `SELECT column_name, data_type, is_nullable, column_default FROM information_schema.columns
     WHERE table_schema = 'main' AND table_name = $1 ORDER BY ordinal_position`,
    [table],
  );
  return rows.map((r) => ({
    name: r.column_name,
    type: r.data_type,
    nullable: r.is_nullable === 'YES',
    default: r.column_default,
  }));
}

async function keyColumns(store: Store, table: ImportableTable, columns: CatalogColumn[]): Promise<string[]> {
  const pk = await store.query<{ cols: string[] }>(
    `SELECT constraint_column_names AS cols FROM duckdb_constraints()
     WHERE schema_name = 'main' AND table_name = $1 AND constraint_type = 'PRIMARY KEY'`,
    [table],
  );
  if (pk[0]) return pk[0].cols;
  return NATURAL_KEYS[table] ?? columns.map((c) => c.name);
}

const lit = (s: string) => `'${s.replaceAll("'", "''")}'`;

/**
 * Imports one file into one event table: stage as text, validate in SQL (required columns, types,
 * enumerations and ranges, duplicate keys within the file, ragged or truncated rows), then in one
 * transaction replace rows with the same key and insert (re-importing a file never duplicates),
 * and rebuild the profile facts. Every problem names file, 1-based row, column and reason.
 */
export async function importTable(
  store: Store,
  tableName: string,
  file: string,
  options: ImportOptions = {},
): Promise<ImportResult> {
  const started = performance.now();
  if (!(IMPORTABLE_TABLES as readonly string[]).includes(tableName)) {
    throw new InvalidInput(
      `unknown table "${tableName}"; importable: ${IMPORTABLE_TABLES.join(', ')}, or "experiment"`,
      [{ name: 'table', reason: 'not an importable table' }],
    );
  }
  const table = tableName as ImportableTable;
  const onError = options.onError ?? 'abort';
  if (onError === 'skip' && !options.rejects) {
    throw new InvalidInput('--on-error skip needs --rejects FILE to write the rejected rows to', [
      { name: 'rejects', reason: 'required with --on-error skip' },
    ]);
  }
  const format = detectFormat(file, options.format);
  const columns = await tableColumns(store, table);
  const keys = await keyColumns(store, table, columns);
  const staged = await stageFile(store, file, format, {
    delimiter: options.delimiter,
    encoding: parseEncoding(options.encoding),
  });
  const errs = tempName('import_errors');
  const good = tempName('import_good');
  try {
    if (staged.structuralErrors.length > 0 && staged.structuralErrors.length === staged.rowCount) {
      // Nothing in the file parsed: its rows' problems say more than any column check could.
      const all = staged.structuralErrors.slice(0, MAX_REPORTED_ERRORS);
      throw rowErrors(file, all, staged.rowCount, staged.structuralErrors.length, 'nothing was imported');
    }
    checkHeader(staged, table, columns);
    const present = new Set(staged.columns);
    const byName = new Map(columns.map((c) => [c.name, c]));
    const conv = (name: string) => {
      const c = byName.get(name) as CatalogColumn;
      return present.has(name) ? convertSql(`s.${quoteIdent(name)}`, c.type) : `CAST(NULL AS ${c.type})`;
    };
    const checks: string[] = [];
    for (const c of columns) {
      if (!present.has(c.name)) continue;
      const raw = `s.${quoteIdent(c.name)}`;
      if (!c.nullable && c.default === null) {
        checks.push(
          `SELECT __row, ${lit(c.name)} AS col, 'missing value' AS reason FROM ${staged.table} s WHERE ${raw} IS NULL`,
        );
      }
      checks.push(
        `SELECT __row, ${lit(c.name)}, ${lit(`not ${typeLabel(c.type)}: `)} || to_json(left(${raw}, 40))::VARCHAR
         FROM ${staged.table} s WHERE ${raw} IS NOT NULL AND (${conv(c.name)}) IS NULL`,
      );
    }
    for (const rule of ROW_RULES[table]) {
      if (!byName.has(rule.column)) continue;
      const sql = rule.sql.replace(/\{(\w+)\}/g, (_, name: string) => `(${conv(name)})`);
      checks.push(
        `SELECT __row, ${lit(rule.column)}, ${lit(rule.reason)} FROM ${staged.table} s WHERE NOT coalesce(${sql}, true)`,
      );
    }
    if (keys.every((k) => present.has(k) || byName.get(k)?.nullable)) {
      const keyExprs = keys.map(conv);
      checks.push(
        `SELECT __row, ${lit(keys.join(','))}, 'duplicate key within the file (first in row ' || first_row || ')'
         FROM (SELECT __row, min(__row) OVER (PARTITION BY ${keyExprs.join(', ')}) AS first_row FROM ${staged.table} s)
         WHERE __row <> first_row`,
      );
    }
    await store.run(
      `CREATE TEMP TABLE ${errs} AS SELECT __row AS row, col AS column_name, reason FROM (${checks.join('\nUNION ALL\n')})`,
    );
    const [{ n: errorCount, r: badRows }] = await store.query<{ n: number; r: number }>(
      `SELECT count(*) AS n, count(DISTINCT row) AS r FROM ${errs}`,
    );
    const totalBadRows = badRows + staged.structuralErrors.length;
    const totalErrors = errorCount + staged.structuralErrors.length;
    if (totalErrors > 0 && onError === 'abort') {
      const listed = await store.query<{ row: number; column_name: string; reason: string }>(
        `SELECT row, column_name, reason FROM ${errs} ORDER BY row, column_name LIMIT ${MAX_REPORTED_ERRORS}`,
      );
      const all = [
        ...staged.structuralErrors,
        ...listed.map((e) => ({ row: Number(e.row), column: e.column_name, reason: e.reason })),
      ]
        .sort((a, b) => a.row - b.row || a.column.localeCompare(b.column))
        .slice(0, MAX_REPORTED_ERRORS);
      throw rowErrors(file, all, totalBadRows, totalErrors, 'nothing was imported');
    }
    // The typed good rows, materialised once for both the replace and the insert.
    const targetCols = columns.filter((c) => present.has(c.name));
    const values = targetCols.map((c) =>
      c.default !== null
        ? `coalesce(${conv(c.name)}, ${c.default}) AS ${c.name}`
        : `${conv(c.name)} AS ${c.name}`,
    );
    await store.run(
      `CREATE TEMP TABLE ${good} AS SELECT ${values.join(', ')} FROM ${staged.table} s
       WHERE s.__row NOT IN (SELECT row FROM ${errs}) ORDER BY s.__row`,
    );
    const keyMatch = keys
      .filter((k) => present.has(k))
      .map((k) => `t.${k} IS NOT DISTINCT FROM g.${k}`)
      .join(' AND ');
    const result = await store.transaction(async (tx) => {
      const [{ n: replaced }] = await tx.query<{ n: number }>(
        `SELECT count(*) AS n FROM ${table} t WHERE EXISTS (SELECT 1 FROM ${good} g WHERE ${keyMatch})`,
      );
      if (replaced > 0)
        await tx.run(`DELETE FROM ${table} t WHERE EXISTS (SELECT 1 FROM ${good} g WHERE ${keyMatch})`);
      const cols = targetCols.map((c) => c.name).join(', ');
      await tx.run(`INSERT INTO ${table} (${cols}) SELECT ${cols} FROM ${good}`);
      const [{ n: imported }] = await tx.query<{ n: number }>(`SELECT count(*) AS n FROM ${good}`);
      const profiles = options.refreshProfiles === false ? null : await refreshProfiles(tx);
      return { replaced, imported, profiles };
    });
    let rejectsFile: string | null = null;
    if (onError === 'skip' && options.rejects) {
      rejectsFile = options.rejects;
      await writeRejects(store, staged, errs, rejectsFile);
    }
    return {
      table,
      file,
      format,
      rows_in_file: staged.rowCount,
      imported: result.imported,
      replaced: result.replaced,
      rejected: totalBadRows,
      rejects_file: rejectsFile,
      profiles: result.profiles,
      seconds: (performance.now() - started) / 1000,
    };
  } finally {
    for (const t of [staged.table, errs, good]) await store.run(`DROP TABLE IF EXISTS ${t}`);
  }
}

function checkHeader(staged: StagedFile, table: string, columns: CatalogColumn[]): void {
  const known = new Set(columns.map((c) => c.name));
  const problems: InvalidParam[] = [];
  for (const c of staged.columns) {
    if (!known.has(c))
      problems.push({ name: `${staged.file}:header:${c}`, reason: `unknown column for ${table}` });
  }
  const present = new Set(staged.columns);
  for (const c of columns) {
    if (!c.nullable && c.default === null && !present.has(c.name)) {
      problems.push({ name: `${staged.file}:header:${c.name}`, reason: 'missing required column' });
    }
  }
  if (problems.length > 0) {
    throw new InvalidInput(
      `${staged.file}: the columns do not fit table ${table} (${problems.map((p) => `${p.name.split(':').pop()}: ${p.reason}`).join('; ')}). ` +
        `Columns of ${table}: ${columns.map((c) => `${c.name}${!c.nullable && c.default === null ? '*' : ''}`).join(', ')} (* required). Nothing was imported.`,
      problems,
    );
  }
}

/**
 * One error naming every bad row (up to MAX_REPORTED_ERRORS) in invalid_params as
 * `file:row:column` → reason, the same naming as BadRow, so the CLI and API list them all.
 */
export function rowErrors(
  file: string,
  errors: RowError[],
  badRows: number,
  total: number,
  outcome: string,
): InvalidInput {
  const first = errors[0];
  return new InvalidInput(
    `${file}: ${badRows} bad row(s), ${total} problem(s); ${outcome}. First: row ${first.row}, column "${first.column}": ${first.reason}` +
      (total > errors.length ? ` (the first ${errors.length} are listed)` : ''),
    errors.map((e) => ({ name: `${file}:${e.row}:${e.column}`, reason: e.reason })),
  );
}

/** Rejected rows as JSON Lines: { row, errors: [{ column, reason }], values | line }. */
async function writeRejects(store: Store, staged: StagedFile, errs: string, path: string): Promise<void> {
  const rows = await store.query<{ row: number; errors: { column: string; reason: string }[]; rec: string }>(
    `SELECT e.row, list({'column': e.column_name, 'reason': e.reason} ORDER BY e.column_name) AS errors,
       to_json(any_value(s))::VARCHAR AS rec
     FROM ${errs} e JOIN ${staged.table} s ON s.__row = e.row GROUP BY e.row ORDER BY e.row`,
  );
  const out: { row: number; text: string }[] = rows.map((r) => {
    const values = JSON.parse(r.rec) as Record<string, unknown>;
    delete values.__row;
    return {
      row: Number(r.row),
      text: JSON.stringify({ file: staged.file, row: Number(r.row), errors: r.errors, values }),
    };
  });
  const structural = new Map<number, { column: string; reason: string }[]>();
  for (const e of staged.structuralErrors) {
    const list = structural.get(e.row) ?? [];
    list.push({ column: e.column, reason: e.reason });
    structural.set(e.row, list);
  }
  for (const [row, errors] of structural) {
    out.push({
      row,
      text: JSON.stringify({ file: staged.file, row, errors, line: staged.rejectedLines.get(row) ?? null }),
    });
  }
  out.sort((a, b) => a.row - b.row);
  writeFileSync(path, out.map((o) => `${o.text}\n`).join(''), 'utf8');
}
