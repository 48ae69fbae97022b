import type { Command } from 'commander';
import {
  buildServer,
  heldByServerMessage,
  readServerLock,
  removeServerLock,
  writeServerLock,
} from '../../api/index.ts';
import { Conflict, InvalidInput } from '../../core/errors.ts';
import { note } from '../../core/progress.ts';
import { openStore, resolveDbPath } from '../../store/open.ts';
import { action, emit } from '../output.ts';

interface ServeFlags {
  db?: string;
  port: string;
  host: string;
  rateLimit: string;
  web?: boolean;
  json?: boolean;
}

function port(text: string, flag: string, min: number): number {
  const n = Number(text);
  if (!/^\d+$/.test(text) || n < min || n > 65535) {
    throw new InvalidInput(`--${flag} must be a whole number from ${min} to 65535, got "${text}"`, [
      { name: flag, reason: 'out of range' },
    ]);
  }
  return n;
}

function perMinute(text: string): number {
  const n = Number(text);
  if (!/^\d+$/.test(text) || n < 1 || n > 1e9) {
    throw new InvalidInput(`--rate-limit must be a whole number of requests per minute ≥ 1, got "${text}"`, [
      { name: 'rate-limit', reason: 'not a whole number ≥ 1' },
    ]);
  }
  return n;
}

export function registerServe(program: Command): void {
  program
    .command('serve')
    .description('Serve the REST activation API (and the web UI when built) over an existing database')
    .option('--db <path>', 'database file (default $AETHER_DB or ./data/aether.duckdb)')
    .option('--port <n>', 'port', '4321')
    .option('--host <h>', 'address to bind; anything but loopback requires API keys', '127.0.0.1')
    .option('--rate-limit <n>', 'requests per minute per API key', '600')
    .option('--no-web', 'do not serve the web UI at /')
    .option('--json', 'print one JSON document (the URL) once listening')
    .action(
      action(async (opts: ServeFlags) => {
        const db = resolveDbPath(opts.db);
        const held = readServerLock(db);
        if (held) throw new Conflict(heldByServerMessage(held));
        const store = await openStore(db);
        const server = await buildServer({
          store,
          host: opts.host,
          port: port(opts.port, 'port', 0),
          rateLimit: { max: perMinute(opts.rateLimit), windowSeconds: 60 },
          warmCaches: true,
          ...(opts.web === false ? { webRoot: null } : {}),
        });
        const url = await server.listen();
        writeServerLock(db, { pid: process.pid, url, db, started_at: new Date().toISOString() });
        emit(
          { url, api: `${url}/api/v1`, reference: `${url}/api/v1/docs`, db, pid: process.pid },
          opts,
          (r) =>
            [
              `AetherSegment API on ${r.api}`,
              `Reference: ${r.reference}`,
              `Database: ${r.db}  (Ctrl-C stops)`,
            ].join('\n'),
        );
        await new Promise<void>((resolve) => {
          let stopping = false;
          const stop = (signal: string) => {
            if (stopping) return;
            stopping = true;
            note(`${signal}: finishing requests in flight and closing the database…`);
            server
              .close()
              .catch((e) => note(`error while closing: ${(e as Error).message}`))
              .finally(() => {
                removeServerLock(db);
                resolve();
              });
          };
          process.once('SIGINT', () => stop('SIGINT'));
          process.once('SIGTERM', () => stop('SIGTERM'));
        });
      }),
    );
}
