/**
 * First sight of new dev sets: how the committed interpreter reads the TRAIN halves of writers
 * it has never trained on (a set not yet wired into src/intent/corpus/dev-set.ts), with the
 * evaluation's own counting (`evaluateSet` of `intent eval`). It prints aggregate figures only,
 * never a sentence, so a set can be measured before anyone reads it (docs/intent.md, "Eighth
 * session: first sight of dev16..dev20").
 *
 *   npm run -s bench -- intent-first-sight 16:t 17:u   # set number : id prefix (ids t001..t320)
 *
 * It always prints one JSON document; `--json` is accepted for the scripts that pass it to every
 * command. Rates are pooled weighted by the briefs of each set; counts (refusals, gate questions,
 * errors, briefs with criteria) are summed.
 */

import { laterSet } from '../src/intent/corpus/dev-set.ts';
import { devCases, evaluateSet } from '../src/intent/evaluate.ts';
import { loadModel } from '../src/intent/model-artifact.ts';

const model = loadModel();
const sets = process.argv
  .slice(2)
  .filter((a) => !a.startsWith('--'))
  .map((spec) => {
    const [n, prefix] = spec.split(':');
    return laterSet([Number(n), prefix as string]);
  });
const keys = [
  'n',
  'trigger_accuracy',
  'goal_accuracy',
  'criteria_exact',
  'criteria_n',
  'metric_exact',
  'trigger_ece',
  'mean_trigger_confidence',
  'clarification_rate',
  'refused_not_a_brief',
  'gate_clarified',
  'errors',
] as const;
const rows: Record<string, unknown>[] = [];
const COUNTS = new Set<string>(['n', 'criteria_n', 'refused_not_a_brief', 'gate_clarified', 'errors']);
const sum: Record<string, number> = {};
for (const set of sets) {
  const cases = devCases('train', set);
  if (!cases) throw new Error(`${set.name}: no file`);
  const r = evaluateSet(`${set.name}-train`, cases, model);
  const row: Record<string, unknown> = { set: r.name };
  for (const k of keys) row[k] = r[k];
  rows.push(row);
  for (const k of keys) sum[k] = (sum[k] ?? 0) + (r[k] as number) * (COUNTS.has(k) ? 1 : r.n);
}
const N = sum.n;
const mean: Record<string, number> = { n: N };
for (const k of keys) if (k !== 'n') mean[k] = COUNTS.has(k) ? sum[k] : sum[k] / N;
console.log(JSON.stringify({ model: (model as { version?: string }).version, rows, pooled: mean }, null, 1));
