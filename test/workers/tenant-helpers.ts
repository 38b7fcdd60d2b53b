/** Tenant-side helpers for Workers tests: minting tenant JWTs and calling the /v1 API and cluster APIs. */
import { env, SELF } from "cloudflare:test";
import { SignJWT } from "jose";

export const ORIGIN = "https://edgeplane.test";

export interface JwtClaims {
  tenant?: string;
  sub?: string;
  role?: string;
  groups?: string[];
  iss?: string;
  aud?: string;
  exp?: number;
  nbf?: number;
}

/** A tenant JWT signed like the deployment's identity provider (HS256 with the configured secret). */
export async function tenantJwt(c: JwtClaims = {}, secret = env.JWT_HS256_SECRET): Promise<string> {
  const now = Math.floor(Date.now() / 1000);
  const jwt = new SignJWT({ tenant: c.tenant ?? "acme", role: c.role ?? "admin", groups: c.groups ?? [] })
    .setProtectedHeader({ alg: "HS256" })
    .setIssuer(c.iss ?? env.JWT_ISSUER)
    .setAudience(c.aud ?? env.JWT_AUDIENCE)
    .setSubject(c.sub ?? "alice@acme.example")
    .setIssuedAt(now)
    .setExpirationTime(c.exp ?? now + 600);
  if (c.nbf !== undefined) jwt.setNotBefore(c.nbf);
  return jwt.sign(new TextEncoder().encode(secret));
}

export interface Answer<T = any> {
  status: number;
  body: T;
  text: string;
  headers: Headers;
}

export async function call<T = any>(
  token: string | undefined,
  method: string,
  path: string,
  body?: unknown,
  headers: Record<string, string> = {},
): Promise<Answer<T>> {
  const init: RequestInit = {
    method,
    headers: {
      ...(token ? { Authorization: `Bearer ${token}` } : {}),
      ...(body !== undefined ? { "Content-Type": "application/json" } : {}),
      ...headers,
    },
  };
  if (body !== undefined) init.body = typeof body === "string" ? body : JSON.stringify(body);
  const res = await SELF.fetch(`${ORIGIN}${path}`, init);
  const text = await res.text();
  let parsed: any = text;
  try {
    parsed = JSON.parse(text);
  } catch {
    // YAML (kubeconfig), HTML (docs)
  }
  return { status: res.status, body: parsed, text, headers: res.headers };
}

/** The Durable Object of a tenant's cluster, found through the directory. */
export async function stubOf(tenant: string, name: string) {
  const row = await env.DB.prepare("SELECT id FROM clusters WHERE tenant_id = ? AND name = ?")
    .bind(tenant, name)
    .first<{ id: string }>();
  if (!row) throw new Error(`no cluster ${tenant}/${name}`);
  return env.CLUSTERS.get(env.CLUSTERS.idFromName(row.id));
}
