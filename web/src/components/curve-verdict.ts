import type { UpliftCurves } from '../../../src/contracts/explain.ts';
import { fmtInt } from '../format.ts';
import { triggerLabel } from '../labels.ts';

/** Treated and control customers under which a curve moves a lot by chance. */
const SMALL_TEST = 2000;

/**
 * What these curves say, in a sentence a marketer can act on. The help text says how to read a
 * Qini curve; this says what this one shows: whether it runs above the random line (the customers
 * the model ranks highest did respond more to the trigger in that campaign), below it (they did
 * not: the data does not confirm the ranking), or along it — and, for a small test, that chance
 * moves it a lot. Measured as the mean gap between the curve and the random line, against the
 * curve's own scale, so a wiggle is not read as a verdict.
 */
export function curveVerdict(c: Pick<UpliftCurves, 'trigger' | 'qini' | 'n_treated' | 'n_control'>): string {
  const pts = c.qini.filter((p) => p.share > 0);
  const last = pts[pts.length - 1];
  if (!last) return '';
  const overall = last.value;
  const gap = pts.reduce((s, p) => s + (p.value - p.share * overall), 0) / pts.length;
  const scale = Math.max(1, Math.abs(overall), ...pts.map((p) => Math.abs(p.value)));
  const label = triggerLabel(c.trigger);
  const n = c.n_treated + c.n_control;
  let verdict: string;
  if (Math.abs(gap) < 0.1 * scale)
    verdict = `Here the curve keeps close to the dashed line: in that campaign the customers the model ranks highest responded to ${label} about as much as the others, so the ranking adds little over picking at random.`;
  else if (gap > 0)
    verdict = `Here the curve runs above the dashed line: in that campaign the customers the model ranks highest responded more to ${label} than the others, which confirms the ranking.`;
  else
    verdict = `Here the curve runs below the dashed line: in that campaign the customers the model ranks highest responded less to ${label} than the others, so this data does not confirm the model's ranking for it.`;
  const sign =
    overall >= 0.5
      ? ` Sending it to everyone in that campaign won about ${fmtInt(overall)} conversions over control.`
      : overall <= -0.5
        ? ` Sending it to everyone in that campaign won about ${fmtInt(-overall)} fewer conversions than control.`
        : '';
  const small =
    n < SMALL_TEST
      ? ` A small test (${fmtInt(c.n_treated)} customers sent it, ${fmtInt(c.n_control)} in control): chance moves these curves a lot, most of all at their left end, where few customers are counted.`
      : '';
  return verdict + sign + small;
}
