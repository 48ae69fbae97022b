import { type FormEvent, type KeyboardEvent, useState } from 'react';

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
  const send = (e?: FormEvent) => {
    e?.preventDefault();
    const t = text.trim();
    if (!t || busy) return;
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
            aria-describedby="brief-hint"
          />
          <button type="submit" disabled={busy || !text.trim()}>
            {busy ? 'Planning…' : 'Plan'}
          </button>
        </div>
        <p id="brief-hint" className="muted small">
          Press Enter to plan, Shift+Enter for a new line.
        </p>
      </form>
    </div>
  );
}
