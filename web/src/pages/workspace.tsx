import { useCallback, useEffect, useRef, useState } from 'react';
import type { PlanResponse } from '../../../src/contracts/api.ts';
import { type CampaignObjective, NOT_A_BRIEF_QUESTION } from '../../../src/contracts/coo.ts';
import type { SegmentExplanation } from '../../../src/contracts/explain.ts';
import { ApiError, api } from '../api.ts';
import { Activate } from '../components/activate.tsx';
import { BriefBox, type Turn } from '../components/brief.tsx';
import { CooChips } from '../components/coo-chips.tsx';
import { CopyPanel } from '../components/copy-panel.tsx';
import { Dashboard } from '../components/dashboard.tsx';
import { RankedTriggers } from '../components/ranked-triggers.tsx';
import { type Async, ErrorBox, Loading, Panel } from '../components/status.tsx';
import { type ChannelName, goalLabel, triggerLabel, triggerType } from '../labels.ts';
import { ruleWords, withoutFieldExpressions } from '../rule-words.ts';

/**
 * The interpreter's refusal of text that is not a campaign brief (a 400 naming `brief`): a question
 * to the marketer, asked once, not a red error box (twice: the interpretation and the plan both
 * refused it).
 */
export function refusalOf(error: unknown): string | null {
  if (!(error instanceof ApiError) || error.status !== 400) return null;
  // A brief the schema refuses (too long) is an error to show as one, not a question to answer.
  if (error.problem.detail.startsWith('Invalid request:')) return null;
  return error.problem.invalid_params?.some((p) => p.name === 'brief') ? error.problem.detail : null;
}

function understood(coo: CampaignObjective): string {
  const t = coo.proposed_intervention;
  return (
    `Goal: ${goalLabel(coo.campaign_goal)}. Trigger: ${t ? `${triggerLabel(t)} (${triggerType(t)})` : 'none named, so the model will choose'}. ` +
    `Audience: ${coo.target_behavior.description || ruleWords(coo.target_behavior.criteria)}.`
  );
}

/**
 * The planner's 404: no customer matches the brief's audience. An empty result, not a failure: the
 * page says so calmly and offers no copy or segment for nobody.
 */
export function isEmptyAudience(error: unknown): boolean {
  return error instanceof ApiError && error.status === 404;
}

/** Marks the moment the whole plan is on screen, for the benchmark and the browser tests. */
function markComplete(state: string) {
  document.body.dataset.planState = state;
  performance.mark(`plan-${state}`);
}

export function Workspace() {
  const [turns, setTurns] = useState<Turn[]>([]);
  const [brief, setBrief] = useState<string | null>(null);
  const [coo, setCoo] = useState<CampaignObjective | null>(null);
  const [plan, setPlan] = useState<Async<PlanResponse>>({ state: 'idle' });
  const [explanation, setExplanation] = useState<Async<SegmentExplanation>>({ state: 'idle' });
  const [chosen, setChosen] = useState<string | null>(null);
  const [copyDone, setCopyDone] = useState(false);
  const [interpretError, setInterpretError] = useState<unknown>(null);
  const seq = useRef(0);
  // Questions whose answer is a new brief rather than a completion of the last one.
  const refusals = useRef(new Set<string>([NOT_A_BRIEF_QUESTION]));

  const channel: ChannelName = coo?.constraints.channel ?? 'email';

  const turnId = useRef(0);
  const addUnderstood = useCallback((c: CampaignObjective) => {
    setTurns((t) => [
      ...t,
      { id: ++turnId.current, role: 'assistant', text: understood(c) },
      ...c.clarifications.map((q) => ({
        id: ++turnId.current,
        role: 'assistant' as const,
        // In words: "(clv_score >= 0.8)" is for the API's readers, not a marketer.
        text: withoutFieldExpressions(q),
        question: true,
      })),
    ]);
  }, []);

  const explain = useCallback(
    async (
      id: number,
      criteria: unknown,
      trigger: string | null,
      /** Whether the brief or the marketer chose `trigger` (not just the top of the ranking). */
      asked: boolean,
      ch: ChannelName,
      percent?: number | null,
      exclude: readonly string[] = [],
    ) => {
      setExplanation({ state: 'loading' });
      try {
        const data = await api.explain({
          criteria: criteria as never,
          trigger: trigger as never,
          channel: ch,
          // The brief's discount depth, as the plan costed it.
          ...(trigger === 'discount' && percent != null ? { discount_percent: percent } : {}),
          // A trigger the brief rules out ("no discounts") is neither ranked nor argued against.
          ...(exclude.length ? { exclude_triggers: exclude as never } : {}),
        });
        // The request cannot say why its trigger was sent, so the API calls any trigger it is given
        // "requested"; the top of the ranking, sent for a brief that names none, was not asked for.
        const shown: SegmentExplanation =
          !asked && data.trigger_source === 'requested'
            ? { ...data, trigger_source: data.model ? 'best_model' : 'best_evidence' }
            : data;
        if (seq.current === id) setExplanation({ state: 'ok', data: shown });
        return shown;
      } catch (error) {
        if (seq.current === id) setExplanation({ state: 'error', error });
        return null;
      }
    },
    [],
  );

  const run = useCallback(
    async (input: { brief: string } | { coo: CampaignObjective }) => {
      const id = ++seq.current;
      markComplete('loading');
      setCopyDone(false);
      performance.mark('plan-start');
      setPlan({ state: 'loading' });
      setInterpretError(null);
      setExplanation({ state: 'idle' });
      let next: CampaignObjective | null = 'coo' in input ? input.coo : null;
      // When the brief names its trigger, the copy for it does not wait for the plan: the COO is
      // interpreted (a few milliseconds) while the plan is computed, and the copy panel starts with
      // it, so copy and plan run side by side on the server.
      let early: CampaignObjective | null = null;
      let planned = false;
      const startCopy = (c: CampaignObjective) => {
        if (seq.current !== id || planned || !c.proposed_intervention) return;
        early = c;
        setCoo(c);
        setChosen(c.proposed_intervention);
      };
      if ('brief' in input) {
        // The interpretation comes first (milliseconds): text that may not be a brief at all is
        // asked about before anything is planned for it; a refusal is reported by the plan call.
        let refused: string | null = null;
        const first = await api.interpret({ brief: input.brief }).then(
          (r) => r.coo,
          (e) => {
            refused = refusalOf(e);
            return null;
          },
        );
        if (seq.current !== id) return;
        if (refused) {
          planned = true;
          setPlan({ state: 'idle' });
          const question: string = refused;
          refusals.current.add(question);
          setTurns((t) => [
            ...t,
            { id: ++turnId.current, role: 'assistant', text: question, question: true },
          ]);
          markComplete('explained');
          return;
        }
        if (first?.clarifications[0] === NOT_A_BRIEF_QUESTION) {
          planned = true;
          setPlan({ state: 'idle' });
          // Only the question: a reading of off-topic text as a campaign would be a guess.
          setTurns((t) => [
            ...t,
            { id: ++turnId.current, role: 'assistant', text: NOT_A_BRIEF_QUESTION, question: true },
          ]);
          markComplete('explained');
          return;
        }
        if (first) startCopy(first);
      }
      try {
        const data = await api.plan(input);
        planned = true;
        if (seq.current !== id) return;
        next = data.coo;
        setPlan({ state: 'ok', data });
        // The same COO keeps its identity, so the copy already requested for it is not asked again.
        if (!early || JSON.stringify(early) !== JSON.stringify(data.coo)) setCoo(data.coo);
        const asked = data.coo.proposed_intervention ?? null;
        const trigger = asked ?? data.ranked_triggers[0]?.trigger ?? null;
        setChosen(trigger);
        if ('brief' in input) addUnderstood(data.coo);
        await explain(
          id,
          data.segment_rules,
          trigger,
          asked !== null,
          data.coo.constraints.channel ?? 'email',
          trigger === data.coo.proposed_intervention ? data.coo.intervention_params?.percent : null,
          data.coo.constraints.exclude_triggers,
        );
      } catch (error) {
        planned = true;
        if (seq.current !== id) return;
        setPlan({ state: 'error', error });
        // Without a plan, still show what the brief says and the evidence for its audience.
        if (!next && early) {
          next = early;
          addUnderstood(early);
        } else if (!next && 'brief' in input) {
          try {
            next = (await api.interpret({ brief: input.brief })).coo;
            if (seq.current !== id) return;
            addUnderstood(next);
          } catch (e) {
            next = null;
            if (seq.current === id) setInterpretError(e);
          }
        }
        // No one to explain, write to or save: the plan panel says so.
        if (next && isEmptyAudience(error)) {
          if (next !== early) setCoo(next);
        } else if (next) {
          if (next !== early) setCoo(next);
          setChosen(next.proposed_intervention);
          await explain(
            id,
            next.target_behavior.criteria,
            next.proposed_intervention,
            next.proposed_intervention != null,
            next.constraints.channel ?? 'email',
            next.intervention_params?.percent,
            next.constraints.exclude_triggers,
          );
        }
      }
      if (seq.current === id) markComplete('explained');
    },
    [explain, addUnderstood],
  );

  const onSend = (text: string) => {
    const last = turns[turns.length - 1];
    // An answer to a question about the brief completes it; an answer to "is this a brief?" replaces it.
    const full = last?.question && brief && !refusals.current.has(last.text) ? `${brief} ${text}` : text;
    setTurns((t) => [...t, { id: ++turnId.current, role: 'user', text }]);
    setBrief(full);
    void run({ brief: full });
  };

  const onCooChange = (c: CampaignObjective) => {
    setCoo(c);
    setTurns((t) => [
      ...t,
      { id: ++turnId.current, role: 'assistant', text: `Re-planned with your change. ${understood(c)}` },
    ]);
    void run({ coo: c });
  };

  // Using another trigger re-plans with it, as the Trigger chip does: the segment rules, the
  // explanation, the copy and a saved segment are then all for that trigger (they used to keep
  // the rules learnt for the first one, so a saved "Scarcity" segment was chosen by exclusivity uplift).
  const onChoose = (trigger: string) => {
    if (!coo || trigger === chosen) return;
    setChosen(trigger);
    setCopyDone(false);
    const next: CampaignObjective = {
      ...coo,
      proposed_intervention: trigger as CampaignObjective['proposed_intervention'],
      intervention_type: (triggerType(trigger) || null) as CampaignObjective['intervention_type'],
    };
    setCoo(next);
    setTurns((t) => [
      ...t,
      {
        id: ++turnId.current,
        role: 'assistant',
        text: `Re-planned with ${triggerLabel(trigger)}. ${understood(next)}`,
      },
    ]);
    void run({ coo: next });
  };

  // The plan says its segment for the brief's own trigger holds nobody (never tested, or predicted to
  // lift no one): no copy to write and no segment to save for it; another trigger chosen in the
  // ranking gets both again.
  const nobodyForChosen =
    plan.state === 'ok' && Boolean(plan.data.segment_note) && chosen === plan.data.recommended_trigger;

  useEffect(() => {
    // Without copy to write (a segment of nobody), the page is complete once it is explained.
    if (plan.state === 'ok' && explanation.state === 'ok' && (copyDone || nobodyForChosen))
      markComplete('complete');
  }, [plan.state, explanation.state, copyDone, nobodyForChosen]);

  const busy = plan.state === 'loading';
  const emptyAudience = plan.state === 'error' && isEmptyAudience(plan.error);
  return (
    <main className="workspace">
      <h1 className="sr-only">Plan a campaign</h1>
      <Panel title="Brief" id="brief-panel">
        <BriefBox turns={turns} busy={busy} onSend={onSend} />
        <ErrorBox error={interpretError} title="The brief could not be understood" />
        {coo && <CooChips key={JSON.stringify(coo)} coo={coo} onChange={onCooChange} disabled={busy} />}
      </Panel>

      {plan.state !== 'idle' && (
        <Panel title="Ranked triggers" id="ranked-panel">
          {plan.state === 'loading' && <Loading label="Planning: scoring every trigger for this audience" />}
          {plan.state === 'error' &&
            (isEmptyAudience(plan.error) ? (
              <p className="callout" data-testid="no-audience">
                No customer matches this audience
                {coo ? ` (${ruleWords(coo.target_behavior.criteria)})` : ''}, so there is nothing to rank,
                write or save. Widen it with the Audience chip above, or write the brief again.
              </p>
            ) : (
              <ErrorBox error={plan.error} title="No plan" />
            ))}
          {plan.state === 'ok' && <RankedTriggers plan={plan.data} chosen={chosen} onChoose={onChoose} />}
        </Panel>
      )}

      {explanation.state !== 'idle' && (
        <Panel title="Why this works" id="explain-panel">
          {explanation.state === 'loading' && <Loading label="Computing the explanation from the data" />}
          {explanation.state === 'error' && <ErrorBox error={explanation.error} title="No explanation" />}
          {explanation.state === 'ok' && (
            <Dashboard explanation={explanation.data} plan={plan.state === 'ok' ? plan.data : null} />
          )}
        </Panel>
      )}

      {chosen && coo && !emptyAudience && !nobodyForChosen && (
        <Panel title="Copy" id="copy-panel">
          <CopyPanel
            trigger={chosen}
            criteria={coo.target_behavior.criteria}
            initialChannel={channel}
            deadline={coo.intervention_params?.deadline ?? null}
            discountPercent={coo.intervention_params?.percent ?? null}
            onLoaded={() => setCopyDone(true)}
          />
        </Panel>
      )}

      {coo && !nobodyForChosen && (plan.state === 'ok' || (plan.state === 'error' && !emptyAudience)) && (
        <Panel title="Activate" id="activate-panel">
          <Activate
            coo={coo}
            trigger={chosen}
            name={brief?.slice(0, 80) ?? 'Segment'}
            planned={plan.state === 'ok'}
            mix={plan.state === 'ok' ? Object.keys(plan.data.trigger_mix) : []}
          />
        </Panel>
      )}
    </main>
  );
}
