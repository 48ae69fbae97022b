import { COPY_LIMITS, COPY_PLACEHOLDERS, type CopyFacts, type CopyVariant } from '../contracts/copy.ts';
import type { Channel } from '../contracts/trigger-costs.ts';
import { TRIGGER_CATALOGUE, type TriggerId } from '../contracts/triggers.ts';
import { hashString } from '../core/rng.ts';
import { chatCompletion, type LlmConfig } from '../intent/llm/llm-backend.ts';
import { ANGLE_MAX_CHARS, angleProblems, type CopyDraft, checkCopy } from './guardrails.ts';

/**
 * Copy from the interpreter's LLM backend (any OpenAI-compatible chat-completions endpoint,
 * configured by AETHER_LLM_BASE_URL / _MODEL / _API_KEY), held to the same guardrails as the
 * embedded generator: a variant that fails any of them is dropped and the reason reported.
 */
export interface LlmCopyResult {
  variants: CopyVariant[];
  notes: string[];
}

function prompt(
  trigger: TriggerId,
  channel: Channel,
  facts: CopyFacts,
  count: number,
  taken: readonly string[],
  noCart: boolean,
): string {
  const limits = COPY_LIMITS[channel];
  const shape =
    channel === 'email'
      ? '{"angle": "...", "subject": "...", "preheader": "...", "body": "..."}'
      : channel === 'sms'
        ? '{"angle": "...", "body": "..."}'
        : '{"angle": "...", "title": "...", "body": "..."}';
  return [
    `Write ${count} ${channel} message variants for a "${TRIGGER_CATALOGUE[trigger].label}" campaign (${TRIGGER_CATALOGUE[trigger].description}).`,
    `Limits in characters: ${JSON.stringify(limits)}.${channel === 'sms' ? ' The SMS must end with "Reply STOP to opt out" and stay within 160 characters including it.' : ''}`,
    `Placeholders allowed (written exactly so): ${COPY_PLACEHOLDERS.map((p) => `{{${p}}}`).join(', ')}; a placeholder may be filled with up to 20 characters.`,
    'State only these facts, with these exact numbers; state nothing else as fact (no stock, counts, prices, discounts, deadlines or shipping offers that are not listed):',
    JSON.stringify(facts),
    ...(noCart
      ? [
          'These customers were not chosen for having an abandoned cart: do not say or imply that they left anything in a cart.',
        ]
      : []),
    'No spam words (e.g. "act now", "guaranteed", "risk-free"), no all-caps words, at most one exclamation mark.',
    // The same contract as the embedded generator's variants: each its own reason to act.
    `Give each variant an "angle": the one reason it gives the customer to act, in a few words (at most ${ANGLE_MAX_CHARS} characters, e.g. "members first", "the exact count"), carried through all its fields. Every variant takes a different angle${taken.length ? `, and none of these, which other variants already take: ${JSON.stringify(taken)}` : ''}.`,
    `Reply with one JSON object: {"variants": [${shape}, ...]}.`,
  ].join('\n');
}

async function chat(config: LlmConfig, content: string): Promise<string> {
  const reply = await chatCompletion(
    [
      { role: 'system', content: 'You write short, honest marketing copy. You never invent facts.' },
      { role: 'user', content },
    ],
    config,
    0.7,
  );
  if (!reply.ok) throw new Error(reply.reason);
  return reply.content;
}

function asDraft(channel: Channel, x: unknown): CopyDraft | null {
  if (!x || typeof x !== 'object') return null;
  const o = x as Record<string, unknown>;
  const str = (k: string) => (typeof o[k] === 'string' ? (o[k] as string) : undefined);
  const body = str('body');
  if (body === undefined) return null;
  if (channel === 'email')
    return { channel, subject: str('subject') ?? '', preheader: str('preheader') ?? '', body };
  if (channel === 'push') return { channel, title: str('title') ?? '', body };
  return { channel, body };
}

export async function llmCopy(
  config: LlmConfig,
  input: {
    trigger: TriggerId;
    channel: Channel;
    facts: CopyFacts;
    count: number;
    /** Angles other variants (the embedded generator's) already take; an LLM variant may not repeat one. */
    takenAngles?: readonly string[];
    /** Whether the audience was chosen for an abandoned cart (audienceHasCart); default true. */
    audienceHasCart?: boolean;
  },
): Promise<LlmCopyResult> {
  const { trigger, channel, facts } = input;
  const taken = [...(input.takenAngles ?? [])];
  const noCart = input.audienceHasCart === false;
  let text: string;
  try {
    text = await chat(config, prompt(trigger, channel, facts, input.count, taken, noCart));
  } catch (e) {
    return {
      variants: [],
      notes: [
        `The LLM backend gave no copy (${(e as Error).message}); the embedded generator's variants are shown.`,
      ],
    };
  }
  let drafts: unknown[];
  try {
    const parsed = JSON.parse(text.replace(/^\s*```(?:json)?\s*/i, '').replace(/\s*```\s*$/, '')) as {
      variants?: unknown;
    };
    drafts = Array.isArray(parsed.variants) ? parsed.variants : [];
  } catch {
    return {
      variants: [],
      notes: ['The LLM backend replied with something that is not JSON; its copy was dropped.'],
    };
  }
  const variants: CopyVariant[] = [];
  const notes: string[] = [];
  for (const raw of drafts.slice(0, input.count)) {
    const d = asDraft(channel, raw);
    if (!d) {
      notes.push('An LLM variant without the fields of the channel was dropped.');
      continue;
    }
    const checks = checkCopy(d, facts);
    if (!checks.ok) {
      const why = checks.issues.filter((i) => i.severity === 'error').map((i) => `${i.field}: ${i.detail}`);
      notes.push(`An LLM variant failed the guardrails and was dropped (${why.join('; ')}).`);
      continue;
    }
    if (noCart && /\bcart\b/i.test([d.subject, d.preheader, d.title, d.body].filter(Boolean).join('\n'))) {
      notes.push(
        'An LLM variant was dropped because it mentions a cart, and this audience was not chosen for having an abandoned cart.',
      );
      continue;
    }
    const angle = (raw as { angle?: unknown }).angle;
    const angleWrong = angleProblems(angle, taken, facts);
    if (angleWrong.length) {
      notes.push(`An LLM variant was dropped because ${angleWrong.join('; ')}.`);
      continue;
    }
    taken.push((angle as string).trim());
    const all = [d.subject, d.preheader, d.title, d.body].filter(Boolean).join('\n');
    variants.push({
      id: `llm${variants.length + 1}-${hashString(all).toString(36)}`,
      channel,
      trigger,
      tone: `${TRIGGER_CATALOGUE[trigger].label} (LLM)`,
      angle: (angle as string).trim(),
      source: 'llm',
      ...(d.subject !== undefined ? { subject: d.subject } : {}),
      ...(d.preheader !== undefined ? { preheader: d.preheader } : {}),
      ...(d.title !== undefined ? { title: d.title } : {}),
      body: d.body,
      placeholders: [...new Set([...all.matchAll(/\{\{([a-z_]+)\}\}/g)].map((m) => m[1] as string))],
      facts_used: [],
      checks,
    });
  }
  return { variants, notes };
}
