import { type CampaignObjective, CampaignObjective as CampaignObjectiveSchema } from '../../contracts/coo.ts';
import { interventionTypeOf } from '../../contracts/triggers.ts';
import type { CorpusBrief } from '../corpus/generate.ts';
import { readCorpus } from '../train.ts';
import { assistantAnswer, fewShotExamples, systemPrompt } from './prompt.ts';

/**
 * An optional LLM backend: any OpenAI-compatible chat-completions endpoint (OpenAI, Azure,
 * Ollama, vLLM, llama.cpp server). The reply must be a COO that passes the shared schema and the
 * interpreter's own rules; one repair round is allowed; anything else is a failure with a reason,
 * and the caller falls back to the embedded model.
 */
export interface LlmConfig {
  baseUrl: string;
  model: string;
  apiKey?: string;
  timeoutMs?: number;
}

export type LlmOutcome = { ok: true; coo: CampaignObjective } | { ok: false; reason: string };

export function llmConfigFromEnv(env: NodeJS.ProcessEnv = process.env): LlmConfig | null {
  const baseUrl = env.AETHER_LLM_BASE_URL?.trim();
  if (!baseUrl) return null;
  return {
    baseUrl,
    model: env.AETHER_LLM_MODEL?.trim() || 'gpt-4o-mini',
    apiKey: env.AETHER_LLM_API_KEY?.trim() || undefined,
    timeoutMs: Number(env.AETHER_LLM_TIMEOUT_MS) || 20_000,
  };
}

export type Message = { role: 'system' | 'user' | 'assistant'; content: string };

let examples: CorpusBrief[] | null = null;
function shots(): Message[] {
  examples ??= fewShotExamples(readCorpus());
  return examples.flatMap((b) => [
    { role: 'user' as const, content: b.brief },
    { role: 'assistant' as const, content: assistantAnswer(b) },
  ]);
}

export async function interpretWithLlm(brief: string, config: LlmConfig): Promise<LlmOutcome> {
  const messages: Message[] = [
    { role: 'system', content: systemPrompt() },
    ...shots(),
    { role: 'user', content: brief },
  ];
  for (let attempt = 0; attempt < 2; attempt++) {
    const reply = await chatCompletion(messages, config);
    if (!reply.ok) return reply;
    const checked = check(reply.content);
    if (checked.ok) return checked;
    if (attempt === 1)
      return { ok: false, reason: `invalid LLM output after one repair attempt: ${checked.reason}` };
    messages.push(
      { role: 'assistant', content: reply.content.slice(0, 4000) },
      {
        role: 'user',
        content: `That reply is not a valid COO: ${checked.reason}. Reply with the corrected JSON object only.`,
      },
    );
  }
  return { ok: false, reason: 'unreachable' };
}

/**
 * One chat-completions call asking for a JSON object, with the configured timeout; never throws:
 * what went wrong comes back as a reason. Used by the interpreter (temperature 0) and by copy.
 */
export async function chatCompletion(
  messages: Message[],
  config: LlmConfig,
  temperature = 0,
): Promise<{ ok: true; content: string } | { ok: false; reason: string }> {
  const url = `${config.baseUrl.replace(/\/+$/, '')}/chat/completions`;
  const controller = new AbortController();
  const timeoutMs = config.timeoutMs ?? 20_000;
  const timer = setTimeout(() => controller.abort(), timeoutMs);
  try {
    const res = await fetch(url, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        ...(config.apiKey ? { authorization: `Bearer ${config.apiKey}` } : {}),
      },
      body: JSON.stringify({
        model: config.model,
        messages,
        temperature,
        response_format: { type: 'json_object' },
      }),
      signal: controller.signal,
    });
    const body = await res.text();
    if (!res.ok) return { ok: false, reason: `LLM endpoint answered HTTP ${res.status}` };
    let content: unknown;
    try {
      content = (JSON.parse(body) as { choices?: Array<{ message?: { content?: unknown } }> }).choices?.[0]
        ?.message?.content;
    } catch {
      return { ok: false, reason: 'LLM endpoint returned a body that is not chat-completions JSON' };
    }
    if (typeof content !== 'string')
      return { ok: false, reason: 'LLM reply has no choices[0].message.content' };
    return { ok: true, content };
  } catch (e) {
    if (controller.signal.aborted)
      return { ok: false, reason: `LLM request timed out after ${timeoutMs} ms` };
    return { ok: false, reason: `LLM request failed: ${(e as Error).message}` };
  } finally {
    clearTimeout(timer);
  }
}

function check(content: string): LlmOutcome {
  const text = content.replace(/^\s*```(?:json)?\s*/i, '').replace(/\s*```\s*$/, '');
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    return { ok: false, reason: 'the reply is not valid JSON' };
  }
  const r = CampaignObjectiveSchema.safeParse(parsed);
  if (!r.success)
    return {
      ok: false,
      reason: r.error.issues
        .slice(0, 5)
        .map((i) => `${i.path.join('.') || '(root)'}: ${i.message}`)
        .join('; '),
    };
  const coo = r.data;
  if (coo.proposed_intervention && coo.constraints.exclude_triggers.includes(coo.proposed_intervention))
    return {
      ok: false,
      reason: `proposed_intervention ${coo.proposed_intervention} is also in exclude_triggers`,
    };
  const expected = coo.proposed_intervention ? interventionTypeOf(coo.proposed_intervention) : null;
  if (coo.intervention_type !== expected)
    return {
      ok: false,
      reason: `intervention_type must be ${expected} for proposed_intervention ${coo.proposed_intervention}`,
    };
  return { ok: true, coo };
}
