import type { FeatureComparison } from '../contracts/explain.ts';
import type { TriggerId } from '../contracts/triggers.ts';
import type { Store } from '../store/store.ts';
import { type Cohort, dataAsOf, EVERYONE } from './cohort.ts';
import {
  cohortRowsOnce,
  groupStats,
  type PopulationFeatures,
  populationFeatures,
  type Stats,
} from './population-features.ts';

/**
 * The behaviours behind each trigger's mechanism, measured for a cohort and for everyone from the
 * event tables (not from model scores, so they exist before any model is trained). Each says which
 * triggers it speaks to, so a reason for a trigger cites the features that explain it.
 */
interface FeatureSpec {
  feature: string;
  label: string;
  stat: FeatureComparison['stat'];
  unit: FeatureComparison['unit'];
  triggers: TriggerId[];
  /** Sentence fragment for a share: "{x}% of these customers {phrase}". */
  phrase?: string;
}

export const FEATURES: readonly FeatureSpec[] = [
  {
    feature: 'abandoned_at_shipping_step',
    label: 'Abandoned a cart at the shipping step (90 days)',
    stat: 'share',
    unit: 'share',
    triggers: ['free_shipping', 'cart_reminder'],
    phrase: 'abandoned a cart at the shipping step in the last 90 days',
  },
  {
    feature: 'abandoned_for_shipping_cost',
    label: 'Abandoned a cart over shipping cost (90 days)',
    stat: 'share',
    unit: 'share',
    triggers: ['free_shipping'],
    phrase: 'left a cart because of the shipping cost in the last 90 days',
  },
  {
    feature: 'open_abandoned_cart',
    label: 'Has a cart abandoned in the last 14 days',
    stat: 'share',
    unit: 'share',
    triggers: ['cart_reminder', 'urgency_message'],
    phrase: 'abandoned a cart in the last 14 days',
  },
  {
    feature: 'used_discount',
    label: 'Has used a discount on a past order',
    stat: 'share',
    unit: 'share',
    triggers: ['discount'],
    phrase: 'have used a discount on a past order',
  },
  {
    feature: 'bought_limited_edition',
    label: 'Bought a limited-edition product',
    stat: 'share',
    unit: 'share',
    triggers: ['exclusivity_offer', 'scarcity_message'],
    phrase: 'have bought a limited-edition product',
  },
  {
    feature: 'viewed_limited_edition',
    label: 'Viewed a limited-edition product (90 days)',
    stat: 'share',
    unit: 'share',
    triggers: ['scarcity_message', 'exclusivity_offer'],
    phrase: 'viewed a limited-edition product in the last 90 days',
  },
  {
    feature: 'viewed_bestsellers',
    label: 'Visited the bestsellers or trending pages (90 days)',
    stat: 'share',
    unit: 'share',
    triggers: ['social_proof'],
    phrase: 'visited the bestsellers or trending pages in the last 90 days',
  },
  {
    feature: 'engaged_with_content',
    label: 'Read or watched our content (90 days)',
    stat: 'share',
    unit: 'share',
    triggers: ['content_storytelling'],
    phrase: 'read or watched our content in the last 90 days',
  },
  {
    feature: 'average_order_value',
    label: 'Average order value',
    stat: 'mean',
    unit: 'currency',
    triggers: ['discount', 'free_shipping', 'loyalty_reward'],
  },
  {
    feature: 'orders_last_12_months',
    label: 'Orders in the last 12 months',
    stat: 'mean',
    unit: 'count',
    triggers: ['loyalty_reward', 'exclusivity_offer'],
  },
  {
    feature: 'categories_purchased',
    label: 'Categories bought from',
    stat: 'mean',
    unit: 'count',
    triggers: ['personalized_recommendation'],
  },
  {
    feature: 'days_since_last_purchase',
    label: 'Days since the last purchase (median)',
    stat: 'median',
    unit: 'days',
    triggers: ['urgency_message', 'discount', 'cart_reminder'],
  },
];

const everyoneStats = new WeakMap<PopulationFeatures, Stats>();

function populationStats(pop: PopulationFeatures): Stats {
  let stats = everyoneStats.get(pop);
  if (!stats) {
    stats = groupStats(pop, null);
    everyoneStats.set(pop, stats);
  }
  return stats;
}

/** Every feature of FEATURES for the cohort and for the whole population. */
export async function compareCohort(store: Store, cohort: Cohort, asOf?: Date): Promise<FeatureComparison[]> {
  const at = asOf ?? (await dataAsOf(store));
  // Every customer's features once per state of the data; the cohort's figures aggregate its rows.
  const everyone = await populationFeatures(store, at);
  const pop = populationStats(everyone);
  const seg = cohort === EVERYONE ? pop : groupStats(everyone, await cohortRowsOnce(store, everyone, cohort));
  const num = (r: Record<string, unknown> | undefined, k: string): number | null =>
    r && r[k] !== null && r[k] !== undefined ? Number(r[k]) : null;

  return FEATURES.map((spec) => {
    const s = num(seg, spec.feature);
    const p = num(pop, spec.feature);
    let sd: number | null;
    if (spec.stat === 'share') sd = p !== null ? Math.sqrt(p * (1 - p)) : null;
    else sd = num(pop, `${spec.feature}_sd`);
    const nKey =
      spec.feature === 'average_order_value' || spec.feature === 'days_since_last_purchase'
        ? `${spec.feature}_n`
        : 'n';
    return {
      feature: spec.feature,
      label: spec.label,
      stat: spec.stat,
      unit: spec.unit,
      segment: s,
      population: p,
      segment_n: num(seg, nKey) ?? 0,
      population_n: num(pop, nKey) ?? 0,
      std_diff: s !== null && p !== null && sd !== null && sd > 0 ? (s - p) / sd : null,
      triggers: spec.triggers,
    };
  });
}

export function featureSpec(feature: string): FeatureSpec | undefined {
  return FEATURES.find((f) => f.feature === feature);
}
