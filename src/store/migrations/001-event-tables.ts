import type { Migration } from '../migrate.ts';

/**
 * The event-level tables (DESIGN.md §4, issue 3). The customer profile is a view over these.
 * Timestamps are UTC. Simulator truth lives apart, in 002 (schema `truth`), which no model reads.
 */
export const eventTables: Migration = {
  version: 1,
  name: 'event-tables',
  statements: [
    `CREATE TABLE meta (key VARCHAR PRIMARY KEY, value VARCHAR NOT NULL)`,
    `CREATE TABLE customers (
      customer_id VARCHAR PRIMARY KEY,
      first_name VARCHAR,
      email_address VARCHAR,
      location_city VARCHAR,
      location_country VARCHAR,
      acquisition_source VARCHAR,
      creation_date TIMESTAMP NOT NULL,
      email_opt_in BOOLEAN NOT NULL DEFAULT TRUE,
      sms_opt_in BOOLEAN NOT NULL DEFAULT FALSE
    )`,
    `CREATE TABLE products (
      product_id VARCHAR PRIMARY KEY,
      name VARCHAR NOT NULL,
      category VARCHAR NOT NULL,
      price DOUBLE NOT NULL,
      cost DOUBLE,
      stock_level INTEGER,
      tags VARCHAR[] NOT NULL DEFAULT [],
      launched_at TIMESTAMP
    )`,
    `CREATE TABLE orders (
      order_id VARCHAR PRIMARY KEY,
      customer_id VARCHAR NOT NULL,
      ordered_at TIMESTAMP NOT NULL,
      subtotal DOUBLE NOT NULL,
      discount_amount DOUBLE NOT NULL DEFAULT 0,
      shipping_fee DOUBLE NOT NULL DEFAULT 0,
      total DOUBLE NOT NULL,
      -- the campaign whose message preceded the order within its window, if any (attribution)
      campaign_id VARCHAR,
      status VARCHAR NOT NULL DEFAULT 'completed'  -- completed | returned | partially_returned
    )`,
    `CREATE TABLE order_items (
      order_id VARCHAR NOT NULL,
      line_no INTEGER NOT NULL,
      product_id VARCHAR NOT NULL,
      quantity INTEGER NOT NULL,
      unit_price DOUBLE NOT NULL,
      returned BOOLEAN NOT NULL DEFAULT FALSE,
      PRIMARY KEY (order_id, line_no)
    )`,
    `CREATE TABLE sessions (
      session_id VARCHAR PRIMARY KEY,
      customer_id VARCHAR NOT NULL,
      started_at TIMESTAMP NOT NULL,
      duration_seconds INTEGER NOT NULL,
      device VARCHAR,
      traffic_source VARCHAR
    )`,
    `CREATE TABLE page_views (
      session_id VARCHAR NOT NULL,
      customer_id VARCHAR NOT NULL,
      viewed_at TIMESTAMP NOT NULL,
      page_type VARCHAR NOT NULL,  -- product | bestsellers | trending | content | category | home | cart | checkout
      product_id VARCHAR,
      content_id VARCHAR
    )`,
    `CREATE TABLE carts (
      cart_id VARCHAR PRIMARY KEY,
      customer_id VARCHAR NOT NULL,
      created_at TIMESTAMP NOT NULL,
      status VARCHAR NOT NULL,        -- converted | abandoned
      value DOUBLE NOT NULL,
      abandoned_at TIMESTAMP,
      abandon_step VARCHAR,           -- cart | shipping | payment
      abandon_reason VARCHAR,         -- shipping_cost | price | browsing | payment_issue | distraction
      order_id VARCHAR
    )`,
    `CREATE TABLE cart_items (
      cart_id VARCHAR NOT NULL,
      product_id VARCHAR NOT NULL,
      quantity INTEGER NOT NULL,
      unit_price DOUBLE NOT NULL
    )`,
    `CREATE TABLE wishlist_items (
      customer_id VARCHAR NOT NULL,
      product_id VARCHAR NOT NULL,
      added_at TIMESTAMP NOT NULL,
      removed_at TIMESTAMP
    )`,
    `CREATE TABLE reviews (
      review_id VARCHAR PRIMARY KEY,
      customer_id VARCHAR NOT NULL,
      product_id VARCHAR NOT NULL,
      rating INTEGER NOT NULL,
      written_at TIMESTAMP NOT NULL
    )`,
    `CREATE TABLE content_items (
      content_id VARCHAR PRIMARY KEY,
      title VARCHAR NOT NULL,
      kind VARCHAR NOT NULL,          -- guide | story | lookbook | how_to
      category VARCHAR
    )`,
    `CREATE TABLE content_interactions (
      customer_id VARCHAR NOT NULL,
      content_id VARCHAR NOT NULL,
      interacted_at TIMESTAMP NOT NULL,
      kind VARCHAR NOT NULL           -- read | watch | share
    )`,
    `CREATE TABLE campaigns (
      campaign_id VARCHAR PRIMARY KEY,
      name VARCHAR NOT NULL,
      goal VARCHAR NOT NULL,
      channel VARCHAR NOT NULL,
      started_at TIMESTAMP NOT NULL,
      window_days INTEGER NOT NULL,
      arms VARCHAR[] NOT NULL,        -- trigger ids tested, plus 'control'
      control_share DOUBLE NOT NULL,
      audience VARCHAR,
      -- the reserved all-trigger campaign used only to evaluate policies, never trained on
      reserved_for_evaluation BOOLEAN NOT NULL DEFAULT FALSE
    )`,
    `CREATE TABLE campaign_exposures (
      campaign_id VARCHAR NOT NULL,
      customer_id VARCHAR NOT NULL,
      arm VARCHAR NOT NULL,           -- a trigger id or 'control'
      assignment_probability DOUBLE NOT NULL,
      sent_at TIMESTAMP NOT NULL,
      PRIMARY KEY (campaign_id, customer_id)
    )`,
    `CREATE TABLE email_events (
      campaign_id VARCHAR NOT NULL,
      customer_id VARCHAR NOT NULL,
      event_type VARCHAR NOT NULL,    -- delivered | opened | clicked
      occurred_at TIMESTAMP NOT NULL
    )`,
  ],
};
