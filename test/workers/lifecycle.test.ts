/**
 * Deletion semantics that need the controllers: graceful pod deletion, the garbage collector's three
 * propagation policies, and namespace deletion. Controllers run from the Durable Object's alarm; the tests
 * fire it with runDurableObjectAlarm instead of waiting.
 */
import { runDurableObjectAlarm } from "cloudflare:test";
import { describe, expect, it } from "vitest";
import { clusterStub, configMap, kube } from "./helpers";

const CM = "/api/v1/namespaces/default/configmaps";
const stub = () => clusterStub();

async function settle(rounds = 5): Promise<void> {
  for (let i = 0; i < rounds; i++) {
    const ran = await runDurableObjectAlarm(await stub());
    if (!ran) return;
  }
}

async function owned(name: string, owner: any, blockOwnerDeletion = false) {
  const ref = {
    apiVersion: "v1",
    kind: "ConfigMap",
    name: owner.metadata.name,
    uid: owner.metadata.uid,
    blockOwnerDeletion,
  };
  return (await kube("POST", CM, configMap(name, {}, { ownerReferences: [ref] }))).body;
}

describe("garbage collection", () => {
  it("deletes dependents in the background once their owner is gone", async () => {
    const owner = (await kube("POST", CM, configMap("owner-bg"))).body;
    await owned("dep-bg", owner);
    expect((await kube("DELETE", `${CM}/owner-bg`)).status).toBe(200);
    expect((await kube("GET", `${CM}/owner-bg`)).status).toBe(404);
    await settle();
    expect((await kube("GET", `${CM}/dep-bg`)).status).toBe(404);
  });

  it("orphans dependents with propagationPolicy=Orphan", async () => {
    const owner = (await kube("POST", CM, configMap("owner-or"))).body;
    await owned("dep-or", owner);
    const del = await kube("DELETE", `${CM}/owner-or`, { propagationPolicy: "Orphan" });
    expect(del.body.metadata.finalizers).toEqual(["orphan"]);
    expect(del.body.metadata.deletionTimestamp).toBeTruthy();
    await settle();
    expect((await kube("GET", `${CM}/owner-or`)).status).toBe(404);
    const dep = await kube("GET", `${CM}/dep-or`);
    expect(dep.status).toBe(200);
    expect(dep.body.metadata.ownerReferences).toBeUndefined();
  });

  it("deletes dependents first with propagationPolicy=Foreground", async () => {
    const owner = (await kube("POST", CM, configMap("owner-fg"))).body;
    await owned("dep-fg", owner, true);
    const del = await kube("DELETE", `${CM}/owner-fg`, { propagationPolicy: "Foreground" });
    expect(del.body.metadata.finalizers).toEqual(["foregroundDeletion"]);
    await settle();
    expect((await kube("GET", `${CM}/dep-fg`)).status).toBe(404);
    expect((await kube("GET", `${CM}/owner-fg`)).status).toBe(404);
  });

  it("keeps an object with a finalizer until the finalizer is removed", async () => {
    await kube("POST", CM, configMap("held", {}, { finalizers: ["example.com/hold"] }));
    const del = await kube("DELETE", `${CM}/held`);
    expect(del.status).toBe(200);
    expect(del.body.metadata.deletionTimestamp).toBeTruthy();
    expect((await kube("GET", `${CM}/held`)).status).toBe(200);
    await kube(
      "PATCH",
      `${CM}/held`,
      { metadata: { finalizers: null } },
      { "Content-Type": "application/merge-patch+json" },
    );
    expect((await kube("GET", `${CM}/held`)).status).toBe(404);
  });

  it("checks delete preconditions", async () => {
    const cm = (await kube("POST", CM, configMap("pre"))).body;
    const bad = await kube("DELETE", `${CM}/pre`, { preconditions: { uid: "00000000-0000-0000-0000-000000000000" } });
    expect(bad.status).toBe(409);
    expect(bad.body.message).toContain("Precondition failed: UID in precondition");
    const good = await kube("DELETE", `${CM}/pre`, { preconditions: { uid: cm.metadata.uid } });
    expect(good.status).toBe(200);
  });
});

describe("graceful pod deletion", () => {
  it("marks a running pod Terminating with its grace period, then removes it", async () => {
    // `sleep` as PID 1 ignores SIGTERM, so the kubelet kills it when the grace period ends.
    const pod = {
      apiVersion: "v1",
      kind: "Pod",
      metadata: { name: "sleeper", annotations: { "sim.edgeplane.dev/pull-delay": "0s" } },
      spec: {
        nodeName: "demo-worker",
        terminationGracePeriodSeconds: 2,
        containers: [{ name: "c", image: "busybox", command: ["sleep", "3600"] }],
      },
    };
    expect((await kube("POST", "/api/v1/namespaces/default/pods", pod)).status).toBe(201);
    // A pod still starting goes at once; wait until the kubelet has the container running.
    let phase = "";
    for (let i = 0; i < 50 && phase !== "Running"; i++) {
      await new Promise((r) => setTimeout(r, 100));
      await settle();
      phase = (await kube("GET", "/api/v1/namespaces/default/pods/sleeper")).body.status?.phase;
    }
    expect(phase).toBe("Running");
    const del = await kube("DELETE", "/api/v1/namespaces/default/pods/sleeper");
    expect(del.status).toBe(200);
    expect(del.body.metadata.deletionGracePeriodSeconds).toBe(2);
    const table = await kube("GET", "/api/v1/namespaces/default/pods/sleeper", undefined, {
      Accept: "application/json;as=Table;v=v1;g=meta.k8s.io",
    });
    expect(table.body.rows[0].cells[2]).toBe("Terminating");
    let status = 200;
    const started = Date.now();
    for (let i = 0; i < 60 && status === 200; i++) {
      await new Promise((r) => setTimeout(r, 100));
      await settle();
      status = (await kube("GET", "/api/v1/namespaces/default/pods/sleeper")).status;
    }
    expect(status).toBe(404);
    expect(Date.now() - started).toBeGreaterThanOrEqual(1000);
  });

  it("deletes an unscheduled pod at once", async () => {
    const pod = {
      apiVersion: "v1",
      kind: "Pod",
      metadata: { name: "pending" },
      spec: { containers: [{ name: "c", image: "nginx" }] },
    };
    expect((await kube("POST", "/api/v1/namespaces/default/pods", pod)).status).toBe(201);
    expect((await kube("DELETE", "/api/v1/namespaces/default/pods/pending")).status).toBe(200);
    expect((await kube("GET", "/api/v1/namespaces/default/pods/pending")).status).toBe(404);
  });
});

describe("namespace deletion", () => {
  it("goes Terminating, empties the namespace, then disappears", async () => {
    const ns = { apiVersion: "v1", kind: "Namespace", metadata: { name: "doomed" } };
    expect((await kube("POST", "/api/v1/namespaces", ns)).status).toBe(201);
    await kube("POST", "/api/v1/namespaces/doomed/configmaps", configMap("inside"));
    // A finalizer holds one object, and so the namespace, in Terminating until it is released.
    await kube(
      "POST",
      "/api/v1/namespaces/doomed/configmaps",
      configMap("held", {}, { finalizers: ["example.com/x"] }),
    );
    const del = await kube("DELETE", "/api/v1/namespaces/doomed");
    expect(del.status).toBe(200);
    expect(del.body.status.phase).toBe("Terminating");
    await settle();
    expect((await kube("GET", "/api/v1/namespaces/doomed")).body.status.phase).toBe("Terminating");
    const refused = await kube("POST", "/api/v1/namespaces/doomed/configmaps", configMap("late"));
    expect(refused.status).toBe(403);
    expect(refused.body.message).toContain("because it is being terminated");
    await kube(
      "PATCH",
      "/api/v1/namespaces/doomed/configmaps/held",
      { metadata: { finalizers: null } },
      {
        "Content-Type": "application/merge-patch+json",
      },
    );
    await new Promise((r) => setTimeout(r, 600));
    await settle();
    expect((await kube("GET", "/api/v1/namespaces/doomed/configmaps/inside")).status).toBe(404);
    expect((await kube("GET", "/api/v1/namespaces/doomed")).status).toBe(404);
  });

  it("refuses to create objects in a namespace that does not exist", async () => {
    const res = await kube("POST", "/api/v1/namespaces/nowhere/configmaps", configMap("x"));
    expect(res.status).toBe(404);
    expect(res.body.message).toBe('namespaces "nowhere" not found');
  });
});

describe("namespace defaults", () => {
  it("gives every new namespace a default ServiceAccount and the kube-root-ca.crt ConfigMap", async () => {
    await kube("POST", "/api/v1/namespaces", { apiVersion: "v1", kind: "Namespace", metadata: { name: "fresh" } });
    await settle();
    expect((await kube("GET", "/api/v1/namespaces/fresh/serviceaccounts/default")).status).toBe(200);
    const ca = await kube("GET", "/api/v1/namespaces/fresh/configmaps/kube-root-ca.crt");
    expect(ca.body.data["ca.crt"]).toContain("BEGIN CERTIFICATE");
    await kube("DELETE", "/api/v1/namespaces/fresh/serviceaccounts/default");
    await settle();
    expect((await kube("GET", "/api/v1/namespaces/fresh/serviceaccounts/default")).status).toBe(200);
  });

  it("refuses a pod whose ServiceAccount does not exist", async () => {
    const pod = {
      apiVersion: "v1",
      kind: "Pod",
      metadata: { name: "lost" },
      spec: { serviceAccountName: "ghost", containers: [{ name: "c", image: "nginx" }] },
    };
    const res = await kube("POST", "/api/v1/namespaces/default/pods", pod);
    expect(res.status).toBe(403);
    expect(res.body.message).toBe(
      'pods "lost" is forbidden: error looking up service account default/ghost: serviceaccount "ghost" not found',
    );
  });
});
