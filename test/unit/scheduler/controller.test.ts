import { describe, expect, it } from "vitest";
import type { KObject } from "../../../src/kube/object";
import { podTerminationController } from "../../../src/reconcile/pod-termination";
import { schedulerController } from "../../../src/scheduler/controller";
import { createTestCluster } from "../harness/memory-cluster";

function pod(name: string, spec: Record<string, unknown> = {}, labels?: Record<string, string>): KObject {
  return {
    apiVersion: "v1",
    kind: "Pod",
    metadata: { name, namespace: "default", ...(labels ? { labels } : {}) },
    spec: { containers: [{ name: "nginx", image: "nginx" }], ...spec },
  };
}

const cpu = (n: string) => ({ containers: [{ name: "nginx", image: "nginx", resources: { requests: { cpu: n } } }] });

function cluster(name = "demo") {
  return createTestCluster({ name, controllers: [schedulerController, podTerminationController] });
}

const nodeOf = (c: ReturnType<typeof cluster>, name: string) =>
  (c.get("pods", "default", name)?.spec as { nodeName?: string } | undefined)?.nodeName;

const scheduledCond = (c: ReturnType<typeof cluster>, name: string) =>
  (
    (c.get("pods", "default", name)?.status as { conditions?: Record<string, unknown>[] } | undefined)?.conditions ?? []
  ).find((x) => x.type === "PodScheduled");

describe("scheduler controller", () => {
  it("binds a pod to a worker, never the control plane, with the Scheduled event", async () => {
    const c = cluster();
    for (let i = 0; i < 6; i++) c.create(pod(`nginx-${i}`));
    await c.settle();
    for (let i = 0; i < 6; i++) {
      expect(nodeOf(c, `nginx-${i}`)).toMatch(/^demo-worker2?$/);
      expect(scheduledCond(c, `nginx-${i}`)).toMatchObject({ status: "True" });
    }
    const ev = c.events("default", "nginx-0").find((e) => e.reason === "Scheduled");
    expect(ev).toMatchObject({
      type: "Normal",
      message: `Successfully assigned default/nginx-0 to ${nodeOf(c, "nginx-0")}`,
      source: { component: "default-scheduler" },
    });
  });

  it("reports kube's exact FailedScheduling message for a pod larger than any worker", async () => {
    const c = cluster();
    c.create(pod("big", cpu("10")));
    await c.settle();
    const msg =
      "0/3 nodes are available: 1 node(s) had untolerated taint {node-role.kubernetes.io/control-plane: }, 2 Insufficient cpu. preemption: 0/3 nodes are available: 1 Preemption is not helpful for scheduling, 2 No preemption victims found for incoming pod..";
    expect(nodeOf(c, "big")).toBeUndefined();
    expect(scheduledCond(c, "big")).toMatchObject({ status: "False", reason: "Unschedulable", message: msg });
    const ev = c.events("default", "big").find((e) => e.reason === "FailedScheduling");
    expect(ev).toMatchObject({ type: "Warning", message: msg, source: { component: "default-scheduler" } });
    // No busy loop: nothing runs until the 5-minute flush.
    expect(c.engine.nextDue()! - c.now()).toBe(5 * 60_000);
  });
});

const TAINT = "1 node(s) had untolerated taint {node-role.kubernetes.io/control-plane: }";
const NO_VICTIMS_2 =
  "preemption: 0/3 nodes are available: 1 Preemption is not helpful for scheduling, 2 No preemption victims found for incoming pod..";
const NOT_HELPFUL_3 = "preemption: 0/3 nodes are available: 3 Preemption is not helpful for scheduling..";
const failedMessage = (c: ReturnType<typeof cluster>, name: string) =>
  c
    .events("default", name)
    .filter((e) => e.reason === "FailedScheduling")
    .at(-1)?.message;

describe("scheduler filters through the controller", () => {
  it("cordoned nodes take no new pods; uncordoning schedules the pending pod", async () => {
    const c = cluster();
    for (const n of ["demo-worker", "demo-worker2"])
      c.update("nodes", undefined, n, (o) => {
        (o.spec as Record<string, unknown>).unschedulable = true;
      });
    c.create(pod("web"));
    await c.settle();
    expect(nodeOf(c, "web")).toBeUndefined();
    expect(failedMessage(c, "web")).toBe(
      `0/3 nodes are available: ${TAINT}, 2 node(s) were unschedulable. ${NOT_HELPFUL_3}`,
    );
    c.update("nodes", undefined, "demo-worker2", (o) => void delete (o.spec as Record<string, unknown>).unschedulable);
    await c.advance(1000);
    expect(nodeOf(c, "web")).toBe("demo-worker2");
  });

  it("nodeSelector and node affinity pick the node; a label added later lets a pending pod in", async () => {
    const c = cluster();
    c.create(pod("pinned", { nodeSelector: { "kubernetes.io/hostname": "demo-worker2" } }));
    c.create(
      pod("ssd", {
        affinity: {
          nodeAffinity: {
            requiredDuringSchedulingIgnoredDuringExecution: {
              nodeSelectorTerms: [{ matchExpressions: [{ key: "disktype", operator: "In", values: ["ssd"] }] }],
            },
          },
        },
      }),
    );
    await c.settle();
    expect(nodeOf(c, "pinned")).toBe("demo-worker2");
    expect(failedMessage(c, "ssd")).toBe(
      `0/3 nodes are available: ${TAINT}, 2 node(s) didn't match Pod's node affinity/selector. ${NOT_HELPFUL_3}`,
    );
    c.update("nodes", undefined, "demo-worker", (o) => {
      o.metadata.labels = { ...o.metadata.labels, disktype: "ssd" };
    });
    await c.advance(1000);
    expect(nodeOf(c, "ssd")).toBe("demo-worker");
  });

  it("hostPort conflicts keep a third pod pending", async () => {
    const spec = { containers: [{ name: "web", image: "nginx", ports: [{ containerPort: 80, hostPort: 8080 }] }] };
    const c = cluster();
    for (const n of ["hp-a", "hp-b", "hp-c"]) c.create(pod(n, spec));
    await c.settle();
    expect(new Set(["hp-a", "hp-b"].map((n) => nodeOf(c, n)))).toEqual(new Set(["demo-worker", "demo-worker2"]));
    expect(nodeOf(c, "hp-c")).toBeUndefined();
    expect(failedMessage(c, "hp-c")).toBe(
      `0/3 nodes are available: ${TAINT}, 2 node(s) didn't have free ports for the requested pod ports. ${NO_VICTIMS_2}`,
    );
  });

  it("required anti-affinity spreads replicas one per node", async () => {
    const spec = {
      affinity: {
        podAntiAffinity: {
          requiredDuringSchedulingIgnoredDuringExecution: [
            { labelSelector: { matchLabels: { app: "web" } }, topologyKey: "kubernetes.io/hostname" },
          ],
        },
      },
    };
    const c = cluster();
    for (const n of ["web-1", "web-2", "web-3"]) c.create(pod(n, spec, { app: "web" }));
    await c.settle();
    expect(new Set(["web-1", "web-2"].map((n) => nodeOf(c, n)))).toEqual(new Set(["demo-worker", "demo-worker2"]));
    expect(failedMessage(c, "web-3")).toBe(
      `0/3 nodes are available: ${TAINT}, 2 node(s) didn't match pod anti-affinity rules. ${NO_VICTIMS_2}`,
    );
  });

  it("topology spread DoNotSchedule: tainted control plane counts as a domain unless nodeTaintsPolicy is Honor", async () => {
    const constraint = (policy?: string) => ({
      topologySpreadConstraints: [
        {
          maxSkew: 1,
          topologyKey: "kubernetes.io/hostname",
          whenUnsatisfiable: "DoNotSchedule",
          labelSelector: { matchLabels: { app: "spread" } },
          ...(policy ? { nodeTaintsPolicy: policy } : {}),
        },
      ],
    });
    const c = cluster();
    for (let i = 0; i < 4; i++) c.create(pod(`honor-${i}`, constraint("Honor"), { app: "spread" }));
    await c.settle();
    const nodes = [0, 1, 2, 3].map((i) => nodeOf(c, `honor-${i}`));
    expect(nodes.filter((n) => n === "demo-worker")).toHaveLength(2);
    expect(nodes.filter((n) => n === "demo-worker2")).toHaveLength(2);

    const d = cluster();
    for (let i = 0; i < 3; i++) d.create(pod(`ignore-${i}`, constraint(), { app: "spread" }));
    await d.settle();
    expect(nodeOf(d, "ignore-2")).toBeUndefined();
    expect(failedMessage(d, "ignore-2")).toBe(
      `0/3 nodes are available: ${TAINT}, 2 node(s) didn't match pod topology spread constraints. ${NO_VICTIMS_2}`,
    );
  });

  it("a pending pod is scheduled once a pod that held the room is deleted", async () => {
    const c = cluster();
    for (const n of ["a", "b", "c"]) c.create(pod(n, cpu("7")));
    await c.settle();
    const waiting = ["a", "b", "c"].find((n) => !nodeOf(c, n))!;
    expect(waiting).toBe("c");
    expect(failedMessage(c, "c")).toBe(`0/3 nodes are available: ${TAINT}, 2 Insufficient cpu. ${NO_VICTIMS_2}`);
    const freed = nodeOf(c, "a");
    c.delete("pods", "default", "a");
    await c.advance(3000);
    expect(c.get("pods", "default", "a")).toBeUndefined();
    expect(nodeOf(c, "c")).toBe(freed);
  });

  it("DaemonSet-style matchFields pods go to their node; failures name the NodeAffinity prefilter", async () => {
    const onNode = (node: string, extra: Record<string, unknown> = {}) => ({
      ...extra,
      affinity: {
        nodeAffinity: {
          requiredDuringSchedulingIgnoredDuringExecution: {
            nodeSelectorTerms: [{ matchFields: [{ key: "metadata.name", operator: "In", values: [node] }] }],
          },
        },
      },
    });
    const c = cluster();
    c.create(pod("ds-w2", onNode("demo-worker2")));
    c.create(pod("ds-big", onNode("demo-worker", cpu("10"))));
    await c.settle();
    expect(nodeOf(c, "ds-w2")).toBe("demo-worker2");
    expect(failedMessage(c, "ds-big")).toBe(
      "0/3 nodes are available: 1 Insufficient cpu, 2 node(s) didn't satisfy plugin(s) [NodeAffinity]. preemption: 0/3 nodes are available: 1 No preemption victims found for incoming pod, 2 Preemption is not helpful for scheduling..",
    );
  });

  it("volumes: a missing claim fails in PreFilter; a WaitForFirstConsumer claim gets the selected node", async () => {
    const c = cluster();
    const vol = (claim: string) => ({ volumes: [{ name: "data", persistentVolumeClaim: { claimName: claim } }] });
    c.create(pod("no-claim", vol("missing")));
    c.create({
      apiVersion: "v1",
      kind: "PersistentVolumeClaim",
      metadata: { name: "data", namespace: "default" },
      spec: {
        accessModes: ["ReadWriteOnce"],
        resources: { requests: { storage: "1Gi" } },
        storageClassName: "standard",
      },
    });
    c.create(pod("with-claim", vol("data")));
    await c.settle();
    expect(failedMessage(c, "no-claim")).toBe(
      `0/3 nodes are available: persistentvolumeclaim "missing" not found. ${NOT_HELPFUL_3}`,
    );
    const node = nodeOf(c, "with-claim");
    expect(node).toMatch(/^demo-worker2?$/);
    expect(c.get("persistentvolumeclaims", "default", "data")?.metadata.annotations).toMatchObject({
      "volume.kubernetes.io/selected-node": node,
    });
  });

  it("scheduling gates hold a pod until they are removed", async () => {
    const c = cluster();
    c.create(pod("gated", { schedulingGates: [{ name: "example.com/wait" }] }));
    await c.settle();
    expect(nodeOf(c, "gated")).toBeUndefined();
    expect(c.events("default", "gated")).toHaveLength(0);
    c.update("pods", "default", "gated", (o) => void delete (o.spec as Record<string, unknown>).schedulingGates);
    await c.settle();
    expect(nodeOf(c, "gated")).toMatch(/^demo-worker2?$/);
  });

  it("places the same pods the same way for the same cluster name", async () => {
    const place = async () => {
      const c = cluster("same");
      for (let i = 0; i < 8; i++) c.create(pod(`p-${i}`));
      await c.settle();
      return [...Array(8).keys()].map((i) => nodeOf(c, `p-${i}`));
    };
    expect(await place()).toEqual(await place());
  });
});

describe("priority and preemption", () => {
  it("evicts a lower-priority pod, nominates the node, and binds once the victim is gone", async () => {
    const c = cluster();
    c.create({ apiVersion: "scheduling.k8s.io/v1", kind: "PriorityClass", metadata: { name: "high" }, value: 1000 });
    c.create(pod("low-1", cpu("7")));
    c.create(pod("low-2", cpu("7")));
    await c.settle();
    const high = c.create(pod("high", { ...cpu("7"), priorityClassName: "high" }));
    expect((high.spec as { priority?: number }).priority).toBe(1000);
    await c.settle();
    const victims = ["low-1", "low-2"].filter((n) => c.get("pods", "default", n)?.metadata.deletionTimestamp);
    expect(victims).toHaveLength(1);
    const victim = c.get("pods", "default", victims[0])!;
    const node = (victim.spec as { nodeName: string }).nodeName;
    expect(
      (c.get("pods", "default", "high")?.status as { nominatedNodeName?: string } | undefined)?.nominatedNodeName,
    ).toBe(node);
    expect(
      ((victim.status as { conditions: Record<string, unknown>[] }).conditions ?? []).find(
        (x) => x.type === "DisruptionTarget",
      ),
    ).toMatchObject({
      status: "True",
      reason: "PreemptionByScheduler",
      message: "default-scheduler: preempting to accommodate a higher priority pod",
    });
    expect(c.events("default", victims[0]).find((e) => e.reason === "Preempted")?.message).toBe(
      `Preempted by pod ${high.metadata.uid} on node ${node}`,
    );
    expect(failedMessage(c, "high")).toBe(`0/3 nodes are available: ${TAINT}, 2 Insufficient cpu.`);
    await c.advance(5000);
    expect(c.get("pods", "default", victims[0])).toBeUndefined();
    expect(nodeOf(c, "high")).toBe(node);
  });

  it("respects preemptionPolicy Never", async () => {
    const c = cluster();
    c.create({
      apiVersion: "scheduling.k8s.io/v1",
      kind: "PriorityClass",
      metadata: { name: "high-never" },
      value: 1000,
      preemptionPolicy: "Never",
    });
    c.create(pod("low-1", cpu("7")));
    c.create(pod("low-2", cpu("7")));
    await c.settle();
    c.create(pod("polite", { ...cpu("7"), priorityClassName: "high-never" }));
    await c.settle();
    expect(c.get("pods", "default", "low-1")?.metadata.deletionTimestamp).toBeUndefined();
    expect(c.get("pods", "default", "low-2")?.metadata.deletionTimestamp).toBeUndefined();
    expect(failedMessage(c, "polite")).toBe(
      `0/3 nodes are available: ${TAINT}, 2 Insufficient cpu. preemption: not eligible due to preemptionPolicy=Never..`,
    );
  });
});
