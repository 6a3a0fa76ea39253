import { DurableObject } from 'cloudflare:workers';

/**
 * One rate-limit window per (endpoint, limit key, principal). Calls are admitted exactly:
 * a Durable Object handles one request at a time, so a counter here cannot be overrun.
 */
export class RateLimiter extends DurableObject {
  private windowStart = 0;
  private calls = 0;
  private tokens = 0;

  /** Admits one call if the window has room; tokens are charged later with `charge`. */
  async admit(limits: { calls?: number; tokens?: number }, windowMs: number): Promise<{ allowed: boolean; retryAfterMs: number }> {
    const now = Date.now();
    const start = now - (now % windowMs);
    if (start !== this.windowStart) {
      this.windowStart = start;
      this.calls = 0;
      this.tokens = 0;
    }
    const retryAfterMs = start + windowMs - now;
    if (limits.calls !== undefined && this.calls >= limits.calls) return { allowed: false, retryAfterMs };
    if (limits.tokens !== undefined && this.tokens >= limits.tokens) return { allowed: false, retryAfterMs };
    this.calls++;
    return { allowed: true, retryAfterMs };
  }

  async charge(tokens: number, windowMs: number): Promise<void> {
    const now = Date.now();
    if (now - (now % windowMs) === this.windowStart) this.tokens += tokens;
  }
}
