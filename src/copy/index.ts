export {
  DEFAULT_LOW_STOCK_UNITS,
  findProducts,
  type GatherFactsInput,
  gatherCopyFacts,
  nextCategory,
  type ProductRef,
  stockStatus,
} from './facts.ts';
export { type GenerateCopyInput, type GeneratedCopy, generateCopy, subjectOf } from './generate.ts';
export { type CopyDraft, checkCopy, PLACEHOLDER_MAX_CHARS, SPAM_PHRASES } from './guardrails.ts';
export { type LlmCopyResult, llmCopy } from './llm-copy.ts';
export { productRefOf } from './product-ref.ts';
export { suggestCopy } from './suggest.ts';
