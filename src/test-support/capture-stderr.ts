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
