import { useEffect, useRef, useState } from 'react';
import type { CopyResponse, CopyVariant } from '../../../src/contracts/copy.ts';
import type { Criteria } from '../../../src/contracts/criteria.ts';
import { api } from '../api.ts';
import { CHANNELS, type ChannelName, triggerLabel } from '../labels.ts';
import { factWords } from './fact-words.ts';
import { type Async, ErrorBox, Loading } from './status.tsx';

const FIELD_LABEL: Record<string, string> = {
  subject: 'Subject',
  preheader: 'Preheader',
  title: 'Title',
  body: 'Body',
};

function VariantCard({ v, index }: { v: CopyVariant; index: number }) {
  const [copied, setCopied] = useState<string | null>(null);
  const text = [
    v.subject && `Subject: ${v.subject}`,
    v.preheader && `Preheader: ${v.preheader}`,
    v.title && `Title: ${v.title}`,
    v.body,
  ]
    .filter(Boolean)
    .join('\n');
  const copy = async () => {
    try {
      await navigator.clipboard.writeText(text);
      setCopied('Copied to the clipboard');
    } catch {
      setCopied('The browser refused clipboard access: select the text and copy it by hand');
    }
  };
  return (
    <article className="variant" data-testid="copy-variant" aria-label={`Variant ${index + 1}`}>
      <header>
        <h4>
          Variant {index + 1}
          {v.angle && <span className="angle">: {v.angle}</span>}
        </h4>
        <span className="muted small">{v.tone}</span>
      </header>
      {v.checks.fields.map((f) => {
        const value = v[f.field] ?? '';
        const over = f.max_rendered_chars > f.limit;
        return (
          <div key={f.field} className="copy-field">
            <div className="copy-field-head">
              <span className="copy-label">{FIELD_LABEL[f.field]}</span>
              <span
                className={`count ${over ? 'over' : ''}`}
                data-testid={`count-${f.field}`}
                data-chars={f.chars}
                data-max={f.max_rendered_chars}
                data-limit={f.limit}
              >
                {f.chars}/{f.limit} chars
                {f.max_rendered_chars !== f.chars ? ` (up to ${f.max_rendered_chars} filled)` : ''}
              </span>
            </div>
            <p className="copy-text" data-field={f.field}>
              {value}
            </p>
          </div>
        );
      })}
      {v.checks.issues.length > 0 && (
        <ul className="issues small">
          {v.checks.issues.map((i) => (
            <li key={`${i.field}-${i.detail}`} className={i.severity}>
              {i.severity === 'error' ? 'Blocked' : 'Note'}: {i.detail}
            </li>
          ))}
        </ul>
      )}
      <p className="muted small">
        {v.checks.ok ? 'Passes the guardrails' : 'Fails the guardrails'}
        {v.facts_used.length > 0 && ` · states, from the data: ${factWords(v.facts_used)}`}
      </p>
      <button type="button" className="secondary small" onClick={copy}>
        Copy to clipboard
      </button>
      <span className="muted small" role="status" aria-live="polite">
        {copied ? ` ${copied}` : ''}
      </span>
    </article>
  );
}

/** Copy suggestions for the chosen trigger: a channel picker, variants with character counts, regenerate. */
export function CopyPanel({
  trigger,
  criteria,
  initialChannel,
  deadline,
  discountPercent,
  onLoaded,
}: {
  trigger: string;
  criteria: Criteria | null;
  initialChannel: ChannelName;
  deadline?: string | null;
  /** The brief's own discount depth ("a 20% discount"); without it the cost configuration's. */
  discountPercent?: number | null;
  onLoaded?: () => void;
}) {
  const [channel, setChannel] = useState<ChannelName>(initialChannel);
  const [seed, setSeed] = useState(0);
  const [state, setState] = useState<Async<CopyResponse>>({ state: 'idle' });
  // A notification only: a new callback identity must not refetch.
  const loaded = useRef(onLoaded);
  loaded.current = onLoaded;
  useEffect(() => setChannel(initialChannel), [initialChannel]);
  useEffect(() => {
    const ctl = new AbortController();
    setState({ state: 'loading' });
    api
      .copy(
        {
          trigger: trigger as never,
          channel,
          criteria,
          seed,
          variants: 3,
          ...(deadline ? { deadline } : {}),
          ...(trigger === 'discount' && discountPercent != null ? { discount_percent: discountPercent } : {}),
        },
        ctl.signal,
      )
      .then((data) => {
        setState({ state: 'ok', data });
        loaded.current?.();
      })
      .catch((error) => {
        if ((error as Error).name !== 'AbortError') setState({ state: 'error', error });
      });
    return () => ctl.abort();
  }, [trigger, channel, criteria, seed, deadline, discountPercent]);
  return (
    <div className="copy-panel">
      <div className="copy-controls">
        <fieldset className="segmented">
          <legend>Channel for {triggerLabel(trigger)}</legend>
          {CHANNELS.map((c) => (
            <label key={c} className={channel === c ? 'on' : ''}>
              <input
                type="radio"
                name="copy-channel"
                value={c}
                checked={channel === c}
                onChange={() => setChannel(c)}
              />
              {c === 'sms' ? 'SMS' : c.charAt(0).toUpperCase() + c.slice(1)}
            </label>
          ))}
        </fieldset>
        <button
          type="button"
          className="secondary"
          onClick={() => setSeed((s) => s + 1)}
          disabled={state.state === 'loading'}
        >
          Regenerate
        </button>
      </div>
      {state.state === 'loading' && <Loading label="Writing copy" />}
      {state.state === 'error' && <ErrorBox error={state.error} title="Copy could not be generated" />}
      {state.state === 'ok' && (
        <>
          {state.data.notes.length > 0 && (
            <ul className="notes small">
              {state.data.notes.map((n) => (
                <li key={n}>{n}</li>
              ))}
            </ul>
          )}
          <div className="variants">
            {state.data.variants.map((v, i) => (
              <VariantCard key={v.id} v={v} index={i} />
            ))}
          </div>
          <p className="muted small">
            Placeholders such as <code>{'{{first_name}}'}</code> are filled per customer by your email or SMS
            tool from the segment's profile fields.
          </p>
        </>
      )}
    </div>
  );
}
