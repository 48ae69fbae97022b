import { useState } from 'react';
import type { Segment } from '../../../src/contracts/api.ts';
import type { CampaignObjective } from '../../../src/contracts/coo.ts';
import { api } from '../api.ts';
import { fmtDate, fmtInt } from '../format.ts';
import { triggerLabel } from '../labels.ts';
import { ErrorBox, Loading } from './status.tsx';

export function segmentUrls(id: string) {
  const origin = window.location.origin;
  return {
    customers: `${origin}/api/v1/segments/${id}/customers`,
    csv: `/api/v1/segments/${id}/export?format=csv`,
    ndjson: `/api/v1/segments/${id}/export?format=ndjson`,
  };
}

/** Save the segment, then hand it to other tools: its API URL, a curl command, exports. */
export function Activate({
  coo,
  trigger: shown,
  name,
  planned,
  mix = [],
}: {
  coo: CampaignObjective;
  trigger: string | null;
  name: string;
  planned: boolean;
  /** The triggers the plan's rules give out (its trigger_mix); several make a mixed segment. */
  mix?: string[];
}) {
  // A brief that names no trigger is planned as rules that each give their own trigger: the saved
  // segment is mixed too (each customer their own best trigger, as "Who gets it" says) rather than
  // the best-ranked trigger sent to everyone, customers the rules chose for other triggers included.
  const mixed = planned && !coo.proposed_intervention && mix.length > 1;
  const trigger = mixed ? null : shown;
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const [segment, setSegment] = useState<Segment | null>(null);
  const save = async () => {
    setBusy(true);
    setError(null);
    try {
      // With a plan, the segment is built from the objective by the planner; without one (no model
      // yet), from the audience's criteria and the chosen trigger, exactly as shown.
      const seg = await api.createSegment({
        name,
        ...(planned ? { coo } : { criteria: coo.target_behavior.criteria ?? { all: [] } }),
        ...(trigger ? { trigger: trigger as never } : {}),
        ...(coo.constraints.channel ? { channel: coo.constraints.channel } : {}),
        ...(coo.constraints.exclude_triggers.length
          ? { exclude_triggers: coo.constraints.exclude_triggers }
          : {}),
      });
      setSegment(seg);
    } catch (e) {
      setError(e);
    } finally {
      setBusy(false);
    }
  };
  const urls = segment ? segmentUrls(segment.segment_id) : null;
  const curl = urls ? `curl -H "Authorization: Bearer $AETHER_API_KEY" "${urls.customers}?limit=100"` : '';
  return (
    <div className="activate">
      <p>
        Save this audience as a segment with{' '}
        {mixed ? (
          <>
            each customer's own best trigger (the rules give out{' '}
            <strong>{mix.map(triggerLabel).join(', ')}</strong>)
          </>
        ) : (
          <strong>{triggerLabel(trigger)}</strong>
        )}
        : its members are computed once into a snapshot, with a holdout group kept back so you can measure the
        campaign's real lift.
      </p>
      <button type="button" onClick={save} disabled={busy}>
        {busy ? 'Saving…' : segment ? 'Save again as a new segment' : 'Save segment'}
      </button>
      {busy && <Loading label="Computing the segment" />}
      <ErrorBox error={error} title="The segment could not be saved" />
      {segment && urls && (
        <div className="activated" data-testid="activated">
          <p>
            <strong>{segment.name}</strong> · {segment.status} · {fmtInt(segment.size)} customers (
            {fmtInt(segment.treatment_size)} to treat, {fmtInt(segment.holdout_size)} held out) · computed{' '}
            {fmtDate(segment.last_computed_at)}
          </p>
          {segment.failure_reason && <p className="error-detail">{segment.failure_reason}</p>}
          <label htmlFor="segment-url">API URL</label>
          <input
            id="segment-url"
            data-testid="segment-url"
            readOnly
            value={urls.customers}
            onFocus={(e) => e.target.select()}
          />
          <label htmlFor="segment-curl">Fetch it with curl</label>
          <textarea
            id="segment-curl"
            data-testid="segment-curl"
            readOnly
            rows={2}
            value={curl}
            onFocus={(e) => e.target.select()}
          />
          <p className="small">
            Create the key once with{' '}
            <code>npx aether keys create --name email-tool --scopes segments:read --json</code> (it prints the
            key once; the database has one writer, so run it while <code>aether serve</code> is stopped). Then{' '}
            <code>export AETHER_API_KEY=…</code> and run the command above; pages follow{' '}
            <code>next_cursor</code>.
          </p>
          <p className="exports">
            <a className="button secondary" href={urls.csv} download>
              Export CSV
            </a>{' '}
            <a className="button secondary" href={urls.ndjson} download>
              Export NDJSON
            </a>{' '}
            <a
              href={`#/segments/${encodeURIComponent(segment.segment_id)}`}
              data-testid="segment-customers-link"
            >
              See its {fmtInt(segment.size)} customers
            </a>{' '}
            · <a href="#/segments">All segments</a>
          </p>
        </div>
      )}
    </div>
  );
}
