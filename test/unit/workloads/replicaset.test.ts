import { describe, expect, it } from "vitest";
import type { KObject } from "../../../src/kube/object";
import { replicaSetController } from "../../../src/reconcile/workloads/replicaset";
import { deletesBefore, podsToDelete } from "../../../src/reconcile/workloads/replicaset-ranking";
import { createTestCluster } from "../harness/memory-cluster";
import { livePods, messages, nginxTemplate, setPodStatus, workloadCluster } from "./replicaset-fake-kubelet";

function replicaSet(name: string, replicas: number, extra: Record<string, unknown> = {}): KObject {
  return {
    apiVersion: "apps/v1",
    kind: "ReplicaSet",
    metadata: { name, namespace: "default" },
    spec: { replicas, selector: { matchLabels: { app: "nginx" } }, template: nginxTemplate(), ...extra },
  };
}

const status = (o: KObject | undefined) => (o?.status ?? {}) as Record<string, unknown>;

describe("ReplicaSet controller", { timeout: 30_000 }, () => {
  it("creates the pods with generated names, template labels, a controllerRef and events", async () => {
    const c = workloadCluster();
    const rs = c.create(replicaSet("frontend", 3));
    await c.settle();
    const pods = livePods(c);
    expect(pods).toHaveLength(3);
    for (const p of pods) {
      expect(p.metadata.name).toMatch(/^frontend-[bcdfghjklmnpqrstvwxz2456789]{5}$/);
      expect(p.metadata.labels).toEqual({ app: "nginx" });
      expect(p.metadata.ownerReferences).toEqual([
        {
          apiVersion: "apps/v1",
          kind: "ReplicaSet",
          name: "frontend",
          uid: rs.metadata.uid,
          controller: true,
          blockOwnerDeletion: true,
        },
      ]);
    }
    const created = messages(c, "frontend").filter((m) => m.startsWith("SuccessfulCreate"));
    expect(created.sort()).toEqual(pods.map((p) => `SuccessfulCreate: Created pod: ${p.metadata.name}`).sort());
    expect(c.events("default", "frontend")[0].source).toEqual({ component: "replicaset-controller" });
    expect(status(c.get("replicasets.apps", "default", "frontend"))).toEqual({
      replicas: 3,
      fullyLabeledReplicas: 3,
      observedGeneration: 1,
    });

    await c.advance(3000);
    expect(status(c.get("replicasets.apps", "default", "frontend"))).toEqual({
      replicas: 3,
      fullyLabeledReplicas: 3,
      readyReplicas: 3,
      availableReplicas: 3,
      observedGeneration: 1,
    });
  });

  it("replaces a deleted pod and a failed pod", async () => {
    const c = workloadCluster();
    c.create(replicaSet("frontend", 2));
    await c.advance(3000);
    const [victim, other] = livePods(c);
    c.delete("pods", "default", String(victim.metadata.name));
    await c.settle();
    let names = livePods(c).map((p) => p.metadata.name);
    expect(names).toHaveLength(2);
    expect(names).not.toContain(victim.metadata.name);
    expect(status(c.get("replicasets.apps", "default", "frontend")).readyReplicas).toBe(1);

    setPodStatus(c, String(other.metadata.name), (st) => {
      st.phase = "Failed";
    });
    await c.advance(3000);
    names = livePods(c)
      .filter((p) => (p.status as { phase: string }).phase === "Running")
      .map((p) => p.metadata.name);
    expect(names).toHaveLength(2);
    expect(names).not.toContain(other.metadata.name);
    expect(status(c.get("replicasets.apps", "default", "frontend"))).toMatchObject({ replicas: 2, readyReplicas: 2 });
  });

  it("scales down the cheapest pods first (pod-deletion-cost), then not-ready before ready", async () => {
    const c = workloadCluster();
    c.create(replicaSet("frontend", 4));
    await c.advance(3000);
    const pods = livePods(c);
    const keep = pods.map((p) => String(p.metadata.name));
    // Cost: pod 0 cheapest, pod 3 dearest.
    keep.forEach((name, i) => {
      c.update("pods", "default", name, (p) => {
        p.metadata.annotations = { "controller.kubernetes.io/pod-deletion-cost": String(i * 10) };
      });
    });
    c.update("replicasets.apps", "default", "frontend", (rs) => {
      (rs.spec as { replicas: number }).replicas = 2;
    });
    await c.settle();
    expect(
      livePods(c)
        .map((p) => p.metadata.name)
        .sort(),
    ).toEqual([keep[2], keep[3]].sort());
    expect(messages(c, "frontend")).toEqual(
      expect.arrayContaining([
        `SuccessfulDelete: Deleted pod: ${keep[0]}`,
        `SuccessfulDelete: Deleted pod: ${keep[1]}`,
      ]),
    );

    // A not-ready pod goes before a ready one even with a higher deletion cost.
    setPodStatus(c, keep[3], (st) => {
      for (const cond of st.conditions as { type: string; status: string }[]) {
        if (cond.type === "Ready") cond.status = "False";
      }
    });
    c.update("replicasets.apps", "default", "frontend", (rs) => {
      (rs.spec as { replicas: number }).replicas = 1;
    });
    await c.settle();
    expect(livePods(c).map((p) => p.metadata.name)).toEqual([keep[2]]);
  });

  it("ranks like ActivePodsWithRanks", () => {
    const now = Date.parse("2026-01-01T01:00:00Z");
    const pod = (
      name: string,
      o: { node?: string; phase?: string; ready?: string; created?: string; restarts?: number },
    ) =>
      ({
        metadata: { name, uid: name, creationTimestamp: o.created ?? "2026-01-01T00:00:00Z" },
        spec: { nodeName: o.node },
        status: {
          phase: o.phase ?? "Running",
          conditions: o.ready ? [{ type: "Ready", status: "True", lastTransitionTime: o.ready }] : [],
          containerStatuses: [{ restartCount: o.restarts ?? 0 }],
        },
      }) as unknown as KObject;
    const unassigned = pod("unassigned", { phase: "Pending" });
    const pending = pod("pending", { node: "n1", phase: "Pending" });
    const notReady = pod("not-ready", { node: "n1" });
    const readyLong = pod("ready-long", { node: "n2", ready: "2026-01-01T00:01:00Z" });
    const readyRecent = pod("ready-recent", { node: "n2", ready: "2026-01-01T00:59:00Z" });
    const crashy = pod("crashy", { node: "n2", ready: "2026-01-01T00:01:00Z", restarts: 5 });
    expect(deletesBefore(unassigned, 0, pending, 0, now)).toBe(true);
    expect(deletesBefore(pending, 0, notReady, 0, now)).toBe(true);
    expect(deletesBefore(notReady, 0, readyLong, 0, now)).toBe(true);
    expect(deletesBefore(readyRecent, 0, readyLong, 0, now)).toBe(true);
    expect(deletesBefore(crashy, 0, readyLong, 0, now)).toBe(true);
    // Doubled-up pods (more related pods on the node) go first among equals.
    expect(deletesBefore(readyLong, 3, crashy, 1, now)).toBe(true);
    const order = podsToDelete([readyLong, crashy, readyRecent, notReady, pending, unassigned], [], 6, now);
    expect(order).toHaveLength(6);
    expect(
      podsToDelete([readyLong, crashy, readyRecent, notReady, pending, unassigned], [], 4, now).map(
        (p) => p.metadata.name,
      ),
    ).toEqual(["unassigned", "pending", "not-ready", "ready-recent"]);
  });

  it("adopts matching orphans and releases pods whose labels no longer match", async () => {
    const c = workloadCluster();
    c.create({
      apiVersion: "v1",
      kind: "Pod",
      metadata: { name: "stray", namespace: "default", labels: { app: "nginx" } },
      spec: { containers: [{ name: "nginx", image: "nginx:1.20" }] },
    });
    await c.advance(3000);
    const rs = c.create(replicaSet("frontend", 2));
    await c.settle();
    const stray = c.get("pods", "default", "stray")!;
    expect(stray.metadata.ownerReferences?.[0]).toMatchObject({
      kind: "ReplicaSet",
      uid: rs.metadata.uid,
      controller: true,
    });
    expect(livePods(c)).toHaveLength(2);

    // Quarantine: relabel one pod, the ReplicaSet lets it go and makes a new one.
    c.update("pods", "default", "stray", (p) => {
      p.metadata.labels = { app: "debug" };
    });
    await c.settle();
    expect(c.get("pods", "default", "stray")!.metadata.ownerReferences).toBeUndefined();
    expect(livePods(c, "default", ["app", "nginx"])).toHaveLength(2);
  });

  it("waits minReadySeconds before counting pods available, without polling", async () => {
    const c = workloadCluster(1000);
    c.create(replicaSet("frontend", 2, { minReadySeconds: 10 }));
    await c.advance(2000);
    expect(status(c.get("replicasets.apps", "default", "frontend"))).toMatchObject({ readyReplicas: 2 });
    expect(status(c.get("replicasets.apps", "default", "frontend")).availableReplicas).toBeUndefined();
    await c.advance(10_000);
    expect(status(c.get("replicasets.apps", "default", "frontend")).availableReplicas).toBe(2);
    expect(c.engine.pending()).toBe(0);
  });

  it("reports quota failures as FailedCreate events and a ReplicaFailure condition", async () => {
    const c = createTestCluster({ controllers: [replicaSetController] });
    c.create({
      apiVersion: "v1",
      kind: "ResourceQuota",
      metadata: { name: "pods", namespace: "default" },
      spec: { hard: { pods: "1" } },
    });
    c.create(replicaSet("frontend", 2));
    await c.advance(100);
    expect(c.list("pods", "default")).toHaveLength(1);
    const failed = c.events("default", "frontend").find((e) => e.reason === "FailedCreate");
    expect(failed?.type).toBe("Warning");
    expect(String(failed?.message)).toMatch(
      /^Error creating: pods "frontend-[a-z0-9]{5}" is forbidden: exceeded quota: pods, requested: pods=1, used: pods=1, limited: pods=1$/,
    );
    const cond = (status(c.get("replicasets.apps", "default", "frontend")).conditions as Record<string, string>[])[0];
    expect(cond).toMatchObject({ type: "ReplicaFailure", status: "True", reason: "FailedCreate" });
    expect(cond.message).toMatch(/^pods "frontend-[a-z0-9]{5}" is forbidden: exceeded quota: pods/);
  });
});
