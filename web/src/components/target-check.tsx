import type { TargetCheck } from '../../../src/contracts/api.ts';

/** The verdict badge of a target check, in words. */
export function targetVerdict(c: Pick<TargetCheck, 'predictable' | 'reaches'>): string {
  if (!c.predictable) return 'not predicted';
  return c.reaches ? 'reaches the target' : 'short of the target';
}

/**
 * The brief's metric target beside the plan: the planner's own sentence (every number in it comes
 * from the model's predictions), its caveats, and, when the plan falls short, what the model says
 * would come closer.
 */
export function TargetCheckBox({ check }: { check: TargetCheck }) {
  const tone = !check.predictable ? 'unknown' : check.reaches ? 'met' : 'short';
  return (
    <section className={`target-check ${tone}`} data-testid="target-check" aria-labelledby="target-check-h">
      <h3 id="target-check-h">
        Target check <span className={`badge verdict ${tone}`}>{targetVerdict(check)}</span>
      </h3>
      <p data-testid="target-message">{check.message}</p>
      {check.options.length > 0 && (
        <>
          <p className="small">
            <strong>What could close the gap</strong> (predicted by the model for this data):
          </p>
          <ul className="small target-options" data-testid="target-options">
            {check.options.map((o) => (
              <li key={o.kind} data-kind={o.kind} data-reaches={o.reaches}>
                {o.text}
              </li>
            ))}
          </ul>
        </>
      )}
      {check.notes.map((n) => (
        <p key={n} className="muted small" data-testid="target-note">
          {n}
        </p>
      ))}
    </section>
  );
}
