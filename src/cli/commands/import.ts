import type { Command } from 'commander';
import { InvalidInput, NotFound } from '../../core/errors.ts';
import type { FeatureBalance } from '../../import/balance.ts';
import { type ExperimentSummary, importExperiment, listExperiments } from '../../import/experiment.ts';
import {
  describeProposal,
  profileExperimentColumns,
  proposeExperimentRoles,
} from '../../import/experiment-roles.ts';
import { importTable, type OnError } from '../../import/import-table.ts';
import { IMPORTABLE_TABLES } from '../../import/table-specs.ts';
import { openStore } from '../../store/open.ts';
import { action, emit } from '../output.ts';
import { withStore } from '../with-store.ts';

interface ImportCliOptions {
  db?: string;
  json?: boolean;
  format?: string;
  onError?: string;
  rejects?: string;
  treatment?: string;
  control?: string;
  outcome?: string;
  revenue?: string;
  id?: string;
  splitColumn?: string;
  testValue?: string;
  exclude?: string;
  name?: string;
  delimiter?: string;
  encoding?: string;
  decimalComma?: boolean;
  keepImbalanced?: boolean;
  dropArms?: string;
  strata?: string;
  propensity?: string;
  map?: string[];
  set?: string[];
  valueMap?: string[];
  controlWhen?: string;
  dateFormat?: string;
  timezone?: string;
}

export function registerImport(program: Command): void {
  program
    .command('import')
    .description(
      `Import a CSV, JSON Lines or Parquet file into an event table (${IMPORTABLE_TABLES.join(', ')}), ` +
        'or, with TABLE = experiment, one randomised experiment as a flat file',
    )
    .argument('<table>', 'an event table, or "experiment"')
    .argument('<file>', 'the file to import')
    .option('--db <path>', 'database file (default $AETHER_DB or ./data/aether.duckdb)')
    .option('--format <format>', 'csv | jsonl | parquet (default: from the file extension)')
    .option('--delimiter <char>', 'CSV delimiter: , ; tab | (default: found from the header line)')
    .option(
      '--encoding <name>',
      'text encoding: utf-8 | windows-1252 | latin-1 | utf-16le | utf-16be (default utf-8; UTF-16 with a byte order mark is found by itself; .gz files are decompressed)',
    )
    .option(
      '--on-error <mode>',
      'abort (default: a file with any bad row loads nothing) | skip (load good rows)',
      'abort',
    )
    .option('--rejects <file>', 'with --on-error skip: write the rejected rows and reasons here (JSON Lines)')
    .option(
      '--map <pairs>',
      'table import: table_column=FileColumn,… for a file with its own column names (e.g. order_id=InvoiceNo,ordered_at=InvoiceDate); file columns not named are left out; may repeat',
      (value: string, previous: string[] = []) => [...previous, value],
    )
    .option(
      '--set <pairs>',
      'table import: table_column=value,… one value for every row of a column the file lacks (e.g. page_type=product); may repeat',
      (value: string, previous: string[] = []) => [...previous, value],
    )
    .option(
      '--value-map <pairs>',
      'table import: column:FileValue=value,… which file value means which of ours, e.g. an e-mail tool\'s variants as triggers and its empty holdout variant as control: "arm:A - 15% off=discount,arm:=control"; may repeat',
      (value: string, previous: string[] = []) => [...previous, value],
    )
    .option(
      '--control-when <pair>',
      'table import (campaign_exposures): FileColumn=value marking the holdout group, whose rows are the control arm whatever their variant (e.g. Holdout=TRUE, in_control_group=true)',
    )
    .option(
      '--date-format <format>',
      'table import: how non-ISO dates are written when the values leave it open: MM/DD/YYYY | DD/MM/YYYY | MM-DD-YYYY | DD-MM-YYYY | DD.MM.YYYY | YYYY/MM/DD',
    )
    .option(
      '--timezone <zone>',
      'table import: timestamps written without an offset are local times of this IANA zone (e.g. America/New_York, Europe/London), converted to UTC; values with an offset or Z keep it (default: UTC)',
    )
    .option('--treatment <col>', 'experiment: the column with the arm label')
    .option('--control <value>', 'experiment: the arm label of the control group')
    .option('--outcome <col>', 'experiment: the outcome column (binary or numeric)')
    .option('--revenue <col>', 'experiment: a revenue column')
    .option('--id <col>', 'experiment: a unique row id column')
    .option('--split-column <col>', 'experiment: a column of train/test that fixes the held-out rows')
    .option(
      '--test-value <values>',
      'experiment: comma-separated values of the split column that mark the held-out rows when it is not train/test (e.g. 1 for is_test); the others train',
    )
    .option('--exclude <cols>', 'experiment: comma-separated columns that are not features')
    .option('--name <name>', 'experiment: a name (default: the file name)')
    .option(
      '--drop-arms <labels>',
      'experiment: comma-separated arm labels whose rows are left out (e.g. an arm too small to learn)',
    )
    .option('--decimal-comma', 'numbers are written 1.234,50 / 12,5 (default: 1,234.50 / 12.5)')
    .option(
      '--keep-imbalanced',
      'experiment: keep features that differ between arms far beyond chance (default: excluded as post-treatment)',
    )
    .option(
      '--strata <cols>',
      "experiment: comma-separated columns the test was randomised within at different rates (e.g. country): each row's assignment probability is its arm's share of its stratum",
    )
    .option(
      '--propensity <col>',
      "experiment: a column with each row's probability of the arm it received (0 < p <= 1)",
    )
    .option('--json', 'print one JSON document')
    .addHelpText(
      'after',
      '\nExamples:\n  aether import customers customers.csv\n  aether import orders orders.parquet --on-error skip --rejects rejects.jsonl\n' +
        '  aether import order_items online_retail.csv --map order_id=InvoiceNo,product_id=StockCode,quantity=Quantity,unit_price=UnitPrice\n' +
        '  aether import campaign_exposures send_log.csv --map "campaign_id=Campaign ID,customer_id=Email,arm=Variant,sent_at=Event Time" --value-map "arm:A - 15% off=discount,arm:=control"\n' +
        '  aether import experiment hillstrom.csv --treatment segment --control "No E-Mail" --outcome conversion --revenue spend --exclude visit\n' +
        '  aether experiments show exp_0001',
    )
    .action(
      action(async (table: string, file: string, opts: ImportCliOptions) => {
        if (opts.onError !== 'abort' && opts.onError !== 'skip') {
          throw new InvalidInput(`--on-error must be abort or skip, not "${opts.onError}"`, [
            { name: 'on-error', reason: 'abort | skip' },
          ]);
        }
        if (table === 'experiment') {
          const tableOnly = (
            ['map', 'set', 'valueMap', 'controlWhen', 'dateFormat', 'timezone'] as const
          ).filter((k) => opts[k] !== undefined);
          const flag = {
            map: '--map',
            set: '--set',
            valueMap: '--value-map',
            controlWhen: '--control-when',
            dateFormat: '--date-format',
            timezone: '--timezone',
          };
          if (tableOnly.length)
            throw new InvalidInput(
              `${tableOnly.map((k) => flag[k]).join(', ')} apply to table imports; import experiment takes the file's own column names (--treatment COL …)`,
              tableOnly.map((k) => ({ name: k, reason: 'not for import experiment' })),
            );
          const missing = (['treatment', 'control', 'outcome'] as const).filter((k) => opts[k] === undefined);
          if (missing.length) {
            // Read the file (in memory: nothing is written) to say which of its columns fit.
            const hint = await proposeRolesHint(file, opts).catch(() => '');
            throw new InvalidInput(
              `import experiment needs ${missing.map((m) => `--${m}`).join(', ')}${hint}`,
              missing.map((m) => ({ name: m, reason: 'required' })),
            );
          }
          const result = await withStore(opts, (store) =>
            importExperiment(store, file, {
              treatment: opts.treatment as string,
              control: opts.control as string,
              outcome: opts.outcome as string,
              revenue: opts.revenue,
              id: opts.id,
              split: opts.splitColumn,
              testValues: opts.testValue
                ? opts.testValue
                    .split(',')
                    .map((s) => s.trim())
                    .filter(Boolean)
                : undefined,
              exclude: opts.exclude
                ? opts.exclude
                    .split(',')
                    .map((s) => s.trim())
                    .filter(Boolean)
                : [],
              name: opts.name,
              format: opts.format,
              delimiter: opts.delimiter,
              encoding: opts.encoding,
              decimalComma: opts.decimalComma,
              keepImbalanced: opts.keepImbalanced,
              onError: opts.onError as OnError,
              rejects: opts.rejects,
              strata: opts.strata
                ? opts.strata
                    .split(',')
                    .map((s) => s.trim())
                    .filter(Boolean)
                : undefined,
              propensity: opts.propensity,
              dropArms: opts.dropArms
                ? opts.dropArms
                    .split(',')
                    .map((s) => s.trim())
                    .filter(Boolean)
                : undefined,
            }),
          );
          emit(result, opts, (r) =>
            [
              `Imported experiment ${r.experiment_id} "${r.name}": ${r.row_count} rows` +
                (r.skipped_rows
                  ? ` (${r.skipped_rows} with problems left out${r.rejects_file ? `, listed in ${r.rejects_file}` : ''})`
                  : ''),
              `  arms: ${r.arms.map((a) => `${a.index === 0 ? '[control] ' : ''}${a.label} ${a.count} (${(a.share * 100).toFixed(1)}%)`).join(', ')}`,
              ...(r.dropped_arms.length
                ? [
                    `  left out (--drop-arms): ${r.dropped_arms.map((a) => `${a.label} ${a.count}`).join(', ')}`,
                  ]
                : []),
              `  outcome: ${r.outcome_column}${r.revenue_column ? `, revenue: ${r.revenue_column}` : ''}${r.split_column ? `, split: ${r.split_column}${r.split_test_values ? ` (held out: ${r.split_test_values.join(', ')})` : ''}` : ''}`,
              `  features (${r.features.length}): ${r.features.map((f) => `${f.name} [${f.kind}${f.parsed_from ? ` from dates${f.date_format ? ` ${f.date_format}` : ''}` : ''}${f.missing ? `, ${f.missing} missing` : ''}]`).join(', ')}`,
              ...(r.excluded_row_index.length
                ? [`  not features (the row number in every row): ${r.excluded_row_index.join(', ')}`]
                : []),
              ...(r.excluded_constant.length
                ? [`  not features (one value in every row, or none): ${r.excluded_constant.join(', ')}`]
                : []),
              ...assignmentLine(r),
              balanceLine(r),
            ].join('\n'),
          );
          return;
        }
        const result = await withStore(opts, (store) =>
          importTable(store, table, file, {
            format: opts.format,
            onError: opts.onError as OnError,
            rejects: opts.rejects,
            delimiter: opts.delimiter,
            encoding: opts.encoding,
            map: opts.map,
            set: opts.set,
            valueMap: opts.valueMap,
            controlWhen: opts.controlWhen,
            decimalComma: opts.decimalComma,
            dateFormat: opts.dateFormat,
            timeZone: opts.timezone,
          }),
        );
        emit(
          result,
          opts,
          (r) =>
            `Imported ${r.imported} of ${r.rows_in_file} rows into ${r.table} (${r.replaced} replaced existing rows)` +
            (r.repeated_rows ? `; ${r.repeated_rows} repeated rows read once` : '') +
            (r.rejected ? `; ${r.rejected} rejected, written to ${r.rejects_file}` : '') +
            (r.profiles ? `; profiles of ${r.profiles.customers} customers rebuilt` : '') +
            ` in ${r.seconds.toFixed(1)} s`,
        );
      }),
    );

  const experiments = program.command('experiments').description('Imported randomised experiments');
  experiments
    .command('list')
    .description('List the imported experiments with their arms and features')
    .option('--db <path>', 'database file (default $AETHER_DB or ./data/aether.duckdb)')
    .option('--json', 'print one JSON document')
    .action(
      action(async (opts: { db?: string; json?: boolean }) => {
        const experiments = await withStore(opts, (store) => listExperiments(store));
        emit({ experiments }, opts, (r) =>
          r.experiments.length === 0
            ? 'No experiments imported yet (aether import experiment FILE …).'
            : r.experiments
                .map(
                  (e) =>
                    `${e.experiment_id}  ${e.name}  ${e.row_count} rows, arms ${e.arms.map((a) => a.label).join(' / ')}, ` +
                    `outcome ${e.outcome_column}, ${e.features.length} features` +
                    (e.excluded_imbalanced.length
                      ? `, excluded as imbalanced: ${e.excluded_imbalanced.join(', ')}`
                      : ''),
                )
                .join('\n'),
        );
      }),
    );
  experiments
    .command('show')
    .description('One imported experiment: column roles, arms, features and the covariate balance table')
    .argument('<id>', 'the experiment id (exp_0001, …)')
    .option('--db <path>', 'database file (default $AETHER_DB or ./data/aether.duckdb)')
    .option('--json', 'print one JSON document')
    .action(
      action(async (id: string, opts: { db?: string; json?: boolean }) => {
        const all = await withStore(opts, (store) => listExperiments(store));
        const e = all.find((x) => x.experiment_id === id);
        if (!e)
          throw new NotFound(
            `No experiment with id ${JSON.stringify(id)}; known: ${all.map((x) => x.experiment_id).join(', ') || 'none'}`,
          );
        emit(e, opts, (r) =>
          [
            `${r.experiment_id} "${r.name}" from ${r.source_file}: ${r.row_count} rows, imported ${r.imported_at}`,
            `  treatment ${r.treatment_column} (control "${r.control_value}"), outcome ${r.outcome_column}` +
              `${r.revenue_column ? `, revenue ${r.revenue_column}` : ''}${r.id_column ? `, id ${r.id_column}` : ''}` +
              `${r.split_column ? `, split ${r.split_column}` : ''}`,
            `  arms: ${r.arms.map((a) => `${a.label} ${a.count} (${(a.share * 100).toFixed(1)}%)`).join(', ')}`,
            `  features (${r.features.length}): ${r.features.map((f) => `${f.name} [${f.kind}${f.parsed_from ? ' from dates' : ''}]`).join(', ')}`,
            ...(r.excluded_columns.length
              ? [`  excluded by --exclude: ${r.excluded_columns.join(', ')}`]
              : []),
            ...(r.excluded_constant.length
              ? [`  not features (one value in every row, or none): ${r.excluded_constant.join(', ')}`]
              : []),
            ...(r.dropped_arms.length
              ? [
                  `  arms left out (--drop-arms): ${r.dropped_arms.map((a) => `${a.label} ${a.count}`).join(', ')}`,
                ]
              : []),
            ...assignmentLine(r),
            balanceLine(r),
            ...(r.balance ? balanceTable(r.balance.features) : []),
          ].join('\n'),
        );
      }),
    );
}

/** Where each row's assignment probability comes from, when not its arm's share of the file. */
function assignmentLine(r: ExperimentSummary): string[] {
  if (r.strata_columns)
    return [
      `  assignment probability: each arm's share within its stratum (${r.strata_columns.join(', ')}: ${r.strata_count} strata)`,
    ];
  if (r.propensity_column) return [`  assignment probability: column ${r.propensity_column}`];
  return [];
}

function balanceLine(r: ExperimentSummary): string {
  if (!r.balance) return '  balance: not checked (imported before the balance check existed)';
  const rule = `p < ${r.balance.p_threshold.toExponential()} and |SMD| >= ${r.balance.smd_threshold}`;
  // Strata columns differ between arms by design and are kept whatever the check says.
  const byDesign = r.balance.features
    .filter((f) => f.imbalanced && r.strata_columns?.includes(f.feature))
    .map((f) => f.feature);
  const within = r.balanced_within_strata?.length
    ? `; imbalanced overall but not within strata, kept: ${r.balanced_within_strata.join(', ')}`
    : '';
  const strata = `${byDesign.length ? `; imbalanced by design, kept (--strata): ${byDesign.join(', ')}` : ''}${within}`;
  if (r.excluded_imbalanced.length)
    return `  balance: excluded as imbalanced between arms (${rule}; --keep-imbalanced keeps them): ${r.excluded_imbalanced.join(', ')}${strata}`;
  if (r.kept_imbalanced.length)
    return `  balance: imbalanced between arms but kept (--keep-imbalanced): ${r.kept_imbalanced.join(', ')}${strata}`;
  if (strata) return `  balance: ${strata.slice(2)}`;
  return `  balance: every feature balanced between arms (${rule} flags none)`;
}

function balanceTable(features: FeatureBalance[]): string[] {
  const lines = [
    `  ${'feature'.padEnd(24)} ${'arm'.padEnd(20)} ${'test'.padEnd(13)} ${'SMD'.padStart(8)} ${'p'.padStart(9)}`,
  ];
  for (const f of features)
    for (const a of f.arms)
      lines.push(
        `  ${f.feature.slice(0, 24).padEnd(24)} ${a.arm.slice(0, 20).padEnd(20)} ${a.test.padEnd(13)} ` +
          `${a.smd.toFixed(3).padStart(8)} ${a.p.toExponential(1).padStart(9)}${a.imbalanced ? '  IMBALANCED' : ''}` +
          (a.level !== undefined ? `  (level ${JSON.stringify(a.level)})` : ''),
      );
  return lines;
}

/** The columns of an experiment file that fit the missing flags, read in an in-memory store. */
async function proposeRolesHint(
  file: string,
  opts: {
    treatment?: string;
    control?: string;
    outcome?: string;
    format?: string;
    delimiter?: string;
    encoding?: string;
  },
): Promise<string> {
  const store = await openStore(':memory:');
  try {
    const profiles = await profileExperimentColumns(store, file, opts);
    return describeProposal(file, proposeExperimentRoles(profiles, { treatment: opts.treatment }), opts);
  } finally {
    await store.close();
  }
}
