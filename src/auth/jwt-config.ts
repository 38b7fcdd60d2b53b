/**
 * The tenant-JWT verifier this deployment uses, from its environment: HS256 with a local secret
 * (JWT_HS256_SECRET; `npm start` generates one) or RS256/ES256 against a JWKS URL (JWT_JWKS_URL +
 * JWT_ALGORITHM) in production. The algorithm comes from here, never from a token. Built once per isolate.
 */
import type { Env } from "../env";
import { createJwtVerifier, type JwtVerifier } from "./jwt";

let cached: { key: string; verifier: JwtVerifier | undefined } | undefined;

export function jwtVerifierFor(env: Env): JwtVerifier | undefined {
  const key = [env.JWT_ISSUER, env.JWT_AUDIENCE, env.JWT_HS256_SECRET, env.JWT_JWKS_URL, env.JWT_ALGORITHM].join(
    "\u0000",
  );
  if (cached?.key === key) return cached.verifier;
  let verifier: JwtVerifier | undefined;
  const issuer = env.JWT_ISSUER ?? "";
  const audience = env.JWT_AUDIENCE ?? "";
  if (issuer && audience && env.JWT_JWKS_URL) {
    const alg = env.JWT_ALGORITHM === "ES256" ? "ES256" : "RS256";
    verifier = createJwtVerifier({ kind: "jwks", issuer, audience, url: env.JWT_JWKS_URL, algorithms: [alg] });
  } else if (issuer && audience && env.JWT_HS256_SECRET) {
    verifier = createJwtVerifier({ kind: "hs256", issuer, audience, secret: env.JWT_HS256_SECRET });
  }
  cached = { key, verifier };
  return verifier;
}
