/** Number formatting for the UI (the API's sentences come formatted already). */
export const fmtInt = (n: number | null | undefined): string =>
  n === null || n === undefined || !Number.isFinite(n) ? '—' : Math.round(n).toLocaleString('en-US');

/**
 * A count that may be fractional (expected conversions): small ones keep a decimal, so 0.4
 * expected conversions do not read as none.
 */
export const fmtCount = (n: number | null | undefined): string => {
  if (n === null || n === undefined || !Number.isFinite(n)) return '—';
  if (Math.abs(n) >= 9.95 || Number.isInteger(n)) return fmtInt(n);
  return n.toFixed(1).replace('-', '−');
};

export const fmtMoney = (n: number | null | undefined, currency = 'USD'): string => {
  if (n === null || n === undefined || !Number.isFinite(n)) return '—';
  const sign = n < 0 ? '−' : '';
  const abs = Math.abs(n);
  // A send cost of $0.002 is not free: say it is under a cent rather than "$0.00".
  if (abs > 0 && abs < 0.005) return `${sign}<${currency === 'USD' ? '$' : `${currency} `}0.01`;
  const body = abs >= 1000 ? Math.round(abs).toLocaleString('en-US') : abs.toFixed(2);
  return `${sign}${currency === 'USD' ? '$' : `${currency} `}${body}`;
};

/** Points of conversion probability from an absolute difference (0.031 → "+3.1 pts"). */
export const fmtPts = (points: number | null | undefined, digits = 1): string => {
  if (points === null || points === undefined || !Number.isFinite(points)) return '—';
  const v = Math.abs(points) < 0.5 * 10 ** -digits ? 0 : points;
  return `${v > 0 ? '+' : ''}${v.toFixed(digits)}`.replace('-', '−');
};

export const fmtShare = (x: number | null | undefined): string =>
  x === null || x === undefined || !Number.isFinite(x) ? '—' : `${(x * 100).toFixed(x < 0.1 ? 1 : 0)}%`;

export const fmtDate = (s: string | null | undefined): string => {
  if (!s) return '—';
  const d = new Date(s);
  return Number.isNaN(d.getTime())
    ? s
    : d.toLocaleString('en-GB', { dateStyle: 'medium', timeStyle: 'short', timeZone: 'UTC' }) + ' UTC';
};

/** A stored code ("paid_search", "high_shipping_cost") as words for a person ("paid search"). */
export const fmtCode = (v: unknown): string =>
  v === null || v === undefined || v === '' ? '—' : String(v).replace(/_/g, ' ');
