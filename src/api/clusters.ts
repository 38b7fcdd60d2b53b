/**
 * The cluster lifecycle: finding a tenant's cluster by name, creating one (fresh or from a snapshot),
 * deleting one. D1 is the directory (tenant + name → the id that names the Durable Object); the Durable Object
 * holds the cluster. A name outside the caller's tenant, or outside an API token's scope, is simply not found.
 */
import type { Principal } from "../auth/principal";
import { LOCAL_TENANT } from "../auth/principal";
import { type ClusterSpec, DEFAULT_CLUSTER_SPEC } from "../cluster/spec";
import type { ClusterRow } from "../db/schema";
import type { ClusterInit, ClusterObject } from "../durable/cluster-object";
import type { Env } from "../env";
import { alreadyExists, invalid, StatusError } from "../kube/errors";
import {
  deleteClusterRow,
  ensureTenant,
  getCluster,
  getSnapshot,
  limitsOf,
  revokeKubeconfigTokens,
} from "./tenant-store";

export const CLUSTER_NAME = /^[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?$/;
const CLUSTERS = { group: "edgeplane.dev", resource: "clusters" };

export function clusterNotFound(name: string): StatusError {
  return new StatusError(404, "NotFound", `clusters.edgeplane.dev "${name}" not found`, {
    name,
    group: "edgeplane.dev",
    kind: "clusters",
  });
}

export function stubFor(env: Env, row: Pick<ClusterRow, "id">): DurableObjectStub<ClusterObject> {
  return env.CLUSTERS.get(env.CLUSTERS.idFromName(row.id));
}

/**
 * The caller's cluster of that name, or 404. In local development (`npm start`, tests) a well-formed name in
 * the local tenant comes into being on first use, so a developer's throwaway clusters need no API call.
 */
export async function resolveCluster(env: Env, p: Principal, name: string): Promise<ClusterRow> {
  if (!CLUSTER_NAME.test(name)) throw clusterNotFound(name);
  if (p.clusters !== "*" && !p.clusters.includes(name)) throw clusterNotFound(name);
  const row = await getCluster(env, p.tenant, name);
  if (row) return row;
  const autoCreate = p.tenant === LOCAL_TENANT && (name === env.DEMO_CLUSTER || env.EDGEPLANE_DEV === "1");
  if (!autoCreate) throw clusterNotFound(name);
  try {
    return await createCluster(env, p, { name, spec: DEFAULT_CLUSTER_SPEC });
  } catch (e) {
    // Two first requests raced; the other one created it.
    if (e instanceof StatusError && e.code === 409) {
      const again = await getCluster(env, p.tenant, name);
      if (again) return again;
    }
    throw e;
  }
}

export interface CreateClusterInput {
  name: string;
  spec: ClusterSpec;
  /** Name of one of the tenant's snapshots to start from. */
  fromSnapshot?: string;
}

export async function createCluster(env: Env, p: Principal, input: CreateClusterInput): Promise<ClusterRow> {
  const { name } = input;
  let spec = input.spec;
  if (!CLUSTER_NAME.test(name)) {
    throw invalid("Cluster", "edgeplane.dev", name, [
      {
        type: "FieldValueInvalid",
        field: "metadata.name",
        value: name,
        detail:
          "a lowercase RFC 1123 label must consist of lower case alphanumeric characters or '-', and must start and end with an alphanumeric character (at most 63)",
      },
    ]);
  }
  if (p.clusters !== "*" && !p.clusters.includes(name)) {
    throw new StatusError(403, "Forbidden", `this API token may not create cluster "${name}" (outside its scope)`);
  }
  // Limits read fresh: a changed quota applies to the very next creation.
  const limits = limitsOf(env, await ensureTenant(env, p.tenant, true));

  let snapshot: Uint8Array | undefined;
  let snapshotId: string | null = null;
  if (input.fromSnapshot) {
    const snap = await getSnapshot(env, p.tenant, input.fromSnapshot);
    if (!snap) throw new StatusError(404, "NotFound", `snapshots.edgeplane.dev "${input.fromSnapshot}" not found`);
    const body = await env.SNAPSHOTS.get(snapshotKey(p.tenant, snap.id));
    if (!body) throw new StatusError(404, "NotFound", `snapshot "${input.fromSnapshot}" has no stored contents`);
    snapshot = new Uint8Array(await body.arrayBuffer());
    snapshotId = snap.id;
    spec = { ...spec, kubernetesVersion: snap.kubernetesVersion as ClusterSpec["kubernetesVersion"] };
  }

  const now = Date.now();
  const expiresAt = spec.ttlSeconds ? now + spec.ttlSeconds * 1000 : undefined;
  const row: ClusterRow = {
    tenantId: p.tenant,
    name,
    id: crypto.randomUUID(),
    kubernetesVersion: spec.kubernetesVersion,
    spec: JSON.stringify(spec),
    sourceSnapshotId: snapshotId,
    createdAt: new Date(now).toISOString(),
    expiresAt: expiresAt ? new Date(expiresAt).toISOString() : null,
  };
  // One statement, so concurrent creations cannot overshoot the tenant's cluster limit.
  const inserted = await env.DB.prepare(
    `INSERT INTO clusters (tenant_id, name, id, kubernetes_version, spec, source_snapshot_id, created_at, expires_at)
     SELECT ?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8
     WHERE (SELECT COUNT(*) FROM clusters WHERE tenant_id = ?1) < ?9
       AND NOT EXISTS (SELECT 1 FROM clusters WHERE tenant_id = ?1 AND name = ?2)`,
  )
    .bind(
      row.tenantId,
      row.name,
      row.id,
      row.kubernetesVersion,
      row.spec,
      row.sourceSnapshotId,
      row.createdAt,
      row.expiresAt,
      limits.maxClusters,
    )
    .run();
  if (inserted.meta.changes !== 1) {
    if (await getCluster(env, p.tenant, name)) throw alreadyExists(CLUSTERS, name);
    throw new StatusError(
      403,
      "Forbidden",
      `clusters.edgeplane.dev "${name}" is forbidden: exceeded quota: tenant "${p.tenant}" may have at most ${limits.maxClusters} clusters`,
    );
  }

  const init: ClusterInit = {
    id: row.id,
    tenant: p.tenant,
    name,
    spec,
    maxObjects: limits.maxObjectsPerCluster,
    expiresAt,
    snapshot,
  };
  try {
    await stubFor(env, row).create(init);
  } catch (e) {
    // Never leave a directory entry pointing at a cluster that was not born.
    await deleteClusterRow(env, p.tenant, name);
    const msg = e instanceof Error ? e.message : String(e);
    if (snapshot) throw new StatusError(400, "BadRequest", `the snapshot could not be restored: ${msg}`);
    throw e;
  }
  return row;
}

export async function deleteCluster(env: Env, row: ClusterRow): Promise<void> {
  await stubFor(env, row).destroy();
  await deleteClusterRow(env, row.tenantId, row.name);
  await revokeKubeconfigTokens(env.DB, row.tenantId, row.name).run();
}

export function snapshotKey(tenant: string, id: string): string {
  return `${tenant}/${id}.json.gz`;
}
