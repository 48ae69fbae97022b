import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const run = promisify(execFile);
const bin = join(dirname(fileURLToPath(import.meta.url)), '..', '..', 'bin', 'aether.js');
let dir: string;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'aether-score-out-'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('aether score --out into a folder that does not exist', () => {
  it('is a 400 naming the folder, before any scoring (was: an internal ENOENT after the run)', async () => {
    const out = join(dir, 'no-such-folder', 'scores.csv');
    const failed = await run(process.execPath, [
      bin,
      'score',
      '--out',
      out,
      '--db',
      join(dir, 'x.duckdb'),
      '--json',
    ]).then(
      () => null,
      (e: { stdout: string; code: number }) => e,
    );
    expect(failed?.code).toBe(2);
    expect(JSON.parse(failed?.stdout ?? '{}')).toEqual({
      error: {
        type: 'invalid-input',
        status: 400,
        detail: `--out ${out}: the folder ${dirname(out)} does not exist`,
        invalid_params: [{ name: 'out', reason: 'folder does not exist' }],
      },
    });
  });
});
