/**
 * The tenant API, `/v1`: JSON over HTTPS for tenants' programs — clusters and their kubeconfigs, snapshots,
 * API tokens, members, audit and metrics history, CI webhooks. Described by /v1/openapi.json (page: /v1/docs).
 */
import { Hono } from "hono";
import { type AuthEnv, authenticate } from "../../auth/authenticate";
import { rateLimit } from "../rate-limit";
import { countClusters, ensureTenant, limitsOf } from "../tenant-store";
import { clusterRoutes } from "./cluster-routes";
import { principalOf } from "./common";
import { memberRoutes } from "./member-routes";
import { observeRoutes } from "./observe-routes";
import { docsPage, openapiDocument } from "./openapi";
import { snapshotRoutes, takeSnapshotRoutes } from "./snapshot-routes";
import { tokenRoutes } from "./token-routes";
import { deliveryRoutes, webhookRoutes } from "./webhook-routes";

export function tenantApi(): Hono<AuthEnv> {
  const v1 = new Hono<AuthEnv>();

  // Public: the API's description, and webhook deliveries (authenticated by their signatures instead).
  v1.get("/openapi.json", (c) => c.json(openapiDocument(new URL(c.req.url).origin)));
  v1.get("/docs", (c) => c.html(docsPage()));
  v1.route("/hooks", deliveryRoutes());

  v1.use("*", authenticate(), rateLimit());

  v1.get("/whoami", (c) => {
    const p = principalOf(c);
    return c.json({
      tenant: p.tenant,
      subject: p.subject,
      role: p.role,
      groups: p.groups,
      via: p.via,
      clusters: p.clusters,
    });
  });

  v1.get("/tenant", async (c) => {
    const p = principalOf(c);
    const t = await ensureTenant(c.env, p.tenant);
    return c.json({
      id: t.id,
      createdAt: t.createdAt,
      limits: limitsOf(c.env, t),
      usage: { clusters: await countClusters(c.env, p.tenant) },
    });
  });

  v1.route("/clusters/:name/snapshots", takeSnapshotRoutes());
  v1.route("/clusters/:name", observeRoutes());
  v1.route("/clusters", clusterRoutes());
  v1.route("/snapshots", snapshotRoutes());
  v1.route("/tokens", tokenRoutes());
  v1.route("/members", memberRoutes());
  v1.route("/webhooks", webhookRoutes());
  return v1;
}
