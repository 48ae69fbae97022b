import { useMemo, useState } from 'react';
import type { PlanResponse } from '../../../src/contracts/api.ts';
import type { SegmentExplanation } from '../../../src/contracts/explain.ts';
import { fmtInt, fmtMoney, fmtPoints, fmtShare } from '../format.ts';
import { featureLabel, triggerLabel } from '../labels.ts';
import { basisNote, countNote, mixedPlanNote } from './basis-note.ts';
import { Chart } from './chart.tsx';
import { curveVerdict } from './curve-verdict.ts';
import { whoGetsIt } from './ranked-triggers.tsx';
import { RuleLeaves, RulesTree } from './rules-tree.tsx';
import { TableScroll } from './status.tsx';

const BLUE = '#1f5fbf';
const GREY = '#8a94a6';
const ORANGE = '#b8570b';

type CustomApi = { value: (i: number) => number; coord: (p: [number, number]) => [number, number] };

/** Whiskers for confidence intervals: a custom series drawing [category, low, high]. */
function ciSeries(data: [number, number, number][]) {
  return {
    type: 'custom',
    name: '95% CI',
    itemStyle: { color: '#1d2330' },
    renderItem: (_p: unknown, api: CustomApi) => {
      const lo = api.coord([api.value(1), api.value(0)]);
      const hi = api.coord([api.value(2), api.value(0)]);
      const cap = 5;
      return {
        type: 'group',
        children: [
          {
            type: 'line',
            shape: { x1: lo[0], y1: lo[1], x2: hi[0], y2: hi[1] },
            style: { stroke: '#1d2330', lineWidth: 1.5 },
          },
          {
            type: 'line',
            shape: { x1: lo[0], y1: lo[1] - cap, x2: lo[0], y2: lo[1] + cap },
            style: { stroke: '#1d2330', lineWidth: 1.5 },
          },
          {
            type: 'line',
            shape: { x1: hi[0], y1: hi[1] - cap, x2: hi[0], y2: hi[1] + cap },
            style: { stroke: '#1d2330', lineWidth: 1.5 },
          },
        ],
      };
    },
    encode: { y: 0, x: [1, 2] },
    data,
    z: 10,
  };
}

export function Dashboard({
  explanation,
  plan,
}: {
  explanation: SegmentExplanation;
  plan: PlanResponse | null;
}) {
  const ex = explanation;
  // Words by default; the field expressions (the API's contract) one click away.
  const [rawRules, setRawRules] = useState(false);
  const lifts = useMemo(
    () =>
      ex.economics
        .filter((e) => e.lift_points !== null)
        .slice()
        .reverse(),
    [ex],
  );
  const liftOption = useMemo(
    () => ({
      grid: { left: 170, right: 30, top: 10, bottom: 30 },
      tooltip: { trigger: 'item' },
      xAxis: { type: 'value', name: 'points', nameLocation: 'end', axisLabel: { formatter: '{value}' } },
      yAxis: { type: 'category', data: lifts.map((e) => triggerLabel(e.trigger)) },
      series: [
        {
          type: 'bar',
          name: `${ex.economics[0]?.source === 'model' ? 'Predicted' : 'Observed'} lift`,
          data: lifts.map((e) => ({
            value: Number((e.lift_points ?? 0).toFixed(2)),
            itemStyle: { color: e.trigger === ex.trigger ? BLUE : GREY },
          })),
        },
        ciSeries(lifts.map((e, i) => [i, e.ci?.low ?? e.lift_points ?? 0, e.ci?.high ?? e.lift_points ?? 0])),
      ],
    }),
    [lifts, ex],
  );
  const shares = useMemo(() => ex.comparisons.filter((c) => c.unit === 'share' && c.segment !== null), [ex]);
  const compOption = useMemo(
    () => ({
      grid: { left: 300, right: 30, top: 30, bottom: 30 },
      legend: { top: 0 },
      tooltip: { trigger: 'axis', axisPointer: { type: 'shadow' } },
      xAxis: { type: 'value', max: 100, axisLabel: { formatter: '{value}%' } },
      yAxis: { type: 'category', data: shares.map((c) => c.label) },
      series: [
        {
          type: 'bar',
          name: 'This segment',
          data: shares.map((c) => Number(((c.segment ?? 0) * 100).toFixed(1))),
          itemStyle: { color: BLUE },
        },
        {
          type: 'bar',
          name: 'All customers',
          data: shares.map((c) => Number(((c.population ?? 0) * 100).toFixed(1))),
          itemStyle: { color: GREY },
        },
      ],
    }),
    [shares],
  );
  const curves = ex.curves;
  const curveOption = useMemo(
    () =>
      curves
        ? {
            grid: { left: 70, right: 20, top: 40, bottom: 45 },
            legend: { top: 0, right: 0 },
            tooltip: { trigger: 'axis' },
            xAxis: {
              type: 'value',
              name: 'share targeted',
              nameLocation: 'middle',
              nameGap: 25,
              max: 1,
              axisLabel: { formatter: (v: number) => `${Math.round(v * 100)}%` },
            },
            yAxis: { type: 'value', name: 'incremental conversions', nameLocation: 'middle', nameGap: 50 },
            series: [
              {
                type: 'line',
                name: `Qini: ${triggerLabel(curves.trigger)}`,
                showSymbol: false,
                data: curves.qini.map((p) => [p.share, p.value]),
                itemStyle: { color: BLUE },
              },
              {
                type: 'line',
                name: 'Random targeting',
                showSymbol: false,
                lineStyle: { type: 'dashed' },
                data: curves.qini.length
                  ? [
                      [0, 0],
                      [1, curves.qini[curves.qini.length - 1]?.value ?? 0],
                    ]
                  : [],
                itemStyle: { color: GREY },
              },
            ],
          }
        : null,
    [curves],
  );
  const upliftCurveOption = useMemo(
    () =>
      curves
        ? {
            grid: { left: 70, right: 20, top: 40, bottom: 45 },
            legend: { top: 0, right: 0 },
            tooltip: { trigger: 'axis' },
            xAxis: {
              type: 'value',
              name: 'share targeted',
              nameLocation: 'middle',
              nameGap: 25,
              max: 1,
              axisLabel: { formatter: (v: number) => `${Math.round(v * 100)}%` },
            },
            yAxis: { type: 'value', name: 'lift (points)', nameLocation: 'middle', nameGap: 40 },
            series: [
              {
                type: 'line',
                name: 'Observed lift in the top share',
                showSymbol: false,
                data: curves.uplift.map((p) => [p.share, p.value]),
                itemStyle: { color: ORANGE },
              },
            ],
          }
        : null,
    [curves],
  );
  const trade = ex.tradeoff;
  const tradeOption = useMemo(
    () =>
      trade?.length
        ? {
            grid: { left: 80, right: 70, top: 40, bottom: 45 },
            legend: { top: 0, right: 0 },
            tooltip: { trigger: 'axis' },
            xAxis: { type: 'value', name: 'customers targeted', nameLocation: 'middle', nameGap: 25 },
            yAxis: [
              { type: 'value', name: 'incremental profit ($)', nameLocation: 'middle', nameGap: 60 },
              { type: 'value', name: 'incremental conversions', nameLocation: 'middle', nameGap: 50 },
            ],
            series: [
              {
                type: 'line',
                name: 'Incremental profit',
                showSymbol: false,
                data: trade.map((p) => [p.size, Number(p.incremental_profit.toFixed(2))]),
                itemStyle: { color: BLUE },
              },
              {
                type: 'line',
                name: 'Incremental conversions',
                yAxisIndex: 1,
                showSymbol: false,
                data: trade.map((p) => [p.size, Number(p.incremental_conversions.toFixed(2))]),
                itemStyle: { color: ORANGE },
              },
            ],
          }
        : null,
    [trade],
  );
  const best = trade?.reduce((a, b) => (b.incremental_profit > a.incremental_profit ? b : a), trade[0]!);
  const ev = ex.evidence.filter((e) => e.campaign_count > 0);

  if (ex.segment_size === 0) {
    return (
      <div className="dashboard" data-testid="reasons">
        <p className="callout">
          No customer matches this audience{plan ? ` (${plan.segment_rules_text})` : ''}, so there is nothing
          to explain. Edit the Audience chip to widen it.
        </p>
      </div>
    );
  }
  return (
    <div className="dashboard">
      <div className="reasons" data-testid="reasons">
        <h3>
          Why {ex.trigger ? triggerLabel(ex.trigger) : 'this'} for these {fmtInt(ex.segment_size)} customers
        </h3>
        {plan && (
          <p className="small" data-testid="reasons-who">
            <strong>Who:</strong> {whoGetsIt(plan)}
          </p>
        )}
        {countNote(plan, ex) && (
          <p className="muted small" data-testid="count-note">
            {countNote(plan, ex)}
          </p>
        )}
        {mixedPlanNote(plan, ex) && (
          <p className="callout small" data-testid="mixed-plan-note">
            {mixedPlanNote(plan, ex)}
          </p>
        )}
        {ex.reasons.length === 0 ? (
          <p>No reasons could be computed: {ex.notes.join(' ')}</p>
        ) : (
          <ul>
            {ex.reasons.map((r) => (
              <li key={r.text} className={`reason ${r.kind}`}>
                {r.text}
              </li>
            ))}
          </ul>
        )}
        {basisNote(plan, ex) && (
          <p className="callout" data-testid="basis-note">
            {basisNote(plan, ex)}
          </p>
        )}
        {ex.notes.length > 0 && (
          <ul className="notes muted small">
            {ex.notes.map((n) => (
              <li key={n}>{n}</li>
            ))}
          </ul>
        )}
      </div>

      <div className="grid2">
        <Chart
          testId="chart-lift"
          option={liftOption}
          label={`${ex.economics[0]?.source === 'model' ? 'Predicted' : 'Observed'} lift by trigger for this segment, with 95% intervals`}
          summary={lifts
            .map((e) => `${triggerLabel(e.trigger)} ${fmtPoints(e.lift_points)} points`)
            .join('; ')}
          height={Math.max(220, lifts.length * 30 + 50)}
        />
        <Chart
          testId="chart-comparison"
          option={compOption}
          label="This segment vs all customers"
          summary={shares
            .map((c) => `${c.label}: ${fmtShare(c.segment)} vs ${fmtShare(c.population)}`)
            .join('; ')}
          height={Math.max(240, shares.length * 34 + 60)}
        />
      </div>

      <div className="grid2">
        {curveOption && upliftCurveOption && curves ? (
          <>
            <Chart
              testId="chart-qini"
              option={curveOption}
              label={`Qini curve, ${triggerLabel(curves.trigger)} vs control`}
              summary={curves.note}
            />
            <Chart
              testId="chart-uplift"
              option={upliftCurveOption}
              label="Uplift curve: observed lift among the customers the model ranks highest"
              summary={curves.note}
            />
          </>
        ) : (
          <p className="muted">
            Uplift and Qini curves need a trained model:{' '}
            {ex.model ? 'no randomised campaign to evaluate it on.' : 'run `aether train` first.'}
          </p>
        )}
      </div>
      {curves && (
        <p className="muted small" data-testid="curves-help">
          How to read them: the Qini curve adds up the extra conversions won as you target more of the
          customers the model ranks highest; the dashed line is what picking customers at random would win, so
          a curve above it means the ranking finds the customers the trigger moves. The uplift curve is the
          lift measured among the top share so far. {curves.note}
        </p>
      )}
      {curves && (
        <p className="small" data-testid="curves-verdict">
          {curveVerdict(curves)}
        </p>
      )}

      <div className="grid2">
        {tradeOption ? (
          <div>
            <Chart
              testId="chart-tradeoff"
              option={tradeOption}
              label="Size vs profit when the audience is widened or narrowed"
              summary={
                best
                  ? `Profit peaks at ${fmtInt(best.size)} customers with ${fmtMoney(best.incremental_profit)}`
                  : ''
              }
            />
            {best && (
              <p className="small" data-testid="tradeoff-peak">
                Profit peaks at the top {fmtInt(best.size)} customers by predicted profit (
                {fmtMoney(best.incremental_profit)}); treating everyone in the segment earns{' '}
                {fmtMoney(trade?.[trade.length - 1]?.incremental_profit)}.
              </p>
            )}
          </div>
        ) : (
          <p className="muted">
            The size-vs-profit trade-off needs per-customer scores from a trained model.
          </p>
        )}
        <div>
          <div className="panel-head">
            <h3>Segment rules</h3>
            <button
              type="button"
              className="secondary small"
              aria-pressed={rawRules}
              onClick={() => setRawRules((r) => !r)}
              data-testid="toggle-raw-rules"
            >
              {rawRules ? 'Show in words' : 'Show field expressions'}
            </button>
          </div>
          {plan && plan.rule_leaves.length > 0 ? (
            <RuleLeaves leaves={plan.rule_leaves} objective={plan.objective} raw={rawRules} />
          ) : (
            <RulesTree criteria={plan?.segment_rules ?? null} raw={rawRules} />
          )}
          {plan && rawRules && <p className="muted small">{plan.segment_rules_text}</p>}
        </div>
      </div>

      <h3>Evidence: past campaigns with control groups, for these customers</h3>
      {ev.length === 0 ? (
        <p>None of these customers was in a past randomised campaign.</p>
      ) : (
        <TableScroll label="Evidence from past campaigns">
          <table className="stack" data-testid="evidence-table">
            <thead>
              <tr>
                <th scope="col">Trigger</th>
                <th scope="col" className="num">
                  Campaigns
                </th>
                <th scope="col" className="num">
                  Treated (converted)
                </th>
                <th scope="col" className="num">
                  Control (converted)
                </th>
                <th scope="col" className="num">
                  Observed lift, pts (95% CI)
                </th>
              </tr>
            </thead>
            <tbody>
              {ev.map((e) => (
                <tr key={e.trigger}>
                  <th scope="row">{triggerLabel(e.trigger)}</th>
                  <td className="num" data-label="Campaigns">
                    {e.campaign_count}
                  </td>
                  <td className="num" data-label="Treated (converted)">
                    {fmtInt(e.treated_n)} ({fmtShare(e.treated_rate)})
                  </td>
                  <td className="num" data-label="Control (converted)">
                    {fmtInt(e.control_n)} ({fmtShare(e.control_rate)})
                  </td>
                  <td className="num" data-label="Observed lift, pts (95% CI)">
                    {fmtPoints(e.lift_points)} ({fmtPoints(e.ci?.low)} to {fmtPoints(e.ci?.high)})
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </TableScroll>
      )}

      <h3>Why not the others</h3>
      <TableScroll label="Why not the others">
        <table className="stack" data-testid="why-not">
          <thead>
            <tr>
              <th scope="col">#</th>
              <th scope="col">Trigger</th>
              <th scope="col" className="num">
                Lift, pts
              </th>
              <th scope="col" className="num">
                Profit / customer
              </th>
              <th scope="col" className="num">
                Cost / incremental order
              </th>
              <th scope="col">Reason</th>
            </tr>
          </thead>
          <tbody>
            {ex.economics.map((e) => (
              <tr key={e.trigger} className={e.trigger === ex.trigger ? 'chosen' : ''}>
                <td className="rank">{e.rank}</td>
                <th scope="row" data-rank={e.rank}>
                  {triggerLabel(e.trigger)}
                </th>
                <td className="num" data-label="Lift, pts">
                  {fmtPoints(e.lift_points)}
                </td>
                <td className="num" data-label="Profit / customer">
                  {fmtMoney(e.profit_per_customer)}
                </td>
                <td className="num" data-label="Cost / incremental order">
                  {fmtMoney(e.cost_per_incremental_order)}
                </td>
                <td className="reason-cell wide">{e.reason}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </TableScroll>

      {ex.model?.feature_importance && ex.model.feature_importance.length > 0 && (
        <>
          <h3>What drives the model's uplift</h3>
          <p className="muted small">
            The customer facts the model leans on most when it predicts who a trigger moves, as a share of all
            it learned from (for the whole model, not this segment alone).
          </p>
          <ol className="importance" data-testid="feature-importance">
            {ex.model.feature_importance.slice(0, 8).map((f) => {
              const all = ex.model?.feature_importance ?? [];
              const total = all.reduce((a, x) => a + Math.max(0, x.importance), 0);
              const share = total > 0 ? Math.max(0, f.importance) / total : null;
              return (
                <li key={f.feature}>
                  {/* The model's own column name only on hover: a marketer reads the label. */}
                  <span className="feature-name" title={f.feature}>
                    {featureLabel(f.feature)}
                  </span>{' '}
                  <meter
                    min={0}
                    max={all[0]?.importance ?? 1}
                    value={f.importance}
                    aria-label={`${featureLabel(f.feature)} importance`}
                  />{' '}
                  <span className="small">{fmtShare(share)}</span>
                </li>
              );
            })}
          </ol>
        </>
      )}
    </div>
  );
}
