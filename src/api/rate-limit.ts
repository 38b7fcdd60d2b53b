/**
 * Per-tenant requests-per-second limit, checked after authentication. A request over the limit gets kube's
 * 429 TooManyRequests Status with Retry-After (client-go and kubectl honour it and retry).
 */
import type { MiddlewareHandler } from "hono";
import type { AuthEnv } from "../auth/authenticate";
import { StatusError } from "../kube/errors";
import { ensureTenant, limitsOf } from "./tenant-store";

/** A burst of this many seconds' worth of requests is allowed (kubectl apply of a bundle fires dozens at once). */
const BURST_SECONDS = 2;

export function rateLimit(): MiddlewareHandler<AuthEnv> {
  return async function rateLimitMiddleware(c, next) {
    const p = c.get("principal");
    if (!p) return next(); // ServiceAccount tokens: limited by the cluster's tenant once it is known
    await enforceRate(c.env, p.tenant);
    return next();
  };
}

/** Takes one request from the tenant's budget, or throws 429. */
export async function enforceRate(env: AuthEnv["Bindings"], tenant: string): Promise<void> {
  const rps = limitsOf(env, await ensureTenant(env, tenant)).requestsPerSecond;
  if (!(rps > 0)) return;
  const limiter = env.LIMITERS.get(env.LIMITERS.idFromName(tenant));
  const r = await limiter.take(rps, Math.max(rps * BURST_SECONDS, 10));
  if (!r.ok) {
    const secs = Math.max(1, Math.ceil(r.retryAfterMs / 1000));
    const e = new StatusError(
      429,
      "TooManyRequests",
      `tenant "${tenant}" exceeded its limit of ${rps} requests per second; retry after ${secs}s`,
      { retryAfterSeconds: secs },
    );
    throw e;
  }
}
