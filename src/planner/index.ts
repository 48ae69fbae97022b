export { type Plan, type PlanOptions, planCampaign } from './plan.ts';
