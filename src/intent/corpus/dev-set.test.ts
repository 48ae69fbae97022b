import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { readLabelled } from './dev-set.ts';

describe('readLabelled', () => {
  it('reads an event product written as where.id as the contract key product_id', () => {
    const path = join(mkdtempSync(join(tmpdir(), 'aether-dev-')), 'briefs.jsonl');
    const row = {
      id: 'x1',
      brief: 'scarcity for people who wishlisted product 9921',
      proposed_intervention: 'scarcity_message',
      campaign_goal: 'conversion',
      exclude_triggers: [],
      channel: null,
      metric_target: null,
      budget: null,
      criteria: { all: [{ not: { event: 'wishlisted', where: { id: '9921', tag: 'sale' } } }] },
    };
    writeFileSync(path, `${JSON.stringify(row)}\n`);
    expect(readLabelled(path)![0]!.criteria).toEqual({
      all: [{ not: { event: 'wishlisted', where: { tag: 'sale', product_id: '9921' } } }],
    });
  });
});
