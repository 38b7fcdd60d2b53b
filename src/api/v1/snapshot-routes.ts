/**
 * Snapshots: `POST /v1/clusters/<c>/snapshots {"name"}` captures a cluster's state (stored in R2, listed in D1);
 * `/v1/snapshots` lists, reads and deletes them. New clusters start from one with
 * `POST /v1/clusters {"name", "fromSnapshot"}`; `POST /v1/clusters/<c>/reset` goes back to it.
 */
import { Hono } from "hono";
import type { AuthEnv } from "../../auth/authenticate";
import type { SnapshotRow } from "../../db/schema";
import { badRequest, StatusError } from "../../kube/errors";
import { resolveCluster, snapshotKey, stubFor } from "../clusters";
import { deleteSnapshotRow, getSnapshot, insertSnapshot, listSnapshots } from "../tenant-store";
import { optionalString, readJson, requireRole } from "./common";

/** R2 holds far more, but a snapshot travels through one RPC and is meant for tutorial-sized clusters. */
const MAX_SNAPSHOT_BYTES = 32 * 1024 * 1024;

const view = (s: SnapshotRow) => ({
  name: s.name,
  id: s.id,
  sourceCluster: s.sourceCluster,
  kubernetesVersion: s.kubernetesVersion,
  objects: s.objectCount,
  sizeBytes: s.sizeBytes,
  createdAt: s.createdAt,
});

const notFound = (name: string) => new StatusError(404, "NotFound", `snapshots.edgeplane.dev "${name}" not found`);

/** Mounted under /v1/clusters/:name/snapshots. */
export function takeSnapshotRoutes(): Hono<AuthEnv> {
  const r = new Hono<AuthEnv>();
  r.post("/", async (c) => {
    const p = requireRole(c, "developer", "snapshot clusters");
    const row = await resolveCluster(c.env, p, c.req.param("name") ?? "");
    const body = await readJson(c);
    const name = optionalString(body, "name") ?? "";
    if (!/^[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?$/.test(name)) {
      throw badRequest("name is required: a lowercase RFC 1123 label (a-z, 0-9, '-'), at most 63 characters");
    }
    if (await getSnapshot(c.env, p.tenant, name)) {
      throw new StatusError(409, "AlreadyExists", `snapshots.edgeplane.dev "${name}" already exists`);
    }
    const snap = await stubFor(c.env, row).snapshot();
    if (snap.bytes.byteLength > MAX_SNAPSHOT_BYTES) {
      throw new StatusError(
        413,
        "RequestEntityTooLarge",
        `the cluster's snapshot is ${snap.bytes.byteLength} bytes, over the ${MAX_SNAPSHOT_BYTES}-byte limit`,
      );
    }
    const s: SnapshotRow = {
      id: crypto.randomUUID(),
      tenantId: p.tenant,
      name,
      sourceCluster: row.name,
      kubernetesVersion: snap.kubernetesVersion,
      objectCount: snap.objects,
      sizeBytes: snap.bytes.byteLength,
      createdAt: new Date().toISOString(),
    };
    // Contents first: a listed snapshot always has a body.
    await c.env.SNAPSHOTS.put(snapshotKey(p.tenant, s.id), snap.bytes);
    if (!(await insertSnapshot(c.env, s))) {
      await c.env.SNAPSHOTS.delete(snapshotKey(p.tenant, s.id));
      throw new StatusError(409, "AlreadyExists", `snapshots.edgeplane.dev "${name}" already exists`);
    }
    return c.json(view(s), 201);
  });
  return r;
}

export function snapshotRoutes(): Hono<AuthEnv> {
  const r = new Hono<AuthEnv>();
  r.get("/", async (c) => {
    const p = requireRole(c, "viewer", "list snapshots");
    return c.json({ items: (await listSnapshots(c.env, p.tenant)).map(view) });
  });
  r.get("/:snapshot", async (c) => {
    const p = requireRole(c, "viewer", "read snapshots");
    const s = await getSnapshot(c.env, p.tenant, c.req.param("snapshot"));
    if (!s) throw notFound(c.req.param("snapshot"));
    return c.json(view(s));
  });
  r.delete("/:snapshot", async (c) => {
    const p = requireRole(c, "developer", "delete snapshots");
    const s = await getSnapshot(c.env, p.tenant, c.req.param("snapshot"));
    if (!s) throw notFound(c.req.param("snapshot"));
    await deleteSnapshotRow(c.env, p.tenant, s.id);
    await c.env.SNAPSHOTS.delete(snapshotKey(p.tenant, s.id));
    return c.json({ name: s.name, deleted: true });
  });
  return r;
}
