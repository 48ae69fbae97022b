import { campaignEvidence, compareCohort, dataAsOf, EVERYONE } from '../explain/index.ts';
import { currentPopulation } from '../planner/population.ts';
import type { Store } from '../store/store.ts';

/**
 * Fills the per-data caches that plans and explanations read (every scored customer's planning
 * columns; every customer's behaviour features and the closed campaign exposures). The first
 * plan after a start would otherwise pay for them: 4–5 s on the 100,000-customer demo instead of
 * about 1 s. Run in the background after the server listens; a database without data or without
 * a trained model has nothing to cache, which is not an error.
 */
export async function warmCaches(store: Store): Promise<void> {
  const asOf = await dataAsOf(store);
  await currentPopulation(store);
  await compareCohort(store, EVERYONE, asOf);
  await campaignEvidence(store, EVERYONE, { asOf });
}
