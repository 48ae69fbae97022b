import { TRIGGER_IDS, upliftField } from './triggers.ts';

/**
 * The catalogue of customer fields (DESIGN.md §4) with their types. Criteria are checked against
 * it: an unknown field or a value of the wrong type is a 400-class error, never a SQL error.
 * `filterable` fields are flat columns of the customer profile that criteria may name.
 */
export type FieldType = 'string' | 'number' | 'integer' | 'boolean' | 'timestamp' | 'string_list' | 'json';
export type FieldGroup =
  | 'identity'
  | 'transactions'
  | 'behaviour'
  | 'campaigns'
  | 'scores'
  | 'consent'
  | 'engine'
  | 'flat';

export interface FieldDefinition {
  name: string;
  type: FieldType;
  group: FieldGroup;
  description: string;
  /** May appear in segment criteria. JSON fields (histories) may not. */
  filterable: boolean;
  /** Personal data: never logged. */
  pii?: boolean;
}

const f = (
  name: string,
  type: FieldType,
  group: FieldGroup,
  description: string,
  extra: Partial<FieldDefinition> = {},
): FieldDefinition => ({ name, type, group, description, filterable: type !== 'json', ...extra });

export const FIELD_CATALOGUE: readonly FieldDefinition[] = [
  f('customer_id', 'string', 'identity', 'Unique identifier of the customer'),
  f('first_name', 'string', 'identity', 'First name', { pii: true }),
  f('email_address', 'string', 'identity', 'Primary email address', { pii: true }),
  f('location_city', 'string', 'identity', 'City'),
  f('location_country', 'string', 'identity', 'Country'),
  f('acquisition_source', 'string', 'identity', 'Channel through which the customer was acquired'),
  f('creation_date', 'timestamp', 'identity', 'When the profile was created'),
  f('transaction_history', 'json', 'transactions', 'All orders with their items'),
  f('average_order_value', 'number', 'transactions', 'Average amount spent per order'),
  f('purchase_frequency', 'integer', 'transactions', 'Orders in the last 12 months'),
  f('last_purchase_date', 'timestamp', 'transactions', 'Most recent completed purchase'),
  f('lifetime_value', 'number', 'transactions', 'Total revenue from the customer to date'),
  f('has_ever_returned_item', 'boolean', 'transactions', 'Has returned at least one item'),
  f('product_categories_purchased', 'string_list', 'transactions', 'Categories the customer bought from'),
  f('last_seen_timestamp', 'timestamp', 'behaviour', 'Last known activity'),
  f('session_count', 'integer', 'behaviour', 'Sessions in the last 90 days'),
  f('avg_session_duration', 'number', 'behaviour', 'Average session duration in seconds'),
  f('viewed_product_pages', 'json', 'behaviour', 'Recently viewed products with timestamps'),
  f('abandoned_cart_details', 'json', 'behaviour', 'The last abandoned cart, if any'),
  f('viewed_bestsellers_page', 'boolean', 'behaviour', 'Visited the bestsellers or trending pages'),
  f('product_reviews_written', 'integer', 'behaviour', 'Product reviews written'),
  f('wishlist_items_count', 'integer', 'behaviour', 'Items currently in the wishlist'),
  f('interacted_with_content', 'boolean', 'behaviour', 'Engaged with non-product content'),
  f('campaign_history', 'json', 'campaigns', 'Campaigns the customer took part in, with arm and response'),
  f('email_open_rate', 'number', 'campaigns', 'Share of delivered marketing emails opened'),
  f('email_click_through_rate', 'number', 'campaigns', 'Share of delivered marketing emails clicked'),
  f('control_group_membership', 'string_list', 'campaigns', 'Campaigns where the customer was in control'),
  f('clv_score', 'number', 'scores', 'Predicted future value as a percentile, 0..1'),
  f('churn_probability_score', 'number', 'scores', 'Probability of churning in the next 30 days'),
  f('discount_sensitivity_score', 'number', 'scores', 'How much a discount lifts this customer'),
  f('free_shipping_sensitivity_score', 'number', 'scores', 'How much free shipping lifts this customer'),
  f('social_proof_affinity', 'number', 'scores', 'Responsiveness to social proof'),
  f('content_engagement_score', 'number', 'scores', 'Engagement with content'),
  f('exclusivity_seeker_flag', 'boolean', 'scores', 'Buys VIP, early-access or limited-edition items'),
  f('predicted_next_purchase_category', 'string', 'scores', 'Most likely next category'),
  f('email_opt_in', 'boolean', 'consent', 'Opted in to marketing email'),
  f('sms_opt_in', 'boolean', 'consent', 'Opted in to marketing SMS'),
  ...TRIGGER_IDS.map((t) =>
    f(upliftField(t), 'number', 'engine', `Predicted change in conversion probability under ${t}`),
  ),
  f('baseline_conversion_probability', 'number', 'engine', 'Conversion probability without any trigger'),
  f(
    'recommended_trigger',
    'string',
    'engine',
    'Trigger with the highest positive incremental value, or control',
  ),
  f(
    'expected_incremental_conversion',
    'number',
    'engine',
    'Expected extra conversions under the recommended trigger',
  ),
  f('expected_incremental_profit', 'number', 'engine', 'Expected extra profit under the recommended trigger'),
  f('abandoned_cart_value', 'number', 'flat', 'Value of the last abandoned cart (0 when none)'),
  f('abandoned_cart_age_hours', 'number', 'flat', 'Hours since the last cart was abandoned'),
  f('abandoned_cart_reason', 'string', 'flat', 'Why the last cart was abandoned (e.g. shipping_cost)'),
  f('days_since_last_purchase', 'number', 'flat', 'Days since the last purchase'),
  f('tenure_days', 'number', 'flat', 'Days since the profile was created'),
  f('orders_last_90_days', 'integer', 'flat', 'Orders in the last 90 days'),
];

export const FIELDS_BY_NAME: ReadonlyMap<string, FieldDefinition> = new Map(
  FIELD_CATALOGUE.map((d) => [d.name, d]),
);

/** The profile fields of DESIGN.md §4 in catalogue order (what a full profile carries). */
export const PROFILE_FIELD_NAMES: readonly string[] = FIELD_CATALOGUE.map((d) => d.name);

export const PII_FIELD_NAMES: readonly string[] = FIELD_CATALOGUE.filter((d) => d.pii).map((d) => d.name);
