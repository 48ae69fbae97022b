import { type FormEvent, useCallback, useEffect, useRef, useState } from 'react';
import type { Segment, SegmentCustomersPage } from '../../../src/contracts/api.ts';
import { api } from '../api.ts';
import { type Async, ErrorBox, Loading, Panel, TableScroll } from '../components/status.tsx';
import { fmtDate, fmtInt, fmtMoney, fmtPoints } from '../format.ts';
import { TRIGGER_IDS, triggerLabel } from '../labels.ts';
import { mixedSegmentSentence, ruleSentence } from '../rule-words.ts';

const PAGE = 50;
const FIELDS = [
  'customer_id',
  'first_name',
  'email_address',
  'recommended_trigger',
  'expected_incremental_profit',
  'assignment',
  'clv_score',
  'last_purchase_date',
  // The uplift of each member's own trigger is one of these.
  ...TRIGGER_IDS.map((t) => `uplift_score_for_${t}`),
].join(',');

type Member = Record<string, unknown>;
type Assignment = 'treatment' | 'holdout' | 'all';

/** Where a page starts: the cursor that reads it (null for the first) and its first row's number. */
interface PageStart {
  cursor: string | null;
  from: number;
}

const upliftOf = (m: Member, trigger: unknown): number | null => {
  const v = m[`uplift_score_for_${String(trigger)}`];
  return typeof v === 'number' ? v : null;
};

/**
 * One saved segment's customers: the snapshot other tools read, a page at a time, searchable by a
 * customer id fragment or an e-mail domain (the API's `search`), each linking to the customer page.
 */
export function SegmentCustomers({ id }: { id: string }) {
  const [segment, setSegment] = useState<Async<Segment>>({ state: 'loading' });
  const [input, setInput] = useState('');
  const [search, setSearch] = useState('');
  const [assignment, setAssignment] = useState<Assignment>('treatment');
  const [starts, setStarts] = useState<PageStart[]>([{ cursor: null, from: 1 }]);
  const [page, setPage] = useState<Async<SegmentCustomersPage>>({ state: 'loading' });

  useEffect(() => {
    setSegment({ state: 'loading' });
    api
      .segment(id)
      .then((data) => setSegment({ state: 'ok', data }))
      .catch((error) => setSegment({ state: 'error', error }));
  }, [id]);

  const start = starts[starts.length - 1] as PageStart;
  const load = useCallback(() => {
    setPage({ state: 'loading' });
    let live = true;
    api
      .segmentCustomers(id, {
        limit: PAGE,
        fields: FIELDS,
        assignment,
        ...(search ? { search } : {}),
        ...(start.cursor ? { cursor: start.cursor } : {}),
      })
      .then((data) => live && setPage({ state: 'ok', data }))
      .catch((error) => live && setPage({ state: 'error', error }));
    return () => {
      live = false;
    };
  }, [id, assignment, search, start]);
  useEffect(load, [load]);

  const restart = () => setStarts([{ cursor: null, from: 1 }]);
  const onSearch = (e: FormEvent) => {
    e.preventDefault();
    setSearch(input.trim());
    restart();
  };
  const data = page.state === 'ok' ? page.data : null;
  const rows = (data?.customer_profiles ?? []) as Member[];
  const to = start.from + rows.length - 1;
  const seg = segment.state === 'ok' ? segment.data : null;
  const countRef = useRef<HTMLParagraphElement>(null);

  /** Previous / next page; from the bottom pager, the new page is read from its top. */
  const pager = (where: 'top' | 'bottom') => {
    const go = (next: (s: PageStart[]) => PageStart[]) => {
      setStarts(next);
      if (where === 'bottom') countRef.current?.scrollIntoView({ block: 'start' });
    };
    return (
      <nav className="pager" aria-label={`Pages (${where})`} data-testid={`pager-${where}`}>
        <button
          type="button"
          className="secondary small"
          disabled={starts.length === 1}
          onClick={() => go((s) => s.slice(0, -1))}
        >
          ← Previous {PAGE}
        </button>
        <button
          type="button"
          className="secondary small"
          disabled={!data?.next_cursor}
          onClick={() => {
            const cursor = data?.next_cursor;
            if (cursor) go((s) => [...s, { cursor, from: to + 1 }]);
          }}
        >
          Next {PAGE} →
        </button>
      </nav>
    );
  };

  return (
    <main>
      <h1 className="sr-only">Segment customers</h1>
      <p className="small">
        <a href="#/segments">← All segments</a>
      </p>
      <Panel title={seg ? seg.name : 'Segment'} id="segment-customers">
        {segment.state === 'loading' && <Loading label="Loading the segment" />}
        <ErrorBox
          error={segment.state === 'error' ? segment.error : null}
          title="The segment could not be read"
        />
        {seg && (
          <div className="small">
            <p data-testid="segment-who">
              <strong>Who:</strong>{' '}
              {/* With a note the rules hold nobody; their words would read as if someone were. */}
              {seg.note
                ? 'no one'
                : seg.recommended_trigger
                  ? ruleSentence(seg.criteria)
                  : mixedSegmentSentence(seg.criteria)}
              . <strong>Trigger:</strong>{' '}
              {seg.recommended_trigger
                ? triggerLabel(seg.recommended_trigger)
                : 'each customer’s own (mixed)'}
              . {fmtInt(seg.size)} customers ({fmtInt(seg.treatment_size)} to contact,{' '}
              {fmtInt(seg.holdout_size)} held out as the control group), computed{' '}
              {fmtDate(seg.last_computed_at)}.
            </p>
            {seg.note && (
              <p className="callout" data-testid="segment-note">
                {seg.note}
              </p>
            )}
            <details className="raw-rule muted">
              <summary>
                <code>{seg.segment_id}</code> · field expression
              </summary>
              <code>{seg.criteria_text}</code>
            </details>
          </div>
        )}
        {/* A segment that cannot be read has no customers to search: one error, not two and a form. */}
        {segment.state !== 'error' && (
          <>
            <form className="search-row" onSubmit={onSearch} aria-label="Find a customer of this segment">
              <label htmlFor="member-search">Find a customer</label>
              <input
                id="member-search"
                type="search"
                value={input}
                placeholder="customer id or e-mail domain, e.g. c0001234 or @example.com"
                onChange={(e) => setInput(e.target.value)}
              />
              <button type="submit">Search</button>
              {search && (
                <button
                  type="button"
                  className="secondary"
                  onClick={() => {
                    setInput('');
                    setSearch('');
                    restart();
                  }}
                >
                  Clear
                </button>
              )}
              <span className="field-pair">
                <label htmlFor="member-assignment">Show</label>
                <select
                  id="member-assignment"
                  value={assignment}
                  onChange={(e) => {
                    setAssignment(e.target.value as Assignment);
                    restart();
                  }}
                >
                  <option value="treatment">customers to contact</option>
                  <option value="holdout">the held-out control group</option>
                  <option value="all">everyone in the segment</option>
                </select>
              </span>
            </form>
            {page.state === 'loading' && <Loading label="Loading customers" />}
            <ErrorBox
              error={page.state === 'error' ? page.error : null}
              title="The customers could not be listed"
            />
            {data && (
              <>
                <p className="small" role="status" data-testid="member-count" ref={countRef}>
                  {data.total === 0
                    ? search
                      ? `No customer of this segment matches “${search}”.`
                      : 'No customers here.'
                    : `${fmtInt(start.from)}–${fmtInt(to)} of ${fmtInt(data.total)}${search ? ` matching “${search}”` : ''}, best first (expected incremental profit).`}
                </p>
                {/* A phone shows a few rows a screen: the pager is above the list too, not only 50 rows down. */}
                {(data.next_cursor || starts.length > 1) && pager('top')}
                {rows.length > 0 && (
                  <TableScroll label="Segment customers">
                    <table className="stack" data-testid="segment-members">
                      <thead>
                        <tr>
                          <th scope="col" className="num">
                            #
                          </th>
                          <th scope="col">Customer</th>
                          <th scope="col">E-mail</th>
                          <th scope="col">Trigger</th>
                          <th scope="col" className="num">
                            Predicted uplift
                          </th>
                          <th scope="col" className="num">
                            Expected incremental profit
                          </th>
                          <th scope="col">Last order</th>
                          {assignment === 'all' && <th scope="col">Group</th>}
                        </tr>
                      </thead>
                      <tbody>
                        {rows.map((m, i) => {
                          const cid = String(m.customer_id);
                          return (
                            <tr key={cid} data-customer={cid}>
                              <td className="num rank">{fmtInt(start.from + i)}</td>
                              <th scope="row" data-rank={fmtInt(start.from + i)}>
                                <a href={`#/customers/${encodeURIComponent(cid)}`}>{cid}</a>
                                {typeof m.first_name === 'string' && (
                                  <span className="muted"> · {m.first_name}</span>
                                )}
                              </th>
                              <td className="wide" data-label="E-mail">
                                {String(m.email_address ?? '—')}
                              </td>
                              <td data-label="Trigger">{triggerLabel(m.recommended_trigger as string)}</td>
                              <td className="num" data-label="Predicted uplift">
                                {fmtPoints(pointsOf(upliftOf(m, m.recommended_trigger)))} pts
                              </td>
                              <td className="num" data-label="Expected incremental profit">
                                {fmtMoney(m.expected_incremental_profit as number)}
                              </td>
                              <td data-label="Last order">{fmtDay(m.last_purchase_date as string | null)}</td>
                              {assignment === 'all' && (
                                <td data-label="Group">
                                  {m.assignment === 'holdout' ? 'held out' : 'contact'}
                                </td>
                              )}
                            </tr>
                          );
                        })}
                      </tbody>
                    </table>
                  </TableScroll>
                )}
                {pager('bottom')}
              </>
            )}
          </>
        )}
      </Panel>
    </main>
  );
}

const pointsOf = (x: number | null) => (x === null ? null : x * 100);

/** A day, without the time of day a list does not need. */
const fmtDay = (s: string | null | undefined): string => {
  if (!s) return 'never';
  const d = new Date(s);
  return Number.isNaN(d.getTime())
    ? s
    : d.toLocaleDateString('en-GB', { day: 'numeric', month: 'short', year: 'numeric', timeZone: 'UTC' });
};
