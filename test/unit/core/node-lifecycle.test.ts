import { describe, expect, it } from "vitest";
import type { KObject } from "../../../src/kube/object";
import { nodeHeartbeat } from "../../../src/reconcile/core/node-heartbeat";
import { nodeLifecycleController } from "../../../src/reconcile/core/node-lifecycle-controller";
import { podGarbageCollector } from "../../../src/reconcile/core/pod-gc";
import { taintEvictionController } from "../../../src/reconcile/core/taint-eviction-controller";
import { createTestCluster, type TestCluster } from "../harness/memory-cluster";
import { createPod } from "./fixtures";

const controllers = [nodeHeartbeat, nodeLifecycleController, taintEvictionController, podGarbageCollector];
type Cond = { type: string; status: string; reason?: string; message?: string; lastHeartbeatTime?: string };
const conditions = (o: KObject | undefined) => ((o?.status as { conditions?: Cond[] })?.conditions ?? []) as Cond[];
const ready = (o: KObject | undefined) => conditions(o).find((c) => c.type === "Ready");
const taints = (n: KObject | undefined) =>
  ((n?.spec as { taints?: { key: string; effect: string }[] })?.taints ?? []).map((t) => `${t.key}:${t.effect}`);
const renewTime = (c: TestCluster, node: string) =>
  Date.parse((c.get("leases.coordination.k8s.io", "kube-node-lease", node)!.spec as { renewTime: string }).renewTime);
const stopKubelet = (c: TestCluster, node: string, stopped = true) =>
  c.update("nodes", undefined, node, (n) => {
    n.metadata.annotations = { ...n.metadata.annotations };
    if (stopped) n.metadata.annotations["sim.edgeplane.dev/kubelet"] = "stopped";
    else delete n.metadata.annotations["sim.edgeplane.dev/kubelet"];
  });

describe("node heartbeats", () => {
  it("renew the Lease lazily when the node has work, and not at all when idle", async () => {
    const c = createTestCluster({ controllers });
    const before = renewTime(c, "test-worker");
    await c.advance(60 * 60_000);
    expect(renewTime(c, "test-worker")).toBe(before);
    expect(c.engine.pending()).toBe(0);
    createPod(c, "p", { node: "test-worker", ip: "10.244.1.2" });
    await c.settle();
    expect(renewTime(c, "test-worker")).toBe(c.now());
    expect(ready(c.get("nodes", undefined, "test-worker"))?.lastHeartbeatTime).toBe(
      new Date(c.now()).toISOString().replace(".000", ""),
    );
    expect(c.engine.pending()).toBe(0);
  });
});

describe("node lifecycle", () => {
  it("marks a stopped node Unknown after the grace period, taints it, evicts pods after 300 s and recovers", async () => {
    const c = createTestCluster({ controllers });
    await c.advance(3600_000); // an old Lease must not count against the node
    createPod(c, "web", { node: "test-worker", ip: "10.244.1.2" });
    createPod(c, "forever", {
      node: "test-worker",
      ip: "10.244.1.3",
      tolerations: [{ key: "node.kubernetes.io/unreachable", operator: "Exists", effect: "NoExecute" }],
    });
    await c.settle();
    stopKubelet(c, "test-worker");
    await c.advance(49_000);
    expect(ready(c.get("nodes", undefined, "test-worker"))?.status).toBe("True");

    await c.advance(1_000);
    const node = c.get("nodes", undefined, "test-worker");
    expect(ready(node)).toMatchObject({
      status: "Unknown",
      reason: "NodeStatusUnknown",
      message: "Kubelet stopped posting node status.",
    });
    expect(conditions(node).every((x) => x.status === "Unknown")).toBe(true);
    expect(taints(node).sort()).toEqual([
      "node.kubernetes.io/unreachable:NoExecute",
      "node.kubernetes.io/unreachable:NoSchedule",
    ]);
    expect(c.events("default", "test-worker").map((e) => [e.reason, e.message])).toContainEqual([
      "NodeNotReady",
      "Node test-worker status is now: NodeNotReady",
    ]);
    expect(ready(c.get("pods", "default", "web"))?.status).toBe("False");
    expect(c.events("default", "web").map((e) => [e.type, e.reason, e.message])).toContainEqual([
      "Warning",
      "NodeNotReady",
      "Node is not ready",
    ]);

    // The default 300 s toleration (DefaultTolerationSeconds admission) runs out.
    await c.advance(299_000);
    expect(c.get("pods", "default", "web")?.metadata.deletionTimestamp).toBeUndefined();
    await c.advance(1_000);
    const web = c.get("pods", "default", "web");
    expect(web?.metadata.deletionTimestamp).toBeDefined();
    expect(conditions(web).find((x) => x.type === "DisruptionTarget")).toMatchObject({
      status: "True",
      reason: "DeletionByTaintManager",
    });
    const ev = c.events("default", "web").find((e) => e.reason === "TaintManagerEviction");
    expect(ev?.message).toBe("Marking for deletion Pod default/web");
    expect((ev!.source as { component: string }).component).toBe("taint-eviction-controller");
    expect(c.get("pods", "default", "forever")?.metadata.deletionTimestamp).toBeUndefined();

    stopKubelet(c, "test-worker", false);
    await c.settle();
    const back = c.get("nodes", undefined, "test-worker");
    expect(ready(back)).toMatchObject({ status: "True", reason: "KubeletReady" });
    expect(taints(back)).toEqual([]);
    expect(renewTime(c, "test-worker")).toBe(c.now());
    expect(c.events("default", "test-worker").map((e) => e.reason)).toContain("NodeReady");
  });

  it("evicts pods that do not tolerate a NoExecute taint a user adds, at once", async () => {
    const c = createTestCluster({ controllers });
    createPod(c, "plain", { node: "test-worker2", ip: "10.244.2.2" });
    createPod(c, "tolerant", {
      node: "test-worker2",
      ip: "10.244.2.3",
      tolerations: [{ key: "dedicated", operator: "Equal", value: "db", effect: "NoExecute", tolerationSeconds: 60 }],
    });
    await c.settle();
    c.update("nodes", undefined, "test-worker2", (n) => {
      (n.spec as { taints?: unknown[] }).taints = [{ key: "dedicated", value: "db", effect: "NoExecute" }];
    });
    await c.settle();
    expect(c.get("pods", "default", "plain")?.metadata.deletionTimestamp).toBeDefined();
    expect(c.get("pods", "default", "tolerant")?.metadata.deletionTimestamp).toBeUndefined();
    await c.advance(60_000);
    expect(c.get("pods", "default", "tolerant")?.metadata.deletionTimestamp).toBeDefined();
  });

  it("deletes pods of a deleted node after the quarantine", async () => {
    const c = createTestCluster({ controllers });
    createPod(c, "orphan", { node: "test-worker2", ip: "10.244.2.2" });
    await c.settle();
    c.delete("nodes", undefined, "test-worker2");
    await c.advance(39_000);
    expect(c.get("pods", "default", "orphan")).toBeDefined();
    await c.advance(1_000);
    expect(c.get("pods", "default", "orphan")).toBeUndefined();
  });
});
