import type { Command } from 'commander';
import { trainDerivedScores } from '../../causal/pipeline/derived-scores.ts';
import { trainExperimentModel } from '../../causal/pipeline/experiment-model.ts';
import {
  DEFAULT_MAX_TRAINING_ROWS,
  type TrainUpliftResult,
  trainUplift,
} from '../../causal/pipeline/train-uplift.ts';
import { DEFAULT_LEARNER, LEARNER_KINDS, type LearnerKind } from '../../causal/pipeline/uplift-artifact.ts';
import { CAMPAIGN_GOALS, type CampaignGoal } from '../../contracts/goals.ts';
import { Channel } from '../../contracts/trigger-costs.ts';
import { InvalidInput } from '../../core/errors.ts';
import { untestedOfMetrics } from '../../segments/untested-triggers.ts';
import { experimentToTrain } from '../implied-experiment.ts';
import { action, emit } from '../output.ts';
import { withStore } from '../with-store.ts';

export interface TrainCliOptions {
  db?: string;
  json?: boolean;
  goal: string;
  learner: string;
  objective: string;
  channel: string;
  seed: string;
  maxRows?: string;
  derived?: boolean;
  experiment?: string;
  select?: boolean;
  holdout: string;
}

function parseChoice<T extends string>(name: string, value: string, choices: readonly T[]): T {
  if (!(choices as readonly string[]).includes(value)) {
    throw new InvalidInput(`--${name} must be one of ${choices.join(', ')}; got "${value}"`, [
      { name, reason: `not one of ${choices.join(', ')}` },
    ]);
  }
  return value as T;
}

function parseInteger(name: string, value: string, min: number): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < min) {
    throw new InvalidInput(`--${name} must be an integer >= ${min}; got "${value}"`, [
      { name, reason: 'not an integer' },
    ]);
  }
  return n;
}

/**
 * What `train --select` says of its sweep: how long it took (issue 4: a full sweep may take longer
 * than the default's training, and its time is reported), what every learner was fitted and
 * judged on, and each candidate's held-out policy value, mean Qini and fit time.
 */
export function selectionLines(sel: NonNullable<TrainUpliftResult['selection']>, outcome: string): string[] {
  // A conversion-like outcome's policy value is a rate; order_value's an amount per exposure.
  const v = (x: number) => (outcome === 'order_value' ? x.toFixed(2) : `${(x * 100).toFixed(2)}%`);
  return [
    `Model selection in ${sel.seconds.toFixed(1)} s: every learner fitted on ${sel.training_rows.toLocaleString('en-US')} exposures of the earlier ` +
      `campaigns with the settings train gives it, judged on ${sel.held_out_rows.toLocaleString('en-US')} of the latest ` +
      `(${sel.held_out_campaigns.join(', ')}); chose ${sel.chosen}.`,
    ...sel.candidates.map(
      (c) =>
        `  ${c.learner}${c.is_default ? ' (default)' : ''}: policy ${v(c.policy_value_dr)} [${v(c.policy_value_ci[0])}, ${v(c.policy_value_ci[1])}], ` +
        `mean Qini ${Number.isFinite(c.mean_qini) ? c.mean_qini.toFixed(3) : 'n/a'}, fit ${c.fit_seconds.toFixed(1)} s`,
    ),
  ];
}

export function registerTrain(program: Command): void {
  program
    .command('train')
    .description(
      'Train the multi-trigger uplift model on the campaign history, evaluate it, and score every customer',
    )
    .option('--db <path>', 'database file (default $AETHER_DB or ./data/aether.duckdb)')
    .option(
      '--goal <goal>',
      `campaign goal whose outcome to learn (${CAMPAIGN_GOALS.join(', ')})`,
      'conversion',
    )
    .option('--learner <kind>', `uplift learner (${LEARNER_KINDS.join(', ')})`, DEFAULT_LEARNER)
    .option('--objective <objective>', 'what recommendations maximise: conversion or profit', 'profit')
    .option('--channel <channel>', 'channel whose send cost applies (email, sms, push)', 'email')
    .option('--seed <n>', 'random seed', '1')
    .option(
      '--max-rows <n>',
      `learn from at most this many exposures, or with --experiment training rows (a seeded sample, by arm for an experiment), or "all"`,
      String(DEFAULT_MAX_TRAINING_ROWS),
    )
    .option(
      '--experiment <id>',
      'train on an imported flat experiment instead (see `aether import experiment`)',
    )
    .option('--holdout <share>', 'with --experiment and no split column: share of rows held out', '0.3')
    .option(
      '--select',
      'choose the learner by its held-out policy value on the latest training campaigns (fits every learner first; its time is reported)',
    )
    .option('--no-derived', 'skip the derived profile scores (CLV, churn, sensitivities, …)')
    .option('--json', 'print one JSON document')
    .action(
      action(async (opts: TrainCliOptions) => {
        const goal = parseChoice<CampaignGoal>('goal', opts.goal, CAMPAIGN_GOALS);
        const learner = parseChoice<LearnerKind>('learner', opts.learner, LEARNER_KINDS);
        const objective = parseChoice('objective', opts.objective, ['conversion', 'profit'] as const);
        const channel = parseChoice('channel', opts.channel, Channel.options);
        const seed = parseInteger('seed', opts.seed, 0);
        const maxTrainingRows =
          opts.maxRows === 'all' ? null : parseInteger('max-rows', opts.maxRows ?? '', 1000);
        const experimentId = opts.experiment ?? (await withStore(opts, experimentToTrain));
        if (experimentId) {
          if (opts.select)
            throw new InvalidInput(
              '--select chooses among learners on held-out campaigns of the campaign history; a flat experiment is one campaign',
            );
          const holdoutShare = Number(opts.holdout);
          if (!(holdoutShare > 0 && holdoutShare < 1))
            throw new InvalidInput(`--holdout must be a share between 0 and 1; got "${opts.holdout}"`);
          const r = await withStore(opts, (store) =>
            trainExperimentModel(store, experimentId, { learner, seed, holdoutShare, maxTrainingRows }),
          );
          emit(r, opts, (x) => {
            const e = x.evaluation;
            const f = (v: { value: number; ci_low: number; ci_high: number }) =>
              `${v.value.toFixed(4)} [${v.ci_low.toFixed(4)}, ${v.ci_high.toFixed(4)}]`;
            return [
              `Model ${x.model_version}: ${x.learner}-learner on ${x.training_rows_used.toLocaleString('en-US')} rows of ${x.experiment_id}` +
                (x.training_rows_used < x.training_rows
                  ? ` (a seeded sample by arm of its ${x.training_rows.toLocaleString('en-US')} training rows; --max-rows all for every one)`
                  : '') +
                '; ' +
                `${x.holdout_rows.toLocaleString('en-US')} held out (${x.holdout_from.replace('_', ' ')}).`,
              x.policy === 'personalised'
                ? `Recommends each row's best arm: on the training rows, cross-fitted, it beats the best single arm (${x.best_single_arm_on_training}) by ${x.personalisation_gain.value.toPrecision(3)} per row.`
                : `Recommends ${x.best_single_arm_on_training} to everyone: on the training rows, cross-fitted, per-row choices did not beat it beyond noise (${x.personalisation_gain.value.toPrecision(3)} per row, standard error ${(x.personalisation_gain.se ?? 0).toPrecision(2)}).`,
              `Held-out policy value (DR) ${f(e.policy_value_dr)} vs treat nobody ${f(e.treat_nobody_value)}, ` +
                `best single arm (${e.best_single_arm.arm}) ${f(e.best_single_arm.value)}.`,
            ].join('\n');
          });
          return;
        }
        const result = await withStore(opts, async (store) => {
          const uplift = await trainUplift(store, {
            goal,
            learner,
            objective,
            channel,
            seed,
            maxTrainingRows,
            select: opts.select === true,
          });
          const derived = opts.derived === false ? null : await trainDerivedScores(store, { seed });
          // Scored 0 for everyone by construction, not measured: named so nobody reads "no effect".
          const untested = untestedOfMetrics({ arms: uplift.arms });
          return { ...uplift, untested_triggers: untested, derived_scores: derived };
        });
        emit(result, opts, (r) => {
          const lines = [
            `Model ${r.model_version}: ${r.learner}-learner for goal ${r.goal} (outcome ${r.outcome}), ` +
              `${r.training_rows.toLocaleString('en-US')} exposures from ${r.training_campaigns} campaigns.`,
            `Scored ${r.scored_customers.toLocaleString('en-US')} customers in ${r.seconds.total.toFixed(1)} s ` +
              `(features ${r.seconds.features.toFixed(1)} s, fit ${r.seconds.fit.toFixed(1)} s, ` +
              `evaluate ${r.seconds.evaluate.toFixed(1)} s, score ${r.seconds.score.toFixed(1)} s).`,
          ];
          if (r.selection) lines.push(...selectionLines(r.selection, r.outcome));
          if (r.untested_triggers.length)
            lines.push(
              `Not tested by any campaign, so scored 0 without a measure (ranked last, never recommended): ${r.untested_triggers.join(', ')}.`,
            );
          const w = r.campaign_context.scoring_window;
          if (w)
            lines.push(
              `Learned from the campaigns' window and season; customers scored for a ${w.window_days}-day campaign ` +
                '(the median training window; `aether score --refresh --window-days N` for another).',
            );
          const e = r.evaluation?.conversion;
          if (!r.evaluation)
            lines.push(
              'Not evaluated: no campaign is reserved for evaluation (`aether evaluate` says how to hold one out).',
            );
          if (e) {
            const pct = (v: number) => `${(v * 100).toFixed(2)}%`;
            lines.push(
              `Reserved campaign (${e.holdout_rows.toLocaleString('en-US')} exposures): policy ${pct(e.policy_value_dr.value)} ` +
                `[${pct(e.policy_value_dr.ci_low)}, ${pct(e.policy_value_dr.ci_high)}] vs treat nobody ${pct(e.treat_nobody_value.value)}, ` +
                `best single (${e.best_single_arm.arm}) ${pct(e.best_single_arm.value.value)}.`,
            );
            if (e.truth)
              lines.push(
                `Against the simulator's truth: ${(e.truth.oracle_incremental_share * 100).toFixed(0)}% of the oracle's incremental ` +
                  `conversions, ${(e.truth.headroom_captured * 100).toFixed(0)}% of the headroom over the best single trigger.`,
              );
          }
          if (r.derived_scores) {
            const q = r.derived_scores.quality;
            lines.push(
              `Derived scores ${r.derived_scores.model_version}: churn AUC ${Number(q.churn_probability_score?.auc).toFixed(3)}, ` +
                `CLV rank correlation ${Number(q.clv_score?.spearman).toFixed(3)}, next-category accuracy ` +
                `${(Number(q.predicted_next_purchase_category?.top1_accuracy) * 100).toFixed(0)}%.`,
            );
          }
          return lines.join('\n');
        });
      }),
    );
}
