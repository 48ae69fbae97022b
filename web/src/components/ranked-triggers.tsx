import type { PlanResponse } from '../../../src/contracts/api.ts';
import { fmtCount, fmtInt, fmtMoney, fmtPoints } from '../format.ts';
import { triggerLabel, triggerType } from '../labels.ts';
import { ruleSentence } from '../rule-words.ts';
import { TableScroll } from './status.tsx';
import { TargetCheckBox } from './target-check.tsx';

type Ranked = PlanResponse['ranked_triggers'][number];
type Resolution = NonNullable<PlanResponse['audience']['resolutions']>[number];

/** How the planner read a product word of the brief that is no category of the shop. */
export function resolutionText(r: Resolution): string {
  const what = `${fmtInt(r.matched_products)} ${r.tag ? `${r.tag.replaceAll('_', ' ')} ` : ''}product${r.matched_products === 1 ? '' : 's'}`;
  if (r.matched_products === 0)
    return `"${r.from}": no ${r.tag ? `${r.tag.replaceAll('_', ' ')} ` : ''}product is named so, so no one matches.`;
  const where = r.categories.map((c) => `${fmtInt(c.products)} in ${c.category}`).join(', ');
  return r.by === 'products'
    ? `"${r.from}" read as the ${what} named so (${where}).`
    : `"${r.from}" names ${what} (${where}), too many to list: the audience takes their categories.`;
}

/** The second line under a predicted uplift: what past randomised campaigns measured, said as such. */
export function observedText(
  r: Pick<Ranked, 'uplift_ci_low' | 'uplift_ci_high' | 'evidence_campaigns'>,
): string {
  if (r.uplift_ci_low === null || r.uplift_ci_high === null) return 'no past campaign to compare';
  const n = r.evidence_campaigns;
  return `past ${n === 1 ? 'campaign' : `${fmtInt(n)} campaigns`}: ${fmtPoints(pts(r.uplift_ci_low))} to ${fmtPoints(pts(r.uplift_ci_high))} pts`;
}

/** What a budget allows, against the costs of the ranked triggers; null without a budget. */
export function budgetText(plan: PlanResponse): string | null {
  const b = plan.coo.constraints.budget;
  if (!b) return null;
  const over = plan.ranked_triggers.filter((r) => r.expected_cost > b.amount + 1e-9);
  const amount = fmtMoney(b.amount, b.currency);
  if (plan.ranked_triggers.length === 0) return `Budget ${amount}.`;
  if (over.length === 0) {
    const top = Math.max(...plan.ranked_triggers.map((r) => r.expected_cost));
    return `Budget ${amount}: every trigger's expected cost is within it (the highest is ${fmtMoney(top, b.currency)}).`;
  }
  return `Budget ${amount}: ${over.map((r) => `${triggerLabel(r.trigger)} (${fmtMoney(r.expected_cost, b.currency)})`).join(', ')} would cost more.`;
}

/**
 * The segment in words. When several triggers share it, the rules tree's leaves (a group of
 * predicted-uplift splits, one per trigger) are named by what they do rather than spelt out: the
 * "Segment rules" list under the explanation gives each of them with its trigger.
 */
export function whoGetsIt(plan: Pick<PlanResponse, 'segment_rules' | 'rule_leaves' | 'trigger_mix'>): string {
  const triggers = Object.keys(plan.trigger_mix);
  const r = plan.segment_rules;
  const treated = plan.rule_leaves.filter((l) => l.trigger !== 'control').length;
  if (triggers.length < 2) return `${ruleSentence(r)}.`;
  const parts = 'all' in r ? r.all : [r];
  const last = parts[parts.length - 1];
  const leavesGroup = last && 'any' in last && last.any.length === treated;
  const rest = leavesGroup ? parts.slice(0, -1) : parts;
  const who = rest.length ? ruleSentence({ all: rest }) : 'Everyone in the audience';
  const which = triggers.map(triggerLabel).join(', ');
  return leavesGroup
    ? `${who}, where one of the ${treated} rules under "Segment rules" below gives them a trigger (${which}); each gets that rule's trigger.`
    : `${who}. Each customer gets the trigger of their rule (${which}), listed under "Segment rules" below.`;
}

/** Uplift in the plan is an absolute change in conversion probability; the UI shows points. */
export const pts = (x: number | null | undefined) => (x === null || x === undefined ? null : x * 100);

/**
 * The uplift cell of a row: a trigger no past campaign tested has an uplift of 0 by construction
 * (the model has no measure of it), which as "0.0 pts" read like "tested, no effect".
 */
export function upliftText(r: Pick<Ranked, 'uplift' | 'tested'>): string {
  return r.tested === false ? 'not tested' : `${fmtPoints(pts(r.uplift))} pts`;
}

/** The note under an untested row's uplift, else what past campaigns measured. */
export function upliftSubText(
  r: Pick<Ranked, 'tested' | 'uplift_ci_low' | 'uplift_ci_high' | 'evidence_campaigns'>,
): string {
  return r.tested === false ? 'no past campaign tested it, so no prediction' : observedText(r);
}

/** "You asked for X, but Y is better by …" — or null when the brief's trigger is the best or none was named. */
export function askedVsBest(plan: PlanResponse): string | null {
  // The planner says it in its own words when it compared the brief's trigger with the best.
  if (plan.proposed_comparison)
    return plan.proposed_comparison.is_best ? null : plan.proposed_comparison.message;
  const asked = plan.coo.proposed_intervention;
  // Never an untested trigger: its 0 is no measure.
  const best =
    plan.ranked_triggers.find((r) => r.is_best) ?? plan.ranked_triggers.find((r) => r.tested !== false);
  if (!asked || !best || best.trigger === asked) return null;
  const mine = plan.ranked_triggers.find((r) => r.trigger === asked);
  if (!mine) {
    return `You asked for ${triggerLabel(asked)}, but it is not among the triggers that help this audience; ${triggerLabel(best.trigger)} is the best, with ${fmtCount(best.expected_incremental_conversions)} incremental conversions and ${fmtMoney(best.expected_incremental_profit)} incremental profit.`;
  }
  const dConv = best.expected_incremental_conversions - mine.expected_incremental_conversions;
  const dProfit = best.expected_incremental_profit - mine.expected_incremental_profit;
  return `You asked for ${triggerLabel(asked)}. ${triggerLabel(best.trigger)} is expected to do better for this audience: ${fmtCount(dConv)} more incremental conversions and ${fmtMoney(dProfit)} more incremental profit (uplift ${fmtPoints(pts(best.uplift))} vs ${fmtPoints(pts(mine.uplift))} pts).`;
}

export function RankedTriggers({
  plan,
  chosen,
  onChoose,
}: {
  plan: PlanResponse;
  chosen: string | null;
  onChoose: (trigger: string) => void;
}) {
  const note = askedVsBest(plan);
  const best = (
    plan.ranked_triggers.find((r) => r.is_best) ?? plan.ranked_triggers.find((r) => r.tested !== false)
  )?.trigger;
  // From the row itself, so that cost ÷ audience is what the row says (the explanation's per-customer
  // costs are over the segment, another set of customers).
  const costPerCustomer = (r: Ranked): number | null =>
    r.segment_size > 0 ? r.expected_cost / r.segment_size : null;
  return (
    <div>
      {note && (
        <p className="callout" data-testid="asked-vs-best">
          {note}
        </p>
      )}
      {plan.target_check && <TargetCheckBox check={plan.target_check} />}
      {plan.ranked_triggers.length > 0 && (
        <p className="muted small" id="ranked-legend" data-testid="ranked-legend">
          <strong>Uplift</strong> is the model's predicted change in a customer's chance to order, in
          percentage points (pts), averaged over the {fmtInt(plan.audience.size)} customers of the audience;
          under it, the range measured in past randomised campaigns (95% interval). Each trigger is counted
          only for the customers it pays to treat, so its audience, conversions, profit and cost differ.
        </p>
      )}
      {budgetText(plan) && (
        <p className="small" data-testid="budget-note">
          {budgetText(plan)}
        </p>
      )}
      {plan.ranked_triggers.length === 0 ? (
        <p>
          No trigger is expected to lift this audience: treating them would not pay. Widen the audience or
          change the goal.
        </p>
      ) : (
        <TableScroll label="Ranked triggers">
          <table className="ranked stack" data-testid="ranked-triggers" aria-describedby="ranked-legend">
            <caption className="sr-only">Triggers ranked by expected incremental profit</caption>
            <thead>
              <tr>
                <th scope="col">#</th>
                <th scope="col">Trigger</th>
                <th scope="col" className="num">
                  Uplift
                  <span className="sr-only"> with its 95% interval from past campaigns</span>
                </th>
                <th scope="col" className="num">
                  Audience
                </th>
                <th scope="col" className="num">
                  Incremental conversions
                </th>
                <th scope="col" className="num">
                  Incremental profit
                </th>
                <th scope="col" className="num">
                  Cost
                </th>
                <th scope="col">
                  <span className="sr-only">Choose</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {plan.ranked_triggers.map((r, i) => (
                <tr
                  key={r.trigger}
                  className={`${r.trigger === best ? 'best' : ''} ${r.trigger === chosen ? 'chosen' : ''}`}
                  data-trigger={r.trigger}
                >
                  <td className="rank">{i + 1}</td>
                  <th scope="row" data-rank={i + 1}>
                    {triggerLabel(r.trigger)} <span className="tag">{triggerType(r.trigger)}</span>
                    {r.trigger === best && <span className="badge">best</span>}
                    {r.trigger === plan.coo.proposed_intervention && (
                      <span className="badge asked">asked for</span>
                    )}
                  </th>
                  <td className="num" data-label="Uplift" data-tested={r.tested === false ? 'no' : undefined}>
                    {upliftText(r)}
                    <span className="ci block">{upliftSubText(r)}</span>
                  </td>
                  <td className="num" data-label="Audience">
                    {/* An untested trigger's audience of 0 follows from its unmeasured 0, not from a prediction. */}
                    {r.tested === false ? '—' : fmtInt(r.segment_size)}
                    {r.segment_size === 0 && r.tested !== false && (
                      <span className="ci block" data-testid="pays-for-no-one">
                        it pays for no one here
                      </span>
                    )}
                  </td>
                  <td className="num" data-label="Incremental conversions">
                    {r.segment_size === 0 ? '—' : fmtCount(r.expected_incremental_conversions)}
                  </td>
                  <td className="num" data-label="Incremental profit">
                    {r.segment_size === 0 ? '—' : fmtMoney(r.expected_incremental_profit)}
                  </td>
                  <td className="num" data-label="Cost">
                    {r.segment_size === 0 ? '—' : fmtMoney(r.expected_cost)}
                    {r.segment_size > 0 && costPerCustomer(r) !== null && (
                      <span className="ci block">{fmtMoney(costPerCustomer(r))} per customer</span>
                    )}
                  </td>
                  <td className="choose">
                    <button
                      type="button"
                      className="secondary small"
                      aria-pressed={r.trigger === chosen}
                      onClick={() => onChoose(r.trigger)}
                    >
                      {r.trigger === chosen ? 'In use' : 'Use'}
                      <span className="sr-only"> {triggerLabel(r.trigger)}</span>
                    </button>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </TableScroll>
      )}
      {plan.audience.resolutions?.map((r) => (
        <p key={`${r.from}:${r.tag ?? ''}`} className="muted small" data-testid="audience-resolution">
          {resolutionText(r)}
        </p>
      ))}
      {plan.scoring_window_days != null && (
        <p className="muted small" data-testid="scoring-window">
          Uplift and conversions are predicted for a campaign running {fmtInt(plan.scoring_window_days)} day
          {plan.scoring_window_days === 1 ? '' : 's'}.
        </p>
      )}
      <p className="small" data-testid="segment-rules-words">
        {/* With a note the rule selects nobody: its words ("… is predicted to raise their chance to
            order") read as if someone were, for a trigger no campaign tested or that harms everyone. */}
        <strong>Who gets it:</strong> {plan.segment_note ? 'no one.' : whoGetsIt(plan)}
      </p>
      {plan.segment_note && (
        <p className="callout small" data-testid="segment-note">
          {plan.segment_note}
        </p>
      )}
      <details className="raw-rule small">
        <summary>Segment rules as a field expression (what the API and other tools read)</summary>
        <code data-testid="segment-rules-text">{plan.segment_rules_text}</code>
        <span className="muted"> · model {plan.model_version}</span>
      </details>
    </div>
  );
}
