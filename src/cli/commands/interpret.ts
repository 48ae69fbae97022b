import { readFileSync } from 'node:fs';
import type { Command } from 'commander';
import { AppError, InvalidInput } from '../../core/errors.ts';
import { type InterpretResult, interpretBrief } from '../../intent/index.ts';
import { action, emit } from '../output.ts';

interface InterpretCliOptions {
  json?: boolean;
  batch?: string;
  backend?: 'auto' | 'embedded' | 'llm';
}

/** `aether interpret "brief"`: brief -> COO. `--batch FILE`: one brief a line in, one COO a line out (JSONL). */
export function registerInterpret(program: Command): void {
  program
    .command('interpret')
    .description('Interpret a campaign brief into a Campaign Objective Object (COO)')
    .argument('[brief]', 'the brief, in plain English')
    .option('--batch <file>', 'read one brief per line from FILE and print one COO per line (JSONL)')
    .option('--backend <backend>', 'auto | embedded | llm (llm needs AETHER_LLM_BASE_URL)', 'auto')
    .option('--json', 'print one JSON document')
    .action(
      action(async (brief: string | undefined, opts: InterpretCliOptions) => {
        if (opts.batch) {
          await runBatch(opts.batch, opts);
          return;
        }
        if (brief === undefined)
          throw new InvalidInput('Give a brief in quotes, or --batch FILE.', [
            { name: 'brief', reason: 'missing' },
          ]);
        const result = await interpretBrief(brief, { backend: opts.backend });
        emit(result, opts, human);
      }),
    );
}

async function runBatch(file: string, opts: InterpretCliOptions): Promise<void> {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (e) {
    throw new InvalidInput(`Cannot read ${file}: ${(e as Error).message}`, [
      { name: 'batch', reason: 'unreadable file' },
    ]);
  }
  const lines = text.split(/\r?\n/);
  if (lines.length && lines[lines.length - 1] === '') lines.pop();
  let failures = 0;
  for (const [i, line] of lines.entries()) {
    try {
      const r = await interpretBrief(line, { backend: opts.backend });
      process.stdout.write(`${JSON.stringify(r.coo)}\n`);
    } catch (e) {
      // One bad line must not lose the others' order: it gets an error object on its own line.
      failures++;
      const app = e instanceof AppError ? e : null;
      process.stdout.write(
        `${JSON.stringify({ error: { line: i + 1, type: app?.type ?? 'internal', detail: (e as Error).message } })}\n`,
      );
    }
  }
  process.stderr.write(`interpreted ${lines.length - failures} of ${lines.length} briefs\n`);
}

function human(r: InterpretResult): string {
  const c = r.coo;
  const lines = [
    `goal:         ${c.campaign_goal}`,
    `trigger:      ${c.proposed_intervention ?? '(none named: the engine will choose)'}${c.intervention_type ? ` (${c.intervention_type})` : ''}  confidence ${c.confidence}`,
  ];
  if (c.intervention_params) lines.push(`params:       ${JSON.stringify(c.intervention_params)}`);
  lines.push(`audience:     ${c.target_behavior.description}`);
  lines.push(
    `criteria:     ${c.target_behavior.criteria ? JSON.stringify(c.target_behavior.criteria) : '(everyone)'}`,
  );
  if (c.metric_target) {
    const m = c.metric_target;
    lines.push(
      `target:       ${m.direction} ${m.metric} ${m.kind} ${m.value} ${m.unit}${m.horizon_days ? ` within ${m.horizon_days} days` : ''}`,
    );
  }
  if (c.constraints.exclude_triggers.length)
    lines.push(`excluded:     ${c.constraints.exclude_triggers.join(', ')}`);
  if (c.constraints.budget)
    lines.push(`budget:       ${c.constraints.budget.amount} ${c.constraints.budget.currency}`);
  if (c.constraints.channel) lines.push(`channel:      ${c.constraints.channel}`);
  if (c.alternatives.length)
    lines.push(
      `alternatives: ${c.alternatives.map((a) => `${a.proposed_intervention ?? 'none'} ${a.confidence}`).join(', ')}`,
    );
  for (const q of c.clarifications) lines.push(`? ${q}`);
  lines.push(
    `(${r.backend}${r.fallback_reason ? `, fallback: ${r.fallback_reason}` : ''}, ${r.elapsed_ms} ms)`,
  );
  return lines.join('\n');
}
