import { writeFileSync } from 'node:fs';
import { basename } from 'node:path';
import { InvalidInput, type InvalidParam } from '../core/errors.ts';
import { note } from '../core/progress.ts';
import { type RefreshResult, refreshProfiles } from '../features/profile.ts';
import type { Store } from '../store/store.ts';
import { suggestArms } from './arm-suggestions.ts';
import { applyColumnMap, type ColumnMap, parseColumnMap } from './column-map.ts';
import { applyControlFlag, type ControlFlag, parseControlFlag } from './control-flag.ts';
import { bracketNegativeHint, convertSql, decimalCommaHint, typeLabel } from './convert.ts';
import { type DerivedColumn, deriveColumns } from './derived-columns.ts';
import { dropEmptyRows } from './empty-rows.ts';
import { readLooseHeaderNames, refuseDuplicateHeaders } from './header-names.ts';
import { cleanIdValues } from './id-values.ts';
import { type UnknownReference, unknownReferences } from './references.ts';
import { dropRepeatedRows } from './repeated-rows.ts';
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
import {
  IMPORTABLE_TABLES,
  type ImportableTable,
  NATURAL_KEYS,
  plausibleDateRules,
  ROW_RULES,
} from './table-specs.ts';
import { parseTimeZone } from './time-zone.ts';
import { chooseTimestampReadings, readingLabel, timestampReason, timestampSql } from './timestamp-columns.ts';
import {
  applyValueMap,
  foreignEnumValues,
  parseValueMap,
  type RecodedValues,
  type ValueMap,
} from './value-map.ts';

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
  /**
   * Table column → file column (`--map order_id=InvoiceNo,…`, as given or parsed). With a map, file
   * columns that are neither mapped nor named like a table column are left out (and reported).
   */
  map?: readonly string[] | ColumnMap;
  /** Table column → one value for every row (`--set page_type=product`), as given or parsed. */
  set?: readonly string[] | ColumnMap;
  /** Numbers are written with a decimal comma: `1.234,50`, `3,50` (a point then only separates thousands). */
  decimalComma?: boolean;
  /** The format of timestamp columns that are not ISO 8601 (`MM/DD/YYYY`, …), when their values leave it open. */
  dateFormat?: string;
  /**
   * An IANA zone (`--timezone America/New_York`): timestamps written without an offset are local
   * times there, converted to UTC; values with an offset or Z keep it, dates without a time stay.
   */
  timeZone?: string;
  /**
   * Table column → which file value means which of ours (`--value-map "arm:A - 15% off=discount,arm:=control"`),
   * as given or parsed; applied after --map, before anything is derived or checked.
   */
  valueMap?: readonly string[] | ValueMap;
  /**
   * `FileColumn=value` (`--control-when Holdout=TRUE`): rows holding it are the control arm,
   * whatever their variant (campaign_exposures: a holdout logged in a column of its own).
   */
  controlWhen?: string | ControlFlag;
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
  /** Table column → the file column it was read from (with --map). */
  mapped_columns: Record<string, string>;
  /** Table column → the value every row got (--set). */
  constant_columns: Record<string, string>;
  /** File columns left out because --map did not name them. */
  ignored_columns: string[];
  /** Required columns the file lacks, filled from the file or the store (DerivedColumn.from). */
  derived_columns: { column: string; from: string }[];
  /** Rows that repeated an earlier row's key with nothing new (line-level exports), read once. */
  repeated_rows: number;
  /** Rows made the control arm by --control-when (null without it). */
  control_rows: number | null;
  /** Values rewritten by --value-map, by table column: file value → table value, with rows. */
  recoded_values: RecodedValues;
  /** Timestamp columns read in another convention besides ISO 8601, by column. */
  timestamp_formats: Record<string, string>;
  /** With --timezone: the zone and the timestamp columns whose values without an offset were read in it. */
  local_time: { zone: string; columns: string[] } | null;
  /** References to ids the referenced table (when it has rows) does not hold; not refused. */
  unknown_references: UnknownReference[];
  /**
   * Columns the file lacks whose stored values the replaced rows held (not the default), with the
   * number of such rows: a re-import replaces whole rows, so those values became the defaults.
   */
  reset_columns?: Record<string, number>;
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
  const columnMap =
    options.map instanceof Map ? options.map : options.map?.length ? parseColumnMap(options.map) : undefined;
  const constants =
    options.set instanceof Map
      ? options.set
      : options.set?.length
        ? parseColumnMap(options.set, 'set')
        : undefined;
  const valueMap =
    options.valueMap instanceof Map
      ? options.valueMap
      : options.valueMap?.length
        ? parseValueMap(options.valueMap)
        : undefined;
  // Before any row is read: a misspelt zone must not cost a staged file, nor touch the table.
  const zone = options.timeZone === undefined ? undefined : await parseTimeZone(store, options.timeZone);
  let staged = await stageFile(store, file, format, {
    delimiter: options.delimiter,
    encoding: parseEncoding(options.encoding),
  });
  const errs = tempName('import_errors');
  const good = tempName('import_good');
  try {
    const empty = await dropEmptyRows(store, staged);
    staged = empty.staged;
    if (empty.rows.length)
      note(
        `import: ${basename(file)}: ${empty.rows.length} empty row(s) skipped (every cell empty, as Excel leaves below a sheet): rows ${empty.rows.slice(0, 5).join(', ')}${empty.rows.length > 5 ? ', …' : ''}`,
      );
    refuseDuplicateHeaders(
      staged,
      table,
      columns.map((c) => c.name),
      columnMap,
    );
    if (staged.structuralErrors.length > 0 && staged.structuralErrors.length === staged.rowCount) {
      // Nothing in the file parsed: its rows' problems say more than any column check could.
      const all = staged.structuralErrors.slice(0, MAX_REPORTED_ERRORS);
      throw rowErrors(file, all, staged.rowCount, staged.structuralErrors.length, 'nothing was imported');
    }
    let mapping = {
      mapped: {} as Record<string, string>,
      constants: {} as Record<string, string>,
      ignored: [] as string[],
    };
    // A column is named to the user as the file has it: `InvoiceNo (as order_id)` when mapped.
    const label = (name: string) =>
      name
        .split(',')
        .map((n) =>
          mapping.mapped[n] !== undefined
            ? `${mapping.mapped[n]} (as ${n})`
            : mapping.constants[n] !== undefined
              ? `${n} (--set)`
              : n,
        )
        .join(',');
    let controlRows: number | null = null;
    if (options.controlWhen) {
      if (!columns.some((c) => c.name === 'arm'))
        throw new InvalidInput(
          `--control-when applies to a table with an arm column (campaign_exposures), not ${table}`,
          [{ name: 'control-when', reason: `${table} has no arm` }],
        );
      const flag =
        typeof options.controlWhen === 'string' ? parseControlFlag(options.controlWhen) : options.controlWhen;
      controlRows = await applyControlFlag(store, staged, columnMap, flag);
      note(
        `import: ${basename(file)}: ${controlRows} row(s) with ${flag.column} = ${flag.value} are the control arm`,
      );
    }
    const loose = await readLooseHeaderNames(
      store,
      staged,
      columns.map((c) => c.name),
      columnMap,
      constants,
    );
    staged = loose.staged;
    mapping.mapped = { ...loose.renames };
    if (Object.keys(loose.renames).length)
      note(
        `import: ${basename(file)}: read by their names up to case and spaces: ${Object.entries(loose.renames)
          .map(([target, source]) => `${source} as ${target}`)
          .join(', ')}`,
      );
    if (columnMap || constants) {
      const applied = await applyColumnMap(
        store,
        staged,
        table,
        columns.map((c) => c.name),
        columnMap ?? new Map(),
        constants,
      );
      staged = applied.staged;
      mapping = { ...applied.columns, mapped: { ...loose.renames, ...applied.columns.mapped } };
      if (mapping.ignored.length)
        note(
          `import: ${basename(file)}: ${mapping.ignored.length} column(s) not named by --map left out: ${mapping.ignored.join(', ')}`,
        );
    }
    const recoded = valueMap ? await applyValueMap(store, staged, table, valueMap, label) : {};
    for (const [column, entries] of Object.entries(recoded))
      note(
        `import: ${basename(file)}: ${label(column)} read as ${entries.map((e) => `${e.to} where ${e.from === '' ? '(empty)' : JSON.stringify(e.from)} (${e.rows} rows)`).join(', ')}`,
      );
    const cleaned = await cleanIdValues(store, staged, columns);
    for (const [column, { padded, missingWords }] of Object.entries(cleaned))
      note(
        `import: ${basename(file)}: ${label(column)}: ${[
          padded ? `${padded} id(s) written with spaces around them read without them` : '',
          missingWords ? `${missingWords} cell(s) of NULL, N/A, #N/A, nan or None read as missing` : '',
        ]
          .filter(Boolean)
          .join('; ')}`,
      );
    const derivedColumns: DerivedColumn[] = [];
    // Only a file whose columns all fit (the header check below names the others) gets derived ones.
    if (staged.columns.every((c) => columns.some((k) => k.name === c))) {
      const derived = await deriveColumns(store, staged, table);
      staged = derived.staged;
      derivedColumns.push(...derived.derived);
      for (const d of derived.derived)
        note(`import: ${basename(file)} has no ${d.column} column: ${d.column} is ${d.from}`);
    }
    checkHeader(staged, table, columns);
    const repeated = await dropRepeatedRows(store, staged.table, staged.columns, keys);
    if (repeated.length)
      note(
        `import: ${basename(file)}: ${repeated.length} row(s) repeat an earlier row's ${keys.join(', ')} with no other value (a file of order lines or events?), read once: rows ${repeated.slice(0, 5).join(', ')}${repeated.length > 5 ? ', …' : ''}`,
      );
    const present = new Set(staged.columns);
    const byName = new Map(columns.map((c) => [c.name, c]));
    const readings = await chooseTimestampReadings(
      store,
      basename(file),
      staged.table,
      columns.filter((c) => c.type.toUpperCase() === 'TIMESTAMP' && present.has(c.name)).map((c) => c.name),
      options.dateFormat,
    );
    const timestampFormats: Record<string, string> = {};
    for (const [name, reading] of readings)
      if (reading.kind !== 'iso') {
        timestampFormats[name] = readingLabel(reading);
        note(`import: ${basename(file)}: ${label(name)} read as ${readingLabel(reading)} (and ISO 8601)`);
      }
    const localTime = zone === undefined ? null : { zone, columns: [...readings.keys()] };
    if (localTime?.columns.length)
      note(
        `import: ${basename(file)}: ${localTime.columns.map(label).join(', ')} read as local times of ${localTime.zone} where written without an offset (converted to UTC; values with an offset or Z keep it, dates without a time stay)`,
      );
    const conv = (name: string) => {
      const c = byName.get(name) as CatalogColumn;
      if (!present.has(name)) return `CAST(NULL AS ${c.type})`;
      const reading = readings.get(name);
      return reading
        ? timestampSql(`s.${quoteIdent(name)}`, reading, zone)
        : convertSql(`s.${quoteIdent(name)}`, c.type, { decimalComma: options.decimalComma });
    };
    const derivedBy = new Map(derivedColumns.map((d) => [d.column, d]));
    const typeReason = (c: CatalogColumn) => {
      const reading = readings.get(c.name);
      return reading ? `${timestampReason(reading)}: ` : `not ${typeLabel(c.type)}: `;
    };
    const checks: string[] = [];
    for (const c of columns) {
      if (!present.has(c.name)) continue;
      const raw = `s.${quoteIdent(c.name)}`;
      if (!c.nullable && c.default === null) {
        const derived = derivedBy.get(c.name);
        // A derived value is missing because its source is: that row's error says so already.
        const sourcesPresent = (derived?.needs ?? [])
          .map((n) => ` AND s.${quoteIdent(n)} IS NOT NULL`)
          .join('');
        checks.push(
          `SELECT __row, ${lit(c.name)} AS col, ${lit(derived?.missing ?? 'missing value')} AS reason FROM ${staged.table} s WHERE ${raw} IS NULL${sourcesPresent}`,
        );
      }
      const hint = /DOUBLE/i.test(c.type)
        ? `${options.decimalComma ? '' : ` || ${decimalCommaHint(raw)}`} || ${bracketNegativeHint(raw)}`
        : '';
      checks.push(
        `SELECT __row, ${lit(c.name)}, ${lit(typeReason(c))} || to_json(left(${raw}, 40))::VARCHAR${hint}
         FROM ${staged.table} s WHERE ${raw} IS NOT NULL AND (${conv(c.name)}) IS NULL`,
      );
    }
    const dateRules = plausibleDateRules(table, [...readings.keys()], new Date());
    for (const rule of [...ROW_RULES[table], ...dateRules]) {
      if (!byName.has(rule.column)) continue;
      const sql = rule.sql.replace(/\{(\w+)\}/g, (_, name: string) => `(${conv(name)})`);
      const reason = rule.showValue
        ? `${lit(`${rule.reason}: `)} || to_json(left(s.${quoteIdent(rule.column)}, 40))::VARCHAR`
        : lit(rule.reason);
      checks.push(
        `SELECT __row, ${lit(rule.column)}, ${reason} FROM ${staged.table} s WHERE NOT coalesce(${sql}, true)`,
      );
    }
    if (keys.every((k) => present.has(k) || byName.get(k)?.nullable)) {
      const keyExprs = keys.map(conv);
      // Rows missing a required key part have that error; they are not duplicates of each other.
      const requiredKeys = keys.filter((k) => present.has(k) && !byName.get(k)?.nullable);
      const keyed = requiredKeys.map((k) => `s.${quoteIdent(k)} IS NOT NULL`).join(' AND ') || 'true';
      checks.push(
        `SELECT __row, ${lit(keys.join(','))}, 'duplicate key within the file (first in row ' || first_row || ')'
         FROM (SELECT __row, min(__row) OVER (PARTITION BY ${keyExprs.join(', ')}) AS first_row FROM ${staged.table} s WHERE ${keyed})
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
      // Values of an enumeration that are not ours (an e-mail tool's variant names as arms) are
      // said once per value with the --value-map to use, not once per row.
      const foreign = await foreignEnumValues(
        store,
        staged,
        ROW_RULES[table],
        label,
        // An e-mail tool's variant names: the interpreter proposes the trigger each one reads as.
        table === 'campaign_exposures'
          ? (column, values) => (column === 'arm' ? suggestArms(values) : Promise.resolve(new Map()))
          : undefined,
      );
      const enumReasons = ROW_RULES[table]
        .filter((r) => r.values && foreign?.columns.includes(r.column))
        .map((r) => lit(r.reason));
      const listed = await store.query<{ row: number; column_name: string; reason: string }>(
        `SELECT row, column_name, reason FROM ${errs}
         ${enumReasons.length ? `WHERE reason NOT IN (${enumReasons.join(', ')})` : ''}
         ORDER BY row, column_name LIMIT ${MAX_REPORTED_ERRORS}`,
      );
      if (foreign) {
        const rest = listed.map((e) => ({
          name: `${file}:${e.row}:${label(e.column_name)}`,
          reason: e.reason,
        }));
        const others = staged.structuralErrors.length + rest.length;
        throw new InvalidInput(
          `${file}: ${foreign.message}${others ? `; besides, ${others} other problem(s), listed` : ''}. Nothing was imported.`,
          [
            ...foreign.problems,
            ...staged.structuralErrors.map((e) => ({
              name: `${file}:${e.row}:${e.column}`,
              reason: e.reason,
            })),
            ...rest,
          ].slice(0, MAX_REPORTED_ERRORS),
        );
      }
      const all = [
        ...staged.structuralErrors,
        ...listed.map((e) => ({ row: Number(e.row), column: label(e.column_name), reason: e.reason })),
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
      // A file without some columns replaces whole rows: the values stored in those columns are
      // lost to the defaults. Counted before they go, and said.
      const absent = columns.filter((c) => !present.has(c.name));
      const reset: Record<string, number> = {};
      if (replaced > 0 && absent.length > 0) {
        const [counts] = await tx.query<Record<string, number>>(
          `SELECT ${absent
            .map(
              (c, k) =>
                `count(*) FILTER (WHERE t.${quoteIdent(c.name)} IS DISTINCT FROM ${c.default ?? 'NULL'}) AS c${k}`,
            )
            .join(', ')} FROM ${table} t WHERE EXISTS (SELECT 1 FROM ${good} g WHERE ${keyMatch})`,
        );
        for (const [k, c] of absent.entries()) {
          const n = Number(counts?.[`c${k}`] ?? 0);
          if (n > 0) reset[c.name] = n;
        }
      }
      if (replaced > 0)
        await tx.run(`DELETE FROM ${table} t WHERE EXISTS (SELECT 1 FROM ${good} g WHERE ${keyMatch})`);
      const cols = targetCols.map((c) => c.name).join(', ');
      await tx.run(`INSERT INTO ${table} (${cols}) SELECT ${cols} FROM ${good}`);
      const [{ n: imported }] = await tx.query<{ n: number }>(`SELECT count(*) AS n FROM ${good}`);
      const profiles = options.refreshProfiles === false ? null : await refreshProfiles(tx);
      return { replaced, imported, profiles, reset };
    });
    if (Object.keys(result.reset).length)
      note(
        `import: ${basename(file)}: the file has no ${Object.keys(result.reset).join(', ')} column(s), and re-importing replaces whole rows: ${Object.entries(
          result.reset,
        )
          .map(([column, n]) => `${column} of ${n} replaced row(s)`)
          .join(
            ', ',
          )} held other values, now ${Object.keys(result.reset).length === 1 ? 'its default' : 'their defaults'}. To keep them, import a file with those columns`,
      );
    const references = await unknownReferences(store, table, good);
    for (const r of references)
      note(
        `import: ${basename(file)}: ${r.count} ${r.column} value(s) match no row of ${r.references} (e.g. ${r.examples.map((x) => JSON.stringify(x)).join(', ')}; ${r.references} has e.g. ${r.known.map((x) => JSON.stringify(x)).join(', ')}): ` +
          `their rows reach no profile until those ${r.references} are imported. The same id written two ways (17850.0 and 17850, an e-mail and a number)? Then map the column that matches.`,
      );
    let rejectsFile: string | null = null;
    if (onError === 'skip' && options.rejects) {
      rejectsFile = options.rejects;
      await writeRejects(store, staged, errs, rejectsFile, label);
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
      mapped_columns: mapping.mapped,
      constant_columns: mapping.constants,
      ignored_columns: mapping.ignored,
      derived_columns: derivedColumns.map((d) => ({ column: d.column, from: d.from })),
      repeated_rows: repeated.length,
      control_rows: controlRows,
      recoded_values: recoded,
      timestamp_formats: timestampFormats,
      local_time: localTime,
      unknown_references: references,
      reset_columns: result.reset,
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
      `${staged.file}: the columns do not fit table ${table}${delimiterHint(staged)} (${problems.map((p) => `${p.name.split(':').pop()}: ${p.reason}`).join('; ')}). ` +
        `Columns of ${table}: ${columns.map((c) => `${c.name}${!c.nullable && c.default === null ? '*' : ''}`).join(', ')} (* required). ` +
        'A file with its own column names imports with --map table_column=FileColumn,… (file columns it does not name are then left out; docs/data-import.md has the recipe for common exports). Nothing was imported.',
      problems,
    );
  }
}

/** A one-column header that holds another delimiter: the file was read with the wrong one. */
function delimiterHint(staged: StagedFile): string {
  const [only] = staged.columns;
  if (staged.columns.length !== 1 || only === undefined || staged.delimiter === undefined) return '';
  const other = [';', '\t', ',', '|'].find((d) => d !== staged.delimiter && only.includes(d));
  if (!other) return '';
  const name = (d: string) => (d === '\t' ? 'tab' : d);
  return `: the header came out as one column, so the file looks ${name(other)}-delimited, not ${name(staged.delimiter)}-delimited; pass --delimiter '${name(other)}' or leave --delimiter out`;
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
async function writeRejects(
  store: Store,
  staged: StagedFile,
  errs: string,
  path: string,
  label: (column: string) => string,
): Promise<void> {
  const rows = await store.query<{ row: number; errors: { column: string; reason: string }[]; rec: string }>(
    `SELECT e.row, list({'column': e.column_name, 'reason': e.reason} ORDER BY e.column_name) AS errors,
       to_json(any_value(s))::VARCHAR AS rec
     FROM ${errs} e JOIN ${staged.table} s ON s.__row = e.row GROUP BY e.row ORDER BY e.row`,
  );
  const out: { row: number; text: string }[] = rows.map((r) => {
    const values = JSON.parse(r.rec) as Record<string, unknown>;
    delete values.__row;
    const errors = r.errors.map((e) => ({ column: label(e.column), reason: e.reason }));
    return {
      row: Number(r.row),
      text: JSON.stringify({ file: staged.file, row: Number(r.row), errors, values }),
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
