import { Rng } from '../../core/rng.ts';
import type { BinnedMatrix } from '../trees/binning.ts';
import { fitGbdt, type GbdtModel, type GbdtOptions, predictGbdt } from '../trees/gbdt.ts';
import { DEFAULT_LEARNER_GBDT, type OutcomeKind } from './types.ts';

export interface FitTask {
  rows: Uint32Array;
  y: Float64Array;
  objective: 'binary' | 'regression';
  weight?: Float64Array;
  seed: string;
  initRaw?: Float64Array;
}

export function gbdtOptions(
  base: Partial<GbdtOptions> | undefined,
  objective: 'binary' | 'regression',
  seed: string,
): GbdtOptions {
  return { ...DEFAULT_LEARNER_GBDT, ...base, objective, seed };
}

export function objectiveOf(outcome: OutcomeKind): 'binary' | 'regression' {
  return outcome === 'binary' ? 'binary' : 'regression';
}

/** Fit one boosted model per task on rows of the same binned matrix. */
export function fitMany(
  X: BinnedMatrix,
  tasks: FitTask[],
  base: Partial<GbdtOptions> | undefined,
): GbdtModel[] {
  return tasks.map((t) =>
    fitGbdt(X, t.y, { ...gbdtOptions(base, t.objective, t.seed), initRaw: t.initRaw }, t.weight, t.rows),
  );
}

/** Predictions of a model, or a constant when the model is absent. */
export function predictOr(model: GbdtModel | null, X: BinnedMatrix, fallback: number): Float64Array {
  return model ? predictGbdt(model, X) : new Float64Array(X.nRows).fill(fallback);
}

/** Seeded split of 0..n-1 into `folds` folds. */
export function foldIds(n: number, folds: number, seed: number | string): Uint8Array {
  const rng = Rng.derive(seed, 'folds');
  const out = new Uint8Array(n);
  for (let i = 0; i < n; i++) out[i] = rng.int(folds);
  return out;
}
