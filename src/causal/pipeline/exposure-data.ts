import { CONTROL_ARM, TRIGGER_IDS } from '../../contracts/triggers.ts';
import { InvalidInput } from '../../core/errors.ts';
import { note } from '../../core/progress.ts';
import { type FeatureFrame, pointInTimeFeatures } from '../../features/point-in-time.ts';
import type { Store } from '../../store/store.ts';
import { contextColumns } from '../campaign-context.ts';
import type { UpliftDataset } from '../learners/types.ts';
import type { BinnedMatrix, RawColumn } from '../trees/binning.ts';
import { EXPOSURE_OUTCOME_COLUMNS, type ExposureOutcomeColumn, exposureOutcomesSql } from './outcomes.ts';

/** Arm index 0 is control, 1..10 the catalogue's triggers in catalogue order. */
export const ARM_NAMES: readonly string[] = [CONTROL_ARM, ...TRIGGER_IDS];
const ARM_INDEX = new Map(ARM_NAMES.map((a, i) => [a, i]));

/** Which campaigns' exposures to load. */
export type ExposureSelection =
  | { kind: 'training' } // every campaign not reserved for evaluation
  | { kind: 'evaluation' } // the reserved all-trigger campaign(s)
  | { kind: 'campaigns'; campaignIds: string[] };

/**
 * One row per campaign exposure: point-in-time features at the send, arm, logged propensity,
 * outcomes. The frame ends with the campaign's context (src/causal/campaign-context.ts): its
 * window in days and the season of the send, so every step that reads the frame (training, model
 * selection, the held-out evaluation, the DR scores, the policy) sees the same columns.
 */
export interface ExposureData {
  rowCount: number;
  keys: string[];
  customerIds: string[];
  campaign: Int32Array;
  campaignIds: string[];
  arm: Int32Array;
  armNames: string[];
  propensity: Float64Array;
  outcomes: Record<ExposureOutcomeColumn, Float64Array>;
  /** The campaign's window of each row, in days. */
  windowDays: Float64Array;
  frame: FeatureFrame;
}

let tableCounter = 0;

export interface ExposureLoadOptions {
  /** The shop's shipping cost per order, for the margin outcome. */
  shippingCost: number;
  /** Keep at most this many exposures (a seeded hash sample), to bound memory on huge histories. */
  maxRows?: number;
  seed?: number;
}

export async function loadExposureData(
  store: Store,
  selection: ExposureSelection,
  options: ExposureLoadOptions,
): Promise<ExposureData> {
  const table = `pipeline_exposures_${process.pid}_${++tableCounter}`;
  const where =
    selection.kind === 'training'
      ? 'NOT c.reserved_for_evaluation'
      : selection.kind === 'evaluation'
        ? 'c.reserved_for_evaluation'
        : 'list_contains($1::VARCHAR[], c.campaign_id)';
  const params: (string[] | number)[] = selection.kind === 'campaigns' ? [selection.campaignIds] : [];
  let sample = '';
  if (options.maxRows !== undefined) {
    params.push(String(options.seed ?? 0) as never, Math.floor(options.maxRows));
    sample = `QUALIFY row_number() OVER (ORDER BY hash(e.campaign_id || ':' || e.customer_id || ':' || $${params.length - 1}::VARCHAR)) <= $${params.length}`;
  }
  await store.run(
    `CREATE TEMP TABLE ${table} AS
     SELECT e.campaign_id || ':' || e.customer_id AS key, e.campaign_id, e.customer_id, e.sent_at,
            c.window_days, e.arm, e.assignment_probability
     FROM campaign_exposures e JOIN campaigns c ON c.campaign_id = e.campaign_id
     WHERE ${where} ${sample}`,
    params as never,
  );
  try {
    const [{ n }] = await store.query<{ n: number }>(`SELECT count(*) AS n FROM ${table}`);
    if (n === 0) {
      throw new InvalidInput(
        selection.kind === 'evaluation'
          ? 'no campaign is reserved for evaluation in this data set'
          : 'no campaign exposures to learn from: generate or import campaign history first ' +
              '(`aether generate`, `aether import campaign_exposures FILE`), or import one randomised experiment ' +
              'as a flat file (`aether import experiment FILE --treatment COL --control VALUE --outcome COL`)',
      );
    }
    note(`features: computing point-in-time features for ${n.toLocaleString('en-US')} exposures`);
    const frame = await pointInTimeFeatures(store, {
      sql: `SELECT key, customer_id, sent_at AS as_of FROM ${table}`,
    });
    const rows = await store.query<Record<string, unknown>>(
      `SELECT x.key, x.campaign_id, x.window_days, x.arm, x.assignment_probability, ${EXPOSURE_OUTCOME_COLUMNS.map((c) => `o.${c}`).join(', ')}
       FROM ${table} x JOIN (${exposureOutcomesSql(table)}) o
         ON o.campaign_id = x.campaign_id AND o.customer_id = x.customer_id
       ORDER BY x.key`,
      [options.shippingCost],
    );
    if (rows.length !== frame.rowCount) {
      throw new Error(`internal: ${rows.length} outcome rows for ${frame.rowCount} feature rows`);
    }
    const campaignIds = [...new Set(rows.map((r) => r.campaign_id as string))].sort();
    const campaignIndex = new Map(campaignIds.map((c, i) => [c, i]));
    const campaign = new Int32Array(n);
    const arm = new Int32Array(n);
    const propensity = new Float64Array(n);
    const windowDays = new Float64Array(n);
    const outcomes = Object.fromEntries(
      EXPOSURE_OUTCOME_COLUMNS.map((c) => [c, new Float64Array(n)]),
    ) as Record<ExposureOutcomeColumn, Float64Array>;
    for (let i = 0; i < n; i++) {
      const r = rows[i];
      if (r.key !== frame.keys[i])
        throw new Error(`internal: row ${i} keys differ (${r.key} vs ${frame.keys[i]})`);
      const a = ARM_INDEX.get(r.arm as string);
      if (a === undefined)
        throw new InvalidInput(`exposure ${r.key}: arm "${r.arm}" is not a catalogue trigger`);
      arm[i] = a;
      campaign[i] = campaignIndex.get(r.campaign_id as string) as number;
      propensity[i] = Number(r.assignment_probability);
      windowDays[i] = Number(r.window_days);
      for (const c of EXPOSURE_OUTCOME_COLUMNS) outcomes[c][i] = Number(r[c]);
    }
    // The campaign's context, after the customer's features: the season is that of the send.
    for (const c of contextColumns(windowDays, frame.asOf))
      frame.features.push({ name: c.name, kind: 'numeric', values: c.values as Float64Array });
    return {
      rowCount: n,
      keys: frame.keys,
      customerIds: frame.customerIds,
      campaign,
      campaignIds,
      arm,
      armNames: [...ARM_NAMES],
      propensity,
      outcomes,
      windowDays,
      frame,
    };
  } finally {
    await store.run(`DROP TABLE IF EXISTS ${table}`);
  }
}

/** The feature frame as raw columns for binning (categorical codes back to their level names). */
export function frameToRawColumns(frame: FeatureFrame): RawColumn[] {
  return frame.features.map((f) => {
    if (f.kind === 'numeric') return { name: f.name, kind: 'numeric', values: f.values };
    const values = new Array<string | null>(frame.rowCount);
    for (let i = 0; i < frame.rowCount; i++)
      values[i] = f.codes[i] < 0 ? null : (f.levels[f.codes[i]] as string);
    return { name: f.name, kind: 'categorical', values };
  });
}

/**
 * One group id per row, the same for every exposure of a customer (in order of first appearance):
 * the `group` of an UpliftDataset, so that learners that subsample keep a customer's exposures
 * together.
 */
export function customerGroups(customerIds: readonly string[]): Int32Array {
  const index = new Map<string, number>();
  return Int32Array.from(customerIds, (id) => {
    let g = index.get(id);
    if (g === undefined) {
      g = index.size;
      index.set(id, g);
    }
    return g;
  });
}

/**
 * The exposures as a learner's data set: their binned features `X`, the outcome `y` the goal calls
 * for, and the exposures' arms, assignment probabilities and campaigns.
 */
export function upliftDataset(
  data: ExposureData,
  X: BinnedMatrix,
  y: Float64Array,
): UpliftDataset & { campaign: Int32Array } {
  return {
    X,
    arm: data.arm,
    armNames: data.armNames,
    y,
    propensity: data.propensity,
    campaign: data.campaign,
  };
}
