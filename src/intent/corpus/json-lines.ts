import { readFileSync } from 'node:fs';

/** The records of a JSON Lines file of the intent corpora (blank lines skipped), as written. */
export function readJsonLines<T = Record<string, unknown>>(path: string): T[] {
  return readFileSync(path, 'utf8')
    .split('\n')
    .filter((l) => l.trim())
    .map((l) => JSON.parse(l) as T);
}
