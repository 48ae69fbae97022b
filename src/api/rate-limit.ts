/**
 * A fixed-window request budget per caller (API key, or client address for public routes),
 * reported in the IETF RateLimit-* headers; past the budget, 429 with Retry-After.
 */
export interface RateLimitOptions {
  max: number;
  windowSeconds: number;
}

export interface RateDecision {
  allowed: boolean;
  limit: number;
  remaining: number;
  resetSeconds: number;
}

export class RateLimiter {
  private readonly windows = new Map<string, { start: number; count: number }>();

  constructor(
    private readonly options: RateLimitOptions,
    private readonly now: () => number = Date.now,
  ) {}

  take(caller: string): RateDecision {
    const t = this.now();
    const span = this.options.windowSeconds * 1000;
    let w = this.windows.get(caller);
    if (!w || t - w.start >= span) {
      w = { start: t - ((t - (w?.start ?? t)) % span), count: 0 };
      this.windows.set(caller, w);
      if (this.windows.size > 10_000) this.sweep(t, span);
    }
    w.count++;
    const resetSeconds = Math.max(1, Math.ceil((w.start + span - t) / 1000));
    return {
      allowed: w.count <= this.options.max,
      limit: this.options.max,
      remaining: Math.max(0, this.options.max - w.count),
      resetSeconds,
    };
  }

  private sweep(t: number, span: number): void {
    for (const [k, w] of this.windows) if (t - w.start >= span) this.windows.delete(k);
  }
}
