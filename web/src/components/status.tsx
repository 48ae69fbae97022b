import type { ReactNode } from 'react';
import { ApiError } from '../api.ts';

/** An API error with its problem+json detail; never a blank panel. */
export function ErrorBox({ error, title }: { error: unknown; title?: string }) {
  if (!error) return null;
  const p = error instanceof ApiError ? error.problem : null;
  const detail = p?.detail ?? (error instanceof Error ? error.message : String(error));
  return (
    <div className="error" role="alert">
      <strong>{p && p.status === 0 ? p.title : (title ?? p?.title ?? 'Something went wrong')}</strong>
      {p && p.status > 0 && <span className="muted"> (HTTP {p.status})</span>}
      <p className="error-detail">{detail}</p>
      {p?.invalid_params && p.invalid_params.length > 0 && (
        <ul>
          {p.invalid_params.slice(0, 8).map((x) => (
            <li key={x.name}>
              <code>{x.name}</code>: {x.reason}
            </li>
          ))}
        </ul>
      )}
      {p?.request_id && <p className="muted small">Request id {p.request_id}</p>}
    </div>
  );
}

export function Loading({ label }: { label: string }) {
  return (
    <div className="loading" role="status" aria-live="polite">
      <span className="spinner" aria-hidden="true" /> {label}…
    </div>
  );
}

export function Panel({
  title,
  id,
  children,
  actions,
}: {
  title: string;
  id: string;
  children: ReactNode;
  actions?: ReactNode;
}) {
  return (
    <section className="panel" aria-labelledby={`${id}-title`} id={id}>
      <header className="panel-head">
        <h2 id={`${id}-title`}>{title}</h2>
        {actions}
      </header>
      {children}
    </section>
  );
}

/** The state of one API call. */
export type Async<T> =
  | { state: 'idle' }
  | { state: 'loading' }
  | { state: 'ok'; data: T }
  | { state: 'error'; error: unknown };

/**
 * A wide table that scrolls sideways in its own box on a narrow screen, instead of widening the
 * page. Focusable, so the keyboard can scroll it too.
 */
export function TableScroll({ label, children }: { label: string; children: ReactNode }) {
  return (
    // biome-ignore lint/a11y/noNoninteractiveTabindex: a scrolling region must be reachable by keyboard (WCAG 2.1.1)
    <section className="table-scroll" aria-label={label} tabIndex={0}>
      {children}
    </section>
  );
}
