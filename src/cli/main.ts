import { Command } from 'commander';
import { registerDataReport } from './commands/data-report.ts';
import { registerDemo } from './commands/demo.ts';
import { registerEvaluate } from './commands/evaluate.ts';
import { registerGenerate } from './commands/generate.ts';
import { registerImport } from './commands/import.ts';
import { registerIntent } from './commands/intent.ts';
import { registerInterpret } from './commands/interpret.ts';
import { registerKeys } from './commands/keys.ts';
import { registerProfile } from './commands/profile.ts';
import { registerScore } from './commands/score.ts';
import { registerSegments } from './commands/segments.ts';
import { registerServe } from './commands/serve.ts';
import { registerTrain } from './commands/train.ts';
import { registerTriggers } from './commands/triggers.ts';

/**
 * The `aether` command line. Each command lives in its own file under commands/ and registers
 * itself here. Results go to stdout (one JSON document with --json); progress and logs to stderr.
 */
export function buildProgram(): Command {
  const program = new Command();
  program
    .name('aether')
    .description('AetherSegment: uplift-optimised audiences from a marketing brief')
    .version('0.1.0')
    .showHelpAfterError()
    .configureHelp({ sortSubcommands: true });
  registerTriggers(program);
  registerDemo(program);
  registerTrain(program);
  registerEvaluate(program);
  registerScore(program);
  registerServe(program);
  registerSegments(program);
  registerKeys(program);
  registerProfile(program);
  registerImport(program);
  registerGenerate(program);
  registerDataReport(program);
  registerInterpret(program);
  registerIntent(program);
  return program;
}

await buildProgram().parseAsync(process.argv);
