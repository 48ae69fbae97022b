import type { CopyRequest, CopyResponse } from '../contracts/copy.ts';
import { type Cohort, cohortOfCriteria, withMaterializedCohort } from '../explain/cohort.ts';
import { llmConfigFromEnv } from '../intent/llm/llm-backend.ts';
import type { Store } from '../store/store.ts';
import { audienceHasCart } from './cart-audience.ts';
import { gatherCopyFacts } from './facts.ts';
import { generateCopy } from './generate.ts';
import { llmCopy } from './llm-copy.ts';
import { productRefOf } from './product-ref.ts';

/**
 * Copy suggestions for a request: the facts computed for its audience, then the embedded
 * generator's variants (and the LLM backend's, when configured), each checked by the guardrails.
 */
export async function suggestCopy(
  store: Store,
  request: CopyRequest,
  cohort?: Cohort,
): Promise<CopyResponse> {
  const seed = request.seed ?? 0;
  const product = request.product ? { text: request.product } : productRefOf(request.criteria);
  const facts = await withMaterializedCohort(
    store,
    cohort ?? cohortOfCriteria(store, request.criteria),
    (c) =>
      gatherCopyFacts(store, {
        trigger: request.trigger,
        cohort: c,
        product,
        discountPercent: request.discount_percent ?? null,
        deadline: request.deadline ?? null,
      }),
  );
  const hasCart = audienceHasCart(request.criteria);
  const { variants, notes } = generateCopy({
    trigger: request.trigger,
    channel: request.channel,
    facts,
    variants: request.variants ?? 3,
    seed,
    audienceHasCart: hasCart,
  });
  // The interpreter's LLM backend, when configured, adds variants; the same guardrails decide.
  const llm = llmConfigFromEnv();
  if (llm) {
    const more = await llmCopy(llm, {
      trigger: request.trigger,
      channel: request.channel,
      facts,
      count: 2,
      takenAngles: variants.flatMap((v) => (v.angle ? [v.angle] : [])),
      audienceHasCart: hasCart,
    });
    variants.push(...more.variants);
    notes.push(...more.notes);
  }
  if (product && !facts.product) {
    notes.push(
      // A tag or category from the criteria in words ("limited edition", not "limited_edition").
      `No product, collection or category in the catalogue matches ${JSON.stringify(product.text ?? (product.tag ?? product.category)?.replace(/_/g, ' ') ?? product.product_id)}, so the copy does not name one.`,
    );
  }
  return { trigger: request.trigger, channel: request.channel, seed, facts, variants, notes };
}
