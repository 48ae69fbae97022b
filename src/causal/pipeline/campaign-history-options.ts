import { type FitUpliftOptions, LARGE_DATA_ROWS } from '../fit-uplift.ts';
import { experimentLearnerOptions } from './experiment-model.ts';
import type { LearnerKind } from './uplift-artifact.ts';

/**
 * The settings a learner gets on campaign history of `trainingRows` exposures, over its defaults
 * (fit-uplift's LEARNER_DEFAULTS), with `given` over both.
 *
 * Below LARGE_DATA_ROWS, the flat experiments' settings (experimentLearnerOptions: the default
 * T-learner's arm models boost from the control rows' model rather than a base pooled over every
 * arm, choose their rounds on 5 folds and start at their arm's mean departure; leaves down to 100
 * rows). The pooled base takes in part of every arm's effect: on a shop's own history of 30,456
 * exposures (docs/data-import.md, "Campaign history from an e-mail tool") it shrank two planted
 * +10-point effects to 3.0 and 1.7 points (these settings: 7.9 and 8.6), and its profit policy
 * earned 0.80 per exposure less on the held-out campaign than free shipping for everyone (these
 * settings: 0.31 more). On the simulated shop at 5,000 and 15,000 customers (21k-82k training
 * rows, 3 seeds each) the share of the oracle's incremental conversions rose from 0.186 to 0.234
 * and from 0.205 to 0.269, every seed up (docs/uplift-pipeline.md, "Eleventh session: campaign
 * history on small data").
 *
 * From LARGE_DATA_ROWS up the shop's defaults stay: they were chosen on the simulated shop's
 * 500,000 training exposures, where these settings were not measured.
 */
export function campaignHistoryLearnerOptions(
  learner: LearnerKind,
  trainingRows: number,
  given: Partial<FitUpliftOptions> = {},
): Partial<FitUpliftOptions> {
  return trainingRows < LARGE_DATA_ROWS ? experimentLearnerOptions(learner, given) : given;
}
