import { Rng } from '../../core/rng.ts';
import { isContextFeature } from '../campaign-context.ts';
import { UpliftForest } from '../forest/uplift-forest.ts';
import { BaggedTLearner } from '../learners/bagged-t-learner.ts';
import { DRLearner } from '../learners/dr-learner.ts';
import { RLearner } from '../learners/r-learner.ts';
import { TLearner } from '../learners/t-learner.ts';
import type { UpliftModel } from '../learners/types.ts';
import { XLearner } from '../learners/x-learner.ts';
import { type BinnedMatrix, takeRows } from '../trees/binning.ts';
import { type GbdtModel, predictGbdtRaw } from '../trees/gbdt.ts';
import { addTreePrediction, type Tree } from '../trees/tree.ts';

export interface FeatureImportance {
  feature: string;
  importance: number;
}

/** Rows the T-learner's permutation importance is measured on (a seeded sample of larger data). */
export const IMPORTANCE_SAMPLE_ROWS = 20_000;

/**
 * What drives a fitted uplift model's predictions, as each feature's share of a measure of how much
 * the model's uplift depends on it, normalised to sum to 1, largest first, features that count
 * nothing left out. Computed once at training time and stored in the model version's metrics.
 *
 * - uplift forest: the split gain (Breiman 2001's impurity decrease, as CausalML's uplift trees
 *   report it) of what every split gains by treating each child with its own best arm, measured
 *   on the tree's out-of-bag rows and weighted by their share at the node (so a root split counts
 *   more than a deep one, and a split on noise earns about nothing), over all trees;
 * - X-, DR- and R-learner: the split gain (LightGBM's `importance_type="gain"`) of the boosted trees of
 *   the effect models only (tau_0 and tau_1 per arm; the DR and R pseudo-outcome regressions), not the
 *   baseline or propensity models;
 * - T-learner (and its bagged form), given the rows it was trained on (`X`): the permutation
 *   importance (Breiman 2001, section 10) of its predicted uplift: on a seeded sample of at most
 *   IMPORTANCE_SAMPLE_ROWS rows, the mean over rows and triggers of the squared change in the
 *   predicted uplift when the feature's column is shuffled among the rows. Not the split gain of
 *   its outcome models: a T-learner has no model of the effect, which is a difference of two
 *   outcome probabilities, mu_k(x) - mu_0(x) = sigmoid(b + f_k) - sigmoid(b + f_0) with a shared
 *   base b. Summed split gains of the arm models f_a weigh each arm by its rows and by its in-sample
 *   fit, count splits that move every arm alike (which cancel in the difference) and miss the
 *   base, which scales every absolute uplift through the link. On a small simulated shop that
 *   put a seeded noise column, split on by three small arms' models, above the open-cart features
 *   that drive the cart reminder's and free shipping's effects, once the arm models were capped at
 *   30 rounds (docs/benchmarks.md, "Capping the arm models"; docs/causal-engine.md, "Feature
 *   importance"). The permutation measure is in the units of the scores marketers see (absolute
 *   uplift) and counts a feature exactly as far as the predicted uplift depends on it. Its known
 *   limit: shuffling one column pairs it with values of correlated columns that never occur
 *   together (Hooker, Mentch & Zhou 2021, "Unrestricted permutation forces extrapolation"), so
 *   correlated features can be over-counted. Without `X`, the split gain of the arm models as
 *   before (without the pooled base model they boost from).
 *
 * The campaign's context (its window and season, src/causal/campaign-context.ts) is left out:
 * it is the same for every customer scored together, so it is never a customer's reason; the
 * shares are those of the customer features among themselves (`contextImportance` gives the
 * context's share of the whole split gain).
 *
 * Null when the model has no split at all, or when a forest was saved before it recorded gains.
 */
export function upliftFeatureImportance(model: UpliftModel, X?: BinnedMatrix): FeatureImportance[] | null {
  const gains =
    X && (model instanceof TLearner || model instanceof BaggedTLearner)
      ? permutationImportance(model, X)
      : splitGains(model);
  if (!gains) return null;
  for (let j = 0; j < gains.names.length; j++)
    if (isContextFeature(gains.names[j] as string)) gains.total[j] = 0;
  return normalised(gains.names, gains.total);
}

/** The campaign-context features' shares of the model's whole split gain (null without any). */
export function contextImportance(model: UpliftModel): FeatureImportance[] | null {
  const gains = splitGains(model);
  if (!gains?.names.some(isContextFeature)) return null;
  const all = normalised(gains.names, gains.total);
  return all ? all.filter((f) => isContextFeature(f.feature)) : null;
}

/** Each feature's total split gain over the trees that model the effect (see upliftFeatureImportance). */
function splitGains(model: UpliftModel): { names: readonly string[]; total: Float64Array } | null {
  if (model instanceof UpliftForest) {
    const total = new Float64Array(model.featureNames.length);
    for (const t of model.trees) {
      if (!t.gain) return null;
      for (let j = 0; j < t.feature.length; j++) total[t.feature[j] as number] += t.gain[j] as number;
    }
    return { names: model.featureNames, total };
  }
  const effectModels: (GbdtModel | null)[] =
    model instanceof TLearner
      ? model.models
      : model instanceof BaggedTLearner
        ? model.members.flatMap((m) => m.models)
        : model instanceof XLearner
          ? model.arms.flatMap((a) => (a ? [a.tau0, a.tau1] : []))
          : model instanceof DRLearner || model instanceof RLearner
            ? model.effects
            : [];
  const fitted = effectModels.filter((m): m is GbdtModel => m !== null);
  if (fitted.length === 0) return null;
  const names = fitted[0]!.featureNames;
  const total = new Float64Array(names.length);
  for (const m of fitted)
    for (const t of m.trees)
      for (let j = 0; j < t.feature.length; j++)
        total[t.feature[j] as number] += Math.max(0, t.gain[j] as number);
  return { names, total };
}

/**
 * The T-learner's permutation importance of its predicted uplift (see upliftFeatureImportance),
 * per feature of X; the campaign context is not shuffled (it counts 0 here and is dropped anyway).
 * Shuffling a column changes only the trees that split on it, so each model's raw score is
 * updated by those trees alone (the same uplift as predicting everything again, a few times
 * faster: a tree splits on a handful of the ~100 features).
 */
function permutationImportance(
  model: TLearner | BaggedTLearner,
  X: BinnedMatrix,
): { names: readonly string[]; total: Float64Array } | null {
  const rng = Rng.derive(0, 'uplift-importance');
  let S = X;
  if (X.nRows > IMPORTANCE_SAMPLE_ROWS) {
    const all = Array.from({ length: X.nRows }, (_, i) => i);
    rng.shuffle(all);
    S = takeRows(
      X,
      all.slice(0, IMPORTANCE_SAMPLE_ROWS).sort((a, b) => a - b),
    );
  }
  const n = S.nRows;
  if (n === 0) return null;
  const K = model.armNames.length - 1;
  const members = (model instanceof TLearner ? [model] : model.members).map((t) => {
    const models = [t.base, ...t.models].map((m) => {
      if (!m) return null;
      const byFeature = new Map<number, Tree[]>();
      for (const tree of m.trees)
        for (const f of new Set(tree.feature)) byFeature.set(f, [...(byFeature.get(f) ?? []), tree]);
      return { m, raw: predictGbdtRaw(m, S), byFeature };
    });
    return {
      models,
      uplift: memberUplift(
        models.map((x) => x && { m: x.m, raw: x.raw }),
        n,
        K,
      ),
    };
  });
  const w = 1 / members.length;
  const ref = Array.from({ length: K }, () => new Float64Array(n));
  for (const mb of members)
    mb.uplift.forEach((u, k) => {
      const r = ref[k] as Float64Array;
      for (let i = 0; i < n; i++) r[i] = (r[i] as number) + w * (u[i] as number);
    });
  const total = new Float64Array(S.columns.length);
  const order = Array.from({ length: n }, (_, i) => i);
  for (let j = 0; j < S.columns.length; j++) {
    if (isContextFeature(S.names[j] as string)) continue;
    if (!members.some((mb) => mb.models.some((x) => x?.byFeature.has(j)))) continue; // moves nothing
    rng.shuffle(order);
    const col = S.columns[j] as Uint8Array;
    const columns = S.columns.slice();
    columns[j] = Uint8Array.from(order, (i) => col[i] as number);
    const shuffled: BinnedMatrix = { ...S, columns };
    const moved = Array.from({ length: K }, () => new Float64Array(n));
    for (const mb of members) {
      const raws = mb.models.map((x) => {
        const trees = x?.byFeature.get(j);
        if (!x || !trees) return x && { m: x.m, raw: x.raw };
        const raw = Float64Array.from(x.raw);
        for (const tree of trees) {
          addTreePrediction(tree, S, raw, -1);
          addTreePrediction(tree, shuffled, raw, 1);
        }
        return { m: x.m, raw };
      });
      const u = raws.some((x, a) => x && x.raw !== mb.models[a]?.raw) ? memberUplift(raws, n, K) : mb.uplift;
      u.forEach((ua, k) => {
        const mv = moved[k] as Float64Array;
        for (let i = 0; i < n; i++) mv[i] = (mv[i] as number) + w * (ua[i] as number);
      });
    }
    let sum = 0;
    for (let k = 0; k < K; k++) {
      const a = moved[k] as Float64Array;
      const b = ref[k] as Float64Array;
      for (let i = 0; i < n; i++) sum += ((a[i] as number) - (b[i] as number)) ** 2;
    }
    total[j] = sum / (n * Math.max(1, K));
  }
  return { names: S.names, total };
}

/**
 * One T-learner's uplift per treatment arm from its models' raw scores ([base, control, arm 1..K],
 * null where absent), as TLearner.predict forms it: the arm's mean is the link of its raw score
 * plus the base's; the uplift is its difference from control's (0 for an arm without a model).
 */
function memberUplift(
  models: ({ m: GbdtModel; raw: Float64Array } | null)[],
  n: number,
  K: number,
): Float64Array[] {
  const [base, ...arms] = models;
  const mean = arms.map((x) => {
    if (!x) return null;
    const mu = Float64Array.from(x.raw);
    if (base) for (let i = 0; i < n; i++) mu[i] = (mu[i] as number) + (base.raw[i] as number);
    if (x.m.objective === 'binary')
      for (let i = 0; i < n; i++) mu[i] = 1 / (1 + Math.exp(-(mu[i] as number)));
    return mu;
  });
  const control = mean[0] ?? new Float64Array(n);
  return Array.from({ length: K }, (_, k) => {
    const mu = mean[k + 1];
    const u = new Float64Array(n);
    if (mu) for (let i = 0; i < n; i++) u[i] = (mu[i] as number) - (control[i] as number);
    return u;
  });
}

/** Shares of the positive totals (a feature whose splits lost out of bag on balance counts 0). */
function normalised(names: readonly string[], total: Float64Array): FeatureImportance[] | null {
  for (let j = 0; j < total.length; j++) if (!((total[j] as number) > 0)) total[j] = 0;
  let sum = 0;
  for (const v of total) sum += v;
  if (!(sum > 0)) return null;
  return names
    .map((feature, j) => ({ feature, importance: (total[j] as number) / sum }))
    .filter((f) => f.importance > 0)
    .sort((a, b) => b.importance - a.importance || a.feature.localeCompare(b.feature));
}

/** The importances stored in a model version's metrics (or, for older rows, its artifact), if any. */
export function storedFeatureImportance(raw: unknown): FeatureImportance[] | null {
  let v = raw;
  if (typeof v === 'string') {
    try {
      v = JSON.parse(v);
    } catch {
      return null;
    }
  }
  if (!v || typeof v !== 'object') return null;
  const list = Array.isArray(v)
    ? v
    : Object.entries(v as Record<string, unknown>).map(([feature, importance]) => ({ feature, importance }));
  const out = list
    .filter(
      (x): x is FeatureImportance =>
        typeof x?.feature === 'string' && typeof x?.importance === 'number' && Number.isFinite(x.importance),
    )
    // Never a customer's reason, even in a list stored by other code.
    .filter((x) => !isContextFeature(x.feature))
    .map((x) => ({ feature: x.feature, importance: x.importance }))
    .sort((a, b) => b.importance - a.importance || a.feature.localeCompare(b.feature));
  return out.length ? out : null;
}
