import { InvalidInput } from '../core/errors.ts';
import type { RawColumn } from './trees/binning.ts';

/**
 * The campaign's context as features of the uplift model: the length of the campaign's window in
 * days, and the season of the send as the sine and cosine of its day of the year (one cycle a
 * year, so 31 December and 1 January are neighbours).
 *
 * Why: a customer's chance to buy within a window grows with the window and with the season's
 * demand, and on a multiplicative odds model a trigger's absolute uplift grows with that chance.
 * Every trigger was tested in a few campaigns of their own length and season, so a model that does
 * not know them attributes their differences to the triggers and transports the mixture to a
 * campaign of another length and season (docs/benchmarks.md, "Campaign context features").
 *
 * They describe the campaign, not the customer: at one scoring every customer has the same
 * values, so they never explain a customer's uplift or a segment (feature importance leaves
 * them out, the policy tree never splits on them).
 */
export const CONTEXT_WINDOW = 'campaign_window_days';
export const CONTEXT_SEASON_SIN = 'send_season_sin';
export const CONTEXT_SEASON_COS = 'send_season_cos';
export const CAMPAIGN_CONTEXT_FEATURES: readonly string[] = [
  CONTEXT_WINDOW,
  CONTEXT_SEASON_SIN,
  CONTEXT_SEASON_COS,
];
const CONTEXT_SET = new Set(CAMPAIGN_CONTEXT_FEATURES);

export function isContextFeature(name: string): boolean {
  return CONTEXT_SET.has(name);
}

const DAY_MS = 86_400_000;

/** Day of the year (1 = 1 January) of an epoch-millisecond time, in UTC (as DuckDB's dayofyear on a TIMESTAMP). */
export function dayOfYear(epochMs: number): number {
  const d = new Date(epochMs);
  const y = d.getUTCFullYear();
  return Math.round((Date.UTC(y, d.getUTCMonth(), d.getUTCDate()) - Date.UTC(y, 0, 1)) / DAY_MS) + 1;
}

/** The season columns of rows sent (or scored) at the given epoch-millisecond times. */
export function seasonColumns(asOf: ArrayLike<number>): RawColumn[] {
  const n = asOf.length;
  const sin = new Float64Array(n);
  const cos = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const t = asOf[i] as number;
    if (!Number.isFinite(t)) {
      sin[i] = Number.NaN;
      cos[i] = Number.NaN;
      continue;
    }
    const angle = (2 * Math.PI * dayOfYear(t)) / 365.25;
    sin[i] = Math.sin(angle);
    cos[i] = Math.cos(angle);
  }
  return [
    { name: CONTEXT_SEASON_SIN, kind: 'numeric', values: sin },
    { name: CONTEXT_SEASON_COS, kind: 'numeric', values: cos },
  ];
}

/** The three context columns of rows with the given windows (days) and send times (epoch ms). */
export function contextColumns(windowDays: Float64Array, asOf: ArrayLike<number>): RawColumn[] {
  if (windowDays.length !== asOf.length)
    throw new InvalidInput(`${windowDays.length} windows for ${asOf.length} send times`);
  return [{ name: CONTEXT_WINDOW, kind: 'numeric', values: windowDays }, ...seasonColumns(asOf)];
}

function isConstant(values: ArrayLike<unknown>): boolean {
  if (values.length === 0) return true;
  const first = values[0];
  for (let i = 1; i < values.length; i++) if (!Object.is(values[i], first)) return false;
  return true;
}

/**
 * The columns to train on: every column, less the context columns that hold one value on every
 * training row (a single campaign, or campaigns of one length sent on one day of the year). Such a
 * column cannot tell the model anything, and leaving it out keeps that model exactly the model of
 * the customer features alone, which scores without any campaign context.
 */
export function informativeColumns(columns: RawColumn[]): RawColumn[] {
  return columns.filter((c) => !isContextFeature(c.name) || !isConstant(c.values));
}

/** Which campaign-context features a model's binning (its training columns) holds. */
export function contextFeaturesOf(featureNames: readonly string[]): string[] {
  return featureNames.filter(isContextFeature);
}

/**
 * The window a model that learned from the campaign's window scores customers with outside any
 * campaign (`aether score`, stored scores, segments, plans): stored with the model, so a reloaded
 * model predicts exactly what it predicted before.
 */
export interface ScoringWindow {
  window_days: number;
  /** How it was chosen: the median window of the training exposures, or given by the user. */
  rule: 'median_training_exposure_window' | 'override';
}

/**
 * The median window of the training exposures (the lower middle value of the sorted windows, so
 * always a window the shop ran): a typical campaign of this shop, within the range the model
 * learned from. Null without rows or windows.
 */
export function medianWindow(windowDays: ArrayLike<number>): number | null {
  const v = Float64Array.from(windowDays).filter((x) => Number.isFinite(x));
  if (v.length === 0) return null;
  v.sort();
  return v[(v.length - 1) >> 1] as number;
}

/**
 * The context columns for rows scored outside a campaign, as the model was trained: the window is
 * the scoring window (the same for every row), the season is that of each row's as-of time. Only
 * the context features the model holds are added, and none that the columns already carry (a
 * campaign's exposures carry their own campaign's context).
 */
export function scoringContextColumns(
  featureNames: readonly string[],
  columns: readonly RawColumn[],
  asOf: ArrayLike<number>,
  window: ScoringWindow | null,
): RawColumn[] {
  const have = new Set(columns.map((c) => c.name));
  const wanted = contextFeaturesOf(featureNames).filter((f) => !have.has(f));
  if (wanted.length === 0) return [];
  const out: RawColumn[] = [];
  if (wanted.includes(CONTEXT_WINDOW)) {
    if (!window || !(window.window_days > 0))
      throw new InvalidInput(
        'the model learned from the campaign window but holds no scoring window: retrain the model',
      );
    out.push({
      name: CONTEXT_WINDOW,
      kind: 'numeric',
      values: new Float64Array(asOf.length).fill(window.window_days),
    });
  }
  for (const c of seasonColumns(asOf)) if (wanted.includes(c.name)) out.push(c);
  return out;
}
