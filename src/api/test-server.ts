import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { seedCustomers, seedScores } from '../segments/test-fixtures.ts';
import { openStore } from '../store/open.ts';
import { createApiKey } from './api-keys.ts';
import { type AetherServer, buildServer, type ServerOptions } from './server.ts';

/** A real server on a random port over a real DuckDB file in a temp folder, with captured logs and keys. */
export interface TestServer {
  server: AetherServer;
  url: string;
  dir: string;
  logs: string[];
  keys: { admin: string; reader: string; noCustomers: string; revoked: string; revokedId: string };
  close(): Promise<void>;
}

export async function startTestServer(
  customers: number,
  options: Partial<ServerOptions> = {},
): Promise<TestServer> {
  const dir = mkdtempSync(join(tmpdir(), 'aether-api-'));
  const store = await openStore(join(dir, 'test.duckdb'));
  await seedCustomers(store, customers);
  await seedScores(store);
  const admin = await createApiKey(store, 'admin', [
    'segments:read',
    'segments:write',
    'customers:read',
    'plans:write',
    'models:read',
  ]);
  const reader = await createApiKey(store, 'reader', ['segments:read']);
  const noCustomers = await createApiKey(store, 'no customers', ['segments:read', 'segments:write']);
  const revoked = await createApiKey(store, 'revoked', ['segments:read']);
  const logs: string[] = [];
  const logStream = new Writable({
    write(chunk, _enc, done) {
      logs.push(String(chunk));
      done();
    },
  });
  const server = await buildServer({
    store,
    logStream,
    webRoot: null,
    schedulerIntervalMs: 0,
    rateLimit: false,
    ...options,
  });
  const url = await server.listen();
  return {
    server,
    url,
    dir,
    logs,
    keys: {
      admin: admin.key,
      reader: reader.key,
      noCustomers: noCustomers.key,
      revoked: revoked.key,
      revokedId: revoked.id,
    },
    async close() {
      await server.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
