import { describe, expect, it } from 'vitest';
import { Rng } from '../core/rng.ts';
import {
  calibratorInputs,
  fitCalibrator,
  positiveCues,
  recalibrate,
  sigmoid,
} from './confidence-calibrator.ts';
import { TRIGGER_CLASSES } from './intent-model.ts';
import { findNegations } from './negation.ts';
import { normalizeText } from './text.ts';

describe('confidence calibrator', () => {
  it('recovers the weights of a known logistic relation', () => {
    const rng = Rng.derive(3, 'calibrator-test');
    const truth = [-0.5, 1.2, -1, 0.8];
    const xs: number[][] = [];
    const ys: boolean[] = [];
    for (let i = 0; i < 6000; i++) {
      const x = [1, rng.normal(0, 1.5), rng.bernoulli(0.3) ? 1 : 0, rng.bernoulli(0.5) ? 1 : 0];
      xs.push(x);
      ys.push(rng.bernoulli(sigmoid(x.reduce((a, v, j) => a + v * truth[j]!, 0))));
    }
    const w = fitCalibrator(xs, ys, new Array(xs.length).fill(1), 0);
    for (const [j, v] of w.entries()) expect(v).toBeCloseTo(truth[j]!, 0);
  });

  it('restates the top probability, keeps the ranking and sums to one', () => {
    const p = Float64Array.from([0.5, 0.3, 0.1, 0.05, 0.05, 0, 0, 0, 0, 0, 0]);
    // A calibrator that says "much less sure than that".
    const out = recalibrate(p, TRIGGER_CLASSES, new Set(), [-3, 0, 0, 0, 0, 0, 0]);
    expect(out.reduce((a, b) => a + b, 0)).toBeCloseTo(1, 9);
    const top = out.indexOf(Math.max(...out));
    expect(top).toBe(0);
    expect(out[0]!).toBeLessThan(0.5);
    expect(out[1]! / out[2]!).toBeCloseTo(3, 9);
    // No calibrator: unchanged.
    expect(recalibrate(p, TRIGGER_CLASSES, new Set(), null)).toBe(p);
  });

  it('reads cue conflicts and absent cues from the text, ignoring negated cues', () => {
    const text = normalizeText('shop-the-look recs from the lookbook, no discount');
    const cues = positiveCues(text, findNegations(text).spans);
    expect([...cues].sort()).toEqual(['content_storytelling', 'personalized_recommendation']);
    const p = new Float64Array(TRIGGER_CLASSES.length);
    p[TRIGGER_CLASSES.indexOf('personalized_recommendation')] = 0.8;
    p[TRIGGER_CLASSES.indexOf('content_storytelling')] = 0.2;
    const x = calibratorInputs(p, TRIGGER_CLASSES, cues);
    expect(x[2]).toBe(1); // conflict
    expect(x[3]).toBe(0); // a cue was named
    expect(x[4]).toBe(1); // the top class is one of them
    expect(x[6]).toBeCloseTo(0.6, 9); // margin
  });
});
