/** Number formatting for the UI (the API's sentences come formatted already). */
export const fmtInt = (n: number | null | undefined): string =>
  n === null || n === undefined || !Number.isFinite(n) ? '—' : Math.round(n).toLocaleString('en-US');

export const fmtMoney = (n: number | null | undefined, currency = 'USD'): string => {
  if (n === null || n === undefined || !Number.isFinite(n)) return '—';
  const sign = n < 0 ? '−' : '';
  const abs = Math.abs(n);
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
