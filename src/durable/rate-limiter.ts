/**
 * A tenant's request-rate limiter: one Durable Object per tenant, so the limit holds across every Worker
 * isolate. A token bucket refilled at `rate` per second holding at most `burst`; kept in memory only (if the
 * object is evicted the bucket starts full again, which errs on the side of letting requests through).
 */
import { DurableObject } from "cloudflare:workers";
import type { Env } from "../env";

export interface TakeResult {
  ok: boolean;
  /** When not ok: milliseconds until a token is available. */
  retryAfterMs: number;
}

export class RateLimiter extends DurableObject<Env> {
  private tokens = Number.NaN;
  private last = 0;

  take(rate: number, burst: number): TakeResult {
    const now = Date.now();
    if (Number.isNaN(this.tokens)) {
      this.tokens = burst;
      this.last = now;
    }
    this.tokens = Math.min(burst, this.tokens + ((now - this.last) / 1000) * rate);
    this.last = now;
    if (this.tokens >= 1) {
      this.tokens -= 1;
      return { ok: true, retryAfterMs: 0 };
    }
    return { ok: false, retryAfterMs: Math.ceil(((1 - this.tokens) / rate) * 1000) };
  }
}
