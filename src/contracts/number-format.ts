/**
 * How numbers read, for the explanation sentences the API writes and for the web UI alike: one
 * implementation, so a figure in a sentence reads exactly as the same figure in the table beside
 * it (and tests can read a sentence's numbers back). No imports, so the web bundle takes this file
 * as it takes the other contracts. Missing or non-finite values read as a dash.
 */
const DASH = '—';
const MINUS = '−';

function isNumber(n: number | null | undefined): n is number {
  return typeof n === 'number' && Number.isFinite(n);
}

/** A whole count with thousands separators ("12,345"). */
export function fmtInt(n: number | null | undefined): string {
  return isNumber(n) ? Math.round(n).toLocaleString('en-US') : DASH;
}

/**
 * A count that may be fractional (expected conversions): small ones keep a decimal, so 0.4
 * expected conversions do not read as none. Whole counts read as fmtInt.
 */
export function fmtCount(n: number | null | undefined): string {
  if (!isNumber(n)) return DASH;
  if (Math.abs(n) >= 9.95 || Number.isInteger(n)) return fmtInt(n);
  return n.toFixed(1).replace('-', MINUS);
}

function currencySymbol(currency: string): string {
  return currency === 'USD' ? '$' : currency === 'EUR' ? '€' : currency === 'GBP' ? '£' : `${currency} `;
}

/**
 * Money: cents below 1,000, whole units with separators from 1,000 ("$1,375"). A send cost of
 * $0.002 is not free: it reads "<$0.01", never "$0.00 per customer".
 */
export function fmtMoney(n: number | null | undefined, currency = 'USD'): string {
  if (!isNumber(n)) return DASH;
  const symbol = currencySymbol(currency);
  const sign = n < 0 ? MINUS : '';
  const abs = Math.abs(n);
  if (abs > 0 && abs < 0.005) return `${sign}<${symbol}0.01`;
  const body = abs >= 1000 ? Math.round(abs).toLocaleString('en-US') : abs.toFixed(2);
  return `${sign}${symbol}${body}`;
}

/**
 * Percentage points of conversion, signed ("+3.1", "−0.4"); a value that rounds to zero reads
 * "0.0", never "−0.0".
 */
export function fmtPoints(points: number | null | undefined, digits = 1): string {
  if (!isNumber(points)) return DASH;
  const v = Math.abs(points) < 0.5 * 10 ** -digits ? 0 : points;
  return `${v > 0 ? '+' : ''}${v.toFixed(digits)}`.replace('-', MINUS);
}

/** A share 0..1 as a whole percentage ("75%"), with one decimal under 10% ("4.5%"); none is "0%". */
export function fmtShare(share: number | null | undefined): string {
  if (!isNumber(share)) return DASH;
  const pct = share * 100;
  return `${pct < 10 && pct > 0 ? pct.toFixed(1) : Math.round(pct).toString()}%`;
}
