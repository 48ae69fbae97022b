import { writeFileSync } from 'node:fs';
import { join } from 'node:path';

/**
 * `file(name, content)` for tests that write their input files into a folder made per test:
 * writes the file into `folder()` (read on every call, since beforeEach makes a new one) and
 * returns its path.
 */
export function fileWriter(folder: () => string): (name: string, content: string | Buffer) => string {
  return (name, content) => {
    const path = join(folder(), name);
    writeFileSync(path, content);
    return path;
  };
}
