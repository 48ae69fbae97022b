import { expectedOrderValues } from '../causal/pipeline/economics.ts';
import type { BinnedMatrix } from '../causal/trees/binning.ts';
import { TRIGGER_IDS } from '../contracts/triggers.ts';
import { type Cohort, cohortPositions, EVERYONE } from '../explain/cohort.ts';
import type { Store } from '../store/store.ts';
import { pick, readNumericColumns } from './audience-columns.ts';

/**
 * The scored population's planning columns, read once per state of the profiles and scores and
 * kept in the server's memory, so a plan reads only which customers its audience holds. Reading
 * and converting 100,000 customers' 26 columns through the profile view cost 0.3–0.4 s a plan.
 *
 * What the columns depend on, and so the cache key: the score model versions the profile view
 * reads (a version's scores are written once, when it is trained, and never changed) and the
 * profile facts' content, fingerprinted by their row count and a sum of row hashes over the
 * columns read here. A new model, a profile refresh that changed anything, or another database
 * file gives another key, and the next plan reads the population again.
 */
export const POLICY_FEATURES = [
  'clv_score',
  'churn_probability_score',
  'average_order_value',
  'purchase_frequency',
  'lifetime_value',
  'days_since_last_purchase',
  'tenure_days',
  'orders_last_90_days',
  'session_count',
  'wishlist_items_count',
  'email_open_rate',
  'abandoned_cart_value',
  'abandoned_cart_age_hours',
] as const;

/** Derived scores among POLICY_FEATURES: their model versions, not profile_facts, key them. */
const SCORE_FEATURES: ReadonlySet<string> = new Set(['clv_score', 'churn_probability_score']);

/** Profile facts columns whose values the population holds (scores are covered by their versions). */
const FACT_COLUMNS = [
  'customer_id',
  ...POLICY_FEATURES.filter((f) => !SCORE_FEATURES.has(f)),
  'email_opt_in',
  'sms_opt_in',
];

export interface Population {
  key: string;
  /** Scored customers (baseline not null), ordered by customer_id. */
  rows: number;
  index: Map<string, number>;
  baseline: Float64Array;
  /** Per TRIGGER_IDS; a null score is 0 (no uplift). */
  uplift: Float64Array[];
  /** Per POLICY_FEATURES; a null is NaN (the rules tree's missing value). */
  features: Float64Array[];
  /** 1 where the customer opted in to the channel. */
  emailOptIn: Float64Array;
  smsOptIn: Float64Array;
  /** The whole population as an audience, per consent column (see `audienceData`). */
  everyone: Map<string, AudienceData>;
}

/** An audience's planning inputs: its customers' columns and, once computed, their bins. */
export interface AudienceData {
  /** Population rows of the audience's customers who may be contacted, in population order. */
  index: Uint32Array;
  /** Customers of the audience left out for not having opted in to the channel. */
  excludedNotOptedIn: number;
  /** Customers of the audience in the population (scored), before consent. */
  matched: number;
  baseline: Float64Array;
  uplift: Float64Array[];
  features: Float64Array[];
  /** Expected order value per customer (their own AOV, else the audience's median). */
  eov: Float64Array;
  /** Binned rule columns by column name, filled by the planner as it bins them. */
  bins: Map<string, BinnedMatrix>;
}

const activeVersion = (table: string) =>
  `(SELECT mv.model_version FROM model_versions mv WHERE mv.is_active AND EXISTS (SELECT 1 FROM ${table} x WHERE x.model_version = mv.model_version) ORDER BY mv.created_at DESC, mv.model_version DESC LIMIT 1)`;

/** The key of the population the profile view shows now (see above). */
export async function populationKey(store: Store): Promise<string> {
  const rows = await store.query<Record<string, unknown>>(
    `SELECT ${activeVersion('customer_scores')} AS scores, ${activeVersion('customer_derived_scores')} AS derived,
            (SELECT count(*) FROM profile_facts) AS n,
            (SELECT CAST(sum(hash(${FACT_COLUMNS.join(', ')})) AS VARCHAR) FROM profile_facts) AS h`,
  );
  const r = rows[0] ?? {};
  return `${store.location}|${r.scores}|${r.derived}|${r.n}|${r.h}`;
}

async function loadPopulation(store: Store, key: string): Promise<Population> {
  const cols = [
    'customer_id',
    'baseline_conversion_probability',
    ...TRIGGER_IDS.map((t) => `uplift_score_for_${t}`),
    ...POLICY_FEATURES,
    'email_opt_in',
    'sms_opt_in',
  ];
  const read = await readNumericColumns(
    store,
    `SELECT ${cols.join(', ')} FROM customer_profiles WHERE baseline_conversion_probability IS NOT NULL ORDER BY customer_id`,
    [],
    [0, ...TRIGGER_IDS.map(() => 0), ...POLICY_FEATURES.map(() => Number.NaN), 0, 0],
    true,
  );
  const c = read.columns;
  const index = new Map<string, number>();
  for (const [i, id] of read.keys.entries()) index.set(id, i);
  const k = TRIGGER_IDS.length;
  const f = POLICY_FEATURES.length;
  return {
    key,
    rows: read.rows,
    index,
    baseline: c[0] as Float64Array,
    uplift: c.slice(1, 1 + k),
    features: c.slice(1 + k, 1 + k + f),
    emailOptIn: c[1 + k + f] as Float64Array,
    smsOptIn: c[2 + k + f] as Float64Array,
    everyone: new Map(),
  };
}

// One entry per database file (the server's connections share it); an in-memory database's by
// its connection, since two of them can hold different data under the same name.
const byPath = new Map<string, Promise<Population>>();
const byStore = new WeakMap<object, Promise<Population>>();

/** The population for the profiles and scores as they are now. */
export async function currentPopulation(store: Store): Promise<Population> {
  const key = await populationKey(store);
  const file = store.location && store.location !== ':memory:' ? store.location : null;
  const hit = file ? byPath.get(file) : byStore.get(store);
  if (hit) {
    const pop = await hit.catch(() => null);
    if (pop && pop.key === key) return pop;
  }
  const value = loadPopulation(store, key);
  if (file) byPath.set(file, value);
  else byStore.set(store, value);
  value.catch(() => {
    if (file && byPath.get(file) === value) byPath.delete(file);
    if (!file && byStore.get(store) === value) byStore.delete(store);
  });
  return value;
}

/** The population rows of a cohort's customers, in population order, each once. */
export async function audienceRows(store: Store, pop: Population, cohort: Cohort): Promise<Uint32Array> {
  if (cohort === EVERYONE) return Uint32Array.from({ length: pop.rows }, (_, i) => i);
  return cohortPositions(store, pop.index, pop.rows, cohort);
}

export type ConsentColumn = 'email_opt_in' | 'sms_opt_in' | null;

function buildAudience(pop: Population, audience: Uint32Array, consent: ConsentColumn): AudienceData {
  const consentCol =
    consent === 'email_opt_in' ? pop.emailOptIn : consent === 'sms_opt_in' ? pop.smsOptIn : null;
  const keep: number[] = [];
  for (const r of audience) if (!consentCol || consentCol[r] === 1) keep.push(r);
  const index = Uint32Array.from(keep);
  const features = pop.features.map((f) => pick(f, index));
  return {
    index,
    excludedNotOptedIn: audience.length - index.length,
    matched: audience.length,
    baseline: pick(pop.baseline, index),
    uplift: pop.uplift.map((u) => pick(u, index)),
    features,
    eov: expectedOrderValues(features[POLICY_FEATURES.indexOf('average_order_value')] as Float64Array),
    bins: new Map(),
  };
}

/**
 * The planning inputs of a cohort's customers who may be contacted on the channel. The whole
 * population's (a brief that names no audience) depend only on the population, so they are kept
 * with it, bins included; any other audience's are computed for the request.
 */
export async function audienceData(
  store: Store,
  pop: Population,
  cohort: Cohort,
  consent: ConsentColumn,
): Promise<AudienceData> {
  if (cohort !== EVERYONE) return buildAudience(pop, await audienceRows(store, pop, cohort), consent);
  const key = consent ?? 'all';
  let data = pop.everyone.get(key);
  if (!data) {
    data = buildAudience(pop, await audienceRows(store, pop, cohort), consent);
    pop.everyone.set(key, data);
  }
  return data;
}
