/**
 * /v1/clusters: create, list, get, delete, kubeconfig, snapshot, reset. Reads need the viewer role, changes the
 * developer role; an API token sees only the clusters it is scoped to.
 */
import { Hono } from "hono";
import { stringify } from "yaml";
import type { AuthEnv } from "../../auth/authenticate";
import type { TenantRole } from "../../auth/jwt";
import type { Principal } from "../../auth/principal";
import { validateClusterSpec } from "../../cluster/spec-validate";
import type { ClusterRow } from "../../db/schema";
import { invalid, StatusError } from "../../kube/errors";
import { createCluster, deleteCluster, resolveCluster, snapshotKey, stubFor } from "../clusters";
import { getSnapshot, getSnapshotById, listClusters } from "../tenant-store";
import { optionalString, paginate, readJson, requireRole, type V1Context } from "./common";
import { mintToken } from "./token-routes";

/** kubeconfig tokens last this long at most (or until the cluster expires). */
const KUBECONFIG_TOKEN_DAYS = 30;

export function clusterView(row: ClusterRow): Record<string, unknown> {
  const spec = JSON.parse(row.spec) as Record<string, unknown>;
  return {
    name: row.name,
    kubernetesVersion: row.kubernetesVersion,
    nodes: spec.nodes,
    clock: spec.clock,
    ttlSeconds: spec.ttlSeconds ?? null,
    createdAt: row.createdAt,
    expiresAt: row.expiresAt,
    sourceSnapshot: row.sourceSnapshotId,
    server: undefined,
  };
}

export function clusterRoutes(): Hono<AuthEnv> {
  const r = new Hono<AuthEnv>();

  r.get("/", async (c) => {
    const p = requireRole(c, "viewer", "list clusters");
    const rows = await listClusters(c.env, p.tenant, p.clusters);
    const page = paginate(c, rows, (row) => row.name);
    return c.json({ items: page.items.map((row) => withServer(c, clusterView(row))), continue: page.continue });
  });

  r.post("/", async (c) => {
    const p = requireRole(c, "developer", "create clusters");
    const body = await readJson(c);
    const name = optionalString(body, "name");
    if (!name)
      throw new StatusError(422, "Invalid", 'Cluster "" is invalid: metadata.name: Required value: name is required');
    const fromSnapshot = optionalString(body, "fromSnapshot");
    const { name: _n, fromSnapshot: _f, ...specInput } = body;
    const checked = validateClusterSpec(specInput);
    if (!checked.ok) throw invalid("Cluster", "edgeplane.dev", name, checked.errors);
    const row = await createCluster(c.env, p, { name, spec: checked.spec, fromSnapshot });
    const summary = await stubFor(c.env, row).summary();
    return c.json({ ...withServer(c, clusterView(row)), status: summary }, 201);
  });

  r.get("/:name", async (c) => {
    const p = requireRole(c, "viewer", "read clusters");
    const row = await resolveCluster(c.env, p, c.req.param("name"));
    const summary = await stubFor(c.env, row).summary();
    return c.json({ ...withServer(c, clusterView(row)), status: summary });
  });

  r.delete("/:name", async (c) => {
    const p = requireRole(c, "developer", "delete clusters");
    const row = await resolveCluster(c.env, p, c.req.param("name"));
    await deleteCluster(c.env, row);
    return c.json({ name: row.name, deleted: true });
  });

  r.get("/:name/kubeconfig", async (c) => {
    const p = requireRole(c, "viewer", "download kubeconfigs");
    const row = await resolveCluster(c.env, p, c.req.param("name"));
    const token = await kubeconfigToken(c, p, row);
    const yaml = kubeconfig(c, p, row, token);
    return new Response(yaml, {
      headers: {
        "Content-Type": "application/yaml",
        "Content-Disposition": `attachment; filename="${row.name}.kubeconfig"`,
        "Cache-Control": "no-store",
      },
    });
  });

  r.post("/:name/reset", async (c) => {
    const p = requireRole(c, "developer", "reset clusters");
    const row = await resolveCluster(c.env, p, c.req.param("name"));
    const body = await readJson(c);
    const snapName = optionalString(body, "snapshot");
    const snap = snapName
      ? await getSnapshot(c.env, p.tenant, snapName)
      : row.sourceSnapshotId
        ? await getSnapshotById(c.env, p.tenant, row.sourceSnapshotId)
        : undefined;
    if (!snap) {
      throw new StatusError(
        snapName ? 404 : 409,
        snapName ? "NotFound" : "Conflict",
        snapName
          ? `snapshots.edgeplane.dev "${snapName}" not found`
          : `cluster "${row.name}" was not created from a snapshot; name one with {"snapshot": "<name>"}`,
      );
    }
    if (snap.kubernetesVersion !== row.kubernetesVersion) {
      // The cluster's nodes, images and /version would disagree: a snapshot of another minor cannot be its state.
      throw new StatusError(
        409,
        "Conflict",
        `snapshot "${snap.name}" is of Kubernetes ${snap.kubernetesVersion}; cluster "${row.name}" runs ${row.kubernetesVersion}`,
      );
    }
    const obj = await c.env.SNAPSHOTS.get(snapshotKey(p.tenant, snap.id));
    if (!obj) throw new StatusError(404, "NotFound", `snapshot "${snap.name}" has no stored contents`);
    const summary = await stubFor(c.env, row).reset(new Uint8Array(await obj.arrayBuffer()));
    return c.json({ ...withServer(c, clusterView(row)), status: summary, resetTo: snap.name });
  });

  return r;
}

function serverUrl(c: V1Context, name: string): string {
  return `${new URL(c.req.url).origin}/clusters/${name}`;
}

function withServer(c: V1Context, view: Record<string, unknown>): Record<string, unknown> {
  return { ...view, server: serverUrl(c, String(view.name)) };
}

/**
 * The credential a downloaded kubeconfig carries. The development token stands for itself; anyone else gets a
 * fresh API token scoped to this one cluster with their own tenant role (listed with their tokens, revocable).
 */
async function kubeconfigToken(c: V1Context, p: Principal, row: ClusterRow): Promise<string> {
  if (p.via === "dev") return c.env.DEV_TOKEN ?? "";
  const max = Date.now() + KUBECONFIG_TOKEN_DAYS * 86_400_000;
  const expires = row.expiresAt ? Math.min(Date.parse(row.expiresAt), max) : max;
  const minted = await mintToken(c.env, p, {
    name: `kubeconfig-${row.name}-${crypto.randomUUID().slice(0, 8)}`,
    role: p.role as TenantRole,
    clusters: [row.name],
    expiresAt: new Date(expires).toISOString(),
    actAsCreator: true,
  });
  return minted.token;
}

function kubeconfig(c: V1Context, p: Principal, row: ClusterRow, token: string): string {
  const ctxName = p.tenant === "local" ? row.name : `${p.tenant}-${row.name}`;
  const user = `${ctxName}-${p.subject.replace(/[^A-Za-z0-9._@-]/g, "-")}`;
  const cluster: Record<string, string> = { server: serverUrl(c, row.name) };
  if (c.env.KUBECONFIG_CA_DATA) cluster["certificate-authority-data"] = c.env.KUBECONFIG_CA_DATA;
  return stringify({
    apiVersion: "v1",
    kind: "Config",
    clusters: [{ name: ctxName, cluster }],
    users: [{ name: user, user: { token } }],
    contexts: [{ name: ctxName, context: { cluster: ctxName, user, namespace: "default" } }],
    "current-context": ctxName,
    preferences: {},
  });
}
