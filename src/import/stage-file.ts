import { type Stats, statSync } from 'node:fs';
import { basename, extname } from 'node:path';
import { InvalidInput } from '../core/errors.ts';
import { note } from '../core/progress.ts';
import type { Store } from '../store/store.ts';
import { blankLineNumbers } from './blank-lines.ts';
import { firstBytes, notUtf8, prepareSource, type TextEncoding, withLfLineEnds } from './source-file.ts';

export const FILE_FORMATS = ['csv', 'jsonl', 'parquet'] as const;
export type FileFormat = (typeof FILE_FORMATS)[number];

/** A problem with one row of a file: 1-based data row (the CSV header is not a row), column, why. */
export interface RowError {
  row: number;
  column: string;
  reason: string;
}

/** A file loaded as text into a temp table `table` (`__row` plus one VARCHAR column per file column). */
export interface StagedFile {
  file: string;
  format: FileFormat;
  table: string;
  /** The file's column names, in file order. */
  columns: string[];
  /** Rows that could not be parsed at all (ragged, bad quoting, bad encoding, invalid JSON). */
  structuralErrors: RowError[];
  /** Raw text of structurally rejected rows, by row, for a rejects file. */
  rejectedLines: Map<number, string>;
  /** Data rows in the file, parsed or not. */
  rowCount: number;
  /** CSV: the delimiter used (given or found from the header line). */
  delimiter?: string;
  /** CSV: header names written more than once (DuckDB reads the repeats as name_1, name_2, …). */
  duplicateHeaders?: string[];
  /** What was done to the file before reading it ("gunzip", "windows-1252 -> utf-8"); absent: nothing. */
  decoded?: string[];
}

let stageCounter = 0;

/** A table name of our own making; user text never names a table. */
export function tempName(prefix: string): string {
  return `${prefix}_${process.pid}_${++stageCounter}`;
}

/** Quotes an identifier taken from a file header (the only user text that appears in SQL text). */
export function quoteIdent(name: string): string {
  return `"${name.replaceAll('"', '""')}"`;
}

export function detectFormat(file: string, explicit?: string): FileFormat {
  if (explicit) {
    if (!(FILE_FORMATS as readonly string[]).includes(explicit)) {
      throw new InvalidInput(`unknown format "${explicit}" (use csv, jsonl or parquet)`, [
        { name: 'format', reason: 'must be csv, jsonl or parquet' },
      ]);
    }
    return explicit as FileFormat;
  }
  // orders.csv.gz is a CSV file compressed: the format is the extension under .gz.
  const ext = extname(file.replace(/\.gz$/i, '')).toLowerCase();
  // .tsv is read as CSV; its tab delimiter is found from the header line.
  if (ext === '.csv' || ext === '.txt' || ext === '.tsv') return 'csv';
  if (ext === '.jsonl' || ext === '.ndjson' || ext === '.json') return 'jsonl';
  if (ext === '.parquet' || ext === '.pq') return 'parquet';
  if (SPREADSHEET_EXTENSIONS.includes(ext))
    throw new InvalidInput(
      `${basename(file)} is a spreadsheet workbook, which is not read directly: save the sheet as CSV (in Excel: File > Save As > CSV UTF-8) and import that`,
      [{ name: 'format', reason: 'spreadsheet workbook; save it as CSV' }],
    );
  // A directory or a missing path has no format to tell: said as such (stageFile checks the rest).
  checkFile(file);
  throw new InvalidInput(
    `cannot tell the format of ${basename(file)} from its extension; pass --format csv|jsonl|parquet`,
    [{ name: 'format', reason: 'required for this file name' }],
  );
}

const SPREADSHEET_EXTENSIONS = ['.xlsx', '.xlsm', '.xls', '.ods', '.numbers'];

/**
 * Checks the file exists, is a file and is not empty, in words: a missing path is "no such file",
 * a directory is named as one (Node's own "ENOENT: no such file or directory, open …" was the message).
 */
export function checkFile(file: string): void {
  let st: Stats;
  try {
    st = statSync(file);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    if (code === 'ENOENT' || code === 'ENOTDIR')
      throw new InvalidInput(`no such file: ${file}`, [{ name: 'file', reason: `no such file: ${file}` }]);
    throw new InvalidInput(`cannot read ${file}: ${code ?? (e as Error).message}`, [
      { name: 'file', reason: 'not readable' },
    ]);
  }
  if (st.isDirectory())
    throw new InvalidInput(`${file} is a directory, not a file: give the path of the file to import`, [
      { name: 'file', reason: `a directory, not a file: ${file}` },
    ]);
  if (!st.isFile())
    throw new InvalidInput(`${file} is not a regular file`, [{ name: 'file', reason: 'not a regular file' }]);
  if (st.size === 0)
    throw new InvalidInput(`${file} is empty`, [{ name: `${file}:1:*`, reason: 'empty file' }]);
}

/**
 * Checks text ready to read (`path`, decompressed and re-encoded if need be) is UTF-8 and not
 * binary; messages name the user's `file`.
 */
function checkText(file: string, path: string, format: FileFormat): void {
  if (statSync(path).size === 0)
    throw new InvalidInput(`${file} is empty`, [{ name: `${file}:1:*`, reason: 'empty file' }]);
  const head = firstBytes(path, 4096);
  // Only a byte order mark or blank lines (an export of nothing): read, it came out as a header
  // "column0" that is an unknown column while the real ones are missing.
  if (
    statSync(path).size <= head.length &&
    head
      .toString('utf8')
      .replace(/^\uFEFF/, '')
      .trim() === ''
  )
    throw new InvalidInput(`${file} is empty (only blank lines or a byte order mark)`, [
      { name: `${file}:1:*`, reason: 'empty file' },
    ]);
  // Another kind of file under a text name: say which, rather than "NUL bytes".
  const magic = head.subarray(0, 4).toString('latin1');
  if (magic === 'PK\x03\x04')
    throw new InvalidInput(
      `${file} is a ZIP archive, not ${format.toUpperCase()} text (an Excel workbook saved under this name?): save the sheet as CSV, or unzip it first`,
      [{ name: `${file}:1:*`, reason: 'a ZIP archive (xlsx?), not text' }],
    );
  if (magic === 'PAR1')
    throw new InvalidInput(
      `${file} is a Parquet file, not ${format.toUpperCase()} text: pass --format parquet`,
      [{ name: `${file}:1:*`, reason: 'a Parquet file: --format parquet' }],
    );
  // A web page saved under the export's name (a login page, a download link's error page).
  if (
    /^\s*<(!doctype html|html|head|body)[\s>]/i.test(
      head
        .subarray(0, 512)
        .toString('utf8')
        .replace(/^\uFEFF/, ''),
    )
  )
    throw new InvalidInput(
      `${file} is an HTML page, not ${format.toUpperCase()} data (a login or error page saved instead of the export?): download the export again`,
      [{ name: `${file}:1:*`, reason: 'an HTML page, not data' }],
    );
  if (head.includes(0)) {
    // UTF-16 text of Latin letters has a NUL in every other byte, on one side; other binary files
    // (an image, a database, a renamed archive) do not, and pointing them to --encoding misleads.
    let even = 0;
    let odd = 0;
    for (let i = 0; i < head.length; i++) if (head[i] === 0) i % 2 === 0 ? even++ : odd++;
    const utf16 = Math.max(even, odd) >= head.length / 4 && Math.min(even, odd) <= Math.max(even, odd) / 10;
    throw new InvalidInput(
      utf16
        ? `${file} is not ${format.toUpperCase()} text (NUL bytes: a binary file, or UTF-16 without a byte order mark: pass --encoding ${odd > even ? 'utf-16le' : 'utf-16be'})`
        : `${file} is not ${format.toUpperCase()} text (NUL bytes: a binary file, not a text export; export the data as CSV, JSON Lines or Parquet)`,
      [{ name: `${file}:1:*`, reason: 'wrong encoding: expected text' }],
    );
  }
  const bad = notUtf8(path);
  if (bad) {
    // Line 1 is the CSV header; data row n sits on line n + 1. JSON Lines: row n is line n.
    const row = format === 'csv' ? bad.line - 1 : bad.line;
    const byte = `0x${bad.byte.toString(16).toUpperCase().padStart(2, '0')}`;
    throw new InvalidInput(
      `${file} is not UTF-8 text: line ${bad.line} has the byte ${byte}, which UTF-8 does not allow there. ` +
        'It is probably Windows-1252 / Latin-1 (Excel\'s "CSV" on Windows): pass --encoding windows-1252, or save the file as UTF-8',
      [
        {
          name: `${file}:${row}:*`,
          reason: `wrong encoding: not valid UTF-8 (byte ${byte}; try --encoding windows-1252)`,
        },
      ],
    );
  }
}

/**
 * Loads a file into a staging table, every value as text, so validation happens in SQL with row
 * numbers and reasons instead of the reader's first exception. The path always travels as a
 * bound parameter (`read_csv($1, …)`, `read_text($1)`, `read_parquet($1, …)`); DuckDB accepts
 * parameters in table-function arguments, so no path is ever pasted into SQL text.
 */
export async function stageFile(
  store: Store,
  file: string,
  format: FileFormat,
  options: { delimiter?: string; encoding?: TextEncoding } = {},
): Promise<StagedFile> {
  checkFile(file);
  const source = await prepareSource(file, format !== 'parquet', options.encoding);
  const table = tempName('import_stage');
  try {
    const path = source.path;
    if (format !== 'parquet') checkText(file, path, format);
    const steps = [...source.steps];
    const staged =
      format === 'csv'
        ? await stageCsvAnyLineEnds(
            store,
            file,
            path,
            table,
            checkDelimiter(options.delimiter) ?? excelSeparator(path) ?? sniffDelimiter(path),
            steps,
          )
        : format === 'jsonl'
          ? await stageJsonl(store, file, path, table)
          : await stageParquet(store, file, table);
    return steps.length ? { ...staged, decoded: steps } : staged;
  } catch (e) {
    await store.run(`DROP TABLE IF EXISTS ${table}`);
    if (e instanceof InvalidInput) throw e;
    const first = (e as Error).message.split('\n')[0];
    throw new InvalidInput(`${file}: cannot be read as ${format.toUpperCase()}: ${first}`, [
      { name: `${file}:1:*`, reason: `unreadable ${format}: ${first}` },
    ]);
  } finally {
    source.dispose();
  }
}

/**
 * Names the staging reserves for itself: `__row` (the data row number every check reports) and
 * the CSV reader's row key. A file column of that name (DuckDB compares names without case) would
 * be silently replaced or dropped, so it is refused by name instead. Parquet's `file_row_number`
 * too: the reader's own row number would shadow it.
 */
const ROW_KEY = '__stage_row_key';
/** The longest CSV line read (DuckDB's default is 2 MB; its read buffer is kept at twice the line). */
const MAX_LINE_BYTES = 64 * 2 ** 20;
const RESERVED = ['__row', ROW_KEY];

function refuseReserved(file: string, columns: string[], alsoReserved: string[] = []): void {
  const reserved = [...RESERVED, ...alsoReserved];
  const hits = columns.filter((c) => reserved.includes(c.toLowerCase()));
  if (hits.length === 0) return;
  throw new InvalidInput(
    `${file}: column name ${hits.map((h) => JSON.stringify(h)).join(', ')} is reserved by the importer; rename the column in the file`,
    hits.map((h) => ({ name: `${file}:header:${h}`, reason: 'reserved column name; rename it' })),
  );
}

async function describe(store: Store, table: string): Promise<string[]> {
  const rows = await store.query<{ column_name: string }>(`DESCRIBE ${table}`);
  return rows.map((r) => r.column_name);
}

export const CSV_DELIMITERS = [',', ';', '\t', '|'] as const;

function checkDelimiter(delimiter: string | undefined): string | undefined {
  if (delimiter === undefined) return undefined;
  const d = delimiter === '\\t' || delimiter.toLowerCase() === 'tab' ? '\t' : delimiter;
  if (!(CSV_DELIMITERS as readonly string[]).includes(d)) {
    throw new InvalidInput(`--delimiter must be one of , ; tab |, not ${JSON.stringify(delimiter)}`, [
      { name: 'delimiter', reason: 'one of , ; tab |' },
    ]);
  }
  return d;
}

/**
 * The delimiter of a CSV file from its header line: the candidate (, ; tab |) that occurs most often
 * outside quotes, a comma on a tie or when none occurs. Semicolons are the norm where the comma is
 * the decimal mark (Excel in most of Europe), tabs in database exports; the header decides because
 * header names rarely hold delimiters, while values may ("2,5" in a semicolon file).
 */
export function sniffDelimiter(file: string): string {
  const text = readHead(file);
  const counts = new Map<string, number>(CSV_DELIMITERS.map((d) => [d, 0]));
  let quoted = false;
  for (const ch of text) {
    if (ch === '"') quoted = !quoted;
    else if (!quoted && (ch === '\n' || ch === '\r')) break;
    else if (!quoted && counts.has(ch)) counts.set(ch, (counts.get(ch) as number) + 1);
  }
  let best = ',';
  for (const [d, n] of counts) if (n > (counts.get(best) as number)) best = d;
  return best;
}

/**
 * Excel writes (and reads) a first line `sep=;` naming the delimiter; the header follows on line 2.
 * Only the delimiters we accept count.
 */
const EXCEL_SEP = /^sep=([,;\t|])\r?\n/i;

function excelSeparator(file: string): string | undefined {
  return EXCEL_SEP.exec(readHead(file, false))?.[1];
}

/** At most this many title lines are looked for above a header. */
const MAX_TITLE_LINES = 10;

/**
 * Lines above the header: Excel's `sep=;` line, or a report's title lines ("Campaign report Q3
 * 2026", blank lines) that hold none of the delimiters, above a line that holds one. Without
 * this the title was read as a one-column header and every row as ragged.
 */
export function preambleLines(file: string): number {
  const text = readHead(file, false);
  if (EXCEL_SEP.test(text)) return 1;
  const lines = text.split(/\r\n|\n|\r/).slice(0, MAX_TITLE_LINES + 2);
  const delimited = (line: string) => CSV_DELIMITERS.some((d) => line.includes(d));
  let k = 0;
  while (k < lines.length - 1 && k < MAX_TITLE_LINES && !delimited(lines[k] as string)) k++;
  // None, or no delimited line followed (a one-column file): nothing to skip.
  return k < lines.length - 1 && delimited(lines[k] as string) ? k : 0;
}

/** The first 64 KiB of a text file, without a UTF-8 byte order mark (nor the lines above the header, by default). */
function readHead(file: string, dropPreamble = true): string {
  const text = firstBytes(file, 65536)
    .toString('utf8')
    .replace(/^\uFEFF/, '');
  if (!dropPreamble) return text;
  const skip = preambleLines(file);
  if (skip === 0) return text;
  const lineBreak = /\r\n|\n|\r/g;
  for (let k = 0; k < skip; k++) if (!lineBreak.exec(text)) return '';
  return text.slice(lineBreak.lastIndex);
}

/** The header record's column names as DuckDB would name them: trimmed, empty ones numbered, repeats suffixed. */
export function headerNames(file: string, delimiter: string): string[] {
  const seen = new Set<string>();
  return headerFields(file, delimiter).map((f, i) => {
    const base = f || `column${i}`;
    let name = base;
    for (let k = 1; seen.has(name); k++) name = `${base}_${k}`;
    seen.add(name);
    return name;
  });
}

/** The header record's fields as written (trimmed). */
function headerFields(file: string, delimiter: string): string[] {
  const text = readHead(file);
  const fields: string[] = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i];
    if (quoted) {
      if (ch === '"' && text[i + 1] === '"') {
        field += '"';
        i++;
      } else if (ch === '"') quoted = false;
      else field += ch;
    } else if (ch === '"') quoted = true;
    else if (ch === delimiter) {
      fields.push(field);
      field = '';
    } else if (ch === '\n' || ch === '\r') break;
    else field += ch;
  }
  fields.push(field);
  return fields.map((f) => f.trim());
}

/**
 * stageCsv, and when DuckDB refuses the whole file for its mixed line ends (CRLF and LF, or a lone
 * CR among them: "The CSV Parser state machine reached an invalid state", no line named), again on
 * a copy with LF line ends (withLfLineEnds), said on stderr and in `steps`.
 */
async function stageCsvAnyLineEnds(
  store: Store,
  file: string,
  path: string,
  table: string,
  delimiter: string,
  steps: string[],
): Promise<StagedFile> {
  try {
    return await stageCsv(store, file, path, table, delimiter);
  } catch (e) {
    if (!/state machine reached an invalid state/i.test((e as Error).message)) throw e;
  }
  const lf = await withLfLineEnds(file, path);
  try {
    note(`import: ${basename(file)}: line ends are mixed (CRLF, LF or CR); read with every line end as LF`);
    steps.push(...lf.steps);
    return await stageCsv(store, file, lf.path, table, delimiter);
  } finally {
    lf.dispose();
  }
}

async function stageCsv(
  store: Store,
  file: string,
  path: string,
  table: string,
  delimiter: string,
): Promise<StagedFile> {
  // Lines before the header (Excel's sep= line): DuckDB skips them but counts them in reject lines.
  const skip = preambleLines(path);
  if (skip > 0 && excelSeparator(path) === undefined)
    note(
      `import: ${basename(file)}: ${skip} line(s) above the header skipped (a title?): ${JSON.stringify(
        readHead(path, false)
          .split(/\r\n|\n|\r/)[0]
          ?.slice(0, 60),
      )}`,
    );
  const raw = tempName('import_raw');
  const rejects = tempName('import_rejects');
  const scan = tempName('import_scan');
  try {
    // store_rejects keeps going past ragged or badly encoded lines and records each with its line.
    const read = (dialect: string) =>
      store.run(
        `CREATE TEMP TABLE ${raw} AS SELECT * FROM read_csv($1, header = true, delim = $2, quote = '"',
           escape = '"', store_rejects = true, rejects_table = '${rejects}', rejects_scan = '${scan}',
           skip = ${skip}, ${dialect})`,
        [path, delimiter],
      );
    // A line longer than DuckDB's default 2 MB (a JSON blob in a cell) stopped the read with "CSV
    // Error on Line: 1", whichever line it was. Such a file is read again with room for that line,
    // up to MAX_LINE_BYTES (the reader's buffer grows with it).
    let lineLimit = '';
    const readText = async () => {
      try {
        await read(`all_varchar = true${lineLimit}`);
      } catch (e) {
        const long = /Maximum line size of \d+ bytes exceeded\. Actual Size:\s*(\d+) bytes/.exec(
          (e as Error).message,
        );
        if (!long || lineLimit) throw e;
        const bytes = Number(long[1]);
        if (bytes > MAX_LINE_BYTES)
          throw new InvalidInput(
            `${file}: a line of ${(bytes / 2 ** 20).toFixed(1)} MiB is longer than the ${MAX_LINE_BYTES / 2 ** 20} MiB a CSV line may have; is one column a whole document? Leave it out of the export`,
            [{ name: `${file}:*:*`, reason: `line longer than ${MAX_LINE_BYTES / 2 ** 20} MiB` }],
          );
        for (const t of [raw, rejects, scan]) await store.run(`DROP TABLE IF EXISTS ${t}`);
        const limit = Math.min(MAX_LINE_BYTES, 2 * bytes);
        lineLimit = `, max_line_size = ${limit}, buffer_size = ${Math.max(32 * 2 ** 20, 2 * limit)}`;
        await read(`all_varchar = true${lineLimit}`);
      }
    };
    try {
      await readText();
    } catch (e) {
      if (!/Error when sniffing file/.test((e as Error).message)) throw e;
      // DuckDB's sniffer gives up on some damaged files (an unterminated quote on the last line of a
      // truncated file) before reading a row. Read them with the header's own names instead, so the
      // damaged rows are reported by line like any other. The names enter SQL as quoted identifiers.
      for (const t of [rejects, scan]) await store.run(`DROP TABLE IF EXISTS ${t}`);
      const columns = headerNames(path, delimiter).map((n) => `${quoteIdent(n)} := 'VARCHAR'`);
      await read(`auto_detect = false, columns = struct_pack(${columns.join(', ')})${lineLimit}`);
    }
    // A header that ends with the delimiter ("id,arm,y,") names one more column than any row has:
    // every row was "truncated or ragged". Read it with the header's names up to the last one
    // written; rows that really miss a field are still reported.
    const fields = headerFields(path, delimiter);
    let trailing = 0;
    while (trailing < fields.length - 1 && fields[fields.length - 1 - trailing] === '') trailing++;
    if (trailing > 0) {
      const [{ accepted, missing, others }] = await store.query<{
        accepted: number;
        missing: number;
        others: number;
      }>(
        `SELECT (SELECT count(*) FROM ${raw})::INTEGER AS accepted,
           (SELECT count(DISTINCT line) FROM ${rejects} WHERE error_type = 'MISSING COLUMNS')::INTEGER AS missing,
           (SELECT count(DISTINCT line) FROM ${rejects} WHERE error_type <> 'MISSING COLUMNS')::INTEGER AS others`,
      );
      if (Number(accepted) === 0 && Number(missing) > 0 && Number(missing) >= Number(others)) {
        for (const t of [raw, rejects, scan]) await store.run(`DROP TABLE IF EXISTS ${t}`);
        const names = headerNames(path, delimiter).slice(0, fields.length - trailing);
        await read(
          `auto_detect = false, columns = struct_pack(${names.map((n) => `${quoteIdent(n)} := 'VARCHAR'`).join(', ')})${lineLimit}`,
        );
        note(
          `import: ${basename(file)}: the header ends with ${trailing === 1 ? 'a delimiter' : `${trailing} delimiters`} that no row has; read without the empty column name`,
        );
      }
    }
    const rejected = await store.query<{
      line: number;
      column_name: string | null;
      error_type: string;
      msg: string;
      csv_line: string;
    }>(
      `SELECT line, any_value(column_name) AS column_name, string_agg(DISTINCT error_type, ', ') AS error_type,
         any_value(error_message) AS msg, any_value(csv_line) AS csv_line
       FROM ${rejects} GROUP BY line ORDER BY line`,
    );
    const columns = await describe(store, raw);
    refuseReserved(file, columns);
    const structuralErrors: RowError[] = [];
    const rejectedLines = new Map<number, string>();
    for (const r of rejected) {
      // Line 1 is the header; data row n sits on line n + 1 (one line per record).
      const row = Number(r.line) - 1 - skip;
      structuralErrors.push({ row, column: r.column_name ?? '*', reason: csvReason(r.error_type, r.msg) });
      rejectedLines.set(row, r.csv_line);
    }
    const [{ n }] = await store.query<{ n: number }>(`SELECT count(*) AS n FROM ${raw}`);
    // Accepted rows keep file order (insertion order is preserved); number them around the rejected
    // ones and around the blank lines, which DuckDB skips but counts in its line numbers.
    const skipped = rejected.map((r) => Number(r.line) - 1 - skip);
    const blanks = blankLineNumbers(path)
      .map((line) => line - 1 - skip)
      .filter((row) => row >= 1);
    if (skipped.length === 0 && blanks.length === 0)
      // Every line read: row k (0-based, insertion order) is data row k + 1. No numbering window,
      // join or sort, each of which cost a pass over the whole text of a file of millions of rows.
      await store.run(`CREATE TEMP TABLE ${table} AS SELECT rowid + 1 AS __row, * FROM ${raw}`);
    else
      await store.run(
        `CREATE TEMP TABLE ${table} AS
       WITH numbers AS (
         SELECT row_number() OVER (ORDER BY r) - 1 AS k, r AS __row
         FROM range(1, $1 + 1) t(r) WHERE r NOT IN (SELECT unnest($2::BIGINT[]))
       )
       SELECT m.__row, s.* EXCLUDE (${ROW_KEY}) FROM (SELECT rowid AS ${ROW_KEY}, * FROM ${raw}) s
       JOIN numbers m ON m.k = s.${ROW_KEY} ORDER BY m.__row`,
        [n + skipped.length + blanks.length, `[${[...skipped, ...blanks].join(',')}]`],
      );
    return {
      file,
      format: 'csv',
      table,
      columns,
      structuralErrors,
      rejectedLines,
      rowCount: n + skipped.length,
      delimiter,
      duplicateHeaders: [
        // DuckDB compares names without case: "Age" then "age" reads the second as age_1.
        ...new Set(
          headerFields(path, delimiter).filter(
            (f, i, all) => f !== '' && all.findIndex((g) => g.toLowerCase() === f.toLowerCase()) !== i,
          ),
        ),
      ],
    };
  } finally {
    await store.run(`DROP TABLE IF EXISTS ${raw}`);
    await store.run(`DROP TABLE IF EXISTS ${rejects}`);
    await store.run(`DROP TABLE IF EXISTS ${scan}`);
  }
}

function csvReason(type: string, message: string): string {
  if (/MISSING COLUMNS/.test(type)) return `truncated or ragged row: ${message.toLowerCase()}`;
  if (/TOO MANY COLUMNS/.test(type)) return `ragged row: ${message.toLowerCase()}`;
  if (/INVALID ENCODING/.test(type)) return 'wrong encoding: not valid UTF-8';
  if (/UNQUOTED/.test(type)) return 'unterminated or misplaced quote (truncated file?)';
  return `${type.toLowerCase()}: ${message}`;
}

async function stageJsonl(store: Store, file: string, path: string, table: string): Promise<StagedFile> {
  const lines = tempName('import_lines');
  // A UTF-8 byte order mark (Windows tools write one) is not part of the first record.
  // A .json file may hold one JSON array of records instead of one record a line (pandas'
  // to_json(orient="records"), most API exports); then row n is the array's n-th element.
  const array = readHead(path, false).trimStart().startsWith('[');
  try {
    try {
      await store.run(
        array
          ? `CREATE TEMP TABLE ${lines} AS
             SELECT generate_subscripts(parts, 1) AS __row, unnest(parts)::VARCHAR AS line
             FROM (SELECT from_json(ltrim(content, chr(65279)), '["JSON"]') AS parts FROM read_text($1))`
          : `CREATE TEMP TABLE ${lines} AS
             SELECT generate_subscripts(parts, 1) AS __row, rtrim(unnest(parts), chr(13)) AS line
             FROM (SELECT string_split(ltrim(content, chr(65279)), chr(10)) AS parts FROM read_text($1))`,
        [path],
      );
    } catch (e) {
      const malformed = /Malformed JSON at byte (\d+)[^:]*: ([^.]*)/.exec((e as Error).message);
      if (array && malformed)
        throw new InvalidInput(
          `${file} is a JSON array that does not parse: ${malformed[2]} at byte ${malformed[1]} (a truncated file?); nothing was imported`,
          [{ name: `${file}:*:*`, reason: `malformed JSON array: ${malformed[2]} at byte ${malformed[1]}` }],
        );
      if (/UTF-8/i.test((e as Error).message)) {
        throw new InvalidInput(`${file} is not valid UTF-8 text; save it as UTF-8 JSON Lines`, [
          { name: `${file}:1:*`, reason: 'wrong encoding: expected UTF-8' },
        ]);
      }
      throw e;
    }
    // A trailing newline leaves an empty last element; blank lines are not records.
    await store.run(`DELETE FROM ${lines} WHERE trim(line) = ''`);
    const bad = await store.query<{ __row: number; line: string; valid: boolean }>(
      `SELECT __row, line, json_valid(line) AS valid FROM ${lines}
       WHERE NOT json_valid(line) OR json_type(line) <> 'OBJECT' ORDER BY __row`,
    );
    const structuralErrors = bad.map((b) => ({
      row: Number(b.__row),
      column: '*',
      reason: b.valid ? 'not a JSON object' : 'not valid JSON (truncated line?)',
    }));
    const rejectedLines = new Map(bad.map((b) => [Number(b.__row), b.line]));
    // Columns in order of first appearance: the first line that has a key, then its place in that line.
    const keys = await store.query<{ key: string }>(
      `SELECT key FROM (
         SELECT unnest(json_keys(line)) AS key, generate_subscripts(json_keys(line), 1) AS pos, __row FROM ${lines}
         WHERE json_valid(line) AND json_type(line) = 'OBJECT')
       GROUP BY key ORDER BY min(__row), arg_min(pos, __row), key`,
    );
    const columns = keys.map((k) => k.key);
    // pandas' to_json() by default writes one object per column ({"id": {"0": 7, "1": 9}, …}): one
    // record of nested objects, which read as one row of JSON text. Name it instead.
    const [shape] = await store.query<{ records: number; nested: boolean | null }>(
      `SELECT (SELECT count(*) FROM ${lines})::INTEGER AS records,
         (SELECT bool_and(json_type(v) = 'OBJECT') FROM (SELECT unnest(json_extract(line, '$.*')) AS v FROM ${lines}
          WHERE json_valid(line) AND json_type(line) = 'OBJECT')) AS nested`,
    );
    // An empty array (an API export of no records): said as such, not as missing columns.
    if (Number(shape?.records) === 0)
      throw new InvalidInput(
        `${file} has no records (${array ? 'an empty JSON array' : 'only blank lines'}); nothing was imported`,
        [{ name: `${file}:*:*`, reason: 'no records' }],
      );
    if (Number(shape?.records) === 1 && shape?.nested === true && columns.length > 1)
      throw new InvalidInput(
        `${file} holds one object per column (pandas' to_json() default), not one per row: write it with ` +
          `to_json(orient="records", lines=True) or as CSV`,
        [{ name: `${file}:1:*`, reason: 'column-oriented JSON: one object per column' }],
      );
    refuseReserved(file, columns);
    // Each key is a bound JSON pointer ('/name'), so no key text enters the SQL except as a quoted alias.
    const params = columns.map((c) => `/${c.replaceAll('~', '~0').replaceAll('/', '~1')}`);
    const select = columns.map((c, i) => `json_extract_string(line, $${i + 1}) AS ${quoteIdent(c)}`);
    await store.run(
      `CREATE TEMP TABLE ${table} AS SELECT __row${select.length ? ', ' : ''}${select.join(', ')} FROM ${lines}
       WHERE json_valid(line) AND json_type(line) = 'OBJECT' ORDER BY __row`,
      params,
    );
    const [{ n }] = await store.query<{ n: number }>(`SELECT count(*) AS n FROM ${lines}`);
    return { file, format: 'jsonl', table, columns, structuralErrors, rejectedLines, rowCount: n };
  } finally {
    await store.run(`DROP TABLE IF EXISTS ${lines}`);
  }
}

async function stageParquet(store: Store, file: string, table: string): Promise<StagedFile> {
  const described = await store.query<{ column_name: string }>('DESCRIBE SELECT * FROM read_parquet($1)', [
    file,
  ]);
  const columns = described.map((d) => d.column_name);
  refuseReserved(file, columns, ['file_row_number']);
  const select = columns.map((c) => `CAST(${quoteIdent(c)} AS VARCHAR) AS ${quoteIdent(c)}`);
  await store.run(
    `CREATE TEMP TABLE ${table} AS SELECT file_row_number + 1 AS __row${select.length ? ', ' : ''}${select.join(', ')}
     FROM read_parquet($1, file_row_number = true) ORDER BY __row`,
    [file],
  );
  const [{ n }] = await store.query<{ n: number }>(`SELECT count(*) AS n FROM ${table}`);
  return {
    file,
    format: 'parquet',
    table,
    columns,
    structuralErrors: [],
    rejectedLines: new Map(),
    rowCount: n,
  };
}
