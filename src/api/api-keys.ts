import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import { type ApiKeyCreated, type ApiKeyInfo, SCOPES, type Scope } from '../contracts/api.ts';
import { InvalidInput, NotFound } from '../core/errors.ts';
import { newId } from '../segments/ids.ts';
import { sqlTime } from '../segments/segment-service.ts';
import type { Store } from '../store/store.ts';

/**
 * API keys: 256 random bits, shown once at creation. Only the SHA-256 of the key is stored (a
 * slow password hash buys nothing for a key of this entropy), and a presented key is compared
 * with every stored hash in constant time.
 */
const KEY_PREFIX = 'aek_';

export function hashKey(key: string): Buffer {
  return createHash('sha256').update(key).digest();
}

export function parseScopes(text: string): Scope[] {
  const list = [
    ...new Set(
      text
        .split(',')
        .map((s) => s.trim())
        .filter(Boolean),
    ),
  ];
  const bad = list.filter((s) => !(SCOPES as readonly string[]).includes(s));
  if (bad.length > 0 || list.length === 0) {
    throw new InvalidInput(
      `Unknown scope${bad.length > 1 ? 's' : ''}: ${bad.join(', ') || '(none given)'}. Known: ${SCOPES.join(', ')}`,
      [{ name: 'scopes', reason: bad.length ? `unknown: ${bad.join(', ')}` : 'list at least one scope' }],
    );
  }
  return list as Scope[];
}

export async function createApiKey(
  store: Store,
  name: string,
  scopes: Scope[],
  now = new Date(),
): Promise<ApiKeyCreated> {
  if (!name.trim() || name.length > 100)
    throw new InvalidInput('A key needs a name of 1 to 100 characters.', [
      { name: 'name', reason: 'empty or too long' },
    ]);
  const id = newId('key', 12);
  const key = `${KEY_PREFIX}${randomBytes(32).toString('base64url')}`;
  await store.run('INSERT INTO api_keys VALUES ($1, $2, $3, $4, $5, CAST($6 AS TIMESTAMP), NULL)', [
    id,
    name,
    hashKey(key).toString('hex'),
    key.slice(0, 10),
    JSON.stringify(scopes),
    sqlTime(now),
  ]);
  return { id, name, key, scopes };
}

export async function listApiKeys(store: Pick<Store, 'query'>): Promise<ApiKeyInfo[]> {
  const rows = await store.query<{
    key_id: string;
    name: string;
    key_prefix: string;
    scopes: string;
    created_at: string;
    revoked_at: string | null;
  }>(
    'SELECT key_id, name, key_prefix, scopes, created_at, revoked_at FROM api_keys ORDER BY created_at, key_id',
  );
  return rows.map((r) => ({
    id: r.key_id,
    name: r.name,
    prefix: r.key_prefix,
    scopes: JSON.parse(r.scopes),
    created_at: r.created_at,
    revoked_at: r.revoked_at,
  }));
}

export async function revokeApiKey(store: Store, id: string, now = new Date()): Promise<void> {
  const rows = await store.query('SELECT 1 FROM api_keys WHERE key_id = $1', [id]);
  if (!rows[0]) throw new NotFound(`No API key with id ${JSON.stringify(id)}.`);
  await store.run(
    'UPDATE api_keys SET revoked_at = CAST($2 AS TIMESTAMP) WHERE key_id = $1 AND revoked_at IS NULL',
    [id, sqlTime(now)],
  );
}

export interface KeyPrincipal {
  id: string;
  scopes: ReadonlySet<Scope>;
}

/** The active keys in memory, so checking a request costs no query. */
export class KeyRing {
  private keys: { id: string; hash: Buffer; scopes: ReadonlySet<Scope> }[] = [];

  async load(store: Pick<Store, 'query'>): Promise<void> {
    const rows = await store.query<{ key_id: string; key_hash: string; scopes: string }>(
      'SELECT key_id, key_hash, scopes FROM api_keys WHERE revoked_at IS NULL',
    );
    this.keys = rows.map((r) => ({
      id: r.key_id,
      hash: Buffer.from(r.key_hash, 'hex'),
      scopes: new Set(JSON.parse(r.scopes) as Scope[]),
    }));
  }

  get size(): number {
    return this.keys.length;
  }

  verify(presented: string): KeyPrincipal | null {
    const h = hashKey(presented);
    let found: KeyPrincipal | null = null;
    // Every stored hash is compared, so the time taken does not tell which key came close.
    for (const k of this.keys)
      if (timingSafeEqual(h, k.hash) && !found) found = { id: k.id, scopes: k.scopes };
    return found;
  }
}
