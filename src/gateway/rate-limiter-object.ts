import { DurableObject } from 'cloudflare:workers';

/** What one rate-limit window allows; either may be absent. */
export interface WindowLimits {
  calls?: number;
  tokens?: number;
}

export interface Admission {
  allowed: boolean;
  /** Milliseconds until the current window ends (when a refused call may try again). */
  retryAfterMs: number;
  /** Which budget refused the call. */
  exhausted?: 'calls' | 'tokens';
  /** Identifies the window the call was counted in, so a refund hits the same one. */
  windowStart: number;
}

interface WindowState {
  start: number;
  calls: number;
  tokens: number;
}

/**
 * One rate-limit window per (endpoint, limit key, principal).
 *
 * Calls are admitted exactly: a Durable Object runs one method at a time and `admit` never
 * awaits, so check-and-increment cannot interleave. The state is also written to the object's
 * SQLite-backed storage (synchronously, before the answer leaves) so an eviction mid-window
 * does not hand out a fresh budget.
 *
 * A window opens with the first call after the previous one ended and lasts `windowMs`.
 */
export class RateLimiter extends DurableObject {
  private state: WindowState = this.ctx.storage.kv.get<WindowState>('window') ?? {
    start: 0,
    calls: 0,
    tokens: 0,
  };

  /** Counts one call if neither budget is spent; tokens are charged later with `charge`. */
  admit(limits: WindowLimits, windowMs: number): Admission {
    const now = Date.now();
    const w = this.current(now, windowMs);
    const retryAfterMs = w.start + windowMs - now;
    const exhausted =
      limits.calls !== undefined && w.calls >= limits.calls
        ? 'calls'
        : limits.tokens !== undefined && w.tokens >= limits.tokens
          ? 'tokens'
          : undefined;
    if (exhausted) return { allowed: false, retryAfterMs, exhausted, windowStart: w.start };
    w.calls++;
    this.save();
    return { allowed: true, retryAfterMs, windowStart: w.start };
  }

  /** Charges the tokens a finished call used to the window in progress (a new one if it ended). */
  charge(tokens: number, windowMs: number): void {
    if (!(tokens > 0)) return;
    this.current(Date.now(), windowMs).tokens += tokens;
    this.save();
  }

  /** Gives back a call admitted here when another limit of the same request refused it. */
  refund(windowStart: number): void {
    if (this.state.start !== windowStart || this.state.calls === 0) return;
    this.state.calls--;
    this.save();
  }

  private current(now: number, windowMs: number): WindowState {
    if (now >= this.state.start + windowMs) this.state = { start: now, calls: 0, tokens: 0 };
    return this.state;
  }

  private save(): void {
    this.ctx.storage.kv.put('window', this.state);
  }
}
