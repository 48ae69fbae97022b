import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { hashString } from '../../core/rng.ts';
import {
  DEV,
  DEV_SETS,
  DEV2,
  DEV3,
  devBriefs,
  devHalf,
  halfOf,
  isDevFamily,
  readLabelled,
} from './dev-set.ts';

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

describe('dev set halves', () => {
  it("keeps the first set's split (salt dev-split:) and splits the second set by its own salt", () => {
    for (const id of ['d001', 'd002', 'd117', 'd320']) {
      const old = hashString(`dev-split:${id}`) % 2 === 0 ? 'dev-train' : 'dev-test';
      expect(devHalf(id)).toBe(old);
      expect(halfOf(DEV, id)).toBe(old === 'dev-train' ? 'train' : 'test');
    }
    const ids = Array.from({ length: 320 }, (_, i) => `e${String(i + 1).padStart(3, '0')}`);
    const train = ids.filter((id) => halfOf(DEV2, id) === 'train');
    // A fixed function of the id alone, roughly half and half.
    expect(train.length).toBe(159);
    expect(ids.filter((id) => halfOf(DEV2, id) === 'train')).toEqual(train);
  });

  it('splits the third set by its own salt, decided before it arrived (dev3-split:)', () => {
    const ids = Array.from({ length: 320 }, (_, i) => `f${String(i + 1).padStart(3, '0')}`);
    const train = ids.filter((id) => halfOf(DEV3, id) === 'train');
    expect(train.length).toBe(159);
    for (const id of ids)
      expect(halfOf(DEV3, id)).toBe(hashString(`dev3-split:${id}`) % 2 === 0 ? 'train' : 'test');
    expect(DEV_SETS.map((s) => s.name).slice(0, 3)).toEqual(['dev', 'dev2', 'dev3']);
    // The committed file splits 159 / 161 (counts only: the test half's sentences are not read here).
    expect(devBriefs('train', DEV3).length).toBe(159);
    expect(devBriefs('test', DEV3).length).toBe(161);
  });

  it('splits the fourth to thirty-third sets by their own salts, as pre-registered (dev4-split: .. dev33-split:)', () => {
    expect(DEV_SETS.map((s) => s.name)).toEqual([
      'dev',
      ...Array.from({ length: 32 }, (_, i) => `dev${i + 2}`),
    ]);
    // Train-half sizes computed from the ids alone, before the files existed.
    for (const [name, letter, trainSize] of [
      ['dev4', 'g', 159],
      ['dev5', 'h', 159],
      ['dev6', 'i', 159],
      ['dev7', 'j', 159],
      ['dev8', 'k', 159],
      ['dev9', 'l', 159],
      ['dev10', 'm', 161],
      ['dev11', 'n', 161],
      ['dev12', 'p', 159],
      ['dev13', 'q', 159],
      ['dev14', 'r', 159],
      ['dev15', 's', 159],
      ['dev16', 't', 159],
      ['dev17', 'u', 159],
      ['dev18', 'v', 159],
      ['dev19', 'w', 159],
      ['dev20', 'x', 161],
      ['dev21', 'y', 161],
      ['dev22', 'z', 161],
      ['dev23', 'a', 161],
      ['dev24', 'b', 161],
      ['dev25', 'c', 161],
      ['dev26', 'o', 159],
      ['dev27', 'aa', 159],
      ['dev28', 'ab', 159],
      ['dev29', 'ac', 159],
      ['dev30', 'ad', 161],
      ['dev31', 'ae', 161],
      ['dev32', 'af', 161],
      ['dev33', 'ag', 161],
    ] as const) {
      const set = DEV_SETS.find((s) => s.name === name);
      if (!set) throw new Error(`${name} is not among DEV_SETS`);
      const ids = Array.from({ length: 320 }, (_, i) => `${letter}${String(i + 1).padStart(3, '0')}`);
      for (const id of ids)
        expect(halfOf(set, id)).toBe(hashString(`${set.name}-split:${id}`) % 2 === 0 ? 'train' : 'test');
      expect(ids.filter((id) => halfOf(set, id) === 'train').length, set.name).toBe(trainSize);
      // Only the complete sittings named by `through` are used (the file may hold more, or not exist yet).
      const used = [...devBriefs('train', set), ...devBriefs('test', set)].map((b) => b.id);
      for (const id of used) expect(id <= (set.through ?? `${letter}999`)).toBe(true);
      // Every file is complete: the halves hold all 320 ids (counts only; the test half is not read).
      expect(used.length, set.name).toBe(320);
    }
  });

  it('names the corpus families of every set as dev families, and nothing else', () => {
    expect(
      [
        'dev-0',
        'dev-4',
        'dev2-0',
        'dev2-3',
        'dev3-0',
        'dev3-4',
        'dev4-0',
        'dev5-4',
        'dev6-0',
        'dev7-4',
        'dev10-0',
        'dev15-4',
        'dev16-0',
        'dev25-4',
        'dev29-4',
        'dev33-4',
      ].every(isDevFamily),
    ).toBe(true);
    expect(['hand-a', 'hand-b', 'developer', 'dev-x', 'discount-3'].some(isDevFamily)).toBe(false);
  });
});
