/**
 * Text-to-type conversions used by the importers: each returns a SQL expression that yields the
 * typed value, or NULL when the text does not convert, so a bad value becomes a row error with a
 * reason instead of a cast exception. `text` is an expression (a column reference), never user text.
 */
/** A time followed by an offset or Z: the value says its own zone. */
export const TZ_SUFFIX = "'[0-9]{2}:[0-9]{2}(:[0-9]{2}(\\.[0-9]+)?)?\\s*(Z|z|[+-][0-9]{2}(:?[0-9]{2})?)$'";
/**
 * Money as shops and spreadsheets write it, with a decimal point: a currency sign before or after
 * and thousands separators in groups of exactly three (`$1,234.50`, `-$5.25`, `12.50 €`). The
 * pattern is unambiguous with a decimal point; `1,23` or `1,2345.00` are not numbers. Constants of
 * ours, pasted into SQL; the cell only ever appears as a column reference.
 */
const CURRENCY = '[$€£¥]';
/**
 * Thousands separated by a space, a no-break space (U+00A0, French Excel) or a narrow one (U+202F,
 * newer French locales), or an apostrophe (Swiss Excel): `1 234,50`, `1'234.50`. The apostrophe is
 * doubled: these patterns are pasted into SQL string literals.
 */
const SPACE_GROUP = "[ \u00a0\u202f'']";
const MONEY_POINT = `^[+-]?${CURRENCY}?[[:space:]]?[+-]?([0-9]+|[0-9]{1,3}((,[0-9]{3})+|(${SPACE_GROUP}[0-9]{3})+))(\\.[0-9]+)?[[:space:]]?${CURRENCY}?$`;
/** The same with a decimal comma (`1.234,50`, `3,50 €`; Excel in most of Europe): a point only separates thousands. */
const MONEY_COMMA = `^[+-]?${CURRENCY}?[[:space:]]?[+-]?([0-9]+|[0-9]{1,3}((\\.[0-9]{3})+|(${SPACE_GROUP}[0-9]{3})+))(,[0-9]+)?[[:space:]]?${CURRENCY}?$`;

export interface ConvertOptions {
  /** Numbers are written with a decimal comma (`--decimal-comma`). */
  decimalComma?: boolean;
}

/** A number that reads only with a decimal comma ("3,50", "12,5"): said in its row error. */
export function decimalCommaHint(text: string): string {
  return `CASE WHEN regexp_full_match(trim(${text}), '[+-]?[0-9]+,[0-9]{1,2}') THEN ' (a decimal comma? pass --decimal-comma)' ELSE '' END`;
}

/** An amount in accounting brackets ("(10.00)", a negative in Excel's accounting format): said in its row error. */
export function bracketNegativeHint(text: string): string {
  return `CASE WHEN regexp_full_match(trim(${text}), '\\([+]?${CURRENCY}?[[:space:]]?[0-9][0-9.,[:space:]]*[[:space:]]?${CURRENCY}?\\)') THEN ' (a negative amount in accounting brackets? a refund or cancellation is not a sale: leave such rows out with --on-error skip --rejects FILE)' ELSE '' END`;
}

export function convertSql(text: string, type: string, options: ConvertOptions = {}): string {
  const t = `trim(${text})`;
  const upper = type.toUpperCase();
  if (upper === 'VARCHAR') return text;
  if (/^(TINYINT|SMALLINT|INTEGER|BIGINT|HUGEINT|UBIGINT|UINTEGER)$/.test(upper)) {
    // TRY_CAST('1.5' AS INTEGER) rounds; an integer column must get an integer. An integer written
    // as a float ("6.0": pandas writes every number of a column with gaps so) is that integer.
    // Thousands as in amounts (`1,000`; with --decimal-comma `1.000`; a space or an apostrophe),
    // groups of three only, before the float-written form, so `1.000` with --decimal-comma is 1000.
    const thousands = options.decimalComma ? '\\.' : ',';
    const grouped = `[+-]?[0-9]{1,3}((${thousands}[0-9]{3})+|(${SPACE_GROUP}[0-9]{3})+)`;
    return `CASE WHEN regexp_full_match(${t}, '[+-]?[0-9]+') THEN TRY_CAST(${t} AS ${upper})
      WHEN regexp_full_match(${t}, '${grouped}') THEN TRY_CAST(regexp_replace(${t}, '[^0-9+-]', '', 'g') AS ${upper})
      WHEN regexp_full_match(${t}, '[+-]?[0-9]+\\.0+') THEN TRY_CAST(split_part(${t}, '.', 1) AS ${upper})
      WHEN ${options.decimalComma ? 'true' : 'false'} AND regexp_full_match(${t}, '[+-]?[0-9]+,0+') THEN TRY_CAST(split_part(${t}, ',', 1) AS ${upper}) END`;
  }
  if (/^(DOUBLE|FLOAT|REAL)$/.test(upper) || upper.startsWith('DECIMAL')) {
    if (options.decimalComma) {
      const v = `TRY_CAST(replace(regexp_replace(${t}, '${CURRENCY}|[[:space:]]|${SPACE_GROUP}|\\.', '', 'g'), ',', '.') AS ${upper})`;
      return `CASE WHEN regexp_matches(${t}, '${MONEY_COMMA}') AND isfinite(${v}) THEN ${v} END`;
    }
    const money = `TRY_CAST(regexp_replace(${t}, '${CURRENCY}|[[:space:]]|${SPACE_GROUP}|,', '', 'g') AS ${upper})`;
    return `CASE WHEN isfinite(TRY_CAST(${t} AS DOUBLE)) THEN TRY_CAST(${t} AS ${upper})
      WHEN regexp_matches(${t}, '${MONEY_POINT}') AND isfinite(${money}) THEN ${money} END`;
  }
  if (upper === 'BOOLEAN') {
    return `CASE WHEN lower(${t}) IN ('true', 't', '1', 'yes', 'y') THEN true
      WHEN lower(${t}) IN ('false', 'f', '0', 'no', 'n') THEN false END`;
  }
  if (upper === 'TIMESTAMP') {
    // With an offset (or Z) the instant is converted to UTC; without one it is taken as UTC. Shopify
    // writes "2024-03-01 22:00:00 -0500": DuckDB reads the offset only without the space before it,
    // so the space is removed before the one cast. Not "try as is, then without the space": a failed
    // TIMESTAMPTZ cast costs DuckDB ~0.7 ms (it looks "-0500" up as a time zone name), which made a
    // 36,409-order Shopify export take 114 s to import instead of a few.
    const tight = `regexp_replace(${t}, '[[:space:]]+([+-][0-9]{2}:?[0-9]{2})$', '\\1')`;
    return `CASE WHEN regexp_matches(${t}, ${TZ_SUFFIX}) THEN TRY_CAST(${tight} AS TIMESTAMPTZ) AT TIME ZONE 'UTC'
      ELSE TRY_CAST(${t} AS TIMESTAMP) END`;
  }
  if (upper === 'VARCHAR[]') {
    // A JSON array (["a","b"]), a DuckDB list ([a, b]) or a pipe-separated list (a|b).
    return `CASE WHEN ${t} = '' THEN []::VARCHAR[]
      WHEN starts_with(${t}, '[') THEN TRY_CAST(${t} AS VARCHAR[])
      ELSE list_transform(string_split(${t}, '|'), x -> trim(x)) END`;
  }
  if (upper === 'JSON') return `CASE WHEN json_valid(${t}) THEN CAST(${t} AS JSON) END`;
  return `TRY_CAST(${t} AS ${upper})`;
}

export function typeLabel(type: string): string {
  const upper = type.toUpperCase();
  if (/INT/.test(upper)) return 'an integer';
  if (/DOUBLE|FLOAT|REAL|DECIMAL/.test(upper)) return 'a number';
  if (upper === 'BOOLEAN') return 'a boolean (true/false)';
  if (upper === 'TIMESTAMP') return 'a timestamp (ISO 8601, e.g. 2025-03-01T12:00:00Z)';
  if (upper === 'VARCHAR[]') return 'a list (JSON array or a|b)';
  if (upper === 'JSON') return 'JSON';
  return upper.toLowerCase();
}

/** A value for an error message: short, so a reason never carries a whole record. */
export function preview(value: unknown): string {
  const s = String(value);
  return JSON.stringify(s.length > 40 ? `${s.slice(0, 40)}…` : s);
}
