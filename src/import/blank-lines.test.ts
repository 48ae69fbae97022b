import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { blankLineNumbers } from './blank-lines.ts';

let dir: string;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'aether-blank-'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const blanks = (name: string, content: string | Buffer) => {
  const path = join(dir, name);
  writeFileSync(path, content);
  return blankLineNumbers(path);
};

describe('blank lines of a CSV file, numbered as DuckDB numbers lines', () => {
  it('none in an ordinary file, whatever its line ends', () => {
    expect(blanks('plain.csv', 'a,b\n1,2\n3,4\n')).toEqual([]);
    expect(blanks('crlf.csv', 'a,b\r\n1,2\r\n3,4\r\n')).toEqual([]);
    expect(blanks('cr.csv', 'a,b\r1,2\r3,4\r')).toEqual([]);
  });

  it('counts a quoted field with line breaks as one line, and an empty line inside quotes as none', () => {
    expect(blanks('quoted.csv', 'a,b\n1,"x\n\ny"\n\n3,4\n')).toEqual([3]);
  });

  it('finds blank lines with \\n, \\r\\n and \\r line ends, after a byte order mark, and at the end', () => {
    expect(blanks('lf.csv', 'a,b\n1,2\n\n3,4\n\n')).toEqual([3, 5]);
    expect(blanks('crlf2.csv', 'a,b\r\n\r\n1,2\r\n')).toEqual([2]);
    expect(blanks('cr2.csv', 'a,b\r1,2\r\r3,4\r')).toEqual([3]);
    expect(
      blanks('bom.csv', Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from('a,b\n\n1,2\n')])),
    ).toEqual([2]);
  });

  it('finds a blank line whose two line breaks fall on either side of a 1 MiB read', () => {
    // Line 1 ends at byte 2^20 - 1, so "\n" + "\n" straddles the first read.
    const head = `${'x'.repeat((1 << 20) - 1)}\n`;
    expect(blanks('straddle.csv', `${head.slice(0, -1)}\n\n1,2\n`)).toEqual([2]);
    expect(blanks('straddle-none.csv', `${head}1,2\n`)).toEqual([]);
  });
});
