import { describe, expect, it } from 'vitest';
import type { PlanResponse } from '../../../src/contracts/api.ts';
import type { SegmentExplanation } from '../../../src/contracts/explain.ts';
import { basisNote, countNote, mixedPlanNote } from './basis-note.ts';

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

describe('a plan that gives several triggers, explained one trigger at a time', () => {
  const mixed = (mix: Record<string, number>) => ({ trigger_mix: mix }) as unknown as PlanResponse;
  const explained = {
    trigger: 'urgency_message',
    trigger_source: 'best_model',
    segment_size: 4257,
  } as unknown as SegmentExplanation;

  it('says who gets which trigger and that the reasons argue for one of them', () => {
    expect(
      mixedPlanNote(
        mixed({ scarcity_message: 1385, urgency_message: 2355, content_storytelling: 517, control: 0 }),
        explained,
      ),
    ).toBe(
      "The plan gives each customer their own rule's trigger (Urgency Message to 2,355, Scarcity Message to 1,385, Content & Storytelling to 517); the reasons below make the case for Urgency Message alone, the best single trigger, as if it went to all 4,257.",
    );
  });

  it('says nothing for a one-trigger plan, an empty segment or no plan', () => {
    expect(mixedPlanNote(mixed({ urgency_message: 10 }), explained)).toBeNull();
    expect(mixedPlanNote(mixed({ urgency_message: 10, control: 5 }), explained)).toBeNull();
    expect(mixedPlanNote(null, explained)).toBeNull();
    expect(
      mixedPlanNote(mixed({ urgency_message: 1, scarcity_message: 1 }), { ...explained, segment_size: 0 }),
    ).toBeNull();
  });

  it('calls the trigger asked for only when the brief or the marketer chose it, else the best-ranked', () => {
    const mix = { scarcity_message: 1385, urgency_message: 2355 };
    const ranked = [{ trigger: 'urgency_message' }, { trigger: 'scarcity_message' }];
    const sent = { ...explained, trigger_source: 'requested' } as SegmentExplanation;
    const planned = (asked: string | null) =>
      ({
        trigger_mix: mix,
        ranked_triggers: ranked,
        coo: { proposed_intervention: asked },
      }) as unknown as PlanResponse;
    // A win-back brief names no trigger: the top of the ranking was sent, not asked for.
    expect(mixedPlanNote(planned(null), sent)).toContain(
      'the case for Urgency Message alone, the best-ranked trigger above,',
    );
    expect(mixedPlanNote(planned(null), sent)).not.toContain('asked for');
    expect(mixedPlanNote(planned('urgency_message'), sent)).toContain(
      'the case for Urgency Message alone, the trigger asked for,',
    );
  });
});

describe('the ranking and the segment rules count different customers for the trigger explained', () => {
  const planned = (size: number, mix: Record<string, number> = { free_shipping: 29 }) =>
    ({
      trigger_mix: mix,
      ranked_triggers: [{ trigger: 'free_shipping', segment_size: size, expected_incremental_profit: 20.14 }],
    }) as unknown as PlanResponse;
  const explained = { trigger: 'free_shipping', segment_size: 29 } as unknown as SegmentExplanation;

  it('says which count each panel uses', () => {
    expect(countNote(planned(46), explained)).toBe(
      'The ranking above counts Free Shipping on the 46 customers of the audience it pays to treat ($20.14); the segment rules select 29, the customers these reasons and charts are about.',
    );
  });

  it('says nothing when they agree, for a mixed plan, or without a plan', () => {
    expect(countNote(planned(29), explained)).toBeNull();
    expect(countNote(planned(46, { free_shipping: 20, urgency_message: 9 }), explained)).toBeNull();
    expect(countNote(null, explained)).toBeNull();
  });
});
