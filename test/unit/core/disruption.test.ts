import { describe, expect, it } from "vitest";
import { subresourceHandler } from "../../../src/apiserver/subresources";
import type { KObject } from "../../../src/kube/object";
import { disruptionController } from "../../../src/reconcile/core/disruption-controller";
import { createTestCluster, type TestCluster } from "../harness/memory-cluster";
import { createPod } from "./fixtures";

type PdbStatus = {
  currentHealthy: number;
  desiredHealthy: number;
  expectedPods: number;
  disruptionsAllowed: number;
  observedGeneration: number;
  disruptedPods?: Record<string, string>;
  conditions: { type: string; status: string; reason: string }[];
};
const statusOf = (c: TestCluster, name: string) =>
  c.get("poddisruptionbudgets.policy", "default", name)?.status as PdbStatus;

function createPdb(c: TestCluster, name: string, spec: Record<string, unknown>) {
  return c.create({
    apiVersion: "policy/v1",
    kind: "PodDisruptionBudget",
    metadata: { name, namespace: "default" },
    spec: { selector: { matchLabels: { app: "web" } }, ...spec },
  });
}

async function evict(c: TestCluster, pod: string): Promise<number> {
  const decl = c.registry.byResource("", "pods")!;
  const h = subresourceHandler(decl, "eviction")!;
  try {
    const res = await h.handle(
      {
        decl,
        namespace: "default",
        name: pod,
        method: "POST",
        query: new URLSearchParams(),
        body: async () => ({
          apiVersion: "policy/v1",
          kind: "Eviction",
          metadata: { name: pod, namespace: "default" },
        }),
        dryRun: false,
        fieldManager: "kubectl",
      },
      { store: c.store, now: () => c.now(), tokens: undefined as never },
    );
    return res.status;
  } catch (e) {
    return (e as { code: number }).code;
  }
}

function replicaSet(c: TestCluster, replicas: number): KObject {
  const labels = { app: "web" };
  return c.create({
    apiVersion: "apps/v1",
    kind: "ReplicaSet",
    metadata: { name: "web", namespace: "default" },
    spec: {
      replicas,
      selector: { matchLabels: labels },
      template: { metadata: { labels }, spec: { containers: [{ name: "nginx", image: "nginx" }] } },
    },
  });
}

describe("disruption controller", () => {
  it("computes minAvailable status and lets only allowed evictions through", async () => {
    const c = createTestCluster({ controllers: [disruptionController] });
    for (const [i, node] of ["test-worker", "test-worker2", "test-worker"].entries()) {
      createPod(c, `web-${i}`, { labels: { app: "web" }, node, ip: `10.244.1.${i + 2}` });
    }
    createPdb(c, "web", { minAvailable: 2 });
    await c.settle();
    expect(statusOf(c, "web")).toMatchObject({
      currentHealthy: 3,
      desiredHealthy: 2,
      expectedPods: 3,
      disruptionsAllowed: 1,
      observedGeneration: 1,
      conditions: [{ type: "DisruptionAllowed", status: "True", reason: "SufficientPods" }],
    });
    // Two quick evictions: the first spends the budget, the second is refused before the controller runs.
    expect(await evict(c, "web-0")).toBe(201);
    expect(statusOf(c, "web").disruptedPods).toHaveProperty("web-0");
    expect(statusOf(c, "web").disruptionsAllowed).toBe(0);
    expect(await evict(c, "web-1")).toBe(429);
    await c.settle();
    expect(statusOf(c, "web")).toMatchObject({
      currentHealthy: 2,
      disruptionsAllowed: 0,
      conditions: [{ status: "False", reason: "InsufficientPods" }],
    });
    expect(c.get("pods", "default", "web-1")?.metadata.deletionTimestamp).toBeUndefined();
  });

  it("counts expected pods from the controller's scale for maxUnavailable percentages", async () => {
    const c = createTestCluster({ controllers: [disruptionController] });
    const rs = replicaSet(c, 4);
    const owner = [{ apiVersion: "apps/v1", kind: "ReplicaSet", name: "web", uid: rs.metadata.uid!, controller: true }];
    for (let i = 0; i < 3; i++) {
      createPod(c, `web-${i}`, {
        labels: { app: "web" },
        node: "test-worker",
        ip: `10.244.1.${i + 2}`,
        ownerReferences: owner,
      });
    }
    createPdb(c, "web", { maxUnavailable: "50%" });
    await c.settle();
    expect(statusOf(c, "web")).toMatchObject({
      expectedPods: 4,
      desiredHealthy: 2,
      currentHealthy: 3,
      disruptionsAllowed: 1,
    });
  });
});
