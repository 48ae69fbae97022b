import * as api from '../contracts/api.ts';
import { DEFAULT_COST_CONFIG } from '../contracts/trigger-costs.ts';
import { TRIGGER_CATALOGUE, TRIGGER_IDS } from '../contracts/triggers.ts';
import { Unavailable } from '../core/errors.ts';
import { getProfile } from '../features/profile.ts';
import {
  createSegment,
  deleteSegment,
  exportMembers,
  getSegment,
  listSegments,
  previewSegment,
  readCustomersPage,
  type SegmentDeps,
  type SegmentHeadCache,
  type SnapshotPageCache,
} from '../segments/index.ts';
import { untestedOfMetrics } from '../segments/untested-triggers.ts';
import { currentSchemaVersion } from '../store/migrate.ts';
import type { Database } from './database.ts';
import type { Interpretation, Planner } from './optional-modules.ts';
import { type AnyRoute, route } from './route-table.ts';

export interface RouteContext {
  db: Database;
  segmentDeps: SegmentDeps;
  /** The interpreter with its metadata (backend, model version), when available. */
  interpretation: ((brief: string) => Promise<Interpretation>) | null;
  planner: Planner | null;
  version: string;
  startedAt: number;
  /** Segment heads between requests; the server drops an entry on every write to its segment. */
  heads: SegmentHeadCache;
  /** Snapshot files, from which pages and exports are read when they exist. */
  pages: SnapshotPageCache;
  /** Removes the files of snapshots the database no longer holds. */
  sweepPages: () => Promise<void>;
  /** Computes a segment's snapshot on the writer; resolves when done. Tracked for graceful shutdown. */
  compute: (segmentId: string) => Promise<unknown>;
  openapi: () => Record<string, unknown>;
  referencePage: () => string;
}

const NO_MODEL = 'No model trained yet: run `aether train` first.';
const RATE_HEADERS = {
  'RateLimit-Limit': 'Requests allowed in the window',
  'RateLimit-Remaining': 'Requests left in the window',
  'RateLimit-Reset': 'Seconds until the window resets',
};

export function buildRoutes(ctx: RouteContext): AnyRoute[] {
  const { db } = ctx;
  const wait = (q: { wait?: 'true' | 'false' }) => q.wait === 'true';
  return [
    route({
      method: 'GET',
      url: '/api/v1/health',
      operationId: 'health',
      summary: 'Liveness and schema version',
      tag: 'meta',
      scope: null,
      responses: { 200: { description: 'The server is up', schema: api.HealthResponse } },
      handler: async () => ({
        status: 'ok',
        version: ctx.version,
        schema_version: await db.read((s) => currentSchemaVersion(s)),
        uptime_seconds: Math.round((Date.now() - ctx.startedAt) / 1000),
      }),
    }),
    route({
      method: 'GET',
      url: '/api/v1/openapi.json',
      operationId: 'openapi',
      summary: 'This API as an OpenAPI 3.1 document',
      tag: 'meta',
      scope: null,
      responses: { 200: { description: 'The OpenAPI document', contentType: 'application/json' } },
      handler: async () => ctx.openapi(),
    }),
    route({
      method: 'GET',
      url: '/api/v1/docs',
      operationId: 'reference',
      summary: 'The API reference as a readable page',
      tag: 'meta',
      scope: null,
      responses: { 200: { description: 'HTML', contentType: 'text/html' } },
      handler: async ({ reply }) => reply.type('text/html; charset=utf-8').send(ctx.referencePage()),
    }),
    route({
      method: 'POST',
      url: '/api/v1/interpret',
      operationId: 'interpret',
      summary: 'Brief → Campaign Objective Object',
      tag: 'planning',
      scope: 'plans:write',
      body: api.InterpretRequest,
      responses: {
        200: { description: 'The COO', schema: api.InterpretResponse },
        503: { description: 'The interpreter is not available in this build' },
      },
      handler: async ({ body }) => {
        if (!ctx.segmentDeps.interpret)
          throw new Unavailable('The brief interpreter is not available in this build.');
        return { coo: await ctx.segmentDeps.interpret(body.brief) };
      },
    }),
    route({
      method: 'POST',
      url: '/api/v1/plans',
      operationId: 'plan',
      summary: 'Brief or COO → ranked triggers and proposed segment rules',
      tag: 'planning',
      scope: 'plans:write',
      body: api.PlanRequest,
      responses: {
        200: { description: 'The plan', schema: api.PlanResponse },
        404: { description: "No customer matches the brief's audience" },
        503: { description: 'No model trained yet, or the interpreter is not available' },
      },
      handler: async ({ body }) => {
        if (!ctx.planner) throw new Unavailable(NO_MODEL);
        let coo = body.coo;
        if (!coo) {
          if (!ctx.segmentDeps.interpret)
            throw new Unavailable('The brief interpreter is not available in this build.');
          coo = await ctx.segmentDeps.interpret(body.brief!);
        }
        const planner = ctx.planner;
        return db.read((s) => planner(s, coo!));
      },
    }),
    route({
      method: 'GET',
      url: '/api/v1/segments',
      operationId: 'listSegments',
      summary: 'All segments, newest first',
      tag: 'segments',
      scope: 'segments:read',
      responses: { 200: { description: 'Segments', schema: api.SegmentList, headers: RATE_HEADERS } },
      handler: async () => ({ segments: await listSegments(db.reader) }),
    }),
    route({
      method: 'POST',
      url: '/api/v1/segments',
      operationId: 'createSegment',
      summary: 'Create a segment from criteria, a COO or a brief',
      description:
        'Records the segment and computes its first snapshot in the background (status "computing", then "ready" or "failed"). ' +
        'With ?wait=true the response comes once the snapshot is built.',
      tag: 'segments',
      scope: 'segments:write',
      query: api.WaitQuery,
      body: api.SegmentCreate,
      responses: {
        201: {
          description: 'Created; Location names it',
          schema: api.Segment,
          headers: { Location: 'The segment URL' },
        },
        503: { description: 'A brief was given but the interpreter is not available' },
      },
      handler: async ({ body, query, reply }) => {
        const seg = await db.write((s) => createSegment(s, body, ctx.segmentDeps));
        const job = ctx.compute(seg.segment_id);
        if (wait(query)) await job;
        reply.code(201).header('location', `/api/v1/segments/${seg.segment_id}`);
        // The planner's note, when there is one, is stored with the segment and read back with it.
        return getSegment(db.reader, seg.segment_id);
      },
    }),
    route({
      method: 'POST',
      url: '/api/v1/segments/preview',
      operationId: 'previewSegment',
      summary: 'Size, trigger mix and a sample of a segment, without saving it',
      tag: 'segments',
      scope: 'segments:read',
      body: api.SegmentPreviewRequest,
      responses: { 200: { description: 'The preview', schema: api.SegmentPreview } },
      handler: async ({ body }) => db.read((s) => previewSegment(s, body, ctx.segmentDeps)),
    }),
    route({
      method: 'GET',
      url: '/api/v1/segments/:id',
      operationId: 'getSegment',
      summary: 'One segment',
      tag: 'segments',
      scope: 'segments:read',
      params: api.SegmentIdParams,
      responses: {
        200: { description: 'The segment', schema: api.Segment },
        404: { description: 'No such segment' },
      },
      handler: async ({ params }) => getSegment(db.reader, params.id),
    }),
    route({
      method: 'DELETE',
      url: '/api/v1/segments/:id',
      operationId: 'deleteSegment',
      summary: 'Delete a segment and its snapshots',
      tag: 'segments',
      scope: 'segments:write',
      params: api.SegmentIdParams,
      responses: { 204: { description: 'Deleted' }, 404: { description: 'No such segment' } },
      handler: async ({ params, reply }) => {
        await db.write((s) => deleteSegment(s, params.id));
        ctx.heads.invalidate(params.id);
        await ctx.sweepPages();
        return reply.code(204).send();
      },
    }),
    route({
      method: 'POST',
      url: '/api/v1/segments/:id/refresh',
      operationId: 'refreshSegment',
      summary: 'Recompute the segment on current data and models into a new snapshot',
      description:
        'The previous snapshot stays readable for consumers paging through it until its cursors expire.',
      tag: 'segments',
      scope: 'segments:write',
      params: api.SegmentIdParams,
      query: api.WaitQuery,
      responses: {
        202: { description: 'Refresh started (or done, with ?wait=true)', schema: api.Segment },
        404: { description: 'No such segment' },
      },
      handler: async ({ params, query, reply }) => {
        await getSegment(db.reader, params.id);
        const job = ctx.compute(params.id);
        if (wait(query)) await job;
        reply.code(202);
        return getSegment(db.reader, params.id);
      },
    }),
    route({
      method: 'GET',
      url: '/api/v1/segments/:id/customers',
      operationId: 'listSegmentCustomers',
      summary: "The segment's customers with their trigger, one page at a time",
      description:
        'Pages are cursor-addressed over a fixed snapshot, in the segment rank order (expected incremental profit, then uplift, then customer id). ' +
        'By default only the treatment group is returned, so the holdout cannot be mailed by mistake.',
      tag: 'segments',
      scope: 'segments:read',
      params: api.SegmentIdParams,
      query: api.SegmentCustomersQuery,
      responses: {
        200: { description: 'A page', schema: api.SegmentCustomersPage, headers: RATE_HEADERS },
        404: { description: 'No such segment' },
        409: { description: 'The segment has no snapshot yet (computing or failed)' },
        410: { description: 'The cursor’s snapshot has expired' },
      },
      handler: async ({ params, query, reply }) => {
        const body = await readCustomersPage(db.reader, params.id, query, new Date(), ctx.heads, ctx.pages);
        return reply.type('application/json; charset=utf-8').send(body);
      },
    }),
    route({
      method: 'GET',
      url: '/api/v1/segments/:id/export',
      operationId: 'exportSegment',
      summary: 'The whole segment as NDJSON or CSV, streamed',
      tag: 'segments',
      scope: 'segments:read',
      params: api.SegmentIdParams,
      query: api.SegmentExportQuery,
      responses: {
        200: {
          description: 'One profile per line (NDJSON) or a CSV table',
          contentType: 'application/x-ndjson',
        },
        404: { description: 'No such segment' },
        409: { description: 'The segment has no snapshot yet' },
      },
      handler: async ({ params, query, reply }) => {
        const out = await exportMembers(db.reader, params.id, query, new Date(), ctx.pages);
        const ext = query.format === 'csv' ? 'csv' : 'ndjson';
        return reply
          .type(out.contentType)
          .header('content-disposition', `attachment; filename="${params.id}.${ext}"`)
          .header('x-snapshot-id', out.snapshotId)
          .send(out.stream);
      },
    }),
    route({
      method: 'GET',
      url: '/api/v1/customers/:id',
      operationId: 'getCustomer',
      summary: 'One customer’s full profile with scores',
      tag: 'customers',
      scope: 'customers:read',
      params: api.CustomerIdParams,
      responses: {
        200: { description: 'The profile', schema: api.CustomerProfile },
        404: { description: 'No such customer' },
      },
      handler: async ({ params }) => db.read((s) => getProfile(s, params.id)),
    }),
    route({
      method: 'GET',
      url: '/api/v1/triggers',
      operationId: 'listTriggers',
      summary: 'The trigger catalogue with each trigger’s cost model',
      tag: 'models',
      scope: 'models:read',
      responses: { 200: { description: 'Triggers', schema: api.TriggersResponse } },
      handler: async () => ({
        currency: DEFAULT_COST_CONFIG.currency,
        default_margin: DEFAULT_COST_CONFIG.default_margin,
        send_cost: DEFAULT_COST_CONFIG.send_cost,
        triggers: TRIGGER_IDS.map((id) => ({
          id,
          label: TRIGGER_CATALOGUE[id].label,
          intervention_type: TRIGGER_CATALOGUE[id].interventionType,
          description: TRIGGER_CATALOGUE[id].description,
          cost: DEFAULT_COST_CONFIG.triggers[id],
        })),
      }),
    }),
    route({
      method: 'GET',
      url: '/api/v1/models',
      operationId: 'listModels',
      summary: 'Model versions and their evaluation metrics',
      tag: 'models',
      scope: 'models:read',
      responses: { 200: { description: 'Models', schema: api.ModelsResponse } },
      handler: async () => {
        const rows = await db.reader.query<{ metrics: string } & Record<string, unknown>>(
          'SELECT model_version, created_at, kind, goal, learner, is_active, metrics FROM model_versions ORDER BY created_at DESC, model_version',
        );
        return {
          models: rows.map((r) => {
            const metrics: unknown = JSON.parse(r.metrics);
            return { ...r, metrics, untested_triggers: untestedOfMetrics(metrics) };
          }),
        };
      },
    }),
  ];
}
