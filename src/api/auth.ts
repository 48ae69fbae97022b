import type { FastifyRequest } from 'fastify';
import { SCOPES, type Scope } from '../contracts/api.ts';
import { AppError, Forbidden, Unauthorized } from '../core/errors.ts';
import type { KeyRing } from './api-keys.ts';

/**
 * Who is calling. A Bearer key from the key ring; or, only while the server listens on a loopback
 * address, the local user (the web UI) without a key. A browser page from elsewhere cannot pose as
 * the local user: DNS rebinding shows in the Host header (which must name the loopback host and
 * this port) and a cross-site request in Origin / Sec-Fetch-Site, and both are refused.
 */
export interface Principal {
  id: string;
  scopes: ReadonlySet<Scope>;
}

const LOCAL_HOSTS = new Set(['localhost', '127.0.0.1', '[::1]', '::1']);
const ALL_SCOPES: ReadonlySet<Scope> = new Set(SCOPES);

export function isLoopback(host: string): boolean {
  return LOCAL_HOSTS.has(host) || host.startsWith('127.');
}

export interface AuthOptions {
  keys: KeyRing;
  /** Keyless access for the local user: true only when bound to loopback. */
  allowLocal: boolean;
  /** The port the server listens on, for the Host check. */
  port: () => number;
}

function hostAllowed(hostHeader: string | undefined, port: number): boolean {
  if (!hostHeader) return false;
  const m = /^(\[[0-9a-fA-F:]+\]|[^:]+)(?::(\d+))?$/.exec(hostHeader);
  if (!m) return false;
  return isLoopback(m[1]!.toLowerCase()) && (m[2] === undefined ? port === 80 : Number(m[2]) === port);
}

function originAllowed(origin: string | undefined, port: number): boolean {
  if (origin === undefined) return true;
  try {
    const u = new URL(origin);
    return isLoopback(u.hostname.toLowerCase()) && Number(u.port || 80) === port;
  } catch {
    return false;
  }
}

/** Rejects requests that reach a loopback-bound server under a foreign Host name (DNS rebinding). */
export function checkHost(request: FastifyRequest, options: AuthOptions): void {
  if (!options.allowLocal) return;
  if (!hostAllowed(request.headers.host, options.port())) {
    throw new AppError(
      403,
      'host-not-allowed',
      'This server answers only to its loopback address (Host header refused).',
    );
  }
}

export function authenticate(request: FastifyRequest, options: AuthOptions): Principal {
  const header = request.headers.authorization;
  if (header !== undefined) {
    const m = /^Bearer ([A-Za-z0-9_-]{1,200})$/.exec(header);
    const principal = m ? options.keys.verify(m[1]!) : null;
    if (!principal)
      throw new Unauthorized(
        'The API key is missing, malformed, unknown or revoked (Authorization: Bearer <key>).',
      );
    return principal;
  }
  if (options.allowLocal) {
    const origin = request.headers.origin;
    const site = request.headers['sec-fetch-site'];
    if (
      originAllowed(typeof origin === 'string' ? origin : undefined, options.port()) &&
      site !== 'cross-site'
    ) {
      return { id: 'local', scopes: ALL_SCOPES };
    }
  }
  throw new Unauthorized();
}

export function requireScope(principal: Principal, scope: Scope): void {
  if (!principal.scopes.has(scope)) throw new Forbidden(`This API key lacks the scope "${scope}".`);
}
