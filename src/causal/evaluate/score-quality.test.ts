import { describe, expect, it } from 'vitest';
import { auc, averageRanks, expectedCalibrationError, percentileRanks, spearman } from './score-quality.ts';

describe('score quality measures, against hand-computed values', () => {
  it('averages tied ranks', () => {
    expect(Array.from(averageRanks([10, 20, 20, 5]))).toEqual([2, 3.5, 3.5, 1]);
  });
  it('AUC is the share of positive-negative pairs ranked right, ties counting half', () => {
    // positives 0.9, 0.4; negatives 0.5, 0.4 -> pairs: (0.9>0.5) 1, (0.9>0.4) 1, (0.4<0.5) 0, (0.4=0.4) 0.5 => 2.5/4
    expect(auc([0.9, 0.4, 0.5, 0.4], [1, 1, 0, 0])).toBeCloseTo(0.625, 12);
    expect(auc([1, 2], [1, 1])).toBeNaN();
  });
  it('Spearman is 1 for a monotone relation and -1 for a reversed one', () => {
    expect(spearman([1, 2, 3, 4], [10, 20, 35, 100])).toBeCloseTo(1, 12);
    expect(spearman([1, 2, 3, 4], [4, 3, 2, 1])).toBeCloseTo(-1, 12);
  });
  it("ECE weighs each bin's gap between mean probability and frequency", () => {
    // bin [0.2,0.3): p 0.25,0.25, y 0,1 -> gap |0.25-0.5| = 0.25, weight 1/2; bin [0.9,1): p 0.95,0.95, y 1,1 -> gap 0.05, weight 1/2
    expect(expectedCalibrationError([0.25, 0.25, 0.95, 0.95], [0, 1, 1, 1])).toBeCloseTo(0.15, 12);
  });
  it('percentile ranks run from 0 to 1', () => {
    expect(Array.from(percentileRanks([3, 1, 2]))).toEqual([1, 0, 0.5]);
  });
});
