import {
  closeSync,
  mkdirSync,
  openSync,
  readdirSync,
  readFileSync,
  renameSync,
  rmSync,
  statSync,
  writeSync,
} from 'node:fs';
import { type FileHandle, open } from 'node:fs/promises';
import { join } from 'node:path';
import { type AssignmentFilter, MEMBER_FIELD_NAMES } from '../contracts/api.ts';
import { FIELDS_BY_NAME } from '../contracts/fields.ts';
import type { Store } from '../store/store.ts';
import { FieldProjection } from './json-fields.ts';

type Reader = Pick<Store, 'query'>;

/**
 * A snapshot's members as files, for serving pages without the database.
 *
 * A snapshot never changes, so its rendered profiles can be laid out once, in rank order, in an
 * NDJSON file next to the database, with a binary index: the byte offset of every line, its
 * assignment and its trigger. A page is then one or a few positioned reads of contiguous bytes,
 * sent as they are; no query, no parse, no re-serialisation. For pages of a few fields, a third
 * file holds where each flat field's value lies in each line, so those values are sliced out
 * without reading the line's JSON at all. The database stays the source of truth: the files
 * are a derived cache, rebuilt from `segment_members` when missing, and a reader that finds
 * none falls back to the database (with the same bytes).
 *
 * Files: `<snapshot_id>.ndjson`, `<snapshot_id>.spans` and `<snapshot_id>.idx`. The index is
 * renamed into place last, so an index on disk always describes complete data and span files.
 *
 * Index layout: u32le header length, the header as JSON, zero padding to a multiple of 8, then
 * Float64 offsets (count + 1), Uint8 assignments (count: 0 treatment, 1 holdout) and Uint8
 * trigger codes (count, into header.triggers).
 *
 * Span layout: per line, one record of Uint16 (start, end) pairs, one per header.span_fields,
 * relative to the line's start; ABSENT for a field the line lacks. A record whose first start
 * is UNRECORDED (a value beyond 64 kB into its line) is served by walking the line instead.
 */
const FORMAT = 3;
const ABSENT = 0xffff;
const UNRECORDED = 0xfffe;
/** The member fields whose values are flat (no histories): the ones with stored spans. */
const SPAN_FIELDS = MEMBER_FIELD_NAMES.filter((n) => FIELDS_BY_NAME.get(n)?.type !== 'json');
const BUILD_BATCH = 4000;
/** Lines closer than this many bytes are read in one go rather than in two reads. */
const MERGE_GAP_BYTES = 32 * 1024;

interface IndexHeader {
  format: number;
  snapshot_id: string;
  count: number;
  bytes: number;
  triggers: (string | null)[];
  span_fields: string[];
}

const COMMA = Buffer.from(',');
const NEWLINE = Buffer.from('\n');

/** Which members a request pages through: their ranks in order, and the cursor key of each. */
export interface MemberView {
  ranks: Int32Array;
  /** The cursor position of each member: its rank (assignment "all") or its rank within its assignment. */
  keys: Int32Array;
}

export interface FilePage {
  /** The page's members as JSON, separated by commas (ready to go between `[` and `]`). */
  parts: Buffer[];
  rows: number;
  /** The cursor key of the last member served (or `after` when none). */
  last: number;
  more: boolean;
  total: number;
}

function dataPath(dir: string, id: string): string {
  return join(dir, `${id}.ndjson`);
}
function indexPath(dir: string, id: string): string {
  return join(dir, `${id}.idx`);
}
function spansPath(dir: string, id: string): string {
  return join(dir, `${id}.spans`);
}

const SNAPSHOT_FILE = /^(snap_[a-z0-9]{1,40})\.(ndjson|spans|idx)$/;

export class SnapshotPages {
  readonly count: number;
  private readonly views = new Map<string, MemberView>();
  private arankOf: Int32Array | null = null;

  /** Bytes of one line's span record. */
  private readonly recordBytes: number;
  private readonly spanSlot: Map<string, number>;

  private constructor(
    readonly snapshotId: string,
    private readonly dir: string,
    private readonly offsets: Float64Array,
    private readonly assignment: Uint8Array,
    private readonly trigger: Uint8Array,
    private readonly triggers: (string | null)[],
    spanFields: string[],
  ) {
    this.count = assignment.length;
    this.recordBytes = 4 * spanFields.length;
    this.spanSlot = new Map(spanFields.map((f, j) => [f, j]));
  }

  /** Opens a snapshot's files; null when they are missing or do not describe each other. */
  static async open(dir: string, snapshotId: string): Promise<SnapshotPages | null> {
    let raw: Buffer;
    try {
      raw = readFileSync(indexPath(dir, snapshotId));
    } catch {
      return null;
    }
    const parsed = parseIndex(raw, snapshotId);
    if (!parsed) return null;
    const { header } = parsed;
    try {
      if (statSync(dataPath(dir, snapshotId)).size !== header.bytes) return null;
      if (statSync(spansPath(dir, snapshotId)).size !== header.count * 4 * header.span_fields.length)
        return null;
    } catch {
      return null;
    }
    return new SnapshotPages(
      snapshotId,
      dir,
      parsed.offsets,
      parsed.assignment,
      parsed.trigger,
      header.triggers,
      header.span_fields,
    );
  }

  /**
   * The open data and span files, opened on first read. Closing only gives back the descriptors:
   * a request (or a long export) still holding this object after the cache evicted it reopens
   * them for its reads and closes them again when its last read ends.
   */
  private handles: Promise<{ data: FileHandle; spans: FileHandle }> | null = null;
  private busy = 0;
  private closing = false;

  /** Gives back the file descriptors once the reads in flight are done. */
  async close(): Promise<void> {
    this.closing = true;
    if (this.busy === 0) await this.closeFiles();
  }

  /** Never rejects: it runs detached (eviction) and in `finally` blocks, where a rejection would be lost. */
  private async closeFiles(): Promise<void> {
    const h = this.handles;
    this.handles = null;
    if (!h) return;
    try {
      const { data, spans } = await h;
      await Promise.allSettled([data.close(), spans.close()]);
    } catch {
      // The open failed: openBoth already closed whatever it had opened.
    }
  }

  private async using<T>(fn: (h: { data: FileHandle; spans: FileHandle }) => Promise<T>): Promise<T> {
    this.busy++;
    try {
      if (!this.handles) {
        const opening = this.openBoth();
        this.handles = opening;
        // A failed open is not kept: the next read tries again instead of failing for good.
        opening.catch(() => {
          if (this.handles === opening) this.handles = null;
        });
      }
      return await fn(await this.handles);
    } finally {
      if (--this.busy === 0 && this.closing) await this.closeFiles();
    }
  }

  /** Both files, or neither: a data file opened before the span file failed to open is closed again. */
  private async openBoth(): Promise<{ data: FileHandle; spans: FileHandle }> {
    const data = await open(dataPath(this.dir, this.snapshotId), 'r');
    try {
      return { data, spans: await open(spansPath(this.dir, this.snapshotId), 'r') };
    } catch (e) {
      await data.close().catch(() => {});
      throw e;
    }
  }

  /** The members an assignment and trigger filter select, in rank order (cached per filter). */
  view(assignment: AssignmentFilter, trigger: string | null): MemberView {
    const key = `${assignment}|${trigger ?? ''}`;
    const hit = this.views.get(key);
    if (hit) return hit;
    const wantAssignment = assignment === 'all' ? -1 : assignment === 'holdout' ? 1 : 0;
    const code = trigger === null ? -1 : this.triggers.indexOf(trigger);
    const arank = wantAssignment >= 0 ? this.aranks() : null;
    const ranks: number[] = [];
    const keys: number[] = [];
    if (trigger === null || code >= 0) {
      for (let i = 0; i < this.count; i++) {
        if (wantAssignment >= 0 && this.assignment[i] !== wantAssignment) continue;
        if (code >= 0 && this.trigger[i] !== code) continue;
        ranks.push(i + 1);
        keys.push(arank ? arank[i]! : i + 1);
      }
    }
    const view = { ranks: Int32Array.from(ranks), keys: Int32Array.from(keys) };
    this.views.set(key, view);
    return view;
  }

  /** The rank of each member within its assignment (1-based), as `segment_members.arank`. */
  private aranks(): Int32Array {
    if (this.arankOf) return this.arankOf;
    const out = new Int32Array(this.count);
    const seen = [0, 0];
    for (let i = 0; i < this.count; i++) out[i] = ++seen[this.assignment[i]!]!;
    this.arankOf = out;
    return out;
  }

  /**
   * The page after cursor key `after`: the next `limit` members of the view. Full profiles are
   * the stored bytes; with `fields`, the values asked for are copied out of them.
   */
  async page(view: MemberView, after: number, limit: number, fields: string[] | null): Promise<FilePage> {
    const start = firstAfter(view.keys, after);
    const end = Math.min(view.ranks.length, start + limit);
    const lines = await this.lines(view.ranks, start, end);
    const parts: Buffer[] = [];
    if (fields) {
      const projected = await this.projected(view.ranks, start, end, lines, fields);
      if (projected.length > 0) parts.push(Buffer.from(projected.join(',')));
    } else {
      for (let i = 0; i < lines.length; i++) {
        if (i > 0) parts.push(COMMA);
        parts.push(lines[i]!);
      }
    }
    return {
      parts,
      rows: lines.length,
      last: end > start ? view.keys[end - 1]! : after,
      more: end < view.ranks.length,
      total: view.ranks.length,
    };
  }

  /** Members start..end-1 of a view as NDJSON (full profiles, or the values of `fields`). */
  async ndjson(view: MemberView, start: number, end: number, fields: string[] | null): Promise<Buffer> {
    const lines = await this.lines(view.ranks, start, end);
    if (fields) {
      const projected = await this.projected(view.ranks, start, end, lines, fields);
      return Buffer.from(projected.length ? `${projected.join('\n')}\n` : '');
    }
    const parts: Buffer[] = [];
    for (const l of lines) parts.push(l, NEWLINE);
    return Buffer.concat(parts);
  }

  /** Parsed members start..end-1 of a view (for CSV). */
  async objects(view: MemberView, start: number, end: number): Promise<Record<string, unknown>[]> {
    const lines = await this.lines(view.ranks, start, end);
    return lines.map((l) => JSON.parse(l.toString('utf8')) as Record<string, unknown>);
  }

  /**
   * `fields` of each line, as JSON objects: sliced out by the stored spans when every field is
   * flat, else by walking the line.
   */
  private async projected(
    ranks: Int32Array,
    start: number,
    end: number,
    lines: Buffer[],
    fields: string[],
  ): Promise<string[]> {
    const projection = new FieldProjection(fields);
    const slots = fields.map((f) => this.spanSlot.get(f) ?? -1);
    if (slots.some((j) => j < 0)) return lines.map((l) => projection.project(l));
    const records = await this.spanRecords(ranks, start, end);
    const spans = new Int32Array(2 * fields.length);
    return lines.map((line, i) => {
      const rec = records[i]!;
      const at = (j: number) => rec.readUInt16LE(2 * j);
      if (at(0) === UNRECORDED) return projection.project(line);
      for (let k = 0; k < slots.length; k++) {
        const from = at(2 * slots[k]!);
        spans[2 * k] = from === ABSENT ? -1 : from;
        spans[2 * k + 1] = at(2 * slots[k]! + 1);
      }
      return projection.render(line, spans);
    });
  }

  /** The lines (without their newline) of ranks[start..end). */
  private lines(ranks: Int32Array, start: number, end: number): Promise<Buffer[]> {
    return this.using((h) =>
      readSlices(
        h.data,
        `${this.snapshotId}.ndjson`,
        ranks,
        start,
        end,
        (r) => this.offsets[r - 1]!,
        (r) => this.offsets[r]!,
        1,
      ),
    );
  }

  /** The span records of ranks[start..end). */
  private spanRecords(ranks: Int32Array, start: number, end: number): Promise<Buffer[]> {
    const size = this.recordBytes;
    return this.using((h) =>
      readSlices(
        h.spans,
        `${this.snapshotId}.spans`,
        ranks,
        start,
        end,
        (r) => (r - 1) * size,
        (r) => r * size,
        0,
      ),
    );
  }
}

/**
 * Slices [from(r), to(r) - trim) of a file for each rank of ranks[start..end), read in as few
 * positioned reads as possible: consecutive ranks, and ranks a small gap apart, share one read.
 */
async function readSlices(
  file: FileHandle,
  name: string,
  ranks: Int32Array,
  start: number,
  end: number,
  from: (rank: number) => number,
  to: (rank: number) => number,
  trim: number,
): Promise<Buffer[]> {
  const out: Buffer[] = new Array(end - start);
  const reads: Promise<void>[] = [];
  let i = start;
  while (i < end) {
    const first = i;
    let j = i + 1;
    while (j < end && from(ranks[j]!) - to(ranks[j - 1]!) <= MERGE_GAP_BYTES) j++;
    const lo = from(ranks[first]!);
    const hi = to(ranks[j - 1]!);
    const last = j;
    reads.push(
      readRange(file, name, lo, hi).then((buf) => {
        for (let k = first; k < last; k++) {
          const r = ranks[k]!;
          out[k - start] = buf.subarray(from(r) - lo, to(r) - lo - trim);
        }
      }),
    );
    i = j;
  }
  await Promise.all(reads);
  return out;
}

async function readRange(file: FileHandle, name: string, from: number, to: number): Promise<Buffer> {
  const buf = Buffer.allocUnsafe(to - from);
  let done = 0;
  while (done < buf.length) {
    const { bytesRead } = await file.read(buf, done, buf.length - done, from + done);
    if (bytesRead === 0) throw new Error(`snapshot file ${name} is shorter than its index`);
    done += bytesRead;
  }
  return buf;
}

/** The index of the first key greater than `after` (keys ascend). */
function firstAfter(keys: Int32Array, after: number): number {
  let lo = 0;
  let hi = keys.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (keys[mid]! <= after) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

function parseIndex(
  raw: Buffer,
  snapshotId: string,
): {
  header: IndexHeader;
  offsets: Float64Array;
  assignment: Uint8Array;
  trigger: Uint8Array;
} | null {
  try {
    const headerLength = raw.readUInt32LE(0);
    const header = JSON.parse(raw.toString('utf8', 4, 4 + headerLength)) as IndexHeader;
    if (header.format !== FORMAT || header.snapshot_id !== snapshotId) return null;
    const n = header.count;
    let at = align8(4 + headerLength);
    const take = (bytes: number) => {
      const part = raw.subarray(at, at + bytes);
      if (part.length !== bytes) throw new Error('truncated index');
      at += bytes;
      // A copy: typed arrays need aligned, owned memory.
      return new Uint8Array(part).buffer;
    };
    const offsets = new Float64Array(take(8 * (n + 1)));
    const assignment = new Uint8Array(take(n));
    const trigger = new Uint8Array(take(n));
    if (offsets[n] !== header.bytes) return null;
    return { header, offsets, assignment, trigger };
  } catch {
    return null;
  }
}

function align8(n: number): number {
  return Math.ceil(n / 8) * 8;
}

/**
 * Writes a snapshot's files from `segment_members`, in batches of ranks so memory stays bounded
 * by one batch whatever the snapshot's size. Temporary files are removed on failure.
 */
export async function buildSnapshotPages(db: Reader, dir: string, snapshotId: string): Promise<void> {
  mkdirSync(dir, { recursive: true });
  const countRows = await db.query<{ n: number }>(
    'SELECT count(*) AS n FROM segment_members WHERE snapshot_id = $1',
    [snapshotId],
  );
  const n = Number(countRows[0]?.n ?? 0);
  const tag = `${process.pid}-${Date.now().toString(36)}`;
  const dataTmp = `${dataPath(dir, snapshotId)}.tmp-${tag}`;
  const spansTmp = `${spansPath(dir, snapshotId)}.tmp-${tag}`;
  const indexTmp = `${indexPath(dir, snapshotId)}.tmp-${tag}`;
  const spanProjection = new FieldProjection(SPAN_FIELDS);
  const spans = new Int32Array(2 * SPAN_FIELDS.length);
  const offsets = new Float64Array(n + 1);
  const assignment = new Uint8Array(n);
  const trigger = new Uint8Array(n);
  const triggers: (string | null)[] = [];
  const codes = new Map<string | null, number>();
  const fd = openSync(dataTmp, 'w');
  const sfd = openSync(spansTmp, 'w');
  try {
    let bytes = 0;
    for (let lo = 1; lo <= n; lo += BUILD_BATCH) {
      const hi = Math.min(n, lo + BUILD_BATCH - 1);
      const rows = await db.query<{ rank: number; assignment: string; trigger: string | null; j: string }>(
        `SELECT rank, assignment, trigger, profile_json AS j FROM segment_members
         WHERE snapshot_id = $1 AND rank BETWEEN $2 AND $3 ORDER BY rank`,
        [snapshotId, lo, hi],
      );
      if (rows.length !== hi - lo + 1)
        throw new Error(`snapshot ${snapshotId}: ranks ${lo}..${hi} are not dense (${rows.length} rows)`);
      const chunks: Buffer[] = [];
      const records = Buffer.alloc(rows.length * 4 * SPAN_FIELDS.length);
      let rec = 0;
      for (const r of rows) {
        const i = Number(r.rank) - 1;
        const line = Buffer.from(`${r.j}\n`);
        offsets[i] = bytes;
        assignment[i] = r.assignment === 'holdout' ? 1 : 0;
        let code = codes.get(r.trigger);
        if (code === undefined) {
          code = triggers.length;
          if (code > 255) throw new Error(`snapshot ${snapshotId}: more than 256 triggers`);
          codes.set(r.trigger, code);
          triggers.push(r.trigger);
        }
        trigger[i] = code;
        bytes += line.length;
        chunks.push(line);
        spanProjection.spans(line, 0, line.length - 1, spans);
        const recorded = spans.every((v) => v < UNRECORDED);
        for (let j = 0; j < spans.length; j += 2) {
          records.writeUInt16LE(spans[j]! < 0 ? ABSENT : recorded ? spans[j]! : UNRECORDED, rec);
          records.writeUInt16LE(spans[j]! < 0 ? ABSENT : recorded ? spans[j + 1]! : UNRECORDED, rec + 2);
          rec += 4;
        }
      }
      writeAll(fd, Buffer.concat(chunks));
      writeAll(sfd, records);
    }
    offsets[n] = bytes;
    closeSync(fd);
    closeSync(sfd);
    const header: IndexHeader = {
      format: FORMAT,
      snapshot_id: snapshotId,
      count: n,
      bytes,
      triggers,
      span_fields: [...SPAN_FIELDS],
    };
    const headerBytes = Buffer.from(JSON.stringify(header));
    const head = Buffer.alloc(align8(4 + headerBytes.length));
    head.writeUInt32LE(headerBytes.length, 0);
    headerBytes.copy(head, 4);
    const ifd = openSync(indexTmp, 'w');
    try {
      for (const part of [head, offsets, assignment, trigger])
        writeAll(ifd, Buffer.from(part.buffer, part.byteOffset, part.byteLength));
    } finally {
      closeSync(ifd);
    }
    renameSync(dataTmp, dataPath(dir, snapshotId));
    renameSync(spansTmp, spansPath(dir, snapshotId));
    renameSync(indexTmp, indexPath(dir, snapshotId));
  } catch (e) {
    for (const open of [fd, sfd]) {
      try {
        closeSync(open);
      } catch {
        // already closed
      }
    }
    for (const tmp of [dataTmp, spansTmp, indexTmp]) rmSync(tmp, { force: true });
    throw e;
  }
}

function writeAll(fd: number, buf: Buffer): void {
  let done = 0;
  while (done < buf.length) done += writeSync(fd, buf, done, buf.length - done);
}

/**
 * The server's open snapshot files: opened on first use, built in the background when missing
 * (the request that found them missing is served from the database), and closed beyond
 * `maxOpen` snapshots, least recently used first.
 */
export class SnapshotPageCache {
  private readonly opened = new Map<string, SnapshotPages>();
  private readonly opening = new Map<string, Promise<SnapshotPages | null>>();
  private readonly building = new Map<string, Promise<SnapshotPages | null>>();
  private readonly failedAt = new Map<string, number>();
  private closed = false;

  constructor(
    readonly dir: string,
    private readonly reader: Reader,
    private readonly onError: (snapshotId: string, error: Error) => void = () => {},
    private readonly maxOpen = 32,
  ) {}

  /** The snapshot's files if they are ready; else null, and a build is started. */
  async get(snapshotId: string): Promise<SnapshotPages | null> {
    if (this.closed) return null;
    const hit = this.opened.get(snapshotId);
    if (hit) {
      this.opened.delete(snapshotId);
      this.opened.set(snapshotId, hit);
      return hit;
    }
    if (this.building.has(snapshotId)) return null;
    const existing = await this.openExisting(snapshotId);
    if (existing || this.closed) return existing;
    // A build that failed is not retried at every request.
    if (Date.now() - (this.failedAt.get(snapshotId) ?? Number.NEGATIVE_INFINITY) >= 60_000)
      void this.build(snapshotId);
    return null;
  }

  /** Builds (if needed) and opens the snapshot's files; resolves when they are ready or failed. */
  async ensure(snapshotId: string): Promise<SnapshotPages | null> {
    if (this.closed) return null;
    const hit = this.opened.get(snapshotId);
    if (hit) return hit;
    const building = this.building.get(snapshotId);
    if (building) return building;
    const existing = await this.openExisting(snapshotId);
    if (existing || this.closed) return existing;
    return this.build(snapshotId);
  }

  /** Opens files already on disk, once however many requests ask at the same time. */
  private openExisting(snapshotId: string): Promise<SnapshotPages | null> {
    return this.once(this.opening, snapshotId, async () => {
      const pages = await SnapshotPages.open(this.dir, snapshotId);
      return pages ? this.remember(pages) : null;
    });
  }

  private build(snapshotId: string): Promise<SnapshotPages | null> {
    return this.once(this.building, snapshotId, async () => {
      try {
        await buildSnapshotPages(this.reader, this.dir, snapshotId);
        const pages = await SnapshotPages.open(this.dir, snapshotId);
        return pages ? this.remember(pages) : null;
      } catch (e) {
        this.failedAt.set(snapshotId, Date.now());
        this.onError(snapshotId, e as Error);
        return null;
      }
    });
  }

  private once(
    jobs: Map<string, Promise<SnapshotPages | null>>,
    snapshotId: string,
    run: () => Promise<SnapshotPages | null>,
  ): Promise<SnapshotPages | null> {
    let job = jobs.get(snapshotId);
    if (!job) {
      job = run();
      jobs.set(snapshotId, job);
      // then(clear, clear), not finally(): a rejected job must not leave an unhandled rejection behind.
      const clear = () => {
        if (jobs.get(snapshotId) === job) jobs.delete(snapshotId);
      };
      job.then(clear, clear);
    }
    return job;
  }

  private remember(pages: SnapshotPages): SnapshotPages {
    const old = this.opened.get(pages.snapshotId);
    if (old && old !== pages) void old.close();
    this.opened.set(pages.snapshotId, pages);
    while (this.opened.size > this.maxOpen) {
      const [id, lru] = this.opened.entries().next().value as [string, SnapshotPages];
      this.opened.delete(id);
      void lru.close();
    }
    return pages;
  }

  /**
   * Removes the files of snapshots that no longer exist (deleted segments, purged snapshots) and
   * leftovers of interrupted builds. `live` is every snapshot id the database still holds.
   */
  async sweep(live: ReadonlySet<string>): Promise<number> {
    let names: string[];
    try {
      names = readdirSync(this.dir);
    } catch {
      return 0;
    }
    let removed = 0;
    for (const name of names) {
      const m = SNAPSHOT_FILE.exec(name);
      const id = m?.[1] ?? /^(snap_[a-z0-9]{1,40})\.(ndjson|spans|idx)\.tmp-/.exec(name)?.[1];
      if (!id) continue;
      const stale = !m || !live.has(id);
      if (!stale || this.building.has(id)) continue;
      const open = this.opened.get(id);
      if (open) {
        this.opened.delete(id);
        await open.close();
      }
      rmSync(join(this.dir, name), { force: true });
      removed++;
    }
    return removed;
  }

  /**
   * Waits for every open and build in flight, then closes the files. Once called, nothing new
   * starts: a request that was waiting for an open when close() began would otherwise start a
   * build after it, still querying the reader the caller is about to close.
   */
  async close(): Promise<void> {
    this.closed = true;
    while (this.opening.size + this.building.size > 0)
      await Promise.allSettled([...this.opening.values(), ...this.building.values()]);
    for (const p of this.opened.values()) await p.close();
    this.opened.clear();
  }
}
