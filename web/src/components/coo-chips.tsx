import { useRef, useState } from 'react';
import type { CampaignObjective } from '../../../src/contracts/coo.ts';
import type { Criteria } from '../../../src/contracts/criteria.ts';
import { criteriaText } from '../criteria-text.ts';
import { fmtMoney } from '../format.ts';
import { CAMPAIGN_GOALS, CHANNELS, goalLabel, TRIGGER_IDS, triggerLabel, triggerType } from '../labels.ts';
import { ruleSentence } from '../rule-words.ts';

type Coo = CampaignObjective;

function Chip({
  name,
  value,
  children,
}: {
  name: string;
  value: string;
  children: (close: () => void) => React.ReactNode;
}) {
  const [open, setOpen] = useState(false);
  const summary = useRef<HTMLElement>(null);
  return (
    <details
      className="chip"
      open={open}
      onToggle={(e) => setOpen((e.target as HTMLDetailsElement).open)}
      // Escape closes the editor and gives the focus back to the chip, as in any popup.
      onKeyDown={(e) => {
        if (e.key === 'Escape' && open) {
          e.preventDefault();
          setOpen(false);
          summary.current?.focus();
        }
      }}
      data-chip={name}
    >
      <summary ref={summary}>
        <span className="chip-name">{name}</span> <span className="chip-value">{value}</span>
      </summary>
      {open && <div className="chip-editor">{children(() => setOpen(false))}</div>}
    </details>
  );
}

/**
 * The metric target as the brief said it: "to 5%" is a level, not "+5%" (which read as a rise of
 * five), "by 10%" a relative change, "+3 pts" points, "150 reactivated customers" a count.
 */
export function metricText(m: Coo['metric_target']): string {
  if (!m) return 'None stated';
  const metric = m.metric.replace(/_/g, ' ');
  const v = Math.abs(m.value);
  const value = m.unit === 'currency' ? fmtMoney(v) : v.toLocaleString('en-US');
  const dir = m.direction === 'increase' ? 'up' : 'down';
  const horizon = m.horizon_days ? ` in ${m.horizon_days} days` : '';
  if (m.kind === 'level') return `${metric} to ${value}${m.unit === 'percent' ? '%' : ''}${horizon}`;
  if (m.kind === 'relative') return `${metric} ${dir} ${value}%${horizon}`;
  if (m.kind === 'points') return `${metric} ${dir} ${value} pts${horizon}`;
  return `${value} ${m.direction === 'increase' ? 'more' : 'fewer'} ${m.unit === 'currency' ? `in ${metric}` : metric}${horizon}`;
}

/** The audience's conditions one by one: the parts of its top-level "all", else the one criterion. */
export function audienceParts(c: Criteria | null | undefined): Criteria[] {
  if (!c) return [];
  if ('all' in c) return c.all;
  return [c];
}

/**
 * The objective with one of its audience's conditions left out (a wider audience), described in
 * words: the brief's description ("vip customers") no longer says who it is.
 */
export function withoutAudiencePart(coo: Coo, index: number): Coo {
  const rest = audienceParts(coo.target_behavior.criteria).filter((_, i) => i !== index);
  const criteria: Criteria | null =
    rest.length === 0 ? null : rest.length === 1 ? (rest[0] as Criteria) : { all: rest };
  return {
    ...coo,
    target_behavior: {
      description: criteria ? ruleSentence(criteria) : 'all customers',
      criteria,
    },
  };
}

/**
 * The understood objective as chips the marketer can correct; every change re-plans.
 */
export function CooChips({
  coo,
  onChange,
  disabled,
}: {
  coo: Coo;
  onChange: (c: Coo) => void;
  disabled: boolean;
}) {
  const [criteriaDraft, setCriteriaDraft] = useState(JSON.stringify(coo.target_behavior.criteria, null, 2));
  const [criteriaError, setCriteriaError] = useState<string | null>(null);
  const [metricValue, setMetricValue] = useState(String(coo.metric_target?.value ?? ''));
  const budget = coo.constraints.budget;
  const [budgetValue, setBudgetValue] = useState(String(budget?.amount ?? ''));
  const budgetOk =
    budgetValue.trim() !== '' && Number.isFinite(Number(budgetValue)) && Number(budgetValue) > 0;
  const t = coo.proposed_intervention;
  return (
    <fieldset className="chips">
      <legend className="sr-only">What we understood</legend>
      <Chip name="Goal" value={goalLabel(coo.campaign_goal)}>
        {(close) => (
          <label>
            Campaign goal
            <select
              value={coo.campaign_goal}
              disabled={disabled}
              onChange={(e) => {
                onChange({ ...coo, campaign_goal: e.target.value as Coo['campaign_goal'] });
                close();
              }}
            >
              {CAMPAIGN_GOALS.map((g) => (
                <option key={g} value={g}>
                  {goalLabel(g)}
                </option>
              ))}
            </select>
          </label>
        )}
      </Chip>
      <Chip name="Trigger" value={t ? `${triggerLabel(t)} · ${triggerType(t)}` : 'Let the model choose'}>
        {(close) => (
          <label>
            Trigger
            <select
              value={t ?? ''}
              disabled={disabled}
              onChange={(e) => {
                const v = (e.target.value || null) as Coo['proposed_intervention'];
                onChange({
                  ...coo,
                  proposed_intervention: v,
                  intervention_type: v ? (triggerType(v) as Coo['intervention_type']) : null,
                });
                close();
              }}
            >
              <option value="">Let the model choose</option>
              {TRIGGER_IDS.map((id) => (
                <option key={id} value={id}>
                  {triggerLabel(id)} ({triggerType(id)})
                </option>
              ))}
            </select>
          </label>
        )}
      </Chip>
      <Chip
        name="Audience"
        value={coo.target_behavior.description || ruleSentence(coo.target_behavior.criteria)}
      >
        {(close) => (
          <div>
            {audienceParts(coo.target_behavior.criteria).length === 0 ? (
              <p className="small">Everyone: the brief names no audience.</p>
            ) : (
              <>
                <p className="small" id="audience-parts-hint">
                  Who the brief is about, one condition a line. Remove one to widen the audience.
                </p>
                <ul className="audience-parts" aria-describedby="audience-parts-hint">
                  {audienceParts(coo.target_behavior.criteria).map((part, i) => (
                    // biome-ignore lint/suspicious/noArrayIndexKey: the parts of one criteria tree, in order
                    <li key={i} data-testid="audience-part">
                      <span>{ruleSentence(part)}</span>{' '}
                      <button
                        type="button"
                        className="secondary small"
                        disabled={disabled}
                        aria-label={`Remove "${ruleSentence(part)}" and re-plan`}
                        onClick={() => {
                          onChange(withoutAudiencePart(coo, i));
                          close();
                        }}
                      >
                        Remove
                      </button>
                    </li>
                  ))}
                </ul>
              </>
            )}
            <details className="raw-rule small">
              <summary>Edit as criteria JSON (the API's criteria language)</summary>
              <p className="muted small">
                <code>{criteriaText(coo.target_behavior.criteria)}</code>
              </p>
              <label htmlFor="criteria-json">Criteria (JSON)</label>
              <textarea
                id="criteria-json"
                rows={8}
                value={criteriaDraft}
                onChange={(e) => setCriteriaDraft(e.target.value)}
              />
              {criteriaError && (
                <p className="error-detail" role="alert">
                  {criteriaError}
                </p>
              )}
              <button
                type="button"
                disabled={disabled}
                onClick={() => {
                  try {
                    const parsed = JSON.parse(criteriaDraft) as Criteria | null;
                    setCriteriaError(null);
                    onChange({ ...coo, target_behavior: { ...coo.target_behavior, criteria: parsed } });
                    close();
                  } catch (e) {
                    setCriteriaError(`Not valid JSON: ${(e as Error).message}`);
                  }
                }}
              >
                Apply and re-plan
              </button>
            </details>
          </div>
        )}
      </Chip>
      <Chip name="Target" value={metricText(coo.metric_target)}>
        {(close) =>
          coo.metric_target ? (
            <div>
              <label>
                Target value ({coo.metric_target.unit})
                <input type="number" value={metricValue} onChange={(e) => setMetricValue(e.target.value)} />
              </label>
              <button
                type="button"
                disabled={disabled || !Number.isFinite(Number(metricValue))}
                onClick={() => {
                  if (coo.metric_target)
                    onChange({ ...coo, metric_target: { ...coo.metric_target, value: Number(metricValue) } });
                  close();
                }}
              >
                Apply and re-plan
              </button>
              <button
                type="button"
                className="secondary"
                disabled={disabled}
                onClick={() => {
                  onChange({ ...coo, metric_target: null });
                  close();
                }}
              >
                Remove target
              </button>
            </div>
          ) : (
            <p className="muted small">
              The brief names no metric target. Add one to the brief, e.g. "raise conversion by 10%".
            </p>
          )
        }
      </Chip>
      <Chip name="Budget" value={budget ? fmtMoney(budget.amount, budget.currency) : 'None stated'}>
        {(close) => (
          <div>
            <label>
              Budget for the campaign ({budget?.currency ?? 'USD'})
              <input
                type="number"
                min={0}
                step="any"
                value={budgetValue}
                onChange={(e) => setBudgetValue(e.target.value)}
              />
            </label>
            <p className="muted small">
              Each trigger treats its most profitable customers until it is spent.
            </p>
            <button
              type="button"
              disabled={disabled || !budgetOk}
              onClick={() => {
                onChange({
                  ...coo,
                  constraints: {
                    ...coo.constraints,
                    budget: { amount: Number(budgetValue), currency: budget?.currency ?? 'USD' },
                  },
                });
                close();
              }}
            >
              Apply and re-plan
            </button>
            {budget && (
              <button
                type="button"
                className="secondary"
                disabled={disabled}
                onClick={() => {
                  onChange({ ...coo, constraints: { ...coo.constraints, budget: null } });
                  close();
                }}
              >
                Remove budget
              </button>
            )}
          </div>
        )}
      </Chip>
      <Chip
        name="Exclusions"
        value={
          coo.constraints.exclude_triggers.length
            ? coo.constraints.exclude_triggers.map(triggerLabel).join(', ')
            : 'None'
        }
      >
        {() => (
          <fieldset>
            <legend>Never use these triggers</legend>
            {TRIGGER_IDS.map((id) => (
              <label key={id} className="check">
                <input
                  type="checkbox"
                  disabled={disabled}
                  checked={coo.constraints.exclude_triggers.includes(id)}
                  onChange={(e) => {
                    const set = new Set(coo.constraints.exclude_triggers);
                    if (e.target.checked) set.add(id);
                    else set.delete(id);
                    onChange({
                      ...coo,
                      constraints: {
                        ...coo.constraints,
                        exclude_triggers: TRIGGER_IDS.filter((x) => set.has(x)),
                      },
                    });
                  }}
                />
                {triggerLabel(id)}
              </label>
            ))}
          </fieldset>
        )}
      </Chip>
      <Chip name="Channel" value={coo.constraints.channel ?? 'email (default)'}>
        {(close) => (
          <label>
            Channel
            <select
              value={coo.constraints.channel ?? ''}
              disabled={disabled}
              onChange={(e) => {
                onChange({
                  ...coo,
                  constraints: {
                    ...coo.constraints,
                    channel: (e.target.value || null) as Coo['constraints']['channel'],
                  },
                });
                close();
              }}
            >
              <option value="">Not stated (email)</option>
              {CHANNELS.map((c) => (
                <option key={c} value={c}>
                  {c}
                </option>
              ))}
            </select>
          </label>
        )}
      </Chip>
      <span className="confidence muted small" title="The interpreter's own confidence">
        confidence {Math.round(coo.confidence * 100)}%
      </span>
    </fieldset>
  );
}
