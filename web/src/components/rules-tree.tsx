import type { Criteria } from '../../../src/contracts/criteria.ts';
import { criteriaText } from '../criteria-text.ts';

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
