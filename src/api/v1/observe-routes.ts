/**
 * /v1/clusters/<c>/audit and /v1/clusters/<c>/metrics: the history D1 keeps of a cluster. Reading audit needs
 * the admin role (it shows who did what); metrics need viewer. Bad filters answer 400, never 500.
 */
import { Hono } from "hono";
import { type AuditFilters, QueryError, queryAudit } from "../../audit/query";
import type { AuthEnv } from "../../auth/authenticate";
import { badRequest } from "../../kube/errors";
import { queryMetrics, SERIES_NAMES } from "../../metrics-history/store";
import { resolveCluster, stubFor } from "../clusters";
import { requireRole } from "./common";

function asBadRequest(e: unknown): never {
  if (e instanceof QueryError || (e instanceof Error && e.name === "QueryError")) throw badRequest(e.message);
  throw e;
}

export function observeRoutes(): Hono<AuthEnv> {
  const r = new Hono<AuthEnv>();

  r.get("/audit", async (c) => {
    const p = requireRole(c, "admin", "read audit logs");
    const row = await resolveCluster(c.env, p, c.req.param("name") ?? "");
    // The cluster batches audit out to D1 in the background; flush first so a read sees every request.
    await stubFor(c.env, row).flushAudit();
    const q = c.req.query();
    const filters: AuditFilters = {
      user: q.user,
      verb: q.verb,
      resource: q.resource,
      namespace: q.namespace,
      since: q.since,
      until: q.until,
      limit: q.limit,
      continue: q.continue,
    };
    try {
      return c.json(await queryAudit(c.env.DB, row.id, filters));
    } catch (e) {
      asBadRequest(e);
    }
  });

  r.get("/metrics", async (c) => {
    const p = requireRole(c, "viewer", "read metrics");
    const row = await resolveCluster(c.env, p, c.req.param("name") ?? "");
    const q = c.req.query();
    if (!q.series) {
      return c.json({ series: SERIES_NAMES, hint: "ask for one with ?series=<name>&from=&to=&step=" });
    }
    try {
      return c.json(
        await queryMetrics(c.env.DB, row.id, {
          series: q.series,
          labels: q.labels,
          from: q.from,
          to: q.to,
          step: q.step,
          now: Date.now(),
        }),
      );
    } catch (e) {
      asBadRequest(e);
    }
  });

  return r;
}
