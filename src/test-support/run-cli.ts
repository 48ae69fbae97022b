import { execFile } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';

const run = promisify(execFile);

/** The real command line, as a user runs it (`bin/aether.js`, a fresh Node process). */
export const AETHER_BIN = join(dirname(fileURLToPath(import.meta.url)), '..', '..', 'bin', 'aether.js');

export interface CliRun {
  /** The one JSON document on stdout: the result, or the error document of a refused command. */
  doc: Record<string, unknown>;
  stderr: string;
  /** The exit code (0 on success). */
  code: number;
}

/**
 * Runs `aether ARGS --db DB --json` and never throws on a non-zero exit, so a test can assert a
 * refusal's document as well as a result (stdout must still be one JSON document).
 */
export async function aetherJson(db: string, ...args: string[]): Promise<CliRun> {
  const done = await run(process.execPath, [AETHER_BIN, ...args, '--db', db, '--json'], {
    maxBuffer: 64 * 1024 * 1024,
  }).then(
    (r) => ({ ...r, code: 0 }),
    (e: { stdout: string; stderr: string; code?: number }) => ({
      stdout: e.stdout,
      stderr: e.stderr,
      code: typeof e.code === 'number' ? e.code : 1,
    }),
  );
  return { doc: JSON.parse(done.stdout) as Record<string, unknown>, stderr: done.stderr, code: done.code };
}

/** Runs `aether ARGS --db DB` without `--json`: the text a person reads on stdout. */
export async function aetherText(db: string, ...args: string[]): Promise<string> {
  const done = await run(process.execPath, [AETHER_BIN, ...args, '--db', db]).catch(
    (e: { stdout: string }) => e,
  );
  return done.stdout;
}
