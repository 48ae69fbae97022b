import { vi } from 'vitest';

/**
 * Collects what the code under test writes to stderr (its notes and warnings), with the quiet
 * switch the CLI sets turned off so the notes are written at all. Undo with `vi.restoreAllMocks()`
 * and `vi.unstubAllEnvs()` (an afterEach, or the test's finally).
 */
export function captureStderr(): string[] {
  const lines: string[] = [];
  vi.stubEnv('AETHER_QUIET', '0');
  vi.spyOn(process.stderr, 'write').mockImplementation((chunk) => {
    lines.push(String(chunk));
    return true;
  });
  return lines;
}

/**
 * Runs `fn` with stderr captured (as `captureStderr`) and always undoes the capture and the
 * environment stub afterwards, so a failing assertion or a throw cannot leave them on for the
 * next test. Returns what `fn` returned and everything it wrote to stderr.
 */
export async function withStderr<T>(fn: () => Promise<T>): Promise<{ result: T; stderr: string }> {
  const lines = captureStderr();
  try {
    const result = await fn();
    return { result, stderr: lines.join('') };
  } finally {
    vi.restoreAllMocks();
    vi.unstubAllEnvs();
  }
}
