import type { CampaignArmEvidence, Interval, TriggerEvidence } from '../contracts/explain.ts';
import { TRIGGER_IDS, type TriggerId } from '../contracts/triggers.ts';
import type { Store } from '../store/store.ts';
import { type Cohort, dataAsOf } from './cohort.ts';
import { closedExposures, cohortRowsOnce, populationFeatures } from './population-features.ts';

const Z95 = 1.959963984540054;

type ArmCount = {
  campaign_id: string;
  name: string;
  started_at: string;
  window_days: number;
  arm: string;
  n: number;
  conversions: number;
};

/** An interval of a difference of two rates, in points, within what such a difference can be (±100). */
function points(d: number, half: number): Interval {
  return { low: Math.max(-100, 100 * (d - half)), high: Math.min(100, 100 * (d + half)) };
}

/**
 * Treated minus control rate in points with a 95% Wald interval around it. Its variance is taken
 * at Agresti & Caffo's adjusted proportions (one success and one failure added to each arm;
 * Agresti & Caffo 2000, "Simple and effective confidence intervals for proportions and differences
 * of proportions", The American Statistician 54:280–288): the plain Wald variance is zero when no
 * one (or everyone) ordered in both arms, and "0% of 3 against 0% of 3" read as "95% CI 0.0 to 0.0".
 */
export function riskDifference(
  t1: number,
  n1: number,
  t0: number,
  n0: number,
): { lift: number; ci: Interval; variance: number } {
  const p1 = t1 / n1;
  const p0 = t0 / n0;
  const a1 = (t1 + 1) / (n1 + 2);
  const a0 = (t0 + 1) / (n0 + 2);
  const variance = (a1 * (1 - a1)) / (n1 + 2) + (a0 * (1 - a0)) / (n0 + 2);
  const d = p1 - p0;
  const half = Z95 * Math.sqrt(variance);
  return { lift: 100 * d, ci: points(d, half), variance };
}

/**
 * Pools per-campaign risk differences with Mantel–Haenszel weights w_k = n1k·n0k / (n1k + n0k)
 * (Greenland & Robins 1985, "Estimation of a common effect parameter from sparse follow-up data",
 * Biometrics 41:55–68), so campaigns with different control shares and baseline rates are compared
 * within themselves and never across. Variance Σ w_k² v_k / (Σ w_k)² with v_k the variance of
 * campaign k as riskDifference takes it, the weights being fixed by the design.
 */
export function pooledRiskDifference(
  strata: readonly { t1: number; n1: number; t0: number; n0: number }[],
): { lift: number; ci: Interval } | null {
  let sw = 0;
  let swd = 0;
  let sw2v = 0;
  for (const s of strata) {
    if (s.n1 === 0 || s.n0 === 0) continue;
    const w = (s.n1 * s.n0) / (s.n1 + s.n0);
    const { lift, variance } = riskDifference(s.t1, s.n1, s.t0, s.n0);
    sw += w;
    swd += w * (lift / 100);
    sw2v += w * w * variance;
  }
  if (sw === 0) return null;
  const d = swd / sw;
  const half = (Z95 * Math.sqrt(sw2v)) / sw;
  return { lift: 100 * d, ci: points(d, half) };
}

/**
 * The past randomised campaigns that are the evidence for a cohort: for every campaign whose
 * outcome window had closed by the data's as_of, each arm's customers from the cohort and how many
 * ordered within the window after the send. No model is involved: within a campaign, arm and
 * control were assigned at random, so their difference is the causal lift for these customers.
 */
export async function campaignEvidence(
  store: Store,
  cohort: Cohort,
  options: { triggers?: readonly TriggerId[]; asOf?: Date } = {},
): Promise<TriggerEvidence[]> {
  const asOf = options.asOf ?? (await dataAsOf(store));
  const pop = await populationFeatures(store, asOf);
  const [exposures, members, campaigns] = await Promise.all([
    closedExposures(store, pop, asOf),
    cohortRowsOnce(store, pop, cohort),
    store.query<{ campaign_id: string; name: string; started_at: string; window_days: number }>(
      'SELECT campaign_id, name, started_at, window_days FROM campaigns',
    ),
  ]);
  // Per campaign and arm, the cohort's exposed customers and how many converted in the window
  // (the exposures are read once per state of the data; see population-features.ts).
  const inCohort = new Uint8Array(pop.rows);
  for (const r of members) inCohort[r] = 1;
  const A = exposures.arms.length;
  const n = new Float64Array(exposures.campaigns.length * A);
  const conv = new Float64Array(exposures.campaigns.length * A);
  for (let e = 0; e < exposures.row.length; e++) {
    const r = exposures.row[e] as number;
    if (r < 0 || !inCohort[r]) continue;
    const g = (exposures.campaign[e] as number) * A + (exposures.arm[e] as number);
    n[g]++;
    conv[g] += exposures.converted[e] as number;
  }
  const info = new Map(campaigns.map((c) => [c.campaign_id, c]));
  const rows: ArmCount[] = [];
  exposures.campaigns.forEach((id, k) => {
    const c = info.get(id);
    if (!c) return;
    exposures.arms.forEach((armName, a) => {
      const count = n[k * A + a] as number;
      if (count > 0)
        rows.push({
          campaign_id: id,
          name: c.name,
          started_at: c.started_at,
          window_days: Number(c.window_days),
          arm: armName,
          n: count,
          conversions: conv[k * A + a] as number,
        });
    });
  });
  // The order of the SQL this replaces: by start, campaign id, arm.
  const time = (x: ArmCount) => new Date(x.started_at).getTime();
  rows.sort(
    (x, y) =>
      time(x) - time(y) ||
      (x.campaign_id < y.campaign_id ? -1 : x.campaign_id > y.campaign_id ? 1 : 0) ||
      (x.arm < y.arm ? -1 : x.arm > y.arm ? 1 : 0),
  );

  const byCampaign = new Map<string, ArmCount[]>();
  for (const r of rows) {
    const list = byCampaign.get(r.campaign_id) ?? [];
    list.push({
      ...r,
      n: Number(r.n),
      conversions: Number(r.conversions),
      window_days: Number(r.window_days),
    });
    byCampaign.set(r.campaign_id, list);
  }

  const triggers = options.triggers ?? TRIGGER_IDS;
  return triggers.map((trigger) => {
    const campaigns: CampaignArmEvidence[] = [];
    for (const arms of byCampaign.values()) {
      const t = arms.find((a) => a.arm === trigger);
      const c = arms.find((a) => a.arm === 'control');
      if (!t || !c || t.n === 0 || c.n === 0) continue;
      const rd = riskDifference(t.conversions, t.n, c.conversions, c.n);
      campaigns.push({
        campaign_id: t.campaign_id,
        name: t.name,
        started_at: t.started_at,
        window_days: t.window_days,
        treated_n: t.n,
        treated_conversions: t.conversions,
        control_n: c.n,
        control_conversions: c.conversions,
        lift_points: rd.lift,
        ci: rd.ci,
      });
    }
    const sum = (f: (x: CampaignArmEvidence) => number) => campaigns.reduce((a, x) => a + f(x), 0);
    const treatedN = sum((x) => x.treated_n);
    const controlN = sum((x) => x.control_n);
    const pooled = pooledRiskDifference(
      campaigns.map((x) => ({
        t1: x.treated_conversions,
        n1: x.treated_n,
        t0: x.control_conversions,
        n0: x.control_n,
      })),
    );
    return {
      trigger,
      campaign_count: campaigns.length,
      treated_n: treatedN,
      control_n: controlN,
      treated_rate: treatedN ? sum((x) => x.treated_conversions) / treatedN : null,
      control_rate: controlN ? sum((x) => x.control_conversions) / controlN : null,
      lift_points: pooled?.lift ?? null,
      ci: pooled?.ci ?? null,
      campaigns,
    };
  });
}
