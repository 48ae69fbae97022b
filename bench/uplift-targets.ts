/**
 * The causal engine's targets on the simulator's default difficulty (issue 4): for several seeds,
 * generate a data set, train the default learner on every campaign but the reserved all-trigger
 * one, and score the recommended policy on that campaign with the simulator's true probabilities.
 *
 *   npm run bench -- uplift-targets [--customers 30000] [--seeds 1,2,3] [--learner forest] [--no-context]
 *     [--learner-options JSON] [--json]
 *
 * --no-context trains without the campaign's window and season (the default before they were
 * adopted), to compare on the same data. --learner-options sets learner settings over the defaults (e.g.
 * '{"sharedBase":"control"}'), to compare settings on the same data.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { FitUpliftOptions } from '../src/causal/fit-uplift.ts';
import { trainUplift } from '../src/causal/pipeline/train-uplift.ts';
import { DEFAULT_LEARNER, type LearnerKind } from '../src/causal/pipeline/uplift-artifact.ts';
import { generateDataset } from '../src/simulate/generate.ts';
import { openStore } from '../src/store/open.ts';

const args = process.argv.slice(2);
const flag = (name: string, dflt: string) => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 ? (args[i + 1] as string) : dflt;
};
const customers = Number(flag('customers', '30000'));
const seeds = flag('seeds', '1,2,3').split(',').map(Number);
const learner = flag('learner', DEFAULT_LEARNER) as LearnerKind;
const json = args.includes('--json');
const campaignContext = !args.includes('--no-context');
const learnerOptions = JSON.parse(flag('learner-options', '{}')) as Partial<FitUpliftOptions>;

const runs = [];
for (const seed of seeds) {
  const dir = mkdtempSync(join(tmpdir(), 'aether-bench-uplift-'));
  const db = join(dir, 'sim.duckdb');
  try {
    const t0 = Date.now();
    await generateDataset({ customers, seed, db, quiet: true });
    const store = await openStore(db);
    const r = await trainUplift(store, {
      goal: 'conversion',
      learner,
      seed,
      objective: 'conversion',
      channel: 'email',
      campaignContext,
      learnerOptions,
    });
    await store.close();
    const pick = (e: NonNullable<typeof r.evaluation>['conversion']) => ({
      oracle_incremental_share: e.truth?.oracle_incremental_share,
      headroom_captured: e.truth?.headroom_captured,
      beats_best_single: e.truth?.beats_best_single,
      policy_minus_best_single: e.truth?.policy_minus_best_single,
      dr_covers_truth: e.truth?.dr_covers_truth,
      policy_true_value: e.truth?.policy_true_value,
      oracle_value: e.truth?.oracle_value,
      best_single_true_value: e.truth?.best_single_true_value,
      treat_nobody_true_value: e.truth?.treat_nobody_true_value,
      best_single_arm: e.best_single_arm.arm,
      policy_value_dr: e.policy_value_dr,
    });
    const run = {
      seed,
      customers,
      training_rows: r.training_rows,
      holdout_rows: r.evaluation?.conversion.holdout_rows,
      conversion: r.evaluation ? pick(r.evaluation.conversion) : null,
      profit: r.evaluation ? pick(r.evaluation.profit) : null,
      seconds: { total: (Date.now() - t0) / 1000, train: r.seconds },
    };
    runs.push(run);
    process.stderr.write(
      `seed ${seed}: conversion share ${run.conversion?.oracle_incremental_share?.toFixed(3)}, headroom ${run.conversion?.headroom_captured?.toFixed(3)}; ` +
        `profit share ${run.profit?.oracle_incremental_share?.toFixed(3)}, headroom ${run.profit?.headroom_captured?.toFixed(3)}\n`,
    );
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
const result = {
  date: new Date().toISOString(),
  learner,
  campaign_context: campaignContext,
  learner_options: learnerOptions,
  customers,
  seeds,
  runs,
};
process.stdout.write(json ? `${JSON.stringify(result, null, 2)}\n` : `${JSON.stringify(result)}\n`);
