/**
 * Who is calling the Worker, after authentication: a member of a tenant (tenant JWT), one of a tenant's API
 * tokens, or the local development token (the `local` tenant's owner). ServiceAccount tokens are not
 * principals here: only the cluster that issued one can verify it, so the Worker forwards those.
 */
import { DEV_IDENTITY } from "./dev-token";
import type { Identity } from "./identity";
import { TENANT_ROLES, type TenantRole } from "./jwt";

export interface Principal {
  tenant: string;
  /** The JWT's subject, `token:<name>` for API tokens, `kubernetes-admin` for the development token. */
  subject: string;
  groups: string[];
  role: TenantRole;
  via: "dev" | "jwt" | "api-token";
  /** API tokens only: the clusters the token reaches ("*" = every cluster of the tenant). */
  clusters: string[] | "*";
  tokenId?: string;
}

/** The tenant the development token belongs to (`npm start`'s demo cluster lives there). */
export const LOCAL_TENANT = "local";

/** Tenant roles map into clusters through these groups, bound by every new cluster (see seed-rbac). */
export const ROLE_GROUPS: Record<TenantRole, string> = {
  owner: "edgeplane:admins",
  admin: "edgeplane:admins",
  developer: "edgeplane:developers",
  viewer: "edgeplane:viewers",
};

/** owner > admin > developer > viewer. */
export function roleRank(role: TenantRole): number {
  return TENANT_ROLES.length - TENANT_ROLES.indexOf(role);
}

export function roleAtLeast(role: TenantRole, min: TenantRole): boolean {
  return roleRank(role) >= roleRank(min);
}

/** The Kubernetes user a principal is inside its tenant's clusters. */
export function clusterIdentity(p: Principal): Identity {
  if (p.via === "dev") return DEV_IDENTITY;
  const groups = [...new Set([...p.groups, ROLE_GROUPS[p.role], "system:authenticated"])];
  return { username: p.subject, groups };
}

export function canReachCluster(p: Principal, cluster: string): boolean {
  return p.clusters === "*" || p.clusters.includes(cluster);
}
