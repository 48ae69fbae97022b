import { Readable } from 'node:stream';
import type { Segment as SegmentOut } from '../contracts/api.ts';
import {
  type AssignmentFilter,
  MEMBER_FIELD_NAMES,
  type SegmentCustomersQuery,
  type SegmentExportQuery,
} from '../contracts/api.ts';
import { FIELDS_BY_NAME } from '../contracts/fields.ts';
import { AppError, InvalidInput } from '../core/errors.ts';
import type { SqlValue, Store } from '../store/store.ts';
import { decodeCursor, encodeCursor } from './cursor.ts';
import { FieldProjection } from './json-fields.ts';
import { assertReady, getSegment, sqlTime } from './segment-service.ts';
import type { SnapshotPageCache, SnapshotPages } from './snapshot-pages.ts';

type Reader = Pick<Store, 'query'>;

const MEMBER_FIELDS = new Set(MEMBER_FIELD_NAMES);

/** Parses `fields=a,b` against the profile fields; an unknown one is a 400 naming it. */
export function parseFields(text: string | undefined): string[] | null {
  if (text === undefined) return null;
  const names = [
    ...new Set(
      text
        .split(',')
        .map((s) => s.trim())
        .filter((s) => s.length > 0),
    ),
  ];
  const unknown = names.filter((n) => !MEMBER_FIELDS.has(n));
  if (unknown.length > 0) {
    throw new InvalidInput(
      `Unknown field${unknown.length > 1 ? 's' : ''} in fields: ${unknown
        .slice(0, 5)
        .map((u) => JSON.stringify(u.slice(0, 60)))
        .join(', ')}`,
      unknown
        .slice(0, 20)
        .map((u) => ({ name: 'fields', reason: `unknown field ${JSON.stringify(u.slice(0, 60))}` })),
    );
  }
  if (names.length === 0)
    throw new InvalidInput('fields is empty', [{ name: 'fields', reason: 'list at least one field' }]);
  return names;
}

interface SnapshotRow {
  snapshot_id: string;
  segment_id: string;
  model_version: string | null;
  created_at: string;
  size: number;
  treatment_size: number;
  holdout_size: number;
  trigger_mix: string;
  expires_at: string | null;
}

async function loadSnapshot(
  db: Reader,
  snapshotId: string,
  segmentId: string,
  now: Date,
): Promise<SnapshotRow> {
  const rows = await db.query<SnapshotRow & Record<string, unknown>>(
    `SELECT snapshot_id, segment_id, model_version, created_at, size, treatment_size, holdout_size, trigger_mix, expires_at,
       expires_at IS NOT NULL AND expires_at <= CAST($2 AS TIMESTAMP) AS expired
     FROM segment_snapshots WHERE snapshot_id = $1`,
    [snapshotId, sqlTime(now)],
  );
  const r = rows[0];
  if (r && r.segment_id !== segmentId) {
    throw new InvalidInput('The cursor belongs to another segment.', [
      { name: 'cursor', reason: 'issued for another segment' },
    ]);
  }
  if (!r || r.expired) {
    throw new AppError(
      410,
      'cursor-expired',
      'The snapshot this cursor pages through has expired; start again from the first page.',
      [{ name: 'cursor', reason: 'expired' }],
    );
  }
  return r;
}

interface Position {
  column: 'rank' | 'arank';
  assignment: AssignmentFilter;
  trigger: string | null;
  /** `search` of the customers page: a customer id or e-mail domain fragment. */
  search: string | null;
}

/** A LIKE pattern that finds `text` anywhere, its own % and _ matched literally. */
function containsPattern(text: string): string {
  return `%${text.toLowerCase().replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
}

/**
 * The members matching a search: the customer id contains the text, or the e-mail address's
 * domain does (a leading "@" is the domain's own). Portable SQL (split_part, LIKE … ESCAPE).
 */
function searchCondition(search: string, params: SqlValue[]): string {
  params.push(containsPattern(search), containsPattern(search.replace(/^@/, '')));
  const id = params.length - 1;
  const domain = params.length;
  return `(lower(customer_id) LIKE $${id} ESCAPE '\\' OR customer_id IN (SELECT customer_id FROM customers WHERE lower(split_part(email_address, '@', 2)) LIKE $${domain} ESCAPE '\\'))`;
}

/**
 * One page of members after position `after`: an exact keyset range on the dense rank when no
 * trigger filter applies, else the next `limit` matches in rank order.
 */
async function readRange(
  db: Reader,
  snapshotId: string,
  pos: Position,
  after: number,
  limit: number,
  fields: string[] | null,
): Promise<{ json: string[]; last: number; more: boolean | null }> {
  const params: SqlValue[] = [snapshotId];
  const where = ['snapshot_id = $1'];
  if (pos.assignment !== 'all') {
    params.push(pos.assignment);
    where.push(`assignment = $${params.length}`);
  }
  let tail: string;
  let fetch = limit;
  if (pos.search !== null) where.push(searchCondition(pos.search, params));
  if (pos.trigger === null && pos.search === null) {
    params.push(after + 1, after + limit);
    where.push(`${pos.column} BETWEEN $${params.length - 1} AND $${params.length}`);
    tail = `ORDER BY ${pos.column}`;
  } else {
    if (pos.trigger !== null) {
      params.push(pos.trigger);
      where.push(`trigger = $${params.length}`);
    }
    params.push(after);
    where.push(`${pos.column} > $${params.length}`);
    fetch = limit + 1;
    tail = `ORDER BY ${pos.column} LIMIT ${fetch}`;
  }
  const rows = await db.query<{ j: string; k: number }>(
    `SELECT profile_json AS j, ${pos.column} AS k FROM segment_members WHERE ${where.join(' AND ')} ${tail}`,
    params,
  );
  const more = pos.trigger === null && pos.search === null ? null : rows.length > limit;
  const projection = fields ? new FieldProjection(fields) : null;
  const page = rows.slice(0, limit);
  return {
    // A sparse field set is copied out of each pre-rendered profile (see json-fields.ts).
    json: fields ? page.map((r) => projection!.project(Buffer.from(r.j))) : page.map((r) => r.j),
    last: page.length ? page[page.length - 1]!.k : after,
    more,
  };
}

function sizeFor(snap: SnapshotRow, assignment: AssignmentFilter): number {
  return assignment === 'all'
    ? snap.size
    : assignment === 'treatment'
      ? snap.treatment_size
      : snap.holdout_size;
}

/**
 * The segment and its current snapshot, kept between requests by the server, which is the only
 * writer of its database and drops an entry whenever it writes to that segment. A generation
 * count keeps a read that raced with a write from caching what it saw before the write.
 */
export class SegmentHeadCache {
  private readonly entries = new Map<string, { seg: SegmentOut; snap: SnapshotRow | null }>();
  private generation = 0;

  async get(
    db: Reader,
    segmentId: string,
    now: Date,
  ): Promise<{ seg: SegmentOut; snap: SnapshotRow | null }> {
    const hit = this.entries.get(segmentId);
    if (hit) return hit;
    const gen = this.generation;
    const seg = await getSegment(db, segmentId);
    const snap = seg.snapshot_id ? await loadSnapshot(db, seg.snapshot_id, segmentId, now) : null;
    const entry = { seg, snap };
    if (gen === this.generation && this.entries.size < 10_000) this.entries.set(segmentId, entry);
    return entry;
  }

  invalidate(segmentId?: string): void {
    this.generation++;
    if (segmentId === undefined) this.entries.clear();
    else this.entries.delete(segmentId);
  }
}

/**
 * The body of GET /segments/{id}/customers as JSON. The member profiles were rendered when the
 * snapshot was built; here they are only concatenated, never parsed or re-serialised (unless a
 * field subset is asked for). With `pages`, they are read from the snapshot's files; until those
 * exist (or without them), from the database, with the same result.
 */
export async function readCustomersPage(
  db: Reader,
  segmentId: string,
  query: SegmentCustomersQuery,
  now: Date = new Date(),
  cache: SegmentHeadCache = new SegmentHeadCache(),
  pages: SnapshotPageCache | null = null,
): Promise<Buffer> {
  const { seg, snap: current } = await cache.get(db, segmentId, now);
  const fields = parseFields(query.fields);
  let snapshotId: string;
  let after = 0;
  if (query.cursor !== undefined) {
    const c = decodeCursor(query.cursor);
    if (
      c.a !== query.assignment ||
      c.t !== (query.trigger ?? null) ||
      (c.q ?? null) !== (query.search ?? null)
    ) {
      throw new InvalidInput(
        'The cursor was issued for other filters; repeat the assignment, trigger and search of the first page.',
        [{ name: 'cursor', reason: `issued for assignment=${c.a}${c.t ? ` and trigger=${c.t}` : ''}` }],
      );
    }
    snapshotId = c.s;
    after = c.p;
  } else {
    assertReady(seg);
    snapshotId = seg.snapshot_id!;
  }
  const snap =
    current?.snapshot_id === snapshotId ? current : await loadSnapshot(db, snapshotId, segmentId, now);
  const pos: Position = {
    column: query.assignment === 'all' ? 'rank' : 'arank',
    assignment: query.assignment,
    trigger: query.trigger ?? null,
    search: query.search ?? null,
  };
  // The snapshot files index rank, assignment and trigger only: a search reads the database.
  const files = pages && pos.search === null ? await pages.get(snapshotId) : null;
  if (files) {
    const page = await files.page(files.view(query.assignment, pos.trigger), after, query.limit, fields);
    return assemble(seg, snap, query.assignment, {
      total: page.total,
      members: page.parts,
      more: page.more && page.rows > 0,
      last: page.last,
      trigger: pos.trigger,
    });
  }
  const page = await readRange(db, snapshotId, pos, after, query.limit, fields);
  let total = sizeFor(snap, query.assignment);
  if (pos.trigger !== null || pos.search !== null) {
    const params: SqlValue[] = [snapshotId];
    const where = ['snapshot_id = $1'];
    if (pos.trigger !== null) {
      params.push(pos.trigger);
      where.push(`trigger = $${params.length}`);
    }
    if (query.assignment !== 'all') {
      params.push(query.assignment);
      where.push(`assignment = $${params.length}`);
    }
    if (pos.search !== null) where.push(searchCondition(pos.search, params));
    const n = await db.query<{ n: number }>(
      `SELECT count(*) AS n FROM segment_members WHERE ${where.join(' AND ')}`,
      params,
    );
    total = n[0]?.n ?? 0;
  }
  return assemble(seg, snap, query.assignment, {
    total,
    members: page.json.length ? [Buffer.from(page.json.join(','))] : [],
    more: (page.more ?? page.last < total) && page.json.length > 0,
    last: page.last,
    trigger: pos.trigger,
    search: pos.search,
  });
}

interface PageContent {
  total: number;
  /** The members' JSON, comma-separated. */
  members: Buffer[];
  more: boolean;
  /** The cursor position of the last member served. */
  last: number;
  trigger: string | null;
  search?: string | null;
}

function assemble(
  seg: SegmentOut,
  snap: SnapshotRow,
  assignment: AssignmentFilter,
  { total, members, more, last, trigger, search }: PageContent,
): Buffer {
  const nextCursor = more
    ? encodeCursor({
        v: 1,
        s: snap.snapshot_id,
        p: last,
        a: assignment,
        t: trigger,
        ...(search ? { q: search } : {}),
      })
    : null;
  const head: Record<string, unknown> = {
    segment_id: seg.segment_id,
    name: seg.name,
    recommended_trigger: seg.recommended_trigger,
    recommended_trigger_params: seg.recommended_trigger_params,
  };
  if (seg.recommended_trigger === null) head.trigger_mix = JSON.parse(snap.trigger_mix);
  Object.assign(head, {
    criteria: seg.criteria,
    criteria_text: seg.criteria_text,
    model_version: snap.model_version,
    snapshot_id: snap.snapshot_id,
    generated_at: snap.created_at,
    assignment,
    total,
  });
  // Why the segment holds nobody (Segment.note): an empty page says it too.
  if (seg.note) head.note = seg.note;
  const headText = JSON.stringify(head);
  return Buffer.concat([
    Buffer.from(`${headText.slice(0, -1)},"customer_profiles":[`),
    ...members,
    Buffer.from(`],"next_cursor":${JSON.stringify(nextCursor)}}`),
  ]);
}

const CSV_DEFAULT_FIELDS = MEMBER_FIELD_NAMES.filter((n) => FIELDS_BY_NAME.get(n)?.type !== 'json');
const EXPORT_PAGE = 2000;

function csvCell(v: unknown): string {
  if (v === null || v === undefined) return '';
  let s: string;
  if (typeof v === 'string') {
    // A cell that starts like a formula is neutralised, so opening the file in a spreadsheet runs nothing.
    s = /^[=+\-@\t\r]/.test(v) ? `'${v}` : v;
  } else if (typeof v === 'object') s = JSON.stringify(v);
  else s = String(v);
  return /[",\r\n]/.test(s) ? `"${s.replaceAll('"', '""')}"` : s;
}

/**
 * The whole segment (its current snapshot) as NDJSON or CSV, streamed: pages are read only as
 * fast as the consumer takes them (Readable.from pulls the generator on demand), so memory stays
 * bounded by one page whatever the segment's size. Read from the snapshot's files when `pages`
 * has them, else from the database.
 */
export async function exportMembers(
  db: Reader,
  segmentId: string,
  query: SegmentExportQuery,
  now: Date = new Date(),
  pages: SnapshotPageCache | null = null,
): Promise<{ stream: Readable; snapshotId: string; contentType: string }> {
  const seg = await getSegment(db, segmentId);
  assertReady(seg);
  const requested = parseFields(query.fields);
  const snap = await loadSnapshot(db, seg.snapshot_id!, segmentId, now);
  const pos: Position = {
    column: query.assignment === 'all' ? 'rank' : 'arank',
    assignment: query.assignment,
    trigger: query.trigger ?? null,
    search: null,
  };
  const total = sizeFor(snap, query.assignment);
  const csv = query.format === 'csv';
  const columns = requested ?? (csv ? CSV_DEFAULT_FIELDS : null);
  const files = pages ? await pages.get(snap.snapshot_id) : null;
  async function* fromFiles(f: SnapshotPages): AsyncGenerator<string | Buffer> {
    if (csv) yield `${columns!.join(',')}\n`;
    const view = f.view(query.assignment, pos.trigger);
    for (let start = 0; start < view.ranks.length; start += EXPORT_PAGE) {
      const end = Math.min(view.ranks.length, start + EXPORT_PAGE);
      if (csv) {
        const rows = await f.objects(view, start, end);
        yield `${rows.map((o) => columns!.map((c) => csvCell(o[c])).join(',')).join('\n')}\n`;
      } else {
        yield await f.ndjson(view, start, end, columns);
      }
    }
  }
  async function* lines(): AsyncGenerator<string> {
    if (csv) yield `${columns!.join(',')}\n`;
    let after = 0;
    for (;;) {
      const page = await readRange(db, snap.snapshot_id, pos, after, EXPORT_PAGE, csv ? null : columns);
      if (page.json.length === 0) return;
      if (csv) {
        const out: string[] = [];
        for (const j of page.json) {
          const o = JSON.parse(j) as Record<string, unknown>;
          out.push(columns!.map((c) => csvCell(o[c])).join(','));
        }
        yield `${out.join('\n')}\n`;
      } else {
        yield `${page.json.join('\n')}\n`;
      }
      after = page.last;
      if (page.more === false || (page.more === null && after >= total)) return;
    }
  }
  return {
    stream: Readable.from(files ? fromFiles(files) : lines(), { objectMode: false, highWaterMark: 1 << 16 }),
    snapshotId: snap.snapshot_id,
    contentType: csv ? 'text/csv; charset=utf-8' : 'application/x-ndjson',
  };
}
