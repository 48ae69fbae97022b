import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify';
import { ZodError, type ZodType, type z } from 'zod';
import type { Problem } from '../contracts/problem.ts';
import { TRIGGER_IDS } from '../contracts/triggers.ts';
import { AppError, InvalidInput, type InvalidParam } from '../core/errors.ts';

/**
 * The one mapping from errors to HTTP (RFC 9457 application/problem+json). Every route throws the
 * AppError family (or lets zod reject its input); Fastify's own errors (bad JSON, body too
 * large, unsupported media type) keep their status; anything else is a 500 without details.
 */
const TITLES: Record<number, string> = {
  400: 'Bad Request',
  401: 'Unauthorized',
  403: 'Forbidden',
  404: 'Not Found',
  405: 'Method Not Allowed',
  406: 'Not Acceptable',
  409: 'Conflict',
  410: 'Gone',
  413: 'Payload Too Large',
  414: 'URI Too Long',
  415: 'Unsupported Media Type',
  429: 'Too Many Requests',
  431: 'Request Header Fields Too Large',
  500: 'Internal Server Error',
  503: 'Service Unavailable',
};

export const PROBLEM_TYPE_BASE = '/api/v1/docs#problem-';

/** Where a request's rejected input came from: its path, its query string or its JSON body. */
export type InputPlace = 'path' | 'query' | 'body';

/**
 * A zod rejection of one part of a request as the project's InvalidInput, each issue named by the
 * parameter or body path it concerns and said in words: an unknown query parameter or field by its
 * name with the known ones, a value that is no trigger with the catalogue's trigger ids. `input`
 * (the rejected part as received) lets the reason quote the value; `schema` gives the known names.
 */
export function invalidInputOf(
  error: ZodError,
  place: InputPlace,
  input?: unknown,
  schema?: ZodType,
): InvalidInput {
  const where = place === 'body' ? '(body)' : `(${place})`;
  const params: InvalidParam[] = error.issues.flatMap((i): InvalidParam[] => {
    const name = i.path.map(String).join('.') || where;
    if (i.code === 'unrecognized_keys') {
      const known = i.path.length === 0 ? knownKeys(schema) : [];
      const what = place === 'query' ? 'unknown query parameter' : 'unknown field';
      const reason = known.length ? `${what}; known: ${known.join(', ')}` : what;
      return i.keys.map((k) => ({ name: [...i.path.map(String), k].join('.'), reason }));
    }
    const allowed = triggerValues(i);
    if (allowed) {
      const value = valueAt(input, i.path);
      const others = allowed.filter((v) => !(TRIGGER_IDS as readonly string[]).includes(v));
      const quoted = value === undefined ? 'the value' : JSON.stringify(value).slice(0, 100);
      return [
        {
          name,
          reason: `${quoted} is not a trigger; the triggers are ${TRIGGER_IDS.join(', ')}${others.length ? `, or ${others.join(', ')}` : ''}`,
        },
      ];
    }
    return [{ name, reason: i.message }];
  });
  return new InvalidInput(
    `Invalid request: ${params
      .slice(0, 3)
      .map((p) => `${p.name}: ${p.reason}`)
      .join('; ')}`,
    params,
  );
}

function knownKeys(schema: ZodType | undefined): string[] {
  const shape = (schema as { shape?: Record<string, unknown> } | undefined)?.shape;
  return shape && typeof shape === 'object' ? Object.keys(shape) : [];
}

/** The values an issue would have accepted when they include every trigger id (a trigger field), else null. */
function triggerValues(issue: z.core.$ZodIssue): string[] | null {
  const values: unknown[] = [];
  const collect = (i: z.core.$ZodIssue): void => {
    if (i.code === 'invalid_value') values.push(...i.values);
    else if (i.code === 'invalid_union') for (const branch of i.errors) for (const b of branch) collect(b);
  };
  collect(issue);
  const strings = values.filter((v): v is string => typeof v === 'string');
  return TRIGGER_IDS.every((t) => strings.includes(t)) ? [...new Set(strings)] : null;
}

function valueAt(input: unknown, path: readonly PropertyKey[]): unknown {
  let v = input;
  for (const k of path) {
    if (v === null || typeof v !== 'object') return undefined;
    v = (v as Record<PropertyKey, unknown>)[k];
  }
  return v;
}

export function toProblem(error: unknown, requestId: string): Problem {
  if (error instanceof ZodError) error = invalidInputOf(error, 'body');
  if (error instanceof AppError) {
    return {
      type: `${PROBLEM_TYPE_BASE}${error.type}`,
      title: TITLES[error.status] ?? 'Error',
      status: error.status,
      detail: error.message,
      request_id: requestId,
      ...(error.invalidParams.length ? { invalid_params: error.invalidParams.slice(0, 50) } : {}),
    };
  }
  const fe = error as Partial<FastifyError>;
  const status =
    typeof fe.statusCode === 'number' && fe.statusCode >= 400 && fe.statusCode < 500 ? fe.statusCode : 500;
  if (status < 500) {
    const mediaType = fe.code === 'FST_ERR_CTP_INVALID_MEDIA_TYPE';
    return {
      type: `${PROBLEM_TYPE_BASE}${mediaType ? 'unsupported-media-type' : 'bad-request'}`,
      title: TITLES[status] ?? 'Bad Request',
      status,
      detail: mediaType
        ? 'The request body must be JSON sent as Content-Type: application/json.'
        : String(fe.message ?? 'Bad request').slice(0, 300),
      request_id: requestId,
    };
  }
  return {
    type: `${PROBLEM_TYPE_BASE}internal`,
    title: TITLES[500]!,
    status: 500,
    detail: 'An unexpected error occurred; the request id identifies it in the server log.',
    request_id: requestId,
  };
}

export function sendProblem(reply: FastifyReply, request: FastifyRequest, error: unknown): FastifyReply {
  const p = toProblem(error, request.id);
  if (p.status >= 500) {
    // Only the error's class and first line: a database message may quote values.
    const e = error as Error;
    request.log.error(
      {
        req_id: request.id,
        err_name: e?.name,
        err: String(e?.message ?? e)
          .split('\n')[0]
          ?.slice(0, 200),
      },
      'request failed',
    );
  }
  if (p.status === 405) reply.header('allow', reply.getHeader('allow') ?? '');
  return reply.code(p.status).type('application/problem+json').send(JSON.stringify(p));
}
