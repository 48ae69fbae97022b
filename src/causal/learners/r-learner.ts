import { InvalidInput } from '../../core/errors.ts';
import { Rng } from '../../core/rng.ts';
import { type BinnedMatrix, takeRows } from '../trees/binning.ts';
import { fitGbdt, type GbdtModel, predictGbdt, predictGbdtRawMany } from '../trees/gbdt.ts';
import { fitGbdtParallel, type ParallelFitTask } from '../trees/parallel.ts';
import { foldIds, gbdtOptions, objectiveOf } from './outcome-models.ts';
import {
  armReports,
  emptyPrediction,
  type LearnerOptions,
  type LearnerReport,
  type UpliftDataset,
  type UpliftModel,
  type UpliftPrediction,
  validateDataset,
} from './types.ts';

export interface RLearnerOptions extends LearnerOptions {
  /** Cross-fitting folds of the marginal outcome model m(x) (default 2). */
  folds?: number;
  /**
   * `absolute` (default): tau_k(x) is modelled directly, the paper's form. `relative` (binary
   * outcomes only): tau_k(x) = m(x) g_k(x), with g_k the arm's relative lift, fitted by the same
   * R-loss in this parametrisation: the pseudo-outcome (y - m) / ((w - e) m) with weights
   * ((w - e) m)^2. An effect measured on an audience that buys often then carries to customers who
   * rarely buy in proportion to how often they buy, rather than as the same number of points (what
   * the T-learner's logistic link does near a low baseline). m at prediction time is the mean of
   * the fold models, which the model then keeps.
   */
  effectScale?: 'absolute' | 'relative';
}

export interface RLearnerState {
  kind: 'r-learner';
  armNames: string[];
  report: LearnerReport;
  /** E[y | control, x], fitted on the control rows (the effect models give only differences). */
  baseline: GbdtModel | null;
  /** tau_k per arm (index 0, the control, is null; so is an arm with too few rows); g_k when relative. */
  effects: (GbdtModel | null)[];
  /** The fold models of m, kept only on the relative scale (tau_k = m g_k). */
  marginal?: GbdtModel[];
}

/** One boosted fit: the rows, target and weights it is fitted on, as a worker task takes them. */
type Task = ParallelFitTask & { rows: Uint32Array };

/**
 * R-learner (Nie & Wager 2021, "Quasi-oracle estimation of heterogeneous treatment effects",
 * Biometrika 108(2); after Robinson 1988), the loss grf's causal forest centres on, one effect
 * model per treatment arm against control (multi-arm as in grf's multi_arm_causal_forest: one
 * shared m, one tau per arm). For arm k, on the rows that received k or control in campaigns that
 * offered both:
 *   tau_k = argmin sum_i [ (y_i - m(x_i)) - (w_i - e_k,i) tau(x_i) ]^2
 *         = argmin sum_i (w_i - e_k,i)^2 [ (y_i - m(x_i)) / (w_i - e_k,i) - tau(x_i) ]^2,
 * i.e. a weighted regression of the pseudo-outcome (y - m) / (w - e) with weights (w - e)^2, here
 * by boosted regression trees (the slow, shallow effect stage `effectGbdt`, early-stopped on a
 * seeded share of the rows, on exactly this weighted loss). w = 1 on arm k's rows, 0 on control's.
 *
 * m(x) = E[y | x] is one pooled outcome model over every arm's rows, cross-fitted by folds of
 * customers (`group`), so no row's residual comes from a model that saw it (Nie & Wager's
 * cross-fitting; Chernozhukov et al. 2018). e_k = p_c(k) / (p_c(k) + p_c(0)) is the probability of
 * k within the pair in the row's campaign c, known from the log, not modelled: p_c(a) is the
 * campaign's logged assignment probability of arm a (constant within a campaign, as campaigns
 * assign; where the logged values vary within a campaign, the arm's share of the campaign's rows).
 * Because e is exact, an error in m does not bias tau, it only adds variance (the loss is
 * orthogonal to m: E[(w - e) d(x)] = 0 for any d), so a campaign whose outcome level m misses
 * moves tau less than it moves a T-learner's difference of outcome models.
 */
export class RLearner implements UpliftModel {
  readonly kind = 'r-learner';
  constructor(
    readonly armNames: string[],
    readonly report: LearnerReport,
    readonly baseline: GbdtModel | null,
    readonly effects: (GbdtModel | null)[],
    readonly marginal: GbdtModel[] | null = null,
  ) {}

  static fit(d: UpliftDataset, opts: RLearnerOptions = {}): RLearner {
    const plan = RLearner.plan(d, opts);
    const m = plan.residualTasks.map((t) => fitGbdt(d.X, t.y, t.opts, t.weight, t.rows));
    const effectTasks = plan.effectTasks(plan.marginal(m));
    return plan.finish(
      effectTasks.map((t) => fitGbdt(d.X, t.y, t.opts, t.weight, t.rows)),
      m,
    );
  }

  /**
   * Same model as `fit` (bit for bit: every fit carries its own seed), with the fold models of m
   * fitted in `threads` worker threads, then the baseline and the arms' effect models.
   */
  static async fitAsync(
    d: UpliftDataset,
    opts: RLearnerOptions & { threads?: number } = {},
  ): Promise<RLearner> {
    const plan = RLearner.plan(d, opts);
    const m = await fitGbdtParallel(d.X, plan.residualTasks, opts.threads);
    return plan.finish(await fitGbdtParallel(d.X, plan.effectTasks(plan.marginal(m)), opts.threads), m);
  }

  private static plan(d: UpliftDataset, opts: RLearnerOptions) {
    const { outcome, armRows } = validateDataset(d, opts.outcome);
    const n = d.X.nRows;
    const K1 = d.armNames.length;
    const seed = opts.seed ?? 0;
    const folds = Math.max(2, Math.floor(opts.folds ?? 2));
    const arms = armReports(d, armRows, opts.minArmRows ?? 100);
    const relative = opts.effectScale === 'relative';
    if (relative && outcome !== 'binary')
      throw new InvalidInput(
        'effectScale "relative" needs a binary outcome (a relative lift of a probability)',
        [{ name: 'effectScale', reason: 'needs a binary outcome' }],
      );
    const fold = customerFolds(d, folds, `${seed}:r`);
    const foldRows = Array.from({ length: folds }, (_, f) => rowsWhere(n, (i) => fold[i] === f));
    const objective = objectiveOf(outcome);
    // The fold models of m: model f is fitted on every row outside fold f and predicts fold f.
    const residualTasks: Task[] = foldRows.map((_, f) => ({
      y: d.y,
      weight: d.weight,
      rows: rowsWhere(n, (i) => fold[i] !== f),
      opts: gbdtOptions(opts.gbdt, objective, `${seed}:r:m:${f}`),
    }));
    const marginal = (models: GbdtModel[]): Float64Array => {
      const m = new Float64Array(n);
      foldRows.forEach((rows, f) => {
        if (rows.length === 0) return;
        const pred = predictGbdt(models[f] as GbdtModel, takeRows(d.X, rows));
        rows.forEach((i, j) => {
          m[i] = pred[j] as number;
        });
      });
      return m;
    };
    const pairs = pairPropensities(d, K1);
    const fitted = arms.map((r, k) => k > 0 && r.status === 'fitted');
    const effectTasks = (m: Float64Array): Task[] => {
      const tasks: Task[] = [
        {
          y: d.y,
          weight: d.weight,
          rows: armRows[0] as Uint32Array,
          opts: gbdtOptions(opts.gbdt, objective, `${seed}:r:base`),
        },
      ];
      const effectOpts = { ...opts.gbdt, ...opts.effectGbdt };
      for (let k = 1; k < K1; k++) {
        if (!fitted[k]) continue;
        const e = pairs[k] as Float64Array;
        const rows = rowsWhere(n, (i) => {
          const a = d.arm[i] as number;
          return (a === 0 || a === k) && e[i]! > 0 && e[i]! < 1;
        });
        const psi = new Float64Array(n);
        const w = new Float64Array(n);
        for (const i of rows) {
          // On the relative scale the regressor of tau's factor g is (w - e) m rather than (w - e).
          const r = ((d.arm[i] === k ? 1 : 0) - (e[i] as number)) * (relative ? (m[i] as number) : 1);
          psi[i] = ((d.y[i] as number) - (m[i] as number)) / r;
          w[i] = r * r * (d.weight ? (d.weight[i] as number) : 1);
        }
        tasks.push({
          y: psi,
          weight: w,
          rows,
          opts: gbdtOptions(effectOpts, 'regression', `${seed}:r:tau:${k}`),
        });
      }
      return tasks;
    };
    const finish = (models: GbdtModel[], marginalModels: GbdtModel[]): RLearner => {
      const effects: (GbdtModel | null)[] = d.armNames.map(() => null);
      let j = 1;
      for (let k = 1; k < K1; k++) if (fitted[k]) effects[k] = models[j++] as GbdtModel;
      return new RLearner(
        d.armNames.slice(),
        { outcome, arms },
        models[0] as GbdtModel,
        effects,
        relative ? marginalModels : null,
      );
    };
    return { residualTasks, marginal, effectTasks, finish };
  }

  predict(X: BinnedMatrix): UpliftPrediction {
    const K = this.armNames.length - 1;
    const out = emptyPrediction(X.nRows, K);
    const present = this.effects.map((m, k) => (m ? k : -1)).filter((k) => k > 0);
    const models = present.map((k) => this.effects[k] as GbdtModel);
    // Every model in one pass over the rows.
    const raws = predictGbdtRawMany(this.baseline ? [this.baseline, ...models] : models, X);
    if (this.baseline) {
      const b = raws.shift() as Float64Array;
      if (this.baseline.objective === 'binary')
        for (let i = 0; i < b.length; i++) b[i] = 1 / (1 + Math.exp(-(b[i] as number)));
      out.baseline = b;
    }
    const m = this.marginal ? this.marginalMean(X) : null;
    present.forEach((k, j) => {
      const u = raws[j] as Float64Array;
      if (m) for (let i = 0; i < u.length; i++) u[i] = (u[i] as number) * (m[i] as number);
      out.uplift[k - 1] = u;
    });
    return out;
  }

  /** m(x) as the mean of the fold models' probabilities (relative scale only). */
  private marginalMean(X: BinnedMatrix): Float64Array {
    const folds = this.marginal as GbdtModel[];
    const raws = predictGbdtRawMany(folds, X);
    const m = new Float64Array(X.nRows);
    for (const r of raws)
      for (let i = 0; i < m.length; i++) m[i] = (m[i] as number) + 1 / (1 + Math.exp(-(r[i] as number)));
    for (let i = 0; i < m.length; i++) m[i] = (m[i] as number) / folds.length;
    return m;
  }

  toState(): RLearnerState {
    return {
      kind: this.kind,
      armNames: this.armNames,
      report: this.report,
      baseline: this.baseline,
      effects: this.effects,
      ...(this.marginal ? { marginal: this.marginal } : {}),
    };
  }

  static fromState(s: RLearnerState): RLearner {
    return new RLearner(s.armNames, s.report, s.baseline, s.effects, s.marginal ?? null);
  }
}

function rowsWhere(n: number, keep: (i: number) => boolean): Uint32Array {
  const out: number[] = [];
  for (let i = 0; i < n; i++) if (keep(i)) out.push(i);
  return Uint32Array.from(out);
}

/**
 * Seeded folds; with `group` ids a group's rows (a customer's exposures in several campaigns, which
 * share the customer's own response) fall in one fold, so m never predicts a customer it saw.
 */
function customerFolds(d: UpliftDataset, folds: number, seed: string): Uint8Array {
  const n = d.X.nRows;
  if (!d.group) return foldIds(n, folds, seed);
  let groups = 0;
  for (let i = 0; i < n; i++) {
    const g = d.group[i] as number;
    if (!(Number.isInteger(g) && g >= 0))
      throw new InvalidInput(`row ${i}: group id ${g}`, [
        { name: `group[${i}]`, reason: 'group ids must be integers from 0' },
      ]);
    if (g + 1 > groups) groups = g + 1;
  }
  const rng = Rng.derive(seed, 'group-folds');
  const ofGroup = new Uint8Array(groups);
  for (let g = 0; g < groups; g++) ofGroup[g] = rng.int(folds);
  return Uint8Array.from(d.group, (g) => ofGroup[g] as number);
}

/**
 * Per arm k >= 1 and row i, e_k = p_c(k) / (p_c(k) + p_c(0)) in the row's campaign c (all rows
 * one campaign without `campaign` ids); 0 where the campaign did not offer k, 1 where it had no
 * control (rows with e of 0 or 1 carry no information about tau_k and are left out).
 */
export function pairPropensities(d: UpliftDataset, K1: number): Float64Array[] {
  const n = d.X.nRows;
  const campaign = d.campaign ?? new Int32Array(n);
  let C = 0;
  for (let i = 0; i < n; i++) C = Math.max(C, (campaign[i] as number) + 1);
  const count = new Float64Array(C * K1);
  const total = new Float64Array(C);
  const lo = new Float64Array(C * K1).fill(Number.POSITIVE_INFINITY);
  const hi = new Float64Array(C * K1).fill(Number.NEGATIVE_INFINITY);
  for (let i = 0; i < n; i++) {
    const j = (campaign[i] as number) * K1 + (d.arm[i] as number);
    const p = d.propensity[i] as number;
    count[j]++;
    total[campaign[i] as number]++;
    if (p < lo[j]!) lo[j] = p;
    if (p > hi[j]!) hi[j] = p;
  }
  // The campaign's probability of each arm: the logged value where it is one value (randomised
  // campaigns), else the arm's share of the campaign's rows (the mean assignment probability).
  const prob = new Float64Array(C * K1);
  for (let c = 0; c < C; c++)
    for (let a = 0; a < K1; a++) {
      const j = c * K1 + a;
      if (count[j] === 0) continue;
      prob[j] = hi[j]! - lo[j]! <= 1e-9 ? (lo[j] as number) : count[j]! / total[c]!;
    }
  return Array.from({ length: K1 }, (_, k) => {
    const e = new Float64Array(n);
    if (k === 0) return e;
    for (let i = 0; i < n; i++) {
      const c = campaign[i] as number;
      const pk = prob[c * K1 + k] as number;
      const p0 = prob[c * K1] as number;
      e[i] = pk + p0 > 0 ? pk / (pk + p0) : 0;
    }
    return e;
  });
}
