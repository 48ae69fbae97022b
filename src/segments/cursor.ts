import { z } from 'zod';
import { AssignmentFilter } from '../contracts/api.ts';
import { InvalidInput } from '../core/errors.ts';

/**
 * A page cursor: opaque to the consumer (base64url of a small JSON document), tied to one
 * snapshot and to the filters it was issued for. `p` is the last position served: the dense rank
 * over the snapshot (assignment "all") or within the assignment.
 */
export const CursorData = z
  .object({
    v: z.literal(1),
    s: z.string().regex(/^snap_[a-z0-9]{1,40}$/),
    p: z.number().int().nonnegative().max(2_000_000_000),
    a: AssignmentFilter,
    t: z.string().max(60).nullable(),
    /** The search of the first page, when it had one. */
    q: z.string().max(200).optional(),
  })
  .strict();
export type CursorData = z.infer<typeof CursorData>;

export function encodeCursor(c: CursorData): string {
  return Buffer.from(JSON.stringify(c)).toString('base64url');
}

export function decodeCursor(text: string): CursorData {
  const bad = (reason: string) =>
    new InvalidInput(`Malformed cursor: ${reason}`, [{ name: 'cursor', reason }]);
  if (!/^[A-Za-z0-9_-]{1,1000}$/.test(text))
    throw bad('not a cursor issued by this API (use next_cursor as given)');
  let parsed: unknown;
  try {
    parsed = JSON.parse(Buffer.from(text, 'base64url').toString('utf8'));
  } catch {
    throw bad('not a cursor issued by this API (use next_cursor as given)');
  }
  const result = CursorData.safeParse(parsed);
  if (!result.success) throw bad('not a cursor issued by this API (use next_cursor as given)');
  return result.data;
}
