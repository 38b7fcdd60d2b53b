/**
 * Applying a webhook bundle through the cluster's real API handler on the in-memory whole-cluster harness:
 * what `kubectl apply --server-side --force-conflicts` would report, then the rollouts and their failures as
 * virtual time passes.
 */
import { describe, expect, it } from "vitest";
import { KubeApi } from "../../../src/apiserver/server";
import { ServiceAccountTokens } from "../../../src/apiserver/serviceaccount-tokens";
import {
  type ApplyDeps,
  applyBundle,
  failureEvents,
  rolloutOutcome,
  rolloutResults,
} from "../../../src/durable/apply-bundle";
import { prefixRange } from "../../../src/durable/store/kv-store";
import { type CustomResourceDefinition, crdIsEstablished, kindsFromCRD } from "../../../src/kube/crd/kind-from-crd";
import type { KObject } from "../../../src/kube/object";
import { parseBundle } from "../../../src/webhooks/bundle";
import { cronTabCRD } from "../crd/fixtures";
import { createTestCluster, type TestCluster } from "../harness/memory-cluster";

/** The cluster's API as the Durable Object serves it, as the webhook's user. */
function apiOf(c: TestCluster): ApplyDeps {
  const api = new KubeApi(c.kv, c.store, c.registry, c.now, new ServiceAccountTokens(c.kv));
  // As the Durable Object does: established CRDs become served kinds as soon as they are written.
  const crdPrefix = "apiextensions.k8s.io/customresourcedefinitions/";
  c.kv.subscribe((changes) => {
    if (!changes.some((ch) => ch.key.startsWith(crdPrefix))) return;
    const crds = c.kv
      .list(prefixRange(crdPrefix))
      .items.map((i) => i.object as unknown as CustomResourceDefinition)
      .filter(crdIsEstablished);
    c.registry.setCustomKinds(crds.flatMap((crd) => kindsFromCRD(crd)));
  });
  // The lead decides what the webhook may do; here it acts as a cluster admin.
  const user = { username: "webhook:ci", groups: ["system:masters", "system:authenticated"] };
  return {
    handle: (req) => api.handle(req, user, { prefix: "", bookmarkIntervalMs: 60_000 }),
    registry: c.registry,
  };
}

/** The course's Deployment (section 4.2). */
const nginxDeployment = (image = "nginx:1.14.2", extra = "") => `apiVersion: apps/v1
kind: Deployment
metadata:
  name: nginx-deployment
  labels:
    app: nginx
spec:
  replicas: 3${extra}
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
        image: ${image}
        ports:
        - containerPort: 80
`;

const service = `apiVersion: v1
kind: Service
metadata:
  name: nginx
spec:
  selector:
    app: nginx
  ports:
  - port: 80
    targetPort: 80
`;

/** Objects in a namespace the same bundle creates, the Namespace listed last. */
const shop = `apiVersion: v1
kind: ConfigMap
metadata:
  name: settings
  namespace: shop
data:
  color: blue
---
apiVersion: v1
kind: Namespace
metadata:
  name: shop
`;

const bundle = (...docs: string[]) => parseBundle(docs.join("---\n"));
const actions = (rs: { kind: string; name: string; namespace?: string; action: string }[]) =>
  rs.map((r) => `${r.action} ${r.kind}/${r.namespace ? `${r.namespace}/` : ""}${r.name}`);

describe("applyBundle", () => {
  it("creates, then finds unchanged, then configures, like kubectl apply --server-side", async () => {
    const c = createTestCluster();
    const deps = apiOf(c);
    const objects = bundle(nginxDeployment(), service, shop);

    const first = await applyBundle(deps, objects, { namespace: "default" });
    expect(actions(first)).toEqual([
      "created Deployment/default/nginx-deployment",
      "created Service/default/nginx",
      "created ConfigMap/shop/settings",
      "created Namespace/shop",
    ]);
    expect(first.every((r) => r.error === undefined && typeof r.uid === "string")).toBe(true);
    const d = c.get("deployments.apps", "default", "nginx-deployment") as KObject;
    expect(d.metadata.managedFields?.map((m) => [m.manager, m.operation])).toContainEqual([
      "edgeplane-webhook",
      "Apply",
    ]);
    expect((c.get("configmaps", "shop", "settings") as KObject).data).toEqual({ color: "blue" });

    const again = await applyBundle(deps, objects, { namespace: "default" });
    expect(again.map((r) => r.action)).toEqual(["unchanged", "unchanged", "unchanged", "unchanged"]);

    const scaled = bundle(nginxDeployment().replace("replicas: 3", "replicas: 5"), service, shop);
    const third = await applyBundle(deps, scaled, { namespace: "default" });
    expect(third.map((r) => r.action)).toEqual(["configured", "unchanged", "unchanged", "unchanged"]);
    expect((c.get("deployments.apps", "default", "nginx-deployment") as KObject).spec).toMatchObject({ replicas: 5 });
  });

  it("takes over fields another manager owns (--force-conflicts)", async () => {
    const c = createTestCluster();
    const deps = apiOf(c);
    await applyBundle(deps, bundle(nginxDeployment()), { namespace: "default", fieldManager: "someone-else" });
    const res = await applyBundle(deps, bundle(nginxDeployment().replace("replicas: 3", "replicas: 2")), {
      namespace: "default",
    });
    expect(res[0]).toMatchObject({ action: "configured" });
    expect(res[0].error).toBeUndefined();
  });

  it("reports unknown kinds and refused objects per object, applying the rest", async () => {
    const c = createTestCluster();
    const deps = apiOf(c);
    const objects = bundle(
      "apiVersion: example.com/v1\nkind: Widget\nmetadata:\n  name: w\n",
      "apiVersion: apps/v1beta1\nkind: Deployment\nmetadata:\n  name: old\n",
      "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: lost\n  namespace: nowhere\n",
      "apiVersion: v1\nkind: Service\nmetadata:\n  name: bad\nspec:\n  ports:\n  - port: 99999\n",
      service,
    );
    const res = await applyBundle(deps, objects, { namespace: "default" });
    expect(res.map((r) => r.action)).toEqual(["failed", "failed", "failed", "failed", "created"]);
    expect(res[0].error).toEqual({
      code: 404,
      reason: "NotFound",
      message: 'no matches for kind "Widget" in version "example.com/v1"',
    });
    expect(res[1].error?.message).toBe('no matches for kind "Deployment" in version "apps/v1beta1"');
    expect(res[2]).toMatchObject({ namespace: "nowhere", error: { code: 404, reason: "NotFound" } });
    expect(res[2].error?.message).toBe('namespaces "nowhere" not found');
    expect(res[3].error).toMatchObject({ code: 422, reason: "Invalid" });
    expect(res[3].error?.message).toContain("spec.ports[0].port: Invalid value: 99999");
  });

  it("applies a CRD and its resources from one bundle", async () => {
    const c = createTestCluster();
    const deps = apiOf(c);
    const cr =
      "apiVersion: stable.example.com/v1\nkind: CronTab\nmetadata:\n  name: nightly\nspec:\n  cronSpec: '* * * * */5'\n  image: my-cron\n";
    const objects = [...parseBundle(cr), cronTabCRD() as unknown as KObject];
    const res = await applyBundle(deps, objects, { namespace: "default" });
    expect(actions(res)).toEqual([
      "created CronTab/default/nightly",
      "created CustomResourceDefinition/crontabs.stable.example.com",
    ]);
  });
});

describe("rolloutResults and failureEvents", () => {
  it("waits for the course's Deployment, then reports kubectl's success message", async () => {
    const c = createTestCluster();
    const deps = apiOf(c);
    const applied = await applyBundle(deps, bundle(nginxDeployment(), service), { namespace: "default" });
    const before = await rolloutResults(deps, applied);
    expect(before).toHaveLength(1);
    expect(before[0]).toMatchObject({
      kind: "Deployment",
      namespace: "default",
      name: "nginx-deployment",
      done: false,
    });
    expect(rolloutOutcome(before)).toBe("waiting");

    await c.advance(30_000);
    const after = await rolloutResults(deps, applied);
    expect(after).toEqual([
      {
        kind: "Deployment",
        namespace: "default",
        name: "nginx-deployment",
        done: true,
        failed: false,
        message: 'deployment "nginx-deployment" successfully rolled out',
      },
    ]);
    expect(rolloutOutcome(after)).toBe("done");
    expect(await failureEvents(deps, applied)).toEqual([]);
  });

  it("explains a stuck rollout with its pods' Warning events, and fails at the progress deadline", async () => {
    const c = createTestCluster();
    const deps = apiOf(c);
    const started = c.now();
    const hungry = nginxDeployment("nginx:1.14.2", "\n  progressDeadlineSeconds: 30").replace(
      "        ports:",
      "        resources:\n          requests:\n            cpu: '100'\n        ports:",
    );
    const applied = await applyBundle(deps, bundle(hungry), { namespace: "default" });
    await c.advance(10_000);
    const waiting = await rolloutResults(deps, applied);
    expect(waiting[0].message).toBe(
      'Waiting for deployment "nginx-deployment" rollout to finish: 0 of 3 updated replicas are available...',
    );
    const events = await failureEvents(deps, applied, { since: started });
    expect(events.length).toBeGreaterThan(0);
    expect(new Set(events.map((e) => e.reason))).toEqual(new Set(["FailedScheduling"]));
    expect(events[0]).toMatchObject({ type: "Warning", namespace: "default" });
    expect(events[0].object).toMatch(/^Pod\/nginx-deployment-[a-z0-9]+-[a-z0-9]{5}$/);
    expect(events[0].message).toMatch(/^0\/3 nodes are available: .*2 Insufficient cpu/);

    await c.advance(30_000);
    const failed = await rolloutResults(deps, applied);
    expect(failed[0]).toMatchObject({
      done: false,
      failed: true,
      message: 'deployment "nginx-deployment" exceeded its progress deadline',
    });
    expect(rolloutOutcome(failed)).toBe("failed");
  });

  it("reports image pull failures of an applied Deployment's pods, and ignores other objects' events", async () => {
    const c = createTestCluster();
    const deps = apiOf(c);
    const other = await applyBundle(
      deps,
      bundle(nginxDeployment("nginx:does-not-exist").replaceAll("nginx-deployment", "unrelated")),
      { namespace: "default" },
    );
    const applied = await applyBundle(deps, bundle(nginxDeployment("nginx:does-not-exist")), {
      namespace: "default",
    });
    await c.advance(20_000);
    const events = await failureEvents(deps, applied);
    expect(events.length).toBeGreaterThan(0);
    expect(events.every((e) => e.object.startsWith("Pod/nginx-deployment-"))).toBe(true);
    expect(events.map((e) => e.reason)).toContain("Failed");
    expect(events.find((e) => e.reason === "Failed")?.message).toMatch(/^Failed to pull image "nginx:does-not-exist"/);
    expect((await failureEvents(deps, other)).every((e) => e.object.startsWith("Pod/unrelated-"))).toBe(true);
  });
});
