/**
 * A split threshold as a person would write it in a segment rule: three significant digits, but
 * never finer than the column's own scale, so a split of uplift scores (hundredths) at -6.4e-7
 * reads `> 0` and one of order values (hundreds) at 152.37 reads `> 152`. The scale is the median
 * magnitude of the column's bin edges (quantiles of its values), so one outlier does not coarsen it;
 * the quantum is a hundredth of the power of ten at or below that scale (scale 0.05: 0.0001). Moving a threshold by less than half a
 * quantum changes membership only for customers within that sliver of the edge.
 */
export function readableThreshold(value: number, edges: readonly number[]): number {
  if (!Number.isFinite(value) || value === 0) return value;
  const rounded = Number(value.toPrecision(3));
  const scale = medianMagnitude(edges);
  if (scale === 0) return rounded;
  const quantum = 10 ** (Math.floor(Math.log10(scale)) - 2);
  if (Math.abs(rounded) >= quantum * 100) return rounded; // three significant digits are already coarser
  const q = Math.round(value / quantum) * quantum;
  // Decimal digits of the quantum, so 0.1 + 0.2 style binary noise does not show in the rule.
  const digits = Math.max(0, -Math.floor(Math.log10(quantum)));
  const clean = Number(q.toFixed(Math.min(digits, 20)));
  return clean === 0 ? 0 : clean; // never -0
}

function medianMagnitude(edges: readonly number[]): number {
  const m = edges
    .filter((e) => Number.isFinite(e) && e !== 0)
    .map(Math.abs)
    .sort((a, b) => a - b);
  return m.length ? (m[Math.floor(m.length / 2)] as number) : 0;
}
