export {
  type Condition,
  conditionText,
  type PolicyLeaf,
  type PolicyNode,
  PolicyTree,
  type PolicyTreeOptions,
  type PolicyTreeState,
} from './policy-tree.ts';
export { type PerRow, type Recommendation, type RecommendOptions, recommend } from './recommend.ts';
