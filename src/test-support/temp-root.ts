/**
 * Vitest global setup: every temporary file of a test run lives under one folder of its own,
 * removed when the run ends.
 *
 * Why: the tests make hundreds of temporary databases and input files (`mkdtempSync(tmpdir())` in
 * test helpers, import tests, the e2e harness), and a test that fails or times out never reaches
 * its own cleanup. Pointing TMPDIR at a per-run folder before the workers start (they inherit the
 * environment, and `os.tmpdir()` reads TMPDIR on every call) catches all of them at once, instead
 * of a cleanup hook in every file. A developer's machine no longer fills up run after run.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export default function setup(): () => void {
  const previous = process.env.TMPDIR;
  const root = mkdtempSync(join(tmpdir(), 'aether-test-run-'));
  process.env.TMPDIR = root;
  return () => {
    if (previous === undefined) delete process.env.TMPDIR;
    else process.env.TMPDIR = previous;
    // Kept on request, to look at what a failing test left behind.
    if (process.env.AETHER_KEEP_TEST_TMP) process.stderr.write(`test files kept in ${root}\n`);
    else rmSync(root, { recursive: true, force: true });
  };
}
