import { describe, expect, it } from 'vitest';
import { InvalidInput } from '../core/errors.ts';
import { DEV_SETS, type DevSet } from './corpus/dev-set.ts';
import { crossValidateDev } from './dev-cv.ts';

describe('intent cv', () => {
  it('refuses a dev set the corpus does not hold yet, instead of reporting zeros', () => {
    // A set wired in before `intent train --corpus` ran: its families are not in briefs.jsonl.
    const notInCorpus = { ...DEV_SETS[DEV_SETS.length - 1], name: 'dev34' } as unknown as DevSet;
    expect(() => crossValidateDev(7, notInCorpus, 'set')).toThrow(InvalidInput);
    expect(() => crossValidateDev(7, notInCorpus, 'set')).toThrow(/holds no train brief of dev34/);
  });
});
