import { existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';

/**
 * While `aether serve` holds the database (DuckDB allows one writing process), a lock file in the
 * data folder names it, so other commands can say who holds the file and where to reach it.
 */
export interface ServerLock {
  pid: number;
  url: string;
  db: string;
  started_at: string;
}

export function lockPath(dbPath: string): string {
  return join(dirname(dbPath), 'aether-serve.lock');
}

export function writeServerLock(dbPath: string, lock: ServerLock): void {
  writeFileSync(lockPath(dbPath), `${JSON.stringify(lock, null, 2)}\n`);
}

export function removeServerLock(dbPath: string, pid = process.pid): void {
  const current = readServerLock(dbPath);
  if (current && current.pid === pid) rmSync(lockPath(dbPath), { force: true });
}

/** The lock of a live server on this database, or null (a stale lock of a dead process is ignored). */
export function readServerLock(dbPath: string): ServerLock | null {
  const path = lockPath(dbPath);
  if (!existsSync(path)) return null;
  try {
    const lock = JSON.parse(readFileSync(path, 'utf8')) as ServerLock;
    if (lock.db !== dbPath) return null;
    process.kill(lock.pid, 0);
    return lock;
  } catch {
    return null;
  }
}

export function heldByServerMessage(lock: ServerLock): string {
  return (
    `The database ${lock.db} is held by \`aether serve\` (pid ${lock.pid}, ${lock.url}, since ${lock.started_at}). ` +
    `Use the API at ${lock.url}/api/v1 (reference: ${lock.url}/api/v1/docs), or stop the server first.`
  );
}
