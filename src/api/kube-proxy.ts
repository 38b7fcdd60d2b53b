/**
 * Kubernetes API requests: authenticated by the Worker, forwarded to the cluster's Durable Object with the
 * cluster prefix stripped, so `https://host/clusters/demo` is a complete API server URL for kubectl.
 * Responses (watch streams included) pass through unbuffered.
 */
import type { Context } from "hono";
import { MAX_BODY_BYTES } from "../apiserver/body";
import type { AuthEnv } from "../auth/authenticate";
import { IDENTITY_HEADERS, writeIdentity } from "../auth/identity";
import { clusterIdentity } from "../auth/principal";
import type { ClusterRow } from "../db/schema";
import { StatusError, tooLarge, unauthorized } from "../kube/errors";
import { CLUSTER_NAME, clusterNotFound, resolveCluster, stubFor } from "./clusters";
import { enforceRate } from "./rate-limit";
import { getClusterById } from "./tenant-store";

/**
 * Finds the cluster a kube request is for. `name` is the path's cluster, or undefined for the server-root
 * paths (`kubectl get --raw /apis/...` builds URLs from the host alone): those reach the credential's own
 * cluster — the demo cluster for the development token, the issuing cluster for a ServiceAccount token, the
 * one cluster an API token is scoped to.
 */
async function clusterFor(c: Context<AuthEnv>, name: string | undefined): Promise<ClusterRow> {
  const sa = c.get("serviceAccount");
  if (sa) {
    // Only the issuing cluster can tell a valid token; anything that does not line up is simply unauthorized,
    // so a forged token cannot probe which clusters exist.
    const row = await getClusterById(c.env, sa.clusterId);
    if (!row || (name !== undefined && row.name !== name)) throw unauthorized();
    await enforceRate(c.env, row.tenantId);
    return row;
  }
  const p = c.get("principal");
  if (!p) throw unauthorized();
  if (name === undefined) {
    if (p.via === "dev" && c.env.DEMO_CLUSTER) return resolveCluster(c.env, p, c.env.DEMO_CLUSTER);
    if (p.clusters !== "*" && p.clusters.length === 1) return resolveCluster(c.env, p, p.clusters[0]);
    throw new StatusError(
      404,
      "NotFound",
      "the server could not find the requested resource (use the cluster's URL: /clusters/<name>)",
    );
  }
  if (!CLUSTER_NAME.test(name)) throw clusterNotFound(name);
  return resolveCluster(c.env, p, name);
}

export async function forwardToCluster(c: Context<AuthEnv>, name: string | undefined): Promise<Response> {
  const row = await clusterFor(c, name);
  // Refuse oversized bodies here rather than stream them to the cluster only to be rejected there.
  if (Number(c.req.header("content-length") ?? "0") > MAX_BODY_BYTES) {
    await c.req.raw.body?.cancel().catch(() => {});
    throw tooLarge();
  }
  const prefix = name === undefined ? "" : `/clusters/${name}`;
  const url = new URL(c.req.url);
  url.pathname = url.pathname.slice(prefix.length) || "/";
  const headers = new Headers(c.req.raw.headers);
  // The DO trusts these; never let a client supply them, and never pass the client's credentials on.
  for (const h of Object.values(IDENTITY_HEADERS)) headers.delete(h);
  headers.delete("authorization");
  const sa = c.get("serviceAccount");
  const p = c.get("principal");
  if (sa) headers.set(IDENTITY_HEADERS.serviceAccountToken, sa.token);
  else if (p) writeIdentity(headers, clusterIdentity(p));
  headers.set(IDENTITY_HEADERS.cluster, row.name);
  headers.set(IDENTITY_HEADERS.prefix, prefix);
  headers.set(IDENTITY_HEADERS.sourceIp, c.req.header("cf-connecting-ip") ?? c.req.header("x-real-ip") ?? "127.0.0.1");
  const ua = c.req.header("user-agent");
  if (ua) headers.set(IDENTITY_HEADERS.userAgent, ua);
  // Bodies are small (3 MiB at most) and read whole here: the cluster may answer before reading one (a 403
  // from authorization), and a body still streaming from the client after that answer is an error in workerd.
  let body: ArrayBuffer | undefined;
  if (c.req.raw.body) {
    body = await c.req.arrayBuffer();
    if (body.byteLength > MAX_BODY_BYTES) throw tooLarge();
  }
  const req = new Request(url.toString(), { method: c.req.method, headers, body });
  return stubFor(c.env, row).fetch(req);
}
