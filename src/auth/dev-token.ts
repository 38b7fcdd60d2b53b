/**
 * Development authentication: until tenant JWTs land, every cluster request must carry
 * `Authorization: Bearer <DEV_TOKEN>`. The comparison is constant-time so the token cannot be guessed byte by
 * byte from response timing; a missing or wrong token is a 401 Status, as kube-apiserver answers.
 */
import type { MiddlewareHandler } from "hono";
import type { Env } from "../env";
import { unauthorized } from "../kube/errors";
import type { Identity } from "./identity";

const encoder = new TextEncoder();

export function timingSafeEqualStrings(a: string, b: string): boolean {
  const ab = encoder.encode(a);
  const bb = encoder.encode(b);
  // Compare over the longer length so the loop's duration does not reveal the expected length early.
  const len = Math.max(ab.length, bb.length);
  let diff = ab.length ^ bb.length;
  for (let i = 0; i < len; i++) diff |= (ab[i] ?? 0) ^ (bb[i] ?? 0);
  return diff === 0;
}

export function bearerToken(header: string | undefined | null): string | undefined {
  if (!header) return undefined;
  const m = /^Bearer\s+(.+)$/i.exec(header.trim());
  return m ? m[1].trim() : undefined;
}

/** The identity the development token stands for: a cluster administrator (kind's kubernetes-admin). */
export const DEV_IDENTITY: Identity = {
  username: "kubernetes-admin",
  groups: ["kubeadm:cluster-admins", "system:authenticated"],
};

export function devTokenAuth(): MiddlewareHandler<{ Bindings: Env; Variables: { identity: Identity } }> {
  return async function devTokenAuthMiddleware(c, next) {
    const expected = c.env.DEV_TOKEN;
    const token = bearerToken(c.req.header("authorization"));
    // No configured token means no way in: never fall open.
    if (!expected || !token || !timingSafeEqualStrings(token, expected)) throw unauthorized();
    c.set("identity", DEV_IDENTITY);
    await next();
  };
}
