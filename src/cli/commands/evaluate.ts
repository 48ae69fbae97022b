import type { Command } from 'commander';
import { evaluateStoredModel } from '../../causal/pipeline/evaluate-model.ts';
import { evaluateExperimentModel } from '../../causal/pipeline/experiment-model.ts';
import { experimentToUse } from '../implied-experiment.ts';
import { action, emit } from '../output.ts';
import { withStore } from '../with-store.ts';

export function registerEvaluate(program: Command): void {
  program
    .command('evaluate')
    .description(
      'Evaluate the active uplift model on the reserved all-trigger campaign (Qini, policy values, oracle)',
    )
    .option('--db <path>', 'database file (default $AETHER_DB or ./data/aether.duckdb)')
    .option('--model <version>', 'a model version other than the active one')
    .option('--experiment <id>', 'evaluate the model of an imported flat experiment on its held-out rows')
    .option('--seed <n>', "bootstrap seed (default: the model's training seed)")
    .option('--json', 'print one JSON document')
    .action(
      action(
        async (opts: { db?: string; json?: boolean; model?: string; seed?: string; experiment?: string }) => {
          const experimentId =
            opts.experiment ?? (opts.model ? null : await withStore(opts, experimentToUse));
          const doc = await withStore(opts, async (store) =>
            experimentId
              ? flattenExperiment(await evaluateExperimentModel(store, experimentId))
              : evaluateStoredModel(store, {
                  modelVersion: opts.model,
                  seed: opts.seed ? Number(opts.seed) : undefined,
                }),
          );
          emit(doc, opts, (d) => {
            // A numeric outcome (an imported experiment's spend) is an amount per row, not a rate.
            const pct = (v: unknown) =>
              d.outcome_kind === 'numeric'
                ? (v as number).toFixed(4)
                : `${((v as number) * 100).toFixed(2)}%`;
            const est = (e: unknown) => {
              const x = e as { value: number; ci_low: number; ci_high: number };
              return `${pct(x.value)} [${pct(x.ci_low)}, ${pct(x.ci_high)}]`;
            };
            const best = d.best_single_arm as { arm: string; value: unknown };
            const lines = [
              `Model ${d.model_version}${d.experiment_id ? ` (experiment ${d.experiment_id})` : ''} on ${Number(d.holdout_rows).toLocaleString('en-US')} held-out ${d.experiment_id ? 'rows' : 'exposures'} (${(d.arms as string[]).length} arms)`,
              `  policy value, DR:  ${est(d.policy_value_dr)}`,
              `  policy value, IPW: ${est(d.policy_value_ipw)}`,
              `  treat nobody:      ${est(d.treat_nobody_value)}`,
              `  best single (${best.arm}, chosen on training): ${est(best.value)}`,
              `  random trigger:    ${est(d.random_arm_value)}`,
            ];
            if (d.simulated_truth_available) {
              lines.push(
                `  simulator truth: policy ${pct(d.policy_true_value)}, oracle ${pct(d.oracle_value)}, ` +
                  `best single ${pct(d.best_single_true_value)}, nobody ${pct(d.treat_nobody_true_value)}`,
                `  oracle incremental share ${pct(d.oracle_incremental_share)}, headroom captured ${pct(d.headroom_captured)}, ` +
                  `beats best single: ${d.beats_best_single ? 'yes' : 'no'}, DR interval covers truth: ${d.dr_covers_truth ? 'yes' : 'no'}`,
              );
            }
            lines.push('  Qini by trigger:');
            for (const [arm, q] of Object.entries(
              d.qini as Record<string, { qini_normalized: number; uplift_top10: number }>,
            ))
              lines.push(
                `    ${arm.padEnd(28)} normalised Qini ${q.qini_normalized.toFixed(3)}, uplift in top 10% ${pct(q.uplift_top10)}`,
              );
            return lines.join('\n');
          });
        },
      ),
    );
}

function flattenExperiment(e: Awaited<ReturnType<typeof evaluateExperimentModel>>): Record<string, unknown> {
  const { qini, ...rest } = e;
  return { ...rest, qini: Object.fromEntries(qini.map((q) => [q.arm, q])), simulated_truth_available: false };
}
