export {
  type CompiledCriteria,
  CriteriaCompiler,
  compileCriteria,
  PostgresCriteriaCompiler,
} from './criteria-compile.ts';
export { renderCriteria } from './criteria-render.ts';
export { decodeCursor, encodeCursor } from './cursor.ts';
export { type PlanForSegment, segmentFromPlan } from './from-plan.ts';
export { holdoutBucket } from './holdout.ts';
export { newId } from './ids.ts';
export { exportMembers, parseFields, readCustomersPage, SegmentHeadCache } from './members-read.ts';
export {
  computeSegment,
  createSegment,
  DEFAULT_CURSOR_TTL_SECONDS,
  DEFAULT_HOLDOUT_SHARE,
  deleteSegment,
  dueSegments,
  getSegment,
  listSegments,
  previewSegment,
  purgeExpiredSnapshots,
  resolveDefinition,
  type SegmentDeps,
} from './segment-service.ts';
export { activeScoreModel, buildSnapshot } from './snapshot.ts';
export { buildSnapshotPages, SnapshotPageCache, SnapshotPages } from './snapshot-pages.ts';
