import type { FastifyReply, FastifyRequest } from 'fastify';
import type { z } from 'zod';
import type { Scope } from '../contracts/api.ts';

/**
 * A route described once: Fastify registers it from this, requests are validated with its zod
 * schemas, and the OpenAPI document is generated from the same schemas.
 */
export interface ResponseSpec {
  description: string;
  schema?: z.ZodType;
  /** Defaults to application/json. */
  contentType?: string;
  headers?: Record<string, string>;
}

export interface RouteSpec<P = unknown, Q = unknown, B = unknown> {
  method: 'GET' | 'POST' | 'DELETE';
  /** Fastify path syntax: /api/v1/segments/:id */
  url: string;
  operationId: string;
  summary: string;
  description?: string;
  tag: string;
  /** null: public, no key needed. */
  scope: Scope | null;
  params?: z.ZodType<P>;
  query?: z.ZodType<Q>;
  body?: z.ZodType<B>;
  responses: Record<number, ResponseSpec>;
  handler: (input: {
    params: P;
    query: Q;
    body: B;
    request: FastifyRequest;
    reply: FastifyReply;
  }) => Promise<unknown>;
}

// biome-ignore lint/suspicious/noExplicitAny: a table of routes with different parameter types
export type AnyRoute = RouteSpec<any, any, any>;

export function route<P, Q, B>(spec: RouteSpec<P, Q, B>): AnyRoute {
  return spec as AnyRoute;
}
