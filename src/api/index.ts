export { createApiKey, KeyRing, listApiKeys, parseScopes, revokeApiKey } from './api-keys.ts';
export { buildOpenApi } from './openapi.ts';
export {
  type AetherServer,
  API_VERSION,
  buildServer,
  DEFAULT_RATE_LIMIT,
  type ServerOptions,
} from './server.ts';
export {
  heldByServerMessage,
  lockPath,
  readServerLock,
  removeServerLock,
  writeServerLock,
} from './server-lock.ts';
export { defaultWebRoot, mountStatic } from './static-files.ts';
