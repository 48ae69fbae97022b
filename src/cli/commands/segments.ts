import { createWriteStream, readFileSync } from 'node:fs';
import { pipeline } from 'node:stream/promises';
import type { Command } from 'commander';
import { loadCategoryResolver, loadInterpreter, loadPlanner } from '../../api/optional-modules.ts';
import { type Segment, SegmentCreate, SegmentExportQuery } from '../../contracts/api.ts';
import type { CampaignObjective } from '../../contracts/coo.ts';
import type { Criteria } from '../../contracts/criteria.ts';
import { InvalidInput } from '../../core/errors.ts';
import {
  computeSegment,
  createSegment,
  deleteSegment,
  exportMembers,
  getSegment,
  listSegments,
  type PlanForSegment,
  type SegmentDeps,
  segmentFromPlan,
} from '../../segments/index.ts';
import type { Store } from '../../store/store.ts';
import { action, emit } from '../output.ts';
import { withStore } from '../with-store.ts';

interface Flags {
  db?: string;
  json?: boolean;
}

/** A JSON flag: inline JSON, or @file. */
function jsonFlag(flag: string, text: string | undefined): unknown {
  if (text === undefined) return undefined;
  const raw = text.startsWith('@') ? readFileSync(text.slice(1), 'utf8') : text;
  try {
    return JSON.parse(raw);
  } catch (e) {
    throw new InvalidInput(`--${flag} is not valid JSON: ${(e as Error).message}`, [
      { name: flag, reason: 'not JSON' },
    ]);
  }
}

function describe(s: Segment): string {
  const trigger = s.recommended_trigger ?? `mixed ${JSON.stringify(s.trigger_mix ?? {})}`;
  return [
    `${s.segment_id}  ${s.name}`,
    `  status ${s.status}${s.failure_reason ? ` (${s.failure_reason})` : ''}, size ${s.size ?? '–'} (treatment ${s.treatment_size ?? '–'}, holdout ${s.holdout_size ?? '–'})`,
    `  trigger ${trigger}, channel ${s.channel}, model ${s.model_version ?? 'none'}, snapshot ${s.snapshot_id ?? '–'}`,
    `  criteria: ${s.criteria_text}`,
    ...(s.note ? [`  why: ${s.note}`] : []),
  ].join('\n');
}

async function deps(store: Store): Promise<SegmentDeps> {
  const interpret = await loadInterpreter();
  const planner = await loadPlanner();
  const resolver = await loadCategoryResolver();
  return {
    ...(interpret ? { interpret: async (brief: string) => (await interpret(brief)).coo } : {}),
    ...(planner
      ? {
          plan: (coo: CampaignObjective) =>
            segmentFromPlan(
              coo,
              () => planner(store, coo) as Promise<PlanForSegment>,
              resolver ? async (c) => (await resolver(store, c)).criteria as Criteria : undefined,
            ),
        }
      : {}),
  };
}

export function registerSegments(program: Command): void {
  const seg = program
    .command('segments')
    .description('Materialised segments: create, list, show, refresh, export, delete');
  seg
    .command('create')
    .description('Create a segment from criteria, a COO or a brief, and compute its snapshot')
    .option('--criteria <json>', 'criteria (DESIGN §5) as JSON, or @file')
    .option('--coo <json>', 'a Campaign Objective Object as JSON, or @file')
    .option('--brief <text>', 'a marketing brief (needs the interpreter)')
    .option('--name <name>', 'segment name')
    .option('--trigger <id>', 'the segment trigger (default: per customer, a mixed segment)')
    .option('--channel <c>', 'email | sms | push', undefined)
    .option('--holdout <share>', 'holdout share, 0 to 0.5 (default 0.1)')
    .option('--include-not-opted-in', 'keep customers not opted in to the channel')
    .option('--refresh <schedule>', 'hourly | daily | weekly, run by `aether serve`')
    .option('--db <path>', 'database file')
    .option('--json', 'print one JSON document')
    .action(
      action(
        async (
          opts: Flags & {
            criteria?: string;
            coo?: string;
            brief?: string;
            name?: string;
            trigger?: string;
            channel?: string;
            holdout?: string;
            includeNotOptedIn?: boolean;
            refresh?: string;
          },
        ) => {
          const input = SegmentCreate.parse({
            criteria: jsonFlag('criteria', opts.criteria),
            coo: jsonFlag('coo', opts.coo),
            brief: opts.brief,
            name: opts.name,
            trigger: opts.trigger,
            channel: opts.channel,
            holdout_share: opts.holdout === undefined ? undefined : Number(opts.holdout),
            include_not_opted_in: opts.includeNotOptedIn,
            refresh_schedule: opts.refresh,
          });
          const result = await withStore(opts, async (s) => {
            const d = await deps(s);
            const created = await createSegment(s, input, d);
            // The planner's note, when there is one, is stored with the segment and read back with it.
            return computeSegment(s, created.segment_id, d);
          });
          emit(result, opts, describe);
        },
      ),
    );
  seg
    .command('list')
    .option('--db <path>', 'database file')
    .option('--json', 'print one JSON document')
    .action(
      action(async (opts: Flags) => {
        const segments = await withStore(opts, (s) => listSegments(s));
        emit({ segments }, opts, (r) =>
          r.segments.length ? r.segments.map(describe).join('\n\n') : 'No segments yet.',
        );
      }),
    );
  seg
    .command('show <id>')
    .option('--db <path>', 'database file')
    .option('--json', 'print one JSON document')
    .action(
      action(async (id: string, opts: Flags) => {
        const s = await withStore(opts, (st) => getSegment(st, id));
        emit(s, opts, describe);
      }),
    );
  seg
    .command('refresh <id>')
    .description('Recompute on current data and models into a new snapshot')
    .option('--db <path>', 'database file')
    .option('--json', 'print one JSON document')
    .action(
      action(async (id: string, opts: Flags) => {
        const s = await withStore(opts, async (st) => computeSegment(st, id, await deps(st)));
        emit(s, opts, describe);
      }),
    );
  seg
    .command('export <id>')
    .description('Write the segment (its current snapshot) as NDJSON or CSV, streamed')
    .option('--format <f>', 'ndjson | csv', 'ndjson')
    .option('--out <file>', 'output file (default stdout)')
    .option('--assignment <a>', 'treatment | holdout | all', 'treatment')
    .option('--fields <list>', 'comma-separated profile fields')
    .option('--db <path>', 'database file')
    .option('--json', 'with --out: print a JSON summary')
    .action(
      action(
        async (
          id: string,
          opts: Flags & { format: string; out?: string; assignment: string; fields?: string },
        ) => {
          const query = SegmentExportQuery.parse({
            format: opts.format,
            assignment: opts.assignment,
            fields: opts.fields,
          });
          const started = performance.now();
          const snapshot = await withStore(opts, async (s) => {
            const out = await exportMembers(s, id, query);
            await pipeline(out.stream, opts.out ? createWriteStream(opts.out) : process.stdout);
            return out.snapshotId;
          });
          if (opts.out) {
            emit(
              {
                segment_id: id,
                snapshot_id: snapshot,
                file: opts.out,
                format: query.format,
                seconds: (performance.now() - started) / 1000,
              },
              opts,
              (r) => `Wrote ${r.file} (${r.format}, snapshot ${r.snapshot_id}) in ${r.seconds.toFixed(2)} s.`,
            );
          }
        },
      ),
    );
  seg
    .command('delete <id>')
    .option('--db <path>', 'database file')
    .option('--json', 'print one JSON document')
    .action(
      action(async (id: string, opts: Flags) => {
        await withStore(opts, (s) => deleteSegment(s, id));
        emit({ segment_id: id, deleted: true }, opts, (r) => `Deleted ${r.segment_id}.`);
      }),
    );
}
