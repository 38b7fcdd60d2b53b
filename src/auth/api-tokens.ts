/**
 * Opaque API tokens for CI systems and scripts (issue 5). The token is shown once at creation; only its SHA-256
 * is stored. A plain hash (not a slow password hash) is enough because the token carries 256 random bits: there
 * is nothing to brute-force, and a fast deterministic hash lets the store find the row by an index on `hash`.
 *
 * Web Crypto only, so the same code runs in Workers and in Node 20.
 */

import type { TenantRole } from "./jwt";
import { base64url, equalStrings, toHex } from "./secret-bytes";

export const API_TOKEN_PREFIX = "ept_";
const TOKEN_BYTES = 32;
/** "ept_" + base64url of 32 bytes without padding (43 characters). */
const API_TOKEN_SHAPE = /^ept_[A-Za-z0-9_-]{43}$/;
const DISPLAY_PREFIX_LENGTH = 8;

export interface GeneratedApiToken {
  /** The secret; return it to the creator once and never store it. */
  token: string;
  /** First characters after "ept_", stored in clear so lists can show which token is which. */
  prefix: string;
  /** SHA-256 hex of the whole token: what the store keeps. */
  hash: string;
}

export interface ApiTokenScopes {
  clusters: string[] | "*";
  role: TenantRole;
}

export interface StoredApiToken {
  hash: string;
  /** RFC 3339; null/absent means no expiry. */
  expiresAt?: string | null;
  /** RFC 3339; any value means revoked, from that moment on. */
  revokedAt?: string | null;
  scopes: ApiTokenScopes;
}

export type ApiTokenCheck =
  | { ok: true; scopes: ApiTokenScopes }
  | { ok: false; reason: "unknown" | "expired" | "revoked" };

export async function generateApiToken(): Promise<GeneratedApiToken> {
  const bytes = crypto.getRandomValues(new Uint8Array(TOKEN_BYTES));
  const token = API_TOKEN_PREFIX + base64url(bytes);
  return { token, prefix: displayPrefix(token), hash: await hashApiToken(token) };
}

export function displayPrefix(token: string): string {
  return token.slice(API_TOKEN_PREFIX.length, API_TOKEN_PREFIX.length + DISPLAY_PREFIX_LENGTH);
}

/** True if the string looks like one of our tokens (lets the Worker tell it from a JWT without a lookup). */
export function isApiTokenShape(value: string): boolean {
  return API_TOKEN_SHAPE.test(value);
}

export async function hashApiToken(token: string): Promise<string> {
  const digest = await crypto.subtle.digest("SHA-256", new TextEncoder().encode(token));
  return toHex(new Uint8Array(digest));
}

/**
 * Decides whether a presented token is the stored one and still usable. The store normally finds `stored` by the
 * presented token's hash; comparing again here (in constant time) keeps this function correct on its own.
 * Revocation is checked before expiry so that a revoked token reports "revoked" even once it has also expired.
 */
export async function checkApiToken(presented: string, stored: StoredApiToken, now: Date): Promise<ApiTokenCheck> {
  if (!isApiTokenShape(presented)) return { ok: false, reason: "unknown" };
  const hash = await hashApiToken(presented);
  if (!equalStrings(hash, stored.hash.toLowerCase())) return { ok: false, reason: "unknown" };
  if (stored.revokedAt != null) return { ok: false, reason: "revoked" };
  if (stored.expiresAt != null) {
    const expires = Date.parse(stored.expiresAt);
    // An unreadable expiry fails closed.
    if (Number.isNaN(expires) || now.getTime() >= expires) return { ok: false, reason: "expired" };
  }
  return { ok: true, scopes: stored.scopes };
}

/** Whether a token's scopes reach the given cluster. */
export function scopesAllowCluster(scopes: ApiTokenScopes, cluster: string): boolean {
  return scopes.clusters === "*" || scopes.clusters.includes(cluster);
}
