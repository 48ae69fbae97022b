import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { aetherJson } from '../test-support/run-cli.ts';

describe('a command whose input its schema refuses', () => {
  const dir = mkdtempSync(join(tmpdir(), 'aether-cli-errors-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('says which option and why in words, as an invalid input (exit 2), not zod issues as JSON', async () => {
    const r = await aetherJson(join(dir, 'shop.duckdb'), 'segments', 'create', '--trigger', 'foo');
    expect(r.code).toBe(2);
    const error = r.doc.error as { type: string; status: number; detail: string; invalid_params: unknown[] };
    expect(error.type).toBe('invalid-input');
    expect(error.status).toBe(400);
    expect(error.detail).toMatch(
      /^trigger: "foo" is not a trigger; the triggers are discount, free_shipping/,
    );
    expect(error.invalid_params).toEqual([
      { name: 'trigger', reason: expect.stringContaining('is not a trigger') },
    ]);
    expect(r.stderr).toMatch(/^error: trigger: "foo" is not a trigger/m);
    expect(r.stderr).not.toContain('"code"');
  });
});
