/**
 * The simulated period: about 24 months of trading that end at a fixed `as_of`. Internally the
 * simulator counts time in days (floating point) since START; rows store epoch seconds, turned
 * into TIMESTAMP by the loader.
 */
export const START_MS = Date.UTC(2024, 9, 1); // 2024-10-01T00:00:00Z
export const AS_OF_MS = Date.UTC(2026, 9, 1); // 2026-10-01T00:00:00Z
export const DAY_MS = 86_400_000;
export const START_SEC = START_MS / 1000;
/** Days from START to as_of (730). */
export const AS_OF_DAY = (AS_OF_MS - START_MS) / DAY_MS;
export const AS_OF_ISO = new Date(AS_OF_MS).toISOString();
/** Customers may have been created up to this many days before START (their history starts at START). */
export const PRE_START_DAYS = 365;
/** Horizon after as_of covered by the seasonality table (counterfactual windows start at as_of). */
const POST_AS_OF_DAYS = 120;

/**
 * Relative demand by calendar month (Jan..Dec). Fashion retail peaks with Black Friday / Cyber
 * Monday and the holidays (November, December); January and February are the slow months.
 * The customer base also grows over the period, which adds to the late-year weight.
 */
export const MONTH_DEMAND = [0.75, 0.75, 0.88, 0.92, 0.97, 0.92, 0.88, 0.88, 0.95, 1.05, 1.5, 1.4] as const;
export const MAX_DEMAND = Math.max(...MONTH_DEMAND);

const FIRST_DAY = -PRE_START_DAYS;
const DAYS = PRE_START_DAYS + AS_OF_DAY + POST_AS_OF_DAYS;
const monthByDay = Uint8Array.from({ length: DAYS }, (_, i) =>
  new Date(START_MS + (i + FIRST_DAY) * DAY_MS).getUTCMonth(),
);
const seasonByDay = Float64Array.from(monthByDay, (m) => MONTH_DEMAND[m] as number);

const dayIndex = (d: number): number => Math.min(DAYS - 1, Math.max(0, Math.floor(d) - FIRST_DAY));

/** Calendar month (0 = January) of day `d`. */
export function monthOf(d: number): number {
  return monthByDay[dayIndex(d)] as number;
}

/** Seasonal demand multiplier on day `d` (days since START). */
export function season(d: number): number {
  return seasonByDay[dayIndex(d)] as number;
}

/** Mean seasonal multiplier over [from, from + days). */
export function meanSeason(from: number, days: number): number {
  let s = 0;
  const n = Math.max(1, Math.round(days));
  for (let k = 0; k < n; k++) s += season(from + k + 0.5);
  return s / n;
}

/** Epoch seconds of day `d`, rounded to the second. */
export function epochSeconds(d: number): number {
  return Math.round(START_SEC + d * 86_400);
}
