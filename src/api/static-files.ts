import { createReadStream, existsSync, statSync } from 'node:fs';
import { extname, join, resolve, sep } from 'node:path';
import type { FastifyInstance } from 'fastify';
import { NotFound } from '../core/errors.ts';

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
  '.map': 'application/json',
  '.txt': 'text/plain; charset=utf-8',
  '.wasm': 'application/wasm',
};

/** The web UI's build folder (web/dist at the repository root), if it has been built. */
export function defaultWebRoot(): string | null {
  const dir = resolve(new URL('../../web/dist', import.meta.url).pathname);
  return existsSync(join(dir, 'index.html')) ? dir : null;
}

/**
 * Serves a built single-page app at `/`: files by path, and index.html for any other path outside
 * /api (client-side routes). Paths are resolved inside `root` only.
 */
export function mountStatic(app: FastifyInstance, root: string): void {
  const base = resolve(root);
  const send = (path: string, reply: import('fastify').FastifyReply) => {
    const type = TYPES[extname(path).toLowerCase()] ?? 'application/octet-stream';
    const immutable = path.includes(`${sep}assets${sep}`);
    return reply
      .type(type)
      .header('cache-control', immutable ? 'public, max-age=31536000, immutable' : 'no-cache')
      .header('x-content-type-options', 'nosniff')
      .send(createReadStream(path));
  };
  app.get('/*', async (request, reply) => {
    const raw = (request.params as { '*': string })['*'] ?? '';
    if (raw.startsWith('api/')) throw new NotFound(`No route ${request.method} ${request.url.split('?')[0]}`);
    let rel: string;
    try {
      rel = decodeURIComponent(raw);
    } catch {
      rel = '';
    }
    const path = resolve(base, `.${sep}${rel}`);
    if ((path === base || path.startsWith(base + sep)) && existsSync(path) && statSync(path).isFile())
      return send(path, reply);
    const index = join(base, 'index.html');
    if (!existsSync(index)) throw new NotFound('The web UI has not been built (npm run build:web).');
    return send(index, reply);
  });
}
