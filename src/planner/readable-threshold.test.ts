import { describe, expect, it } from 'vitest';
import { readableThreshold } from './readable-threshold.ts';

const upliftEdges = [-0.02, -0.005, 0.001, 0.004, 0.01, 0.02, 0.05, 0.09];
const moneyEdges = [12, 40, 75, 110, 150, 210, 400, 2500];
const scoreEdges = [0.1, 0.2, 0.35, 0.5, 0.62, 0.8, 0.9];

describe('readableThreshold', () => {
  it('reads a split next to zero on a column of hundredths as zero, not as -6.36e-7', () => {
    expect(readableThreshold(-6.36e-7, upliftEdges)).toBe(0);
    expect(Object.is(readableThreshold(-6.36e-7, upliftEdges), -0)).toBe(false);
    expect(readableThreshold(4.2e-5, upliftEdges)).toBe(0);
  });

  it('keeps three significant digits where they are coarser than the column scale', () => {
    expect(readableThreshold(0.07234, upliftEdges)).toBe(0.0723);
    expect(readableThreshold(0.81234, scoreEdges)).toBe(0.812);
    expect(readableThreshold(1523.7, moneyEdges)).toBe(1520);
  });

  it('rounds a small threshold of a column to the column quantum without binary noise', () => {
    // scale 110 -> quantum 1: 3.4567 reads 3, 0.3 + tiny noise reads 0.
    expect(readableThreshold(3.4567, moneyEdges)).toBe(3);
    // scale 0.01 -> quantum 0.0001
    expect(readableThreshold(0.00012345, upliftEdges)).toBe(0.0001);
    expect(String(readableThreshold(0.000299999, upliftEdges))).toBe('0.0003');
  });

  it('leaves zero, non-finite values and edgeless columns to three significant digits', () => {
    expect(readableThreshold(0, upliftEdges)).toBe(0);
    expect(readableThreshold(Number.NaN, upliftEdges)).toBeNaN();
    expect(readableThreshold(-6.36e-7, [])).toBe(-6.36e-7);
    expect(readableThreshold(-6.36e-7, [0, 0])).toBe(-6.36e-7);
  });
});
