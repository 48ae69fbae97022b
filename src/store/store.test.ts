import { describe, expect, it } from 'vitest';
import { currentSchemaVersion, MIGRATIONS, migrate, openStore } from './index.ts';

describe('store', () => {
  it('migrates a new database to the latest version, once', async () => {
    const store = await openStore(':memory:');
    expect(await currentSchemaVersion(store)).toBe(Math.max(...MIGRATIONS.map((m) => m.version)));
    expect(await migrate(store)).toEqual([]);
    const tables = await store.query<{ table_name: string }>(
      "SELECT table_name FROM information_schema.tables WHERE table_schema = 'main' ORDER BY 1",
    );
    expect(tables.map((t) => t.table_name)).toEqual(
      expect.arrayContaining(['customers', 'orders', 'campaign_exposures', 'customer_scores']),
    );
    await store.close();
  });

  it('keeps values in parameters, so a hostile string is data, not SQL', async () => {
    const store = await openStore(':memory:');
    const hostile = "x'); DROP TABLE customers; --";
    await store.run('INSERT INTO customers (customer_id, first_name, creation_date) VALUES ($1, $2, $3)', [
      'c1',
      hostile,
      '2024-01-01T00:00:00Z',
    ]);
    const rows = await store.query<{ first_name: string }>(
      'SELECT first_name FROM customers WHERE customer_id = $1',
      ['c1'],
    );
    expect(rows[0]?.first_name).toBe(hostile);
    await store.close();
  });

  it('rolls back a failed transaction whole', async () => {
    const store = await openStore(':memory:');
    await expect(
      store.transaction(async (tx) => {
        await tx.run("INSERT INTO meta VALUES ('a', '1')");
        await tx.run("INSERT INTO meta VALUES ('a', '2')"); // duplicate key
      }),
    ).rejects.toThrow();
    expect(await store.query('SELECT * FROM meta')).toEqual([]);
    await store.close();
  });
});

describe('list parameters', () => {
  it('binds a JavaScript array as a SQL list', async () => {
    const store = await openStore(':memory:');
    const rows = await store.query(
      'SELECT list_contains($1::VARCHAR[], $2) AS found, len($1::VARCHAR[]) AS n',
      [['x', "y'; --"], "y'; --"],
    );
    expect(rows[0]).toEqual({ found: true, n: 2 });
    await store.close();
  });
});
