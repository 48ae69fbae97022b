import { TRIGGER_IDS } from '../../contracts/triggers.ts';
import type { Migration } from '../migrate.ts';

const upliftColumns = TRIGGER_IDS.map((t) => `uplift_score_for_${t} DOUBLE`).join(',\n      ');
const armProbabilityColumns = TRIGGER_IDS.map((t) => `p_${t} DOUBLE NOT NULL`).join(',\n      ');

/**
 * Simulator truth in its own schema (no model reads it; evaluation only), model versions, and the
 * per-customer scores stored per model version so segments read them instead of recomputing.
 */
export const truthAndModels: Migration = {
  version: 2,
  name: 'truth-and-models',
  statements: [
    `CREATE SCHEMA IF NOT EXISTS truth`,
    // Latent traits and the true causal model's per-customer parameters (written by the simulator only).
    `CREATE TABLE truth.customer_traits (customer_id VARCHAR PRIMARY KEY, persona VARCHAR NOT NULL, traits JSON NOT NULL)`,
    // True conversion probability under control and true uplift of every trigger, as of the data set's as_of.
    `CREATE TABLE truth.customer_uplift (
      customer_id VARCHAR PRIMARY KEY,
      baseline_conversion_probability DOUBLE NOT NULL,
      ${upliftColumns},
      expected_order_value DOUBLE NOT NULL
    )`,
    // The true probability of ordering within the window under every arm, for every campaign exposure
    // (the arm actually drawn and all the others), so a policy can be evaluated on past campaigns —
    // above all the reserved all-trigger campaign — with true probabilities instead of sampled draws.
    `CREATE TABLE truth.exposure_probabilities (
      campaign_id VARCHAR NOT NULL,
      customer_id VARCHAR NOT NULL,
      p_control DOUBLE NOT NULL,
      ${armProbabilityColumns}
    )`,
    `CREATE TABLE model_versions (
      model_version VARCHAR PRIMARY KEY,
      created_at TIMESTAMP NOT NULL,
      kind VARCHAR NOT NULL,          -- uplift | clv | churn | …
      goal VARCHAR,
      learner VARCHAR NOT NULL,
      data_fingerprint VARCHAR NOT NULL,
      metrics JSON NOT NULL,
      artifact JSON NOT NULL,
      is_active BOOLEAN NOT NULL DEFAULT FALSE
    )`,
    `CREATE TABLE customer_scores (
      model_version VARCHAR NOT NULL,
      customer_id VARCHAR NOT NULL,
      baseline_conversion_probability DOUBLE,
      ${upliftColumns},
      recommended_trigger VARCHAR,
      expected_incremental_conversion DOUBLE,
      expected_incremental_profit DOUBLE,
      PRIMARY KEY (model_version, customer_id)
    )`,
    `CREATE TABLE customer_derived_scores (
      model_version VARCHAR NOT NULL,
      customer_id VARCHAR NOT NULL,
      clv_score DOUBLE,
      churn_probability_score DOUBLE,
      discount_sensitivity_score DOUBLE,
      free_shipping_sensitivity_score DOUBLE,
      social_proof_affinity DOUBLE,
      content_engagement_score DOUBLE,
      exclusivity_seeker_flag BOOLEAN,
      predicted_next_purchase_category VARCHAR,
      PRIMARY KEY (model_version, customer_id)
    )`,
  ],
};
