import { closeSync, openSync, readSync } from 'node:fs';

const CHUNK = 1 << 20;
const LF = 0x0a;
const CR = 0x0d;
const QUOTE = 0x22;

/**
 * The line numbers (1-based) of the blank lines of a CSV file, counted the way DuckDB's CSV reader
 * counts the lines it names in its rejects: a record is one line however many line breaks its
 * quoted fields hold, and a blank line is a line. DuckDB skips blank lines without a trace, so
 * without this every row after one was numbered one too low, and a rejected row's number (from
 * DuckDB's line) and the accepted rows' numbers (by position) disagreed: an error named a row
 * holding other values than the one at fault (found with a blank line before a ragged row).
 *
 * Most files have no blank line: a first pass looks only for two line breaks in a row (native
 * Buffer.indexOf), and only a file that has them is walked byte by byte with its quotes.
 */
export function blankLineNumbers(path: string): number[] {
  return hasEmptyLine(path) ? walk(path) : [];
}

function eachChunk(path: string, visit: (chunk: Buffer) => boolean | undefined): void {
  const fd = openSync(path, 'r');
  try {
    const buf = Buffer.alloc(CHUNK);
    for (;;) {
      const n = readSync(fd, buf, 0, CHUNK, null);
      if (n === 0) return;
      if (visit(buf.subarray(0, n)) === false) return;
    }
  } finally {
    closeSync(fd);
  }
}

/** Whether two line breaks follow each other anywhere (\n\n, \n\r\n, \r\r), quotes ignored. */
function hasEmptyLine(path: string): boolean {
  let found = false;
  let tail = Buffer.alloc(0);
  const pairs = (b: Buffer) => b.includes('\n\n') || b.includes('\n\r\n') || b.includes('\r\r');
  eachChunk(path, (chunk) => {
    // With the last two bytes of the previous chunk, so a pair split across chunks is seen.
    found = pairs(chunk) || (tail.length > 0 && pairs(Buffer.concat([tail, chunk.subarray(0, 2)])));
    tail = Buffer.from(chunk.subarray(Math.max(0, chunk.length - 2)));
    return !found;
  });
  return found;
}

function walk(path: string): number[] {
  const blanks: number[] = [];
  let line = 1;
  let quoted = false;
  let empty = true; // nothing but a \r seen on this line yet
  let afterCr = false; // the previous byte was a \r that ended a line (\r\n is one break)
  let first = true;
  eachChunk(path, (chunk) => {
    let i = 0;
    // A UTF-8 byte order mark is not content.
    if (first && chunk[0] === 0xef && chunk[1] === 0xbb && chunk[2] === 0xbf) i = 3;
    first = false;
    for (; i < chunk.length; i++) {
      const c = chunk[i] as number;
      if (afterCr) {
        afterCr = false;
        if (c === LF) continue;
      }
      if (c === QUOTE) {
        quoted = !quoted;
        empty = false;
      } else if (!quoted && (c === LF || c === CR)) {
        if (empty && line > 1) blanks.push(line);
        line++;
        empty = true;
        afterCr = c === CR;
      } else empty = false;
    }
    return undefined;
  });
  return blanks;
}
