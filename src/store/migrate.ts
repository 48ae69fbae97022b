import { eventTables } from './migrations/001-event-tables.ts';
import { truthAndModels } from './migrations/002-truth-and-models.ts';
import { profilesAndImports } from './migrations/003-profiles-and-imports.ts';
import { segmentsAndKeys } from './migrations/004-segments-and-keys.ts';
import { membersUncompressed } from './migrations/005-members-uncompressed.ts';
import { experimentBalance } from './migrations/006-experiment-balance.ts';
import { truthOrderMargins } from './migrations/007-truth-order-margins.ts';
import { segmentNote } from './migrations/008-segment-note.ts';
import type { Store } from './store.ts';

export interface Migration {
  version: number;
  name: string;
  statements: string[];
}

/**
 * Every migration in order. A new one takes the next number and is appended here; applied
 * migrations are never edited.
 */
export const MIGRATIONS: readonly Migration[] = [
  eventTables,
  truthAndModels,
  profilesAndImports,
  segmentsAndKeys,
  membersUncompressed,
  experimentBalance,
  truthOrderMargins,
  segmentNote,
];

export async function currentSchemaVersion(store: Store): Promise<number> {
  await store.run(
    'CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY, name VARCHAR NOT NULL, applied_at TIMESTAMP NOT NULL)',
  );
  const rows = await store.query<{ v: number | null }>('SELECT max(version) AS v FROM schema_migrations');
  return rows[0]?.v ?? 0;
}

/** Applies every pending migration, each in its own transaction. Returns the versions applied. */
export async function migrate(
  store: Store,
  migrations: readonly Migration[] = MIGRATIONS,
): Promise<number[]> {
  const current = await currentSchemaVersion(store);
  const applied: number[] = [];
  for (const m of [...migrations].sort((a, b) => a.version - b.version)) {
    if (m.version <= current) continue;
    await store.transaction(async (tx) => {
      for (const sql of m.statements) await tx.run(sql);
      await tx.run('INSERT INTO schema_migrations VALUES ($1, $2, now())', [m.version, m.name]);
    });
    applied.push(m.version);
  }
  return applied;
}
