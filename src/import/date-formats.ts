/**
 * Dates as spreadsheets and shop systems write them when not ISO 8601: `06/13/2017` (US Excel),
 * `13/06/2017` (UK/FR), `13.06.2017` (DE), `2017/06/13` (JP), `13-06-2017`, each optionally with a
 * time. A whole column is read in one format, and only when exactly one reading fits every value:
 * day-first and month-first slash (or dash) dates both fit a column whose days are all ≤ 12, and
 * such a column stays text (with a note), because guessing would silently swap months and days.
 */
export interface TextDateFormat {
  /** How the format is named to the user (stderr, `date_format` of the feature). */
  name: string;
  /** DuckDB strptime patterns tried in turn; constants of ours, pasted into SQL. */
  patterns: string[];
  /** The format that reads the same text with day and month swapped, if any. */
  swapped?: string;
}

const withTimes = (date: string): string[] => [
  date,
  `${date} %H:%M`,
  `${date} %H:%M:%S`,
  `${date} %I:%M %p`,
  `${date} %I:%M:%S %p`,
];

export const TEXT_DATE_FORMATS: readonly TextDateFormat[] = [
  { name: 'MM/DD/YYYY', patterns: withTimes('%m/%d/%Y'), swapped: 'DD/MM/YYYY' },
  { name: 'DD/MM/YYYY', patterns: withTimes('%d/%m/%Y'), swapped: 'MM/DD/YYYY' },
  { name: 'MM-DD-YYYY', patterns: withTimes('%m-%d-%Y'), swapped: 'DD-MM-YYYY' },
  { name: 'DD-MM-YYYY', patterns: withTimes('%d-%m-%Y'), swapped: 'MM-DD-YYYY' },
  { name: 'DD.MM.YYYY', patterns: withTimes('%d.%m.%Y') },
  { name: 'YYYY/MM/DD', patterns: withTimes('%Y/%m/%d') },
];

/** The timestamp `raw` holds in `format`, or NULL; `raw` is a column reference, never user text. */
export function textDateSql(raw: string, format: TextDateFormat): string {
  return `try_strptime(trim(${raw}), [${format.patterns.map((p) => `'${p}'`).join(', ')}])`;
}

/**
 * The format a column is in, from how many of its `present` values each format reads
 * (`fits[k]` for TEXT_DATE_FORMATS[k]): the one format that reads all of them, else `ambiguous`
 * (a day-first and a month-first reading both fit), else null (not dates in one format).
 */
export function pickDateFormat(
  fits: readonly number[],
  present: number,
): { format: TextDateFormat } | { ambiguous: [string, string] } | null {
  if (present === 0) return null;
  const all = TEXT_DATE_FORMATS.filter((_, k) => fits[k] === present);
  if (all.length === 1) return { format: all[0] as TextDateFormat };
  if (all.length === 2 && all[0]?.swapped === all[1]?.name)
    return { ambiguous: [all[0]?.name as string, all[1]?.name as string] };
  return null;
}
