/**
 * D1 access for tenancy: tenants, members, API tokens, clusters and snapshots. Every query that reads a
 * tenant's data takes the tenant id, so no code path can reach another tenant's rows by name.
 */
import { and, asc, count, eq, inArray } from "drizzle-orm";
import { drizzle } from "drizzle-orm/d1";
import type { TenantRole } from "../auth/jwt";
import {
  type ApiTokenRow,
  apiTokens,
  type ClusterRow,
  clusters,
  type MemberRow,
  members,
  type SnapshotRow,
  snapshots,
  type TenantRow,
  tenants,
} from "../db/schema";
import type { Env } from "../env";

export const db = (env: Env) => drizzle(env.DB);

export interface TenantLimits {
  maxClusters: number;
  maxObjectsPerCluster: number;
  requestsPerSecond: number;
}

/**
 * Rows read on (nearly) every request, kept per isolate for a short while: a change made elsewhere shows
 * within `ttlMs`. Bounded so a flood of distinct keys cannot grow it without limit.
 */
class RowCache<T> {
  private readonly rows = new Map<string, { row: T; at: number }>();
  constructor(private readonly ttlMs: number) {}

  /** The cached row (possibly `undefined` itself), or MISS. */
  get(key: string): T | typeof MISS {
    const hit = this.rows.get(key);
    return hit && Date.now() - hit.at < this.ttlMs ? hit.row : MISS;
  }

  set(key: string, row: T): void {
    if (this.rows.size >= 10_000) this.rows.clear();
    this.rows.set(key, { row, at: Date.now() });
  }

  delete(key: string): void {
    this.rows.delete(key);
  }
}
const MISS: unique symbol = Symbol("miss");

const tenantCache = new RowCache<TenantRow>(30_000);

/** The tenant's row, created on first use: a tenant exists once the identity provider vouches for it. */
export async function ensureTenant(env: Env, id: string, fresh = false): Promise<TenantRow> {
  const hit = tenantCache.get(id);
  if (!fresh && hit !== MISS) return hit;
  const d = db(env);
  let row = (await d.select().from(tenants).where(eq(tenants.id, id)).limit(1))[0];
  if (!row) {
    await d.insert(tenants).values({ id, displayName: id, createdAt: new Date().toISOString() }).onConflictDoNothing();
    row = (await d.select().from(tenants).where(eq(tenants.id, id)).limit(1))[0];
  }
  tenantCache.set(id, row);
  return row;
}

export function limitsOf(env: Env, t: TenantRow): TenantLimits {
  const num = (v: string | undefined, d: number) => (v && Number.isFinite(Number(v)) ? Number(v) : d);
  return {
    maxClusters: t.maxClusters ?? num(env.DEFAULT_MAX_CLUSTERS, 10),
    maxObjectsPerCluster: t.maxObjectsPerCluster ?? num(env.MAX_OBJECTS_PER_CLUSTER, 20000),
    requestsPerSecond: t.requestsPerSecond ?? num(env.DEFAULT_REQUESTS_PER_SECOND, 100),
  };
}

// ---- members -----------------------------------------------------------------------------------------------

/** Looked up on every tenant-JWT request; a change (role, disabled) takes effect within 5 s everywhere. */
const memberCache = new RowCache<MemberRow | undefined>(5_000);

export async function getMember(
  env: Env,
  tenant: string,
  subject: string,
  fresh = false,
): Promise<MemberRow | undefined> {
  const k = `${tenant}\u0000${subject}`;
  const hit = memberCache.get(k);
  if (!fresh && hit !== MISS) return hit;
  const row = (
    await db(env)
      .select()
      .from(members)
      .where(and(eq(members.tenantId, tenant), eq(members.subject, subject)))
      .limit(1)
  )[0];
  memberCache.set(k, row);
  return row;
}

export async function listMembers(env: Env, tenant: string): Promise<MemberRow[]> {
  return db(env).select().from(members).where(eq(members.tenantId, tenant)).orderBy(asc(members.subject));
}

export async function putMember(
  env: Env,
  tenant: string,
  subject: string,
  role: TenantRole,
  disabled: boolean,
): Promise<MemberRow> {
  const now = new Date().toISOString();
  await db(env)
    .insert(members)
    .values({ tenantId: tenant, subject, role, disabled, createdAt: now })
    .onConflictDoUpdate({ target: [members.tenantId, members.subject], set: { role, disabled } });
  return (await getMember(env, tenant, subject, true))!;
}

export async function deleteMember(env: Env, tenant: string, subject: string): Promise<boolean> {
  const r = await db(env)
    .delete(members)
    .where(and(eq(members.tenantId, tenant), eq(members.subject, subject)))
    .returning();
  memberCache.delete(`${tenant}\u0000${subject}`);
  return r.length > 0;
}

// ---- API tokens --------------------------------------------------------------------------------------------

export async function tokenByHash(env: Env, hash: string): Promise<ApiTokenRow | undefined> {
  return (await db(env).select().from(apiTokens).where(eq(apiTokens.tokenHash, hash)).limit(1))[0];
}

export async function insertToken(env: Env, row: ApiTokenRow): Promise<void> {
  await db(env).insert(apiTokens).values(row);
}

export async function listTokens(env: Env, tenant: string): Promise<ApiTokenRow[]> {
  return db(env).select().from(apiTokens).where(eq(apiTokens.tenantId, tenant)).orderBy(asc(apiTokens.createdAt));
}

export async function getToken(env: Env, tenant: string, id: string): Promise<ApiTokenRow | undefined> {
  return (
    await db(env)
      .select()
      .from(apiTokens)
      .where(and(eq(apiTokens.tenantId, tenant), eq(apiTokens.id, id)))
      .limit(1)
  )[0];
}

export async function revokeToken(env: Env, tenant: string, id: string): Promise<void> {
  await db(env)
    .update(apiTokens)
    .set({ revokedAt: new Date().toISOString() })
    .where(and(eq(apiTokens.tenantId, tenant), eq(apiTokens.id, id)));
}

export async function touchToken(env: Env, id: string): Promise<void> {
  await db(env).update(apiTokens).set({ lastUsedAt: new Date().toISOString() }).where(eq(apiTokens.id, id));
}

// ---- clusters ----------------------------------------------------------------------------------------------

/** Short: the Durable Object is the authority (a deleted cluster's object answers 404 itself). */
const clusterCache = new RowCache<ClusterRow>(5_000);

export async function getCluster(env: Env, tenant: string, name: string): Promise<ClusterRow | undefined> {
  const k = `${tenant}/${name}`;
  // Only found clusters are cached: a cluster created a moment ago must be found at once.
  const hit = clusterCache.get(k);
  if (hit !== MISS) return hit;
  const row = (
    await db(env)
      .select()
      .from(clusters)
      .where(and(eq(clusters.tenantId, tenant), eq(clusters.name, name)))
      .limit(1)
  )[0];
  if (row) clusterCache.set(k, row);
  return row;
}

export async function getClusterById(env: Env, id: string): Promise<ClusterRow | undefined> {
  return (await db(env).select().from(clusters).where(eq(clusters.id, id)).limit(1))[0];
}

export async function listClusters(env: Env, tenant: string, names: string[] | "*"): Promise<ClusterRow[]> {
  if (names !== "*" && names.length === 0) return [];
  const where =
    names === "*"
      ? eq(clusters.tenantId, tenant)
      : and(eq(clusters.tenantId, tenant), inArray(clusters.name, names.slice(0, 90)));
  return db(env).select().from(clusters).where(where).orderBy(asc(clusters.name));
}

export async function countClusters(env: Env, tenant: string): Promise<number> {
  const r = await db(env).select({ n: count() }).from(clusters).where(eq(clusters.tenantId, tenant));
  return r[0]?.n ?? 0;
}

/** Inserts the row; false when the tenant already has a cluster of that name. */
export async function insertCluster(env: Env, row: ClusterRow): Promise<boolean> {
  const r = await db(env).insert(clusters).values(row).onConflictDoNothing().returning();
  clusterCache.delete(`${row.tenantId}/${row.name}`);
  return r.length > 0;
}

export async function deleteClusterRow(env: Env, tenant: string, name: string): Promise<void> {
  await db(env)
    .delete(clusters)
    .where(and(eq(clusters.tenantId, tenant), eq(clusters.name, name)));
  clusterCache.delete(`${tenant}/${name}`);
}

export async function deleteClusterRowById(env: Env, id: string): Promise<void> {
  const r = await db(env).delete(clusters).where(eq(clusters.id, id)).returning();
  for (const row of r) clusterCache.delete(`${row.tenantId}/${row.name}`);
}

// ---- snapshots ---------------------------------------------------------------------------------------------

export async function getSnapshot(env: Env, tenant: string, name: string): Promise<SnapshotRow | undefined> {
  return (
    await db(env)
      .select()
      .from(snapshots)
      .where(and(eq(snapshots.tenantId, tenant), eq(snapshots.name, name)))
      .limit(1)
  )[0];
}

export async function getSnapshotById(env: Env, tenant: string, id: string): Promise<SnapshotRow | undefined> {
  return (
    await db(env)
      .select()
      .from(snapshots)
      .where(and(eq(snapshots.tenantId, tenant), eq(snapshots.id, id)))
      .limit(1)
  )[0];
}

export async function listSnapshots(env: Env, tenant: string): Promise<SnapshotRow[]> {
  return db(env).select().from(snapshots).where(eq(snapshots.tenantId, tenant)).orderBy(asc(snapshots.name));
}

export async function insertSnapshot(env: Env, row: SnapshotRow): Promise<boolean> {
  const r = await db(env).insert(snapshots).values(row).onConflictDoNothing().returning();
  return r.length > 0;
}

export async function deleteSnapshotRow(env: Env, tenant: string, id: string): Promise<void> {
  await db(env)
    .delete(snapshots)
    .where(and(eq(snapshots.tenantId, tenant), eq(snapshots.id, id)));
}

/**
 * Revokes the kubeconfig tokens minted for a cluster that is going away: they are scoped by name, and must not
 * reach a later cluster that reuses the name. (Raw SQL so the Durable Object's TTL expiry can run it too.)
 */
export function revokeKubeconfigTokens(d1: D1Database, tenant: string, cluster: string): D1PreparedStatement {
  return d1
    .prepare(
      `UPDATE api_tokens SET revoked_at = ?1
       WHERE tenant_id = ?2 AND clusters = ?3 AND name LIKE ?4 ESCAPE '\\' AND revoked_at IS NULL`,
    )
    .bind(
      new Date().toISOString(),
      tenant,
      JSON.stringify([cluster]),
      `kubeconfig-${cluster.replace(/[%_\\]/g, "\\$&")}-%`,
    );
}
