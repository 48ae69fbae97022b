/**
 * Does the default T-learner's feature importance rank a feature that drives uplift in the
 * simulator above a column of pure noise? The setting of the pipeline test of that name
 * (src/causal/pipeline/pipeline.test.ts): a 4,000-customer shop (seed 11), its training
 * exposures' customer features plus a seeded uniform column, the T-learner with its defaults and
 * the arm models capped at each of `--caps` rounds. Reports both measures of
 * src/causal/pipeline/feature-importance.ts (the arm models' split gain, and the permutation
 * importance of the predicted uplift that training stores), each arm model's trees and splits on
 * the noise column, and how far shuffling a column in the base only / in the arm models only moves
 * the predicted uplift (docs/causal-engine.md, "Feature importance").
 *
 *   npm run -s bench -- importance-noise [--caps none,30,20] [--db PATH] [--json]
 */
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { isContextFeature } from '../src/causal/campaign-context.ts';
import { type FitUpliftOptions, fitUpliftAsync } from '../src/causal/fit-uplift.ts';
import type { TLearner } from '../src/causal/learners/t-learner.ts';
import { frameToRawColumns, loadExposureData, upliftDataset } from '../src/causal/pipeline/exposure-data.ts';
import { upliftFeatureImportance } from '../src/causal/pipeline/feature-importance.ts';
import { applyBinning, type BinnedMatrix, fitBinning } from '../src/causal/trees/binning.ts';
import { predictGbdtRaw } from '../src/causal/trees/gbdt.ts';
import { DEFAULT_COST_CONFIG } from '../src/contracts/trigger-costs.ts';
import { Rng } from '../src/core/rng.ts';
import { generateDataset } from '../src/simulate/generate.ts';
import { openStore } from '../src/store/open.ts';

const args = process.argv.slice(2);
const flag = (name: string): string | undefined => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 ? args[i + 1] : undefined;
};
const caps = (flag('caps') ?? 'none,30,20').split(',');
const json = args.includes('--json');
const log = (s: string) => process.stderr.write(`importance-noise: ${s}\n`);

process.env.AETHER_QUIET = '1';
const tmp = flag('db') ? null : mkdtempSync(join(tmpdir(), 'aether-importance-'));
const db = flag('db') ?? join(tmp as string, 'sim.duckdb');
if (!existsSync(db)) {
  log(`generating the 4,000-customer shop (seed 11) into ${db}`);
  await generateDataset({ customers: 4000, seed: 11, db, quiet: true });
}
const store = await openStore(db);
const train = await loadExposureData(
  store,
  { kind: 'training' },
  { shippingCost: DEFAULT_COST_CONFIG.triggers.free_shipping.per_conversion_amount },
);
await store.close();
const raw = frameToRawColumns(train.frame).filter((c) => !isContextFeature(c.name));
const rng = Rng.derive(5, 'noise'); // as the pipeline test
raw.push({
  name: 'pure_noise',
  kind: 'numeric',
  values: Float64Array.from({ length: train.rowCount }, () => rng.next()),
});
const X = applyBinning(fitBinning(raw), raw);
const data = upliftDataset(train, X, train.outcomes.converted);
const cart = ['last_abandon_age_hours', 'last_abandon_step', 'last_abandon_reason'];
const watched = [...cart, 'pure_noise'];

/** Mean squared change of the predicted uplift (x 1e6) when `name` is shuffled in the base / arms. */
function moved(m: TLearner, name: string, where: 'base' | 'arms' | 'both') {
  const sig = (x: number) => 1 / (1 + Math.exp(-x));
  const uplift = (Xb: BinnedMatrix, Xa: BinnedMatrix) => {
    const b = m.base ? predictGbdtRaw(m.base, Xb) : new Float64Array(Xb.nRows);
    const mu = m.models.map((g) =>
      g ? predictGbdtRaw(g, Xa).map((v, i) => sig(v + (b[i] as number))) : null,
    );
    return mu.slice(1).map((u) => (u && mu[0] ? u.map((v, i) => v - (mu[0] as Float64Array)[i]!) : null));
  };
  const j = X.names.indexOf(name);
  const order = Array.from({ length: X.nRows }, (_, i) => i);
  Rng.derive(1, `shuffle:${name}`).shuffle(order);
  const columns = X.columns.slice();
  columns[j] = Uint8Array.from(order, (i) => (X.columns[j] as Uint8Array)[i] as number);
  const S = { ...X, columns };
  const ref = uplift(X, X);
  const got = uplift(where === 'arms' ? X : S, where === 'base' ? X : S);
  let sum = 0;
  got.forEach((u, k) => {
    if (u) for (let i = 0; i < u.length; i++) sum += ((u[i] as number) - (ref[k] as Float64Array)[i]!) ** 2;
  });
  return (sum / (X.nRows * got.length)) * 1e6;
}

const results = [];
for (const cap of caps) {
  const opts = { learner: 't', seed: 1, threads: 2 } as FitUpliftOptions & { threads: number };
  if (cap !== 'none') (opts as { armGbdt?: object }).armGbdt = { nEstimators: Number(cap) };
  log(`fitting the T-learner, arm models ${cap === 'none' ? 'early-stopped' : `<= ${cap} rounds`}`);
  const m = (await fitUpliftAsync(data, opts)) as TLearner;
  const started = Date.now();
  const permutation = upliftFeatureImportance(m, X) ?? [];
  const permutationSeconds = (Date.now() - started) / 1000;
  const gain = upliftFeatureImportance(m) ?? [];
  const summary = (fi: typeof gain) =>
    Object.fromEntries(
      watched.map((n) => {
        const at = fi.findIndex((f) => f.feature === n);
        return [n, { importance: at >= 0 ? fi[at]!.importance : 0, rank: at >= 0 ? at + 1 : null }];
      }),
    );
  const jn = X.names.indexOf('pure_noise');
  results.push({
    arm_cap: cap === 'none' ? null : Number(cap),
    base_trees: m.base?.trees.length ?? 0,
    arms: m.models.map((g, a) => ({
      arm: data.armNames[a],
      trees: g?.trees.length ?? 0,
      splits: g ? g.trees.reduce((s, t) => s + t.feature.length, 0) : 0,
      noise_splits: g ? g.trees.reduce((s, t) => s + t.feature.filter((f) => f === jn).length, 0) : 0,
    })),
    split_gain: { watched: summary(gain), top: gain.slice(0, 8) },
    permutation: { watched: summary(permutation), top: permutation.slice(0, 8), seconds: permutationSeconds },
    uplift_moved_x1e6: Object.fromEntries(
      watched.map((n) => [
        n,
        { base_only: moved(m, n, 'base'), arms_only: moved(m, n, 'arms'), both: moved(m, n, 'both') },
      ]),
    ),
  });
}
if (tmp) rmSync(tmp, { recursive: true, force: true });
const doc = {
  date: new Date().toISOString(),
  training_rows: X.nRows,
  customer_features: X.columns.length - 1,
  results,
};
if (json) process.stdout.write(`${JSON.stringify(doc, null, 2)}\n`);
else
  for (const r of results) {
    const w = (s: Record<string, { importance: number; rank: number | null }>) =>
      watched.map((n) => `${n} ${s[n]!.importance.toFixed(4)} (#${s[n]!.rank ?? '-'})`).join(', ');
    process.stdout.write(
      `cap ${r.arm_cap ?? 'none'}\n  split gain:  ${w(r.split_gain.watched)}\n  permutation: ${w(r.permutation.watched)}\n`,
    );
  }
