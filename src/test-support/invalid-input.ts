import { expect } from 'vitest';
import { type AppError, InvalidInput } from '../core/errors.ts';

/**
 * The InvalidInput a promise must reject with: its message, and its invalid params keyed by the
 * last path segment of their names (a file's base name), so tests can assert which file, row or
 * column was named and why. Fails the test when the promise resolves or rejects otherwise.
 */
export async function invalidInputOf(
  promise: Promise<unknown>,
): Promise<{ message: string; params: Record<string, string> }> {
  try {
    await promise;
  } catch (e) {
    expect(e).toBeInstanceOf(InvalidInput);
    return {
      message: (e as Error).message,
      params: Object.fromEntries(
        (e as AppError).invalidParams.map((p) => [p.name.split(/[\\/]/).pop() as string, p.reason]),
      ),
    };
  }
  throw new Error('expected an InvalidInput rejection');
}

/** The InvalidInput error itself, as thrown, for tests that assert its message and params as they are. */
export async function invalidInputError(promise: Promise<unknown>): Promise<AppError> {
  try {
    await promise;
  } catch (e) {
    expect(e).toBeInstanceOf(InvalidInput);
    return e as AppError;
  }
  throw new Error('expected the import to fail');
}
