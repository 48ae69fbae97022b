/**
 * The campaign intent interpreter (issue 5): brief -> Campaign Objective Object (DESIGN.md §3).
 * `interpretBrief` is the one entry point for the CLI, the API and the UI.
 */
export { type InterpretOptions, type InterpretResult, interpretBrief } from './interpret.ts';
export { MAX_BRIEF_CHARS } from './interpret-embedded.ts';
