export { type Plan, type PlanOptions, planCampaign } from './plan.ts';
export { resolveCategories } from './resolve-categories.ts';
