import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Fastify, { type FastifyInstance, LogController } from 'fastify';
import pino, { type DestinationStream } from 'pino';
import type { ZodType } from 'zod';
import { SegmentIdParams } from '../contracts/api.ts';
import type { Criteria } from '../contracts/criteria.ts';
import { AppError, InvalidInput, NotFound } from '../core/errors.ts';
import {
  computeSegment,
  DEFAULT_CURSOR_TTL_SECONDS,
  dueSegments,
  type PlanForSegment,
  purgeExpiredSnapshots,
  type SegmentDeps,
  SegmentHeadCache,
  SnapshotPageCache,
  segmentFromPlan,
} from '../segments/index.ts';
import type { DuckDbStore } from '../store/duckdb-store.ts';
import { KeyRing } from './api-keys.ts';
import { authenticate, checkHost, isLoopback, requireScope } from './auth.ts';
import { Database } from './database.ts';
import { buildOpenApi } from './openapi.ts';
import { loadCategoryResolver, loadInterpreter, loadPlanner } from './optional-modules.ts';
import { type InputPlace, invalidInputOf, sendProblem } from './problem.ts';
import { RateLimiter, type RateLimitOptions } from './rate-limit.ts';
import { renderReferencePage } from './reference-page.ts';
import type { AnyRoute } from './route-table.ts';
import { workspaceRoutes } from './routes/workspace.ts';
import { buildRoutes } from './routes.ts';
import { defaultWebRoot, mountStatic } from './static-files.ts';
import { warmCaches } from './warm-caches.ts';

export const API_VERSION = '1.0.0';

export interface ServerOptions {
  /** An open, migrated store; the server owns it from now on and closes it. */
  store: DuckDbStore;
  host?: string;
  port?: number;
  /** Reader connections (concurrent page reads). */
  readers?: number;
  /** Per key; false to disable (benchmarks). Default 600 requests a minute. */
  rateLimit?: RateLimitOptions | false;
  /** Where structured logs go (default stderr); false for none. */
  logStream?: DestinationStream | false;
  logLevel?: string;
  /** The built web UI to serve at `/`; default web/dist when present; null for none. */
  webRoot?: string | null;
  /** How often scheduled refreshes and snapshot expiry run; 0 disables. Default 60 s. */
  schedulerIntervalMs?: number;
  cursorTtlSeconds?: number;
  /** Fill the plan and explanation caches in the background once listening (`aether serve`). */
  warmCaches?: boolean;
  /** Overrides for the parts loaded when present (tests). */
  segmentDeps?: Partial<SegmentDeps>;
}

export interface AetherServer {
  app: FastifyInstance;
  db: Database;
  keys: KeyRing;
  /** The route table (what the OpenAPI document describes). */
  routes: readonly AnyRoute[];
  /** Listens and returns the base URL. */
  listen(): Promise<string>;
  /** Graceful: stops the scheduler, drains requests and queued snapshot builds, closes the database. */
  close(): Promise<void>;
}

export const DEFAULT_RATE_LIMIT: RateLimitOptions = { max: 600, windowSeconds: 60 };

export async function buildServer(options: ServerOptions): Promise<AetherServer> {
  const host = options.host ?? '127.0.0.1';
  const local = isLoopback(host);
  const db = await Database.open(options.store, options.readers ?? 3);
  const keys = new KeyRing();
  await keys.load(db.reader);
  if (!local && keys.size === 0) {
    await db.close();
    throw new Error(
      `Listening on ${host} (not a loopback address) requires API keys, and there are none: create one with \`aether keys create --name N --scopes segments:read\`.`,
    );
  }
  const logger =
    options.logStream === false
      ? false
      : pino(
          {
            level: options.logLevel ?? 'info',
            base: { service: 'aether-api' },
            // Requests are logged by route template, status and timing only (see onResponse); never bodies,
            // query strings or concrete URLs, which can carry customer ids.
            serializers: { req: () => undefined, res: () => undefined },
          },
          options.logStream ?? pino.destination(2),
        );
  const app = Fastify({
    ...(logger ? { loggerInstance: logger } : { logger: false }),
    logController: new LogController({ disableRequestLogging: true, requestIdLogLabel: 'req_id' }),
    genReqId: () => `req_${randomBytes(8).toString('hex')}`,
    requestIdHeader: false,
    bodyLimit: 1 << 20,
    routerOptions: { ignoreTrailingSlash: true, maxParamLength: 500 },
    forceCloseConnections: 'idle',
  }) as unknown as FastifyInstance;

  const { interpretation, ...optional } = await loadOptional();
  const segmentDeps: SegmentDeps = {
    cursorTtlSeconds: options.cursorTtlSeconds ?? DEFAULT_CURSOR_TTL_SECONDS,
    ...optional,
    ...options.segmentDeps,
  };
  const planner = await loadPlanner();
  const resolver = await loadCategoryResolver();
  if (planner && !segmentDeps.plan) {
    segmentDeps.plan = (coo) =>
      segmentFromPlan(
        coo,
        () => db.read((s) => planner(s, coo)) as Promise<PlanForSegment>,
        resolver ? (c) => db.read(async (s) => (await resolver(s, c)).criteria as Criteria) : undefined,
      );
  }
  const jobs = new Set<Promise<unknown>>();
  const heads = new SegmentHeadCache();
  // Snapshot files live next to the database (an in-memory database gets a temporary folder).
  const pagesDir =
    options.store.location === ':memory:'
      ? mkdtempSync(join(tmpdir(), 'aether-pages-'))
      : `${options.store.location}.snapshots`;
  const pages = new SnapshotPageCache(pagesDir, db.reader, (snapshotId, e) =>
    logger
      ? logger.warn({ snapshot_id: snapshotId, err: e.message.split('\n')[0] }, 'snapshot files not built')
      : undefined,
  );
  const sweepPages = async () => {
    const live = await db.reader.query<{ id: string }>('SELECT snapshot_id AS id FROM segment_snapshots');
    await pages.sweep(new Set(live.map((r) => r.id)));
  };
  await sweepPages();
  const compute = (id: string) => {
    const job = db
      .write(async (s) => {
        heads.invalidate(id);
        try {
          return await computeSegment(s, id, segmentDeps);
        } finally {
          heads.invalidate(id);
        }
      })
      // The new snapshot's files are laid out right away, so its first pages are already served from them.
      .then(async (seg) => {
        if (seg.snapshot_id) await pages.ensure(seg.snapshot_id);
        return seg;
      })
      .catch((e) =>
        app.log.error(
          { segment_id: id, err: String((e as Error).message).split('\n')[0] },
          'snapshot failed',
        ),
      );
    jobs.add(job);
    void job.finally(() => jobs.delete(job));
    return job;
  };

  let port = options.port ?? 0;
  const authOptions = { keys, allowLocal: local, port: () => port };
  const limiter =
    options.rateLimit === false ? null : new RateLimiter(options.rateLimit ?? DEFAULT_RATE_LIMIT);
  const routes: AnyRoute[] = [];
  let openapi: Record<string, unknown> | null = null;
  let reference: string | null = null;
  const documentOf = () => {
    openapi ??= buildOpenApi(routes, API_VERSION);
    return openapi;
  };
  routes.push(
    ...buildRoutes({
      db,
      segmentDeps,
      heads,
      pages,
      sweepPages,
      interpretation: interpretation ?? null,
      planner,
      version: API_VERSION,
      startedAt: Date.now(),
      compute,
      openapi: () => documentOf(),
      referencePage: () => {
        reference ??= renderReferencePage(documentOf() as never);
        return reference;
      },
    }),
    ...workspaceRoutes({ db }),
  );

  app.setErrorHandler((error, request, reply) => sendProblem(reply, request, error));
  app.setNotFoundHandler((request, reply) =>
    sendProblem(
      reply,
      request,
      new NotFound(`No route ${request.method} ${request.url.split('?')[0]?.slice(0, 200)}`),
    ),
  );
  app.addHook('onRequest', async (request, reply) => {
    reply.header('x-request-id', request.id);
    checkHost(request, authOptions);
  });
  app.addHook('onResponse', async (request, reply) => {
    request.log.info(
      {
        method: request.method,
        route: request.routeOptions.url ?? '(none)',
        status: reply.statusCode,
        ms: Math.round(reply.elapsedTime * 10) / 10,
      },
      'request',
    );
  });

  for (const r of routes) {
    app.route({
      method: r.method,
      url: r.url,
      handler: async (request, reply) => {
        if (r.scope) {
          const principal = authenticate(request, authOptions);
          if (limiter) {
            const d = limiter.take(principal.id);
            reply.header('RateLimit-Limit', String(d.limit));
            reply.header('RateLimit-Remaining', String(d.remaining));
            reply.header('RateLimit-Reset', String(d.resetSeconds));
            if (!d.allowed) {
              reply.header('Retry-After', String(d.resetSeconds));
              throw new AppError(
                429,
                'rate-limited',
                `Rate limit of ${d.limit} requests per window exceeded; retry in ${d.resetSeconds} s.`,
              );
            }
          }
          requireScope(principal, r.scope);
        }
        const parse = <T>(schema: ZodType<T> | undefined, value: unknown, place: InputPlace): T => {
          if (!schema) return undefined as T;
          const parsed = schema.safeParse(place === 'body' ? value : (value ?? {}));
          if (!parsed.success) throw invalidInputOf(parsed.error, place, value, schema);
          return parsed.data;
        };
        // A malformed segment id names no segment, as an unknown one does: both are a 404.
        if (r.params === SegmentIdParams && !SegmentIdParams.safeParse(request.params).success) {
          const id = String((request.params as { id?: unknown }).id ?? '').slice(0, 200);
          throw new NotFound(`No segment with id ${JSON.stringify(id)}.`);
        }
        const params = parse(r.params, request.params, 'path');
        const query = parse(r.query, request.query, 'query');
        if (r.body) assertShallow(request.body);
        const body = parse(r.body, request.body, 'body');
        const result = await r.handler({ params, query, body, request, reply });
        if (reply.sent) return reply;
        return result;
      },
    });
  }
  const webRoot = options.webRoot === undefined ? defaultWebRoot() : options.webRoot;
  if (webRoot) mountStatic(app, webRoot);

  let timer: NodeJS.Timeout | null = null;
  const interval = options.schedulerIntervalMs ?? 60_000;
  const tick = async () => {
    try {
      const now = new Date();
      for (const id of await dueSegments(db.reader, now)) await compute(id);
      if ((await db.write((s) => purgeExpiredSnapshots(s, now))) > 0) {
        heads.invalidate();
        await sweepPages();
      }
    } catch (e) {
      app.log.error({ err: String((e as Error).message).split('\n')[0] }, 'scheduler tick failed');
    }
  };

  return {
    app,
    db,
    keys,
    routes,
    async listen() {
      const address = await app.listen({ host, port: options.port ?? 0 });
      const addr = app.server.address();
      port = typeof addr === 'object' && addr ? addr.port : port;
      if (interval > 0) timer = setInterval(() => void tick(), interval).unref();
      if (options.warmCaches) {
        const warm = db
          .read((s) => warmCaches(s))
          .then(() => app.log.info('plan and explanation caches filled'))
          .catch((e) =>
            app.log.info({ reason: String((e as Error).message).split('\n')[0] }, 'caches not filled'),
          );
        jobs.add(warm);
        void warm.finally(() => jobs.delete(warm));
      }
      return address.replace('[::1]', 'localhost');
    },
    async close() {
      if (timer) clearInterval(timer);
      await app.close();
      await Promise.allSettled([...jobs]);
      await pages.close();
      if (options.store.location === ':memory:') rmSync(pagesDir, { recursive: true, force: true });
      await db.close();
    },
  };
}

/** JSON deeper than any valid request is refused before validation, whose recursion it would exhaust. */
export const MAX_BODY_DEPTH = 64;

function assertShallow(body: unknown): void {
  const stack: [unknown, number][] = [[body, 0]];
  while (stack.length > 0) {
    const [v, d] = stack.pop()!;
    if (v === null || typeof v !== 'object') continue;
    if (d >= MAX_BODY_DEPTH) {
      throw new InvalidInput(`The request body nests deeper than ${MAX_BODY_DEPTH} levels.`, [
        { name: '(body)', reason: `nesting deeper than ${MAX_BODY_DEPTH}` },
      ]);
    }
    for (const x of Array.isArray(v) ? v : Object.values(v))
      if (x !== null && typeof x === 'object') stack.push([x, d + 1]);
  }
}

async function loadOptional(): Promise<Partial<SegmentDeps> & { interpretation?: Interpret }> {
  const interpretation = await loadInterpreter();
  return interpretation ? { interpretation, interpret: async (b) => (await interpretation(b)).coo } : {};
}

type Interpret = NonNullable<Awaited<ReturnType<typeof loadInterpreter>>>;
