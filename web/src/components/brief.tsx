import { type FormEvent, type KeyboardEvent, useState } from 'react';
import { InterpretRequest } from '../../../src/contracts/api.ts';
import { fmtInt } from '../format.ts';

/** The longest brief the API takes (its schema's limit): longer text is refused with a 400. */
export const MAX_BRIEF_CHARS = InterpretRequest.shape.brief.maxLength ?? 2000;

export interface Turn {
  id: number;
  role: 'user' | 'assistant';
  text: string;
  /** A clarifying question the marketer can answer in place. */
  question?: boolean;
}

/**
 * The conversation: the marketer's briefs and answers, and what the system understood or needs
 * to ask. Enter sends; Shift+Enter starts a new line.
 */
export function BriefBox({
  turns,
  busy,
  onSend,
}: {
  turns: Turn[];
  busy: boolean;
  onSend: (text: string) => void;
}) {
  const [text, setText] = useState('');
  const length = text.trim().length;
  // Over the limit the brief stays in the box with what to cut, instead of being sent, refused with
  // a schema message shown as a "question", and cleared.
  const over = length - MAX_BRIEF_CHARS;
  const send = (e?: FormEvent) => {
    e?.preventDefault();
    const t = text.trim();
    if (!t || busy || over > 0) return;
    onSend(t);
    setText('');
  };
  const onKey = (e: KeyboardEvent<HTMLTextAreaElement>) => {
    if (e.key === 'Enter' && !e.shiftKey) {
      e.preventDefault();
      send();
    }
  };
  const lastQuestion = turns.length > 0 && turns[turns.length - 1]?.question;
  return (
    <div className="brief">
      {turns.length > 0 && (
        <ol className="turns" aria-label="Conversation" aria-live="polite">
          {turns.map((t) => (
            <li key={t.id} className={`turn ${t.role}${t.question ? ' question' : ''}`}>
              <span className="who">
                {t.role === 'user' ? 'You' : t.question ? 'Question' : 'AetherSegment'}
              </span>
              <span className="said">{t.text}</span>
            </li>
          ))}
        </ol>
      )}
      <form onSubmit={send} className="brief-form">
        <label htmlFor="brief-input">{lastQuestion ? 'Your answer' : 'What do you want to achieve?'}</label>
        <div className="brief-row">
          <textarea
            id="brief-input"
            value={text}
            onChange={(e) => setText(e.target.value)}
            onKeyDown={onKey}
            rows={2}
            placeholder={
              lastQuestion
                ? 'Answer the question above in a few words.'
                : "e.g. Target users who viewed 'Limited Edition' sneakers and remind them stock is low."
            }
            aria-describedby={length > MAX_BRIEF_CHARS * 0.8 ? 'brief-hint brief-length' : 'brief-hint'}
            aria-invalid={over > 0 || undefined}
          />
          <button type="submit" disabled={busy || !text.trim() || over > 0}>
            {busy ? 'Planning…' : 'Plan'}
          </button>
        </div>
        <p id="brief-hint" className="muted small">
          Press Enter to plan, Shift+Enter for a new line.
        </p>
        {over > 0 ? (
          <p id="brief-length" className="error-detail small" role="alert" data-testid="brief-length">
            A brief can be at most {fmtInt(MAX_BRIEF_CHARS)} characters: this one is {fmtInt(length)}, so
            shorten it by {fmtInt(over)}. Who to target, what you want and any limits are enough.
          </p>
        ) : (
          length > MAX_BRIEF_CHARS * 0.8 && (
            <p id="brief-length" className="muted small" data-testid="brief-length">
              {fmtInt(length)} of {fmtInt(MAX_BRIEF_CHARS)} characters
            </p>
          )
        )}
      </form>
    </div>
  );
}
