/** Below this width (a phone) a chart's option is refitted so its labels stay inside the canvas. */
export const NARROW_CHART_PX = 560;

type Axis = { type?: string; data?: unknown[]; axisLabel?: Record<string, unknown> } & Record<
  string,
  unknown
>;
type Grid = Record<string, unknown>;
type Option = Record<string, unknown> & { grid?: Grid; xAxis?: Axis | Axis[]; yAxis?: Axis | Axis[] };

const asList = <T>(x: T | T[] | undefined): T[] => (x === undefined ? [] : Array.isArray(x) ? x : [x]);

/**
 * The option and canvas height for a chart `width` pixels wide. Wide charts keep their fixed
 * margins (room for a trigger's name beside its bar). On a phone those margins would leave no
 * room for the bars, so long category labels wrap in at most ~40% of the width, the grid is
 * measured from the labels (`containLabel`), and each category row gets height for its lines.
 */
export function fitChart(option: Option, width: number, height: number): { option: Option; height: number } {
  if (!(width > 0) || width >= NARROW_CHART_PX) return { option, height };
  const labelWidth = Math.max(90, Math.floor(width * 0.4));
  let rows = 0;
  const yAxis = asList(option.yAxis).map((a) => {
    if (a.type !== 'category') return a;
    rows = Math.max(rows, a.data?.length ?? 0);
    return { ...a, axisLabel: { ...a.axisLabel, width: labelWidth, overflow: 'break', lineHeight: 13 } };
  });
  // Line charts have short numeric labels: their margins already fit a phone.
  if (rows === 0) return { option, height };
  // Fewer value ticks, and the axis name under the axis rather than past its end, off the canvas.
  let named = false;
  const xAxis = asList(option.xAxis).map((a) => {
    if (a.type !== 'value') return a;
    const atEnd = typeof a.name === 'string' && (a.nameLocation ?? 'end') === 'end';
    named ||= atEnd;
    return { ...a, splitNumber: 4, ...(atEnd ? { nameLocation: 'middle', nameGap: 24 } : {}) };
  });
  const grid = option.grid ?? {};
  const fitted: Option = {
    ...option,
    ...(option.yAxis === undefined ? {} : { yAxis: Array.isArray(option.yAxis) ? yAxis : yAxis[0] }),
    ...(option.xAxis === undefined ? {} : { xAxis: Array.isArray(option.xAxis) ? xAxis : xAxis[0] }),
    grid: {
      ...grid,
      left: 8,
      right: Math.min(Number(grid.right ?? 20), 40),
      ...(named ? { bottom: Math.max(Number(grid.bottom ?? 30), 44) } : {}),
      containLabel: true,
    },
  };
  // A wrapped label takes up to three lines; a row needs about 44 px for them.
  return { option: fitted, height: Math.max(height, rows * 44 + 70) };
}
