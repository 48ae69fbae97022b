import { BarChart, CustomChart, LineChart, ScatterChart } from 'echarts/charts';
import { GridComponent, LegendComponent, MarkLineComponent, TooltipComponent } from 'echarts/components';
import { type EChartsCoreOption, init, use } from 'echarts/core';
import { CanvasRenderer } from 'echarts/renderers';
import { useEffect, useRef, useState } from 'react';
import { fitChart, NARROW_CHART_PX } from './chart-fit.ts';

use([
  BarChart,
  LineChart,
  ScatterChart,
  CustomChart,
  GridComponent,
  TooltipComponent,
  LegendComponent,
  MarkLineComponent,
  CanvasRenderer,
]);

/**
 * One ECharts canvas. `label` names the chart for screen readers, and `summary` says in words
 * what the chart shows (the same numbers are in the tables beside it).
 */
export function Chart({
  option,
  label,
  summary,
  height = 260,
  testId,
}: {
  option: EChartsCoreOption;
  label: string;
  summary: string;
  height?: number;
  testId?: string;
}) {
  const ref = useRef<HTMLDivElement>(null);
  // The width decides whether the option needs refitting for a phone (see fitChart).
  const [width, setWidth] = useState(0);
  const narrow = width > 0 && width < NARROW_CHART_PX;
  const canvasHeight = fitChart(option as Record<string, unknown>, width, height).height;
  // Crossing the phone width re-creates the chart with the refitted option; other resizes only resize.
  // biome-ignore lint/correctness/useExhaustiveDependencies: narrow is the trigger, not a value read
  useEffect(() => {
    if (!ref.current) return;
    const el = ref.current;
    setWidth(el.clientWidth);
    const chart = init(el, undefined, { renderer: 'canvas' });
    const fitted = fitChart(option as Record<string, unknown>, el.clientWidth, height).option;
    chart.setOption({ animation: false, textStyle: { fontFamily: 'system-ui, sans-serif' }, ...fitted });
    const resize = () => {
      setWidth(el.clientWidth);
      chart.resize();
    };
    window.addEventListener('resize', resize);
    return () => {
      window.removeEventListener('resize', resize);
      chart.dispose();
    };
  }, [option, height, narrow]);
  return (
    <figure className="chart" data-testid={testId}>
      <div
        ref={ref}
        role="img"
        aria-label={`${label}. ${summary}`}
        style={{ height: canvasHeight, width: '100%' }}
      />
      <figcaption>{label}</figcaption>
    </figure>
  );
}
