import { writeFileSync } from 'node:fs';
import type { CorpusBrief } from './corpus/generate.ts';
import { assistantAnswer, systemPrompt } from './llm/prompt.ts';

/**
 * The corpus' train split in the chat fine-tuning JSONL format ({"messages": [system, user,
 * assistant]}, as OpenAI and most open-source trainers accept), with the same system prompt
 * the LLM backend sends, so a team can fine-tune their own model on it.
 */
export function finetuneLines(corpus: readonly CorpusBrief[]): string[] {
  const system = systemPrompt();
  return corpus
    .filter((b) => b.split === 'train')
    .map((b) =>
      JSON.stringify({
        messages: [
          { role: 'system', content: system },
          { role: 'user', content: b.brief },
          { role: 'assistant', content: assistantAnswer(b) },
        ],
      }),
    );
}

export function writeFinetune(corpus: readonly CorpusBrief[], out: string): number {
  const lines = finetuneLines(corpus);
  writeFileSync(out, `${lines.join('\n')}\n`);
  return lines.length;
}
