import { describe, expect, it } from 'vitest';
import { featureNames, hashFeatures } from './features.ts';
import { analyze, goalFeatureNames } from './intent-model.ts';
import { findNegations } from './negation.ts';
import { normalizeText } from './text.ts';

describe('goal head features (goalFeatureNames)', () => {
  const text = normalizeText('Suggest matching scarves to coat buyers, we want a second category');
  const names = featureNames(text, findNegations(text).spans);

  it('drops the character n-grams and keeps words, bigrams, cues and the context', () => {
    expect(names.some((n) => n.startsWith('c:'))).toBe(true);
    const goal = goalFeatureNames(names, ['xcat', 'xcat:s']);
    expect(goal.some((n) => n.startsWith('c:'))).toBe(false);
    for (const n of names.filter((x) => !x.startsWith('c:'))) expect(goal).toContain(n);
    expect(goal).toContain('goal:cross_sell');
    expect(goal.slice(-2)).toEqual(['xcat', 'xcat:s']);
  });

  it('gives the goal head fewer buckets than the trigger head, and a product word of its own no n-gram', () => {
    const a = analyze('Suggest matching scarves to coat buyers', null);
    expect(a.goalFeatures.index.length).toBeLessThan(a.features.index.length);
    // "pashmina" reaches the goal head as a word only: none of its 3-5-grams' buckets is a goal
    // feature (the hash is fixed, so no collision makes this flaky).
    const b = analyze('Suggest matching pashminas to coat buyers', null);
    const onlyNgrams = hashFeatures(['c:<pas', 'c:ashm', 'c:shmin']).index;
    const goalBuckets = new Set(b.goalFeatures.index);
    const triggerBuckets = new Set(b.features.index);
    for (const k of onlyNgrams) expect(triggerBuckets.has(k)).toBe(true);
    expect([...onlyNgrams].filter((k) => goalBuckets.has(k))).toEqual([]);
  });
});
