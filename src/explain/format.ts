/**
 * Number formatting for the sentences of an explanation. One place, so the UI and the tests can
 * read a sentence's numbers back exactly as they were written.
 */
export function fmtPoints(points: number): string {
  const v = Math.abs(points) < 0.05 ? 0 : points;
  return `${v > 0 ? '+' : ''}${v.toFixed(1)}`.replace('-', '−');
}

/** A share 0..1 as a whole percentage ("75%"), one decimal under 10%. */
export function fmtShare(share: number): string {
  const pct = share * 100;
  return `${pct < 10 && pct > 0 ? pct.toFixed(1) : Math.round(pct).toString()}%`;
}

export function fmtMoney(amount: number, currency = 'USD'): string {
  const symbol =
    currency === 'USD' ? '$' : currency === 'EUR' ? '€' : currency === 'GBP' ? '£' : `${currency} `;
  const sign = amount < 0 ? '−' : '';
  // A send cost of $0.002 is not free: "<$0.01", never "$0.00 cost per customer".
  if (amount !== 0 && Math.abs(amount) < 0.005) return `${sign}<${symbol}0.01`;
  return `${sign}${symbol}${Math.abs(amount).toFixed(2)}`;
}

export function fmtCount(n: number): string {
  return Math.round(n).toLocaleString('en-US');
}

export function fmtNumber(x: number, digits = 1): string {
  return x.toFixed(digits);
}
