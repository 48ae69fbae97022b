import type { CampaignObjective } from '../contracts/coo.ts';
import { enforceGate, withGateQuestion } from './brief-gate.ts';
import { interpretEmbedded, validateBriefText } from './interpret-embedded.ts';
import { interpretWithLlm, type LlmConfig, llmConfigFromEnv } from './llm/llm-backend.ts';
import { loadModel } from './model-artifact.ts';

export interface InterpretOptions {
  /** `embedded` (default without configuration), `llm` (requires config) or `auto` (LLM when configured). */
  backend?: 'auto' | 'embedded' | 'llm';
  /** LLM endpoint; defaults to AETHER_LLM_BASE_URL / AETHER_LLM_MODEL / AETHER_LLM_API_KEY. */
  llm?: LlmConfig | null;
}

export interface InterpretResult {
  coo: CampaignObjective;
  /** Which backend produced the COO. */
  backend: 'embedded' | 'llm';
  /** Why the LLM was not used although asked for (timeout, HTTP error, invalid JSON); null otherwise. */
  fallback_reason: string | null;
  model_version: string;
  elapsed_ms: number;
}

/**
 * Interprets one brief. With an LLM configured, the LLM is asked first and the embedded model is
 * the fallback on any failure (the reason is reported); otherwise the embedded model answers.
 * Throws InvalidInput for empty, over-long or non-campaign text.
 */
export async function interpretBrief(text: string, options: InterpretOptions = {}): Promise<InterpretResult> {
  const started = performance.now();
  const brief = validateBriefText(text);
  const model = loadModel();
  const backend = options.backend ?? 'auto';
  const llm = options.llm === undefined ? llmConfigFromEnv() : options.llm;
  let fallback: string | null = null;
  if (backend !== 'embedded' && llm) {
    // The "not a campaign brief" gate first: such text is refused before any request is sent, and
    // a borderline one gets the same question and scaled confidence as from the embedded model.
    const gate = enforceGate(model.analyze(brief));
    const r = await interpretWithLlm(brief, llm);
    if (r.ok)
      return {
        coo: gate.kind === 'clarify' ? withGateQuestion(r.coo, gate.probability) : r.coo,
        backend: 'llm',
        fallback_reason: null,
        model_version: `llm:${llm.model}`,
        elapsed_ms: ms(started),
      };
    fallback = r.reason;
  } else if (backend === 'llm') {
    fallback = 'no LLM configured (set AETHER_LLM_BASE_URL and AETHER_LLM_MODEL)';
  }
  const coo = interpretEmbedded(brief, model);
  return {
    coo,
    backend: 'embedded',
    fallback_reason: fallback,
    model_version: model.version,
    elapsed_ms: ms(started),
  };
}

function ms(started: number): number {
  return Math.round((performance.now() - started) * 100) / 100;
}
