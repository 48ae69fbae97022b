import { CopyRequest, CopyResponse } from '../../contracts/copy.ts';
import { ExplainRequest, SegmentExplanation } from '../../contracts/explain.ts';
import { DEFAULT_COST_CONFIG, withDiscountDepth } from '../../contracts/trigger-costs.ts';
import type { TriggerId } from '../../contracts/triggers.ts';
import { suggestCopy } from '../../copy/index.ts';
import { InvalidInput } from '../../core/errors.ts';
import { type Cohort, cohortOfCriteria, explainSegment } from '../../explain/index.ts';
import { getSegment } from '../../segments/index.ts';
import type { Store } from '../../store/store.ts';
import type { Database } from '../database.ts';
import { type AnyRoute, route } from '../route-table.ts';

/**
 * The marketer workspace's routes (issue 7): explanations and copy suggestions, every number
 * computed from the data at request time. Mounted with the API's own routes, so they share its
 * auth, validation, problem+json errors and OpenAPI document.
 */
export interface WorkspaceContext {
  db: Database;
}

const problems = {
  400: { description: 'Invalid request (problem+json names each bad parameter)' },
  404: { description: 'Unknown segment' },
};

/** The audience of a request: a saved segment's current snapshot, or criteria over the profiles. */
async function resolveCohort(
  s: Store,
  body: { segment_id?: string; criteria?: unknown },
): Promise<{
  cohort: Cohort;
  trigger: string | null;
  criteria: unknown;
  percent: number | null;
  exclude: readonly TriggerId[];
}> {
  if (body.segment_id) {
    const seg = await getSegment(s, body.segment_id);
    if (!seg.snapshot_id)
      throw new InvalidInput(
        `Segment ${seg.segment_id} has no computed snapshot yet (status ${seg.status}).`,
      );
    return {
      cohort: {
        sql: 'SELECT customer_id FROM segment_members WHERE snapshot_id = $1',
        params: [seg.snapshot_id],
      },
      trigger: seg.recommended_trigger,
      criteria: seg.criteria,
      // A saved discount segment's own depth, as its snapshot was costed (src/segments/snapshot.ts).
      percent:
        seg.recommended_trigger === 'discount' ? (seg.recommended_trigger_params?.percent ?? null) : null,
      exclude: seg.exclude_triggers,
    };
  }
  return {
    cohort: cohortOfCriteria(s, body.criteria as never),
    trigger: null,
    criteria: body.criteria,
    percent: null,
    exclude: [],
  };
}

export function workspaceRoutes(ctx: WorkspaceContext): AnyRoute[] {
  const { db } = ctx;
  return [
    route({
      method: 'POST',
      url: '/api/v1/explain',
      operationId: 'explainSegment',
      summary: 'Why a trigger for an audience, with the numbers',
      description:
        'Segment vs population on the behaviours behind each trigger, the past randomised campaigns that are the evidence ' +
        "(treated vs control conversion for these customers, pooled lift with a 95% CI), the active model's view " +
        '(predicted uplift, Qini and uplift curves, size-vs-profit trade-off) and why the other triggers rank lower. ' +
        'Give `criteria` or `segment_id`; without either, everyone.',
      tag: 'workspace',
      scope: 'plans:write',
      body: ExplainRequest,
      responses: { 200: { description: 'The explanation', schema: SegmentExplanation }, ...problems },
      handler: async ({ body }) =>
        db.read(async (s) => {
          const { cohort, trigger, percent, exclude } = await resolveCohort(s, body);
          return explainSegment(s, {
            excludeTriggers: body.exclude_triggers ?? exclude,
            cohort,
            trigger: body.trigger ?? (trigger as never) ?? null,
            channel: body.channel ?? 'email',
            costConfig: withDiscountDepth(DEFAULT_COST_CONFIG, body.discount_percent ?? percent),
          });
        }),
    }),
    route({
      method: 'POST',
      url: '/api/v1/copy',
      operationId: 'suggestCopy',
      summary: 'Copy variants for a trigger and channel, checked by the guardrails',
      description:
        'Email (subject ≤ 60, preheader, body), SMS (≤ 160 including the opt-out) or push (title, body) variants whose ' +
        'tone follows the trigger and whose facts (buyer counts, stock, offer) come from the data. Each variant carries ' +
        'its guardrail report: lengths, spam words, placeholders and unsupported claims.',
      tag: 'workspace',
      scope: 'plans:write',
      body: CopyRequest,
      responses: { 200: { description: 'The variants', schema: CopyResponse }, ...problems },
      handler: async ({ body }) => db.read((s) => suggestCopy(s, body)),
    }),
  ];
}
