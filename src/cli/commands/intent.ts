import type { Command } from 'commander';
import { InvalidInput } from '../../core/errors.ts';
import { GATE_PATH, resetGateCache, saveGate } from '../../intent/brief-gate.ts';
import { trainBriefGate } from '../../intent/brief-gate-train.ts';
import { DEV, DEV_SETS } from '../../intent/corpus/dev-set.ts';
import { writeCorpus } from '../../intent/corpus/write-corpus.ts';
import { crossValidateDev } from '../../intent/dev-cv.ts';
import {
  corpusTestCases,
  devCases,
  evaluateOfftopic,
  evaluateSet,
  heldoutCases,
  type OfftopicReport,
  offtopicCases,
  type SetReport,
} from '../../intent/evaluate.ts';
import { writeFinetune } from '../../intent/finetune-export.ts';
import { loadModel, MODEL_PATH, resetModelCache, saveModel } from '../../intent/model-artifact.ts';
import { DEFAULT_TRAIN_SEED, readCorpus, trainIntentModel } from '../../intent/train.ts';
import { action, emit } from '../output.ts';

/** `aether intent train | eval | export-finetune`: the embedded interpreter's corpus, model and evaluation. */
export function registerIntent(program: Command): void {
  const intent = program
    .command('intent')
    .description('The brief interpreter: corpus, model training, evaluation, fine-tuning export');

  intent
    .command('train')
    .description(
      'Regenerate the corpus from its grammar and seed, train the embedded model, write corpus/model.json',
    )
    .option('--seed <n>', 'training seed', String(DEFAULT_TRAIN_SEED))
    .option('--no-corpus', 'train on the committed corpus without regenerating it')
    .option(
      '--gate-only',
      'retrain only the "not a campaign brief" gate (corpus/brief-gate.json) on the committed model and corpus',
    )
    .option('--json', 'print one JSON document')
    .action(
      action(async (opts: { seed: string; corpus: boolean; gateOnly?: boolean; json?: boolean }) => {
        const started = Date.now();
        if (opts.gateOnly) {
          const gate = trainBriefGate(readCorpus(), loadModel(), Number(opts.seed));
          saveGate(gate.json);
          resetGateCache();
          const r = {
            gate_path: GATE_PATH,
            model_version: gate.json.model_version,
            metrics: gate.json.metrics,
          };
          emit(r, opts, (x) => `trained the brief gate for ${x.model_version} -> ${x.gate_path}`);
          return;
        }
        const corpus = opts.corpus ? writeCorpus() : null;
        if (corpus) process.stderr.write(`corpus: ${corpus.count} briefs -> ${corpus.path}\n`);
        process.stderr.write(
          'training (one fold per dev writer left out, for the temperatures and the calibrator, then the final fit)...\n',
        );
        const { json, model } = trainIntentModel(readCorpus(), Number(opts.seed));
        saveModel(json);
        resetModelCache();
        // The "not a campaign brief" gate reads the model's analysis (speller, features): retrained with it.
        process.stderr.write('training the brief gate...\n');
        const gate = trainBriefGate(readCorpus(), model, Number(opts.seed));
        saveGate(gate.json);
        resetGateCache();
        const result = {
          model_path: MODEL_PATH,
          gate_path: GATE_PATH,
          version: json.version,
          temperature: json.temperature,
          metrics: json.metrics,
          seconds: Math.round((Date.now() - started) / 100) / 10,
        };
        emit(
          result,
          opts,
          (r) =>
            `trained ${r.version} in ${r.seconds} s -> ${r.model_path}\ntemperature ${JSON.stringify(r.temperature)}\n${JSON.stringify(r.metrics)}`,
        );
      }),
    );

  intent
    .command('eval')
    .description(
      "Accuracy of trigger and goal, exact metric target and criteria, on the grammar test split, the held-out set and the dev sets' test halves",
    )
    .option('--json', 'print one JSON document')
    .action(
      action(async (opts: { json?: boolean }) => {
        const model = loadModel();
        const sets: SetReport[] = [evaluateSet('grammar-test', corpusTestCases(), model)];
        const held = heldoutCases();
        if (held) sets.push(evaluateSet('heldout', held, model));
        for (const set of DEV_SETS) {
          const test = devCases('test', set);
          if (test?.length) sets.push(evaluateSet(`${set.name}-test`, test, model));
        }
        // Trained on: shown for error analysis only, not a measure of generalisation.
        for (const set of DEV_SETS) {
          const train = devCases('train', set);
          if (train?.length) sets.push(evaluateSet(`${set.name}-train (trained on)`, train, model));
        }
        // Inputs that are not briefs (the independent off-topic test set): refused or asked about.
        const off = offtopicCases();
        const offtopic = off ? evaluateOfftopic('offtopic-test', off, model) : null;
        const result = {
          model_version: model.version,
          evaluated_at: new Date().toISOString(),
          targets_on_heldout: {
            trigger_accuracy: 0.95,
            goal_accuracy: 0.9,
            criteria_exact: 0.8,
            trigger_ece: 0.05,
          },
          sets,
          offtopic,
        };
        emit(result, opts, (r) =>
          [...r.sets.map(renderSet), ...(r.offtopic ? [renderOfftopic(r.offtopic, r.sets)] : [])].join(
            '\n\n',
          ),
        );
      }),
    );

  intent
    .command('cv')
    .description(
      "Cross-validate on a dev set's training half (its 5 families in turn): accuracy and each error, for error analysis",
    )
    .option('--set <name>', `the dev set: ${DEV_SETS.map((s) => s.name).join(' or ')}`, DEV.name)
    .option('--whole-set', "leave the set's whole train half out at once (a writer the model never saw)")
    .option(
      '--calibrated',
      'with --whole-set: train the whole pipeline without the set (temperatures and confidence calibrator too) and report the ECE of the stated confidence',
    )
    .option('--json', 'print one JSON document')
    .action(
      action(async (opts: { set: string; wholeSet?: boolean; calibrated?: boolean; json?: boolean }) => {
        const set = DEV_SETS.find((s) => s.name === opts.set);
        if (!set)
          throw new InvalidInput(
            `--set must be ${DEV_SETS.map((s) => s.name).join(', ')}; got "${opts.set}"`,
            [{ name: 'set', reason: `unknown dev set: "${opts.set}"` }],
          );
        process.stderr.write(
          opts.wholeSet
            ? 'training 1 model without the set...\n'
            : 'training 5 fold models (a few minutes)...\n',
        );
        const r = crossValidateDev(
          DEFAULT_TRAIN_SEED,
          set,
          opts.wholeSet ? 'set' : 'families',
          opts.wholeSet && opts.calibrated ? 'writers' : undefined,
        );
        emit(r, opts, (x) =>
          [
            ...x.errors.map((e) => `${e.id}: ${e.brief}\n  ${e.diffs.join('\n  ')}`),
            `${x.set}-train ${x.folds === 'set' ? 'left out whole' : 'cross-validation'} (${x.n} briefs): trigger ${pct(x.trigger_accuracy)}, goal ${pct(x.goal_accuracy)}, criteria ${pct(x.criteria_exact)}, metric ${pct(x.metric_exact)}`,
            `trigger ECE by temperature: ${JSON.stringify(x.ece_by_temperature)}`,
            ...(x.calibrated
              ? [
                  `whole pipeline without the set: temperature ${JSON.stringify(x.calibrated.temperature)}, stated trigger ECE ${x.calibrated.stated_ece}, mean confidence ${x.calibrated.mean_confidence}`,
                ]
              : []),
          ].join('\n'),
        );
      }),
    );

  intent
    .command('export-finetune')
    .description(
      'Write the corpus train split as chat fine-tuning JSONL ({"messages":[system,user,assistant]})',
    )
    .option('--out <file>', 'output file', 'intent-finetune.jsonl')
    .option('--json', 'print one JSON document')
    .action(
      action(async (opts: { out: string; json?: boolean }) => {
        const lines = writeFinetune(readCorpus(), opts.out);
        emit({ out: opts.out, examples: lines }, opts, (r) => `wrote ${r.examples} examples to ${r.out}`);
      }),
    );
}

function renderSet(s: SetReport): string {
  const pct = (v: number): string => `${(v * 100).toFixed(1)}%`;
  const lines = [
    `${s.name} (${s.n} briefs, ${s.mean_ms.toFixed(1)} ms each)`,
    `  trigger accuracy   ${pct(s.trigger_accuracy)}   (keyword baseline ${pct(s.baseline.trigger_accuracy)})`,
    `  goal accuracy      ${pct(s.goal_accuracy)}   (keyword baseline ${pct(s.baseline.goal_accuracy)})`,
    `  metric exact       ${pct(s.metric_exact)}`,
    `  criteria exact     ${pct(s.criteria_exact)}   (of ${s.criteria_n} labelled)`,
    `  exclusions exact   ${pct(s.exclusions_exact)}   channel ${pct(s.channel_accuracy)}   budget ${pct(s.budget_exact)}`,
    `  trigger ECE        ${s.trigger_ece.toFixed(3)}   mean confidence ${s.mean_trigger_confidence.toFixed(3)}   clarifications ${pct(s.clarification_rate)}`,
    `  forbidden trigger proposed: ${s.forbidden_trigger_proposed}   errors: ${s.errors}`,
    `  refused as not a campaign brief: ${s.refused_not_a_brief} (${pct(s.refused_not_a_brief_rate)})   asked "is this a brief?": ${s.gate_clarified}`,
  ];
  lines.push(...matrix('trigger confusion', s.trigger_confusion, 28));
  lines.push(...matrix('goal confusion', s.goal_confusion, 16));
  lines.push(...matrix('channel confusion', s.channel_confusion, 8));
  const top = (title: string, counts: Record<string, number>): string[] => {
    const e = Object.entries(counts).slice(0, 20);
    return e.length ? [`  ${title}:`, ...e.map(([k, v]) => `    ${String(v).padStart(4)}  ${k}`)] : [];
  };
  lines.push(...top('criteria differences (aggregate, most frequent first)', s.criteria_errors));
  lines.push(...top('metric target differences (aggregate)', s.metric_errors));
  return lines.join('\n');
}

/** The off-topic test set: the share refused or asked about, by kind, beside the real briefs refused. */
function renderOfftopic(o: OfftopicReport, sets: readonly SetReport[]): string {
  const row = (
    name: string,
    c: { n: number; refused_rate: number; clarified_rate: number; caught_rate: number },
  ): string =>
    `  ${name.padEnd(28)}${String(c.n).padStart(5)}   caught ${pct(c.caught_rate).padStart(6)}   refused ${pct(c.refused_rate).padStart(6)}   clarified ${pct(c.clarified_rate).padStart(6)}`;
  return [
    `${o.name} (${o.n} inputs that are not briefs, ${o.mean_ms.toFixed(1)} ms each): refused or asked "is this a brief?"`,
    row('all', o),
    ...Object.entries(o.by_kind).map(([k, c]) => row(k, c)),
    `  other refusals ${o.other_refusals}   crashes ${o.crashes}   lines also in the gate's training negatives ${o.overlap_with_training}`,
    '  real briefs refused as not a campaign brief, beside it:',
    ...sets.map(
      (s) =>
        `    ${s.name.padEnd(32)}${String(s.refused_not_a_brief).padStart(4)} of ${String(s.n).padStart(4)} (${pct(s.refused_not_a_brief_rate)})   asked ${s.gate_clarified}`,
    ),
  ].join('\n');
}

function matrix(title: string, m: Record<string, Record<string, number>>, width: number): string[] {
  const lines = [`  ${title} (rows: label, columns: predicted):`];
  const labels = [...new Set([...Object.keys(m), ...Object.values(m).flatMap((r) => Object.keys(r))])].sort();
  const short = (l: string): string => l.slice(0, 6).padStart(7);
  lines.push(`  ${''.padEnd(width)}${labels.map(short).join('')}`);
  for (const row of labels) {
    if (!m[row]) continue;
    lines.push(`  ${row.padEnd(width)}${labels.map((c) => String(m[row]![c] ?? '.').padStart(7)).join('')}`);
  }
  return lines;
}

function pct(v: number): string {
  return `${(v * 100).toFixed(1)}%`;
}
