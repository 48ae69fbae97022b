import { describe, expect, it } from 'vitest';
import type { PlanResponse } from '../../../src/contracts/api.ts';
import type { SegmentExplanation } from '../../../src/contracts/explain.ts';
import { basisNote } from './basis-note.ts';

const plan = (best: string) =>
  ({
    audience: { size: 1234 },
    ranked_triggers: [
      { trigger: best, is_best: true },
      { trigger: 'social_proof', is_best: false },
    ],
  }) as unknown as PlanResponse;
const ex = (top: string) =>
  ({
    segment_size: 198,
    economics: [
      { trigger: 'social_proof', rank: 2 },
      { trigger: top, rank: 1 },
    ],
  }) as unknown as SegmentExplanation;

describe('why the ranking and the explanation can name different winners', () => {
  it('says so when they differ', () => {
    expect(basisNote(plan('urgency_message'), ex('scarcity_message'))).toBe(
      'On these 198 customers of the segment, Scarcity Message earns the most per customer; the ranking above counts each trigger on the customers of the whole audience (1,234) it pays to treat, where Urgency Message earns the most in total.',
    );
  });

  it('says nothing when they agree, or without a plan or a best trigger', () => {
    expect(basisNote(plan('scarcity_message'), ex('scarcity_message'))).toBeNull();
    expect(basisNote(null, ex('scarcity_message'))).toBeNull();
    const none = { audience: { size: 1 }, ranked_triggers: [] } as unknown as PlanResponse;
    expect(basisNote(none, ex('scarcity_message'))).toBeNull();
  });
});
