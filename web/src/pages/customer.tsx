import { type FormEvent, useEffect, useMemo, useState } from 'react';
import { api } from '../api.ts';
import { Chart } from '../components/chart.tsx';
import { type Async, ErrorBox, Loading, Panel } from '../components/status.tsx';
import { fmtCode, fmtDate, fmtMoney, fmtPoints } from '../format.ts';
import { TRIGGER_IDS, triggerLabel } from '../labels.ts';

type Profile = Record<string, unknown>;

const SHOWN: [string, string, (v: unknown) => string][] = [
  ['first_name', 'First name', String],
  ['location_city', 'City', String],
  ['location_country', 'Country', String],
  ['acquisition_source', 'Acquired via', fmtCode],
  ['average_order_value', 'Average order value', (v) => fmtMoney(v as number)],
  ['purchase_frequency', 'Orders, last 12 months', String],
  ['lifetime_value', 'Lifetime value', (v) => fmtMoney(v as number)],
  ['last_purchase_date', 'Last purchase', (v) => fmtDate(v as string)],
  ['session_count', 'Sessions, last 90 days', String],
  ['abandoned_cart_value', 'Abandoned cart value', (v) => fmtMoney(v as number)],
  ['abandoned_cart_reason', 'Abandoned because', fmtCode],
  ['email_open_rate', 'Email open rate', (v) => `${Math.round((v as number) * 100)}%`],
  ['clv_score', 'CLV percentile', (v) => `${Math.round((v as number) * 100)}`],
  ['churn_probability_score', 'Churn probability', (v) => `${Math.round((v as number) * 100)}%`],
  ['predicted_next_purchase_category', 'Next category', fmtCode],
  ['email_opt_in', 'Email opt-in', (v) => (v ? 'yes' : 'no')],
  ['sms_opt_in', 'SMS opt-in', (v) => (v ? 'yes' : 'no')],
];

export function CustomerPage({ id }: { id: string | null }) {
  const [input, setInput] = useState(id ?? '');
  const [state, setState] = useState<Async<Profile>>({ state: 'idle' });
  useEffect(() => {
    if (!id) return;
    setInput(id);
    setState({ state: 'loading' });
    api
      .customer(id)
      .then((data) => setState({ state: 'ok', data: (data as { profile?: Profile }).profile ?? data }))
      .catch((error) => setState({ state: 'error', error }));
  }, [id]);
  const go = (e: FormEvent) => {
    e.preventDefault();
    if (input.trim()) window.location.hash = `#/customers/${encodeURIComponent(input.trim())}`;
  };
  const p = state.state === 'ok' ? state.data : null;
  const uplifts = useMemo(
    () =>
      p
        ? TRIGGER_IDS.map((t) => ({ t, v: p[`uplift_score_for_${t}`] as number | null | undefined })).filter(
            (x): x is { t: (typeof TRIGGER_IDS)[number]; v: number } => typeof x.v === 'number',
          )
        : [],
    [p],
  );
  const option = useMemo(
    () => ({
      grid: { left: 190, right: 30, top: 10, bottom: 30 },
      xAxis: { type: 'value', name: 'points' },
      yAxis: { type: 'category', data: uplifts.map((u) => triggerLabel(u.t)).reverse() },
      tooltip: { trigger: 'item' },
      series: [
        {
          type: 'bar',
          data: uplifts
            .map((u) => ({
              value: Number((u.v * 100).toFixed(2)),
              itemStyle: { color: u.t === p?.recommended_trigger ? '#1f5fbf' : '#8a94a6' },
            }))
            .reverse(),
        },
      ],
    }),
    [uplifts, p],
  );
  return (
    <main>
      <h1 className="sr-only">Customer profile</h1>
      <Panel title="Customer" id="customer">
        <form onSubmit={go} className="inline-form">
          <label htmlFor="customer-id">Customer id</label>
          <input
            id="customer-id"
            value={input}
            onChange={(e) => setInput(e.target.value)}
            placeholder="e.g. c0000123"
            aria-describedby="customer-id-hint"
          />
          <button type="submit">Show</button>
        </form>
        <p id="customer-id-hint" className="muted small">
          A segment's members and their ids are listed by its{' '}
          <a href="#/segments">customers link or export</a>.
        </p>
        {state.state === 'loading' && <Loading label="Loading the profile" />}
        {state.state === 'error' && <ErrorBox error={state.error} title="No profile" />}
        {p && (
          <div className="grid2">
            <dl className="profile" data-testid="profile">
              <dt>Customer</dt>
              <dd>
                <code>{String(p.customer_id)}</code>
              </dd>
              {SHOWN.filter(([k]) => p[k] !== null && p[k] !== undefined).map(([k, label, f]) => (
                <div key={k} className="dl-row">
                  <dt>{label}</dt>
                  <dd>{f(p[k])}</dd>
                </div>
              ))}
              <dt>Recommended trigger</dt>
              <dd>{p.recommended_trigger ? triggerLabel(String(p.recommended_trigger)) : 'No model yet'}</dd>
            </dl>
            <div>
              {uplifts.length ? (
                <Chart
                  testId="chart-customer-uplift"
                  option={option}
                  label="Predicted uplift per trigger for this customer"
                  summary={uplifts
                    .map((u) => `${triggerLabel(u.t)} ${fmtPoints(u.v * 100)} points`)
                    .join('; ')}
                  height={uplifts.length * 28 + 50}
                />
              ) : (
                <p className="muted">No uplift scores: train a model (`aether train`) to score customers.</p>
              )}
            </div>
          </div>
        )}
      </Panel>
    </main>
  );
}
