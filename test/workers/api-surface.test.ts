/** The API surface kubectl and client libraries rely on: discovery, OpenAPI, Tables, subresources, options. */

import { SELF } from "cloudflare:test";
import { describe, expect, it } from "vitest";
import { BASE, configMap, kube, TOKEN } from "./helpers";

const CM = "/api/v1/namespaces/default/configmaps";
const DEPLOY = "/apis/apps/v1/namespaces/default/deployments";
const TABLE = { Accept: "application/json;as=Table;v=v1;g=meta.k8s.io,application/json" };

const deployment = (name: string, extra: Record<string, unknown> = {}) => ({
  apiVersion: "apps/v1",
  kind: "Deployment",
  metadata: { name },
  spec: {
    replicas: 2,
    selector: { matchLabels: { app: name } },
    template: { metadata: { labels: { app: name } }, spec: { containers: [{ name: "web", image: "nginx:1.27" }] } },
    ...extra,
  },
});

describe("discovery", () => {
  it("answers aggregated discovery when asked, legacy otherwise", async () => {
    const accept = "application/json;g=apidiscovery.k8s.io;v=v2;as=APIGroupDiscoveryList,application/json";
    const agg = await kube("GET", "/apis", undefined, { Accept: accept });
    expect(agg.headers.get("content-type")).toBe(
      "application/json;g=apidiscovery.k8s.io;v=v2;as=APIGroupDiscoveryList",
    );
    expect(agg.body.kind).toBe("APIGroupDiscoveryList");
    const apps = agg.body.items.find((g: any) => g.metadata.name === "apps");
    const deployments = apps.versions[0].resources.find((r: any) => r.resource === "deployments");
    expect(deployments).toMatchObject({ scope: "Namespaced", singularResource: "deployment", shortNames: ["deploy"] });
    expect(deployments.subresources.map((s: any) => s.subresource).sort()).toEqual(["scale", "status"]);
    const legacy = await kube("GET", "/apis");
    expect(legacy.body.kind).toBe("APIGroupList");
    const core = await kube("GET", "/api/v1");
    const pods = core.body.resources.find((r: any) => r.name === "pods");
    expect(pods).toMatchObject({ namespaced: true, kind: "Pod", shortNames: ["po"], categories: ["all"] });
    expect(pods.verbs).toEqual(expect.arrayContaining(["create", "delete", "get", "list", "patch", "update", "watch"]));
    expect((await kube("GET", "/apis/nothing.example.com/v1")).status).toBe(404);
  });

  it("serves OpenAPI v3 with paths under the cluster prefix and fieldValidation on writes", async () => {
    const index = await kube("GET", "/openapi/v3");
    const url = index.body.paths["apis/apps/v1"].serverRelativeURL as string;
    expect(url).toMatch(/^\/clusters\/demo\/openapi\/v3\/apis\/apps\/v1\?hash=/);
    const doc = await kube("GET", url.replace("/clusters/demo", ""));
    expect(doc.status).toBe(200);
    const dep = doc.body.components.schemas["io.k8s.api.apps.v1.Deployment"];
    expect(dep["x-kubernetes-group-version-kind"]).toEqual([{ group: "apps", version: "v1", kind: "Deployment" }]);
    const patch = doc.body.paths["/apis/apps/v1/namespaces/{namespace}/deployments/{name}"].patch;
    expect(patch.parameters.map((p: any) => p.name ?? p.$ref)).toEqual(
      expect.arrayContaining([expect.stringMatching(/fieldValidation/)]),
    );
    const v2 = await kube("GET", "/openapi/v2", undefined, { Accept: "application/json" });
    expect(v2.body.swagger).toBe("2.0");
  });
});

describe("tables", () => {
  it("renders lists and single objects as server-side Tables", async () => {
    const list = await kube("GET", "/api/v1/nodes", undefined, TABLE);
    expect(list.body.kind).toBe("Table");
    expect(list.body.columnDefinitions.map((c: any) => c.name)).toEqual([
      "Name",
      "Status",
      "Roles",
      "Age",
      "Version",
      "Internal-IP",
      "External-IP",
      "OS-Image",
      "Kernel-Version",
      "Container-Runtime",
    ]);
    const cp = list.body.rows.find((r: any) => r.cells[0] === "demo-control-plane");
    expect(cp.cells.slice(0, 3)).toEqual(["demo-control-plane", "Ready", "control-plane"]);
    expect(cp.object.kind).toBe("PartialObjectMetadata");
    const one = await kube("GET", "/api/v1/namespaces/kube-system/services/kube-dns", undefined, TABLE);
    expect(one.body.rows[0].cells.slice(0, 5)).toEqual([
      "kube-dns",
      "ClusterIP",
      "10.96.0.10",
      "<none>",
      "53/UDP,53/TCP,9153/TCP",
    ]);
  });

  it("returns PartialObjectMetadata when asked", async () => {
    const res = await kube("GET", "/api/v1/namespaces", undefined, {
      Accept: "application/json;as=PartialObjectMetadataList;v=v1;g=meta.k8s.io",
    });
    expect(res.body.kind).toBe("PartialObjectMetadataList");
    expect(res.body.items[0].metadata.name).toBeTruthy();
    expect(res.body.items[0].spec).toBeUndefined();
  });
});

describe("field validation", () => {
  const withUnknown = { ...configMap("fv"), bogus: 1 };
  it("rejects unknown fields with Strict", async () => {
    const res = await kube("POST", `${CM}?fieldValidation=Strict`, withUnknown);
    expect(res.status).toBe(400);
    expect(res.body.message).toBe(
      'ConfigMap in version "v1" cannot be handled as a ConfigMap: strict decoding error: unknown field "bogus"',
    );
  });
  it("warns with Warn (the default) and drops the field", async () => {
    const res = await kube("POST", CM, withUnknown);
    expect(res.status).toBe(201);
    expect(res.headers.get("warning")).toBe('299 - "unknown field \\"bogus\\""');
    expect(res.body.bogus).toBeUndefined();
  });
  it("drops silently with Ignore", async () => {
    const res = await kube("POST", `${CM}?fieldValidation=Ignore`, { ...configMap("fv2"), bogus: 1 });
    expect(res.status).toBe(201);
    expect(res.headers.get("warning")).toBeNull();
  });
});

describe("dryRun=All on every mutating verb", () => {
  it("validates and answers without writing", async () => {
    const cm = (await kube("POST", CM, configMap("dry-all"))).body;
    const rv = cm.metadata.resourceVersion;
    const put = await kube("PUT", `${CM}/dry-all?dryRun=All`, { ...cm, data: { k: "put" } });
    expect(put.status).toBe(200);
    expect(put.body.data.k).toBe("put");
    const patch = await kube(
      "PATCH",
      `${CM}/dry-all?dryRun=All`,
      { data: { k: "patch" } },
      {
        "Content-Type": "application/merge-patch+json",
      },
    );
    expect(patch.body.data.k).toBe("patch");
    const del = await kube("DELETE", `${CM}/dry-all?dryRun=All`);
    expect(del.status).toBe(200);
    const after = await kube("GET", `${CM}/dry-all`);
    expect(after.body.data.k).toBe("v");
    expect(after.body.metadata.resourceVersion).toBe(rv);
    const bad = await kube("POST", `${CM}?dryRun=Some`, configMap("x"));
    expect(bad.status).toBe(422);
  });
});

describe("subresources and generation", () => {
  it("scales through the scale subresource", async () => {
    await kube("POST", DEPLOY, deployment("scaled"));
    const scale = await kube("GET", `${DEPLOY}/scaled/scale`);
    expect(scale.body).toMatchObject({ kind: "Scale", apiVersion: "autoscaling/v1", spec: { replicas: 2 } });
    expect(scale.body.status.selector).toBe("app=scaled");
    const patched = await kube(
      "PATCH",
      `${DEPLOY}/scaled/scale`,
      { spec: { replicas: 5 } },
      {
        "Content-Type": "application/merge-patch+json",
      },
    );
    expect(patched.body.spec.replicas).toBe(5);
    const dep = await kube("GET", `${DEPLOY}/scaled`);
    expect(dep.body.spec.replicas).toBe(5);
    expect(dep.body.metadata.generation).toBe(2);
  });

  it("ignores status on the main resource and spec on /status", async () => {
    const created = (await kube("POST", DEPLOY, deployment("stat"))).body;
    expect(created.status).toEqual({});
    // The deployment controller writes too: replace unconditionally (no resourceVersion).
    const unconditional = (o: any) => ({ ...o, metadata: { ...o.metadata, resourceVersion: undefined } });
    const main = await kube("PUT", `${DEPLOY}/stat`, { ...unconditional(created), status: { replicas: 9 } });
    expect(main.status).toBe(200);
    expect(main.body.status.replicas).not.toBe(9);
    const viaStatus = await kube("PUT", `${DEPLOY}/stat/status`, {
      ...unconditional(main.body),
      spec: { ...main.body.spec, replicas: 7 },
      status: { replicas: 1 },
    });
    expect(viaStatus.body.status.replicas).toBe(1);
    expect(viaStatus.body.spec.replicas).toBe(2);
    expect(viaStatus.body.metadata.generation).toBe(1);
  });

  it("keeps the selector immutable", async () => {
    const created = (await kube("POST", DEPLOY, deployment("immut"))).body;
    const res = await kube("PUT", `${DEPLOY}/immut`, {
      ...created,
      metadata: { ...created.metadata, resourceVersion: undefined },
      spec: {
        ...created.spec,
        selector: { matchLabels: { app: "other" } },
        template: { ...created.spec.template, metadata: { labels: { app: "other" } } },
      },
    });
    expect(res.status).toBe(422);
    expect(res.body.message).toContain("spec.selector");
    expect(res.body.message).toContain("field is immutable");
  });
});

describe("names and generateName", () => {
  it("generates a name from generateName", async () => {
    const res = await kube("POST", CM, { apiVersion: "v1", kind: "ConfigMap", metadata: { generateName: "gen-" } });
    expect(res.status).toBe(201);
    expect(res.body.metadata.name).toMatch(/^gen-[a-z0-9]{5}$/);
  });

  it("rejects a name that disagrees with the URL", async () => {
    const cm = (await kube("POST", CM, configMap("named"))).body;
    const res = await kube("PUT", `${CM}/named`, { ...cm, metadata: { ...cm.metadata, name: "other" } });
    expect(res.status).toBe(400);
    expect(res.body.message).toBe("the name of the object (other) does not match the name on the URL (named)");
  });

  it("answers an unknown resource with 404 and a wrong kind with 400", async () => {
    expect((await kube("GET", "/api/v1/namespaces/default/widgets")).status).toBe(404);
    const wrong = await kube("POST", CM, { apiVersion: "v1", kind: "Secret", metadata: { name: "x" } });
    expect(wrong.status).toBe(400);
  });
});

describe("pod subresources", () => {
  it("answers logs plainly, binds, evicts and issues tokens", async () => {
    const pod = {
      apiVersion: "v1",
      kind: "Pod",
      metadata: { name: "sub", labels: { app: "sub" } },
      // A scheduler that does not exist: the pod waits for the binding this test posts itself.
      spec: { schedulerName: "manual", containers: [{ name: "c", image: "nginx" }] },
    };
    await kube("POST", "/api/v1/namespaces/default/pods", pod);
    const unbound = await kube("GET", "/api/v1/namespaces/default/pods/sub/log");
    expect(unbound.status).toBe(200);
    expect(unbound.body).toBe("");
    const wrong = await kube("GET", "/api/v1/namespaces/default/pods/sub/log?container=nope");
    expect(wrong.status).toBe(400);
    expect(wrong.body.message).toBe("container nope is not valid for pod sub");
    const dns = (await kube("GET", "/api/v1/namespaces/kube-system/pods?labelSelector=k8s-app%3Dkube-dns")).body
      .items[0];
    const running = await SELF.fetch(`${BASE}/api/v1/namespaces/kube-system/pods/${dns.metadata.name}/log`, {
      headers: { Authorization: `Bearer ${TOKEN}` },
    });
    expect(running.status).toBe(200);
    expect(running.headers.get("content-type")).toContain("text/plain");
    expect(await running.text()).toContain("CoreDNS-");

    const bind = await kube("POST", "/api/v1/namespaces/default/pods/sub/binding", {
      apiVersion: "v1",
      kind: "Binding",
      metadata: { name: "sub" },
      target: { apiVersion: "v1", kind: "Node", name: "demo-worker" },
    });
    expect(bind.status).toBe(201);
    expect((await kube("GET", "/api/v1/namespaces/default/pods/sub")).body.spec.nodeName).toBe("demo-worker");
    const again = await kube("POST", "/api/v1/namespaces/default/pods/sub/binding", {
      apiVersion: "v1",
      kind: "Binding",
      metadata: { name: "sub" },
      target: { kind: "Node", name: "demo-worker2" },
    });
    expect(again.status).toBe(409);

    await kube("POST", "/apis/policy/v1/namespaces/default/poddisruptionbudgets", {
      apiVersion: "policy/v1",
      kind: "PodDisruptionBudget",
      metadata: { name: "sub" },
      spec: { minAvailable: 1, selector: { matchLabels: { app: "sub" } } },
    });
    const evict = await kube("POST", "/api/v1/namespaces/default/pods/sub/eviction", {
      apiVersion: "policy/v1",
      kind: "Eviction",
      metadata: { name: "sub" },
    });
    expect(evict.status).toBe(429);
    expect(evict.body.message).toBe("Cannot evict pod as it would violate the pod's disruption budget.");

    await kube("POST", "/api/v1/namespaces/default/serviceaccounts", {
      apiVersion: "v1",
      kind: "ServiceAccount",
      metadata: { name: "robot" },
    });
    const token = await kube("POST", "/api/v1/namespaces/default/serviceaccounts/robot/token", {
      apiVersion: "authentication.k8s.io/v1",
      kind: "TokenRequest",
      spec: { expirationSeconds: 3600 },
    });
    expect(token.status).toBe(201);
    const review = await kube("POST", "/apis/authentication.k8s.io/v1/tokenreviews", {
      apiVersion: "authentication.k8s.io/v1",
      kind: "TokenReview",
      spec: { token: token.body.status.token },
    });
    expect(review.body.status).toMatchObject({
      authenticated: true,
      user: { username: "system:serviceaccount:default:robot" },
    });
    const forged = await kube("POST", "/apis/authentication.k8s.io/v1/tokenreviews", {
      apiVersion: "authentication.k8s.io/v1",
      kind: "TokenReview",
      spec: { token: `${token.body.status.token.slice(0, -4)}AAAA` },
    });
    expect(forged.body.status.authenticated).toBeUndefined();
  });
});
