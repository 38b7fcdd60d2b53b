/**
 * Authentication for every route but health and public docs. One bearer token, four kinds:
 *   - the development token (`npm start`): the `local` tenant's owner, kubernetes-admin inside clusters;
 *   - an opaque API token (`ept_…`): looked up by its SHA-256, checked for revocation and expiry;
 *   - a ServiceAccount token (a JWT whose issuer is the cluster's): only the cluster that issued it holds the
 *     key, so it is passed on for the cluster to verify (kube routes only);
 *   - a tenant JWT from the identity provider, verified with the configured key and pinned algorithm.
 * A failure is a 401 Status; nothing about the token is echoed or logged.
 */
import type { MiddlewareHandler } from "hono";
import { decodeJwt } from "jose";
import { ensureTenant, getMember, tokenByHash, touchToken } from "../api/tenant-store";
import { SA_CLUSTER_CLAIM, SERVICE_ACCOUNT_ISSUER } from "../apiserver/serviceaccount-tokens";
import type { Env } from "../env";
import { StatusError, unauthorized } from "../kube/errors";
import { checkApiToken, hashApiToken, isApiTokenShape } from "./api-tokens";
import { bearerToken } from "./dev-token";
import { AuthError, isTenantRole } from "./jwt";
import { jwtVerifierFor } from "./jwt-config";
import { LOCAL_TENANT, type Principal } from "./principal";
import { equalStrings } from "./secret-bytes";

export interface ServiceAccountCredential {
  token: string;
  clusterId: string;
}

export type AuthVariables = { principal?: Principal; serviceAccount?: ServiceAccountCredential };
export type AuthEnv = { Bindings: Env; Variables: AuthVariables };

const TENANT_ID = /^[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?$/;

export interface AuthenticateOptions {
  /** Kube routes accept ServiceAccount tokens (the cluster verifies them); the tenant API does not. */
  serviceAccounts?: boolean;
  /** Kube routes answer kube's bare "Unauthorized"; the tenant API says why. */
  kubeStyle?: boolean;
}

export function authenticate(opts: AuthenticateOptions = {}): MiddlewareHandler<AuthEnv> {
  return async function authenticateMiddleware(c, next) {
    const token = bearerToken(c.req.header("authorization"));
    const fail = (why: string) => {
      throw opts.kubeStyle ? unauthorized() : new StatusError(401, "Unauthorized", `Unauthorized: ${why}`);
    };
    if (!token) return fail("a bearer token is required");

    const dev = c.env.DEV_TOKEN;
    if (dev && equalStrings(token, dev)) {
      c.set("principal", {
        tenant: LOCAL_TENANT,
        subject: "kubernetes-admin",
        groups: [],
        role: "owner",
        via: "dev",
        clusters: "*",
      });
      return next();
    }

    if (isApiTokenShape(token)) {
      const row = await tokenByHash(c.env, await hashApiToken(token));
      if (!row) return fail("unknown API token");
      const check = await checkApiToken(
        token,
        {
          hash: row.tokenHash,
          expiresAt: row.expiresAt,
          revokedAt: row.revokedAt,
          scopes: { clusters: row.clusters ? (JSON.parse(row.clusters) as string[]) : "*", role: row.role as never },
        },
        new Date(),
      );
      if (!check.ok) return fail(`API token is ${check.reason}`);
      if (!isTenantRole(check.scopes.role)) return fail("API token has no valid role");
      c.set("principal", {
        tenant: row.tenantId,
        subject: row.subject ?? `token:${row.name}`,
        groups: [],
        role: check.scopes.role,
        via: "api-token",
        clusters: check.scopes.clusters,
        tokenId: row.id,
      });
      // Bookkeeping only, never on the request's critical path, and at most once a minute per token.
      if (!row.lastUsedAt || Date.now() - Date.parse(row.lastUsedAt) > 60_000) {
        c.executionCtx.waitUntil(touchToken(c.env, row.id).catch(() => {}));
      }
      return next();
    }

    let claims: Record<string, unknown>;
    try {
      claims = decodeJwt(token);
    } catch {
      return fail("token is malformed");
    }
    if (claims.iss === SERVICE_ACCOUNT_ISSUER) {
      const clusterId = claims[SA_CLUSTER_CLAIM];
      if (!opts.serviceAccounts || typeof clusterId !== "string") return fail("token is not accepted here");
      c.set("serviceAccount", { token, clusterId });
      return next();
    }

    const verify = jwtVerifierFor(c.env);
    if (!verify) return fail("tenant tokens are not configured on this server");
    let id: Awaited<ReturnType<typeof verify>>;
    try {
      id = await verify(token);
    } catch (e) {
      if (e instanceof AuthError) return fail(e.message);
      throw e;
    }
    if (!TENANT_ID.test(id.tenant)) return fail('token "tenant" claim is not a valid tenant id');
    await ensureTenant(c.env, id.tenant);
    // The tenant's own record of a member, when there is one, decides the role (a tenant admin can narrow
    // what the identity provider asserts) and can disable the member altogether.
    const member = await getMember(c.env, id.tenant, id.subject);
    if (member?.disabled) {
      throw new StatusError(403, "Forbidden", `member "${id.subject}" of tenant "${id.tenant}" is disabled`);
    }
    c.set("principal", {
      tenant: id.tenant,
      subject: id.subject,
      groups: id.groups,
      role: member && isTenantRole(member.role) ? member.role : id.role,
      via: "jwt",
      clusters: "*",
    });
    return next();
  };
}
