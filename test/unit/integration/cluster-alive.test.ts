/**
 * Every controller together (scheduler, simulated kubelets, workload and core controllers) on the in-memory
 * cluster with the virtual clock: the course's flows end to end, deterministically and without sleeping.
 */
import { describe, expect, it } from "vitest";
import type { KObject } from "../../../src/kube/object";
import { createTestCluster } from "../harness/memory-cluster";

const deployment = (image: string, replicas = 3): KObject => ({
  apiVersion: "apps/v1",
  kind: "Deployment",
  metadata: { name: "nginx-deployment", namespace: "default", labels: { app: "nginx" } },
  spec: {
    replicas,
    selector: { matchLabels: { app: "nginx" } },
    template: {
      metadata: { labels: { app: "nginx" } },
      spec: { containers: [{ name: "nginx", image, ports: [{ containerPort: 80 }] }] },
    },
  },
});

const phase = (p: KObject) => (p.status as { phase?: string } | undefined)?.phase;
const ready = (p: KObject) =>
  ((p.status as { conditions?: { type: string; status: string }[] } | undefined)?.conditions ?? []).some(
    (c) => c.type === "Ready" && c.status === "True",
  );

describe("a cluster comes alive", () => {
  it("rolls a Deployment out onto the workers and serves it through its Service", async () => {
    const c = createTestCluster();
    c.create(deployment("nginx:1.20"));
    c.create({
      apiVersion: "v1",
      kind: "Service",
      metadata: { name: "nginx", namespace: "default" },
      spec: { selector: { app: "nginx" }, ports: [{ port: 80, targetPort: 80 }] },
    });
    await c.advance(30_000);
    const pods = c.list("pods", "default");
    expect(pods).toHaveLength(3);
    for (const p of pods) {
      expect(phase(p)).toBe("Running");
      expect(ready(p)).toBe(true);
      expect((p.spec as { nodeName?: string }).nodeName).toMatch(/^test-worker2?$/);
      expect((p.status as { podIP?: string }).podIP).toMatch(/^10\.244\.\d+\.\d+$/);
    }
    const d = c.get("deployments.apps", "default", "nginx-deployment") as KObject;
    expect(d.status).toMatchObject({ replicas: 3, readyReplicas: 3, availableReplicas: 3, updatedReplicas: 3 });
    const ep = c.get("endpoints", "default", "nginx") as KObject;
    const addresses = (ep.subsets as { addresses?: unknown[] }[] | undefined)?.[0]?.addresses ?? [];
    expect(addresses).toHaveLength(3);

    const reasons = c.events("default", pods[0].metadata.name as string).map((e) => e.reason);
    expect(reasons).toEqual(["Scheduled", "Pulling", "Pulled", "Created", "Started"]);
  });

  it("keeps a rollout going across a Durable Object restart without duplicate or lost pods", async () => {
    const first = createTestCluster();
    first.create(deployment("nginx:1.20", 4));
    await first.advance(30_000);
    first.update("deployments.apps", "default", "nginx-deployment", (d) => {
      (d.spec as any).template.spec.containers[0].image = "nginx:1.21";
    });
    await first.advance(1_500);
    // The object is evicted mid-rollout: a new instance over the same storage takes over.
    const second = createTestCluster({ storage: first.storage });
    await second.advance(120_000);
    const pods = second.list("pods", "default").filter((p) => !p.metadata.deletionTimestamp);
    expect(pods).toHaveLength(4);
    expect(pods.every((p) => (p.spec as any).containers[0].image === "nginx:1.21" && ready(p))).toBe(true);
    const d = second.get("deployments.apps", "default", "nginx-deployment") as KObject;
    expect(d.status).toMatchObject({ replicas: 4, updatedReplicas: 4, availableReplicas: 4 });
    // Nothing left to do but expire the rollout's events.
    const queued = second.kv.rawQuery("SELECT DISTINCT controller FROM work_queue").map((r) => String(r.controller));
    expect(queued).toEqual(["event-ttl"]);
  });

  it("keeps a pod that asks for too much CPU Pending with the scheduler's reasons", async () => {
    const c = createTestCluster();
    c.create({
      apiVersion: "v1",
      kind: "Pod",
      metadata: { name: "hungry", namespace: "default" },
      spec: { containers: [{ name: "app", image: "nginx", resources: { requests: { cpu: "100" } } }] },
    });
    await c.advance(5_000);
    expect(phase(c.get("pods", "default", "hungry") as KObject)).toBe("Pending");
    const failed = c.events("default", "hungry").find((e) => e.reason === "FailedScheduling");
    expect(failed?.message).toBe(
      "0/3 nodes are available: 1 node(s) had untolerated taint {node-role.kubernetes.io/control-plane: }, 2 Insufficient cpu. preemption: 0/3 nodes are available: 1 Preemption is not helpful for scheduling, 2 No preemption victims found for incoming pod..",
    );
  });

  it("lets an idle cluster rest: once settled, only event expiries are queued, then nothing", async () => {
    const c = createTestCluster();
    c.create(deployment("nginx:1.20"));
    await c.advance(60_000);
    const queued = c.kv.rawQuery("SELECT DISTINCT controller FROM work_queue").map((r) => String(r.controller));
    expect(queued).toEqual(["event-ttl"]);
    // Events live an hour after they were last seen (--event-ttl), then the queue is empty.
    await c.advance(60 * 60 * 1000);
    expect(c.list("events", "default")).toEqual([]);
    expect(c.engine.nextDue()).toBeUndefined();
    expect(c.list("pods", "default")).toHaveLength(3);
  });

  it("expires an event an hour after it was written, whatever times a client put in it", async () => {
    const c = createTestCluster({ seed: false });
    c.create({ apiVersion: "v1", kind: "Namespace", metadata: { name: "default" } });
    c.create({
      apiVersion: "v1",
      kind: "Event",
      metadata: { name: "old.1", namespace: "default" },
      involvedObject: { kind: "Pod", name: "x", namespace: "default" },
      reason: "Old",
      message: "written now, stamped last year",
      firstTimestamp: "2025-01-01T00:00:00Z",
      lastTimestamp: "2025-01-01T00:00:00Z",
      type: "Normal",
    });
    await c.advance(59 * 60 * 1000);
    expect(c.get("events", "default", "old.1")).toBeDefined();
    await c.advance(2 * 60 * 1000);
    expect(c.get("events", "default", "old.1")).toBeUndefined();
  });

  it("keeps counting repeated events on the same Event after a restart", async () => {
    const first = createTestCluster();
    const pod = first.create({
      apiVersion: "v1",
      kind: "Pod",
      metadata: { name: "p", namespace: "default" },
      spec: { containers: [{ name: "c", image: "nginx" }] },
    });
    first.ctx.events.record(pod, "Warning", "Demo", "it happened", { component: "test" });
    const second = createTestCluster({ storage: first.storage });
    second.ctx.events.record(pod, "Warning", "Demo", "it happened", { component: "test" });
    const demo = second.events("default", "p").filter((e) => e.reason === "Demo");
    expect(demo).toHaveLength(1);
    expect(demo[0].count).toBe(2);
  });
});
