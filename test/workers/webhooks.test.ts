/**
 * CI webhooks through the Worker: registration, signed deliveries in all three styles, forged and replayed
 * deliveries refused or answered without being applied twice, a fresh virtual-clock cluster per run that
 * rolls out before the answer, and a pull request's cluster created on open and deleted on close.
 */
import { env } from "cloudflare:test";
import { beforeAll, describe, expect, it } from "vitest";
import { signGeneric, signGithub } from "../../src/webhooks/signatures";
import { call, tenantJwt } from "./tenant-helpers";

let owner: string;

const DEPLOYMENT = `apiVersion: apps/v1
kind: Deployment
metadata:
  name: nginx-deployment
  labels:
    app: nginx
spec:
  replicas: 3
  selector:
    matchLabels:
      app: nginx
  template:
    metadata:
      labels:
        app: nginx
    spec:
      containers:
      - name: nginx
        image: nginx:1.20
        ports:
        - containerPort: 80
---
apiVersion: v1
kind: Service
metadata:
  name: nginx
spec:
  selector:
    app: nginx
  ports:
  - port: 80
`;

async function register(body: Record<string, unknown>) {
  const r = await call(owner, "POST", "/v1/webhooks", body);
  expect(r.status).toBe(201);
  return r.body as { id: string; url: string; secret: string; name: string };
}

async function deliverGeneric(hook: { id: string; secret: string }, body: unknown, delivery: string, t?: number) {
  const text = JSON.stringify(body);
  const ts = t ?? Math.floor(Date.now() / 1000);
  return call(undefined, "POST", `/v1/hooks/${hook.id}`, text, {
    "Content-Type": "application/json",
    "X-Edgeplane-Signature": await signGeneric(hook.secret, text, ts),
    "X-Edgeplane-Delivery": delivery,
  });
}

async function clusterNames(): Promise<string[]> {
  return (await call(owner, "GET", "/v1/clusters")).body.items.map((c: any) => c.name);
}

beforeAll(async () => {
  owner = await tenantJwt({ tenant: "ci-co", sub: "olive@ci.example", role: "owner" });
});

describe("generic signed deliveries", () => {
  it("apply a bundle to a fresh cluster, wait for the rollout and answer the report", async () => {
    const hook = await register({ name: "deploy", style: "generic", role: "admin" });
    expect(hook.secret).toMatch(/^whsec_/);
    expect(hook.url).toBe(`https://edgeplane.test/v1/hooks/${hook.id}`);
    const r = await deliverGeneric(hook, { manifests: DEPLOYMENT, wait: true, timeoutSeconds: 120 }, "run-001");
    expect(r.status).toBe(200);
    expect(r.body).toMatchObject({
      delivery: "run-001",
      webhook: "deploy",
      status: "succeeded",
      cluster: "deploy-run001",
    });
    expect(r.body.applied.map((a: any) => `${a.kind}/${a.name}:${a.action}`)).toEqual([
      "Deployment/nginx-deployment:created",
      "Service/nginx:created",
    ]);
    expect(r.body.rollouts).toEqual([
      expect.objectContaining({
        kind: "Deployment",
        name: "nginx-deployment",
        done: true,
        message: 'deployment "nginx-deployment" successfully rolled out',
      }),
    ]);
    // The cluster is real: its pods run.
    const pods = await call(owner, "GET", "/clusters/deploy-run001/api/v1/namespaces/default/pods");
    expect(pods.body.items.filter((p: any) => p.status.phase === "Running")).toHaveLength(3);
    // The delivery is recorded with its report.
    const list = await call(owner, "GET", `/v1/webhooks/${hook.id}/deliveries`);
    expect(list.body.items[0]).toMatchObject({ delivery: "run-001", status: "succeeded" });
  });

  it("a redelivery is answered from the record and applies nothing twice", async () => {
    const hook = await register({ name: "replay", style: "generic", role: "admin" });
    const first = await deliverGeneric(hook, { manifests: DEPLOYMENT, wait: false }, "same-id");
    expect(first.status).toBe(200);
    const cluster = first.body.cluster;
    const rv1 = (
      await call(owner, "GET", `/clusters/${cluster}/apis/apps/v1/namespaces/default/deployments/nginx-deployment`)
    ).body.metadata.resourceVersion;
    const again = await deliverGeneric(
      hook,
      { manifests: DEPLOYMENT.replace("replicas: 3", "replicas: 9") },
      "same-id",
    );
    expect(again.status).toBe(200);
    expect(again.headers.get("X-Edgeplane-Redelivery")).toBe("true");
    expect(again.body.delivery).toBe("same-id");
    const d = (
      await call(owner, "GET", `/clusters/${cluster}/apis/apps/v1/namespaces/default/deployments/nginx-deployment`)
    ).body;
    expect(d.spec.replicas).toBe(3);
    expect(d.metadata.resourceVersion).toBe(rv1);
  });

  it("forged, stale and unsigned deliveries are refused with 401 and change nothing", async () => {
    const hook = await register({ name: "guarded", style: "generic" });
    const before = await clusterNames();
    const forged = await deliverGeneric(
      { ...hook, secret: "not-the-secret-0123456789" },
      { manifests: DEPLOYMENT },
      "f1",
    );
    expect(forged.status).toBe(401);
    expect(forged.body.message).toMatch(/delivery refused/);
    const stale = await deliverGeneric(hook, { manifests: DEPLOYMENT }, "s1", Math.floor(Date.now() / 1000) - 3600);
    expect(stale.status).toBe(401);
    const unsigned = await call(undefined, "POST", `/v1/hooks/${hook.id}`, JSON.stringify({ manifests: DEPLOYMENT }), {
      "Content-Type": "application/json",
      "X-Edgeplane-Delivery": "u1",
    });
    expect(unsigned.status).toBe(401);
    // A body changed after signing.
    const text = JSON.stringify({ manifests: DEPLOYMENT });
    const sig = await signGeneric(hook.secret, text, Math.floor(Date.now() / 1000));
    const tampered = await call(undefined, "POST", `/v1/hooks/${hook.id}`, text.replace("nginx:1.20", "evil:latest"), {
      "Content-Type": "application/json",
      "X-Edgeplane-Signature": sig,
      "X-Edgeplane-Delivery": "t1",
    });
    expect(tampered.status).toBe(401);
    expect(await clusterNames()).toEqual(before);
    const recorded = await env.DB.prepare("SELECT COUNT(*) AS n FROM webhook_deliveries WHERE webhook_id = ?")
      .bind(hook.id)
      .first<{ n: number }>();
    expect(recorded?.n).toBe(0);
    expect((await call(undefined, "POST", "/v1/hooks/00000000-0000-0000-0000-000000000000", "{}")).status).toBe(404);
  });

  it("a bad bundle is a 400 naming the document", async () => {
    const hook = await register({ name: "picky", style: "generic" });
    const r = await deliverGeneric(hook, { manifests: `${DEPLOYMENT}---\n: : not yaml [\n` }, "bad-1");
    expect(r.status).toBe(400);
    expect(r.body.message).toMatch(/document 3/);
  });
});

describe("pull requests (GitHub style)", () => {
  it("open creates the PR's cluster and applies; close deletes it", async () => {
    const hook = await register({ name: "gh", style: "github", role: "admin" });
    const send = async (action: string, delivery: string, extra: Record<string, unknown> = {}) => {
      const text = JSON.stringify({
        action,
        number: 42,
        pull_request: { number: 42 },
        repository: { full_name: "acme/web" },
        ...extra,
      });
      return call(undefined, "POST", `/v1/hooks/${hook.id}`, text, {
        "Content-Type": "application/json",
        "X-GitHub-Event": "pull_request",
        "X-GitHub-Delivery": delivery,
        "X-Hub-Signature-256": await signGithub(hook.secret, text),
      });
    };
    const opened = await send("opened", "d-open", { manifests: DEPLOYMENT });
    expect(opened.status).toBe(200);
    expect(opened.body.cluster).toBe("gh-pr-42");
    expect(opened.body.status).toBe("succeeded");
    expect(await clusterNames()).toContain("gh-pr-42");
    const closed = await send("closed", "d-close");
    expect(closed.status).toBe(200);
    expect(closed.body.status).toBe("closed");
    expect(await clusterNames()).not.toContain("gh-pr-42");

    const text = JSON.stringify({ zen: "Keep it logically awesome." });
    const ping = await call(undefined, "POST", `/v1/hooks/${hook.id}`, text, {
      "Content-Type": "application/json",
      "X-GitHub-Event": "ping",
      "X-GitHub-Delivery": "d-ping",
      "X-Hub-Signature-256": await signGithub(hook.secret, text),
    });
    expect(ping.body.status).toBe("pong");
    const forged = await call(undefined, "POST", `/v1/hooks/${hook.id}`, text, {
      "Content-Type": "application/json",
      "X-GitHub-Event": "ping",
      "X-GitHub-Delivery": "d-forged",
      "X-Hub-Signature-256": `sha256=${"0".repeat(64)}`,
    });
    expect(forged.status).toBe(401);
  });

  it("GitLab's token style is checked in constant time and a wrong token refused", async () => {
    const hook = await register({ name: "gl", style: "gitlab", secret: "gitlab-shared-token-123" });
    const text = JSON.stringify({ object_kind: "merge_request", object_attributes: { iid: 7, action: "open" } });
    const ok = await call(undefined, "POST", `/v1/hooks/${hook.id}`, text, {
      "Content-Type": "application/json",
      "X-Gitlab-Event": "Merge Request Hook",
      "X-Gitlab-Event-UUID": "gl-1",
      "X-Gitlab-Token": "gitlab-shared-token-123",
    });
    expect(ok.status).toBe(200);
    expect(ok.body.cluster).toBe("gl-mr-7");
    const bad = await call(undefined, "POST", `/v1/hooks/${hook.id}`, text, {
      "Content-Type": "application/json",
      "X-Gitlab-Event": "Merge Request Hook",
      "X-Gitlab-Event-UUID": "gl-2",
      "X-Gitlab-Token": "gitlab-shared-token-124",
    });
    expect(bad.status).toBe(401);
  });
});

describe("registration", () => {
  it("needs the admin role, validates its input and never shows the secret again", async () => {
    const dev = await tenantJwt({ tenant: "ci-co", sub: "dan@ci.example", role: "developer" });
    expect((await call(dev, "POST", "/v1/webhooks", { name: "x", style: "generic" })).status).toBe(403);
    expect((await call(owner, "POST", "/v1/webhooks", { name: "x", style: "svn" })).status).toBe(400);
    expect((await call(owner, "POST", "/v1/webhooks", { name: "x", style: "generic", cluster: "nope" })).status).toBe(
      404,
    );
    expect((await call(owner, "POST", "/v1/webhooks", { name: "x", style: "generic", secret: "short" })).status).toBe(
      400,
    );
    const listed = await call(owner, "GET", "/v1/webhooks");
    expect(listed.status).toBe(200);
    expect(JSON.stringify(listed.body)).not.toContain("whsec_");
    const other = await tenantJwt({ tenant: "elsewhere", sub: "e@else.example", role: "owner" });
    const id = listed.body.items[0].id;
    expect((await call(other, "GET", `/v1/webhooks/${id}`)).status).toBe(404);
    expect((await call(other, "DELETE", `/v1/webhooks/${id}`)).status).toBe(404);
  });
});
