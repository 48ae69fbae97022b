import { InvalidInput } from '../core/errors.ts';

/**
 * A file path as a SQL string literal, for the one place DuckDB takes no bound parameter: the
 * target of `COPY … TO`. Everything else binds values as parameters. The path is resolved by the
 * caller; here control characters are refused and quotes doubled, so the literal cannot end early.
 */
export function filePathLiteral(path: string): string {
  // biome-ignore lint/suspicious/noControlCharactersInRegex: refusing control characters is the point
  if (/[\u0000-\u001f]/.test(path))
    throw new InvalidInput(`output path has control characters: ${JSON.stringify(path)}`);
  return `'${path.replaceAll("'", "''")}'`;
}
