import { writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { DEFAULT_GENERATE, generateCorpus } from './generate.ts';

/** Path of the committed corpus file. */
export const CORPUS_PATH = fileURLToPath(new URL('./briefs.jsonl', import.meta.url));

/** Regenerates briefs.jsonl from the grammar and seed (deterministic). */
export function writeCorpus(seed = DEFAULT_GENERATE.seed): { path: string; count: number } {
  const corpus = generateCorpus({ ...DEFAULT_GENERATE, seed });
  writeFileSync(CORPUS_PATH, `${corpus.map((b) => JSON.stringify(b)).join('\n')}\n`);
  return { path: CORPUS_PATH, count: corpus.length };
}
