import { type BinnedMatrix, takeRows } from '../trees/binning.ts';
import { fitGbdt, type GbdtModel, type GbdtOptions, predictGbdt } from '../trees/gbdt.ts';
import { gbdtOptions, predictOr } from './outcome-models.ts';
import { TLearner } from './t-learner.ts';
import {
  emptyPrediction,
  type LearnerOptions,
  type LearnerReport,
  type UpliftDataset,
  type UpliftModel,
  type UpliftPrediction,
  validateDataset,
} from './types.ts';

export interface XLearnerOptions extends LearnerOptions {
  /** Settings of the per-pair propensity classifier g_k(x) = P(arm k | x, arm in {0, k}). */
  propensityGbdt?: Partial<GbdtOptions>;
}

export interface XArmModels {
  tau0: GbdtModel;
  tau1: GbdtModel;
  propensity: GbdtModel;
}

export interface XLearnerState {
  kind: 'x-learner';
  armNames: string[];
  report: LearnerReport;
  baseline: GbdtModel | null;
  arms: (XArmModels | null)[];
}

/**
 * X-learner (Künzel, Sekhon, Bickel & Yu 2019, PNAS), multi-treatment as in CausalML: for each
 * treatment k, the pair (control, k) is handled on its own.
 * Stage 1: outcome models mu_0, mu_k (a T-learner).
 * Stage 2: imputed effects D1 = y - mu_0(x) on arm-k rows and D0 = mu_k(x) - y on control rows,
 * each regressed on x (tau_1, tau_0).
 * Stage 3: tau_k(x) = g_k(x) tau_0(x) + (1 - g_k(x)) tau_1(x), with g_k the propensity of k within
 * the pair. Logged propensities are per received arm only, so g_k is a boosted classifier of
 * "received k rather than control" (any weight in [0, 1] keeps the estimator consistent; the
 * propensity is the paper's recommended choice).
 */
export class XLearner implements UpliftModel {
  readonly kind = 'x-learner';
  constructor(
    readonly armNames: string[],
    readonly report: LearnerReport,
    readonly baseline: GbdtModel | null,
    readonly arms: (XArmModels | null)[],
  ) {}

  static fit(d: UpliftDataset, opts: XLearnerOptions = {}): XLearner {
    const { armRows } = validateDataset(d, opts.outcome);
    const seed = opts.seed ?? 0;
    const t = TLearner.fit(d, { ...opts, sharedBase: false });
    const mu0 = t.models[0] as GbdtModel;
    const ctrlRows = armRows[0] as Uint32Array;
    const Xc = takeRows(d.X, ctrlRows);
    const arms: (XArmModels | null)[] = [null];
    for (let k = 1; k < d.armNames.length; k++) {
      const muk = t.models[k];
      if (!muk) {
        arms.push(null);
        continue;
      }
      const rows1 = armRows[k] as Uint32Array;
      const X1 = takeRows(d.X, rows1);
      const D = new Float64Array(d.X.nRows);
      const mu0OnTreated = predictGbdt(mu0, X1);
      rows1.forEach((i, j) => {
        D[i] = (d.y[i] as number) - (mu0OnTreated[j] as number);
      });
      const mukOnControl = predictGbdt(muk, Xc);
      ctrlRows.forEach((i, j) => {
        D[i] = (mukOnControl[j] as number) - (d.y[i] as number);
      });
      const tau1 = fitGbdt(
        d.X,
        D,
        gbdtOptions({ ...opts.gbdt, ...opts.effectGbdt }, 'regression', `${seed}:x1:${k}`),
        d.weight,
        rows1,
      );
      const tau0 = fitGbdt(
        d.X,
        D,
        gbdtOptions({ ...opts.gbdt, ...opts.effectGbdt }, 'regression', `${seed}:x0:${k}`),
        d.weight,
        ctrlRows,
      );
      const pairRows = Uint32Array.from([...ctrlRows, ...rows1]).sort();
      const isK = new Float64Array(d.X.nRows);
      for (const i of rows1) isK[i] = 1;
      const propensity = fitGbdt(
        d.X,
        isK,
        {
          ...gbdtOptions(
            { nEstimators: 50, ...opts.gbdt, ...opts.propensityGbdt },
            'binary',
            `${seed}:xg:${k}`,
          ),
        },
        undefined,
        pairRows,
      );
      arms.push({ tau0, tau1, propensity });
    }
    return new XLearner(d.armNames.slice(), t.report, mu0, arms);
  }

  predict(X: BinnedMatrix): UpliftPrediction {
    const K = this.armNames.length - 1;
    const out = emptyPrediction(X.nRows, K);
    out.baseline = predictOr(this.baseline, X, 0);
    for (let k = 1; k <= K; k++) {
      const m = this.arms[k];
      if (!m) continue;
      const t0 = predictGbdt(m.tau0, X);
      const t1 = predictGbdt(m.tau1, X);
      const g = predictGbdt(m.propensity, X);
      const u = out.uplift[k - 1] as Float64Array;
      for (let i = 0; i < X.nRows; i++) {
        const gi = g[i] as number;
        u[i] = gi * (t0[i] as number) + (1 - gi) * (t1[i] as number);
      }
    }
    return out;
  }

  toState(): XLearnerState {
    return {
      kind: this.kind,
      armNames: this.armNames,
      report: this.report,
      baseline: this.baseline,
      arms: this.arms,
    };
  }

  static fromState(s: XLearnerState): XLearner {
    return new XLearner(s.armNames, s.report, s.baseline, s.arms);
  }
}
