export * from './coo.ts';
export * from './copy.ts';
export * from './criteria.ts';
export * from './fields.ts';
export * from './goals.ts';
export * from './problem.ts';
export * from './trigger-costs.ts';
export * from './triggers.ts';
