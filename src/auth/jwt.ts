/**
 * Tenant JWT verification (issue 5). A verifier is built once from configuration and turns a bearer token into a
 * TenantIdentity or throws an AuthError.
 *
 * Security choices, each closing a classic JWT hole:
 * - The accepted algorithm list comes from configuration and is handed to jose, which refuses any other `alg`
 *   before a key is even looked up: alg=none, and HS256 tokens against an RS256/ES256 key set (the "HS/RS
 *   confusion" where the public key's PEM is used as an HMAC secret) never reach signature verification.
 * - issuer and audience are mandatory configuration, so they are always checked.
 * - `exp` is required: a token without an expiry would be valid forever once leaked.
 * - Error messages are fixed strings: they never echo the token or its claim values, so they are safe to return
 *   to the client and to log.
 *
 * Not wired into the Worker yet; the Worker should create the verifier once per isolate (module scope) so the
 * remote JWKS cache and its rotation cooldown survive across requests.
 */
import {
  createLocalJWKSet,
  createRemoteJWKSet,
  type JSONWebKeySet,
  type JWTPayload,
  type JWTVerifyGetKey,
  type JWTVerifyOptions,
  jwtVerify,
} from "jose";

export const TENANT_ROLES = ["owner", "admin", "developer", "viewer"] as const;
export type TenantRole = (typeof TENANT_ROLES)[number];

export interface TenantIdentity {
  tenant: string;
  subject: string;
  groups: string[];
  role: TenantRole;
}

/** The namespaced alternative to `tenant`, for identity providers that only allow URI-named custom claims. */
export const TENANT_CLAIM_URI = "https://edgeplane.dev/tenant";

export type AuthErrorReason =
  | "expired"
  | "not_yet_valid"
  | "bad_signature"
  | "wrong_issuer"
  | "wrong_audience"
  | "unsupported_alg"
  | "malformed"
  | "missing_claim";

/** A rejected credential. `reason` is for code and metrics; `message` is safe to show to the caller. */
export class AuthError extends Error {
  override readonly name = "AuthError";
  constructor(
    readonly reason: AuthErrorReason,
    message: string,
  ) {
    super(message);
  }
}

interface CommonConfig {
  issuer: string;
  audience: string;
  /** Allowed clock skew for exp/nbf, in seconds (default 30). */
  clockToleranceSeconds?: number;
  /** The current time; tests pin it. Defaults to the real clock. */
  now?: () => Date;
}

export interface Hs256Config extends CommonConfig {
  kind: "hs256";
  /** Shared secret, at least 32 bytes (RFC 7518 §3.2: the key must be at least as long as the hash). */
  secret: string;
}

export type JwksConfig = CommonConfig & {
  kind: "jwks";
  /** One algorithm family per deployment: an RS256 issuer's set is never asked to verify ES256, and vice versa. */
  algorithms: ["RS256"] | ["ES256"];
} & (
    | { url: string; localJwks?: undefined }
    /** A key set given inline instead of fetched (tests, or a deployment that pins its keys). */
    | { url?: undefined; localJwks: JSONWebKeySet }
  );

export type JwtVerifierConfig = Hs256Config | JwksConfig;

export type JwtVerifier = (token: string) => Promise<TenantIdentity>;

/** Longer than any sane identity token; refusing early keeps a hostile header from costing parse time. */
const MAX_TOKEN_LENGTH = 16 * 1024;
const MIN_HS256_SECRET_BYTES = 32;

export function createJwtVerifier(config: JwtVerifierConfig): JwtVerifier {
  if (!config.issuer) throw new Error("JWT verifier: issuer must be configured");
  if (!config.audience) throw new Error("JWT verifier: audience must be configured");
  const tolerance = config.clockToleranceSeconds ?? 30;
  if (!Number.isFinite(tolerance) || tolerance < 0) throw new Error("JWT verifier: clockToleranceSeconds must be >= 0");

  const { key, algorithms } = keyFor(config);
  const options = (): JWTVerifyOptions => ({
    algorithms,
    issuer: config.issuer,
    audience: config.audience,
    clockTolerance: tolerance,
    requiredClaims: ["exp", "sub"],
    currentDate: config.now?.(),
  });

  return async function verifyTenantJwt(token: string): Promise<TenantIdentity> {
    if (typeof token !== "string" || token.length === 0 || token.length > MAX_TOKEN_LENGTH) {
      throw new AuthError("malformed", "token is malformed");
    }
    let payload: JWTPayload;
    try {
      payload = await verifyWithKey(token, await key(), options());
    } catch (err) {
      throw toAuthError(err);
    }
    return identityFromClaims(payload);
  };
}

type KeyInput = CryptoKey | JWTVerifyGetKey;

function keyFor(config: JwtVerifierConfig): { key: () => Promise<KeyInput>; algorithms: string[] } {
  if (config.kind === "hs256") {
    const raw = new TextEncoder().encode(config.secret ?? "");
    if (raw.length < MIN_HS256_SECRET_BYTES) {
      throw new Error(`JWT verifier: the HS256 secret must be at least ${MIN_HS256_SECRET_BYTES} bytes`);
    }
    // Imported once, non-extractable, usable only to verify HMAC-SHA-256.
    const imported = crypto.subtle.importKey("raw", raw, { name: "HMAC", hash: "SHA-256" }, false, ["verify"]);
    // Keep an unhandled rejection from surfacing before the first request awaits it.
    imported.catch(() => {});
    return { key: () => imported, algorithms: ["HS256"] };
  }
  const alg = config.algorithms?.[0];
  if (config.algorithms?.length !== 1 || (alg !== "RS256" && alg !== "ES256")) {
    throw new Error('JWT verifier: algorithms must be ["RS256"] or ["ES256"]');
  }
  let getKey: JWTVerifyGetKey;
  if (config.localJwks) getKey = createLocalJWKSet(config.localJwks);
  else if (config.url) getKey = createRemoteJWKSet(new URL(config.url));
  else throw new Error("JWT verifier: a JWKS url (or a local JWKS) must be configured");
  return { key: async () => getKey, algorithms: [alg] };
}

async function verifyWithKey(token: string, key: KeyInput, options: JWTVerifyOptions): Promise<JWTPayload> {
  try {
    // The overloads differ for a key and a key-resolving function; both are accepted at runtime.
    const { payload } =
      typeof key === "function" ? await jwtVerify(token, key, options) : await jwtVerify(token, key, options);
    return payload;
  } catch (err) {
    // A token without `kid` that matches several keys of the set (e.g. mid-rotation): jose hands back the
    // candidates; try each, as its documentation recommends. The set is small and the alg is already pinned.
    if (isJoseError(err) && err.code === "ERR_JWKS_MULTIPLE_MATCHING_KEYS" && Symbol.asyncIterator in err) {
      let last: unknown = err;
      for await (const candidate of err as unknown as AsyncIterable<CryptoKey>) {
        try {
          return (await jwtVerify(token, candidate, options)).payload;
        } catch (e) {
          last = e;
          if (!isJoseError(e) || e.code !== "ERR_JWS_SIGNATURE_VERIFICATION_FAILED") break;
        }
      }
      throw last;
    }
    throw err;
  }
}

interface JoseErrorLike {
  code: string;
  claim?: string;
  reason?: string;
}

function isJoseError(err: unknown): err is Error & JoseErrorLike {
  return err instanceof Error && typeof (err as { code?: unknown }).code === "string";
}

/**
 * Maps jose's failures to our reasons. Failures that are not the token's fault (the JWKS endpoint timing out or
 * serving garbage, a bad configured key) are rethrown unchanged: they should answer 5xx, not 401.
 */
function toAuthError(err: unknown): unknown {
  if (err instanceof AuthError) return err;
  if (!isJoseError(err)) return err;
  switch (err.code) {
    case "ERR_JWT_EXPIRED":
      return new AuthError("expired", "token has expired");
    case "ERR_JWT_CLAIM_VALIDATION_FAILED":
      if (err.reason === "missing") return missingClaim(err.claim ?? "required");
      if (err.reason === "invalid") return new AuthError("malformed", "token has a claim of the wrong type");
      if (err.claim === "nbf") return new AuthError("not_yet_valid", "token is not valid yet");
      if (err.claim === "iss") return new AuthError("wrong_issuer", "token issuer is not accepted");
      if (err.claim === "aud") return new AuthError("wrong_audience", "token audience is not accepted");
      return new AuthError("malformed", "token claims are not valid");
    case "ERR_JOSE_ALG_NOT_ALLOWED":
    case "ERR_JOSE_NOT_SUPPORTED":
      return new AuthError("unsupported_alg", "token signing algorithm is not accepted");
    case "ERR_JWS_SIGNATURE_VERIFICATION_FAILED":
      return new AuthError("bad_signature", "token signature is invalid");
    // An unknown kid (or no key of the pinned type) is, to the caller, a signature we cannot verify.
    case "ERR_JWKS_NO_MATCHING_KEY":
    case "ERR_JWKS_MULTIPLE_MATCHING_KEYS":
      return new AuthError("bad_signature", "token was not signed by a known key");
    case "ERR_JWS_INVALID":
    case "ERR_JWT_INVALID":
      return new AuthError("malformed", "token is malformed");
    default:
      return err;
  }
}

function missingClaim(claim: string): AuthError {
  return new AuthError("missing_claim", `token lacks the required "${claim}" claim`);
}

function identityFromClaims(claims: JWTPayload): TenantIdentity {
  const plain = claims.tenant;
  const namespaced = claims[TENANT_CLAIM_URI];
  if (plain === undefined && namespaced === undefined) throw missingClaim("tenant");
  // Two different tenants in one token is ambiguous: refuse rather than pick one.
  if (plain !== undefined && namespaced !== undefined && plain !== namespaced) {
    throw new AuthError("malformed", "token names two different tenants");
  }
  const tenant = plain ?? namespaced;
  if (!isNonEmptyString(tenant)) throw new AuthError("malformed", 'token "tenant" claim must be a non-empty string');

  const subject = claims.sub;
  if (!isNonEmptyString(subject)) throw new AuthError("malformed", 'token "sub" claim must be a non-empty string');

  const groups = claims.groups ?? [];
  if (!Array.isArray(groups) || !groups.every(isNonEmptyString)) {
    throw new AuthError("malformed", 'token "groups" claim must be an array of strings');
  }

  const role = claims.role;
  if (role === undefined) throw missingClaim("role");
  if (!isTenantRole(role)) {
    throw new AuthError("malformed", `token "role" claim must be one of ${TENANT_ROLES.join(", ")}`);
  }
  return { tenant, subject, groups: [...groups], role };
}

export function isTenantRole(value: unknown): value is TenantRole {
  return typeof value === "string" && (TENANT_ROLES as readonly string[]).includes(value);
}

function isNonEmptyString(value: unknown): value is string {
  return typeof value === "string" && value.length > 0;
}
