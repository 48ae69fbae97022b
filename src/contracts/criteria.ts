import { z } from 'zod';

/**
 * Segment criteria (DESIGN.md §5): a small JSON AST, the one language in which the interpreter,
 * the planner, the UI, the API and the store express an audience. Compiled to parameterised SQL
 * by src/segments (values only ever in the parameter array) and rendered to readable text.
 */
export const COMPARISON_OPS = [
  '=',
  '!=',
  '<',
  '<=',
  '>',
  '>=',
  'in',
  'not_in',
  'between',
  'is_null',
  'contains',
] as const;
export const ComparisonOp = z.enum(COMPARISON_OPS);
export type ComparisonOp = z.infer<typeof ComparisonOp>;

export const Scalar = z.union([z.string().max(500), z.number().finite(), z.boolean()]);
export type Scalar = z.infer<typeof Scalar>;

export const EVENT_KINDS = [
  'viewed_product',
  'purchased',
  'abandoned_cart',
  'opened_email',
  'clicked_email',
  'viewed_content',
  'wishlisted',
] as const;
export const EventKind = z.enum(EVENT_KINDS);
export type EventKind = z.infer<typeof EventKind>;

export const FieldCondition = z
  .object({
    field: z.string().min(1).max(100),
    op: ComparisonOp,
    value: z.union([Scalar, z.array(Scalar).max(1000), z.null()]).optional(),
  })
  .strict();
export type FieldCondition = z.infer<typeof FieldCondition>;

export const EventWhere = z
  .object({
    category: z.string().max(100).optional(),
    tag: z.string().max(100).optional(),
    product_id: z.string().max(100).optional(),
  })
  .strict();
export type EventWhere = z.infer<typeof EventWhere>;

export const EventCondition = z
  .object({
    event: EventKind,
    where: EventWhere.optional(),
    within_days: z.number().int().positive().max(3650).optional(),
    min_count: z.number().int().positive().max(100000).optional(),
  })
  .strict();
export type EventCondition = z.infer<typeof EventCondition>;

export type Criteria =
  | { all: Criteria[] }
  | { any: Criteria[] }
  | { not: Criteria }
  | FieldCondition
  | EventCondition;

export const Criteria: z.ZodType<Criteria> = z.lazy(() =>
  z.union([
    z.object({ all: z.array(Criteria).max(100) }).strict(),
    z.object({ any: z.array(Criteria).max(100) }).strict(),
    z.object({ not: Criteria }).strict(),
    FieldCondition,
    EventCondition,
  ]),
);

export function isFieldCondition(c: Criteria): c is FieldCondition {
  return 'field' in c;
}
export function isEventCondition(c: Criteria): c is EventCondition {
  return 'event' in c;
}
