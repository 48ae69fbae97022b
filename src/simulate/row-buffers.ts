import { TABLE_KEYS } from './tables.ts';

/** CSV lines per table for one chunk of customers, ready to append to the table files. */
export class RowBuffers {
  readonly lines: Record<string, string[]> = {};

  constructor() {
    for (const k of TABLE_KEYS) this.lines[k] = [];
  }

  add(key: string, line: string): void {
    this.lines[key]!.push(line);
  }

  /** Each table's lines as one newline-terminated string (empty when none), with row counts. */
  drain(): { text: Record<string, string>; rows: Record<string, number> } {
    const text: Record<string, string> = {};
    const rows: Record<string, number> = {};
    for (const k of TABLE_KEYS) {
      const l = this.lines[k]!;
      rows[k] = l.length;
      text[k] = l.length ? `${l.join('\n')}\n` : '';
      this.lines[k] = [];
    }
    return { text, rows };
  }
}
