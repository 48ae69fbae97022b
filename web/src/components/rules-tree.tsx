import type { RuleLeaf } from '../../../src/contracts/api.ts';
import type { Criteria } from '../../../src/contracts/criteria.ts';
import { criteriaText } from '../criteria-text.ts';
import { fmtInt, fmtMoney, fmtPts } from '../format.ts';
import { triggerLabel } from '../labels.ts';

/** Segment rules as a readable tree: AND / OR groups as branches, conditions as leaves. */
export function RulesTree({ criteria }: { criteria: Criteria | null }) {
  if (!criteria) return <p>Everyone.</p>;
  return (
    <ul className="tree" data-testid="rules-tree">
      <Node c={criteria} />
    </ul>
  );
}

function Node({ c }: { c: Criteria }) {
  if ('all' in c || 'any' in c) {
    const list = 'all' in c ? c.all : c.any;
    const word = 'all' in c ? 'All of' : 'Any of';
    return (
      <li>
        <span className="tree-op">{word}</span>
        <ul>
          {list.map((x, i) => (
            // biome-ignore lint/suspicious/noArrayIndexKey: the children of a rules tree never reorder
            <Node key={i} c={x} />
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
          <Node c={c.not} />
        </ul>
      </li>
    );
  }
  return (
    <li>
      <span className="tree-leaf">{criteriaText(c)}</span>
    </li>
  );
}

/**
 * The policy tree's leaves: who they are, which trigger they get, how many they are and the lift
 * expected for them (points for a conversion objective, currency per customer for profit).
 */
export function RuleLeaves({
  leaves,
  objective,
}: {
  leaves: RuleLeaf[];
  objective: 'conversion' | 'profit';
}) {
  const lift = (x: number) => (objective === 'profit' ? fmtMoney(x) : `${fmtPts(x * 100)} pts`);
  return (
    <ol className="leaves" data-testid="rule-leaves">
      {leaves.map((l) => (
        <li key={l.text} className={l.trigger === 'control' ? 'leaf control' : 'leaf'}>
          <span className="tree-leaf">{l.text || 'everyone else'}</span>
          <span className="leaf-facts">
            → <strong>{triggerLabel(l.trigger)}</strong> · {fmtInt(l.size)} customers ·{' '}
            {objective === 'profit' ? 'incremental profit per customer' : 'lift'} {lift(l.expected_lift)} (95%
            CI {lift(l.lift_ci_low)} to {lift(l.lift_ci_high)})
          </span>
        </li>
      ))}
    </ol>
  );
}
