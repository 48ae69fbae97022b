import { InvalidInput } from '../core/errors.ts';
import type { Store } from '../store/store.ts';
import { convertSql } from './convert.ts';
import { TEXT_DATE_FORMATS, type TextDateFormat, textDateSql } from './date-formats.ts';
import { quoteIdent, tempName } from './stage-file.ts';
import { localTimeSql } from './time-zone.ts';

/**
 * How one timestamp column of a file is read. ISO 8601 always; besides it, at most one other
 * convention for the whole column, chosen from the values: a spreadsheet date format
 * (`12/1/2010 8:26`, UCI Online Retail), epoch seconds or milliseconds (`1433221900546`,
 * RetailRocket), or Excel date serial numbers (`46024.5`, a date column saved as "General"). One convention per column because a cell alone cannot say whether 03/04 is
 * March or April: the column's other values can.
 */
export type TimestampReading =
  | { kind: 'iso' }
  | { kind: 'text'; format: TextDateFormat }
  | { kind: 'epoch'; unit: 's' | 'ms' }
  | { kind: 'excel' };

/** Epoch times as shops log them: 10 digits of seconds or 13 of milliseconds (2001 to 2286). */
const EPOCH_S = '[0-9]{9,10}';
const EPOCH_MS = '[0-9]{12,13}';
/**
 * Excel's date serial numbers, which a date column formatted as "General" is saved as: days since
 * 1899-12-30, the fraction the time of day. Only 30000 to 79999 (1982-02-19 to 2119): a shop's
 * dates, while a five-digit id mapped to a date column by mistake (UCI's CustomerID 12370.0) is not
 * read as 1933; no epoch time (9 digits and more) nor an ISO year reads as one.
 */
const EXCEL_SERIAL = '[3-7][0-9]{4}(\\.[0-9]+)?';
/** Days from Excel's day 0 (1899-12-30) to 1970-01-01. */
const EXCEL_EPOCH_DAYS = 25569;

/**
 * The typed value of `raw` (a column reference) under `reading`, or NULL; with `zone` (from
 * parseTimeZone), times written without an offset are local times there (time-zone.ts).
 */
export function timestampSql(raw: string, reading: TimestampReading, zone?: string): string {
  const iso = convertSql(raw, 'TIMESTAMP');
  const t = `trim(${raw})`;
  const other =
    reading.kind === 'iso'
      ? undefined
      : reading.kind === 'text'
        ? textDateSql(raw, reading.format)
        : reading.kind === 'excel'
          ? `CASE WHEN regexp_full_match(${t}, '${EXCEL_SERIAL}')
          THEN make_timestamp(CAST(round((TRY_CAST(${t} AS DOUBLE) - ${EXCEL_EPOCH_DAYS}) * 86400) AS BIGINT) * 1000000) END`
          : `CASE WHEN regexp_full_match(${t}, '${reading.unit === 's' ? EPOCH_S : EPOCH_MS}')
          THEN make_timestamp(TRY_CAST(${t} AS BIGINT) * ${reading.unit === 's' ? 1_000_000 : 1_000}) END`;
  const value = other === undefined ? iso : `coalesce(${iso}, ${other})`;
  return zone === undefined ? value : localTimeSql(raw, value, zone);
}

/** How the reading is named to the user. */
export function readingLabel(reading: TimestampReading): string {
  if (reading.kind === 'iso') return 'ISO 8601';
  if (reading.kind === 'text') return reading.format.name;
  if (reading.kind === 'excel') return 'Excel date serial numbers (days since 1899-12-30)';
  return reading.unit === 's' ? 'epoch seconds' : 'epoch milliseconds';
}

/** The reason a value of this column that reads in none of its conventions is refused. */
export function timestampReason(reading: TimestampReading): string {
  if (reading.kind === 'iso') return 'not a timestamp (ISO 8601, e.g. 2025-03-01T12:00:00Z)';
  return `not a timestamp (ISO 8601, or ${readingLabel(reading)} like the rest of this column)`;
}

/**
 * Chooses each column's reading from its values. A convention is taken when it reads at least
 * half of the values ISO does not (the rest are then row errors naming it); a day-first and a
 * month-first format that read equally many (every day ≤ 12) stop the import with `--date-format`
 * as the way out, since a guess would swap months and days silently. `dateFormat` (a name of
 * TEXT_DATE_FORMATS) forces the format of every timestamp column that is not ISO.
 */
export async function chooseTimestampReadings(
  store: Store,
  file: string,
  stagedTable: string,
  columns: readonly string[],
  dateFormat?: string,
): Promise<Map<string, TimestampReading>> {
  const forced = dateFormat === undefined ? undefined : parseDateFormat(dateFormat);
  const readings = new Map<string, TimestampReading>();
  for (const column of columns) {
    const raw = `s.${quoteIdent(column)}`;
    // A plain cast first: it reads most ISO values, and the full reading (offsets) runs on the rest.
    const notIso = `${raw} IS NOT NULL AND TRY_CAST(trim(${raw}) AS TIMESTAMP) IS NULL AND trim(${raw}) <> '' AND (${convertSql(raw, 'TIMESTAMP')}) IS NULL`;
    // The values ISO does not read, in a temp table: usually none (one pass, the check the import
    // makes anyway), so the formats below are tried only on the few or all that remain.
    const others = tempName('import_ts_other');
    await store.run(
      `CREATE TEMP TABLE ${others} AS SELECT ${raw} AS v FROM ${stagedTable} s WHERE ${notIso}`,
    );
    const counts = [
      ...TEXT_DATE_FORMATS.map((f) => `count(*) FILTER (WHERE ${textDateSql('o.v', f)} IS NOT NULL)`),
      `count(*) FILTER (WHERE regexp_full_match(trim(o.v), '${EPOCH_S}'))`,
      `count(*) FILTER (WHERE regexp_full_match(trim(o.v), '${EPOCH_MS}'))`,
      `count(*) FILTER (WHERE regexp_full_match(trim(o.v), '${EXCEL_SERIAL}'))`,
    ];
    let row: Record<string, number> | undefined;
    try {
      [row] = await store.query<Record<string, number>>(
        `SELECT count(*) AS other, ${counts.map((c, k) => `${c} AS c${k}`).join(', ')} FROM ${others} o`,
      );
    } finally {
      await store.run(`DROP TABLE IF EXISTS ${others}`);
    }
    const other = Number(row?.other ?? 0);
    if (other === 0) {
      readings.set(column, { kind: 'iso' });
      continue;
    }
    if (forced) {
      readings.set(column, { kind: 'text', format: forced });
      continue;
    }
    const n = TEXT_DATE_FORMATS.length;
    const fits = TEXT_DATE_FORMATS.map((_, k) => Number(row?.[`c${k}`] ?? 0));
    const candidates: { reading: TimestampReading; reads: number }[] = [
      ...TEXT_DATE_FORMATS.map((format, k) => ({
        reading: { kind: 'text', format } as const,
        reads: fits[k] ?? 0,
      })),
      { reading: { kind: 'epoch', unit: 's' }, reads: Number(row?.[`c${n}`] ?? 0) },
      { reading: { kind: 'epoch', unit: 'ms' }, reads: Number(row?.[`c${n + 1}`] ?? 0) },
      { reading: { kind: 'excel' }, reads: Number(row?.[`c${n + 2}`] ?? 0) },
    ];
    const best = Math.max(...candidates.map((c) => c.reads));
    if (best === 0 || best * 2 < other) {
      readings.set(column, { kind: 'iso' });
      continue;
    }
    const top = candidates.filter((c) => c.reads === best);
    if (top.length > 1) {
      const names = top.map((c) => readingLabel(c.reading));
      throw new InvalidInput(
        `${file}: column "${column}" has dates that read both as ${names.join(' and as ')} (no day is above 12), ` +
          `so months and days could be swapped: say which with --date-format ${names[0]} (or ${names.slice(1).join(', ')}), or write ISO dates (2010-12-01 08:26). Nothing was imported.`,
        [
          {
            name: `${file}:*:${column}`,
            reason: `ambiguous dates: ${names.join(' or ')}; pass --date-format`,
          },
        ],
      );
    }
    readings.set(column, (top[0] as { reading: TimestampReading }).reading);
  }
  return readings;
}

function parseDateFormat(name: string): TextDateFormat {
  const format = TEXT_DATE_FORMATS.find((f) => f.name.toLowerCase() === name.trim().toLowerCase());
  if (!format)
    throw new InvalidInput(
      `--date-format must be one of ${TEXT_DATE_FORMATS.map((f) => f.name).join(', ')}, not ${JSON.stringify(name)}`,
      [{ name: 'date-format', reason: `one of ${TEXT_DATE_FORMATS.map((f) => f.name).join(', ')}` }],
    );
  return format;
}
