import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify';
import { ZodError } from 'zod';
import type { Problem } from '../contracts/problem.ts';
import { AppError } from '../core/errors.ts';

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

export function toProblem(error: unknown, requestId: string): Problem {
  if (error instanceof ZodError) {
    return {
      type: `${PROBLEM_TYPE_BASE}invalid-input`,
      title: TITLES[400]!,
      status: 400,
      detail: `Invalid request: ${error.issues
        .slice(0, 3)
        .map((i) => `${i.path.join('.') || '(body)'}: ${i.message}`)
        .join('; ')}`,
      request_id: requestId,
      invalid_params: error.issues
        .slice(0, 50)
        .map((i) => ({ name: i.path.join('.') || '(body)', reason: i.message })),
    };
  }
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
    return {
      type: `${PROBLEM_TYPE_BASE}${fe.code === 'FST_ERR_CTP_INVALID_MEDIA_TYPE' ? 'unsupported-media-type' : 'bad-request'}`,
      title: TITLES[status] ?? 'Bad Request',
      status,
      detail: String(fe.message ?? 'Bad request').slice(0, 300),
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
