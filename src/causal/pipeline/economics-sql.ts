/**
 * The cost model of economics.ts as SQL, for the queries that cost customers in the database
 * (a saved segment's members, the explanation's size-against-profit curve), so both value and
 * cost a customer exactly as the planner does in TypeScript.
 */

/** The order value of a customer with no order when nobody has one (economics.ts). */
export const FALLBACK_ORDER_VALUE = 100;

/**
 * A one-row subquery (column `v`) with the median of `column` over the rows of `from` where it is
 * above 0 and `filter` holds, else FALLBACK_ORDER_VALUE: the lower middle element, the one
 * `expectedOrderValues` takes, so SQL and TypeScript agree to the cent.
 */
export function medianOrderValueSql(column: string, from: string, filter = 'TRUE'): string {
  return `SELECT coalesce(max(v) FILTER (WHERE i = floor(n / 2)), ${FALLBACK_ORDER_VALUE}) AS v FROM (
    SELECT ${column} AS v, row_number() OVER (ORDER BY ${column}) - 1 AS i, count(*) OVER () AS n
    FROM ${from} WHERE ${column} > 0 AND (${filter}))`;
}

/**
 * `incrementalProfit` of economics.ts as an SQL expression, over SQL expressions (bound parameters
 * or columns): uplift × order value × margin, minus the send cost and the trigger's give-away on
 * every treated conversion (baseline + uplift).
 */
export function incrementalProfitSql(e: {
  uplift: string;
  baseline: string;
  orderValue: string;
  margin: string;
  sendCost: string;
  orderValueShare: string;
  perConversionAmount: string;
}): string {
  return `${e.uplift} * ${e.orderValue} * ${e.margin} - ${e.sendCost}
      - (${e.baseline} + ${e.uplift}) * (${e.orderValueShare} * ${e.orderValue} + ${e.perConversionAmount})`;
}
