import { z } from 'zod';
import * as api from '../contracts/api.ts';
import { CampaignObjective } from '../contracts/coo.ts';
import { Criteria } from '../contracts/criteria.ts';
import { Problem } from '../contracts/problem.ts';
import type { AnyRoute } from './route-table.ts';

/**
 * The OpenAPI 3.1 document, generated from the route table and the zod schemas of
 * src/contracts (z.toJSONSchema emits JSON Schema 2020-12, the dialect of OpenAPI 3.1).
 */
const NAMED: Record<string, z.ZodType> = {
  Criteria,
  CampaignObjective,
  Problem,
  Segment: api.Segment,
  SegmentList: api.SegmentList,
  SegmentCreate: api.SegmentCreate,
  SegmentPreviewRequest: api.SegmentPreviewRequest,
  SegmentPreview: api.SegmentPreview,
  SegmentCustomersPage: api.SegmentCustomersPage,
  CustomerProfile: api.CustomerProfile,
  InterpretRequest: api.InterpretRequest,
  InterpretResponse: api.InterpretResponse,
  PlanRequest: api.PlanRequest,
  PlanResponse: api.PlanResponse,
  TriggersResponse: api.TriggersResponse,
  ModelsResponse: api.ModelsResponse,
  HealthResponse: api.HealthResponse,
};

const PROBLEM_STATUSES: Record<number, string> = {
  400: 'Invalid input (application/problem+json, with invalid_params)',
  401: 'Missing or invalid API key',
  403: 'The key lacks the scope, or the Host header is refused',
  429: 'Rate limit exceeded; see Retry-After',
  500: 'Unexpected error',
};

function toPath(url: string): string {
  return url.replace(/:([A-Za-z_]+)/g, '{$1}');
}

export function buildOpenApi(routes: readonly AnyRoute[], version: string): Record<string, unknown> {
  const registry = z.registry<{ id: string }>();
  const nameOf = new Map<z.ZodType, string>();
  for (const [id, schema] of Object.entries(NAMED)) {
    registry.add(schema, { id });
    nameOf.set(schema, id);
  }
  const uri = (id: string) => `#/components/schemas/${id}`;
  const generated = z.toJSONSchema(registry, { uri, unrepresentable: 'any', io: 'input' }) as {
    schemas: Record<string, Record<string, unknown>>;
  };
  const schemas: Record<string, unknown> = {};
  for (const [id, s] of Object.entries(generated.schemas)) {
    const { $schema: _drop, $id: _id, ...rest } = s;
    schemas[id] = rest;
  }
  const ref = (schema: z.ZodType, io: 'input' | 'output'): unknown => {
    const name = nameOf.get(schema);
    if (name) return { $ref: uri(name) };
    const { $schema: _s, ...rest } = z.toJSONSchema(schema, {
      io,
      unrepresentable: 'any',
      metadata: registry,
      uri,
    } as Parameters<typeof z.toJSONSchema>[1]) as Record<string, unknown>;
    return rest;
  };

  const paths: Record<string, Record<string, unknown>> = {};
  for (const r of routes) {
    const parameters: unknown[] = [];
    for (const [where, schema] of [
      ['path', r.params],
      ['query', r.query],
    ] as const) {
      if (!schema) continue;
      const js = z.toJSONSchema(schema, { io: 'input', unrepresentable: 'any' }) as {
        properties?: Record<string, Record<string, unknown>>;
        required?: string[];
      };
      for (const [name, prop] of Object.entries(js.properties ?? {})) {
        const { description, ...propSchema } = prop;
        parameters.push({
          name,
          in: where,
          required: where === 'path' || (js.required ?? []).includes(name),
          ...(description ? { description } : {}),
          schema: propSchema,
        });
      }
    }
    const responses: Record<string, unknown> = {};
    for (const [status, spec] of Object.entries(r.responses)) {
      responses[status] = {
        description: spec.description,
        ...(spec.headers
          ? {
              headers: Object.fromEntries(
                Object.entries(spec.headers).map(([h, d]) => [
                  h,
                  { description: d, schema: { type: 'string' } },
                ]),
              ),
            }
          : {}),
        ...(spec.schema || spec.contentType
          ? {
              content: {
                [spec.contentType ?? 'application/json']: {
                  schema: spec.schema ? ref(spec.schema, 'output') : { type: 'string' },
                },
              },
            }
          : {}),
      };
    }
    const problemStatuses = r.scope ? [400, 401, 403, 429, 500] : [400, 429, 500];
    for (const status of problemStatuses) {
      responses[status] ??= {
        description: PROBLEM_STATUSES[status],
        content: { 'application/problem+json': { schema: { $ref: uri('Problem') } } },
      };
    }
    for (const [status, spec] of Object.entries(r.responses)) {
      if (Number(status) >= 400) {
        responses[status] = {
          description: spec.description,
          content: { 'application/problem+json': { schema: { $ref: uri('Problem') } } },
        };
      }
    }
    const path = toPath(r.url);
    paths[path] ??= {};
    paths[path][r.method.toLowerCase()] = {
      operationId: r.operationId,
      summary: r.summary,
      ...(r.description ? { description: r.description } : {}),
      tags: [r.tag],
      ...(r.scope
        ? { security: [{ bearer: [r.scope] }, { localUser: [] }], 'x-scope': r.scope }
        : { security: [] }),
      ...(parameters.length ? { parameters } : {}),
      ...(r.body
        ? {
            requestBody: {
              required: true,
              content: { 'application/json': { schema: ref(r.body, 'input') } },
            },
          }
        : {}),
      responses,
    };
  }
  return {
    openapi: '3.1.0',
    info: {
      title: 'AetherSegment activation API',
      version,
      description:
        'Uplift-optimised segments with the right trigger per customer, for email platforms, ad audiences and CRMs. ' +
        'Authenticate with `Authorization: Bearer <key>` (create one with `aether keys create`). Errors are application/problem+json.',
    },
    servers: [{ url: '/' }],
    security: [{ bearer: [] }],
    paths,
    components: {
      schemas,
      securitySchemes: {
        bearer: {
          type: 'http',
          scheme: 'bearer',
          description: 'An API key from `aether keys create --scopes …`',
        },
        localUser: {
          type: 'apiKey',
          in: 'header',
          name: 'Host',
          description: 'While the server listens on a loopback address, local requests need no key.',
        },
      },
    },
  };
}
