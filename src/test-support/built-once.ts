import { existsSync, mkdirSync, rmSync } from 'node:fs';

/**
 * Makes `path` once, however many test files (parallel processes) ask for it at the same time:
 * the first takes a lock (an atomic mkdir) and runs `build(tmp)`, which must leave the result at
 * `tmp` ending with a rename to `path` (so `path` exists only when complete); the others wait
 * for `path` to appear. A build that throws releases the lock, and the next waiter builds.
 */
export async function builtOnce(
  path: string,
  build: () => Promise<void> | void,
  timeoutMs = 600_000,
): Promise<string> {
  const lock = `${path}.lock`;
  for (let waited = 0; !existsSync(path); waited += 500) {
    try {
      mkdirSync(lock);
    } catch {
      if (waited > timeoutMs) throw new Error(`timed out waiting for ${path} to be built`);
      await new Promise((r) => setTimeout(r, 500));
      continue;
    }
    try {
      if (!existsSync(path)) await build();
    } finally {
      rmSync(lock, { recursive: true, force: true });
    }
  }
  return path;
}
