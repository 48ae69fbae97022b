import { createHash } from 'node:crypto';

/**
 * The deterministic holdout of a segment: a customer is held out when the first 32 bits of
 * md5(segment_id ':' customer_id), read as a fraction of 2^32, fall below the holdout share. The
 * same customer stays in the same arm across refreshes of the same segment, so the marketer can
 * measure the campaign's lift on a stable control group, and segments are independent of each other.
 */
export function holdoutBucket(segmentId: string, customerId: string): number {
  const hex = createHash('md5').update(`${segmentId}:${customerId}`).digest('hex').slice(0, 8);
  return Number.parseInt(hex, 16) / 4294967296;
}

/** The same bucket in DuckDB SQL (md5 is in every SQL engine; only the hex-to-integer cast differs). */
export function holdoutBucketSql(segmentIdParam: string, customerIdSql: string): string {
  return `(CAST(('0x' || substr(md5(${segmentIdParam} || ':' || ${customerIdSql}), 1, 8)) AS UBIGINT) / 4294967296.0)`;
}
