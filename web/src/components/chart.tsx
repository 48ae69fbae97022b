import { BarChart, CustomChart, LineChart, ScatterChart } from 'echarts/charts';
import { GridComponent, LegendComponent, MarkLineComponent, TooltipComponent } from 'echarts/components';
import { type EChartsCoreOption, init, use } from 'echarts/core';
import { CanvasRenderer } from 'echarts/renderers';
import { useEffect, useRef } from 'react';

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
  useEffect(() => {
    if (!ref.current) return;
    const chart = init(ref.current, undefined, { renderer: 'canvas' });
    chart.setOption({ animation: false, textStyle: { fontFamily: 'system-ui, sans-serif' }, ...option });
    const resize = () => chart.resize();
    window.addEventListener('resize', resize);
    return () => {
      window.removeEventListener('resize', resize);
      chart.dispose();
    };
  }, [option]);
  return (
    <figure className="chart" data-testid={testId}>
      <div ref={ref} role="img" aria-label={`${label}. ${summary}`} style={{ height, width: '100%' }} />
      <figcaption>{label}</figcaption>
    </figure>
  );
}
