import type { CopyRequest, CopyResponse } from '../contracts/copy.ts';
import { type Cohort, cohortOfCriteria } from '../explain/cohort.ts';
import type { Store } from '../store/store.ts';
import { gatherCopyFacts } from './facts.ts';
import { generateCopy } from './generate.ts';
import { productRefOf } from './product-ref.ts';

/**
 * Copy suggestions for a request: the facts computed for its audience, then the embedded
 * generator's variants, each checked by the guardrails.
 */
export async function suggestCopy(
  store: Store,
  request: CopyRequest,
  cohort?: Cohort,
): Promise<CopyResponse> {
  const seed = request.seed ?? 0;
  const product = request.product ? { text: request.product } : productRefOf(request.criteria);
  const facts = await gatherCopyFacts(store, {
    trigger: request.trigger,
    cohort: cohort ?? cohortOfCriteria(store, request.criteria),
    product,
    discountPercent: request.discount_percent ?? null,
    deadline: request.deadline ?? null,
  });
  const { variants, notes } = generateCopy({
    trigger: request.trigger,
    channel: request.channel,
    facts,
    variants: request.variants ?? 3,
    seed,
  });
  if (product && !facts.product) {
    notes.push(
      `No product, collection or category in the catalogue matches ${JSON.stringify(product.text ?? product.tag ?? product.category ?? product.product_id)}, so the copy does not name one.`,
    );
  }
  return { trigger: request.trigger, channel: request.channel, seed, facts, variants, notes };
}
