import { InvalidInput } from '../../core/errors.ts';

/**
 * Feature binning for the histogram tree core (LightGBM's method, Ke et al. 2017): every feature
 * is mapped once to at most 255 small integer bins, so split search runs over histograms of bins
 * instead of sorted values. Bin 0 is reserved for missing values (NaN / null); trees learn on
 * which side missing values go.
 *
 * Numeric features: bin b (1-based) holds the values v with edges[b-2] < v <= edges[b-1]; the last
 * bin holds v > edges[last]. Edges are real data values (quantiles), so a split "bin <= b" reads
 * back as the readable criterion `field <= edges[b-1]`.
 * Categorical features: bin 1 pools rare and unseen categories ("other"), bins 2.. hold one
 * frequent category each.
 */
export type FeatureKind = 'numeric' | 'categorical';

export type RawColumn =
  | { name: string; kind: 'numeric'; values: ArrayLike<number> }
  | { name: string; kind: 'categorical'; values: ArrayLike<string | number | boolean | null | undefined> };

export type FeatureBinning =
  | { name: string; kind: 'numeric'; edges: number[] }
  | { name: string; kind: 'categorical'; categories: string[] };

export interface BinnedMatrix {
  nRows: number;
  /** One Uint8Array of bin ids per feature (column-major). */
  columns: Uint8Array[];
  names: string[];
  kinds: FeatureKind[];
  /** Number of bins per feature, including the missing bin 0. */
  nBins: Int32Array;
  /** The edges and categories the columns were binned with; bin new data with `applyBinning`. */
  binning: FeatureBinning[];
}

export interface BinningOptions {
  /** Total bins per feature including the missing bin; at most 255. */
  maxBins?: number;
  /** A category needs at least this many rows to get its own bin; rarer ones are pooled. */
  minCategoryCount?: number;
  /** Rows sampled (by a fixed stride, so deterministic) to find numeric quantiles. */
  sampleSize?: number;
}

export const MISSING_BIN = 0;
export const OTHER_CATEGORY_BIN = 1;

function categoryKey(v: string | number | boolean | null | undefined): string | null {
  if (v === null || v === undefined) return null;
  if (typeof v === 'number' && Number.isNaN(v)) return null;
  return String(v);
}

function numericEdges(values: ArrayLike<number>, maxBins: number, sampleSize: number): number[] {
  const n = values.length;
  const stride = Math.max(1, Math.floor(n / sampleSize));
  const sample: number[] = [];
  for (let i = 0; i < n; i += stride) {
    const v = values[i] as number;
    if (!Number.isNaN(v)) sample.push(v);
  }
  if (sample.length === 0) return [];
  const sorted = Float64Array.from(sample).sort();
  // Distinct values with counts.
  const distinct: number[] = [];
  const counts: number[] = [];
  for (let i = 0; i < sorted.length; i++) {
    const v = sorted[i] as number;
    if (distinct.length > 0 && distinct[distinct.length - 1] === v) counts[counts.length - 1]++;
    else {
      distinct.push(v);
      counts.push(1);
    }
  }
  const maxValueBins = maxBins - 1;
  if (distinct.length <= maxValueBins) return distinct.slice(0, -1);
  // Quantile edges: walk the distinct values, closing a bin once it holds its share of the rows,
  // so heavy single values (zeros) get a bin of their own instead of swallowing neighbours.
  const edges: number[] = [];
  let remainingRows = sorted.length;
  let remainingBins = maxValueBins;
  let acc = 0;
  for (let i = 0; i < distinct.length - 1; i++) {
    acc += counts[i] as number;
    const target = remainingRows / remainingBins;
    if (acc >= target || (counts[i + 1] as number) >= target) {
      edges.push(distinct[i] as number);
      remainingRows -= acc;
      remainingBins--;
      acc = 0;
      if (remainingBins <= 1) break;
    }
  }
  return edges;
}

/** Learn bin edges / category maps from training columns. */
export function fitBinning(columns: RawColumn[], opts: BinningOptions = {}): FeatureBinning[] {
  const maxBins = opts.maxBins ?? 255;
  if (maxBins < 3 || maxBins > 255) throw new InvalidInput(`maxBins must be within 3..255, got ${maxBins}`);
  const sampleSize = opts.sampleSize ?? 200_000;
  const seen = new Set<string>();
  return columns.map((col) => {
    if (seen.has(col.name)) throw new InvalidInput(`duplicate feature name "${col.name}"`);
    seen.add(col.name);
    if (col.kind === 'numeric') {
      return { name: col.name, kind: 'numeric', edges: numericEdges(col.values, maxBins, sampleSize) };
    }
    const minCount = opts.minCategoryCount ?? Math.max(5, Math.floor(col.values.length * 1e-4));
    const counts = new Map<string, number>();
    for (let i = 0; i < col.values.length; i++) {
      const k = categoryKey(col.values[i]);
      if (k !== null) counts.set(k, (counts.get(k) ?? 0) + 1);
    }
    const frequent = [...counts.entries()]
      .filter(([, c]) => c >= minCount)
      .sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1))
      .slice(0, maxBins - 2)
      .map(([k]) => k);
    return { name: col.name, kind: 'categorical', categories: frequent };
  });
}

function binCount(b: FeatureBinning): number {
  return b.kind === 'numeric' ? b.edges.length + 2 : b.categories.length + 2;
}

/**
 * Bin columns with previously learned edges (training or scoring data alike). `rows` is the row
 * count, needed when there are no columns at all (an experiment file of arm and outcome only, whose
 * model is then one mean per arm); by default it is the first column's length.
 */
export function applyBinning(binning: FeatureBinning[], columns: RawColumn[], rows?: number): BinnedMatrix {
  // Columns are matched by name, so a model keeps scoring after features were added to the
  // point-in-time set it was trained on (new columns are ignored; a missing one is an error).
  const byName = new Map(columns.map((c) => [c.name, c]));
  const nRows = rows ?? (columns.length > 0 ? columns[0]!.values.length : 0);
  const out: Uint8Array[] = [];
  binning.forEach((b) => {
    const col = byName.get(b.name);
    if (!col)
      throw new InvalidInput(
        `the model was trained on feature "${b.name}", which the data no longer provides: retrain the model`,
      );
    if (col.kind !== b.kind)
      throw new InvalidInput(`feature "${col.name}" is ${col.kind}, the binning expects ${b.kind}`);
    if (col.values.length !== nRows)
      throw new InvalidInput(
        `feature "${col.name}" has ${col.values.length} rows, ${rows === undefined ? `feature "${columns[0]!.name}" has` : 'expected'} ${nRows}`,
      );
    const bins = new Uint8Array(nRows);
    if (b.kind === 'numeric') {
      const edges = Float64Array.from(b.edges);
      const m = edges.length;
      const values = col.values as ArrayLike<number>;
      for (let i = 0; i < nRows; i++) {
        const v = values[i] as number;
        if (Number.isNaN(v)) continue; // bin 0 = missing
        // First edge >= v, by binary search.
        let lo = 0;
        let hi = m;
        while (lo < hi) {
          const mid = (lo + hi) >>> 1;
          if ((edges[mid] as number) < v) lo = mid + 1;
          else hi = mid;
        }
        bins[i] = lo + 1;
      }
    } else {
      const map = new Map<string, number>(b.categories.map((c, k) => [c, k + 2]));
      const values = col.values as ArrayLike<string | number | boolean | null | undefined>;
      for (let i = 0; i < nRows; i++) {
        const k = categoryKey(values[i]);
        if (k === null) continue;
        bins[i] = map.get(k) ?? OTHER_CATEGORY_BIN;
      }
    }
    out.push(bins);
  });
  return {
    nRows,
    columns: out,
    names: binning.map((b) => b.name),
    kinds: binning.map((b) => b.kind),
    nBins: Int32Array.from(binning.map(binCount)),
    binning,
  };
}

/** Learn the binning on these columns and bin them. */
export function binColumns(columns: RawColumn[], opts: BinningOptions = {}): BinnedMatrix {
  return applyBinning(fitBinning(columns, opts), columns);
}

/** The rows `rows` of a binned matrix, as a new matrix with the same binning. */
export function takeRows(X: BinnedMatrix, rows: ArrayLike<number>): BinnedMatrix {
  const n = rows.length;
  const columns = X.columns.map((col) => {
    const out = new Uint8Array(n);
    for (let i = 0; i < n; i++) out[i] = col[rows[i] as number] as number;
    return out;
  });
  return { ...X, nRows: n, columns };
}

/** Same features in the same order: scoring data must be binned with the training binning. */
export function assertSameFeatures(train: { names: string[] }, X: BinnedMatrix): void {
  if (train.names.length !== X.names.length || train.names.some((n, i) => n !== X.names[i]))
    throw new InvalidInput(
      `features differ from the model's: expected [${train.names.join(', ')}], got [${X.names.join(', ')}]`,
    );
}

/**
 * Human-readable description of which values a bin range holds, for split rendering:
 * numeric bins 1..b are `<= edges[b-1]`.
 */
export function numericThreshold(b: FeatureBinning & { kind: 'numeric' }, bin: number): number {
  return b.edges[Math.min(bin, b.edges.length) - 1] as number;
}

export function categoryOfBin(b: FeatureBinning & { kind: 'categorical' }, bin: number): string | null {
  if (bin === MISSING_BIN) return null;
  if (bin === OTHER_CATEGORY_BIN) return '__other__';
  return b.categories[bin - 2] ?? '__other__';
}
