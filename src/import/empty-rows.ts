import type { Store } from '../store/store.ts';
import { quoteIdent, type StagedFile } from './stage-file.ts';

/**
 * Rows with nothing in them are not records: Excel saves rows whose cells were once formatted or
 * cleared as `,,,,,,` at the end of a sheet, and hand-edited files end with a line of spaces. Before,
 * each such row was a "missing value" error (or "truncated or ragged row" when it held fewer
 * delimiters), so a sheet saved from Excel stopped the import. They are now skipped like blank
 * lines: dropped from the staged table (every cell empty or spaces) and from the structural errors
 * (a rejected line of only spaces, delimiters and quotes). Returns the skipped data rows.
 */
export async function dropEmptyRows(
  store: Store,
  staged: StagedFile,
): Promise<{ staged: StagedFile; rows: number[] }> {
  if (staged.format !== 'csv' || staged.columns.length === 0) return { staged, rows: [] };
  const empty = staged.columns.map((c) => `coalesce(trim(${quoteIdent(c)}), '') = ''`).join(' AND ');
  const dropped = await store.query<{ r: number }>(
    `DELETE FROM ${staged.table} WHERE ${empty} RETURNING __row AS r`,
  );
  const delimiter = staged.delimiter ?? ',';
  const blank = (line: string | undefined) =>
    line !== undefined && [...line].every((ch) => ch === delimiter || ch === '"' || /\s/.test(ch));
  const structural = staged.structuralErrors.filter((e) => blank(staged.rejectedLines.get(e.row)));
  const skipped = new Set(structural.map((e) => e.row));
  const rows = [...dropped.map((d) => Number(d.r)), ...skipped].sort((a, b) => a - b);
  if (rows.length === 0) return { staged, rows };
  return {
    staged: {
      ...staged,
      structuralErrors: staged.structuralErrors.filter((e) => !skipped.has(e.row)),
      rejectedLines: new Map([...staged.rejectedLines].filter(([row]) => !skipped.has(row))),
      rowCount: staged.rowCount - rows.length,
    },
    rows,
  };
}
