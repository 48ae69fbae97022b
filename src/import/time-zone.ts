import { InvalidInput } from '../core/errors.ts';
import type { Store } from '../store/store.ts';
import { TZ_SUFFIX } from './convert.ts';

/**
 * `--timezone ZONE`: timestamps written without an offset are local times of ZONE (Klaviyo's
 * account time zone, WooCommerce's site time, UCI Online Retail's UK times), converted to UTC
 * with the offset in force at that moment (DuckDB's built-in ICU data, nothing fetched). Values
 * with their own offset or Z keep it; epoch numbers are instants already; a date without a time
 * names a day, not an instant, and is kept as written (shifting it would move every Berlin date
 * to the evening before).
 */

/** ZONE as DuckDB spells it (`america/new_york` → `America/New_York`), or a clear error. */
export async function parseTimeZone(store: Store, name: string): Promise<string> {
  const [row] = await store.query<{ name: string }>(
    'SELECT name FROM pg_timezone_names() WHERE lower(name) = lower($1) ORDER BY name = $1 DESC LIMIT 1',
    [name.trim()],
  );
  if (!row)
    throw new InvalidInput(
      `--timezone must be an IANA time zone name, e.g. --timezone America/New_York (or Europe/London, America/Sao_Paulo), not ${JSON.stringify(name)}. Nothing was imported.`,
      [{ name: 'timezone', reason: 'not a time zone name (e.g. America/New_York)' }],
    );
  return row.name;
}

/**
 * `value` (a TIMESTAMP read from the text `raw`, both SQL expressions) as UTC when `raw` is a local
 * time of `zone`: it has a time of day and no offset. `zone` must come from parseTimeZone (one
 * of DuckDB's own names, so quoting it is enough). Around a change of clocks ICU decides: a time
 * in the skipped hour (02:30 on a spring-forward day in New York) is read with the offset before
 * the change (07:30 UTC, as 03:30 EDT); a time in the repeated hour (01:30 on a fall-back day) is
 * read as the second one, in standard time (06:30 UTC).
 */
export function localTimeSql(raw: string, value: string, zone: string): string {
  const t = `trim(${raw})`;
  const z = `'${zone.replaceAll("'", "''")}'`;
  return `CASE WHEN regexp_matches(${t}, '[0-9]:[0-9]{2}') AND NOT regexp_matches(${t}, ${TZ_SUFFIX})
    THEN timezone(${z}, ${value}) AT TIME ZONE 'UTC' ELSE ${value} END`;
}
