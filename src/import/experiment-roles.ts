import type { Store } from '../store/store.ts';
import { parseEncoding } from './source-file.ts';
import { detectFormat, quoteIdent, stageFile } from './stage-file.ts';

/**
 * What `import experiment` proposes when the arm, control or outcome is not given: the file's columns
 * that can play each role, read from the file itself (its names and values), so that the error says
 * which flags to pass instead of only that they are missing. A user importing a public or exported
 * experiment (Hillstrom's `segment`, Criteo's `treatment`, Starbucks' `Promotion`, X5's
 * `treatment_flg`) should not have to open the file to find them.
 */

/** An arm column has a handful of labels; more than this is a feature or an id. */
const MAX_ARM_LABELS = 12;
/** Labels shown for one column. */
const SHOWN_LABELS = 6;

/** A column name's words: `treatment_flg`, `Treatment Group` and `treatmentGroup` all hold "treatment". */
function nameWords(column: string): string[] {
  return column
    .replace(/([a-z])([A-Z])/g, '$1 $2')
    .toLowerCase()
    .split(/[^a-z0-9]+/)
    .filter(Boolean);
}

/**
 * Whether a word of the name starts with one of the stems ("conversion" is no "version"); a
 * one-letter stem is a whole word (`y`, not `year`).
 */
function nameHas(column: string, stems: readonly string[]): boolean {
  return nameWords(column).some((w) => stems.some((s) => (s.length === 1 ? w === s : w.startsWith(s))));
}

/** Names that say "which arm": weighed before the values, which only say "few labels". */
const ARM_STEMS = [
  'treat',
  'group',
  'arm',
  'variant',
  'segment',
  'promo',
  'offer',
  'exposure',
  'cell',
  'condition',
  'assign',
  'campaign',
  'test',
  'version',
];
/**
 * Names that say "what happened after": a binary one of these is the outcome, the earlier kinds
 * first (a conversion before a visit: Hillstrom and Criteo log both, and a campaign is judged on the
 * conversion).
 */
const OUTCOME_STEMS = [
  ['conver'],
  ['target', 'response', 'respond', 'outcome', 'label', 'y'],
  ['purchase', 'buy', 'bought', 'order', 'redeem', 'success'],
  ['visit', 'click', 'open', 'churn'],
];
const isOutcomeName = (column: string) => OUTCOME_STEMS.some((stems) => nameHas(column, stems));
const outcomeRank = (column: string) => OUTCOME_STEMS.findIndex((stems) => nameHas(column, stems));

/** Names of an amount: a revenue outcome beside the binary one. */
const REVENUE_STEMS = ['spend', 'revenue', 'amount', 'sales', 'gmv', 'value', 'profit', 'basket'];
/** A control label: the arm no one was treated in. */
const CONTROL_LABEL =
  /^(control|ctrl|c|holdout|hold[ -]?out|baseline|untreated|none|no|0|false|no[ _-]?e?-?mail|no[ _-]?promo(tion)?|no[ _-]?offer)$/i;

export interface LabelCount {
  value: string;
  n: number;
}

export interface ColumnProfile {
  column: string;
  /** Non-empty values. */
  filled: number;
  /** Distinct non-empty values, up to MAX_ARM_LABELS + 1 (more is "many"). */
  distinct: number;
  /** The labels with their counts, largest first, when distinct <= MAX_ARM_LABELS. */
  labels: LabelCount[];
  /** Every non-empty value is 0/1, true/false or yes/no. */
  binary: boolean;
  /** Every non-empty value reads as a number. */
  numeric: boolean;
}

export interface RoleProposal {
  treatment: { column: string; labels: LabelCount[]; control: string | null } | null;
  outcome: string | null;
  /** Other binary columns with an outcome's name: the user may mean one of these. */
  otherOutcomes: string[];
  revenue: string | null;
}

/** Reads the file as `import experiment` would and profiles each column's values. */
export async function profileExperimentColumns(
  store: Store,
  file: string,
  options: { format?: string; delimiter?: string; encoding?: string } = {},
): Promise<ColumnProfile[]> {
  const staged = await stageFile(store, file, detectFormat(file, options.format), {
    delimiter: options.delimiter,
    encoding: parseEncoding(options.encoding),
  });
  try {
    const profiles: ColumnProfile[] = [];
    for (const column of staged.columns) {
      const c = quoteIdent(column);
      const filled = `NULLIF(trim(${c}), '')`;
      const [stats] = await store.query<{
        filled: number;
        distinct: number;
        binary: boolean;
        numeric: boolean;
      }>(
        `SELECT count(${filled})::INTEGER AS filled,
                least(approx_count_distinct(${filled}), ${MAX_ARM_LABELS + 1})::INTEGER AS distinct,
                coalesce(bool_and(lower(${filled}) IN ('0', '1', 'true', 'false', 'yes', 'no', '0.0', '1.0')), false) AS binary,
                coalesce(bool_and(TRY_CAST(${filled} AS DOUBLE) IS NOT NULL), false) AS numeric
           FROM ${staged.table}`,
      );
      const distinct = Number(stats?.distinct ?? 0);
      const labels =
        distinct > 0 && distinct <= MAX_ARM_LABELS
          ? (
              await store.query<{ value: string; n: number }>(
                `SELECT ${filled} AS value, count(*)::INTEGER AS n FROM ${staged.table}
                  WHERE ${filled} IS NOT NULL GROUP BY 1 ORDER BY n DESC, value LIMIT ${MAX_ARM_LABELS + 1}`,
              )
            ).map((r) => ({ value: String(r.value), n: Number(r.n) }))
          : [];
      profiles.push({
        column,
        filled: Number(stats?.filled ?? 0),
        // approx_count_distinct can be off by one or two on a few labels; the exact list decides.
        distinct: labels.length > 0 && labels.length <= MAX_ARM_LABELS ? labels.length : distinct,
        labels: labels.length <= MAX_ARM_LABELS ? labels : [],
        binary: Boolean(stats?.binary) && Number(stats?.filled ?? 0) > 0,
        numeric: Boolean(stats?.numeric) && Number(stats?.filled ?? 0) > 0,
      });
    }
    return profiles;
  } finally {
    await store.run(`DROP TABLE IF EXISTS ${staged.table}`);
  }
}

/**
 * The columns that best fit each role. An arm column has 2..12 labels and no label under 1% of the
 * rows (an arm that small is no arm of a designed experiment), and a name that says so outranks one
 * that does not; the outcome is a binary column with an outcome's name, else the only other binary
 * column with no arm's name. Nothing is proposed where nothing fits: a guess the user would have to
 * undo is worse than the plain "needs --treatment".
 */
export function proposeExperimentRoles(
  profiles: ColumnProfile[],
  given: { treatment?: string } = {},
): RoleProposal {
  const armLike = (p: ColumnProfile) =>
    p.distinct >= 2 &&
    p.labels.length >= 2 &&
    p.filled > 0 &&
    Math.min(...p.labels.map((l) => l.n)) >= 0.01 * p.filled;
  const named = given.treatment ? profiles.find((p) => p.column === given.treatment) : undefined;
  const armScore = (p: ColumnProfile) =>
    (nameHas(p.column, ARM_STEMS) ? 4 : 0) +
    // Criteo logs `treatment` and `exposure` (whether the ad was seen): the assignment is the arm.
    (nameHas(p.column, ['treat', 'variant', 'arm']) ? 1 : 0) +
    (p.labels.some((l) => CONTROL_LABEL.test(l.value) || /control|no e-?mail/i.test(l.value)) ? 2 : 0) -
    (isOutcomeName(p.column) ? 3 : 0);
  const arm =
    named ??
    profiles
      .filter((p) => armLike(p) && armScore(p) > 0)
      .sort((a, b) => armScore(b) - armScore(a) || a.distinct - b.distinct)[0];
  const treatment =
    arm && arm.labels.length >= 2
      ? {
          column: arm.column,
          labels: arm.labels,
          control:
            arm.labels.find((l) => CONTROL_LABEL.test(l.value.trim()))?.value ??
            arm.labels.find((l) => /\bcontrol\b|\bno\b/i.test(l.value))?.value ??
            null,
        }
      : null;
  const candidates = profiles.filter((p) => p.binary && p.column !== treatment?.column);
  // A stable sort: within a kind, the file's order.
  const outcomeNamed = candidates
    .filter((p) => isOutcomeName(p.column))
    .sort((a, b) => outcomeRank(a.column) - outcomeRank(b.column));
  const unnamed = candidates.filter((p) => !nameHas(p.column, ARM_STEMS));
  const outcome =
    outcomeNamed[0]?.column ?? (unnamed.length === 1 ? (unnamed[0] as ColumnProfile).column : null);
  const revenue =
    profiles.find(
      (p) => p.numeric && !p.binary && p.column !== treatment?.column && nameHas(p.column, REVENUE_STEMS),
    )?.column ?? null;
  return {
    treatment,
    outcome,
    otherOutcomes: outcomeNamed.map((p) => p.column).filter((c) => c !== outcome),
    revenue,
  };
}

/** Quotes a command-line argument when the shell would split or expand it. */
function shellArg(s: string): string {
  return /^[\w@%+=:,./-]+$/.test(s) ? s : `"${s.replace(/(["\\$`])/g, '\\$1')}"`;
}

/**
 * The error text's second half: what the file offers for the missing flags, and a command to run.
 * Empty when nothing fits, so the message stays the plain "needs --treatment, …".
 */
export function describeProposal(
  file: string,
  proposal: RoleProposal,
  given: { treatment?: string; control?: string; outcome?: string },
): string {
  const parts: string[] = [];
  const t = proposal.treatment;
  if (t) {
    const shown = t.labels
      .slice(0, SHOWN_LABELS)
      .map((l) => `"${l.value}" ${l.n.toLocaleString('en-US')}`)
      .join(', ');
    const more = t.labels.length > SHOWN_LABELS ? `, … ${t.labels.length} labels` : '';
    parts.push(`${given.treatment ? 'column' : 'arm column'} ${t.column} has ${shown}${more}`);
    if (!given.control)
      parts.push(
        t.control
          ? `"${t.control}" reads as its control`
          : `say which of its labels is the control group with --control`,
      );
  } else if (!given.treatment) parts.push('no column looks like an arm (2 to 12 labels)');
  if (!given.outcome) {
    if (proposal.outcome)
      parts.push(
        `outcome ${proposal.outcome} is 0/1${proposal.otherOutcomes.length ? ` (also 0/1: ${proposal.otherOutcomes.join(', ')})` : ''}`,
      );
    else parts.push('no 0/1 column with an outcome name was found');
    if (proposal.revenue) parts.push(`${proposal.revenue} could be --revenue`);
  }
  const treatment = given.treatment ?? t?.column;
  const control = given.control ?? t?.control ?? undefined;
  const outcome = given.outcome ?? proposal.outcome ?? undefined;
  const command =
    treatment && control && outcome
      ? `; try: aether import experiment ${shellArg(file)} --treatment ${shellArg(treatment)} --control ${shellArg(control)} --outcome ${shellArg(outcome)}`
      : '';
  return parts.length ? `. In ${file}: ${parts.join('; ')}${command}` : '';
}
