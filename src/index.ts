/** Worker entry: the Hono app in front, the hourly retention job, and the Durable Object classes. */
import { createApp } from "./api/app";
import { pruneAudit } from "./audit/query";
import type { Env } from "./env";
import { pruneCutoffs } from "./metrics-history/policy";
import { pruneMetrics } from "./metrics-history/store";

export { ClusterObject } from "./durable/cluster-object";
export { RateLimiter } from "./durable/rate-limiter";

const app = createApp();

export default {
  fetch: app.fetch,
  /** Cron (wrangler.toml [triggers]): drop audit events and metric samples older than their retention. */
  async scheduled(_event: ScheduledController, env: Env, ctx: ExecutionContext): Promise<void> {
    const cut = pruneCutoffs(env, Date.now());
    ctx.waitUntil(Promise.all([pruneAudit(env.DB, cut.audit), pruneMetrics(env.DB, cut.metrics)]));
  },
} satisfies ExportedHandler<Env>;
