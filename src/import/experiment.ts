import { writeFileSync } from 'node:fs';
import { basename } from 'node:path';
import { InvalidInput, type InvalidParam, NotFound } from '../core/errors.ts';
import { note } from '../core/progress.ts';
import { scanColumns } from '../features/read-columns.ts';
import type { Store } from '../store/store.ts';
import {
  BALANCE_FAMILY_ALPHA,
  BALANCE_SMD_THRESHOLD,
  type BalanceReport,
  covariateBalance,
} from './balance.ts';
import { convertSql } from './convert.ts';
import { pickDateFormat, TEXT_DATE_FORMATS, type TextDateFormat, textDateSql } from './date-formats.ts';
import { MAX_REPORTED_ERRORS, rowErrors } from './import-table.ts';
import { importMemoryLimit, withMemoryLimit } from './memory-limit.ts';
import { parseEncoding } from './source-file.ts';
import { normaliseSplit } from './split-column.ts';
import {
  detectFormat,
  type FileFormat,
  quoteIdent,
  type RowError,
  stageFile,
  tempName,
} from './stage-file.ts';

/**
 * Import of one randomised experiment from a flat file (the shape of public uplift benchmarks:
 * Hillstrom, Criteo, Lenta, X5): one row per unit with its arm label, outcome, optional revenue,
 * id and train/test split; every other column not excluded is a pre-treatment feature.
 */
export interface ExperimentImportOptions {
  treatment: string;
  /** The treatment column's value that marks the control arm. */
  control: string;
  outcome: string;
  revenue?: string;
  id?: string;
  split?: string;
  exclude?: string[];
  name?: string;
  format?: string;
  /** CSV delimiter: , ; tab or | (default: found from the header line). */
  delimiter?: string;
  /** Text encoding of a CSV or JSON Lines file (default UTF-8; UTF-16 with a byte order mark is found by itself). */
  encoding?: string;
  /** Numbers are written with a decimal comma ("1.234,50", "12,5"); default a decimal point. */
  decimalComma?: boolean;
  /** Keep features that fail the covariate balance check (default: exclude them). */
  keepImbalanced?: boolean;
  /**
   * Values of the split column that mark the held-out (test) rows, when it is not written
   * train/test: `1` of an is_test column, `holdout`, `valid`. Every other value is a training row.
   */
  testValues?: string[];
  /** Arm labels whose rows are left out (an arm too small to learn, a test cell that is not part of the experiment). */
  dropArms?: string[];
  /** abort (default): any bad row stops the import; skip: bad rows are left out and counted. */
  onError?: 'abort' | 'skip';
  /** With onError skip: write each skipped row's problems here as JSON Lines. */
  rejects?: string;
  /**
   * Columns whose value combination is the stratum a test was randomised within (treatment for
   * 90% of DE, 30% of US): each row's assignment probability is its arm's share of its stratum.
   */
  strata?: string[];
  /** A column holding each row's probability of the arm it received (0 < p <= 1). */
  propensity?: string;
}

export interface ExperimentFeatureInfo {
  name: string;
  kind: 'numeric' | 'categorical';
  /** The column of the rows table that holds it (f_0, f_1, …; named by us). */
  column: string;
  missing: number;
  /** Set when a numeric feature was read from dates or timestamps: its value is days since 1970-01-01 UTC. */
  parsed_from?: 'date';
  /** With parsed_from, dates not in ISO 8601: the one format that read every value (date-formats.ts). */
  date_format?: string;
}

export interface ExperimentArm {
  index: number;
  label: string;
  count: number;
  share: number;
  /** Other spellings of the label in the file (case, spacing) counted in this arm. */
  spellings?: string[];
}

export interface ExperimentSummary {
  experiment_id: string;
  name: string;
  source_file: string;
  format?: FileFormat;
  imported_at: string;
  row_count: number;
  treatment_column: string;
  control_value: string;
  outcome_column: string;
  revenue_column: string | null;
  id_column: string | null;
  split_column: string | null;
  /** With --test-value: the split values that mark the held-out rows (the others trained on). */
  split_test_values?: string[];
  excluded_columns: string[];
  /** Columns left out of the features because they failed the balance check (see balance.ts). */
  excluded_imbalanced: string[];
  /** Imbalanced columns kept as features because of --keep-imbalanced. */
  kept_imbalanced: string[];
  /** Numeric columns equal to the row number in every row (a saved row index), left out of the features. */
  excluded_row_index: string[];
  /** Columns with a single value in every row, or no value at all: left out of the features. */
  excluded_constant: string[];
  /** Arms whose rows were left out by --drop-arms, with their row counts. */
  dropped_arms: { label: string; count: number }[];
  /** With --strata: the columns, and how many strata their values make (missing is a value). */
  strata_columns?: string[];
  strata_count?: number;
  /** With --propensity: the column the assignment probabilities were read from. */
  propensity_column?: string;
  /** With --strata: columns imbalanced between arms overall but not within strata, kept as features. */
  balanced_within_strata?: string[];
  /** With --on-error skip: rows left out for a problem (import result only; not stored). */
  skipped_rows?: number;
  rejects_file?: string | null;
  features: ExperimentFeatureInfo[];
  arms: ExperimentArm[];
  /** Covariate balance of every candidate feature; null for experiments imported before it existed. */
  balance: BalanceReport | null;
}

/**
 * Values read as missing in feature columns (case-insensitive), besides an empty cell: what R,
 * numpy and databases write, the dash and question mark of reports and UCI files, and Excel's error
 * values (a formula's #N/A or #DIV/0! left in an export). Before these, one "#N/A" among numbers
 * made the whole column categorical (thousands of one-row levels), and the model learnt nothing
 * from it.
 */
export const MISSING_TOKENS = [
  '',
  'na',
  'n/a',
  'nan',
  'null',
  'none',
  '-',
  '--',
  '?',
  '#n/a',
  '#na',
  '#null!',
  '#div/0!',
  '#value!',
  '#ref!',
  '#name?',
  '#num!',
] as const;
/**
 * Arm labels that are a missing value written out ("NaN" from R or numpy, "NULL" from a database
 * export): a row error, not an arm, unless the label is the --control value. "None" is not among
 * them: it is a plausible arm name ("no promotion").
 */
const MISSING_ARM_TOKENS = ['na', 'n/a', 'nan', 'null'] as const;
const MAX_ARMS = 50;

/** A cell that reads as +-infinity ("inf", "-Infinity", "1e999"); `raw` is a column reference. */
const infiniteSql = (raw: string) => `coalesce(isinf(TRY_CAST(trim(${raw}) AS DOUBLE)), false)`;
const missingSql = (raw: string) =>
  `(${raw} IS NULL OR lower(trim(${raw})) IN (${MISSING_TOKENS.map((t) => `'${t}'`).join(', ')}))`;
/**
 * Numbers as spreadsheets and shop exports write them. With a decimal point (the default): plain
 * numbers ("12.5", "1e-3"), and money with a currency sign and/or thousands separators in groups
 * of exactly three ("$1,234.50", "1,234", "-$5", "12.50 €"). With --decimal-comma: "1.234,50",
 * "12,5", "€ 12,50"; a point there is only a thousands separator, so "1.5" is refused. Anything
 * else is not a number: an outcome or revenue row error, or a categorical feature. The pattern and
 * the replacement are constants of ours; the cell only ever appears as a column reference.
 */
const CURRENCY = '[$€£¥]';
const MONEY_POINT = `^[+-]?${CURRENCY}?[[:space:]]?[+-]?([0-9]+|[0-9]{1,3}(,[0-9]{3})+)(\\.[0-9]+)?[[:space:]]?${CURRENCY}?$`;
const MONEY_COMMA = `^[+-]?${CURRENCY}?[[:space:]]?[+-]?([0-9]+|[0-9]{1,3}(\\.[0-9]{3})+)(,[0-9]+)?[[:space:]]?${CURRENCY}?$`;
const numberSqlFor = (decimalComma: boolean) => (raw: string) => {
  const t = `trim(${raw})`;
  if (decimalComma) {
    const v = `TRY_CAST(replace(regexp_replace(${t}, '${CURRENCY}|[[:space:]]|\\.', '', 'g'), ',', '.') AS DOUBLE)`;
    return `CASE WHEN regexp_matches(${t}, '${MONEY_COMMA}') AND isfinite(${v}) THEN ${v} END`;
  }
  const plain = `TRY_CAST(${t} AS DOUBLE)`;
  const money = `TRY_CAST(regexp_replace(${t}, '${CURRENCY}|[[:space:]]|,', '', 'g') AS DOUBLE)`;
  return `CASE WHEN isfinite(${plain}) THEN ${plain}
    WHEN regexp_matches(${t}, '${MONEY_POINT}') AND isfinite(${money}) THEN ${money} END`;
};
/** A missing value written out ("NaN", "NULL") is shown in its row error; an empty cell is not. */
const shownMissing = (raw: string) =>
  `CASE WHEN trim(${raw}) <> '' THEN ' (' || to_json(left(${raw}, 40))::VARCHAR || ')' ELSE '' END`;
/** Binary outcomes may be written 0/1, true/false or yes/no (any case). */
const outcomeSqlFor = (numberSql: (raw: string) => string) => (raw: string) =>
  `CASE WHEN lower(trim(${raw})) IN ('true', 'yes') THEN 1.0 WHEN lower(trim(${raw})) IN ('false', 'no') THEN 0.0 ELSE ${numberSql(raw)} END`;
/** An arm label as grouped: spacing collapsed, case ignored ("Mens E-Mail" = " mens  e-mail"). */
const armKeySql = (raw: string) => `lower(${armLabelSql(raw)})`;
const armLabelSql = (raw: string) => `trim(regexp_replace(${raw}, '[[:space:]]+', ' ', 'g'))`;
const armKey = (label: string) => label.replace(/\s+/g, ' ').trim().toLowerCase();

/**
 * Columns per statement where one expression per feature column is built. DuckDB's planning time
 * grows much faster than linearly with the number of such expressions in one SELECT (measured on
 * 10 rows: 20 columns 0.3 s, 80 columns 5.8 s, 160 columns 31 s), so a Lenta-wide file (193
 * columns) spent a minute planning whatever its row count; in batches it is a few seconds.
 */
const COLUMN_BATCH = 16;

/** Runs `statement` on consecutive slices of `items` (COLUMN_BATCH at a time), keeping each item's index. */
export async function inColumnBatches<T, R>(
  items: readonly T[],
  statement: (batch: [number, T][]) => Promise<R>,
): Promise<R[]> {
  const out: R[] = [];
  for (let from = 0; from < items.length; from += COLUMN_BATCH)
    out.push(
      await statement(items.slice(from, from + COLUMN_BATCH).map((item, i): [number, T] => [from + i, item])),
    );
  return out;
}

/** A one-column header that holds another delimiter: the file was read with the wrong one. */
function delimiterHint(columns: string[], used: string | undefined): string {
  if (columns.length !== 1 || used === undefined) return '';
  const other = [';', '\t', ',', '|'].find((d) => d !== used && (columns[0] as string).includes(d));
  if (!other) return '';
  const name = other === '\t' ? 'tab' : other;
  return ` (one column: the file looks ${name}-delimited, not ${used === '\t' ? 'tab' : used}-delimited; pass --delimiter '${name}' or leave --delimiter out)`;
}

/**
 * Imports the file under a bounded DuckDB memory (memory-limit.ts): past it, the staged rows and
 * the sorts and joins over them spill to disk instead of growing with the file.
 */
export async function importExperiment(
  store: Store,
  file: string,
  options: ExperimentImportOptions,
): Promise<ExperimentSummary> {
  return withMemoryLimit(store, importMemoryLimit(), () => importExperimentFile(store, file, options));
}

async function importExperimentFile(
  store: Store,
  file: string,
  options: ExperimentImportOptions,
): Promise<ExperimentSummary> {
  const format = detectFormat(file, options.format);
  if (options.strata?.length && options.propensity !== undefined)
    throw new InvalidInput(
      '--strata and --propensity both set the assignment probability; give one (--propensity if the file logs it, else --strata)',
      [{ name: 'strata', reason: 'not with --propensity' }],
    );
  const roles: [string, string | undefined][] = [
    ['--treatment', options.treatment],
    ['--outcome', options.outcome],
    ['--revenue', options.revenue],
    ['--id', options.id],
    ['--split-column', options.split],
    ['--propensity', options.propensity],
  ];
  const used = roles.filter(([, c]) => c !== undefined).map(([, c]) => c as string);
  if (new Set(used).size !== used.length) {
    throw new InvalidInput(
      `a column may play one role only (${roles
        .map(([f, c]) => (c ? `${f} ${c}` : ''))
        .filter(Boolean)
        .join(', ')})`,
      [{ name: 'columns', reason: 'one column named for two roles' }],
    );
  }
  const numberSql = numberSqlFor(options.decimalComma ?? false);
  const outcomeSql = outcomeSqlFor(numberSql);
  const otherNumberSql = numberSqlFor(!(options.decimalComma ?? false));
  const staged = await stageFile(store, file, format, {
    delimiter: options.delimiter,
    encoding: parseEncoding(options.encoding),
  });
  const rowsTable = tempName('experiment_rows_tmp');
  const baseTable = tempName('experiment_base');
  const partTables: string[] = [];
  const skip = options.onError === 'skip';
  // With --on-error skip: every problem of a row left out, for stderr and the rejects file.
  const skipped: RowError[] = [];
  try {
    if (staged.structuralErrors.length > 0 && skip) skipped.push(...staged.structuralErrors);
    else if (staged.structuralErrors.length > 0) {
      const errors = staged.structuralErrors.slice(0, MAX_REPORTED_ERRORS);
      throw rowErrors(
        file,
        errors,
        staged.structuralErrors.length,
        staged.structuralErrors.length,
        'nothing was imported (--on-error skip leaves such rows out)',
      );
    }
    for (const d of staged.duplicateHeaders ?? [])
      note(
        `import: column "${d}" appears more than once in the header (names compare without case); the repeats are read as ` +
          `${
            staged.columns
              .filter((c) => c.startsWith(`${d}_`))
              .map((c) => `"${c}"`)
              .join(', ') || 'renamed columns'
          }`,
      );
    // A name given with stray spaces (or a JSON key with them) still finds its column.
    // A name given with other case ("Promotion" for "promotion") finds its column when only one matches.
    const told = new Set<string>();
    const resolve = (name: string | undefined) => {
      if (name === undefined || staged.columns.includes(name)) return name;
      const spaced = staged.columns.find((c) => c.trim() === name.trim());
      if (spaced) return spaced;
      const cased = staged.columns.filter((c) => c.trim().toLowerCase() === name.trim().toLowerCase());
      if (cased.length === 1) {
        if (!told.has(name)) note(`import: column "${name}" taken as "${cased[0]}" (the file writes it so)`);
        told.add(name);
        return cased[0];
      }
      return name;
    };
    options = {
      ...options,
      treatment: resolve(options.treatment) as string,
      outcome: resolve(options.outcome) as string,
      revenue: resolve(options.revenue),
      id: resolve(options.id),
      split: resolve(options.split),
      propensity: resolve(options.propensity),
      strata: options.strata?.map((c) => resolve(c) as string),
    };
    for (const r of roles) r[1] = resolve(r[1]);
    const exclude = (options.exclude ?? []).map((c) => resolve(c) as string);
    const used = roles.filter(([, c]) => c !== undefined).map(([, c]) => c as string);
    const present = new Set(staged.columns);
    const missing: InvalidParam[] = [];
    for (const [flag, col] of roles) {
      if (col !== undefined && !present.has(col))
        missing.push({ name: `${file}:header:${col}`, reason: `column named by ${flag} is not in the file` });
    }
    for (const col of exclude) {
      if (!present.has(col))
        missing.push({
          name: `${file}:header:${col}`,
          reason: 'column named by --exclude is not in the file',
        });
    }
    for (const col of options.strata ?? []) {
      if (!present.has(col))
        missing.push({
          name: `${file}:header:${col}`,
          reason: 'column named by --strata is not in the file',
        });
      else if (used.includes(col))
        throw new InvalidInput(
          `--strata ${col}: the column plays another role (${roles.find(([, c]) => c === col)?.[0]}); a stratum is a pre-treatment column`,
          [{ name: 'strata', reason: `${col} is not a pre-treatment column` }],
        );
    }
    if (missing.length > 0) {
      throw new InvalidInput(
        `${file}: ${missing.map((m) => `"${m.name.split(':header:')[1]}" (${m.reason.replace('column named by ', '')})`).join(', ')} missing. ` +
          `Columns in the file: ${staged.columns.join(', ')}${delimiterHint(staged.columns, staged.delimiter)}`,
        missing,
      );
    }
    if (staged.rowCount === 0)
      throw new InvalidInput(`${file} has no rows`, [{ name: `${file}:1:*`, reason: 'no data rows' }]);
    const col = (name: string) => `s.${quoteIdent(name)}`;
    const t = col(options.treatment);
    // --drop-arms: those rows leave the staged file before anything is checked or counted.
    const droppedArms: { label: string; count: number }[] = [];
    const countRows = async () =>
      Number((await store.query<{ n: number }>(`SELECT count(*)::INTEGER AS n FROM ${staged.table}`))[0]?.n);
    let total = skip ? await countRows() : staged.rowCount;
    if (options.dropArms?.length) {
      const keys = [...new Set(options.dropArms.map(armKey))];
      const found = await store.query<{ key: string; label: string; n: number }>(
        `SELECT ${armKeySql(t)} AS key, mode(${armLabelSql(t)}) AS label, count(*)::INTEGER AS n FROM ${staged.table} s
         WHERE ${armKeySql(t)} IN (SELECT unnest($1::VARCHAR[])) GROUP BY ALL ORDER BY label`,
        [JSON.stringify(keys)],
      );
      const unknown = options.dropArms.filter((d) => !found.some((f) => f.key === armKey(d)));
      if (unknown.length) {
        const seen = await store.query<{ label: string; n: number }>(
          `SELECT mode(${armLabelSql(t)}) AS label, count(*)::INTEGER AS n FROM ${staged.table} s
           WHERE ${t} IS NOT NULL GROUP BY ${armKeySql(t)} ORDER BY label LIMIT ${MAX_ARMS + 1}`,
        );
        throw new InvalidInput(
          `${file}: --drop-arms ${unknown.map((u) => JSON.stringify(u)).join(', ')} does not occur in column "${options.treatment}" ` +
            `(values: ${seen.map((v) => `${v.label} (${v.n})`).join(', ')})`,
          unknown.map((u) => ({ name: 'drop-arms', reason: `${JSON.stringify(u)} is not an arm label` })),
        );
      }
      await store.run(
        `DELETE FROM ${staged.table} s WHERE ${armKeySql(t)} IN (SELECT unnest($1::VARCHAR[]))`,
        [JSON.stringify(keys)],
      );
      for (const f of found) {
        droppedArms.push({ label: f.label, count: Number(f.n) });
        total -= Number(f.n);
        note(`import: arm "${f.label}" left out (--drop-arms): ${Number(f.n)} rows`);
      }
      if (total === 0)
        throw new InvalidInput(`${file}: --drop-arms leaves no rows`, [
          { name: 'drop-arms', reason: 'every row dropped' },
        ]);
    }
    if (options.split) await normaliseSplit(store, file, staged.table, options.split, options.testValues);
    const missingArm = `lower(trim(${t})) IN (${MISSING_ARM_TOKENS.map((x) => `'${x}'`).join(', ')}) AND ${armKeySql(t)} <> $3`;
    const checks = [
      `SELECT __row, $1 AS c, CASE WHEN ${t} IS NULL OR ${armLabelSql(t)} = '' THEN 'missing arm label'
         ELSE 'missing arm label: ' || to_json(${armLabelSql(t)})::VARCHAR || ' is a missing value, not an arm (pass it as --control if it is one)' END AS reason
       FROM ${staged.table} s WHERE ${t} IS NULL OR ${armLabelSql(t)} = '' OR (${missingArm})`,
      `SELECT __row, $2, CASE WHEN ${missingSql(col(options.outcome))} THEN 'missing outcome' || ${shownMissing(col(options.outcome))}
         ELSE 'outcome must be numeric or binary (0/1, true/false, yes/no): ' || to_json(left(${col(options.outcome)}, 40))::VARCHAR ||
           CASE WHEN (${otherNumberSql(col(options.outcome))}) IS NOT NULL THEN ${
             options.decimalComma
               ? "' (a number with a decimal point: drop --decimal-comma)'"
               : "' (a number with a decimal comma: pass --decimal-comma)'"
           } ELSE '' END END
       FROM ${staged.table} s WHERE (${outcomeSql(col(options.outcome))}) IS NULL`,
    ];
    const params: string[] = [options.treatment, options.outcome, armKey(options.control)];
    if (options.revenue) {
      params.push(options.revenue);
      const r = col(options.revenue);
      checks.push(`SELECT __row, $${params.length}, CASE WHEN ${missingSql(r)} THEN 'missing revenue' || ${shownMissing(r)}
         ELSE 'revenue must be a number${
           options.decimalComma
             ? ' written with a decimal comma (--decimal-comma: 1.234,50 or 12,5)'
             : ' (12.5, 1,234.50 or $1,234.50; pass --decimal-comma for 1.234,50)'
         }: ' || to_json(left(${r}, 40))::VARCHAR END
       FROM ${staged.table} s WHERE (${numberSql(r)}) IS NULL`);
    }
    if (options.split) {
      params.push(options.split);
      const sp = col(options.split);
      checks.push(`SELECT __row, $${params.length}, 'split must be train or test (or name the held-out value with --test-value), not ' || coalesce(to_json(left(${sp}, 40))::VARCHAR, 'empty')
       FROM ${staged.table} s WHERE ${sp} IS NULL OR lower(trim(${sp})) NOT IN ('train', 'test')`);
    }
    if (options.propensity) {
      params.push(options.propensity);
      const pr = col(options.propensity);
      // IPW divides by it: a 0, a missing value or a percentage (90 for 0.9) would each give
      // infinite or wrong weights, so each is its row's error.
      checks.push(`SELECT __row, $${params.length}, CASE WHEN ${missingSql(pr)} THEN 'missing assignment probability' || ${shownMissing(pr)}
         WHEN (${numberSql(pr)}) IS NULL THEN 'assignment probability must be a number: ' || to_json(left(${pr}, 40))::VARCHAR
         WHEN (${numberSql(pr)}) > 1 AND (${numberSql(pr)}) <= 100 THEN 'assignment probability must be in (0, 1], not ' || (${numberSql(pr)})::VARCHAR || ' (a percentage? divide by 100)'
         ELSE 'assignment probability must be in (0, 1] (the probability of the arm the row received), not ' || (${numberSql(pr)})::VARCHAR END
       FROM ${staged.table} s WHERE (${numberSql(pr)}) IS NULL OR NOT ((${numberSql(pr)}) > 0 AND (${numberSql(pr)}) <= 1)`);
    }
    if (options.id) {
      params.push(options.id);
      const id = col(options.id);
      const p = `$${params.length}`;
      checks.push(
        `SELECT __row, ${p}, 'missing id' FROM ${staged.table} s WHERE ${id} IS NULL OR trim(${id}) = ''`,
      );
      checks.push(`SELECT __row, ${p}, 'duplicate id ' || to_json(left(id, 40))::VARCHAR || ' (first in row ' || first_row || ')'
        FROM (SELECT __row, ${id} AS id, min(__row) OVER (PARTITION BY trim(${id})) AS first_row FROM ${staged.table} s
              WHERE ${id} IS NOT NULL AND trim(${id}) <> '')
        WHERE __row <> first_row`);
    }
    const errors = await store.query<{ __row: number; c: string; reason: string }>(
      `SELECT __row, c, reason FROM (${checks.join(' UNION ALL ')}) ORDER BY __row, c LIMIT ${MAX_REPORTED_ERRORS + 1}`,
      params,
    );
    if (errors.length > 0 && skip) {
      const all = await store.query<{ __row: number; c: string; reason: string }>(
        `SELECT __row, c, reason FROM (${checks.join(' UNION ALL ')}) ORDER BY __row, c`,
        params,
      );
      skipped.push(...all.map((e) => ({ row: Number(e.__row), column: e.c, reason: e.reason })));
      await store.run(
        `DELETE FROM ${staged.table} WHERE __row IN (SELECT __row FROM (${checks.join(' UNION ALL ')}))`,
        params,
      );
      total = await countRows();
    } else if (errors.length > 0) {
      const [{ n, r }] = await store.query<{ n: number; r: number }>(
        `SELECT count(*) AS n, count(DISTINCT __row) AS r FROM (${checks.join(' UNION ALL ')})`,
        params,
      );
      const list: RowError[] = errors
        .slice(0, MAX_REPORTED_ERRORS)
        .map((e) => ({ row: Number(e.__row), column: e.c, reason: e.reason }));
      // A spreadsheet's totals or notes row at the end ("Total;;1.234,50;;") has no arm label: say
      // so, since the file is otherwise fine and --on-error skip is exactly the way out.
      const bad = [...new Set(list.map((e) => e.row))];
      const [{ last }] = await store.query<{ last: number }>(
        `SELECT max(__row)::INTEGER AS last FROM ${staged.table}`,
      );
      const footer =
        Number(r) === bad.length &&
        bad.length <= 3 &&
        bad.every((row, i) => row === Number(last) - bad.length + 1 + i) &&
        bad.every((row) => list.some((e) => e.row === row && e.reason.startsWith('missing arm label')));
      throw rowErrors(
        file,
        list,
        r,
        n,
        footer
          ? `nothing was imported: the last ${bad.length === 1 ? 'row has' : `${bad.length} rows have`} no arm label (a totals or notes row?); --on-error skip leaves ${bad.length === 1 ? 'it' : 'them'} out`
          : 'nothing was imported (--on-error skip leaves such rows out)',
      );
    }
    const skippedRows = new Set(skipped.map((e) => e.row)).size;
    if (skip && skipped.length) {
      skipped.sort((a, b) => a.row - b.row);
      note(
        `import: ${skippedRows} row(s) with problems left out (--on-error skip)${options.rejects ? `, listed in ${options.rejects}` : ''}; ` +
          `first: ${skipped
            .slice(0, 5)
            .map((e) => `${basename(file)}:${e.row}:${e.column}: ${e.reason}`)
            .join('; ')}`,
      );
      if (total === 0)
        throw new InvalidInput(`${file}: every row has a problem; nothing was imported`, [
          { name: `${file}:*:*`, reason: 'no good rows' },
        ]);
    }
    if (skip && options.rejects) {
      const byRow = new Map<number, { column: string; reason: string }[]>();
      for (const e of skipped)
        byRow.set(e.row, [...(byRow.get(e.row) ?? []), { column: e.column, reason: e.reason }]);
      writeFileSync(
        options.rejects,
        [...byRow]
          .map(([row, errors]) => `${JSON.stringify({ file: basename(file), row, errors })}\n`)
          .join(''),
      );
    }
    // Arms: control first (index 0), the others by label. Labels that differ only in case or
    // spacing are one arm, shown in their most frequent spelling (a hand-typed "mens e-mail" among
    // "Mens E-Mail" is the same campaign, not a fourth arm).
    const spellings = await store.query<{ key: string; label: string; n: number }>(
      `SELECT ${armKeySql(t)} AS key, ${armLabelSql(t)} AS label, count(*) AS n FROM ${staged.table} s
       GROUP BY ALL ORDER BY key, n DESC, label`,
    );
    const labels: { key: string; label: string; n: number; spellings: string[] }[] = [];
    for (const sp of spellings) {
      const last = labels[labels.length - 1];
      if (last?.key === sp.key) {
        last.n += Number(sp.n);
        last.spellings.push(sp.label);
      } else labels.push({ key: sp.key, label: sp.label, n: Number(sp.n), spellings: [] });
    }
    labels.sort((a, b) => (a.label < b.label ? -1 : a.label > b.label ? 1 : 0));
    for (const l of labels)
      if (l.spellings.length)
        note(
          `import: arm "${l.label}" is also written ${l.spellings.map((x) => JSON.stringify(x)).join(', ')}; counted as one arm`,
        );
    if (labels.length > MAX_ARMS) {
      throw new InvalidInput(
        `${file}: column "${options.treatment}" has ${labels.length} distinct values; is it the treatment column?`,
        [{ name: 'treatment', reason: `more than ${MAX_ARMS} arms` }],
      );
    }
    // "--control 0" on a column written 0.0 / 1.0 (a float column saved by pandas) means the 0.0 arm.
    const asNumber = options.control.trim() === '' ? Number.NaN : Number(options.control);
    const control =
      labels.find((l) => l.key === armKey(options.control)) ??
      (Number.isFinite(asNumber) ? labels.find((l) => Number(l.label) === asNumber) : undefined);
    if (control && control.key !== armKey(options.control))
      note(
        `import: --control "${options.control}" taken as the arm written "${control.label}" (the same number)`,
      );
    if (!control) {
      throw new InvalidInput(
        `${file}: control value "${options.control}" does not occur in column "${options.treatment}" (values: ${labels.map((l) => `${l.label} (${l.n})`).join(', ')})`,
        [{ name: 'control', reason: 'not among the arm labels' }],
      );
    }
    if (labels.length < 2) {
      throw new InvalidInput(
        `${file}: column "${options.treatment}" has only the control arm; an experiment needs a treated arm`,
        [{ name: 'treatment', reason: 'a single arm' }],
      );
    }
    const ordered = [control, ...labels.filter((l) => l !== control)];
    const arms: ExperimentArm[] = ordered.map((l, index) => ({
      index,
      label: l.label,
      count: l.n,
      share: l.n / total,
      ...(l.spellings.length ? { spellings: l.spellings } : {}),
    }));
    // Features: every other column; numeric when every present value is a finite number.
    const roleSet = new Set([...used, ...exclude]);
    const featureNames = staged.columns.filter((c) => !roleSet.has(c));
    const stats: Record<string, number | boolean | null> = Object.assign(
      {},
      ...(await inColumnBatches(featureNames, async (batch) => {
        const [r] = await store.query<Record<string, number | boolean | null>>(
          `SELECT ${batch
            .map(([j, f]) => {
              const raw = col(f);
              return `count(*) FILTER (WHERE NOT ${missingSql(raw)}) AS p${j},
                  count(*) FILTER (WHERE NOT ${missingSql(raw)} AND (${numberSql(raw)}) IS NOT NULL) AS n${j},
                  count(*) FILTER (WHERE NOT ${missingSql(raw)} AND ${infiniteSql(raw)}) AS i${j},
                  min(trim(${raw})) FILTER (WHERE NOT ${missingSql(raw)}) = max(trim(${raw})) FILTER (WHERE NOT ${missingSql(raw)}) AS u${j}`;
            })
            .join(', ')} FROM ${staged.table} s`,
        );
        return r;
      })),
    );
    // A column with one value in every row (Lenta's all-1 flags) or none at all separates no one: not
    // a feature. One value plus missing cells is kept: present vs missing may matter.
    const constant = featureNames.filter(
      (_, j) => Number(stats[`p${j}`]) === 0 || (Number(stats[`p${j}`]) === total && stats[`u${j}`] === true),
    );
    for (const name of constant)
      note(
        `import: "${name}" has ${stats[`p${featureNames.indexOf(name)}`] ? 'one value in every row' : 'no values'}; not a feature`,
      );
    // Infinities (numpy's inf, a log of 0, "1e999") in a column of numbers are missing values of a
    // numeric feature: a tree cannot split on them, and as text they made the column categorical.
    const infinite = (j: number) => Number(stats[`i${j}`]);
    const numeric = (j: number) =>
      Number(stats[`p${j}`]) === Number(stats[`n${j}`]) ||
      (Number(stats[`n${j}`]) > 0 && Number(stats[`p${j}`]) === Number(stats[`n${j}`]) + infinite(j));
    const candidates: ExperimentFeatureInfo[] = featureNames
      .map(
        (name, j): ExperimentFeatureInfo => ({
          name,
          kind: numeric(j) ? 'numeric' : 'categorical',
          column: `f_${j}`,
          missing: total - Number(stats[`p${j}`]) + (numeric(j) ? infinite(j) : 0),
        }),
      )
      .filter((f) => !constant.includes(f.name));
    for (const [j, name] of featureNames.entries())
      if (numeric(j) && infinite(j) > 0 && !constant.includes(name))
        note(`import: feature "${name}" has ${infinite(j)} infinite value(s) (inf, -inf); read as missing`);
    // A semicolon file is European; there "1.234" is one thousand two hundred and thirty-four. A
    // numeric column whose every point is followed by exactly three digits, and which has no other
    // decimals, is read as 1.234 without --decimal-comma: its order is then wrong (1.234 < 950), so say so.
    if (!options.decimalComma && staged.delimiter === ';') {
      const numericNames = candidates.filter((f) => f.kind === 'numeric');
      const thousands: Record<string, number> = Object.assign(
        {},
        ...(await inColumnBatches(numericNames, async (batch) => {
          const [r] = await store.query<Record<string, number>>(
            `SELECT ${batch
              .map(([k, f]) => {
                const v = `trim(${col(f.name)})`;
                return `count(*) FILTER (WHERE regexp_full_match(${v}, '[+-]?[1-9][0-9]{0,2}(\\.[0-9]{3})+')) AS g${k},
                  count(*) FILTER (WHERE contains(${v}, '.') AND NOT regexp_full_match(${v}, '[+-]?[1-9][0-9]{0,2}(\\.[0-9]{3})+')) AS d${k}`;
              })
              .join(', ')} FROM ${staged.table} s`,
          );
          return r;
        })),
      );
      for (const [k, f] of numericNames.entries())
        if (Number(thousands[`g${k}`]) > 0 && Number(thousands[`d${k}`]) === 0)
          note(
            `import: feature "${f.name}" of this semicolon file writes ${Number(thousands[`g${k}`])} value(s) like "1.234" and no other ` +
              'decimals: read as 1.234 (a decimal point); if the point separates thousands, pass --decimal-comma',
          );
    }
    // Dates (X5's first_issue_date, "2017-08-05 15:44:00") are all-distinct text as categories;
    // as days since 1970 a tree can split them. ISO 8601, or one of the spreadsheet formats of
    // date-formats.ts when exactly one reading fits every value of the column.
    const dateSql = (raw: string) =>
      `CASE WHEN regexp_matches(trim(${raw}), '^[0-9]{4}-[0-9]{2}-[0-9]{2}') THEN ${convertSql(raw, 'TIMESTAMP')} END`;
    // try_strptime with a list of patterns costs ~4 µs a value even where nothing fits, six
    // formats per text column: 21 s of a 24 s import of 50,000 X5 rows (2026-11-28), and every
    // category (zip_code, "2) $100 - $200") paid it too. Only values shaped like one of the formats
    // (digits, separator, digits, separator, digits) are tried, behind a CASE (DuckDB evaluates
    // both sides of an AND in a FILTER); an ISO date (4 digits and a dash)
    // reads in none of them: no format starts with a year but YYYY/MM/DD, and 4 digits are no day
    // or month.
    const textDateShape = (raw: string) =>
      `regexp_matches(trim(${raw}), '^[0-9]+[/.-][0-9]+[/.-][0-9]+') AND NOT regexp_matches(trim(${raw}), '^[0-9]{4}-')`;
    const dateFormats = new Map<string, TextDateFormat>();
    // A column that is numbers in the other decimal convention is almost surely meant as numbers.
    // j: the column's place among featureNames, which the stats are keyed by.
    const categorical = candidates
      .map((f) => [featureNames.indexOf(f.name), f] as const)
      .filter(([j, f]) => f.kind === 'categorical' && Number(stats[`p${j}`]) > 0);
    const other: Record<string, number> = Object.assign(
      {},
      ...(await inColumnBatches(categorical, async (batch) => {
        const [r] = await store.query<Record<string, number>>(
          `SELECT ${batch
            .map(([, [j, f]]) => {
              const raw = col(f.name);
              const present = `NOT ${missingSql(raw)}`;
              return [
                `count(*) FILTER (WHERE ${present} AND (${otherNumberSql(raw)}) IS NOT NULL) AS o${j}`,
                `count(*) FILTER (WHERE ${present} AND (${dateSql(raw)}) IS NOT NULL) AS d${j}`,
                ...TEXT_DATE_FORMATS.map(
                  (fmt, k) =>
                    `count(*) FILTER (WHERE ${present} AND (CASE WHEN ${textDateShape(raw)} THEN ${textDateSql(raw, fmt)} END) IS NOT NULL) AS t${j}_${k}`,
                ),
                `approx_count_distinct(trim(${raw})) FILTER (WHERE ${present}) AS v${j}`,
              ].join(', ');
            })
            .join(', ')} FROM ${staged.table} s`,
        );
        return r;
      })),
    );
    for (const [j, f] of categorical) {
      const present = Number(stats[`p${j}`]);
      const textDate = pickDateFormat(
        TEXT_DATE_FORMATS.map((_, k) => Number(other[`t${j}_${k}`])),
        present,
      );
      if (Number(other[`d${j}`]) === present) {
        f.kind = 'numeric';
        f.parsed_from = 'date';
      } else if (textDate && 'format' in textDate) {
        f.kind = 'numeric';
        f.parsed_from = 'date';
        f.date_format = textDate.format.name;
        dateFormats.set(f.name, textDate.format);
        note(`import: feature "${f.name}" read as dates written ${textDate.format.name} (days since 1970)`);
      } else if (textDate)
        note(
          `import: feature "${f.name}" holds dates that read as ${textDate.ambiguous.join(' and as ')} alike ` +
            '(no day above 12); kept as text: write them as ISO 8601 (2017-06-03) to use them as dates',
        );
      else if (Number(other[`o${j}`]) === present)
        note(
          `import: feature "${f.name}" is read as categorical but every value is a number written with a decimal ` +
            `${options.decimalComma ? 'point; drop --decimal-comma' : 'comma; pass --decimal-comma'} to read it as numeric`,
        );
      else if (present >= 20 && Number(stats[`n${j}`]) + infinite(j) >= 0.9 * present) {
        // Nearly all numbers: a few odd cells ("n.a.", "12%", "unknown") made the whole column
        // categorical, where its numbers are one-row levels a tree cannot split on. Say which.
        const odd = await store.query<{ v: string; n: number }>(
          `SELECT left(trim(${col(f.name)}), 40) AS v, count(*)::INTEGER AS n FROM ${staged.table} s
           WHERE NOT ${missingSql(col(f.name))} AND (${numberSql(col(f.name))}) IS NULL AND NOT ${infiniteSql(col(f.name))}
           GROUP BY 1 ORDER BY n DESC, v LIMIT 3`,
        );
        note(
          `import: feature "${f.name}" is read as categorical because ${present - Number(stats[`n${j}`]) - infinite(j)} of its ` +
            `${present} values are not numbers (${odd.map((o) => `${JSON.stringify(o.v)} ${o.n}x`).join(', ')}); ` +
            'as categories its numbers cannot be split on: clean those cells (or empty them) to read it as numeric',
        );
      } else if (present >= 100 && Number(other[`v${j}`]) >= 0.5 * present)
        note(
          `import: feature "${f.name}" has about ${Math.min(Number(other[`v${j}`]), present)} distinct values in ${present} rows (an id, free ` +
            'text, or dates in mixed formats?); as a category only its values on many rows can be told apart; --exclude it if it is not a feature',
        );
    }
    const featureSelect = candidates.map((f) => {
      const raw = col(f.name);
      const textDate = dateFormats.get(f.name);
      if (f.parsed_from === 'date')
        return `CASE WHEN ${missingSql(raw)} THEN NULL ELSE epoch(${textDate ? textDateSql(raw, textDate) : dateSql(raw)}) / 86400.0 END AS ${f.column}`;
      return f.kind === 'numeric'
        ? `CASE WHEN ${missingSql(raw)} THEN NULL ELSE ${numberSql(raw)} END AS ${f.column}`
        : // Spaces around a category are an export's, not a level of their own ("North " is North).
          `CASE WHEN ${missingSql(raw)} THEN NULL ELSE trim(${raw}) END AS ${f.column}`;
    });
    const select = [
      's.__row AS row_no',
      options.id ? `trim(${col(options.id)}) AS id` : 'CAST(s.__row AS VARCHAR) AS id',
      'm.idx AS arm',
      `${outcomeSql(col(options.outcome))} AS outcome`,
      options.revenue ? `${numberSql(col(options.revenue))} AS revenue` : 'CAST(NULL AS DOUBLE) AS revenue',
      options.split ? `lower(trim(${col(options.split)})) AS split` : 'CAST(NULL AS VARCHAR) AS split',
      ...(options.propensity ? [`${numberSql(col(options.propensity))} AS propensity`] : []),
      // A stratum is the combination of the columns' values as written (trimmed); a missing value
      // is NULL, and PARTITION BY / GROUP BY put NULLs together: missing is a stratum of its own.
      ...(options.strata ?? []).map(
        (c, k) => `CASE WHEN ${missingSql(col(c))} THEN NULL ELSE trim(${col(c)}) END AS st_${k}`,
      ),
    ];
    // Arm labels are user text: they reach SQL as one JSON parameter, never pasted in.
    const mapping = JSON.stringify(ordered.map((l, idx) => ({ key: l.key, idx })));
    await store.run(
      `CREATE TEMP TABLE ${baseTable} AS SELECT ${select.join(', ')}
       FROM ${staged.table} s JOIN (SELECT m.key, m.idx FROM (SELECT unnest(json_transform($1::JSON, '[{"key":"VARCHAR","idx":"INTEGER"}]')) AS m)) m
         ON m.key = ${armKeySql(t)}`,
      [mapping],
    );
    // The features in batches of columns (see COLUMN_BATCH), joined back by row number.
    await inColumnBatches(featureSelect, async (batch) => {
      const part = tempName('experiment_part');
      partTables.push(part);
      await store.run(
        `CREATE TEMP TABLE ${part} AS SELECT s.__row AS row_no, ${batch.map(([, e]) => e).join(', ')} FROM ${staged.table} s`,
      );
    });
    const strata = options.strata ?? [];
    const strataCount = strata.length ? await checkPositivity(store, file, baseTable, strata, ordered) : 0;
    const stratumKey = strata.map((_, k) => `b.st_${k}`).join(', ');
    // With --strata, the probability of a row's arm is the arm's share of the row's stratum: in a
    // test randomised within strata that is the design's probability (or its estimate from the
    // realised counts, which gives IPW at least as small a variance: Hirano, Imbens & Ridder 2003,
    // Econometrica 71(4)).
    const strataPropensity = strata.length
      ? `, (count(*) OVER (PARTITION BY ${stratumKey}, b.arm))::DOUBLE / count(*) OVER (PARTITION BY ${stratumKey}) AS propensity`
      : '';
    await store.run(
      `CREATE TEMP TABLE ${rowsTable} AS SELECT b.*${strataPropensity}${partTables.map((_, i) => `, p${i}.* EXCLUDE (row_no)`).join('')}
       FROM ${baseTable} b${partTables.map((p, i) => ` JOIN ${p} p${i} ON p${i}.row_no = b.row_no`).join('')}
       ORDER BY b.row_no`,
    );
    // One outcome value in every row (the wrong column named, or a file cut to the converters
    // only) leaves an uplift model nothing to learn: every arm's effect would be estimated as 0.
    const [range] = await store.query<{ lo: number; hi: number }>(
      `SELECT min(outcome) AS lo, max(outcome) AS hi FROM ${rowsTable}`,
    );
    if (Number(range.lo) === Number(range.hi))
      throw new InvalidInput(
        `${file}: the outcome column "${options.outcome}" is ${Number(range.lo)} in every one of the ${total} rows; ` +
          'an uplift model learns from rows with different outcomes (is it the right column?); nothing was imported',
        [
          {
            name: `${file}:*:${options.outcome}`,
            reason: `constant outcome (${Number(range.lo)} in every row)`,
          },
        ],
      );
    // A numeric column equal to the row number (0- or 1-based) in every row is a row index — pandas
    // writes one, unnamed, with to_csv — or a sequential id: never a feature. At least 20 rows, so a
    // tiny hand-made file's 1, 2, 3 is not mistaken for one.
    const rowIndex: string[] = [];
    const numericCandidates = candidates.filter((f) => f.kind === 'numeric' && f.missing === 0);
    if (total >= 20 && numericCandidates.length) {
      const hits: Record<string, number> = Object.assign(
        {},
        ...(await inColumnBatches(numericCandidates, async (batch) => {
          const [r] = await store.query<Record<string, number>>(
            `SELECT ${batch
              .map(
                ([j, f]) =>
                  `count(*) FILTER (WHERE ${f.column} = row_no - 1) AS z${j}, count(*) FILTER (WHERE ${f.column} = row_no) AS o${j}`,
              )
              .join(', ')} FROM ${rowsTable}`,
          );
          return r;
        })),
      );
      for (const [j, f] of numericCandidates.entries())
        if (Number(hits[`z${j}`]) === total || Number(hits[`o${j}`]) === total) rowIndex.push(f.name);
      for (const name of rowIndex)
        note(`import: "${name}" is the row number in every row (a saved row index?); not a feature`);
      if (options.id === undefined)
        for (const name of await risingIdColumns(
          store,
          rowsTable,
          numericCandidates.filter((f) => !rowIndex.includes(f.name)),
          total,
        ))
          note(
            `import: "${name}" holds a different whole number in every row, rising with the row (an id?): it is a feature, ` +
              `and the scores are keyed by row number; pass --id ${JSON.stringify(name)} to key them by it (an id is no feature)`,
          );
    }
    // With logged probabilities the arms are compared after weighting each row by 1 / its
    // probability (weighted-balance.ts): a column the probabilities depend on then differs between
    // arms by chance only, while a leaked outcome still differs by the treatment's effect.
    const balance = await covariateBalance(
      store,
      rowsTable,
      arms.map((a) => a.label),
      candidates.filter((f) => !rowIndex.includes(f.name)),
      options.propensity ? { weight: '1.0 / propensity' } : {},
    );
    const balancedWithin = strata.length
      ? await balancedWithinStrata(store, rowsTable, strata, strataCount, arms, candidates, balance)
      : [];
    for (const name of balancedWithin)
      note(
        `import: "${name}" differs between arms overall but not within the strata of --strata ${strata.join(',')} ` +
          '(it differs between strata, which were given different rates): kept as a feature',
      );
    const imbalanced = balance.features.filter((b) => b.imbalanced);
    const keep = options.keepImbalanced ?? false;
    // Strata columns differ between arms by design: their levels were given different rates.
    const byDesign = new Set(strata);
    const dropped = new Set(keep ? [] : imbalanced.map((b) => b.feature).filter((f) => !byDesign.has(f)));
    for (const b of imbalanced) {
      if (byDesign.has(b.feature)) {
        note(
          `import: "${b.feature}" differs between arms (a stratum column, --strata): kept as a feature; ` +
            "the assignment probabilities are the arms' shares within each stratum",
        );
        continue;
      }
      const worst = b.arms.reduce((w, a) => (a.imbalanced && Math.abs(a.smd) > Math.abs(w.smd) ? a : w));
      note(
        `import: "${b.feature}" differs between arms far beyond chance (${worst.arm} vs ${control.label}: ` +
          `SMD ${worst.smd}, p ${worst.p.toExponential(2)}${worst.level !== undefined ? `, level ${JSON.stringify(worst.level)}` : ''}` +
          `${worst.test === 'missing_share' ? ', share missing' : ''}); a post-treatment column or a broken randomisation? ` +
          // A test randomised at other rates per country or segment looks the same, and there
          // the column is the one to keep: say what either reading costs.
          (worst.test === 'levels' && !strata.length && !options.propensity
            ? `Or arms assigned at different rates by its levels (a stratified test): then pass --strata ${JSON.stringify(b.feature)}, ` +
              "which keeps it as a feature and takes each arm's share within each level as the assignment probability " +
              '(without it the evaluation takes one share per arm for every row, and its values are biased). '
            : '') +
          // Under --strata a column whose values differ between strata differs between arms
          // overall (the check within strata clears it, up to MAX_BALANCE_STRATA strata). Under
          // --propensity the check is weighted, so what is flagged differs after weighting.
          (options.propensity
            ? 'The arms were compared weighted by 1 / --propensity, so the probabilities do not explain it. '
            : '') +
          (strata.length && strataCount > MAX_BALANCE_STRATA
            ? `With --strata, arms also differ on any column that differs between strata (with more than ${MAX_BALANCE_STRATA} strata the check is not repeated within them): if "${b.feature}" is pre-treatment, keep it with --keep-imbalanced. `
            : '') +
          (keep
            ? 'kept as a feature (--keep-imbalanced)'
            : 'excluded from the features (--keep-imbalanced keeps it)'),
      );
    }
    const features = candidates.filter((f) => !dropped.has(f.name) && !rowIndex.includes(f.name));
    // An arm-and-outcome file (X5 RetailHero's uplift_train.csv, whose client features are in
    // clients.csv) imports and trains, but only into one arm for everyone: say why, and the way out.
    if (!features.length)
      note(
        'import: no feature column (every column is the arm, outcome, id, split or excluded): `aether train` can only ' +
          'recommend one arm to everyone. Features kept in another file keyed by the id (X5 RetailHero: clients.csv ' +
          'on client_id) must be joined to this one first (docs/data-import.md, "Real experiment shapes")',
      );
    const perRow = strata.length > 0 || options.propensity !== undefined;
    const stored = [
      'row_no',
      'id',
      'arm',
      'outcome',
      'revenue',
      'split',
      ...(perRow ? ['propensity'] : []),
      ...features.map((f) => f.column),
    ];
    return await store.transaction(async (tx) => {
      const [{ n }] = await tx.query<{ n: number }>("SELECT nextval('experiment_seq') AS n");
      const experimentId = `exp_${String(n).padStart(4, '0')}`;
      const table = `experiment_rows_${String(n).padStart(4, '0')}`;
      // rowsTable was made in row order and DuckDB keeps insertion order: no second sort (the
      // readers check the order, rowOrder below).
      await tx.run(`CREATE TABLE ${table} AS SELECT ${stored.join(', ')} FROM ${rowsTable}`);
      const summary: ExperimentSummary = {
        experiment_id: experimentId,
        name: options.name ?? basename(file),
        source_file: file,
        format,
        imported_at: new Date().toISOString(),
        row_count: total,
        treatment_column: options.treatment,
        control_value: control.label,
        outcome_column: options.outcome,
        revenue_column: options.revenue ?? null,
        id_column: options.id ?? null,
        split_column: options.split ?? null,
        ...(options.split && options.testValues?.length ? { split_test_values: options.testValues } : {}),
        excluded_columns: exclude,
        excluded_imbalanced: [...dropped],
        kept_imbalanced: keep ? imbalanced.map((b) => b.feature) : [],
        excluded_row_index: rowIndex,
        excluded_constant: constant,
        dropped_arms: droppedArms,
        ...(strata.length
          ? { strata_columns: strata, strata_count: strataCount, balanced_within_strata: balancedWithin }
          : {}),
        ...(options.propensity ? { propensity_column: options.propensity } : {}),
        ...(skip ? { skipped_rows: skippedRows, rejects_file: options.rejects ?? null } : {}),
        features,
        arms,
        balance,
      };
      await tx.run(
        `INSERT INTO experiments (experiment_id, name, source_file, imported_at, rows_table, row_count,
           treatment_column, control_value, outcome_column, revenue_column, id_column, split_column,
           excluded_columns, features, arms, balance)
         VALUES ($1, $2, $3, $4::TIMESTAMP, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16)`,
        [
          experimentId,
          summary.name,
          file,
          summary.imported_at,
          table,
          total,
          summary.treatment_column,
          summary.control_value,
          summary.outcome_column,
          summary.revenue_column,
          summary.id_column,
          summary.split_column,
          JSON.stringify(exclude),
          JSON.stringify(features),
          JSON.stringify(arms),
          JSON.stringify({
            ...balance,
            excluded_imbalanced: summary.excluded_imbalanced,
            kept_imbalanced: summary.kept_imbalanced,
            excluded_row_index: rowIndex,
            excluded_constant: constant,
            dropped_arms: droppedArms,
            ...(summary.split_test_values ? { split_test_values: summary.split_test_values } : {}),
            ...(summary.strata_columns
              ? {
                  strata_columns: summary.strata_columns,
                  strata_count: summary.strata_count,
                  balanced_within_strata: summary.balanced_within_strata,
                }
              : {}),
            ...(summary.propensity_column ? { propensity_column: summary.propensity_column } : {}),
          }),
        ],
      );
      return summary;
    });
  } finally {
    await store.run(`DROP TABLE IF EXISTS ${staged.table}`);
    for (const x of [rowsTable, baseTable, ...partTables]) await store.run(`DROP TABLE IF EXISTS ${x}`);
  }
}

/**
 * Numeric columns holding a different whole number in every row, strictly rising with the row
 * (Starbucks' ID 1, 3, 7, 10, …: an id with gaps, which the row-number check does not catch).
 * A cheap necessary test first (whole numbers, a range of at least rows - 1), then the order.
 */
async function risingIdColumns(
  store: Store,
  rowsTable: string,
  columns: { name: string; column: string }[],
  total: number,
): Promise<string[]> {
  const span: Record<string, number> = Object.assign(
    {},
    ...(await inColumnBatches(columns, async (batch) => {
      const [r] = await store.query<Record<string, number>>(
        `SELECT ${batch
          .map(
            ([j, f]) =>
              `count(*) FILTER (WHERE ${f.column} = round(${f.column})) AS w${j}, max(${f.column}) - min(${f.column}) AS r${j}`,
          )
          .join(', ')} FROM ${rowsTable}`,
      );
      return r;
    })),
  );
  const maybe = columns.filter(
    (_, j) => Number(span[`w${j}`]) === total && Number(span[`r${j}`]) >= total - 1,
  );
  const out: string[] = [];
  for (const f of maybe) {
    const [r] = await store.query<{ down: number }>(
      `SELECT count(*) FILTER (WHERE d <= 0) AS down
       FROM (SELECT ${f.column} - lag(${f.column}) OVER (ORDER BY row_no) AS d FROM ${rowsTable})`,
    );
    if (Number(r.down) === 0) out.push(f.name);
  }
  return out;
}

interface RegistryRow {
  experiment_id: string;
  name: string;
  source_file: string;
  imported_at: string;
  rows_table: string;
  row_count: number;
  treatment_column: string;
  control_value: string;
  outcome_column: string;
  revenue_column: string | null;
  id_column: string | null;
  split_column: string | null;
  excluded_columns: string;
  features: string;
  arms: string;
  balance: string | null;
}

function toSummary(r: RegistryRow): ExperimentSummary & { rows_table: string } {
  const parse = <T>(v: unknown): T => (typeof v === 'string' ? JSON.parse(v) : v) as T;
  const stored =
    r.balance === null || r.balance === undefined
      ? null
      : parse<
          BalanceReport & {
            excluded_imbalanced: string[];
            kept_imbalanced: string[];
            excluded_row_index?: string[];
            dropped_arms?: { label: string; count: number }[];
            excluded_constant?: string[];
            split_test_values?: string[];
            strata_columns?: string[];
            strata_count?: number;
            balanced_within_strata?: string[];
            propensity_column?: string;
          }
        >(r.balance);
  return {
    experiment_id: r.experiment_id,
    name: r.name,
    source_file: r.source_file,
    imported_at: r.imported_at,
    rows_table: r.rows_table,
    row_count: Number(r.row_count),
    treatment_column: r.treatment_column,
    control_value: r.control_value,
    outcome_column: r.outcome_column,
    revenue_column: r.revenue_column,
    id_column: r.id_column,
    split_column: r.split_column,
    ...(stored?.split_test_values ? { split_test_values: stored.split_test_values } : {}),
    excluded_columns: parse<string[]>(r.excluded_columns),
    excluded_imbalanced: stored?.excluded_imbalanced ?? [],
    kept_imbalanced: stored?.kept_imbalanced ?? [],
    excluded_row_index: stored?.excluded_row_index ?? [],
    dropped_arms: stored?.dropped_arms ?? [],
    excluded_constant: stored?.excluded_constant ?? [],
    ...(stored?.strata_columns
      ? {
          strata_columns: stored.strata_columns,
          strata_count: stored.strata_count,
          balanced_within_strata: stored.balanced_within_strata ?? [],
        }
      : {}),
    ...(stored?.propensity_column ? { propensity_column: stored.propensity_column } : {}),
    features: parse<ExperimentFeatureInfo[]>(r.features),
    arms: parse<ExperimentArm[]>(r.arms),
    balance: stored
      ? {
          p_threshold: stored.p_threshold,
          tests: stored.tests,
          smd_threshold: stored.smd_threshold,
          features: stored.features,
        }
      : null,
  };
}

export async function listExperiments(store: Store): Promise<(ExperimentSummary & { rows_table: string })[]> {
  const rows = await store.query<RegistryRow & Record<string, unknown>>(
    'SELECT * FROM experiments ORDER BY experiment_id',
  );
  return rows.map(toSummary);
}

/** A feature column of an experiment, shaped like the tree core's raw columns. */
export type ExperimentFeature =
  | { name: string; kind: 'numeric'; values: Float64Array }
  | { name: string; kind: 'categorical'; values: (string | null)[] };

/** An imported experiment as typed columns for the causal engine; row i is the file's i-th data row. */
export interface ExperimentData {
  experimentId: string;
  name: string;
  rowCount: number;
  /** The --id column's values, or the 1-based file row numbers when there is none. */
  ids: string[];
  /** Arm index per row; 0 is control. */
  arm: Int32Array;
  armNames: string[];
  outcome: Float64Array;
  /** Every outcome 0 or 1. */
  outcomeBinary: boolean;
  revenue: Float64Array | null;
  /** 1 = test, 0 = train; null when the file had no split column. */
  split: Uint8Array | null;
  /**
   * Probability of the row's own arm: its arm's share of its stratum (--strata), the file's
   * column (--propensity), or else the arm's share of the file.
   */
  propensity: Float64Array;
  armShares: Float64Array;
  features: ExperimentFeature[];
}

const inRowOrder = new WeakMap<Store, Map<string, boolean>>();

/**
 * The ORDER BY a read of an experiment's rows needs: none when the table is stored in row order.
 * It is made so (import: ORDER BY row_no, then kept by DuckDB's insertion order), and a plain scan
 * returns rows in insertion order (preserve_insertion_order, on by default), so sorting millions
 * of rows on every read (train, evaluate, score) only costs time and memory. One streamed pass
 * over row_no checks it, once per table and process; a table out of order is read sorted.
 */
export async function rowOrder(store: Store, table: string): Promise<string> {
  const known = inRowOrder.get(store) ?? new Map<string, boolean>();
  inRowOrder.set(store, known);
  let ordered = known.get(table);
  if (ordered === undefined) {
    ordered = true;
    let last = Number.NEGATIVE_INFINITY;
    await scanColumns(store, `SELECT row_no FROM ${table}`, (_j, _offset, get, length) => {
      for (let i = 0; i < length && ordered; i++) {
        const v = Number(get(i));
        if (!(v > last)) ordered = false;
        last = v;
      }
    });
    known.set(table, ordered);
  }
  return ordered ? '' : ' ORDER BY row_no';
}

/** The registry entry of one experiment, with its rows table (checked to be one of ours). */
export async function experimentRecord(
  store: Store,
  experimentId: string,
): Promise<ExperimentSummary & { rows_table: string }> {
  const rows = await store.query<RegistryRow & Record<string, unknown>>(
    'SELECT * FROM experiments WHERE experiment_id = $1',
    [experimentId],
  );
  if (!rows[0])
    throw new NotFound(
      `No experiment with id ${JSON.stringify(experimentId)}; see \`aether experiments list\`.`,
    );
  const e = toSummary(rows[0]);
  if (!/^experiment_rows_\d+$/.test(e.rows_table))
    throw new Error(`internal: unexpected rows table ${e.rows_table}`);
  return e;
}

/**
 * What to read besides arm, outcome, revenue and split: the features and the ids (default both).
 * Without them the columns cost 21 bytes a row (a 14-million-row file: 0.3 GB); with them the
 * features cost 8 bytes per numeric value and the ids a JS string each, which at that size is
 * more than a few GB: the model steps read features batch by batch instead (experiment-batches.ts).
 */
export interface LoadExperimentOptions {
  features?: boolean;
  ids?: boolean;
}

export async function loadExperiment(
  store: Store,
  experimentId: string,
  options: LoadExperimentOptions = {},
): Promise<ExperimentData> {
  const e = await experimentRecord(store, experimentId);
  const withIds = options.ids ?? true;
  const infos = (options.features ?? true) ? e.features : [];
  const n = e.row_count;
  const ids = withIds ? new Array<string>(n) : [];
  const arm = new Int32Array(n);
  const outcome = new Float64Array(n);
  const revenue = e.revenue_column ? new Float64Array(n) : null;
  const split = e.split_column ? new Uint8Array(n) : null;
  const features: ExperimentFeature[] = infos.map((f) =>
    f.kind === 'numeric'
      ? { name: f.name, kind: 'numeric', values: new Float64Array(n) }
      : { name: f.name, kind: 'categorical', values: new Array<string | null>(n).fill(null) },
  );
  const perRow = e.strata_columns !== undefined || e.propensity_column !== undefined;
  const logged = perRow ? new Float64Array(n) : null;
  const cols = [
    withIds ? 'id' : 'NULL',
    'arm',
    'outcome',
    'revenue',
    'split',
    perRow ? 'propensity' : 'NULL',
    ...infos.map((f) => f.column),
  ];
  await scanColumns(
    store,
    `SELECT ${cols.join(', ')} FROM ${e.rows_table}${await rowOrder(store, e.rows_table)}`,
    (j, offset, get, length) => {
      if (j === 0 && !withIds) return;
      for (let i = 0; i < length; i++) {
        const v = get(i);
        const k = offset + i;
        if (j === 0) ids[k] = String(v);
        else if (j === 1) arm[k] = Number(v);
        else if (j === 2) outcome[k] = Number(v);
        else if (j === 3) {
          if (revenue) revenue[k] = v === null ? Number.NaN : Number(v);
        } else if (j === 4) {
          if (split) split[k] = v === 'test' ? 1 : 0;
        } else if (j === 5) {
          if (logged) logged[k] = Number(v);
        } else {
          const f = features[j - 6];
          if (f.kind === 'numeric') f.values[k] = v === null ? Number.NaN : Number(v);
          else f.values[k] = v === null ? null : String(v);
        }
      }
    },
  );
  const armShares = Float64Array.from(e.arms.map((a) => a.share));
  const propensity = new Float64Array(n);
  let binary = true;
  for (let i = 0; i < n; i++) {
    propensity[i] = logged ? logged[i] : armShares[arm[i]];
    if (outcome[i] !== 0 && outcome[i] !== 1) binary = false;
  }
  return {
    experimentId: e.experiment_id,
    name: e.name,
    rowCount: n,
    ids,
    arm,
    armNames: e.arms.map((a) => a.label),
    outcome,
    outcomeBinary: binary,
    revenue,
    split,
    propensity,
    armShares,
    features,
  };
}

/**
 * Every stratum must hold a row of every arm (positivity): a stratum where an arm was never given
 * has no estimate of that arm's outcome there, and its rows' probability of that arm is 0, which
 * IPW cannot divide by. Refused, not dropped: dropping the stratum would silently change the
 * population every policy value is about. Returns the number of strata.
 */
async function checkPositivity(
  store: Store,
  file: string,
  baseTable: string,
  strata: string[],
  arms: { label: string }[],
): Promise<number> {
  const keys = strata.map((_, k) => `st_${k}`);
  const rows = await store.query<Record<string, string | null> & { arm: number; n: number }>(
    `SELECT ${keys.join(', ')}, arm, count(*)::INTEGER AS n FROM ${baseTable} GROUP BY ALL ORDER BY ALL`,
  );
  const byStratum = new Map<string, { values: (string | null)[]; counts: number[] }>();
  for (const r of rows) {
    const values = keys.map((k) => r[k] ?? null);
    const key = JSON.stringify(values);
    const s = byStratum.get(key) ?? { values, counts: arms.map(() => 0) };
    s.counts[Number(r.arm)] = Number(r.n);
    byStratum.set(key, s);
  }
  const bad = [...byStratum.values()].filter((s) => s.counts.some((c) => c === 0));
  if (bad.length) {
    const name = (s: { values: (string | null)[] }) =>
      strata
        .map((c, k) => `${c}=${s.values[k] === null ? '(missing)' : JSON.stringify(s.values[k])}`)
        .join(', ');
    const shown = bad.slice(0, 5).map(
      (s) =>
        `stratum ${name(s)} has no row of arm ${s.counts
          .map((c, a) => (c === 0 ? JSON.stringify(arms[a]?.label) : ''))
          .filter(Boolean)
          .join(', ')} (${s.counts.map((c, a) => `${arms[a]?.label} ${c}`).join(', ')})`,
    );
    throw new InvalidInput(
      `${file}: --strata ${strata.join(',')}: ${bad.length} of ${byStratum.size} strata lack an arm, so its probability there is 0 ` +
        `and no estimate can weight it: ${shown.join('; ')}${bad.length > 5 ? '; …' : ''}. ` +
        'Leave those rows out of the file, or merge such strata into a coarser column; nothing was imported',
      bad
        .slice(0, 5)
        .map((s) => ({ name: 'strata', reason: `stratum ${name(s)} lacks an arm (positivity)` })),
    );
  }
  return byStratum.size;
}

/** Beyond this many strata the within-stratum balance check is not run (one pass per stratum). */
const MAX_BALANCE_STRATA = 20;

/**
 * Under --strata, a pre-treatment column that differs between strata (an age higher in DE, where
 * most rows were treated) differs between arms overall without any leak. Arms are therefore
 * compared again within each stratum, with the same rule and Bonferroni over the strata as well
 * (p < 0.001 / (tests x strata), |SMD| >= 0.02): a column flagged overall and in no stratum is
 * cleared, its report entry marked balanced, and returned. A leaked outcome differs between arms
 * inside the strata too, so it stays flagged. Not run beyond MAX_BALANCE_STRATA strata.
 */
async function balancedWithinStrata(
  store: Store,
  rowsTable: string,
  strata: string[],
  strataCount: number,
  arms: ExperimentArm[],
  candidates: ExperimentFeatureInfo[],
  balance: BalanceReport,
): Promise<string[]> {
  const flagged = balance.features.filter((b) => b.imbalanced && !strata.includes(b.feature));
  if (!flagged.length || strataCount > MAX_BALANCE_STRATA) return [];
  const inputs = candidates.filter((f) => flagged.some((b) => b.feature === f.name));
  const keys = strata.map((_, k) => `st_${k}`);
  const levels = await store.query<Record<string, string | null>>(
    `SELECT DISTINCT ${keys.join(', ')} FROM ${rowsTable}`,
  );
  const within = new Set<string>();
  for (const level of levels) {
    const part = tempName('experiment_stratum');
    try {
      // Stratum values are user text: parameters only.
      await store.run(
        `CREATE TEMP TABLE ${part} AS SELECT * FROM ${rowsTable} WHERE ${keys.map((k, i) => `${k} IS NOT DISTINCT FROM $${i + 1}`).join(' AND ')}`,
        keys.map((k) => level[k] ?? null),
      );
      const r = await covariateBalance(
        store,
        part,
        arms.map((a) => a.label),
        inputs,
      );
      const threshold = BALANCE_FAMILY_ALPHA / Math.max(1, r.tests * levels.length);
      for (const f of r.features)
        if (f.arms.some((a) => a.p < threshold && Math.abs(a.smd) >= BALANCE_SMD_THRESHOLD))
          within.add(f.feature);
    } finally {
      await store.run(`DROP TABLE IF EXISTS ${part}`);
    }
  }
  const cleared = flagged.filter((b) => !within.has(b.feature));
  for (const b of cleared) {
    b.imbalanced = false;
    for (const a of b.arms) a.imbalanced = false;
  }
  return cleared.map((b) => b.feature);
}
