import type { BinnedMatrix } from '../trees/binning.ts';
import { fitGbdt, type GbdtModel, predictGbdtRaw, predictGbdtRawMany } from '../trees/gbdt.ts';
import { fitGbdtParallel, predictGbdtParallel } from '../trees/parallel.ts';
import { type FitTask, fitMany, gbdtOptions, objectiveOf } from './outcome-models.ts';
import {
  armReports,
  emptyPrediction,
  inversePropensityWeights,
  type LearnerOptions,
  type LearnerReport,
  type UpliftDataset,
  type UpliftModel,
  type UpliftPrediction,
  validateDataset,
} from './types.ts';

export interface TLearnerOptions extends LearnerOptions {
  /**
   * Weight each arm's rows by 1/propensity, so each arm's model is fitted on a sample that
   * resembles the whole population even where assignment depended on the campaign.
   */
  ipwWeights?: boolean;
  /**
   * Fit one pooled outcome model on all rows first and boost each arm's model from its
   * predictions, so the arm models learn only how their arm departs from the common response.
   * The effect mu_k - mu_0 is then the difference of two small corrections rather than of two
   * independently fitted models, which cuts variance where arms have few rows (in the spirit of
   * the shared-structure learners of Künzel et al. 2019, section 5, and of boosting from a prior).
   * `'control'` fits the base on the control rows only: the base is then mu_0 itself and each
   * treated arm's model learns its arm's effect as its departure, where a base pooled over all
   * arms takes in part of every arm's effect (with two equal arms, half of it), which early-stopped
   * arm models then recover only in part (measured on imported experiments: docs/uplift-pipeline.md,
   * "How large the uplifts are").
   */
  sharedBase?: boolean | 'control';
  /**
   * Boosting settings of the arm models only, merged field by field over `gbdt` (the shared base
   * keeps `gbdt`), e.g. `{ nEstimators: 30 }` caps every arm model at 30 rounds while the base is
   * still early-stopped at up to `gbdt.nEstimators`. Why: with a shared base the arm models learn
   * small departures from it; most stop after a dozen or two rounds, but an arm whose training
   * campaigns differ from the population can run on for hundreds and carry its campaigns' level
   * into every prediction (docs/benchmarks.md, "Early-stopping noise").
   */
  armGbdt?: LearnerOptions['gbdt'];
}

/** The arm models' boosting settings: `armGbdt` over `gbdt` (just `gbdt` without it). */
export function armGbdtOptions(opts: Pick<TLearnerOptions, 'gbdt' | 'armGbdt'>): LearnerOptions['gbdt'] {
  return opts.armGbdt ? { ...opts.gbdt, ...opts.armGbdt } : opts.gbdt;
}

export interface TLearnerState {
  kind: 't-learner';
  armNames: string[];
  report: LearnerReport;
  /** One outcome model per arm (null when the arm had too few rows). */
  models: (GbdtModel | null)[];
  /** Pooled model the arm models boost from (sharedBase), else null. */
  base: GbdtModel | null;
  /** The arm models' own boosting settings (`armGbdt`) when they had any: a record of the fit. */
  armGbdt?: LearnerOptions['gbdt'];
}

/**
 * T-learner (Künzel, Sekhon, Bickel & Yu 2019, "Metalearners for estimating heterogeneous
 * treatment effects using machine learning", PNAS): one outcome model mu_a(x) per arm, fitted
 * on that arm's rows; the effect of arm k is mu_k(x) - mu_0(x).
 */
export class TLearner implements UpliftModel {
  readonly kind = 't-learner';
  constructor(
    readonly armNames: string[],
    readonly report: LearnerReport,
    readonly models: (GbdtModel | null)[],
    readonly base: GbdtModel | null = null,
    readonly armGbdt?: LearnerOptions['gbdt'],
  ) {}

  static fit(d: UpliftDataset, opts: TLearnerOptions = {}): TLearner {
    const plan = TLearner.plan(d, opts);
    return plan.finish(fitMany(d.X, plan.tasks, armGbdtOptions(opts)));
  }

  /**
   * Same model as `fit` (bit for bit), with the per-arm models fitted in `threads` worker threads.
   * The shared base, if any, is fitted first on the calling thread.
   */
  static async fitAsync(
    d: UpliftDataset,
    opts: TLearnerOptions & { threads?: number } = {},
  ): Promise<TLearner> {
    const plan = TLearner.plan(d, opts);
    const models = await fitGbdtParallel(
      d.X,
      plan.tasks.map((t) => ({
        y: t.y,
        weight: t.weight,
        rows: t.rows,
        opts: { ...gbdtOptions(armGbdtOptions(opts), t.objective, t.seed), initRaw: t.initRaw },
      })),
      opts.threads,
    );
    return plan.finish(models);
  }

  private static plan(d: UpliftDataset, opts: TLearnerOptions) {
    const { outcome, armRows } = validateDataset(d, opts.outcome);
    const minRows = opts.minArmRows ?? 100;
    const seed = opts.seed ?? 0;
    const arms = armReports(d, armRows, minRows);
    const fitted = arms.map((r, a) => (r.status === 'fitted' ? a : -1)).filter((a) => a >= 0);
    const weight = opts.ipwWeights ? inversePropensityWeights(d) : d.weight;
    let base: GbdtModel | null = null;
    let initRaw: Float64Array | undefined;
    if (opts.sharedBase) {
      const baseRows = opts.sharedBase === 'control' ? (armRows[0] as Uint32Array) : undefined;
      base = fitGbdt(
        d.X,
        d.y,
        gbdtOptions(opts.gbdt, objectiveOf(outcome), `${seed}:t:base`),
        weight,
        baseRows,
      );
      initRaw = predictGbdtRaw(base, d.X);
    }
    const tasks: FitTask[] = fitted.map((a) => ({
      rows: armRows[a] as Uint32Array,
      y: d.y,
      objective: objectiveOf(outcome),
      weight,
      seed: `${seed}:t:${a}`,
      initRaw,
    }));
    const finish = (models: GbdtModel[]) => {
      const all: (GbdtModel | null)[] = d.armNames.map(() => null);
      fitted.forEach((a, j) => {
        all[a] = models[j] as GbdtModel;
      });
      return new TLearner(d.armNames.slice(), { outcome, arms }, all, base, opts.armGbdt);
    };
    return { tasks, finish };
  }

  /**
   * mu_a(x) from one arm model's raw score on top of the pooled base's raw score, when there is a
   * base; the link (the logistic for a binary outcome) as predictGbdt applies it.
   */
  private static armMean(m: GbdtModel, raw: Float64Array, baseRaw: Float64Array | null): Float64Array {
    if (baseRaw) for (let i = 0; i < raw.length; i++) raw[i] = (raw[i] as number) + (baseRaw[i] as number);
    if (m.objective === 'binary')
      for (let i = 0; i < raw.length; i++) raw[i] = 1 / (1 + Math.exp(-(raw[i] as number)));
    return raw;
  }

  predict(X: BinnedMatrix): UpliftPrediction {
    const K = this.armNames.length - 1;
    const out = emptyPrediction(X.nRows, K);
    // The base and every arm model in one pass over the rows; the base once, however many arms.
    const present = this.models.map((m, a) => (m ? a : -1)).filter((a) => a >= 0);
    const models = present.map((a) => this.models[a] as GbdtModel);
    const raws = predictGbdtRawMany(this.base ? [this.base, ...models] : models, X);
    const baseRaw = this.base ? (raws.shift() as Float64Array) : null;
    const mu: (Float64Array | null)[] = this.models.map(() => null);
    present.forEach((a, j) => {
      mu[a] = TLearner.armMean(models[j] as GbdtModel, raws[j] as Float64Array, baseRaw);
    });
    out.baseline = mu[0] ?? new Float64Array(X.nRows);
    for (let k = 1; k <= K; k++) {
      const m = mu[k];
      if (!m) continue; // too few rows: effect 0
      const u = out.uplift[k - 1] as Float64Array;
      for (let i = 0; i < X.nRows; i++) u[i] = (m[i] as number) - (out.baseline[i] as number);
    }
    return out;
  }

  /**
   * Same predictions as `predict`, with the arm models evaluated in worker threads (models
   * without a shared base; with one, this falls back to `predict`).
   */
  async predictAsync(X: BinnedMatrix, threads?: number): Promise<UpliftPrediction> {
    if (this.base) return this.predict(X);
    const K = this.armNames.length - 1;
    const present = this.models.map((m, a) => (m ? a : -1)).filter((a) => a >= 0);
    const preds = await predictGbdtParallel(
      X,
      present.map((a) => this.models[a] as GbdtModel),
      threads,
    );
    const mu: (Float64Array | null)[] = this.models.map(() => null);
    present.forEach((a, j) => {
      mu[a] = preds[j] as Float64Array;
    });
    const out = emptyPrediction(X.nRows, K);
    out.baseline = mu[0] ?? new Float64Array(X.nRows);
    for (let k = 1; k <= K; k++) {
      const m = mu[k];
      if (!m) continue;
      const u = out.uplift[k - 1] as Float64Array;
      for (let i = 0; i < X.nRows; i++) u[i] = (m[i] as number) - (out.baseline[i] as number);
    }
    return out;
  }

  toState(): TLearnerState {
    return {
      kind: this.kind,
      armNames: this.armNames,
      report: this.report,
      models: this.models,
      base: this.base,
      ...(this.armGbdt ? { armGbdt: this.armGbdt } : {}),
    };
  }

  static fromState(s: TLearnerState): TLearner {
    return new TLearner(s.armNames, s.report, s.models, s.base ?? null, s.armGbdt);
  }
}
