/**
 * `npm run bench -- NAME [args…]` runs bench/NAME.ts. Benchmarks print progress on stderr and,
 * with --json, one JSON document on stdout; their figures go to docs/benchmarks.md by hand,
 * with date, machine and command.
 */
import { existsSync, readdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const [name, ...rest] = process.argv.slice(2);
const available = readdirSync(here)
  .filter((f) => f.endsWith('.ts') && f !== 'run.ts' && !f.endsWith('.test.ts'))
  .map((f) => f.replace(/\.ts$/, ''));

if (!name || !available.includes(name)) {
  process.stderr.write(
    `usage: npm run bench -- NAME [args]\navailable: ${available.join(', ') || '(none yet)'}\n`,
  );
  process.exit(name ? 2 : 0);
}
const file = join(here, `${name}.ts`);
if (!existsSync(file)) process.exit(2);
process.argv = [process.argv[0] as string, file, ...rest];
await import(pathToFileURL(file).href);
