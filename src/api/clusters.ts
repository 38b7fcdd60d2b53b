/**
 * The cluster directory in D1. Lookups are cached per isolate (clusters are created rarely and looked up on
 * every request); the demo cluster (and, in local development, any cluster) is registered on first use.
 */
import { eq } from "drizzle-orm";
import { drizzle } from "drizzle-orm/d1";
import { type ClusterRow, clusters } from "../db/schema";
import type { Env } from "../env";

const cache = new Map<string, ClusterRow>();
const DNS_LABEL = /^[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?$/;

export async function findCluster(env: Env, name: string): Promise<ClusterRow | undefined> {
  const hit = cache.get(name);
  if (hit) return hit;
  const db = drizzle(env.DB);
  let row = (await db.select().from(clusters).where(eq(clusters.name, name)).limit(1))[0];
  // The demo cluster, and in local development any well-formed name, come into being on first use: a
  // developer's throwaway clusters (tests, tutorials with virtual time) need no API call to exist.
  const autoCreate = name === env.DEMO_CLUSTER || (env.EDGEPLANE_DEV === "1" && DNS_LABEL.test(name));
  if (!row && autoCreate) {
    await db.insert(clusters).values({ name, createdAt: new Date().toISOString() }).onConflictDoNothing();
    row = (await db.select().from(clusters).where(eq(clusters.name, name)).limit(1))[0];
  }
  if (row) cache.set(name, row);
  return row;
}

/** Registers a cluster (used by tests and, later, by the cluster lifecycle API). */
export async function registerCluster(env: Env, name: string): Promise<void> {
  await drizzle(env.DB).insert(clusters).values({ name, createdAt: new Date().toISOString() }).onConflictDoNothing();
}
