import type { Channel, CostConfig } from '../../contracts/trigger-costs.ts';
import { TRIGGER_IDS, type TriggerId } from '../../contracts/triggers.ts';
import type { Store } from '../../store/store.ts';
import { incrementalProfit } from './economics.ts';
import { ARM_NAMES, type ExposureData } from './exposure-data.ts';

/*
 * The simulator's ground truth for held-out exposures (the `truth` schema, absent on real data):
 * every arm's true conversion probability, each customer's expected order value, and from them
 * the true expected profit of every arm under the cost model of DESIGN.md section 1. The
 * pipeline's evaluation and the benchmarks read the truth only through here.
 */

/** The simulator's true probabilities of every arm for the held-out exposures, or null on real data. */
export async function loadTruthProbabilities(
  store: Store,
  holdout: ExposureData,
): Promise<Float64Array[] | null> {
  const exists = await store.query<{ n: number }>(
    "SELECT count(*) AS n FROM information_schema.tables WHERE table_schema = 'truth' AND table_name = 'exposure_probabilities'",
  );
  if (!exists[0].n) return null;
  const rows = await store.query<Record<string, number | string>>(
    `SELECT campaign_id || ':' || customer_id AS key, p_control, ${TRIGGER_IDS.map((t) => `p_${t}`).join(', ')}
     FROM truth.exposure_probabilities WHERE list_contains($1::VARCHAR[], campaign_id) ORDER BY key`,
    [holdout.campaignIds],
  );
  if (rows.length !== holdout.rowCount) return null;
  const out = ARM_NAMES.map(() => new Float64Array(holdout.rowCount));
  for (let i = 0; i < rows.length; i++) {
    if (rows[i].key !== holdout.keys[i]) return null;
    out[0][i] = Number(rows[i].p_control);
    TRIGGER_IDS.forEach((t, k) => {
      out[k + 1][i] = Number(rows[i][`p_${t}`]);
    });
  }
  return out;
}

/** Each held-out customer's expected order value in the simulator (100 where it has none). */
export async function loadTrueOrderValues(store: Store, holdout: ExposureData): Promise<Float64Array> {
  const rows = await store.query<{ customer_id: string; v: number }>(
    'SELECT customer_id, expected_order_value AS v FROM truth.customer_uplift',
  );
  const byId = new Map(rows.map((r) => [r.customer_id, Number(r.v)]));
  return Float64Array.from(holdout.customerIds, (id) => byId.get(id) ?? 100);
}

/**
 * True expected profit of every arm (control first) per exposure: p_a x expected order value x
 * margin, less the trigger's costs and the send cost for a treated arm (economics.ts).
 */
export function trueProfitByArm(
  probabilities: Float64Array[],
  orderValues: Float64Array,
  triggers: readonly TriggerId[],
  costs: CostConfig,
  channel: Channel,
): Float64Array[] {
  const p0 = probabilities[0] as Float64Array;
  const base = Float64Array.from(p0, (p, i) => p * (orderValues[i] as number) * costs.default_margin);
  return [
    base,
    ...triggers.map((t, k) =>
      Float64Array.from(
        base,
        (b, i) =>
          b +
          incrementalProfit(
            (probabilities[k + 1] as Float64Array)[i] as number,
            p0[i] as number,
            orderValues[i] as number,
            t,
            costs,
            channel,
          ),
      ),
    ),
  ];
}
