import { aipwScores } from '../evaluate/aipw.ts';
import { type BinnedMatrix, takeRows } from '../trees/binning.ts';
import { fitGbdt, type GbdtModel, predictGbdt } from '../trees/gbdt.ts';
import { foldIds, gbdtOptions, objectiveOf, predictOr } from './outcome-models.ts';
import {
  armAvailability,
  armReports,
  emptyPrediction,
  type LearnerOptions,
  type LearnerReport,
  type UpliftDataset,
  type UpliftModel,
  type UpliftPrediction,
  validateDataset,
} from './types.ts';

export interface DRLearnerOptions extends LearnerOptions {
  /** Cross-fitting folds (default 2). */
  folds?: number;
  /** Lower clip of the logged propensities in the AIPW terms (default 0.01). */
  propensityClip?: number;
}

export interface DRLearnerState {
  kind: 'dr-learner';
  armNames: string[];
  report: LearnerReport;
  baseline: GbdtModel | null;
  effects: (GbdtModel | null)[];
}

/**
 * Cross-fitted outcome predictions mu_a(x_i) for every arm a and row i: each row is predicted by
 * models that never saw it (Chernozhukov et al. 2018, double/debiased machine learning).
 */
export function crossFitOutcomes(
  d: UpliftDataset,
  opts: DRLearnerOptions = {},
): { mu: Float64Array[]; report: LearnerReport; armRows: Uint32Array[] } {
  const { outcome, armRows } = validateDataset(d, opts.outcome);
  const n = d.X.nRows;
  const K1 = d.armNames.length;
  const folds = Math.max(2, opts.folds ?? 2);
  const seed = opts.seed ?? 0;
  const minRows = opts.minArmRows ?? 100;
  const fold = foldIds(n, folds, `${seed}:dr`);
  const arms = armReports(d, armRows, minRows);
  const mu = Array.from({ length: K1 }, () => new Float64Array(n));
  for (let f = 0; f < folds; f++) {
    const inFold: number[] = [];
    for (let i = 0; i < n; i++) if (fold[i] === f) inFold.push(i);
    const foldRows = Uint32Array.from(inFold);
    const Xf = takeRows(d.X, foldRows);
    for (let a = 0; a < K1; a++) {
      const train = (armRows[a] as Uint32Array).filter((i) => fold[i] !== f);
      let pred: Float64Array;
      if (arms[a]!.status === 'fitted' && train.length >= 2) {
        const m = fitGbdt(
          d.X,
          d.y,
          gbdtOptions(opts.gbdt, objectiveOf(outcome), `${seed}:dr:${f}:${a}`),
          d.weight,
          train,
        );
        pred = predictGbdt(m, Xf);
      } else {
        // Too few rows for arm a: it borrows the control model's prediction (effect shrunk to 0).
        pred = Float64Array.from(foldRows, (i) => mu[0]![i] as number);
      }
      const m = mu[a] as Float64Array;
      foldRows.forEach((i, j) => {
        m[i] = pred[j] as number;
      });
    }
  }
  return { mu, report: { outcome, arms }, armRows };
}

/**
 * DR-learner (Kennedy 2020, "Towards optimal doubly robust estimation of heterogeneous causal
 * effects", arXiv:2004.14497): cross-fitted AIPW pseudo-outcomes
 *   phi_k = Gamma_k - Gamma_0,  Gamma_a = mu_a(x) + 1[A = a] (y - mu_a(x)) / e_a(x)
 * with e the logged assignment probability, regressed on x by boosted regression trees.
 * Each arm's regression uses only rows to which that arm was available (its campaign tested it),
 * which is where the AIPW term is defined (positivity).
 */
export class DRLearner implements UpliftModel {
  readonly kind = 'dr-learner';
  constructor(
    readonly armNames: string[],
    readonly report: LearnerReport,
    readonly baseline: GbdtModel | null,
    readonly effects: (GbdtModel | null)[],
  ) {}

  static fit(d: UpliftDataset, opts: DRLearnerOptions = {}): DRLearner {
    const seed = opts.seed ?? 0;
    const { mu, report, armRows } = crossFitOutcomes(d, opts);
    const gamma = aipwScores(d.arm, d.y, d.propensity, mu, { clip: opts.propensityClip });
    const avail = armAvailability(d);
    const n = d.X.nRows;
    const effects: (GbdtModel | null)[] = [null];
    for (let k = 1; k < d.armNames.length; k++) {
      if (report.arms[k]!.status !== 'fitted') {
        effects.push(null);
        continue;
      }
      const phi = new Float64Array(n);
      const g0 = gamma[0] as Float64Array;
      const gk = gamma[k] as Float64Array;
      for (let i = 0; i < n; i++) phi[i] = (gk[i] as number) - (g0[i] as number);
      const av = avail[k] as Uint8Array;
      const rows: number[] = [];
      for (let i = 0; i < n; i++) if (av[i]) rows.push(i);
      effects.push(
        fitGbdt(
          d.X,
          phi,
          gbdtOptions({ ...opts.gbdt, ...opts.effectGbdt }, 'regression', `${seed}:dr:tau:${k}`),
          d.weight,
          Uint32Array.from(rows),
        ),
      );
    }
    const baseline = fitGbdt(
      d.X,
      d.y,
      gbdtOptions(opts.gbdt, objectiveOf(report.outcome), `${seed}:dr:base`),
      d.weight,
      armRows[0],
    );
    return new DRLearner(d.armNames.slice(), report, baseline, effects);
  }

  predict(X: BinnedMatrix): UpliftPrediction {
    const K = this.armNames.length - 1;
    const out = emptyPrediction(X.nRows, K);
    out.baseline = predictOr(this.baseline, X, 0);
    for (let k = 1; k <= K; k++) {
      const m = this.effects[k];
      if (m) out.uplift[k - 1] = predictGbdt(m, X);
    }
    return out;
  }

  toState(): DRLearnerState {
    return {
      kind: this.kind,
      armNames: this.armNames,
      report: this.report,
      baseline: this.baseline,
      effects: this.effects,
    };
  }

  static fromState(s: DRLearnerState): DRLearner {
    return new DRLearner(s.armNames, s.report, s.baseline, s.effects);
  }
}
