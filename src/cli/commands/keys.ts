import type { Command } from 'commander';
import { createApiKey, listApiKeys, parseScopes, revokeApiKey } from '../../api/index.ts';
import { SCOPES } from '../../contracts/api.ts';
import { action, emit } from '../output.ts';
import { withStore } from '../with-store.ts';

interface Flags {
  db?: string;
  json?: boolean;
}

export function registerKeys(program: Command): void {
  const keys = program.command('keys').description('API keys for the REST API (only a hash is stored)');
  keys
    .command('create')
    .description('Create a key; it is printed once')
    .requiredOption('--name <name>', 'what the key is for (e.g. "email platform")')
    .option('--scopes <list>', `comma-separated: ${SCOPES.join(', ')}`, 'segments:read')
    .option('--db <path>', 'database file')
    .option('--json', 'print { id, key, scopes } as one JSON document')
    .action(
      action(async (opts: Flags & { name: string; scopes: string }) => {
        const scopes = parseScopes(opts.scopes);
        const created = await withStore(opts, (s) => createApiKey(s, opts.name, scopes));
        emit({ id: created.id, key: created.key, scopes: created.scopes }, opts, (r) =>
          [
            `Key ${r.id} (${r.scopes.join(', ')}):`,
            '',
            `  ${r.key}`,
            '',
            'Shown once: store it now. Use it as `Authorization: Bearer <key>`.',
          ].join('\n'),
        );
      }),
    );
  keys
    .command('list')
    .description('List keys (never the keys themselves)')
    .option('--db <path>', 'database file')
    .option('--json', 'print one JSON document')
    .action(
      action(async (opts: Flags) => {
        const list = await withStore(opts, (s) => listApiKeys(s));
        emit({ keys: list }, opts, (r) =>
          r.keys.length === 0
            ? 'No API keys. Create one with `aether keys create --name N --scopes segments:read`.'
            : r.keys
                .map(
                  (k) =>
                    `${k.id}  ${k.prefix}…  ${k.name.padEnd(24)} ${k.scopes.join(',')}  ${k.revoked_at ? `revoked ${k.revoked_at}` : 'active'}`,
                )
                .join('\n'),
        );
      }),
    );
  keys
    .command('revoke <id>')
    .description('Revoke a key at once')
    .option('--db <path>', 'database file')
    .option('--json', 'print one JSON document')
    .action(
      action(async (id: string, opts: Flags) => {
        await withStore(opts, (s) => revokeApiKey(s, id));
        emit({ id, revoked: true }, opts, (r) => `Revoked ${r.id}.`);
      }),
    );
}
