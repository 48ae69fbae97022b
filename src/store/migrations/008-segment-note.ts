import type { Migration } from '../migrate.ts';

/**
 * The planner's reason a segment made from a COO or a brief holds nobody (src/planner/segment-note.ts),
 * kept with the segment so that reading it back, listing segments and its customers page say why
 * it is empty, not only the response of its creation. Null for every other segment and for
 * segments made before.
 */
export const segmentNote: Migration = {
  version: 8,
  name: 'segment-note',
  statements: ['ALTER TABLE segments ADD COLUMN note VARCHAR'],
};
