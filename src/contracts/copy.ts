import { z } from 'zod';
import { Criteria } from './criteria.ts';
import { Channel } from './trigger-costs.ts';
import { TriggerId } from './triggers.ts';

/**
 * Copy suggestions (issue 7): variants of a message for one trigger and channel, each checked by
 * the guardrails. Shared by src/copy, the API and the web UI.
 */

/** Per channel, the fields a message has and the most characters each may hold. */
export const COPY_LIMITS = {
  email: { subject: 60, preheader: 100, body: 1200 },
  sms: { body: 160 },
  push: { title: 50, body: 150 },
} as const satisfies Record<Channel, Record<string, number>>;

export const CopyFieldName = z.enum(['subject', 'preheader', 'title', 'body']);
export type CopyFieldName = z.infer<typeof CopyFieldName>;

/** Placeholders a variant may contain: profile fields an email tool fills per customer. */
export const COPY_PLACEHOLDERS = ['first_name', 'location_city', 'predicted_next_purchase_category'] as const;

/** What the data says, passed to the generator so every claim in a message is backed by it. */
export const CopyFacts = z
  .object({
    /** The product or collection the brief names, as found in the catalogue (tag, category or product). */
    product: z
      .object({
        name: z.string(),
        kind: z.enum(['product', 'collection', 'category']),
        product_count: z.number().int().nonnegative(),
      })
      .nullable(),
    /** The segment's most likely next category and the share of the segment it is the best guess for. */
    next_category: z.object({ name: z.string(), share: z.number().min(0).max(1) }).nullable(),
    /** A real count from orders: distinct customers who bought the product (or store) in a calendar month. */
    social_proof: z
      .object({ count: z.number().int().nonnegative(), month: z.string(), subject: z.string() })
      .nullable(),
    /** Stock of the product from the products table: low at or below the threshold, unknown when not recorded. */
    stock: z.object({
      status: z.enum(['low', 'high', 'unknown']),
      units: z.number().int().nonnegative().nullable(),
      threshold: z.number().int().nonnegative(),
    }),
    /** The offer as the brief or the cost configuration sets it. */
    offer: z.object({
      discount_percent: z.number().min(0).max(100).nullable(),
      free_shipping: z.boolean(),
      shipping_variant: z.string().nullable(),
      reward_percent: z.number().min(0).max(100).nullable(),
      deadline: z.string().nullable(),
    }),
    currency: z.string().length(3),
  })
  .strict();
export type CopyFacts = z.infer<typeof CopyFacts>;

export const GuardrailIssue = z.object({
  code: z.enum([
    'length',
    'spam_word',
    'unsupported_claim',
    'placeholder',
    'missing_opt_out',
    'empty',
    'encoding',
  ]),
  severity: z.enum(['error', 'warning']),
  field: CopyFieldName,
  detail: z.string(),
});
export type GuardrailIssue = z.infer<typeof GuardrailIssue>;

export const FieldCheck = z.object({
  field: CopyFieldName,
  /** Characters of the text as written (placeholders included as typed). */
  chars: z.number().int().nonnegative(),
  /** Characters once placeholders are filled with their longest expected values. */
  max_rendered_chars: z.number().int().nonnegative(),
  limit: z.number().int().positive(),
});
export type FieldCheck = z.infer<typeof FieldCheck>;

export const GuardrailReport = z.object({
  ok: z.boolean(),
  fields: z.array(FieldCheck),
  issues: z.array(GuardrailIssue),
});
export type GuardrailReport = z.infer<typeof GuardrailReport>;

export const CopyVariant = z.object({
  id: z.string(),
  channel: Channel,
  trigger: TriggerId,
  tone: z.string(),
  /** The reason the variant gives to act ("low stock", "members first"); each variant has its own. */
  angle: z.string().optional(),
  source: z.enum(['embedded', 'llm']),
  subject: z.string().optional(),
  preheader: z.string().optional(),
  title: z.string().optional(),
  body: z.string(),
  placeholders: z.array(z.string()),
  /** Which facts the text states, so a reader can trace each claim to the data. */
  facts_used: z.array(z.string()),
  checks: GuardrailReport,
});
export type CopyVariant = z.infer<typeof CopyVariant>;

export const CopyRequest = z
  .object({
    trigger: TriggerId,
    channel: Channel,
    /** Criteria of the audience (DESIGN.md §5); the next category is computed for it. */
    criteria: Criteria.nullable().optional(),
    /** The product, collection or category named by the brief (e.g. "Limited Edition"). */
    product: z.string().max(200).nullable().optional(),
    discount_percent: z.number().min(0).max(100).nullable().optional(),
    deadline: z.string().max(60).nullable().optional(),
    variants: z.number().int().min(1).max(10).optional(),
    /** Different seeds give different variants ("regenerate"). */
    seed: z.number().int().nonnegative().optional(),
  })
  .strict();
export type CopyRequest = z.infer<typeof CopyRequest>;

export const CopyResponse = z.object({
  trigger: TriggerId,
  channel: Channel,
  seed: z.number().int(),
  facts: CopyFacts,
  variants: z.array(CopyVariant),
  /** Notes for the marketer, e.g. why no scarcity claim was made. */
  notes: z.array(z.string()),
});
export type CopyResponse = z.infer<typeof CopyResponse>;
