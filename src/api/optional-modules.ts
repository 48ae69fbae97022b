import type { CampaignObjective } from '../contracts/coo.ts';

/**
 * The interpreter (src/intent) and the causal engine's planner are built by other parts of the
 * project. They are loaded when present; until then the routes that need them answer 503 with
 * what to do, never a made-up answer.
 */
export interface Interpretation {
  coo: CampaignObjective;
  backend?: string;
  fallback_reason?: string | null;
  model_version?: string;
  elapsed_ms?: number;
}
type Interpret = (brief: string) => Promise<Interpretation>;

async function tryImport(specifier: string): Promise<Record<string, unknown> | null> {
  try {
    return (await import(/* @vite-ignore */ specifier)) as Record<string, unknown>;
  } catch {
    return null;
  }
}

export async function loadInterpreter(): Promise<Interpret | null> {
  const mod = await tryImport(new URL('../intent/index.ts', import.meta.url).href);
  const fn = mod?.interpretBrief;
  if (typeof fn !== 'function') return null;
  return async (brief: string) => {
    const r = (await fn(brief)) as Interpretation | CampaignObjective;
    return 'coo' in r ? r : { coo: r };
  };
}

/** The planner's entry point: (store, coo) → plan, in src/planner when the causal engine lands. */
export type Planner = (store: unknown, coo: CampaignObjective) => Promise<unknown>;

/** The planner's category resolution (criteria → criteria with the brief's words as the shop's categories). */
export type CategoryResolver = (store: unknown, criteria: unknown) => Promise<{ criteria: unknown }>;

export async function loadCategoryResolver(): Promise<CategoryResolver | null> {
  const mod = await tryImport(new URL('../planner/index.ts', import.meta.url).href);
  const fn = mod?.resolveCategories;
  return typeof fn === 'function' ? (fn as CategoryResolver) : null;
}

export async function loadPlanner(): Promise<Planner | null> {
  const mod = await tryImport(new URL('../planner/index.ts', import.meta.url).href);
  const fn = mod?.planCampaign;
  return typeof fn === 'function' ? (fn as Planner) : null;
}
