import type { Migration } from '../migrate.ts';

/**
 * The covariate balance table of an imported experiment (per feature and treated arm: SMD and
 * p-value against control, and which columns were excluded as imbalanced), kept with the
 * experiment so `aether experiments show` can print it. Null for experiments imported before.
 */
export const experimentBalance: Migration = {
  version: 6,
  name: 'experiment-balance',
  statements: ['ALTER TABLE experiments ADD COLUMN balance JSON'],
};
