import type {
  PlanRequest,
  PlanResponse,
  Segment,
  SegmentCreate,
  SegmentCustomersPage,
  SegmentList,
  SegmentPreview,
} from '../../src/contracts/api.ts';
import type { CampaignObjective } from '../../src/contracts/coo.ts';
import type { CopyRequest, CopyResponse } from '../../src/contracts/copy.ts';
import type { ExplainRequest, SegmentExplanation } from '../../src/contracts/explain.ts';
import type { Problem } from '../../src/contracts/problem.ts';

/** An API failure as the UI shows it: the problem+json body when there is one. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly problem: Problem,
  ) {
    super(problem.detail || problem.title);
  }
}

async function request<T>(method: string, path: string, body?: unknown, signal?: AbortSignal): Promise<T> {
  let res: Response;
  try {
    res = await fetch(path, {
      method,
      headers:
        body === undefined
          ? { accept: 'application/json' }
          : { 'content-type': 'application/json', accept: 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
      signal,
    });
  } catch (e) {
    if ((e as Error).name === 'AbortError') throw e;
    throw new ApiError(0, {
      type: 'about:blank',
      title: 'The server cannot be reached',
      status: 0,
      detail: `${method} ${path} failed: ${(e as Error).message}. Is \`aether serve\` running?`,
    });
  }
  const text = await res.text();
  let json: unknown = null;
  try {
    json = text ? JSON.parse(text) : null;
  } catch {
    json = null;
  }
  if (!res.ok) {
    const p = json as Partial<Problem> | null;
    throw new ApiError(res.status, {
      type: p?.type ?? 'about:blank',
      title: p?.title ?? res.statusText ?? 'Request failed',
      status: res.status,
      detail: p?.detail ?? (text.slice(0, 300) || `${method} ${path} answered ${res.status}`),
      ...(p?.request_id ? { request_id: p.request_id } : {}),
      ...(p?.invalid_params ? { invalid_params: p.invalid_params } : {}),
    });
  }
  return json as T;
}

export interface TriggerInfo {
  id: string;
  label: string;
  intervention_type: string;
  description: string;
}

export const api = {
  interpret: async (body: { brief: string }) => {
    const r = await request<{ coo: CampaignObjective | { coo: CampaignObjective } }>(
      'POST',
      '/api/v1/interpret',
      body,
    );
    // Some builds wrap the interpreter's result ({ coo, backend, … }) once more; take the COO itself.
    return { coo: 'coo' in r.coo ? r.coo.coo : r.coo };
  },
  plan: (body: PlanRequest, signal?: AbortSignal) =>
    request<PlanResponse>('POST', '/api/v1/plans', body, signal),
  explain: (body: ExplainRequest, signal?: AbortSignal) =>
    request<SegmentExplanation>('POST', '/api/v1/explain', body, signal),
  copy: (body: CopyRequest, signal?: AbortSignal) =>
    request<CopyResponse>('POST', '/api/v1/copy', body, signal),
  triggers: () => request<{ currency: string; triggers: TriggerInfo[] }>('GET', '/api/v1/triggers'),
  createSegment: (body: SegmentCreate) => request<Segment>('POST', '/api/v1/segments?wait=true', body),
  previewSegment: (body: SegmentCreate) => request<SegmentPreview>('POST', '/api/v1/segments/preview', body),
  segments: () => request<SegmentList>('GET', '/api/v1/segments'),
  segment: (id: string) => request<Segment>('GET', `/api/v1/segments/${encodeURIComponent(id)}`),
  segmentCustomers: (
    id: string,
    q: { limit: number; fields?: string; assignment?: string; search?: string; cursor?: string },
  ) =>
    request<SegmentCustomersPage>(
      'GET',
      `/api/v1/segments/${encodeURIComponent(id)}/customers?${new URLSearchParams(
        Object.entries(q).map(([k, v]) => [k, String(v)]),
      )}`,
    ),
  refreshSegment: (id: string) =>
    request<Segment>('POST', `/api/v1/segments/${encodeURIComponent(id)}/refresh`),
  customer: (id: string) =>
    request<Record<string, unknown>>('GET', `/api/v1/customers/${encodeURIComponent(id)}`),
};

export type { CampaignObjective, CopyResponse, PlanResponse, Segment, SegmentExplanation };
