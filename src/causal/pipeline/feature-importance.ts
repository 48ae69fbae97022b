import { isContextFeature } from '../campaign-context.ts';
import { UpliftForest } from '../forest/uplift-forest.ts';
import { BaggedTLearner } from '../learners/bagged-t-learner.ts';
import { DRLearner } from '../learners/dr-learner.ts';
import { TLearner } from '../learners/t-learner.ts';
import type { UpliftModel } from '../learners/types.ts';
import { XLearner } from '../learners/x-learner.ts';
import type { GbdtModel } from '../trees/gbdt.ts';

export interface FeatureImportance {
  feature: string;
  importance: number;
}

/**
 * What drives a fitted uplift model's predictions, as each feature's share of the split gain of
 * the trees that model the effect (gain importance: Breiman 2001's impurity decrease, as
 * LightGBM's `importance_type="gain"` and CausalML's uplift trees report it), normalised to sum
 * to 1, largest first, features with no split left out. Computed once at training time from the
 * fitted model and stored in the model version's metrics.
 *
 * - uplift forest: what every split gains by treating each child with its own best arm, measured
 *   on the tree's out-of-bag rows and weighted by their share at the node (so a root split counts
 *   more than a deep one, and a split on noise earns about nothing), over all trees;
 * - X- and DR-learner: the boosted trees of the effect models only (tau_0 and tau_1 per arm; the
 *   DR pseudo-outcome regressions), not the baseline or propensity models;
 * - T-learner: the per-arm outcome models, whose difference is the effect (so features that
 *   move the outcome alike in every arm count too: the T-learner has no effect model of its
 *   own), without the pooled base model they boost from.
 *
 * The campaign's context (its window and season, src/causal/campaign-context.ts) is left out:
 * it is the same for every customer scored together, so it is never a customer's reason; the
 * shares are those of the customer features among themselves (`contextImportance` gives the
 * context's share of the whole).
 *
 * Null when the model has no split at all, or when a forest was saved before it recorded gains.
 */
export function upliftFeatureImportance(model: UpliftModel): FeatureImportance[] | null {
  const gains = splitGains(model);
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
          : model instanceof DRLearner
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
