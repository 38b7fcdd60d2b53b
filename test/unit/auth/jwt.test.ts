/**
 * Attack suite for the tenant JWT verifier: every forged, stale or misdirected token is refused with the right
 * reason, and genuine HS256 / RS256 / ES256 tokens (including across a key rotation) are accepted.
 */
import {
  base64url,
  type CryptoKey,
  exportJWK,
  exportSPKI,
  generateKeyPair,
  type JSONWebKeySet,
  type JWK,
  SignJWT,
} from "jose";
import { beforeAll, describe, expect, it, vi } from "vitest";
import { AuthError, type AuthErrorReason, createJwtVerifier, type JwtVerifierConfig } from "../../../src/auth/jwt";

const NOW = 1_750_000_000; // seconds; every verifier below is pinned to this instant
const now = () => new Date(NOW * 1000);
const ISSUER = "https://id.example.com/";
const AUDIENCE = "edgeplane";
const SECRET = "dev-secret-dev-secret-dev-secret-0123";
const secretBytes = new TextEncoder().encode(SECRET);

const CLAIMS = { tenant: "acme", role: "admin", groups: ["platform", "oncall"] };

interface SignOptions {
  alg?: string;
  kid?: string;
  iss?: string | null;
  aud?: string | null;
  sub?: string | null;
  exp?: number | null;
  nbf?: number;
  claims?: Record<string, unknown>;
}

async function sign(key: CryptoKey | Uint8Array, o: SignOptions = {}): Promise<string> {
  const jwt = new SignJWT({ ...CLAIMS, ...o.claims })
    .setProtectedHeader({ alg: o.alg ?? "HS256", typ: "JWT", ...(o.kid ? { kid: o.kid } : {}) })
    .setIssuedAt(NOW - 5);
  if (o.iss !== null) jwt.setIssuer(o.iss ?? ISSUER);
  if (o.aud !== null) jwt.setAudience(o.aud ?? AUDIENCE);
  if (o.sub !== null) jwt.setSubject(o.sub ?? "alice@acme.test");
  if (o.exp !== null) jwt.setExpirationTime(o.exp ?? NOW + 600);
  if (o.nbf !== undefined) jwt.setNotBefore(o.nbf);
  return jwt.sign(key);
}

/** A token built by hand, for shapes jose refuses to sign (alg=none, raw claim sets). */
function unsigned(header: object, payload: object, signature = ""): string {
  const enc = (v: object) => base64url.encode(JSON.stringify(v));
  return `${enc(header)}.${enc(payload)}.${signature}`;
}

const validPayload = () => ({ ...CLAIMS, sub: "alice@acme.test", iss: ISSUER, aud: AUDIENCE, exp: NOW + 600 });

async function rejection(verify: (t: string) => Promise<unknown>, token: string): Promise<AuthError> {
  const err = await verify(token).then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(err, "token should have been rejected").toBeInstanceOf(AuthError);
  const authErr = err as AuthError;
  // Messages are shown to clients: they must never contain the token or any part of it.
  for (const part of token.split(".").filter((p) => p.length > 8)) expect(authErr.message).not.toContain(part);
  return authErr;
}

async function expectReason(verify: (t: string) => Promise<unknown>, token: string, reason: AuthErrorReason) {
  expect((await rejection(verify, token)).reason).toBe(reason);
}

const hsConfig: JwtVerifierConfig = { kind: "hs256", secret: SECRET, issuer: ISSUER, audience: AUDIENCE, now };

describe("HS256 (development)", () => {
  const verify = createJwtVerifier(hsConfig);

  it("accepts a valid token and maps its claims to the tenant identity", async () => {
    expect(await verify(await sign(secretBytes))).toEqual({
      tenant: "acme",
      subject: "alice@acme.test",
      groups: ["platform", "oncall"],
      role: "admin",
    });
  });

  it("accepts the namespaced tenant claim and defaults groups to none", async () => {
    const token = await sign(secretBytes, {
      claims: { tenant: undefined, groups: undefined, "https://edgeplane.dev/tenant": "globex", role: "viewer" },
    });
    expect(await verify(token)).toEqual({ tenant: "globex", subject: "alice@acme.test", groups: [], role: "viewer" });
  });

  it("allows 30 seconds of clock skew by default, and no more", async () => {
    await expect(verify(await sign(secretBytes, { exp: NOW - 20 }))).resolves.toMatchObject({ tenant: "acme" });
    await expect(verify(await sign(secretBytes, { nbf: NOW + 20 }))).resolves.toMatchObject({ tenant: "acme" });
    await expectReason(verify, await sign(secretBytes, { exp: NOW - 31 }), "expired");
  });

  it("honours a configured clock tolerance", async () => {
    const strict = createJwtVerifier({ ...hsConfig, clockToleranceSeconds: 0 });
    await expectReason(strict, await sign(secretBytes, { exp: NOW }), "expired");
    await expectReason(strict, await sign(secretBytes, { nbf: NOW + 1 }), "not_yet_valid");
  });

  it("rejects an expired token", async () => {
    await expectReason(verify, await sign(secretBytes, { exp: NOW - 3600 }), "expired");
  });

  it("rejects a token that is not valid yet (nbf)", async () => {
    await expectReason(verify, await sign(secretBytes, { nbf: NOW + 3600 }), "not_yet_valid");
  });

  it("rejects a token from another issuer", async () => {
    await expectReason(verify, await sign(secretBytes, { iss: "https://evil.example.com/" }), "wrong_issuer");
  });

  it("rejects a token for another audience", async () => {
    await expectReason(verify, await sign(secretBytes, { aud: "some-other-service" }), "wrong_audience");
  });

  it("rejects a token signed with another secret", async () => {
    const other = new TextEncoder().encode("another-secret-another-secret-0123456");
    await expectReason(verify, await sign(other), "bad_signature");
  });

  it("rejects a token whose payload was altered after signing (privilege escalation)", async () => {
    const [h, , s] = (await sign(secretBytes, { claims: { role: "viewer" } })).split(".");
    const forged = `${h}.${base64url.encode(JSON.stringify({ ...validPayload(), role: "owner" }))}.${s}`;
    await expectReason(verify, forged, "bad_signature");
  });

  it("rejects a token for another tenant re-signed with a guessed secret", async () => {
    const guessed = new TextEncoder().encode("changeme-changeme-changeme-changeme!");
    await expectReason(verify, await sign(guessed, { claims: { tenant: "globex" } }), "bad_signature");
  });

  it("rejects alg=none in any spelling", async () => {
    for (const alg of ["none", "None", "NONE", "nOnE"]) {
      await expectReason(verify, unsigned({ alg, typ: "JWT" }, validPayload()), "unsupported_alg");
    }
  });

  it("rejects asymmetric tokens: the algorithm is pinned to HS256", async () => {
    const { privateKey } = await generateKeyPair("RS256");
    await expectReason(verify, await sign(privateKey, { alg: "RS256" }), "unsupported_alg");
    await expectReason(verify, await sign(secretBytes, { alg: "HS512" }), "unsupported_alg");
  });

  it("rejects tokens missing a required claim", async () => {
    const cases: [SignOptions, string][] = [
      [{ exp: null }, "exp"],
      [{ sub: null }, "sub"],
      [{ iss: null }, "iss"],
      [{ aud: null }, "aud"],
      [{ claims: { tenant: undefined } }, "tenant"],
      [{ claims: { role: undefined } }, "role"],
    ];
    for (const [opts, claim] of cases) {
      const err = await rejection(verify, await sign(secretBytes, opts));
      expect({ claim, reason: err.reason }).toEqual({ claim, reason: "missing_claim" });
      expect(err.message).toContain(`"${claim}"`);
    }
  });

  it("rejects claims of the wrong shape as malformed", async () => {
    const cases: Record<string, unknown>[] = [
      { role: "root" },
      { role: "Owner" },
      { groups: "admins" },
      { groups: ["ok", 7] },
      { tenant: "" },
      { tenant: 42 },
      { tenant: "acme", "https://edgeplane.dev/tenant": "globex" }, // which tenant? neither
    ];
    for (const claims of cases) {
      const err = await rejection(verify, await sign(secretBytes, { claims }));
      expect({ claims, reason: err.reason }).toEqual({ claims, reason: "malformed" });
    }
    await expectReason(verify, await sign(secretBytes, { exp: null, claims: { exp: "tomorrow" } }), "malformed");
    await expectReason(verify, await sign(secretBytes, { claims: { nbf: "now" } }), "malformed");
  });

  it("rejects strings that are not JWTs", async () => {
    for (const junk of ["", "abc", "a.b", "a.b.c.d", "!!!.###.$$$", "bm90IGpzb24.e30.c2ln"]) {
      await expectReason(verify, junk, "malformed");
    }
    await expectReason(verify, `${await sign(secretBytes)}${"A".repeat(20_000)}`, "malformed");
  });

  it("refuses a short secret at configuration time", () => {
    expect(() => createJwtVerifier({ ...hsConfig, secret: "short" })).toThrow(/at least 32 bytes/);
    expect(() => createJwtVerifier({ ...hsConfig, issuer: "" })).toThrow(/issuer/);
    expect(() => createJwtVerifier({ ...hsConfig, audience: "" })).toThrow(/audience/);
  });
});

describe("RS256 JWKS (production) with key rotation", () => {
  let keyA: CryptoKeyPair;
  let keyB: CryptoKeyPair;
  let stranger: CryptoKeyPair;
  let jwks: JSONWebKeySet;
  let verify: (t: string) => Promise<unknown>;

  const publicJwk = async (pair: CryptoKeyPair, kid: string): Promise<JWK> => ({
    ...(await exportJWK(pair.publicKey)),
    kid,
    alg: "RS256",
    use: "sig",
  });

  beforeAll(async () => {
    [keyA, keyB, stranger] = await Promise.all([
      generateKeyPair("RS256", { extractable: true }),
      generateKeyPair("RS256", { extractable: true }),
      generateKeyPair("RS256", { extractable: true }),
    ]);
    jwks = { keys: [await publicJwk(keyA, "key-a"), await publicJwk(keyB, "key-b")] };
    verify = createJwtVerifier({
      kind: "jwks",
      algorithms: ["RS256"],
      localJwks: jwks,
      issuer: ISSUER,
      audience: AUDIENCE,
      now,
    });
  });

  it("accepts tokens signed by either key of the set (old and new during rotation)", async () => {
    await expect(verify(await sign(keyA.privateKey, { alg: "RS256", kid: "key-a" }))).resolves.toMatchObject({
      tenant: "acme",
      role: "admin",
    });
    await expect(verify(await sign(keyB.privateKey, { alg: "RS256", kid: "key-b" }))).resolves.toMatchObject({
      tenant: "acme",
    });
  });

  it("accepts a token without kid if one of the keys verifies it", async () => {
    await expect(verify(await sign(keyB.privateKey, { alg: "RS256" }))).resolves.toMatchObject({ tenant: "acme" });
  });

  it("rejects a token naming an unknown kid", async () => {
    await expectReason(verify, await sign(keyA.privateKey, { alg: "RS256", kid: "key-z" }), "bad_signature");
  });

  it("rejects a token signed by another key but claiming a known kid", async () => {
    await expectReason(verify, await sign(stranger.privateKey, { alg: "RS256", kid: "key-a" }), "bad_signature");
  });

  it("rejects a token signed by the wrong key of the set", async () => {
    await expectReason(verify, await sign(keyB.privateKey, { alg: "RS256", kid: "key-a" }), "bad_signature");
  });

  it("rejects a kid-less token that no key of the set verifies", async () => {
    await expectReason(verify, await sign(stranger.privateKey, { alg: "RS256" }), "bad_signature");
  });

  it("rejects HS/RS confusion: an HS256 token whose secret is the RSA public key (PEM and JWK)", async () => {
    const pem = await exportSPKI(keyA.publicKey);
    for (const secret of [pem, `${pem}\n`, JSON.stringify(jwks.keys[0]), jwks.keys[0].n as string]) {
      const token = await sign(new TextEncoder().encode(secret), { alg: "HS256", kid: "key-a" });
      await expectReason(verify, token, "unsupported_alg");
    }
  });

  it("rejects alg=none and algorithms outside the pinned one", async () => {
    await expectReason(verify, unsigned({ alg: "none", kid: "key-a" }, validPayload()), "unsupported_alg");
    const es = await generateKeyPair("ES256");
    await expectReason(verify, await sign(es.privateKey, { alg: "ES256", kid: "key-a" }), "unsupported_alg");
    // Other RSA algorithms: still refused, the list is exactly ["RS256"].
    for (const alg of ["PS256", "RS512"]) {
      const { privateKey } = await generateKeyPair(alg);
      await expectReason(verify, await sign(privateKey, { alg, kid: "key-a" }), "unsupported_alg");
    }
  });

  it("applies the same claim checks as HS256", async () => {
    const rs = (o: SignOptions) => sign(keyA.privateKey, { alg: "RS256", kid: "key-a", ...o });
    await expectReason(verify, await rs({ exp: NOW - 3600 }), "expired");
    await expectReason(verify, await rs({ nbf: NOW + 3600 }), "not_yet_valid");
    await expectReason(verify, await rs({ iss: "https://evil.example.com/" }), "wrong_issuer");
    await expectReason(verify, await rs({ aud: "elsewhere" }), "wrong_audience");
    await expectReason(verify, await rs({ claims: { role: undefined } }), "missing_claim");
  });

  it("stops accepting a key once it is rotated out of the set", async () => {
    const afterRotation = createJwtVerifier({
      kind: "jwks",
      algorithms: ["RS256"],
      localJwks: { keys: [jwks.keys[1]] },
      issuer: ISSUER,
      audience: AUDIENCE,
      now,
    });
    await expectReason(afterRotation, await sign(keyA.privateKey, { alg: "RS256", kid: "key-a" }), "bad_signature");
    await expect(afterRotation(await sign(keyB.privateKey, { alg: "RS256", kid: "key-b" }))).resolves.toMatchObject({
      tenant: "acme",
    });
  });

  it("fetches the key set from the configured URL", async () => {
    const fetchMock = vi.fn(async () => Response.json(jwks));
    vi.stubGlobal("fetch", fetchMock);
    try {
      const remote = createJwtVerifier({
        kind: "jwks",
        algorithms: ["RS256"],
        url: "https://id.example.com/.well-known/jwks.json",
        issuer: ISSUER,
        audience: AUDIENCE,
        now,
      });
      await expect(remote(await sign(keyB.privateKey, { alg: "RS256", kid: "key-b" }))).resolves.toMatchObject({
        tenant: "acme",
      });
      await expectReason(remote, await sign(stranger.privateKey, { alg: "RS256", kid: "key-a" }), "bad_signature");
      expect(fetchMock).toHaveBeenCalled();
      expect(String((fetchMock.mock.calls[0] as unknown[])[0])).toBe("https://id.example.com/.well-known/jwks.json");
    } finally {
      vi.unstubAllGlobals();
    }
  });

  it("refuses a configuration with an unpinned or mixed algorithm list", () => {
    const base = { kind: "jwks", localJwks: { keys: [] }, issuer: ISSUER, audience: AUDIENCE } as const;
    for (const algorithms of [[], ["HS256"], ["RS256", "HS256"], ["none"]]) {
      expect(() => createJwtVerifier({ ...base, algorithms } as unknown as JwtVerifierConfig)).toThrow(/algorithms/);
    }
  });
});

describe("ES256 JWKS", () => {
  it("accepts ES256 tokens and rejects RS256 and HS256 ones", async () => {
    const es = await generateKeyPair("ES256");
    const rsa = await generateKeyPair("RS256");
    const verify = createJwtVerifier({
      kind: "jwks",
      algorithms: ["ES256"],
      localJwks: { keys: [{ ...(await exportJWK(es.publicKey)), kid: "ec-1" }] },
      issuer: ISSUER,
      audience: AUDIENCE,
      now,
    });
    await expect(verify(await sign(es.privateKey, { alg: "ES256", kid: "ec-1" }))).resolves.toEqual({
      tenant: "acme",
      subject: "alice@acme.test",
      groups: ["platform", "oncall"],
      role: "admin",
    });
    await expectReason(verify, await sign(rsa.privateKey, { alg: "RS256", kid: "ec-1" }), "unsupported_alg");
    const pem = await exportSPKI(es.publicKey);
    await expectReason(verify, await sign(new TextEncoder().encode(pem), { kid: "ec-1" }), "unsupported_alg");
    const other = await generateKeyPair("ES256");
    await expectReason(verify, await sign(other.privateKey, { alg: "ES256", kid: "ec-1" }), "bad_signature");
  });
});
