import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['src/**/*.test.ts', 'web/**/*.test.ts'],
    // One temporary folder per run, removed at the end (src/test-support/temp-root.ts).
    globalSetup: ['src/test-support/temp-root.ts'],
    testTimeout: 120_000,
    hookTimeout: 300_000,
    // Two cores: DuckDB and the learners use threads of their own, so keep file parallelism modest.
    maxWorkers: 2,
    pool: 'forks',
  },
});
