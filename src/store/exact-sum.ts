/**
 * Sums and means of money columns that come out the same on every run. DuckDB adds DOUBLEs in
 * whatever order its threads finish, so `sum(total)` can differ in the last bit from run to run,
 * and with it a feature, a model and a score: same seed, same result forbids that. Summing the
 * values as DECIMAL(38,6) is exact integer arithmetic in any order; the result is turned back
 * into a DOUBLE once. Six decimals keep every cent and any unit price an import brings.
 */
const exact = (expr: string) => `CAST(${expr} AS DECIMAL(38,6))`;

/** `sum(expr)`, optionally `FILTER (WHERE filter)`, exact in any order; NULL over no rows like sum. */
export function exactSum(expr: string, filter?: string): string {
  return `CAST(sum(${exact(expr)})${filter ? ` FILTER (WHERE ${filter})` : ''} AS DOUBLE)`;
}

/** `avg(expr)` computed from an exact sum. */
export function exactAvg(expr: string, filter?: string): string {
  return `CAST(avg(${exact(expr)})${filter ? ` FILTER (WHERE ${filter})` : ''} AS DOUBLE)`;
}
