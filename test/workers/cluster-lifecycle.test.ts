/**
 * The cluster lifecycle API end to end in workerd: create (node template, version, clock), get, kubeconfig,
 * identity inside the cluster (tenant roles → cluster RBAC, ServiceAccount tokens), audit and metrics history,
 * snapshot → fork → reset, TTL expiry by alarm, and delete (the Durable Object's storage is gone).
 */
import { env, runDurableObjectAlarm, runInDurableObject } from "cloudflare:test";
import { beforeAll, describe, expect, it } from "vitest";
import { parse } from "yaml";
import type { ClusterObject } from "../../src/durable/cluster-object";
import { call, stubOf, tenantJwt } from "./tenant-helpers";

let admin: string;
let viewer: string;
const CM = (c: string) => `/clusters/${c}/api/v1/namespaces/default/configmaps`;
const cm = (name: string) => ({ apiVersion: "v1", kind: "ConfigMap", metadata: { name }, data: { step: name } });

beforeAll(async () => {
  admin = await tenantJwt({ tenant: "school", sub: "ada@school.example", role: "admin" });
  viewer = await tenantJwt({ tenant: "school", sub: "vera@school.example", role: "viewer" });
});

describe("creating clusters", () => {
  it("honours the node template, the Kubernetes minor and the clock", async () => {
    const r = await call(admin, "POST", "/v1/clusters", {
      name: "custom",
      kubernetesVersion: "1.31",
      clock: "virtual",
      nodes: {
        count: 3,
        capacity: { cpu: "4", memory: "8Gi" },
        labels: { tier: "gpu" },
        taints: [{ key: "dedicated", value: "ml", effect: "NoSchedule" }],
      },
    });
    expect(r.status).toBe(201);
    expect(r.body).toMatchObject({ name: "custom", kubernetesVersion: "1.31", clock: "virtual" });
    expect(r.body.server).toBe("https://edgeplane.test/clusters/custom");
    expect(r.body.status.nodes).toEqual({ total: 4, ready: 4 });
    expect(r.body.status.clock.mode).toBe("virtual");

    const version = await call(admin, "GET", "/clusters/custom/version");
    expect(version.body).toMatchObject({ major: "1", minor: "31" });
    const nodes = (await call(admin, "GET", "/clusters/custom/api/v1/nodes")).body.items;
    const worker = nodes.find((n: any) => n.metadata.name === "custom-worker3");
    expect(worker.metadata.labels.tier).toBe("gpu");
    expect(worker.spec.taints).toEqual([{ key: "dedicated", value: "ml", effect: "NoSchedule" }]);
    expect(worker.status.capacity).toMatchObject({ cpu: "4", memory: "8Gi" });
    expect(worker.status.nodeInfo.kubeletVersion).toMatch(/^v1\.31\./);
  });

  it("refuses bad specs with 422 field errors, and taken names with 409", async () => {
    const bad = await call(admin, "POST", "/v1/clusters", {
      name: "bad",
      nodes: { count: 99 },
      kubernetesVersion: "1.20",
    });
    expect(bad.status).toBe(422);
    expect(bad.body.reason).toBe("Invalid");
    expect(bad.body.message).toContain('Cluster.edgeplane.dev "bad" is invalid');
    expect(bad.body.message).toContain("spec.nodes.count: Invalid value: 99");
    expect(bad.body.message).toContain('Unsupported value: "1.20"');
    expect((await call(admin, "POST", "/v1/clusters", { name: "Not_A_Name" })).status).toBe(422);
    expect((await call(admin, "POST", "/v1/clusters", {})).status).toBe(422);
    const dup = await call(admin, "POST", "/v1/clusters", { name: "custom" });
    expect(dup.status).toBe(409);
    expect(dup.body.reason).toBe("AlreadyExists");
    expect((await call(admin, "GET", "/v1/clusters")).body.items.map((c: any) => c.name)).toEqual(["custom"]);
  });
});

describe("inside a cluster: tenant roles map to cluster RBAC", () => {
  beforeAll(async () => {
    expect((await call(admin, "POST", "/v1/clusters", { name: "class" })).status).toBe(201);
  });

  it("a kubeconfig carries a scoped token that acts as its downloader", async () => {
    const r = await call(viewer, "GET", "/v1/clusters/class/kubeconfig");
    expect(r.status).toBe(200);
    expect(r.headers.get("content-type")).toMatch(/yaml/);
    const kc = parse(r.text);
    expect(kc.clusters[0].cluster.server).toBe("https://edgeplane.test/clusters/class");
    const token: string = kc.users[0].user.token;
    expect(token).toMatch(/^ept_/);
    const who = await call(token, "POST", "/clusters/class/apis/authentication.k8s.io/v1/selfsubjectreviews", {
      apiVersion: "authentication.k8s.io/v1",
      kind: "SelfSubjectReview",
    });
    expect(who.body.status.userInfo.username).toBe("vera@school.example");
    expect(who.body.status.userInfo.groups).toEqual(
      expect.arrayContaining(["edgeplane:viewers", "system:authenticated"]),
    );
    // A viewer reads, but cannot write: kube's own Forbidden message.
    expect((await call(token, "GET", CM("class"))).status).toBe(200);
    const denied = await call(token, "POST", CM("class"), cm("nope"));
    expect(denied.status).toBe(403);
    expect(denied.body.message).toBe(
      'configmaps is forbidden: User "vera@school.example" cannot create resource "configmaps" in API group "" in the namespace "default"',
    );
    // The token reaches this cluster only.
    expect((await call(token, "GET", "/v1/clusters/custom")).status).toBe(404);
  });

  it("an admin is cluster-admin, until the tenant narrows the binding", async () => {
    expect((await call(admin, "POST", CM("class"), cm("first"))).status).toBe(201);
    const del = await call(
      admin,
      "DELETE",
      "/clusters/class/apis/rbac.authorization.k8s.io/v1/clusterrolebindings/edgeplane:admins",
    );
    expect(del.status).toBe(200);
    const after = await call(admin, "POST", CM("class"), cm("second"));
    expect(after.status).toBe(403);
    expect(after.body.message).toContain('User "ada@school.example" cannot create resource "configmaps"');
  });

  it("ServiceAccount tokens authenticate to their own cluster only", async () => {
    const custom = "/clusters/custom/api/v1/namespaces/default/serviceaccounts/default/token";
    const tr = await call(admin, "POST", custom, {
      apiVersion: "authentication.k8s.io/v1",
      kind: "TokenRequest",
      spec: {},
    });
    expect(tr.status).toBe(201);
    const sa: string = tr.body.status.token;
    const who = await call(sa, "POST", "/clusters/custom/apis/authentication.k8s.io/v1/selfsubjectreviews", {
      apiVersion: "authentication.k8s.io/v1",
      kind: "SelfSubjectReview",
    });
    expect(who.status).toBe(201);
    expect(who.body.status.userInfo.username).toBe("system:serviceaccount:default:default");
    const pods = await call(sa, "GET", "/clusters/custom/api/v1/namespaces/default/pods");
    expect(pods.status).toBe(403);
    expect(pods.body.message).toContain('User "system:serviceaccount:default:default" cannot list resource "pods"');
    // Another cluster (even of the same tenant), and the tenant API: unauthorized.
    expect((await call(sa, "GET", "/clusters/class/api/v1/namespaces/default/pods")).status).toBe(401);
    expect((await call(sa, "GET", "/v1/clusters")).status).toBe(401);
    // A tampered token reaches the cluster its claim names, which refuses it — and audits the refusal.
    const [h, p, sig] = sa.split(".");
    const forged = `${h}.${p}.${sig.slice(0, -4)}${sig.slice(-4) === "AAAA" ? "BBBB" : "AAAA"}`;
    const refused = await call(forged, "GET", "/clusters/custom/api/v1/namespaces/default/pods");
    expect(refused.status).toBe(401);
    expect(refused.body.message).toBe("Unauthorized");
    const audit = await call(admin, "GET", "/v1/clusters/custom/audit?user=system:anonymous");
    expect(audit.body.items).toEqual([
      expect.objectContaining({ verb: "get", responseStatus: expect.objectContaining({ code: 401 }) }),
    ]);
  });
});

describe("audit and metrics history", () => {
  it("records mutating and denied requests, filterable and paginated; reading needs admin", async () => {
    const owner = await tenantJwt({ tenant: "audited", sub: "olga@audited.example", role: "owner" });
    const dev = await tenantJwt({ tenant: "audited", sub: "dev@audited.example", role: "viewer" });
    expect((await call(owner, "POST", "/v1/clusters", { name: "a1" })).status).toBe(201);
    for (const n of ["one", "two", "three"]) expect((await call(owner, "POST", CM("a1"), cm(n))).status).toBe(201);
    const secret = { apiVersion: "v1", kind: "Secret", metadata: { name: "pw" }, stringData: { password: "hunter2" } };
    expect((await call(owner, "POST", "/clusters/a1/api/v1/namespaces/default/secrets", secret)).status).toBe(201);
    expect((await call(dev, "DELETE", `${CM("a1")}/one`)).status).toBe(403);
    expect((await call(owner, "GET", CM("a1"))).status).toBe(200); // reads are not audited

    const all = await call(owner, "GET", "/v1/clusters/a1/audit");
    expect(all.status).toBe(200);
    expect(all.body).toMatchObject({ kind: "EventList", apiVersion: "audit.k8s.io/v1" });
    expect(JSON.stringify(all.body)).not.toContain("hunter2");
    const creates = await call(owner, "GET", "/v1/clusters/a1/audit?verb=create&resource=configmaps");
    expect(creates.body.items.map((e: any) => e.objectRef.name)).toEqual(["one", "two", "three"]);
    const e = creates.body.items[0];
    expect(e).toMatchObject({
      stage: "ResponseComplete",
      verb: "create",
      user: { username: "olga@audited.example" },
      objectRef: { resource: "configmaps", namespace: "default", apiVersion: "v1" },
      responseStatus: { code: 201 },
    });
    expect(e.requestReceivedTimestamp).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{6}Z$/);
    const denied = await call(owner, "GET", "/v1/clusters/a1/audit?user=dev@audited.example");
    expect(denied.body.items).toHaveLength(1);
    expect(denied.body.items[0]).toMatchObject({ verb: "delete", responseStatus: { code: 403 } });
    expect(denied.body.items[0].annotations["authorization.k8s.io/decision"]).toBe("forbid");

    const page1 = await call(owner, "GET", "/v1/clusters/a1/audit?verb=create&limit=2");
    expect(page1.body.items).toHaveLength(2);
    const page2 = await call(
      owner,
      "GET",
      `/v1/clusters/a1/audit?verb=create&limit=2&continue=${encodeURIComponent(page1.body.metadata.continue)}`,
    );
    expect(page2.body.items.length).toBeGreaterThanOrEqual(2);
    expect((await call(owner, "GET", "/v1/clusters/a1/audit?since=yesterday")).status).toBe(400);
    expect((await call(dev, "GET", "/v1/clusters/a1/audit")).status).toBe(403);
  });

  it("samples cluster metrics while the cluster is in use", async () => {
    const owner = await tenantJwt({ tenant: "audited", sub: "olga@audited.example", role: "owner" });
    // The first request of a cluster's life takes a sample (then at most one a minute).
    const r = await call(owner, "GET", "/v1/clusters/a1/metrics?series=cluster_objects&step=60s");
    expect(r.status).toBe(200);
    expect(r.body.series).toBe("cluster_objects");
    expect(r.body.data[0].points[0][1]).toBeGreaterThan(50);
    const nodes = await call(owner, "GET", "/v1/clusters/a1/metrics?series=node_cpu_usage_millicores");
    expect(nodes.body.data.map((d: any) => d.labels)).toEqual(
      expect.arrayContaining(["node=a1-control-plane", "node=a1-worker", "node=a1-worker2"]),
    );
    const list = await call(owner, "GET", "/v1/clusters/a1/metrics");
    expect(list.body.series).toContain("cluster_pods");
    expect((await call(owner, "GET", "/v1/clusters/a1/metrics?series=nope")).status).toBe(400);
    expect((await call(owner, "GET", "/v1/clusters/a1/metrics?series=cluster_objects&step=1ms")).status).toBe(400);
  });
});

describe("snapshots: fork and reset", () => {
  it("a tutorial step is snapshotted once, forked by learners, and reset", async () => {
    const author = await tenantJwt({ tenant: "tutor", sub: "tom@tutor.example", role: "owner" });
    expect((await call(author, "POST", "/v1/clusters", { name: "step1", clock: "virtual" })).status).toBe(201);
    expect((await call(author, "POST", CM("step1"), cm("lesson"))).status).toBe(201);
    const snap = await call(author, "POST", "/v1/clusters/step1/snapshots", { name: "lesson-1" });
    expect(snap.status).toBe(201);
    expect(snap.body.objects).toBeGreaterThan(50);
    expect((await call(author, "POST", "/v1/clusters/step1/snapshots", { name: "lesson-1" })).status).toBe(409);

    for (const learner of ["learner-1", "learner-2"]) {
      const fork = await call(author, "POST", "/v1/clusters", { name: learner, fromSnapshot: "lesson-1" });
      expect(fork.status).toBe(201);
      expect(fork.body.sourceSnapshot).toBe(snap.body.id);
      const got = await call(author, "GET", `${CM(learner)}/lesson`);
      expect(got.body.data).toEqual({ step: "lesson" });
    }
    // Learners diverge independently.
    expect((await call(author, "POST", CM("learner-1"), cm("mine"))).status).toBe(201);
    expect((await call(author, "GET", `${CM("learner-2")}/mine`)).status).toBe(404);
    expect((await call(author, "DELETE", `${CM("learner-1")}/lesson`)).status).toBe(200);

    const reset = await call(author, "POST", "/v1/clusters/learner-1/reset", {});
    expect(reset.status).toBe(200);
    expect(reset.body.resetTo).toBe("lesson-1");
    expect((await call(author, "GET", `${CM("learner-1")}/mine`)).status).toBe(404);
    expect((await call(author, "GET", `${CM("learner-1")}/lesson`)).status).toBe(200);
    // The reset cluster keeps working.
    expect((await call(author, "POST", CM("learner-1"), cm("again"))).status).toBe(201);

    expect((await call(author, "POST", "/v1/clusters", { name: "x", fromSnapshot: "missing" })).status).toBe(404);
    // A snapshot of another Kubernetes minor cannot become a cluster's state.
    expect((await call(author, "POST", "/v1/clusters", { name: "old", kubernetesVersion: "1.30" })).status).toBe(201);
    const mismatch = await call(author, "POST", "/v1/clusters/old/reset", { snapshot: "lesson-1" });
    expect(mismatch.status).toBe(409);
    expect(mismatch.body.message).toBe('snapshot "lesson-1" is of Kubernetes 1.32; cluster "old" runs 1.30');
    expect((await call(author, "POST", "/v1/clusters/step1/reset", {})).status).toBe(409);
    const other = await tenantJwt({ tenant: "pirate", sub: "p@pirate.example", role: "owner" });
    expect((await call(other, "POST", "/v1/clusters", { name: "y", fromSnapshot: "lesson-1" })).status).toBe(404);
    expect((await call(author, "GET", "/v1/snapshots")).body.items.map((s: any) => s.name)).toEqual(["lesson-1"]);
  });
});

describe("deletion and TTL", () => {
  it("delete removes the directory entry and every row of the Durable Object", async () => {
    const owner = await tenantJwt({ tenant: "gone", sub: "g@gone.example", role: "owner" });
    expect((await call(owner, "POST", "/v1/clusters", { name: "doomed" })).status).toBe(201);
    const stub = await stubOf("gone", "doomed");
    const kc = parse((await call(owner, "GET", "/v1/clusters/doomed/kubeconfig")).text);
    const kcToken: string = kc.users[0].user.token;
    expect((await call(kcToken, "GET", "/clusters/doomed/api/v1/namespaces")).status).toBe(200);
    expect((await call(owner, "DELETE", "/v1/clusters/doomed")).status).toBe(200);
    // The kubeconfig's token died with its cluster: a new cluster of the same name is out of its reach.
    expect((await call(owner, "POST", "/v1/clusters", { name: "doomed" })).status).toBe(201);
    const stale = await call(kcToken, "GET", "/clusters/doomed/api/v1/namespaces");
    expect(stale.status).toBe(401);
    expect((await call(owner, "DELETE", "/v1/clusters/doomed")).status).toBe(200);
    expect((await call(owner, "GET", "/v1/clusters/doomed")).status).toBe(404);
    expect((await call(owner, "GET", "/clusters/doomed/api/v1/namespaces")).status).toBe(404);
    const tables = await runInDurableObject(stub, async (_o: ClusterObject, state) =>
      state.storage.sql
        .exec(
          "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE '\\_cf\\_%' ESCAPE '\\' AND name NOT LIKE 'sqlite_%'",
        )
        .toArray()
        .map((r) => r.name),
    );
    expect(tables).toEqual([]);
  });

  it("a sandbox deletes itself by alarm when its TTL runs out", async () => {
    const owner = await tenantJwt({ tenant: "gone", sub: "g@gone.example", role: "owner" });
    const r = await call(owner, "POST", "/v1/clusters", { name: "sandbox", ttl: "1h" });
    expect(r.status).toBe(201);
    expect(Date.parse(r.body.expiresAt) - Date.now()).toBeGreaterThan(3_500_000);
    const stub = await stubOf("gone", "sandbox");
    // Jump to the end of its life: the alarm is armed for expiry; move expiry into the past and fire it.
    await runInDurableObject(stub, async (_o: ClusterObject, state) => {
      state.storage.sql.exec("UPDATE meta SET value = ? WHERE key = 'setting:expires_at'", String(Date.now() - 1));
    });
    await runDurableObjectAlarm(stub);
    const row = await env.DB.prepare("SELECT * FROM clusters WHERE tenant_id = 'gone' AND name = 'sandbox'").first();
    expect(row).toBeNull();
    expect((await call(owner, "GET", "/v1/clusters/sandbox")).status).toBe(404);
  });
});
