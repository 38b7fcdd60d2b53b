/**
 * Verifying CI webhook deliveries before anything in them is believed: GitHub's HMAC header, GitLab's shared
 * token, and edgeplane's own Stripe-like timestamped signature. Web Crypto only, so the same code runs in a
 * Worker and in Node 20; every secret-dependent comparison is constant-time.
 */
import { equalBytes, toHex } from "../auth/secret-bytes";

export type WebhookStyle = "github" | "gitlab" | "generic";

export type VerifyFailureReason =
  | "no_secret"
  | "missing_signature"
  | "malformed_signature"
  | "bad_signature"
  | "stale_timestamp"
  | "missing_delivery_id"
  | "bad_delivery_id"
  | "missing_event"
  | "bad_event";

export type VerifyResult =
  | { ok: true; deliveryId: string; event: string }
  | { ok: false; reason: VerifyFailureReason; message: string };

export interface VerifyOptions {
  /** Generic style: how far the signed timestamp may be from `now`, either way. Default 300 s. */
  toleranceSeconds?: number;
}

/** Headers as the Worker has them, or a plain record (tests, queued deliveries). */
export type HeaderSource = Headers | Record<string, string | undefined>;

export const DEFAULT_TOLERANCE_SECONDS = 300;

/** Generic-style deliveries without an event header are plain "apply these manifests" requests. */
export const DEFAULT_GENERIC_EVENT = "apply";

const MAX_DELIVERY_ID_LENGTH = 200;
const MAX_EVENT_LENGTH = 200;
const encoder = new TextEncoder();

/**
 * Checks one delivery. `secret` may list several secrets (rotation: the old and the new one both verify while
 * senders switch over). `now` is the current time in milliseconds since the epoch.
 */
export async function verifyDelivery(
  style: WebhookStyle,
  headers: HeaderSource,
  rawBody: Uint8Array | string,
  secret: string | readonly string[],
  now: number,
  opts: VerifyOptions = {},
): Promise<VerifyResult> {
  const secrets = (typeof secret === "string" ? [secret] : [...secret]).filter((s) => s.length > 0);
  if (secrets.length === 0) return fail("no_secret", "no webhook secret is configured; every delivery is refused");
  const get = headerGetter(headers);
  const body = typeof rawBody === "string" ? encoder.encode(rawBody) : rawBody;

  let authenticated: VerifyResult | undefined;
  switch (style) {
    case "github":
      authenticated = await checkGithub(get, body, secrets);
      break;
    case "gitlab":
      authenticated = await checkGitlab(get, secrets);
      break;
    case "generic":
      authenticated = await checkGeneric(get, body, secrets, now, opts.toleranceSeconds ?? DEFAULT_TOLERANCE_SECONDS);
      break;
  }
  if (authenticated) return authenticated;
  // Only authentic senders get here, so the finer reasons below reveal nothing to a forger.
  return identify(style, get);
}

/** `X-Hub-Signature-256` value for a body, as GitHub computes it. */
export async function signGithub(secret: string, body: Uint8Array | string): Promise<string> {
  const bytes = typeof body === "string" ? encoder.encode(body) : body;
  return `sha256=${toHex(await hmacSha256(secret, bytes))}`;
}

/** `X-Edgeplane-Signature` value for a body signed at `t` (unix seconds). */
export async function signGeneric(secret: string, body: Uint8Array | string, t: number): Promise<string> {
  const bytes = typeof body === "string" ? encoder.encode(body) : body;
  return `t=${t},v1=${toHex(await hmacSha256(secret, genericSigned(t, bytes)))}`;
}

// ---- styles ------------------------------------------------------------------------------------------------

type Get = (name: string) => string | undefined;

async function checkGithub(get: Get, body: Uint8Array, secrets: string[]): Promise<VerifyResult | undefined> {
  const header = get("x-hub-signature-256");
  if (header === undefined) {
    const legacy = get("x-hub-signature") !== undefined ? " (only the SHA-1 X-Hub-Signature was sent)" : "";
    return fail("missing_signature", `the X-Hub-Signature-256 header is missing${legacy}`);
  }
  const m = /^sha256=([0-9a-fA-F]{64})$/.exec(header.trim());
  if (!m) return fail("malformed_signature", "X-Hub-Signature-256 must be sha256=<64 hex digits>");
  const given = fromHex(m[1]);
  for (const s of secrets) {
    if (equalBytes(await hmacSha256(s, body), given)) return undefined;
  }
  return fail("bad_signature", "X-Hub-Signature-256 does not match the body and the webhook secret");
}

async function checkGitlab(get: Get, secrets: string[]): Promise<VerifyResult | undefined> {
  const token = get("x-gitlab-token");
  if (token === undefined || token === "") return fail("missing_signature", "the X-Gitlab-Token header is missing");
  // Hash both sides first: equal-length digests compare in constant time without leaking the secret's length.
  const given = await sha256(encoder.encode(token));
  for (const s of secrets) {
    if (equalBytes(await sha256(encoder.encode(s)), given)) return undefined;
  }
  return fail("bad_signature", "X-Gitlab-Token does not match the webhook secret");
}

async function checkGeneric(
  get: Get,
  body: Uint8Array,
  secrets: string[],
  now: number,
  toleranceSeconds: number,
): Promise<VerifyResult | undefined> {
  const header = get("x-edgeplane-signature");
  if (header === undefined || header.trim() === "") {
    return fail("missing_signature", "the X-Edgeplane-Signature header is missing");
  }
  const parsed = parseGenericHeader(header);
  if (!parsed) {
    return fail("malformed_signature", "X-Edgeplane-Signature must be t=<unix seconds>,v1=<64 hex digits>[,v1=...]");
  }
  const signed = genericSigned(parsed.t, body);
  let match = false;
  for (const s of secrets) {
    const expected = await hmacSha256(s, signed);
    // Every candidate is compared (no early exit), so timing does not tell which v1 or secret matched.
    for (const v of parsed.v1) match = equalBytes(expected, v) || match;
  }
  if (!match) return fail("bad_signature", "no v1 signature in X-Edgeplane-Signature matches the body and secret");
  const skew = Math.abs(now / 1000 - parsed.t);
  if (skew > toleranceSeconds) {
    return fail(
      "stale_timestamp",
      `the signature's timestamp is ${Math.round(skew)} s away from the server's clock (at most ${toleranceSeconds} s allowed)`,
    );
  }
  return undefined;
}

/** Parses `t=...,v1=...,v1=...`; unknown schemes (a future v2) are skipped, as Stripe's verifiers do. */
function parseGenericHeader(header: string): { t: number; v1: Uint8Array[] } | undefined {
  let t: number | undefined;
  const v1: Uint8Array[] = [];
  for (const part of header.split(",")) {
    const eq = part.indexOf("=");
    if (eq < 0) return undefined;
    const key = part.slice(0, eq).trim();
    const value = part.slice(eq + 1).trim();
    if (key === "t") {
      if (t !== undefined || !/^\d{1,12}$/.test(value)) return undefined;
      t = Number(value);
    } else if (key === "v1") {
      if (!/^[0-9a-fA-F]{64}$/.test(value)) return undefined;
      v1.push(fromHex(value));
    }
  }
  if (t === undefined || v1.length === 0 || v1.length > 8) return undefined;
  return { t, v1 };
}

function genericSigned(t: number, body: Uint8Array): Uint8Array {
  const prefix = encoder.encode(`${t}.`);
  const out = new Uint8Array(prefix.length + body.length);
  out.set(prefix, 0);
  out.set(body, prefix.length);
  return out;
}

/** Delivery id and event of an authenticated delivery; a delivery without an id cannot be deduplicated. */
function identify(style: WebhookStyle, get: Get): VerifyResult {
  const idHeaders: Record<WebhookStyle, string[]> = {
    github: ["x-github-delivery"],
    gitlab: ["x-gitlab-event-uuid", "idempotency-key"],
    generic: ["x-edgeplane-delivery"],
  };
  const names = idHeaders[style];
  const deliveryId = names.map((n) => get(n)?.trim()).find((v) => v);
  if (!deliveryId) return fail("missing_delivery_id", `the ${displayNames(names)} header is missing`);
  if (deliveryId.length > MAX_DELIVERY_ID_LENGTH || !/^[\x21-\x7e]+$/.test(deliveryId)) {
    return fail("bad_delivery_id", `the delivery id must be 1-${MAX_DELIVERY_ID_LENGTH} printable ASCII characters`);
  }
  const eventHeader = { github: "x-github-event", gitlab: "x-gitlab-event", generic: "x-edgeplane-event" }[style];
  const event = get(eventHeader)?.trim() || (style === "generic" ? DEFAULT_GENERIC_EVENT : "");
  if (!event) return fail("missing_event", `the ${displayNames([eventHeader])} header is missing`);
  if (event.length > MAX_EVENT_LENGTH)
    return fail("bad_event", `the event name is longer than ${MAX_EVENT_LENGTH} characters`);
  return { ok: true, deliveryId, event };
}

const DISPLAY: Record<string, string> = {
  "x-github-delivery": "X-GitHub-Delivery",
  "x-gitlab-event-uuid": "X-Gitlab-Event-UUID",
  "idempotency-key": "Idempotency-Key",
  "x-edgeplane-delivery": "X-Edgeplane-Delivery",
  "x-github-event": "X-GitHub-Event",
  "x-gitlab-event": "X-Gitlab-Event",
  "x-edgeplane-event": "X-Edgeplane-Event",
};

function displayNames(names: string[]): string {
  return names.map((n) => DISPLAY[n] ?? n).join(" (or ") + (names.length > 1 ? ")" : "");
}

function fail(reason: VerifyFailureReason, message: string): VerifyResult {
  return { ok: false, reason, message };
}

function headerGetter(headers: HeaderSource): Get {
  if (typeof (headers as Headers).get === "function") {
    const h = headers as Headers;
    return (name) => h.get(name) ?? undefined;
  }
  const lower = new Map<string, string>();
  for (const [k, v] of Object.entries(headers as Record<string, string | undefined>)) {
    if (v !== undefined) lower.set(k.toLowerCase(), v);
  }
  return (name) => lower.get(name);
}

// ---- crypto ------------------------------------------------------------------------------------------------

async function hmacSha256(secret: string, data: Uint8Array): Promise<Uint8Array> {
  const key = await crypto.subtle.importKey("raw", encoder.encode(secret), { name: "HMAC", hash: "SHA-256" }, false, [
    "sign",
  ]);
  return new Uint8Array(await crypto.subtle.sign("HMAC", key, data));
}

async function sha256(data: Uint8Array): Promise<Uint8Array> {
  return new Uint8Array(await crypto.subtle.digest("SHA-256", data));
}

function fromHex(hex: string): Uint8Array {
  const out = new Uint8Array(hex.length / 2);
  for (let i = 0; i < out.length; i++) out[i] = Number.parseInt(hex.slice(i * 2, i * 2 + 2), 16);
  return out;
}
