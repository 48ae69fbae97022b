import {
  GATE_CLARIFY_BELOW,
  GATE_REFUSE_BELOW,
  type GateVerdict,
  judgeBrief,
  verdictFor,
} from './brief-gate.ts';
import { TERSE_BRIEFS } from './brief-gate-examples.ts';
import {
  crossValidateGate,
  fitGate,
  type GateRow,
  gateRows,
  OFFTOPIC_DEV_PATH,
  OFFTOPIC_TRAIN_PATH,
  readOfftopic,
} from './brief-gate-train.ts';
import { loadModel } from './model-artifact.ts';
import { DEFAULT_TRAIN_SEED, readCorpus } from './train.ts';

/**
 * The gate's figures for docs/intent.md ("Not a campaign brief"), on training rows only:
 * `npx tsx src/intent/brief-gate-report.ts [--json]`. Real briefs: the dev sets' train halves with
 * each writer's whole half left out of the gate's training, the grammar's and hand-written train
 * rows by family folds, and the grammar test split (never trained on). Negatives: the hand-written
 * off-topic list by id folds, and each kind left out whole. Never reads a test half or the
 * off-topic test set.
 */
interface Rate {
  n: number;
  refused: number;
  clarified: number;
}

function rates(kinds: Iterable<GateVerdict['kind']>): Rate {
  const r = { n: 0, refused: 0, clarified: 0 };
  for (const k of kinds) {
    r.n++;
    if (k === 'refuse') r.refused++;
    else if (k === 'clarify') r.clarified++;
  }
  return r;
}

function main(): void {
  const json = process.argv.includes('--json');
  // `--part main` (cross-validation, grammar test split, terse briefs, time) or `--part kinds` (each
  // kind of negative left out): each under a CPU minute, for a machine whose bench lock is busy.
  const partArg = process.argv.indexOf('--part');
  const part = partArg >= 0 ? process.argv[partArg + 1] : 'all';
  const doMain = part !== 'kinds';
  const doKinds = part !== 'main';
  const seed = DEFAULT_TRAIN_SEED;
  const model = loadModel();
  const corpus = readCorpus();
  const negatives = readOfftopic(OFFTOPIC_TRAIN_PATH) ?? [];
  const t0 = performance.now();
  const rows = gateRows(corpus, negatives, model);
  const analyseS = (performance.now() - t0) / 1000;
  const t1 = performance.now();
  const oof = doMain ? crossValidateGate(rows, seed) : new Float64Array(rows.length).fill(1);
  const cvS = (performance.now() - t1) / 1000;
  const verdicts = rows.map((r, i) => verdictFor(oof[i]!, r.raw, r.text).kind);
  const bySource = new Map<string, Array<GateVerdict['kind']>>();
  rows.forEach((r, i) => {
    if (!bySource.has(r.source)) bySource.set(r.source, []);
    bySource.get(r.source)!.push(verdicts[i]!);
  });
  const briefsCv: Record<string, Rate> = {};
  const negCv: Record<string, Rate> = {};
  for (const [k, v] of [...bySource.entries()].sort())
    (k.startsWith('offtopic:') ? negCv : briefsCv)[k] = rates(v);
  const sum = (o: Record<string, Rate>, keys: string[]): Rate =>
    keys.reduce(
      (a, k) => ({
        n: a.n + o[k]!.n,
        refused: a.refused + o[k]!.refused,
        clarified: a.clarified + o[k]!.clarified,
      }),
      {
        n: 0,
        refused: 0,
        clarified: 0,
      },
    );
  const devKeys = Object.keys(briefsCv).filter((k) => /^dev\d*$/.test(k));
  const falseRefusals = rows
    .map((r, i) => ({ r, p: oof[i]! }))
    .filter(({ r }, i) => r.y === 1 && verdicts[i] !== 'brief' && /^dev\d*$|^hand$/.test(r.source))
    .map(({ r, p }) => ({
      id: r.id,
      p: Math.round(p * 1000) / 1000,
      brief: corpus.find((b) => b.id === r.id)!.brief,
    }));
  // Each kind of negative left out whole: a kind of input the gate never saw.
  const kinds = [...new Set(negatives.map((n) => n.kind))].sort();
  const lokoRates: Record<string, Rate> = {};
  for (const kind of doKinds ? kinds : []) {
    const inKind = (r: GateRow): boolean => r.source === `offtopic:${kind}`;
    const gate = fitGate(
      rows.filter((r) => !inKind(r)),
      seed,
      'loko',
    );
    lokoRates[kind] = rates(
      rows.filter(inKind).map((r) => verdictFor(gate.probability(r.x), r.raw, r.text).kind),
    );
  }
  // The final gate (all training rows) on the grammar test split and the terse briefs.
  const gate = fitGate(rows, seed, model.version);
  const grammarTest = corpus.filter((b) => doMain && b.split === 'test');
  const testVerdicts = grammarTest.map((b) => judgeBrief(model.analyze(b.brief), gate));
  const grammarTestRate: Rate = {
    n: testVerdicts.length,
    refused: testVerdicts.filter((v) => v.kind === 'refuse').length,
    clarified: testVerdicts.filter((v) => v.kind === 'clarify').length,
  };
  // The held-out validation list of off-topic inputs (never trained on), by kind.
  const validation = doMain ? (readOfftopic(OFFTOPIC_DEV_PATH) ?? []) : [];
  const validationVerdicts = validation.map((n) => ({
    kind: n.kind,
    v: judgeBrief(model.analyze(n.text), gate).kind,
  }));
  const validationByKind: Record<string, Rate> = {};
  for (const kind of [...new Set(validation.map((n) => n.kind))].sort())
    validationByKind[kind] = rates(validationVerdicts.filter((x) => x.kind === kind).map((x) => x.v));
  const validationRate = rates(validationVerdicts.map((x) => x.v));
  const terse = (doMain ? TERSE_BRIEFS : []).map((b) => {
    const v = judgeBrief(model.analyze(b), gate);
    return { brief: b, verdict: v.kind, p: Math.round(v.probability * 1000) / 1000 };
  });
  // Time of the gate alone (shape features, merge, dot product), on analysed briefs.
  const analysed = grammarTest.slice(0, 300).map((b) => model.analyze(b.brief));
  const reps = 20;
  const t2 = performance.now();
  let sink = 0;
  for (let k = 0; k < reps; k++) for (const a of analysed) sink += judgeBrief(a, gate).probability;
  const usPerBrief = ((performance.now() - t2) * 1000) / (reps * analysed.length);
  // Off-topic inputs: a refusal candidate pays one rules pass (the audience floor) on top.
  const analysedNeg = (doMain ? negatives : []).map((n) => model.analyze(n.text));
  const t3 = performance.now();
  for (let k = 0; k < 5; k++) for (const a of analysedNeg) sink += judgeBrief(a, gate).probability;
  const usPerNegative = ((performance.now() - t3) * 1000) / (5 * analysedNeg.length);
  if (Number.isNaN(sink)) throw new Error('a gate probability is NaN');
  const result = {
    model_version: model.version,
    thresholds: { refuse_below: GATE_REFUSE_BELOW, clarify_below: GATE_CLARIFY_BELOW },
    rows: { briefs: rows.filter((r) => r.y === 1).length, negatives: negatives.length },
    briefs_cross_validated: {
      dev_writers_left_out: sum(briefsCv, devKeys),
      by_writer: Object.fromEntries(devKeys.map((k) => [k, briefsCv[k]])),
      grammar_train_family_folds: briefsCv.grammar,
      hand_written_family_folds: briefsCv.hand,
    },
    grammar_test_split_final_gate: grammarTestRate,
    negatives_cross_validated: { all: sum(negCv, Object.keys(negCv)), by_kind: negCv },
    negatives_kind_left_out: { all: sum(lokoRates, Object.keys(lokoRates)), by_kind: lokoRates },
    briefs_one_sentence_a_line_cv: sum(
      briefsCv,
      Object.keys(briefsCv).filter((k) => k.startsWith('lines:')),
    ),
    validation_offtopic_dev_final_gate: { all: validationRate, by_kind: validationByKind },
    terse_and_examples_final_gate: terse,
    human_briefs_refused_or_clarified_cv: falseRefusals,
    gate_microseconds_per_brief: Math.round(usPerBrief * 100) / 100,
    gate_microseconds_per_offtopic_input: Math.round(usPerNegative * 100) / 100,
    seconds: { analyse: Math.round(analyseS), cross_validation: Math.round(cvS) },
  };
  if (json) process.stdout.write(`${JSON.stringify(result, null, 2)}\n`);
  else {
    const pct = (r: Rate | undefined): string =>
      r
        ? `${r.n} rows: refused ${r.refused} (${((100 * r.refused) / r.n).toFixed(2)}%), clarified ${r.clarified} (${((100 * r.clarified) / r.n).toFixed(2)}%)`
        : '-';
    const lines = [
      `model ${result.model_version}, thresholds refuse < ${GATE_REFUSE_BELOW}, clarify < ${GATE_CLARIFY_BELOW}`,
      `dev train halves, writer left out: ${pct(result.briefs_cross_validated.dev_writers_left_out)}`,
      ...devKeys.map((k) => `  ${k}: ${pct(briefsCv[k])}`),
      `grammar train, family folds: ${pct(briefsCv.grammar)}`,
      `hand-written train, family folds: ${pct(briefsCv.hand)}`,
      `grammar test split, final gate: ${pct(grammarTestRate)}`,
      `negatives, id folds: ${pct(result.negatives_cross_validated.all)}`,
      ...kinds.map((k) => `  ${k}: ${pct(negCv[`offtopic:${k}`])}   kind left out: ${pct(lokoRates[k])}`),
      `negatives, kind left out: ${pct(result.negatives_kind_left_out.all)}`,
      `human briefs one sentence a line, family/writer folds: ${pct(result.briefs_one_sentence_a_line_cv)}`,
      `validation off-topic list (offtopic-dev.jsonl), final gate: ${pct(validationRate)}`,
      ...Object.keys(validationByKind).map((k) => `  ${k}: ${pct(validationByKind[k])}`),
      'terse briefs and examples (final gate):',
      ...terse.map((t) => `  ${t.verdict} ${t.p}  ${t.brief}`),
      'human briefs refused or clarified (cross-validated):',
      ...falseRefusals.map((f) => `  ${f.id} ${f.p}  ${f.brief}`),
      `gate alone: ${result.gate_microseconds_per_brief} µs per brief, ${result.gate_microseconds_per_offtopic_input} µs per off-topic input; analysis ${result.seconds.analyse} s, cross-validation ${result.seconds.cross_validation} s`,
    ];
    process.stdout.write(`${lines.join('\n')}\n`);
  }
}

main();
