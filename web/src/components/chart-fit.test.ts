import { describe, expect, it } from 'vitest';
import { fitChart, NARROW_CHART_PX } from './chart-fit.ts';

const bars = {
  grid: { left: 300, right: 30, top: 30, bottom: 30 },
  xAxis: { type: 'value', max: 100 },
  yAxis: {
    type: 'category',
    data: ['Visited the bestsellers or trending pages (90 days)', 'b', 'c', 'd', 'e'],
  },
  series: [],
};

describe('fitting a chart to a phone', () => {
  it('keeps a wide chart as it is', () => {
    const r = fitChart(bars, 1000, 240);
    expect(r.option).toBe(bars);
    expect(r.height).toBe(240);
    expect(fitChart(bars, NARROW_CHART_PX, 240).option).toBe(bars);
  });

  it('wraps category labels inside 40% of a narrow chart and measures the grid from them', () => {
    const r = fitChart(bars, 340, 240);
    const y = r.option.yAxis as { axisLabel: { width: number; overflow: string }; data: string[] };
    expect(y.axisLabel).toMatchObject({ width: 136, overflow: 'break' });
    expect(y.data).toBe(bars.yAxis.data);
    expect(r.option.grid).toMatchObject({ left: 8, right: 30, containLabel: true, top: 30, bottom: 30 });
    expect(r.option.xAxis).toMatchObject({ type: 'value', max: 100, splitNumber: 4 });
    // five rows of up to three lines each need more than the wide chart's 240 px
    expect(r.height).toBe(5 * 44 + 70);
    // the caller's option is not changed
    expect(bars.grid.left).toBe(300);
  });

  it("moves a value axis's name from past its end to under it", () => {
    const lift = { ...bars, xAxis: { type: 'value', name: 'points', nameLocation: 'end' } };
    const r = fitChart(lift, 340, 240);
    expect(r.option.xAxis).toMatchObject({ name: 'points', nameLocation: 'middle', nameGap: 24 });
    expect(r.option.grid).toMatchObject({ bottom: 44 });
  });

  it('leaves line charts (no category axis) alone, and an unmeasured width', () => {
    const line = { grid: { left: 70 }, xAxis: { type: 'value' }, yAxis: { type: 'value', name: 'lift' } };
    expect(fitChart(line, 340, 260)).toEqual({ option: line, height: 260 });
    expect(fitChart(bars, 0, 240).option).toBe(bars);
  });
});
