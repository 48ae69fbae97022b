import { useCallback, useEffect, useState } from 'react';
import type { Segment } from '../../../src/contracts/api.ts';
import { api } from '../api.ts';
import { segmentUrls } from '../components/activate.tsx';
import { type Async, ErrorBox, Loading, Panel, TableScroll } from '../components/status.tsx';
import { fmtDate, fmtInt } from '../format.ts';
import { triggerLabel } from '../labels.ts';
import { mixedSegmentSentence, ruleSentence } from '../rule-words.ts';

export function SegmentsPage() {
  const [list, setList] = useState<Async<Segment[]>>({ state: 'loading' });
  const [busy, setBusy] = useState<string | null>(null);
  const [rowError, setRowError] = useState<unknown>(null);
  const load = useCallback(() => {
    setList({ state: 'loading' });
    api
      .segments()
      .then((d) => setList({ state: 'ok', data: d.segments }))
      .catch((error) => setList({ state: 'error', error }));
  }, []);
  useEffect(load, [load]);
  const refresh = async (id: string) => {
    setBusy(id);
    setRowError(null);
    try {
      await api.refreshSegment(id);
      load();
    } catch (e) {
      setRowError(e);
    } finally {
      setBusy(null);
    }
  };
  return (
    <main>
      <h1 className="sr-only">Segments</h1>
      <Panel
        title="Segments"
        id="segments"
        actions={
          <button type="button" className="secondary small" onClick={load}>
            Reload
          </button>
        }
      >
        <ErrorBox error={rowError} title="Refresh failed" />
        {list.state === 'loading' && <Loading label="Loading segments" />}
        {list.state === 'error' && <ErrorBox error={list.error} title="Segments could not be listed" />}
        {list.state === 'ok' && list.data.length === 0 && (
          <p>
            No segments yet. <a href="#/">Plan a campaign</a> and save its audience.
          </p>
        )}
        {list.state === 'ok' && list.data.length > 0 && (
          <TableScroll label="Saved segments">
            <table className="stack" data-testid="segments-table">
              <thead>
                <tr>
                  <th scope="col">Name</th>
                  <th scope="col">Status</th>
                  <th scope="col">Trigger</th>
                  <th scope="col" className="num">
                    Size
                  </th>
                  <th scope="col">Last computed</th>
                  <th scope="col">API</th>
                  <th scope="col">
                    <span className="sr-only">Actions</span>
                  </th>
                </tr>
              </thead>
              <tbody>
                {list.data.map((s) => (
                  <tr key={s.segment_id}>
                    <th scope="row">
                      <a href={`#/segments/${encodeURIComponent(s.segment_id)}`} data-testid="segment-link">
                        {s.name}
                      </a>
                      {s.note ? (
                        <div className="small callout rule-words" data-testid="segment-note">
                          {s.note}
                        </div>
                      ) : (
                        <div className="small rule-words" data-testid="segment-rule-words">
                          {s.recommended_trigger
                            ? ruleSentence(s.criteria)
                            : mixedSegmentSentence(s.criteria)}
                        </div>
                      )}
                      <details className="raw-rule muted small">
                        <summary>
                          <code>{s.segment_id}</code> · field expression
                        </summary>
                        <code>{s.criteria_text}</code>
                      </details>
                    </th>
                    <td data-label="Status">
                      <span className={`status ${s.status}`}>{s.status}</span>
                      {s.failure_reason && <div className="error-detail small">{s.failure_reason}</div>}
                    </td>
                    <td data-label="Trigger">
                      {s.recommended_trigger ? triggerLabel(s.recommended_trigger) : 'Mixed'}
                    </td>
                    <td className="num" data-label="Size">
                      {fmtInt(s.size)}
                    </td>
                    <td data-label="Last computed">{fmtDate(s.last_computed_at)}</td>
                    <td data-label="API">
                      <a href={`#/segments/${encodeURIComponent(s.segment_id)}`}>browse</a> ·{' '}
                      <a href={segmentUrls(s.segment_id).customers}>JSON</a> ·{' '}
                      <a href={segmentUrls(s.segment_id).csv}>CSV</a> ·{' '}
                      <a href={segmentUrls(s.segment_id).ndjson}>NDJSON</a>
                    </td>
                    <td className="choose">
                      <button
                        type="button"
                        className="secondary small"
                        onClick={() => refresh(s.segment_id)}
                        disabled={busy === s.segment_id}
                        aria-label={`Refresh ${s.name}`}
                      >
                        {busy === s.segment_id ? 'Refreshing…' : 'Refresh'}
                      </button>
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </TableScroll>
        )}
      </Panel>
    </main>
  );
}
