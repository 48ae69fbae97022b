import { ZodError } from 'zod';
import { AppError, InvalidInput } from '../core/errors.ts';

export interface OutputOptions {
  json?: boolean;
}

/**
 * Prints a command's result: exactly one JSON document on stdout with --json, else the human
 * rendering. Progress and logs never go to stdout.
 */
export function emit<T>(result: T, options: OutputOptions, human: (r: T) => string): void {
  if (options.json) process.stdout.write(`${JSON.stringify(result, null, 2)}\n`);
  else process.stdout.write(`${human(result)}\n`);
}

/** Prints an error for a person (stderr) or as a JSON problem (stdout with --json) and sets the exit code. */
export function fail(error: unknown, options: OutputOptions): void {
  // A value a command's schema refused (`--trigger foo`, a COO file) is the user's input, said in
  // words per field: zod's own message is its issue list as JSON.
  if (error instanceof ZodError) error = invalidInputOfOptions(error);
  const app = error instanceof AppError ? error : null;
  const message = error instanceof Error ? error.message : String(error);
  if (options.json) {
    process.stdout.write(
      `${JSON.stringify({
        error: {
          type: app?.type ?? 'internal',
          status: app?.status ?? 500,
          detail: message,
          invalid_params: app?.invalidParams ?? [],
        },
      })}\n`,
    );
  }
  process.stderr.write(`error: ${message}\n`);
  if (app && app.invalidParams.length > 1) {
    for (const p of app.invalidParams.slice(0, 50)) process.stderr.write(`  ${p.name}: ${p.reason}\n`);
    if (app.invalidParams.length > 50)
      process.stderr.write(`  … and ${app.invalidParams.length - 50} more\n`);
  }
  if (!app || app.status >= 500) {
    if (process.env.AETHER_DEBUG && error instanceof Error) process.stderr.write(`${error.stack}\n`);
  }
  process.exitCode = app ? (app.status === 409 ? 3 : 2) : 1;
}

/**
 * Wraps a command action so every error is reported the same way. Commander passes the
 * Command itself last; its options (with globals such as --json) decide the error format.
 */
export function action<A extends unknown[]>(
  run: (...args: A) => Promise<void>,
): (...args: A) => Promise<void> {
  return async (...args: A) => {
    const command = args[args.length - 1] as { optsWithGlobals?: () => OutputOptions } | undefined;
    const opts = command?.optsWithGlobals?.() ?? {};
    try {
      await run(...args);
    } catch (e) {
      fail(e, opts);
    }
  };
}

/** A zod rejection of a command's input as InvalidInput, one param per issue, named by its path. */
function invalidInputOfOptions(error: ZodError): InvalidInput {
  const params = error.issues.map((i) => ({
    name: i.path.map(String).join('.') || 'input',
    reason: i.message,
  }));
  return new InvalidInput(params.map((p) => `${p.name}: ${p.reason}`).join('; '), params);
}
