/** Opaque CI tokens: generation, hashing, and every way a presented token is refused. */
import { createHash } from "node:crypto";
import { describe, expect, it } from "vitest";
import {
  type ApiTokenScopes,
  checkApiToken,
  generateApiToken,
  hashApiToken,
  isApiTokenShape,
  type StoredApiToken,
  scopesAllowCluster,
} from "../../../src/auth/api-tokens";
import { equalStrings as constantTimeEqual } from "../../../src/auth/secret-bytes";

const NOW = new Date("2026-03-01T12:00:00Z");
const scopes: ApiTokenScopes = { clusters: ["ci-1", "ci-2"], role: "developer" };

async function issued(extra: Partial<StoredApiToken> = {}) {
  const generated = await generateApiToken();
  const stored: StoredApiToken = { hash: generated.hash, scopes: structuredClone(scopes), ...extra };
  return { ...generated, stored };
}

describe("generateApiToken", () => {
  it("produces ept_ + 32 random bytes in base64url, a display prefix and the SHA-256 hex", async () => {
    const { token, prefix, hash } = await generateApiToken();
    expect(token).toMatch(/^ept_[A-Za-z0-9_-]{43}$/);
    expect(Buffer.from(token.slice(4), "base64url")).toHaveLength(32);
    expect(prefix).toBe(token.slice(4, 12));
    expect(hash).toBe(createHash("sha256").update(token).digest("hex"));
    expect(isApiTokenShape(token)).toBe(true);
  });

  it("never repeats a token", async () => {
    const tokens = new Set<string>();
    for (let i = 0; i < 200; i++) tokens.add((await generateApiToken()).token);
    expect(tokens.size).toBe(200);
  });

  it("hashes deterministically and distinguishes tokens", async () => {
    const { token, hash } = await generateApiToken();
    expect(await hashApiToken(token)).toBe(hash);
    expect(await hashApiToken(`${token.slice(0, -1)}${token.endsWith("A") ? "B" : "A"}`)).not.toBe(hash);
    expect(hash).toMatch(/^[0-9a-f]{64}$/);
  });
});

describe("checkApiToken", () => {
  it("accepts the token it was issued for and returns its scopes", async () => {
    const { token, stored } = await issued();
    expect(await checkApiToken(token, stored, NOW)).toEqual({ ok: true, scopes });
  });

  it("accepts a token whose expiry is still ahead, or that has none", async () => {
    const later = await issued({ expiresAt: "2026-03-01T12:00:01Z" });
    expect((await checkApiToken(later.token, later.stored, NOW)).ok).toBe(true);
    const never = await issued({ expiresAt: null, revokedAt: null });
    expect((await checkApiToken(never.token, never.stored, NOW)).ok).toBe(true);
  });

  it("answers unknown for a different, altered or malformed token", async () => {
    const { token, stored } = await issued();
    const other = await generateApiToken();
    const flipped = `${token.slice(0, -1)}${token.endsWith("A") ? "B" : "A"}`;
    for (const presented of [other.token, flipped, "", "ept_", token.slice(4), `${token}x`, stored.hash]) {
      expect(await checkApiToken(presented, stored, NOW)).toEqual({ ok: false, reason: "unknown" });
    }
  });

  it("answers expired at and after the expiry instant", async () => {
    const { token, stored } = await issued({ expiresAt: "2026-03-01T12:00:00Z" });
    expect(await checkApiToken(token, stored, NOW)).toEqual({ ok: false, reason: "expired" });
    expect(await checkApiToken(token, stored, new Date("2027-01-01T00:00:00Z"))).toEqual({
      ok: false,
      reason: "expired",
    });
    expect((await checkApiToken(token, stored, new Date("2026-03-01T11:59:59Z"))).ok).toBe(true);
  });

  it("fails closed on an unreadable expiry", async () => {
    const { token, stored } = await issued({ expiresAt: "not a date" });
    expect(await checkApiToken(token, stored, NOW)).toEqual({ ok: false, reason: "expired" });
  });

  it("answers revoked once revoked, even if also expired", async () => {
    const revoked = await issued({ revokedAt: "2026-02-01T00:00:00Z" });
    expect(await checkApiToken(revoked.token, revoked.stored, NOW)).toEqual({ ok: false, reason: "revoked" });
    const both = await issued({ revokedAt: "2026-02-01T00:00:00Z", expiresAt: "2026-02-15T00:00:00Z" });
    expect(await checkApiToken(both.token, both.stored, NOW)).toEqual({ ok: false, reason: "revoked" });
  });

  it("does not reveal revocation or expiry to someone holding the wrong token", async () => {
    const { stored } = await issued({ revokedAt: "2026-02-01T00:00:00Z", expiresAt: "2026-02-15T00:00:00Z" });
    const other = await generateApiToken();
    expect(await checkApiToken(other.token, stored, NOW)).toEqual({ ok: false, reason: "unknown" });
  });

  it("scopes tokens to their clusters", () => {
    expect(scopesAllowCluster(scopes, "ci-1")).toBe(true);
    expect(scopesAllowCluster({ clusters: ["ci-1"], role: "viewer" }, "ci-10")).toBe(false);
    expect(scopesAllowCluster({ clusters: [], role: "viewer" }, "ci-1")).toBe(false);
    expect(scopesAllowCluster({ clusters: "*", role: "admin" }, "anything")).toBe(true);
  });
});

describe("constantTimeEqual", () => {
  it("compares hex strings exactly", () => {
    expect(constantTimeEqual("00ff", "00ff")).toBe(true);
    expect(constantTimeEqual("", "")).toBe(true);
    expect(constantTimeEqual("00ff", "00fe")).toBe(false);
    expect(constantTimeEqual("10ff", "00ff")).toBe(false);
  });

  it("treats strings of different lengths as unequal, including prefixes and the empty string", () => {
    expect(constantTimeEqual("abcd", "abcd00")).toBe(false);
    expect(constantTimeEqual("abcd00", "abcd")).toBe(false);
    expect(constantTimeEqual("", "00")).toBe(false);
    expect(constantTimeEqual("00", "")).toBe(false);
    // A trailing NUL must not pass for "nothing there".
    expect(constantTimeEqual("ab", "ab\u0000")).toBe(false);
  });
});
