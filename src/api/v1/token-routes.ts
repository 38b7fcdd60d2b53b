/**
 * /v1/tokens: opaque API tokens for CI systems and scripts. Created (the secret is shown once), listed and
 * revoked by tenant admins. A token's role can never exceed its creator's, nor its clusters the creator's reach.
 */
import { Hono } from "hono";
import { generateApiToken } from "../../auth/api-tokens";
import type { AuthEnv } from "../../auth/authenticate";
import { isTenantRole, type TenantRole } from "../../auth/jwt";
import { type Principal, roleAtLeast } from "../../auth/principal";
import type { ApiTokenRow } from "../../db/schema";
import type { Env } from "../../env";
import { parseGoDuration } from "../../kube/duration";
import { badRequest, StatusError } from "../../kube/errors";
import { CLUSTER_NAME } from "../clusters";
import { getToken, insertToken, listTokens, revokeToken } from "../tenant-store";
import { optionalString, readJson, requireRole } from "./common";

const MAX_TOKEN_LIFETIME_MS = 366 * 86_400_000;

export interface MintRequest {
  name: string;
  role: TenantRole;
  clusters: string[] | "*";
  expiresAt?: string;
  /** Act as the creator inside clusters (kubeconfig downloads) instead of as `token:<name>`. */
  actAsCreator?: boolean;
}

export function tokenView(t: ApiTokenRow, now = Date.now()): Record<string, unknown> {
  const state = t.revokedAt ? "revoked" : t.expiresAt && Date.parse(t.expiresAt) <= now ? "expired" : "active";
  return {
    id: t.id,
    name: t.name,
    prefix: `ept_${t.displayPrefix}…`,
    role: t.role,
    clusters: t.clusters ? JSON.parse(t.clusters) : "*",
    actsAs: t.subject ?? `token:${t.name}`,
    createdBy: t.createdBy,
    createdAt: t.createdAt,
    expiresAt: t.expiresAt,
    revokedAt: t.revokedAt,
    lastUsedAt: t.lastUsedAt,
    state,
  };
}

/** Creates a token for the caller's tenant; the caller's own role and cluster reach bound what it may grant. */
export async function mintToken(
  env: Env,
  p: Principal,
  req: MintRequest,
): Promise<{ token: string; row: ApiTokenRow }> {
  if (!roleAtLeast(p.role, req.role)) {
    throw new StatusError(
      403,
      "Forbidden",
      `cannot create a token with role "${req.role}": higher than your role "${p.role}"`,
    );
  }
  if (p.clusters !== "*") {
    const outside = req.clusters === "*" ? ["*"] : req.clusters.filter((n) => !p.clusters.includes(n));
    if (outside.length > 0) {
      throw new StatusError(
        403,
        "Forbidden",
        `cannot create a token for clusters outside your own scope: ${outside.join(", ")}`,
      );
    }
  }
  const g = await generateApiToken();
  const row: ApiTokenRow = {
    id: crypto.randomUUID(),
    tenantId: p.tenant,
    name: req.name,
    tokenHash: g.hash,
    displayPrefix: g.prefix,
    role: req.role,
    subject: req.actAsCreator ? p.subject : null,
    clusters: req.clusters === "*" ? null : JSON.stringify(req.clusters),
    createdBy: p.subject,
    createdAt: new Date().toISOString(),
    expiresAt: req.expiresAt ?? null,
    revokedAt: null,
    lastUsedAt: null,
  };
  await insertToken(env, row);
  return { token: g.token, row };
}

export function tokenRoutes(): Hono<AuthEnv> {
  const r = new Hono<AuthEnv>();

  r.get("/", async (c) => {
    const p = requireRole(c, "admin", "list API tokens");
    const rows = await listTokens(c.env, p.tenant);
    return c.json({ items: rows.map((t) => tokenView(t)) });
  });

  r.post("/", async (c) => {
    const p = requireRole(c, "admin", "create API tokens");
    const body = await readJson(c);
    const name = optionalString(body, "name") ?? "";
    if (!/^[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?$/.test(name)) {
      throw badRequest("name is required: a lowercase RFC 1123 label (a-z, 0-9, '-'), at most 63 characters");
    }
    const role = body.role ?? "developer";
    if (!isTenantRole(role)) throw badRequest('role must be one of "owner", "admin", "developer", "viewer"');
    let clusters: string[] | "*" = "*";
    if (body.clusters !== undefined && body.clusters !== "*") {
      if (!Array.isArray(body.clusters) || !body.clusters.every((n) => typeof n === "string" && CLUSTER_NAME.test(n))) {
        throw badRequest('clusters must be "*" or an array of cluster names');
      }
      if (body.clusters.length === 0 || body.clusters.length > 90)
        throw badRequest("clusters must name 1 to 90 clusters");
      clusters = body.clusters as string[];
    }
    let expiresAt: string | undefined;
    const expiresIn = optionalString(body, "expiresIn");
    if (expiresIn !== undefined) {
      const ms = parseGoDuration(expiresIn);
      if (ms === undefined) throw badRequest(`expiresIn: invalid duration "${expiresIn}" (use e.g. "24h", "30m")`);
      if (!(ms > 0) || ms > MAX_TOKEN_LIFETIME_MS)
        throw badRequest("expiresIn must be positive and at most 8784h (366 days)");
      expiresAt = new Date(Date.now() + ms).toISOString();
    }
    const { token, row } = await mintToken(c.env, p, { name, role, clusters, expiresAt });
    return c.json({ ...tokenView(row), token }, 201);
  });

  r.delete("/:id", async (c) => {
    const p = requireRole(c, "admin", "revoke API tokens");
    const t = await getToken(c.env, p.tenant, c.req.param("id"));
    if (!t) throw new StatusError(404, "NotFound", `tokens.edgeplane.dev "${c.req.param("id")}" not found`);
    await revokeToken(c.env, p.tenant, t.id);
    return c.json(tokenView({ ...t, revokedAt: new Date().toISOString() }));
  });

  return r;
}
