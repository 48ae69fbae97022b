import {
  closeSync,
  createReadStream,
  createWriteStream,
  mkdtempSync,
  openSync,
  readSync,
  rmSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { createGunzip } from 'node:zlib';
import { InvalidInput } from '../core/errors.ts';

/**
 * Text encodings a file may be read in. Marketers' files come from Excel and old shop systems:
 * "CSV (Windows)" is Windows-1252, "Unicode text" is UTF-16 with a byte order mark.
 */
export const TEXT_ENCODINGS = ['utf-8', 'latin-1', 'windows-1252', 'utf-16le', 'utf-16be'] as const;
export type TextEncoding = (typeof TEXT_ENCODINGS)[number];

/** WHATWG names, which is what TextDecoder speaks ('latin1' is Windows-1252 there, a superset). */
const DECODER_LABEL: Record<TextEncoding, string> = {
  'utf-8': 'utf-8',
  'latin-1': 'latin1',
  'windows-1252': 'windows-1252',
  'utf-16le': 'utf-16le',
  'utf-16be': 'utf-16be',
};

export function parseEncoding(name: string | undefined): TextEncoding | undefined {
  if (name === undefined) return undefined;
  const n = name.toLowerCase().replace(/_/g, '-');
  const alias: Record<string, TextEncoding> = {
    utf8: 'utf-8',
    'utf-8': 'utf-8',
    latin1: 'latin-1',
    'latin-1': 'latin-1',
    'iso-8859-1': 'latin-1',
    cp1252: 'windows-1252',
    'windows-1252': 'windows-1252',
    'utf-16': 'utf-16le',
    'utf-16le': 'utf-16le',
    'utf-16be': 'utf-16be',
  };
  const found = alias[n];
  if (!found)
    throw new InvalidInput(
      `--encoding must be one of ${TEXT_ENCODINGS.join(', ')}, not ${JSON.stringify(name)}`,
      [{ name: 'encoding', reason: `one of ${TEXT_ENCODINGS.join(', ')}` }],
    );
  return found;
}

/** The file as the importer reads it: a path to plain UTF-8 text (or the Parquet file itself). */
export interface SourceFile {
  /** What to read. The original file, or a decompressed / re-encoded copy in a temp directory. */
  path: string;
  /** What was done to get there, for the import summary ("gunzip", "utf-16le -> utf-8"). */
  steps: string[];
  /** Removes the temp copy, if one was made. */
  dispose(): void;
}

/** The first `bytes` bytes of a file (fewer if it is shorter). */
export function firstBytes(file: string, bytes: number): Buffer {
  const buf = Buffer.alloc(bytes);
  const fd = openSync(file, 'r');
  try {
    return buf.subarray(0, readSync(fd, buf, 0, bytes, 0));
  } finally {
    closeSync(fd);
  }
}

export function isGzip(file: string): boolean {
  const h = firstBytes(file, 2);
  return h.length === 2 && h[0] === 0x1f && h[1] === 0x8b;
}

/** UTF-16 announced by a byte order mark: unambiguous, so read as such without being asked. */
function bomEncoding(bytes: Buffer): TextEncoding | undefined {
  if (bytes[0] === 0xff && bytes[1] === 0xfe) return 'utf-16le';
  if (bytes[0] === 0xfe && bytes[1] === 0xff) return 'utf-16be';
  return undefined;
}

/** Decodes a byte stream in `encoding` and writes it as UTF-8 (a BOM, if any, dropped). */
function reencode(encoding: TextEncoding): Transform {
  const decoder = new TextDecoder(DECODER_LABEL[encoding]);
  return new Transform({
    transform(chunk: Buffer, _enc, done) {
      done(null, Buffer.from(decoder.decode(chunk, { stream: true }), 'utf8'));
    },
    flush(done) {
      done(null, Buffer.from(decoder.decode(), 'utf8'));
    },
  });
}

/**
 * Gives the importer plain UTF-8 text whatever the file is: a gzip file (`orders.csv.gz`) is
 * decompressed and a file in another encoding re-encoded, streamed into a temp copy, so a file
 * larger than memory stays out of memory. The copy costs its size on disk while the import runs.
 * Parquet is binary and compresses itself; it is read as it is.
 */
export async function prepareSource(
  file: string,
  textFormat: boolean,
  encoding: TextEncoding | undefined,
): Promise<SourceFile> {
  const asIs: SourceFile = { path: file, steps: [], dispose: () => {} };
  if (!textFormat) return asIs;
  const gz = isGzip(file);
  // Look at the (decompressed) first bytes for a UTF-16 byte order mark.
  const start = gz ? await gunzippedHead(file) : firstBytes(file, 4);
  const from = encoding ?? bomEncoding(start) ?? 'utf-8';
  if (!gz && from === 'utf-8') return asIs;
  const dir = mkdtempSync(join(tmpdir(), 'aether-import-'));
  const path = join(dir, basename(file).replace(/\.gz$/i, ''));
  const steps = [...(gz ? ['gunzip'] : []), ...(from !== 'utf-8' ? [`${from} -> utf-8`] : [])];
  const dispose = () => rmSync(dir, { recursive: true, force: true });
  try {
    const stages: NodeJS.ReadWriteStream[] = [];
    if (gz) stages.push(createGunzip());
    if (from !== 'utf-8') stages.push(reencode(from));
    await (pipeline as (...s: unknown[]) => Promise<void>)(
      createReadStream(file),
      ...stages,
      createWriteStream(path),
    );
  } catch (e) {
    dispose();
    const why = (e as Error).message;
    throw new InvalidInput(`${file}: cannot be read${gz ? ' as gzip' : ` as ${from}`}: ${why}`, [
      {
        name: `${file}:1:*`,
        reason: gz ? `corrupt or truncated gzip data: ${why}` : `not ${from} text: ${why}`,
      },
    ]);
  }
  return { path, steps, dispose };
}

/** The first few decompressed bytes of a gzip file (a truncated stream is fine for this). */
async function gunzippedHead(file: string): Promise<Buffer> {
  const gunzip = createGunzip();
  const chunks: Buffer[] = [];
  let total = 0;
  await new Promise<void>((resolve) => {
    const input = createReadStream(file, { start: 0, end: 65535 });
    gunzip.on('data', (c: Buffer) => {
      chunks.push(c);
      total += c.length;
      if (total >= 4) {
        input.destroy();
        gunzip.destroy();
        resolve();
      }
    });
    // A corrupt stream is reported by the full decompression with its reason; here just stop.
    gunzip.on('error', () => resolve());
    gunzip.on('end', () => resolve());
    gunzip.on('close', () => resolve());
    input.pipe(gunzip);
  });
  return Buffer.concat(chunks).subarray(0, 4);
}

/**
 * Where a file that should be UTF-8 is not, say so once for the file, with the first bad place and
 * the likely encoding, instead of one "wrong encoding" per row (a 3,000-row Latin-1 file with French place
 * names gave 1,008 of them). Looks at the first 64 KiB.
 */
export function notUtf8(file: string): { line: number; byte: number } | null {
  const bytes = firstBytes(file, 65536);
  // A multi-byte character cut at the end of the sample is not an error: drop up to 3 trailing bytes.
  let end = bytes.length;
  if (bytes.length === 65536) {
    let k = 0;
    while (k < 3 && end > 0 && (bytes[end - 1]! & 0xc0) === 0x80) {
      end--;
      k++;
    }
    if (end > 0 && bytes[end - 1]! >= 0xc0) end--;
  }
  try {
    new TextDecoder('utf-8', { fatal: true }).decode(bytes.subarray(0, end));
    return null;
  } catch {
    // Find the first invalid byte by decoding line by line.
    let line = 1;
    let start = 0;
    for (let i = 0; i <= end; i++) {
      if (i === end || bytes[i] === 0x0a) {
        try {
          new TextDecoder('utf-8', { fatal: true }).decode(bytes.subarray(start, i));
        } catch {
          for (let j = start; j < i; j++) if (bytes[j]! >= 0x80) return { line, byte: bytes[j]! };
          return { line, byte: 0 };
        }
        line++;
        start = i + 1;
      }
    }
    return { line: 1, byte: 0 };
  }
}

/**
 * A copy of the UTF-8 text at `path` with every line end written as LF: CRLF and a lone CR (old
 * Mac tools) become LF. For a CSV whose line ends are mixed (a header written on Windows, rows
 * appended on Linux; files concatenated from two tools), which DuckDB's reader refuses whole ("The
 * CSV Parser state machine reached an invalid state") without a line. Each line end stays one line
 * end, so rows keep their numbers; a line break inside a quoted value becomes LF too. Streamed, like
 * the other copies.
 */
export async function withLfLineEnds(file: string, path: string): Promise<SourceFile> {
  const dir = mkdtempSync(join(tmpdir(), 'aether-import-'));
  const out = join(dir, basename(file).replace(/\.gz$/i, ''));
  const dispose = () => rmSync(dir, { recursive: true, force: true });
  let pendingCr = false;
  const CR = 0x0d;
  const LF = 0x0a;
  const toLf = new Transform({
    transform(chunk: Buffer, _enc, done) {
      let from = 0;
      const parts: Buffer[] = [];
      // A CR at the end of the previous chunk: its LF, if any, is this chunk's first byte.
      if (pendingCr && chunk[0] === LF) from = 1;
      pendingCr = false;
      let start = from;
      for (let i = from; i < chunk.length; i++) {
        if (chunk[i] !== CR) continue;
        parts.push(chunk.subarray(start, i), Buffer.from([LF]));
        if (i + 1 < chunk.length) {
          if (chunk[i + 1] === LF) i++;
        } else pendingCr = true;
        start = i + 1;
      }
      parts.push(chunk.subarray(start));
      done(null, Buffer.concat(parts));
    },
  });
  try {
    await pipeline(createReadStream(path), toLf, createWriteStream(out));
  } catch (e) {
    dispose();
    throw e;
  }
  return { path: out, steps: ['line ends -> LF'], dispose };
}
