/**
 * The Worker in front of the clusters: the tenant API (/v1) and the clusters' Kubernetes APIs
 * (/clusters/<name>/...), both behind authentication; errors of either are Kubernetes Status objects.
 */
import { Hono } from "hono";
import { type AuthEnv, authenticate } from "../auth/authenticate";
import { isStatusError, StatusError } from "../kube/errors";
import { forwardToCluster } from "./kube-proxy";
import { rateLimit } from "./rate-limit";
import { tenantApi } from "./v1";

export function createApp(): Hono<AuthEnv> {
  const app = new Hono<AuthEnv>();

  app.get("/healthz", (c) => c.text("ok"));

  app.route("/v1", tenantApi());

  const kubeAuth = [authenticate({ serviceAccounts: true, kubeStyle: true }), rateLimit()] as const;
  app.use("/clusters/:cluster/*", ...kubeAuth);
  app.use("/clusters/:cluster", ...kubeAuth);
  app.all("/clusters/:cluster/*", (c) => forwardToCluster(c, c.req.param("cluster")));
  app.all("/clusters/:cluster", (c) => forwardToCluster(c, c.req.param("cluster")));

  // Clients that build URLs from the server root rather than from the kubeconfig's server URL
  // (`kubectl get --raw /apis/...` does) reach the cluster the credentials belong to.
  for (const path of ["/api", "/api/*", "/apis", "/apis/*", "/openapi/*", "/version", "/readyz", "/livez"]) {
    app.use(path, ...kubeAuth);
    app.all(path, (c) => forwardToCluster(c, undefined));
  }
  // The cluster clock too, so `kubectl create --raw '/time:advance?by=10m' -f body.json` works.
  // (Matched by hand: a colon inside a segment is route-parameter syntax to Hono.)
  app.use("*", async (c, next) => {
    if (c.req.path !== "/time" && c.req.path !== "/time:advance") return next();
    let res: Response | undefined;
    await kubeAuth[0](c, async () => {
      await kubeAuth[1](c, async () => {
        res = await forwardToCluster(c, undefined);
      });
    });
    return res;
  });

  app.notFound(() => statusJson(new StatusError(404, "NotFound", "the server could not find the requested resource")));
  app.onError((err) => {
    if (isStatusError(err)) return statusJson(err);
    console.error("worker error", err instanceof Error ? err.message : String(err));
    return statusJson(
      new StatusError(500, "InternalError", "Internal error occurred: the request could not be served"),
    );
  });
  return app;
}

function statusJson(e: StatusError): Response {
  const headers: Record<string, string> = { "Content-Type": "application/json" };
  const retry = (e.details as { retryAfterSeconds?: number } | undefined)?.retryAfterSeconds;
  if (retry) headers["Retry-After"] = String(retry);
  return new Response(JSON.stringify(e.toStatus()), { status: e.code, headers });
}
