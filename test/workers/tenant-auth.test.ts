/**
 * Authentication and tenant isolation at the Worker: the attack suite (every bad credential is a 401 and
 * changes nothing), tenant roles, API tokens (scope, revocation, expiry), member records, and the per-tenant
 * limits (clusters → 403, requests per second → 429).
 */
import { env } from "cloudflare:test";
import { exportJWK, generateKeyPair, SignJWT } from "jose";
import { beforeAll, describe, expect, it } from "vitest";
import { call, tenantJwt } from "./tenant-helpers";

let acmeAdmin: string;
let globexAdmin: string;

beforeAll(async () => {
  acmeAdmin = await tenantJwt({ tenant: "acme", sub: "alice@acme.example", role: "admin" });
  globexAdmin = await tenantJwt({ tenant: "globex", sub: "hank@globex.example", role: "owner" });
  expect((await call(acmeAdmin, "POST", "/v1/clusters", { name: "shared" })).status).toBe(201);
});

const b64url = (s: string) => btoa(s).replace(/\+/g, "-").replace(/\//g, "_").replace(/=+$/, "");

async function acmeClusters(): Promise<string[]> {
  return (await call(acmeAdmin, "GET", "/v1/clusters")).body.items.map((c: { name: string }) => c.name);
}

describe("the attack suite: every bad credential is refused with 401 and changes nothing", () => {
  const now = () => Math.floor(Date.now() / 1000);
  const cases: [string, () => Promise<string | undefined>, RegExp][] = [
    ["no token", async () => undefined, /bearer token is required/],
    ["expired", () => tenantJwt({ exp: now() - 120 }), /expired/],
    ["not yet valid", () => tenantJwt({ nbf: now() + 600 }), /not valid yet/],
    ["wrong issuer", () => tenantJwt({ iss: "https://evil.example" }), /issuer/],
    ["wrong audience", () => tenantJwt({ aud: "someone-else" }), /audience/],
    ["bad signature", () => tenantJwt({}, "another-secret-0123456789abcdef0123456789abcdef"), /signature/],
    [
      "alg=none",
      async () =>
        `${b64url(JSON.stringify({ alg: "none", typ: "JWT" }))}.${b64url(
          JSON.stringify({
            tenant: "acme",
            sub: "mallory",
            role: "owner",
            iss: env.JWT_ISSUER,
            aud: env.JWT_AUDIENCE,
            exp: now() + 600,
          }),
        )}.`,
      /algorithm|malformed/,
    ],
    [
      "RS256 where HS256 is pinned (algorithm confusion)",
      async () => {
        const { privateKey, publicKey } = await generateKeyPair("RS256");
        await exportJWK(publicKey);
        return new SignJWT({ tenant: "acme", role: "owner" })
          .setProtectedHeader({ alg: "RS256" })
          .setIssuer(env.JWT_ISSUER)
          .setAudience(env.JWT_AUDIENCE)
          .setSubject("mallory")
          .setExpirationTime(now() + 600)
          .sign(privateKey);
      },
      /algorithm/,
    ],
    ["garbage", async () => "not-a-token", /malformed/],
    ["unknown API token", async () => `ept_${"A".repeat(43)}`, /unknown API token/],
  ];
  for (const [name, token, why] of cases) {
    it(name, async () => {
      const t = await token();
      const create = await call(t, "POST", "/v1/clusters", { name: "intruder" });
      expect(create.status).toBe(401);
      expect(create.body).toMatchObject({ kind: "Status", code: 401, reason: "Unauthorized" });
      expect(create.body.message).toMatch(why);
      // Kube paths answer kube's bare "Unauthorized".
      const kube = await call(t, "GET", "/clusters/shared/api/v1/namespaces/default/pods");
      expect(kube.status).toBe(401);
      expect(kube.body.message).toBe("Unauthorized");
      expect(await acmeClusters()).not.toContain("intruder");
    });
  }
});

describe("tenant isolation", () => {
  it("another tenant's cluster is not found — never forbidden — on every path", async () => {
    const paths: [string, string][] = [
      ["GET", "/v1/clusters/shared"],
      ["DELETE", "/v1/clusters/shared"],
      ["GET", "/v1/clusters/shared/kubeconfig"],
      ["GET", "/v1/clusters/shared/audit"],
      ["POST", "/v1/clusters/shared/snapshots"],
      ["GET", "/clusters/shared/api/v1/namespaces/default/pods"],
      ["DELETE", "/clusters/shared/api/v1/namespaces/default/configmaps/kube-root-ca.crt"],
    ];
    for (const [method, path] of paths) {
      const r = await call(globexAdmin, method, path, method === "POST" ? { name: "steal" } : undefined);
      expect(r.status, `${method} ${path}`).toBe(404);
    }
    expect((await call(globexAdmin, "GET", "/v1/clusters")).body.items).toEqual([]);
    // The acme cluster is untouched.
    expect((await call(acmeAdmin, "GET", "/v1/clusters/shared")).status).toBe(200);
    const cm = await call(acmeAdmin, "GET", "/clusters/shared/api/v1/namespaces/default/configmaps/kube-root-ca.crt");
    expect(cm.status).toBe(200);
  });

  it("names are per tenant: another tenant may use the same name without learning anything", async () => {
    const r = await call(globexAdmin, "POST", "/v1/clusters", { name: "shared" });
    expect(r.status).toBe(201);
    const ours = await call(acmeAdmin, "GET", "/v1/clusters/shared");
    const theirs = await call(globexAdmin, "GET", "/v1/clusters/shared");
    expect(ours.body.status.id).not.toBe(theirs.body.status.id);
    expect((await call(globexAdmin, "DELETE", "/v1/clusters/shared")).status).toBe(200);
    expect((await call(acmeAdmin, "GET", "/v1/clusters/shared")).status).toBe(200);
  });
});

describe("the API's description", () => {
  it("is public: an OpenAPI document and a page", async () => {
    const doc = await call(undefined, "GET", "/v1/openapi.json");
    expect(doc.status).toBe(200);
    expect(doc.body.openapi).toBe("3.1.0");
    expect(doc.body.servers).toEqual([{ url: "https://edgeplane.test/v1" }]);
    expect(Object.keys(doc.body.paths)).toEqual(
      expect.arrayContaining(["/clusters", "/clusters/{name}/kubeconfig", "/tokens", "/hooks/{id}"]),
    );
    expect(doc.body.paths["/clusters"].post.requestBody.content["application/json"].schema.required).toEqual(["name"]);
    const page = await call(undefined, "GET", "/v1/docs");
    expect(page.headers.get("content-type")).toMatch(/text\/html/);
    expect(page.text).toContain("/v1/clusters/{name}/snapshots");
  });
});

describe("tenant roles", () => {
  it("a viewer reads but cannot create, delete or manage tokens", async () => {
    const viewer = await tenantJwt({ tenant: "acme", sub: "vic@acme.example", role: "viewer" });
    expect((await call(viewer, "GET", "/v1/clusters")).status).toBe(200);
    const create = await call(viewer, "POST", "/v1/clusters", { name: "nope" });
    expect(create.status).toBe(403);
    expect(create.body.message).toMatch(/\(tenant role "viewer"\) may not create clusters/);
    expect((await call(viewer, "DELETE", "/v1/clusters/shared")).status).toBe(403);
    expect((await call(viewer, "POST", "/v1/tokens", { name: "t" })).status).toBe(403);
    expect(await acmeClusters()).toContain("shared");
  });

  it("nobody grants more than they hold", async () => {
    const r = await call(acmeAdmin, "POST", "/v1/tokens", { name: "too-strong", role: "owner" });
    expect(r.status).toBe(403);
    expect(r.body.message).toMatch(/higher than your role "admin"/);
    const m = await call(acmeAdmin, "PUT", "/v1/members/bob@acme.example", { role: "owner" });
    expect(m.status).toBe(403);
  });

  it("a member record narrows the identity provider's role, or disables the member", async () => {
    const carol = await tenantJwt({ tenant: "acme", sub: "carol@acme.example", role: "admin" });
    expect((await call(acmeAdmin, "PUT", "/v1/members/carol@acme.example", { role: "viewer" })).status).toBe(201);
    expect((await call(carol, "GET", "/v1/whoami")).body.role).toBe("viewer");
    expect((await call(carol, "POST", "/v1/clusters", { name: "carols" })).status).toBe(403);
    await call(acmeAdmin, "PUT", "/v1/members/carol@acme.example", { role: "viewer", disabled: true });
    const off = await call(carol, "GET", "/v1/clusters");
    expect(off.status).toBe(403);
    expect(off.body.message).toMatch(/disabled/);
  });
});

describe("API tokens", () => {
  it("are shown once, stored hashed, scoped to clusters and revocable", async () => {
    expect((await call(acmeAdmin, "POST", "/v1/clusters", { name: "other" })).status).toBe(201);
    const made = await call(acmeAdmin, "POST", "/v1/tokens", {
      name: "ci",
      role: "developer",
      clusters: ["shared"],
      expiresIn: "24h",
    });
    expect(made.status).toBe(201);
    const token: string = made.body.token;
    expect(token).toMatch(/^ept_[A-Za-z0-9_-]{43}$/);
    const row = await env.DB.prepare("SELECT * FROM api_tokens WHERE id = ?").bind(made.body.id).first<any>();
    expect(JSON.stringify(row)).not.toContain(token);
    expect(row.token_hash).toMatch(/^[0-9a-f]{64}$/);
    const listed = await call(acmeAdmin, "GET", "/v1/tokens");
    expect(JSON.stringify(listed.body)).not.toContain(token);

    // In scope: the cluster and its Kubernetes API. Out of scope: not found.
    expect((await call(token, "GET", "/v1/clusters")).body.items.map((c: any) => c.name)).toEqual(["shared"]);
    expect((await call(token, "GET", "/clusters/shared/api/v1/namespaces")).status).toBe(200);
    expect((await call(token, "GET", "/v1/clusters/other")).status).toBe(404);
    expect((await call(token, "GET", "/clusters/other/api/v1/namespaces")).status).toBe(404);

    const revoked = await call(acmeAdmin, "DELETE", `/v1/tokens/${made.body.id}`);
    expect(revoked.body.state).toBe("revoked");
    const after = await call(token, "GET", "/v1/clusters");
    expect(after.status).toBe(401);
    expect(after.body.message).toMatch(/revoked/);
    expect((await call(token, "GET", "/clusters/shared/api/v1/namespaces")).status).toBe(401);
  });

  it("an expired token is refused", async () => {
    const made = await call(acmeAdmin, "POST", "/v1/tokens", { name: "short", role: "viewer" });
    await env.DB.prepare("UPDATE api_tokens SET expires_at = ? WHERE id = ?")
      .bind(new Date(Date.now() - 1000).toISOString(), made.body.id)
      .run();
    const r = await call(made.body.token, "GET", "/v1/clusters");
    expect(r.status).toBe(401);
    expect(r.body.message).toMatch(/expired/);
  });

  it("bad requests are 400 Status objects", async () => {
    for (const body of [
      { name: "Bad Name" },
      { name: "x", role: "root" },
      { name: "x", clusters: "everything" },
      { name: "x", expiresIn: "forever" },
    ]) {
      const r = await call(acmeAdmin, "POST", "/v1/tokens", body);
      expect(r.status, JSON.stringify(body)).toBe(400);
      expect(r.body.kind).toBe("Status");
    }
    const notJson = await call(acmeAdmin, "POST", "/v1/tokens", "{oops", { "Content-Type": "application/json" });
    expect(notJson.status).toBe(400);
  });
});

describe("per-tenant limits", () => {
  it("the cluster limit answers 403 with the quota in the message", async () => {
    const t = await tenantJwt({ tenant: "tiny", sub: "tim@tiny.example", role: "owner" });
    expect((await call(t, "GET", "/v1/tenant")).status).toBe(200);
    await env.DB.prepare("UPDATE tenants SET max_clusters = 1 WHERE id = 'tiny'").run();
    // The Worker caches tenant rows briefly; a new isolate-independent read goes through the limit query.
    expect((await call(t, "POST", "/v1/clusters", { name: "one" })).status).toBe(201);
    const two = await call(t, "POST", "/v1/clusters", { name: "two" });
    expect(two.status).toBe(403);
    expect(two.body.message).toMatch(/exceeded quota: tenant "tiny" may have at most 1 clusters/);
    expect((await call(t, "GET", "/v1/clusters")).body.items.map((c: any) => c.name)).toEqual(["one"]);
  });

  it("the request rate limit answers 429 with Retry-After", async () => {
    await env.DB.prepare(
      "INSERT INTO tenants (id, display_name, created_at, requests_per_second) VALUES ('slow', 'slow', ?, 2)",
    )
      .bind(new Date().toISOString())
      .run();
    const t = await tenantJwt({ tenant: "slow", sub: "sam@slow.example", role: "owner" });
    const codes: number[] = [];
    let limited: any;
    for (let i = 0; i < 12; i++) {
      const r = await call(t, "GET", "/v1/whoami");
      codes.push(r.status);
      if (r.status === 429) limited = r;
    }
    expect(codes.filter((c) => c === 200).length).toBeGreaterThanOrEqual(4);
    expect(codes).toContain(429);
    expect(limited.body).toMatchObject({ kind: "Status", code: 429, reason: "TooManyRequests" });
    expect(limited.body.message).toMatch(/tenant "slow" exceeded its limit of 2 requests per second/);
    expect(Number(limited.headers.get("Retry-After"))).toBeGreaterThanOrEqual(1);
  });
});
