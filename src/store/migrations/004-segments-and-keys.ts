import type { Migration } from '../migrate.ts';

/**
 * Segments (issue 6): their definition, immutable membership snapshots, and API keys.
 *
 * segment_members holds one row per member of a snapshot with the profile rendered to JSON once,
 * when the snapshot is built, so that a page read is one range scan over (snapshot_id, rank)
 * returning pre-rendered JSON. Rows are inserted in rank order and never updated, so DuckDB's
 * zone maps prune the scan to the few row groups a page touches. `rank` is dense over the whole
 * snapshot, `arank` dense within the assignment (treatment / holdout), so both the default
 * treatment-only listing and the full listing are exact keyset ranges.
 */
export const segmentsAndKeys: Migration = {
  version: 4,
  name: 'segments-and-keys',
  statements: [
    `CREATE TABLE segments (
      segment_id VARCHAR PRIMARY KEY,
      name VARCHAR NOT NULL,
      source VARCHAR NOT NULL,          -- criteria | coo | brief
      brief VARCHAR,
      coo JSON,
      criteria JSON NOT NULL,
      criteria_text VARCHAR NOT NULL,
      trigger VARCHAR,                  -- the segment's trigger, or NULL for a mixed segment
      trigger_params JSON,
      exclude_triggers JSON NOT NULL,
      channel VARCHAR NOT NULL,
      include_not_opted_in BOOLEAN NOT NULL,
      holdout_share DOUBLE NOT NULL,
      refresh_schedule VARCHAR,         -- hourly | daily | weekly | NULL
      created_at TIMESTAMP NOT NULL
    )`,
    // Mutable state apart from the definition: DuckDB rewrites a whole row on UPDATE of an indexed table.
    `CREATE TABLE segment_state (
      segment_id VARCHAR NOT NULL,
      status VARCHAR NOT NULL,          -- computing | ready | failed
      failure_reason VARCHAR,
      snapshot_id VARCHAR,
      next_refresh_at TIMESTAMP,
      last_computed_at TIMESTAMP,
      updated_at TIMESTAMP NOT NULL
    )`,
    `CREATE TABLE segment_snapshots (
      snapshot_id VARCHAR NOT NULL,
      segment_id VARCHAR NOT NULL,
      model_version VARCHAR,
      data_as_of TIMESTAMP,
      created_at TIMESTAMP NOT NULL,
      size BIGINT NOT NULL,
      treatment_size BIGINT NOT NULL,
      holdout_size BIGINT NOT NULL,
      trigger_mix JSON NOT NULL,
      seconds DOUBLE NOT NULL,
      superseded_at TIMESTAMP,
      expires_at TIMESTAMP
    )`,
    `CREATE TABLE segment_members (
      snapshot_id VARCHAR NOT NULL,
      rank INTEGER NOT NULL,
      arank INTEGER NOT NULL,
      customer_id VARCHAR NOT NULL,
      trigger VARCHAR,
      uplift DOUBLE,
      expected_incremental_profit DOUBLE,
      assignment VARCHAR NOT NULL,      -- treatment | holdout
      profile_json VARCHAR NOT NULL
    )`,
    `CREATE TABLE api_keys (
      key_id VARCHAR PRIMARY KEY,
      name VARCHAR NOT NULL,
      key_hash VARCHAR NOT NULL,        -- sha256 hex of the key; the key itself is never stored
      key_prefix VARCHAR NOT NULL,      -- first characters, to recognise a key in a list
      scopes JSON NOT NULL,
      created_at TIMESTAMP NOT NULL,
      revoked_at TIMESTAMP
    )`,
  ],
};
