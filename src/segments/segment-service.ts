import type {
  SegmentCreate,
  Segment as SegmentOut,
  SegmentPreview,
  SegmentPreviewRequest,
} from '../contracts/api.ts';
import { type CampaignObjective, type InterventionParams, NOT_A_BRIEF_QUESTION } from '../contracts/coo.ts';
import type { Criteria } from '../contracts/criteria.ts';
import type { Channel } from '../contracts/trigger-costs.ts';
import type { TriggerId } from '../contracts/triggers.ts';
import { AppError, Conflict, InvalidInput, NotFound, Unavailable } from '../core/errors.ts';
import { refreshProfiles } from '../features/profile.ts';
import type { Store } from '../store/store.ts';
import { compileCriteria } from './criteria-compile.ts';
import { renderCriteria } from './criteria-render.ts';
import { newId } from './ids.ts';
import { buildSnapshot, type MembershipSpec, previewMembers } from './snapshot.ts';

/** What segments need from the parts built elsewhere, when they exist (interpreter, planner). */
export interface SegmentDeps {
  /** Brief → COO (src/intent). Absent until the interpreter is available. */
  interpret?: (brief: string) => Promise<CampaignObjective>;
  /** COO → the segment's rules and trigger (the causal engine's planner). Absent until trained. */
  plan?: (
    coo: CampaignObjective,
  ) => Promise<{ criteria: Criteria; trigger: TriggerId | null; note?: string }>;
  now?: () => Date;
  /** How long a superseded snapshot stays readable for consumers paging through it. */
  cursorTtlSeconds?: number;
}

export const DEFAULT_HOLDOUT_SHARE = 0.1;
export const DEFAULT_CURSOR_TTL_SECONDS = 24 * 3600;
const SCHEDULE_SECONDS = { hourly: 3600, daily: 86400, weekly: 7 * 86400 } as const;

interface Definition {
  name: string;
  source: 'criteria' | 'coo' | 'brief';
  brief: string | null;
  coo: CampaignObjective | null;
  criteria: Criteria;
  trigger: TriggerId | null;
  triggerParams: InterventionParams | null;
  excludeTriggers: TriggerId[];
  channel: Channel;
  includeNotOptedIn: boolean;
  holdoutShare: number;
  refreshSchedule: 'hourly' | 'daily' | 'weekly' | null;
  /** The planner's reason the segment holds nobody (segmentNote), stored with the segment. */
  note: string | null;
}

/** SQL timestamp text in UTC, the form every engine casts the same way. */
export function sqlTime(d: Date): string {
  return d.toISOString().replace('T', ' ').replace('Z', '');
}

/** Turns a create request (criteria, COO or brief) into a definition; the criteria are checked here (400s). */
export async function resolveDefinition(
  input: SegmentCreate | SegmentPreviewRequest,
  deps: SegmentDeps,
): Promise<Definition> {
  let source: Definition['source'] = 'criteria';
  let coo: CampaignObjective | null = null;
  let criteria: Criteria | undefined = input.criteria;
  let trigger: TriggerId | null = input.trigger ?? null;
  let note: string | null = null;
  if (input.brief !== undefined) {
    if (!deps.interpret)
      throw new Unavailable('The brief interpreter is not available in this build; send criteria or a COO.');
    source = 'brief';
    coo = await deps.interpret(input.brief);
    // Text the interpreter doubts is a campaign brief at all ("who won the game last night") gets
    // the question back instead of a segment: a tool calling the API cannot see the question in a
    // COO it never reads, and a segment of everyone with a guessed trigger is not what it asked for.
    // The interpreted COO, sent as `coo`, still creates it when that was meant.
    if (coo.clarifications.includes(NOT_A_BRIEF_QUESTION))
      throw new InvalidInput(
        `The brief may not be a campaign brief, so no segment was made. ${NOT_A_BRIEF_QUESTION} ` +
          'To create it anyway, send its interpreted COO (the "coo" that POST /api/v1/interpret or ' +
          "`aether interpret --json` returns) as the segment's COO (`coo` in the API, `--coo` on the command line).",
        [{ name: 'brief', reason: 'may not be a campaign brief' }],
      );
  } else if (input.coo !== undefined) {
    source = 'coo';
    coo = input.coo;
  }
  if (coo) {
    if (deps.plan) {
      const planned = await deps.plan(coo);
      criteria = planned.criteria;
      trigger = input.trigger !== undefined ? (input.trigger ?? null) : planned.trigger;
      // The note speaks of the plan's trigger: a segment saved with another one does not carry it.
      note = planned.note && trigger === planned.trigger ? planned.note : null;
    } else {
      // Without a planner the COO's own audience and trigger define the segment.
      criteria = coo.target_behavior.criteria ?? { all: [] };
      trigger = input.trigger !== undefined ? (input.trigger ?? null) : coo.proposed_intervention;
    }
  }
  const finalCriteria = criteria ?? { all: [] };
  compileCriteria(finalCriteria, 'duckdb'); // throws InvalidInput naming the field and the reason
  return {
    name: input.name ?? (input.brief ? input.brief.slice(0, 80) : renderCriteria(finalCriteria).slice(0, 80)),
    source,
    brief: input.brief ?? null,
    coo,
    criteria: finalCriteria,
    trigger,
    // The COO's parameters ("20% off") belong to the COO's trigger: a segment saved with another
    // trigger (one picked from the ranking) does not carry them.
    triggerParams:
      input.trigger_params ??
      (coo && trigger === coo.proposed_intervention ? (coo.intervention_params ?? null) : null),
    excludeTriggers: input.exclude_triggers ?? coo?.constraints.exclude_triggers ?? [],
    channel: input.channel ?? coo?.constraints.channel ?? 'email',
    includeNotOptedIn: input.include_not_opted_in ?? false,
    holdoutShare: input.holdout_share ?? DEFAULT_HOLDOUT_SHARE,
    refreshSchedule: 'refresh_schedule' in input ? (input.refresh_schedule ?? null) : null,
    note,
  };
}

function membership(
  id: string,
  d: Pick<
    Definition,
    | 'criteria'
    | 'trigger'
    | 'triggerParams'
    | 'excludeTriggers'
    | 'channel'
    | 'includeNotOptedIn'
    | 'holdoutShare'
  >,
): MembershipSpec {
  return {
    segmentId: id,
    criteria: d.criteria,
    trigger: d.trigger,
    triggerParams: d.triggerParams,
    excludeTriggers: d.excludeTriggers,
    channel: d.channel,
    includeNotOptedIn: d.includeNotOptedIn,
    holdoutShare: d.holdoutShare,
  };
}

/** Records a new segment (status "computing"); computeSegment builds its first snapshot. */
export async function createSegment(
  store: Store,
  input: SegmentCreate,
  deps: SegmentDeps = {},
): Promise<SegmentOut> {
  const d = await resolveDefinition(input, deps);
  const id = newId('seg');
  const now = sqlTime((deps.now ?? (() => new Date()))());
  await store.transaction(async (tx) => {
    await tx.run(
      `INSERT INTO segments (segment_id, name, source, brief, coo, criteria, criteria_text, trigger, trigger_params,
         exclude_triggers, channel, include_not_opted_in, holdout_share, refresh_schedule, created_at, note)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, CAST($15 AS TIMESTAMP), $16)`,
      [
        id,
        d.name,
        d.source,
        d.brief,
        d.coo ? JSON.stringify(d.coo) : null,
        JSON.stringify(d.criteria),
        renderCriteria(d.criteria),
        d.trigger,
        d.triggerParams ? JSON.stringify(d.triggerParams) : null,
        JSON.stringify(d.excludeTriggers),
        d.channel,
        d.includeNotOptedIn,
        d.holdoutShare,
        d.refreshSchedule,
        now,
        d.note,
      ],
    );
    await tx.run(
      `INSERT INTO segment_state VALUES ($1, 'computing', NULL, NULL, NULL, NULL, CAST($2 AS TIMESTAMP))`,
      [id, now],
    );
  });
  return getSegment(store, id);
}

type SegmentRow = {
  segment_id: string;
  name: string;
  source: 'criteria' | 'coo' | 'brief';
  brief: string | null;
  coo: string | null;
  criteria: string;
  criteria_text: string;
  trigger: TriggerId | null;
  trigger_params: string | null;
  exclude_triggers: string;
  channel: Channel;
  include_not_opted_in: boolean;
  holdout_share: number;
  refresh_schedule: 'hourly' | 'daily' | 'weekly' | null;
  created_at: string;
  /** Absent from a store opened read-only before its migration added the column (008). */
  note?: string | null;
  status: 'computing' | 'ready' | 'failed';
  failure_reason: string | null;
  snapshot_id: string | null;
  next_refresh_at: string | null;
  last_computed_at: string | null;
  model_version: string | null;
  size: number | null;
  treatment_size: number | null;
  holdout_size: number | null;
  trigger_mix: string | null;
};

const SEGMENT_SELECT = `SELECT s.*, st.status, st.failure_reason, st.snapshot_id, st.next_refresh_at, st.last_computed_at,
  sn.model_version, sn.size, sn.treatment_size, sn.holdout_size, sn.trigger_mix
FROM segments s JOIN segment_state st ON st.segment_id = s.segment_id
LEFT JOIN segment_snapshots sn ON sn.snapshot_id = st.snapshot_id`;

function toSegment(r: SegmentRow): SegmentOut {
  const json = (v: string | null) => (v === null ? null : JSON.parse(v));
  // The planner's reason the segment held nobody when it was made. A refresh on another model may
  // fill it; from then on the reason no longer holds and is left out.
  const note = r.note && !(r.size !== null && r.size > 0) ? { note: r.note } : {};
  return {
    segment_id: r.segment_id,
    name: r.name,
    source: r.source,
    brief: r.brief,
    coo: json(r.coo),
    criteria: json(r.criteria),
    criteria_text: r.criteria_text,
    recommended_trigger: r.trigger,
    recommended_trigger_params: json(r.trigger_params),
    trigger_mix: r.trigger === null ? json(r.trigger_mix) : null,
    channel: r.channel,
    include_not_opted_in: r.include_not_opted_in,
    holdout_share: r.holdout_share,
    exclude_triggers: json(r.exclude_triggers),
    model_version: r.model_version,
    status: r.status,
    failure_reason: r.failure_reason,
    size: r.size,
    treatment_size: r.treatment_size,
    holdout_size: r.holdout_size,
    snapshot_id: r.snapshot_id,
    refresh_schedule: r.refresh_schedule,
    next_refresh_at: r.next_refresh_at,
    created_at: r.created_at,
    last_computed_at: r.last_computed_at,
    ...note,
  };
}

export async function getSegment(store: Pick<Store, 'query'>, id: string): Promise<SegmentOut> {
  const rows = await store.query<SegmentRow>(`${SEGMENT_SELECT} WHERE s.segment_id = $1`, [id]);
  if (!rows[0]) throw new NotFound(`No segment with id ${JSON.stringify(id)}.`);
  return toSegment(rows[0]);
}

export async function listSegments(store: Pick<Store, 'query'>): Promise<SegmentOut[]> {
  const rows = await store.query<SegmentRow>(`${SEGMENT_SELECT} ORDER BY s.created_at DESC, s.segment_id`);
  return rows.map(toSegment);
}

/**
 * Builds a new snapshot of the segment and makes it current, in one transaction; the previous
 * snapshot stays readable until its cursors expire. On failure the segment is marked failed
 * with the reason and keeps serving its previous snapshot, if any.
 */
export async function computeSegment(store: Store, id: string, deps: SegmentDeps = {}): Promise<SegmentOut> {
  const seg = await getSegment(store, id);
  const now = (deps.now ?? (() => new Date()))();
  const ttl = deps.cursorTtlSeconds ?? DEFAULT_CURSOR_TTL_SECONDS;
  const snapshotId = newId('snap');
  await ensureProfiles(store);
  const next = seg.refresh_schedule
    ? sqlTime(new Date(now.getTime() + SCHEDULE_SECONDS[seg.refresh_schedule] * 1000))
    : null;
  try {
    await store.transaction(async (tx) => {
      await tx.run(
        `UPDATE segment_state SET status = 'computing', updated_at = CAST($2 AS TIMESTAMP) WHERE segment_id = $1`,
        [id, sqlTime(now)],
      );
      const s = await buildSnapshot(
        tx,
        membership(id, {
          criteria: seg.criteria,
          trigger: seg.recommended_trigger,
          triggerParams: seg.recommended_trigger_params,
          excludeTriggers: seg.exclude_triggers,
          channel: seg.channel,
          includeNotOptedIn: seg.include_not_opted_in,
          holdoutShare: seg.holdout_share,
        }),
        snapshotId,
      );
      await tx.run(
        `UPDATE segment_snapshots SET superseded_at = CAST($2 AS TIMESTAMP), expires_at = CAST($3 AS TIMESTAMP)
         WHERE segment_id = $1 AND superseded_at IS NULL`,
        [id, sqlTime(now), sqlTime(new Date(now.getTime() + ttl * 1000))],
      );
      await tx.run(
        `INSERT INTO segment_snapshots VALUES ($1, $2, $3, CAST($4 AS TIMESTAMP), CAST($5 AS TIMESTAMP), $6, $7, $8, $9, $10, NULL, NULL)`,
        [
          snapshotId,
          id,
          s.model_version,
          s.data_as_of,
          sqlTime(now),
          s.size,
          s.treatment_size,
          s.holdout_size,
          JSON.stringify(s.trigger_mix),
          s.seconds,
        ],
      );
      await tx.run(
        `UPDATE segment_state SET status = 'ready', failure_reason = NULL, snapshot_id = $2,
           last_computed_at = CAST($3 AS TIMESTAMP), next_refresh_at = CAST($4 AS TIMESTAMP), updated_at = CAST($3 AS TIMESTAMP)
         WHERE segment_id = $1`,
        [id, snapshotId, sqlTime(now), next],
      );
    });
  } catch (e) {
    const reason =
      e instanceof AppError ? e.message : `snapshot failed: ${(e as Error).message.split('\n')[0]}`;
    await store.run(
      `UPDATE segment_state SET status = 'failed', failure_reason = $2, next_refresh_at = CAST($3 AS TIMESTAMP), updated_at = CAST($4 AS TIMESTAMP) WHERE segment_id = $1`,
      [id, reason, next, sqlTime(now)],
    );
  }
  return getSegment(store, id);
}

/**
 * Segments read customer_profiles; if the profile facts were not rebuilt after the data last
 * changed (their as_of differs from the data set's), rebuild them first rather than snapshot stale
 * or empty profiles.
 */
async function ensureProfiles(store: Store): Promise<void> {
  const rows = await store.query<{ facts: string | null; data: string | null }>(
    "SELECT (SELECT value FROM meta WHERE key = 'profile_facts_as_of') AS facts, (SELECT value FROM meta WHERE key = 'as_of') AS data",
  );
  const r = rows[0];
  if (r?.facts === null || r?.facts === undefined) {
    await refreshProfiles(store);
    return;
  }
  if (r.data !== null) {
    const same = await store.query<{ same: boolean }>(
      "SELECT CAST($1 AS TIMESTAMP) = CAST(nullif($2, '') AS TIMESTAMP) AS same",
      [r.data, r.facts],
    );
    if (!same[0]?.same) await refreshProfiles(store);
  }
}

/** Deletes a segment with all its snapshots. Consumers paging through it get 404 from then on. */
export async function deleteSegment(store: Store, id: string): Promise<void> {
  await getSegment(store, id);
  await store.transaction(async (tx) => {
    await tx.run(
      'DELETE FROM segment_members WHERE snapshot_id IN (SELECT snapshot_id FROM segment_snapshots WHERE segment_id = $1)',
      [id],
    );
    await tx.run('DELETE FROM segment_snapshots WHERE segment_id = $1', [id]);
    await tx.run('DELETE FROM segment_state WHERE segment_id = $1', [id]);
    await tx.run('DELETE FROM segments WHERE segment_id = $1', [id]);
  });
}

export async function previewSegment(
  store: Store,
  input: SegmentPreviewRequest,
  deps: SegmentDeps = {},
): Promise<SegmentPreview> {
  const d = await resolveDefinition(input, deps);
  // A preview has no id yet: its holdout is drawn as if the segment were called "preview", so the
  // counts are right in expectation; the saved segment draws its own.
  const p = await previewMembers(store, membership('seg_preview', d), input.sample_size ?? 10);
  return {
    criteria: d.criteria,
    criteria_text: renderCriteria(d.criteria),
    recommended_trigger: d.trigger,
    model_version: p.model_version,
    size: p.size,
    treatment_size: p.treatment_size,
    holdout_size: p.holdout_size,
    trigger_mix: p.trigger_mix,
    sample: p.sample,
  };
}

/** Segments whose scheduled refresh is due. */
export async function dueSegments(store: Pick<Store, 'query'>, now: Date): Promise<string[]> {
  const rows = await store.query<{ id: string }>(
    `SELECT segment_id AS id FROM segment_state WHERE next_refresh_at IS NOT NULL AND next_refresh_at <= CAST($1 AS TIMESTAMP)
       AND status <> 'computing' ORDER BY next_refresh_at`,
    [sqlTime(now)],
  );
  return rows.map((r) => r.id);
}

/** Drops the members of superseded snapshots whose cursors have expired. Returns how many snapshots. */
export async function purgeExpiredSnapshots(store: Store, now: Date): Promise<number> {
  return store.transaction(async (tx) => {
    const expired = await tx.query<{ id: string }>(
      'SELECT snapshot_id AS id FROM segment_snapshots WHERE expires_at IS NOT NULL AND expires_at <= CAST($1 AS TIMESTAMP)',
      [sqlTime(now)],
    );
    for (const { id } of expired) {
      await tx.run('DELETE FROM segment_members WHERE snapshot_id = $1', [id]);
      await tx.run('DELETE FROM segment_snapshots WHERE snapshot_id = $1', [id]);
    }
    return expired.length;
  });
}

export function assertReady(seg: SegmentOut): void {
  if (seg.snapshot_id) return;
  if (seg.status === 'failed')
    throw new Conflict(`Segment ${seg.segment_id} failed to compute: ${seg.failure_reason}`);
  throw new Conflict(`Segment ${seg.segment_id} is still computing; try again shortly.`);
}
