import { describe, expect, it } from "vitest";
import { signGeneric, signGithub, verifyDelivery } from "../../../src/webhooks/signatures";

const NOW = Date.parse("2026-03-01T12:00:00Z");
const T = NOW / 1000;
const SECRET = "s3cret-for-ci";
const BODY = '{"manifests":"apiVersion: v1\\nkind: ConfigMap\\nmetadata:\\n  name: c\\n"}';

/** The body with one byte changed (the last `}` becomes `]`). */
const tampered = (s: string) => `${s.slice(0, -1)}]`;

describe("GitHub signatures (X-Hub-Signature-256)", () => {
  it("matches GitHub's documented test vector", async () => {
    expect(await signGithub("It's a Secret to Everybody", "Hello, World!")).toBe(
      "sha256=757107ea0eb2509fc211221cce984b8a37570b6d7586c22c46f4379c8b043e17",
    );
    const res = await verifyDelivery(
      "github",
      {
        "X-Hub-Signature-256": "sha256=757107ea0eb2509fc211221cce984b8a37570b6d7586c22c46f4379c8b043e17",
        "X-GitHub-Delivery": "72d3162e-cc78-11e3-81ab-4c9367dc0958",
        "X-GitHub-Event": "ping",
      },
      new TextEncoder().encode("Hello, World!"),
      "It's a Secret to Everybody",
      NOW,
    );
    expect(res).toEqual({ ok: true, deliveryId: "72d3162e-cc78-11e3-81ab-4c9367dc0958", event: "ping" });
  });

  const headers = async (body: string, secret = SECRET) =>
    new Headers({
      "X-Hub-Signature-256": await signGithub(secret, body),
      "X-GitHub-Delivery": "d-1",
      "X-GitHub-Event": "pull_request",
    });

  it("accepts a correctly signed delivery read from a Headers object", async () => {
    const res = await verifyDelivery("github", await headers(BODY), BODY, SECRET, NOW);
    expect(res).toEqual({ ok: true, deliveryId: "d-1", event: "pull_request" });
  });

  it("refuses a body tampered by one byte, a wrong secret and a forged signature", async () => {
    const h = await headers(BODY);
    expect(await verifyDelivery("github", h, tampered(BODY), SECRET, NOW)).toMatchObject({
      ok: false,
      reason: "bad_signature",
    });
    expect(await verifyDelivery("github", h, BODY, "another-secret", NOW)).toMatchObject({ reason: "bad_signature" });
    const forged = new Headers(h);
    forged.set("X-Hub-Signature-256", `sha256=${"ab".repeat(32)}`);
    expect(await verifyDelivery("github", forged, BODY, SECRET, NOW)).toMatchObject({ reason: "bad_signature" });
    forged.set("X-Hub-Signature-256", "sha256=zz");
    expect(await verifyDelivery("github", forged, BODY, SECRET, NOW)).toMatchObject({
      reason: "malformed_signature",
    });
  });

  it("names what is missing: the signature (even with the SHA-1 header), the delivery id, the event", async () => {
    const sha1Only = new Headers({ "X-Hub-Signature": "sha1=abc", "X-GitHub-Delivery": "d", "X-GitHub-Event": "push" });
    const noSig = await verifyDelivery("github", sha1Only, BODY, SECRET, NOW);
    expect(noSig).toMatchObject({ ok: false, reason: "missing_signature" });
    expect(noSig.ok ? "" : noSig.message).toContain("only the SHA-1 X-Hub-Signature was sent");

    const noId = await headers(BODY);
    noId.delete("X-GitHub-Delivery");
    expect(await verifyDelivery("github", noId, BODY, SECRET, NOW)).toEqual({
      ok: false,
      reason: "missing_delivery_id",
      message: "the X-GitHub-Delivery header is missing",
    });
    const noEvent = await headers(BODY);
    noEvent.delete("X-GitHub-Event");
    expect(await verifyDelivery("github", noEvent, BODY, SECRET, NOW)).toMatchObject({ reason: "missing_event" });
  });

  it("checks the signature before the delivery id, so a forger learns nothing else", async () => {
    const h = new Headers({ "X-Hub-Signature-256": `sha256=${"00".repeat(32)}` });
    expect(await verifyDelivery("github", h, BODY, SECRET, NOW)).toMatchObject({ reason: "bad_signature" });
  });

  it("accepts either secret while one is being rotated, and refuses everything with no secret", async () => {
    const h = await headers(BODY, "old-secret");
    expect(await verifyDelivery("github", h, BODY, ["new-secret", "old-secret"], NOW)).toMatchObject({ ok: true });
    expect(await verifyDelivery("github", h, BODY, "", NOW)).toMatchObject({ ok: false, reason: "no_secret" });
  });
});

describe("GitLab tokens (X-Gitlab-Token)", () => {
  const base = {
    "X-Gitlab-Token": SECRET,
    "X-Gitlab-Event": "Merge Request Hook",
    "X-Gitlab-Event-UUID": "9cebe914-4827-408f-b014-cfa23a47a35f",
  };

  it("accepts the shared token and reports the event UUID as the delivery id", async () => {
    expect(await verifyDelivery("gitlab", base, BODY, SECRET, NOW)).toEqual({
      ok: true,
      deliveryId: "9cebe914-4827-408f-b014-cfa23a47a35f",
      event: "Merge Request Hook",
    });
  });

  it("falls back to Idempotency-Key for the delivery id, and refuses a delivery with neither", async () => {
    const { "X-Gitlab-Event-UUID": _, ...rest } = base;
    expect(await verifyDelivery("gitlab", { ...rest, "Idempotency-Key": "k-7" }, BODY, SECRET, NOW)).toMatchObject({
      ok: true,
      deliveryId: "k-7",
    });
    expect(await verifyDelivery("gitlab", rest, BODY, SECRET, NOW)).toEqual({
      ok: false,
      reason: "missing_delivery_id",
      message: "the X-Gitlab-Event-UUID (or Idempotency-Key) header is missing",
    });
  });

  it("refuses a wrong token, a token differing in one character, and a missing one", async () => {
    expect(await verifyDelivery("gitlab", { ...base, "X-Gitlab-Token": "nope" }, BODY, SECRET, NOW)).toMatchObject({
      reason: "bad_signature",
    });
    expect(
      await verifyDelivery("gitlab", { ...base, "X-Gitlab-Token": `${SECRET.slice(0, -1)}X` }, BODY, SECRET, NOW),
    ).toMatchObject({ reason: "bad_signature" });
    const { "X-Gitlab-Token": _, ...noToken } = base;
    expect(await verifyDelivery("gitlab", noToken, BODY, SECRET, NOW)).toMatchObject({ reason: "missing_signature" });
  });
});

describe("generic signatures (X-Edgeplane-Signature)", () => {
  const headersFor = async (body: string, t = T, secret = SECRET) => ({
    "X-Edgeplane-Signature": await signGeneric(secret, body, t),
    "X-Edgeplane-Delivery": "build-4711",
  });

  it("signs t.<body> and verifies it, with the default event apply", async () => {
    const h = await headersFor(BODY);
    expect(h["X-Edgeplane-Signature"]).toMatch(/^t=1772366400,v1=[0-9a-f]{64}$/);
    expect(await verifyDelivery("generic", h, BODY, SECRET, NOW)).toEqual({
      ok: true,
      deliveryId: "build-4711",
      event: "apply",
    });
    expect(await verifyDelivery("generic", { ...h, "X-Edgeplane-Event": "ping" }, BODY, SECRET, NOW)).toMatchObject({
      event: "ping",
    });
  });

  it("refuses a tampered body, a wrong secret, and a signature moved to another timestamp", async () => {
    const h = await headersFor(BODY);
    expect(await verifyDelivery("generic", h, tampered(BODY), SECRET, NOW)).toMatchObject({ reason: "bad_signature" });
    expect(await verifyDelivery("generic", h, BODY, "wrong", NOW)).toMatchObject({ reason: "bad_signature" });
    const v1 = h["X-Edgeplane-Signature"].split(",")[1];
    const moved = { ...h, "X-Edgeplane-Signature": `t=${T + 1},${v1}` };
    expect(await verifyDelivery("generic", moved, BODY, SECRET, NOW)).toMatchObject({ reason: "bad_signature" });
  });

  it("refuses stale and future timestamps outside the window, and honours a configured window", async () => {
    const stale = await headersFor(BODY, T - 301);
    expect(await verifyDelivery("generic", stale, BODY, SECRET, NOW)).toMatchObject({
      ok: false,
      reason: "stale_timestamp",
    });
    const future = await headersFor(BODY, T + 301);
    expect(await verifyDelivery("generic", future, BODY, SECRET, NOW)).toMatchObject({ reason: "stale_timestamp" });
    const edge = await headersFor(BODY, T - 300);
    expect(await verifyDelivery("generic", edge, BODY, SECRET, NOW)).toMatchObject({ ok: true });
    expect(await verifyDelivery("generic", stale, BODY, SECRET, NOW, { toleranceSeconds: 600 })).toMatchObject({
      ok: true,
    });
  });

  it("accepts any of several v1 signatures (the sender signs with old and new secrets)", async () => {
    const oldSig = await signGeneric("old", BODY, T);
    const newSig = await signGeneric("new", BODY, T);
    const both = `${oldSig},v1=${newSig.split("v1=")[1]}`;
    const h = { "X-Edgeplane-Signature": both, "X-Edgeplane-Delivery": "x" };
    expect(await verifyDelivery("generic", h, BODY, "new", NOW)).toMatchObject({ ok: true });
    expect(await verifyDelivery("generic", h, BODY, "old", NOW)).toMatchObject({ ok: true });
    expect(await verifyDelivery("generic", h, BODY, "neither", NOW)).toMatchObject({ reason: "bad_signature" });
  });

  it("says what is wrong with a malformed header, and refuses missing headers", async () => {
    for (const bad of ["v1=abc", `t=now,v1=${"a".repeat(64)}`, `t=${T}`, `t=${T},v1=short`, "garbage"]) {
      expect(
        await verifyDelivery(
          "generic",
          { "X-Edgeplane-Signature": bad, "X-Edgeplane-Delivery": "x" },
          BODY,
          SECRET,
          NOW,
        ),
      ).toMatchObject({ reason: "malformed_signature" });
    }
    expect(await verifyDelivery("generic", { "X-Edgeplane-Delivery": "x" }, BODY, SECRET, NOW)).toMatchObject({
      reason: "missing_signature",
    });
    const { "X-Edgeplane-Delivery": _, ...noId } = await headersFor(BODY);
    expect(await verifyDelivery("generic", noId, BODY, SECRET, NOW)).toMatchObject({ reason: "missing_delivery_id" });
  });

  it("verifies the raw bytes, not a re-encoding of them", async () => {
    const body = new TextEncoder().encode('{"name":"café"}');
    const h = { "X-Edgeplane-Signature": await signGeneric(SECRET, body, T), "X-Edgeplane-Delivery": "x" };
    expect(await verifyDelivery("generic", h, body, SECRET, NOW)).toMatchObject({ ok: true });
    expect(await verifyDelivery("generic", h, '{"name":"café"}', SECRET, NOW)).toMatchObject({ ok: true });
    const nfd = '{"name":"cafe\u0301"}';
    expect(await verifyDelivery("generic", h, nfd, SECRET, NOW)).toMatchObject({ reason: "bad_signature" });
  });
});
