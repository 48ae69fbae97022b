import type { RuleLeaf } from '../../../src/contracts/api.ts';
import type { Criteria } from '../../../src/contracts/criteria.ts';
import { criteriaText } from '../criteria-text.ts';
import { fmtInt, fmtMoney, fmtPoints } from '../format.ts';
import { triggerLabel } from '../labels.ts';
import { ruleSentence } from '../rule-words.ts';

/** Segment rules as a readable tree: AND / OR groups as branches, conditions as leaves. */
export function RulesTree({ criteria, raw = false }: { criteria: Criteria | null; raw?: boolean }) {
  if (!criteria) return <p>Everyone.</p>;
  return (
    <ul className="tree" data-testid="rules-tree">
      <Node c={criteria} raw={raw} />
    </ul>
  );
}

function Node({ c, raw }: { c: Criteria; raw: boolean }) {
  if ('all' in c || 'any' in c) {
    const list = 'all' in c ? c.all : c.any;
    const word = 'all' in c ? 'All of' : 'Any of';
    return (
      <li>
        <span className="tree-op">{word}</span>
        <ul>
          {list.map((x, i) => (
            // biome-ignore lint/suspicious/noArrayIndexKey: the children of a rules tree never reorder
            <Node key={i} c={x} raw={raw} />
          ))}
        </ul>
      </li>
    );
  }
  if ('not' in c) {
    return (
      <li>
        <span className="tree-op">Not</span>
        <ul>
          <Node c={c.not} raw={raw} />
        </ul>
      </li>
    );
  }
  return (
    <li>
      <span className={raw ? 'tree-leaf' : 'tree-leaf words'}>{raw ? criteriaText(c) : ruleSentence(c)}</span>
    </li>
  );
}

/** A leaf's rule in words ("Everyone else" for the catch-all leaf). */
export function leafWords(l: Pick<RuleLeaf, 'criteria' | 'text'>): string {
  return l.text ? ruleSentence(l.criteria) : 'Everyone else';
}

/** A leaf's size and expected effect; a leaf left untreated with nothing to report says only that. */
export function leafFacts(
  l: Pick<RuleLeaf, 'trigger' | 'size' | 'expected_lift' | 'lift_ci_low' | 'lift_ci_high'>,
  objective: 'conversion' | 'profit',
): string {
  const size = `${fmtInt(l.size)} customer${l.size === 1 ? '' : 's'}`;
  if (l.trigger === 'control' && l.expected_lift === 0 && l.lift_ci_low === 0 && l.lift_ci_high === 0)
    return `${size} · not treated: no trigger pays for them`;
  const v = (x: number) => (objective === 'profit' ? fmtMoney(x) : `${fmtPoints(x * 100)} pts`);
  const what = objective === 'profit' ? 'incremental profit per customer' : 'lift';
  return `${size} · ${what} ${v(l.expected_lift)} (95% CI ${v(l.lift_ci_low)} to ${v(l.lift_ci_high)})`;
}

/**
 * The policy tree's leaves: who they are, which trigger they get, how many they are and the lift
 * expected for them (points for a conversion objective, currency per customer for profit).
 */
export function RuleLeaves({
  leaves,
  objective,
  raw = false,
}: {
  leaves: RuleLeaf[];
  objective: 'conversion' | 'profit';
  raw?: boolean;
}) {
  return (
    <ol className="leaves" data-testid="rule-leaves">
      {leaves.map((l) => (
        <li key={l.text} className={l.trigger === 'control' ? 'leaf control' : 'leaf'}>
          <span className={raw ? 'tree-leaf' : 'tree-leaf words'}>
            {raw ? l.text || 'everyone else' : leafWords(l)}
          </span>
          <span className="leaf-facts">
            → <strong>{triggerLabel(l.trigger)}</strong> · {leafFacts(l, objective)}
          </span>
        </li>
      ))}
    </ol>
  );
}
