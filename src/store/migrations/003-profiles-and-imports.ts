import { customerProfilesViewSql, PROFILE_FACTS_DDL } from '../../features/profile-sql.ts';
import type { Migration } from '../migrate.ts';

/**
 * The customer profile (DESIGN.md §4): `profile_facts`, the materialised flat and aggregate part,
 * rebuilt by refreshProfiles after every generate or import, and the `customer_profiles` view that
 * joins it with the active model's scores. Plus the registry of imported randomised experiments;
 * each experiment's rows live in a table named by us (`experiment_rows_<n>`), never from user text.
 */
export const profilesAndImports: Migration = {
  version: 3,
  name: 'profiles-and-imports',
  statements: [
    PROFILE_FACTS_DDL,
    customerProfilesViewSql(),
    `CREATE SEQUENCE experiment_seq START 1`,
    `CREATE TABLE experiments (
      experiment_id VARCHAR PRIMARY KEY,
      name VARCHAR NOT NULL,
      source_file VARCHAR NOT NULL,
      imported_at TIMESTAMP NOT NULL,
      rows_table VARCHAR NOT NULL,
      row_count BIGINT NOT NULL,
      treatment_column VARCHAR NOT NULL,
      control_value VARCHAR NOT NULL,
      outcome_column VARCHAR NOT NULL,
      revenue_column VARCHAR,
      id_column VARCHAR,
      split_column VARCHAR,
      excluded_columns JSON NOT NULL,   -- ["col", …]
      features JSON NOT NULL,           -- [{ name, kind: numeric|categorical, column }, …]
      arms JSON NOT NULL                -- [{ index, label, count, share }, …], index 0 = control
    )`,
  ],
};
