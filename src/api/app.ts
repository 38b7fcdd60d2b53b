/**
 * The Worker in front of the clusters: authenticates, finds the cluster, and hands the request to the
 * cluster's Durable Object with the cluster prefix stripped, so `https://host/clusters/demo` is a complete
 * Kubernetes API server URL for kubectl. Responses (including watch streams) pass through unbuffered.
 */
import { Hono } from "hono";
import { MAX_BODY_BYTES } from "../apiserver/body";
import { devTokenAuth } from "../auth/dev-token";
import { IDENTITY_HEADERS, type Identity, writeIdentity } from "../auth/identity";
import type { Env } from "../env";
import { isStatusError, StatusError, tooLarge } from "../kube/errors";
import { findCluster } from "./clusters";

type AppEnv = { Bindings: Env; Variables: { identity: Identity } };

const CLUSTER_NAME = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;

export function createApp(): Hono<AppEnv> {
  const app = new Hono<AppEnv>();

  app.get("/healthz", (c) => c.text("ok"));

  app.use("/clusters/:cluster/*", devTokenAuth());
  app.use("/clusters/:cluster", devTokenAuth());

  const forward = (c: import("hono").Context<AppEnv>) => forwardTo(c, c.req.param("cluster") ?? "", true);

  const forwardTo = async (c: import("hono").Context<AppEnv>, name: string, prefixed: boolean) => {
    if (!CLUSTER_NAME.test(name) || name.length > 63) throw clusterNotFound(name);
    const cluster = await findCluster(c.env, name);
    if (!cluster) throw clusterNotFound(name);

    // Refuse oversized bodies here rather than stream them to the cluster only to be rejected there.
    if (Number(c.req.header("content-length") ?? "0") > MAX_BODY_BYTES) {
      await c.req.raw.body?.cancel().catch(() => {});
      throw tooLarge();
    }
    const prefix = prefixed ? `/clusters/${name}` : "";
    const url = new URL(c.req.url);
    url.pathname = url.pathname.slice(prefix.length) || "/";
    const headers = new Headers(c.req.raw.headers);
    // The DO trusts these; never let a client supply them, and never pass the client's credentials on.
    for (const h of Object.values(IDENTITY_HEADERS)) headers.delete(h);
    headers.delete("authorization");
    writeIdentity(headers, c.get("identity"));
    headers.set(IDENTITY_HEADERS.cluster, name);
    headers.set(IDENTITY_HEADERS.prefix, prefix);
    const stub = c.env.CLUSTERS.get(c.env.CLUSTERS.idFromName(name));
    const req = new Request(url.toString(), {
      method: c.req.method,
      headers,
      body: c.req.raw.body,
      // @ts-expect-error duplex is required by the fetch spec for streaming request bodies
      duplex: "half",
    });
    return stub.fetch(req);
  };
  app.all("/clusters/:cluster/*", forward);
  app.all("/clusters/:cluster", forward);

  // Clients that build URLs from the server root rather than from the kubeconfig's server URL
  // (`kubectl get --raw /apis/...` does) reach the cluster the credentials belong to: for the development
  // token, the demo cluster.
  const rootApi = async (c: import("hono").Context<AppEnv>) => {
    if (!c.env.DEMO_CLUSTER) throw new StatusError(404, "NotFound", "the server could not find the requested resource");
    return forwardTo(c, c.env.DEMO_CLUSTER, false);
  };
  for (const path of ["/api", "/api/*", "/apis", "/apis/*", "/openapi/*", "/version", "/readyz", "/livez"]) {
    app.use(path, devTokenAuth());
    app.all(path, rootApi);
  }
  // The cluster clock too, so `kubectl create --raw '/time:advance?by=10m' -f body.json` works.
  // (Matched by hand: a colon inside a segment is route-parameter syntax to Hono.)
  app.use("*", async (c, next) => {
    if (c.req.path !== "/time" && c.req.path !== "/time:advance") return next();
    await devTokenAuth()(c, async () => {});
    return rootApi(c);
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

function clusterNotFound(name: string): StatusError {
  return new StatusError(404, "NotFound", `cluster "${name}" not found`, { name, kind: "clusters" });
}

function statusJson(e: StatusError): Response {
  return new Response(JSON.stringify(e.toStatus()), {
    status: e.code,
    headers: { "Content-Type": "application/json" },
  });
}
