/**
 * Formatting for the UI. Numbers read as in the API's sentences: the same implementation
 * (src/contracts/number-format.ts), so a figure in an explanation and in the table beside it agree.
 */
export { fmtCount, fmtInt, fmtMoney, fmtPoints, fmtShare } from '../../src/contracts/number-format.ts';

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
