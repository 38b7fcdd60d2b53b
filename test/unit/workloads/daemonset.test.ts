import { describe, expect, it } from "vitest";
import { rfc3339 } from "../../../src/apiserver/time";
import type { Change } from "../../../src/durable/store/kv-store";
import type { KObject } from "../../../src/kube/object";
import { type ControllerContext, parseKey } from "../../../src/reconcile/controller-context";
import type { Controller } from "../../../src/reconcile/engine";
import { daemonSetController } from "../../../src/reconcile/workloads/daemonset";
import { createTestCluster, type TestCluster } from "../harness/memory-cluster";

const READY_MS = 2000;
const STOP_MS = 1000;

interface PodSpec {
  nodeName?: string;
  containers: { name: string; image: string }[];
  tolerations?: { key?: string; operator?: string; effect?: string }[];
  affinity?: {
    nodeAffinity?: {
      requiredDuringSchedulingIgnoredDuringExecution?: {
        nodeSelectorTerms: { matchFields?: { key: string; values: string[] }[] }[];
      };
    };
  };
}

/**
 * A tiny scheduler + kubelet: binds a pod to the node its `matchFields metadata.name` affinity names, marks it
 * Running and Ready READY_MS after creation, and removes terminating pods after STOP_MS.
 */
function fakeNodes(ctx: ControllerContext): Controller {
  return {
    name: "fake-scheduler-kubelet",
    keysFor: (ch: Change) => (ch.key.startsWith("core/pods/") && ch.type !== "DELETED" ? [ch.key] : []),
    reconcile(key) {
      const ref = parseKey(ctx.registry, key);
      if (!ref) return undefined;
      const pod = ctx.store.tryGet(ref.decl, ref.namespace, ref.name);
      if (!pod) return undefined;
      const now = ctx.clock.now();
      const opts = { dryRun: false, fieldManager: "kubelet" };
      if (pod.metadata.deletionTimestamp) {
        const started =
          Date.parse(String(pod.metadata.deletionTimestamp)) -
          Number(pod.metadata.deletionGracePeriodSeconds ?? 0) * 1000;
        if (now < started + STOP_MS) return { requeueAfterMs: started + STOP_MS - now };
        ctx.store.delete(ref.decl, ref.namespace, ref.name, { dryRun: false, gracePeriodSeconds: 0 });
        return undefined;
      }
      const spec = pod.spec as PodSpec;
      if (!spec.nodeName) {
        const terms = spec.affinity?.nodeAffinity?.requiredDuringSchedulingIgnoredDuringExecution?.nodeSelectorTerms;
        const node = terms?.[0]?.matchFields?.find((f) => f.key === "metadata.name")?.values[0] ?? "test-worker";
        ctx.store.update(
          ref.decl,
          ref.namespace,
          ref.name,
          { ...pod, spec: { ...spec, nodeName: node } },
          { ...opts, internal: true },
        );
        return undefined;
      }
      const status = (pod.status ?? {}) as { phase?: string };
      if (status.phase !== "Pending") return undefined;
      const readyAt = Date.parse(String(pod.metadata.creationTimestamp)) + READY_MS;
      if (now < readyAt) return { requeueAfterMs: readyAt - now };
      const t = rfc3339(now);
      ctx.store.update(
        ref.decl,
        ref.namespace,
        ref.name,
        {
          ...pod,
          status: {
            ...status,
            phase: "Running",
            conditions: ["Initialized", "Ready", "ContainersReady", "PodScheduled"].map((type) => ({
              type,
              status: "True",
              lastProbeTime: null,
              lastTransitionTime: t,
            })),
            containerStatuses: spec.containers.map((c) => ({
              name: c.name,
              image: c.image,
              ready: true,
              started: true,
              restartCount: 0,
            })),
            startTime: t,
          },
        },
        { ...opts, subresource: "status" },
      );
      return undefined;
    },
  };
}

function cluster(): TestCluster {
  return createTestCluster({ seed: true, controllers: [daemonSetController, fakeNodes] });
}

function fluentd(
  opts: { tolerateControlPlane?: boolean; nodeSelector?: Record<string, string>; rollingUpdate?: object } = {},
): KObject {
  return {
    apiVersion: "apps/v1",
    kind: "DaemonSet",
    metadata: { name: "fluentd", namespace: "default" },
    spec: {
      selector: { matchLabels: { name: "fluentd" } },
      ...(opts.rollingUpdate ? { updateStrategy: { type: "RollingUpdate", rollingUpdate: opts.rollingUpdate } } : {}),
      template: {
        metadata: { labels: { name: "fluentd" } },
        spec: {
          containers: [{ name: "fluentd", image: "fluentd:v1" }],
          ...(opts.nodeSelector ? { nodeSelector: opts.nodeSelector } : {}),
          ...(opts.tolerateControlPlane
            ? {
                tolerations: [
                  { key: "node-role.kubernetes.io/control-plane", operator: "Exists", effect: "NoSchedule" },
                ],
              }
            : {}),
        },
      },
    },
  };
}

const pods = (c: TestCluster) => c.list("pods", "default");
const live = (c: TestCluster) => pods(c).filter((p) => !p.metadata.deletionTimestamp);
const nodeOf = (p: KObject) =>
  (p.spec as PodSpec).affinity?.nodeAffinity?.requiredDuringSchedulingIgnoredDuringExecution?.nodeSelectorTerms[0]
    .matchFields?.[0].values[0];
const nodesOf = (list: KObject[]) => list.map(nodeOf).sort();
const image = (p: KObject) => (p.spec as PodSpec).containers[0].image;
const status = (c: TestCluster, ns = "default", name = "fluentd") =>
  c.get("daemonsets.apps", ns, name)?.status as Record<string, unknown>;

function setImage(c: TestCluster, img: string): void {
  c.update("daemonsets.apps", "default", "fluentd", (o) => {
    (o.spec as { template: { spec: PodSpec } }).template.spec.containers[0].image = img;
  });
}

function addNode(c: TestCluster, name: string, labels: Record<string, string> = {}): void {
  const worker = structuredClone(c.get("nodes", undefined, "test-worker")!);
  c.create({
    apiVersion: "v1",
    kind: "Node",
    metadata: { name, labels: { ...worker.metadata.labels, "kubernetes.io/hostname": name, ...labels } },
    spec: {},
  });
}

describe("DaemonSet controller", () => {
  it("runs one pod per worker, not on the tainted control plane, pinned by node affinity for the scheduler", async () => {
    const c = cluster();
    c.create(fluentd());
    await c.settle();
    const created = live(c);
    expect(nodesOf(created)).toEqual(["test-worker", "test-worker2"]);
    const pod = created[0];
    expect(pod.metadata.name).toMatch(/^fluentd-[bcdfghjklmnpqrstvwxz2456789]{5}$/);
    expect(pod.metadata.generateName).toBe("fluentd-");
    expect(pod.metadata.ownerReferences?.[0]).toMatchObject({ kind: "DaemonSet", name: "fluentd", controller: true });
    expect(pod.metadata.labels?.["pod-template-generation"]).toBe("1");
    const revs = c.list("controllerrevisions.apps", "default");
    expect(revs).toHaveLength(1);
    expect(pod.metadata.labels?.["controller-revision-hash"]).toBe(
      revs[0].metadata.labels?.["controller-revision-hash"],
    );
    expect(revs[0].metadata.name).toBe(`fluentd-${pod.metadata.labels?.["controller-revision-hash"]}`);
    expect((revs[0].data as { spec: { template: { $patch: string } } }).spec.template.$patch).toBe("replace");
    const tolerations = (pod.spec as PodSpec).tolerations ?? [];
    for (const key of [
      "not-ready",
      "unreachable",
      "disk-pressure",
      "memory-pressure",
      "pid-pressure",
      "unschedulable",
    ]) {
      expect(tolerations.some((t) => t.key === `node.kubernetes.io/${key}` && t.operator === "Exists")).toBe(true);
    }
    expect(tolerations.some((t) => t.key === "node.kubernetes.io/network-unavailable")).toBe(false);

    expect(status(c)).toMatchObject({
      desiredNumberScheduled: 2,
      currentNumberScheduled: 2,
      numberReady: 0,
      numberUnavailable: 2,
      updatedNumberScheduled: 2,
      observedGeneration: 1,
    });
    await c.advance(READY_MS);
    expect(status(c)).toMatchObject({
      desiredNumberScheduled: 2,
      currentNumberScheduled: 2,
      numberReady: 2,
      numberAvailable: 2,
      updatedNumberScheduled: 2,
      numberMisscheduled: 0,
    });
    expect(status(c).numberUnavailable).toBeUndefined();

    const events = c.events("default", "fluentd");
    expect(events.map((e) => `${e.reason}: ${e.message}`)).toContain(
      `SuccessfulCreate: Created pod: ${pod.metadata.name}`,
    );
    expect(events[0].source).toEqual({ component: "daemonset-controller" });
  });

  it("runs on the control plane too when the template tolerates its taint", async () => {
    const c = cluster();
    c.create(fluentd({ tolerateControlPlane: true }));
    await c.settle();
    expect(nodesOf(live(c))).toEqual(["test-control-plane", "test-worker", "test-worker2"]);
  });

  it("gives a new node a pod and takes it away when the node goes", async () => {
    const c = cluster();
    c.create(fluentd());
    await c.advance(READY_MS);
    addNode(c, "test-worker3");
    await c.settle();
    expect(nodesOf(live(c))).toEqual(["test-worker", "test-worker2", "test-worker3"]);
    await c.advance(READY_MS);
    expect(status(c)).toMatchObject({ desiredNumberScheduled: 3, numberReady: 3, numberAvailable: 3 });
    c.delete("nodes", undefined, "test-worker3");
    await c.settle();
    await c.advance(STOP_MS);
    expect(nodesOf(pods(c))).toEqual(["test-worker", "test-worker2"]);
    expect(status(c)).toMatchObject({ desiredNumberScheduled: 2, currentNumberScheduled: 2 });
  });

  it("honours nodeSelector as node labels change", async () => {
    const c = cluster();
    c.create(fluentd({ nodeSelector: { disktype: "ssd" } }));
    await c.settle();
    expect(pods(c)).toHaveLength(0);
    expect(status(c)).toMatchObject({ desiredNumberScheduled: 0, currentNumberScheduled: 0 });
    c.update("nodes", undefined, "test-worker2", (n) => {
      n.metadata.labels = { ...n.metadata.labels, disktype: "ssd" };
    });
    await c.settle();
    expect(nodesOf(live(c))).toEqual(["test-worker2"]);
    c.update("nodes", undefined, "test-worker2", (n) => {
      const { disktype: _, ...rest } = n.metadata.labels ?? {};
      n.metadata.labels = rest;
    });
    await c.settle();
    expect(live(c)).toHaveLength(0);
    expect(c.events("default", "fluentd").some((e) => String(e.message).startsWith("Deleted pod: fluentd-"))).toBe(
      true,
    );
  });

  it("evicts a pod from a node with an untolerated NoExecute taint but keeps it on a NoSchedule one", async () => {
    const c = cluster();
    c.create(fluentd());
    await c.advance(READY_MS);
    c.update("nodes", undefined, "test-worker", (n) => {
      n.spec = { ...(n.spec as object), taints: [{ key: "dedicated", value: "db", effect: "NoSchedule" }] };
    });
    await c.advance(STOP_MS);
    expect(nodesOf(live(c))).toEqual(["test-worker", "test-worker2"]);
    expect(status(c)).toMatchObject({ desiredNumberScheduled: 1, numberMisscheduled: 1 });
    c.update("nodes", undefined, "test-worker", (n) => {
      n.spec = { ...(n.spec as object), taints: [{ key: "dedicated", value: "db", effect: "NoExecute" }] };
    });
    await c.advance(STOP_MS);
    expect(nodesOf(pods(c))).toEqual(["test-worker2"]);
  });

  it("rolls out with maxUnavailable 1: one node at a time, each new pod Ready before the next", async () => {
    const c = cluster();
    c.create(fluentd({ tolerateControlPlane: true }));
    await c.advance(READY_MS);
    setImage(c, "fluentd:v2");
    await c.settle();
    expect(pods(c).filter((p) => p.metadata.deletionTimestamp)).toHaveLength(1);
    expect(live(c)).toHaveLength(2);
    await c.advance(STOP_MS);
    // The old pod is gone and its replacement created; the others wait for it.
    expect(live(c).filter((p) => image(p) === "fluentd:v2")).toHaveLength(1);
    expect(pods(c).filter((p) => p.metadata.deletionTimestamp)).toHaveLength(0);
    expect(status(c)).toMatchObject({
      desiredNumberScheduled: 3,
      updatedNumberScheduled: 1,
      numberAvailable: 2,
      numberUnavailable: 1,
      observedGeneration: 2,
    });
    await c.advance(READY_MS);
    expect(pods(c).filter((p) => p.metadata.deletionTimestamp)).toHaveLength(1);
    await c.advance(60_000);
    expect(live(c).map(image)).toEqual(["fluentd:v2", "fluentd:v2", "fluentd:v2"]);
    expect(live(c).every((p) => p.metadata.labels?.["pod-template-generation"] === "2")).toBe(true);
    expect(status(c)).toMatchObject({
      desiredNumberScheduled: 3,
      updatedNumberScheduled: 3,
      numberAvailable: 3,
      numberReady: 3,
    });
    const revs = c
      .list("controllerrevisions.apps", "default")
      .map((r) => r.revision)
      .sort();
    expect(revs).toEqual([1, 2]);
  });

  it("rolls out with maxUnavailable 2 two nodes at a time", async () => {
    const c = cluster();
    c.create(fluentd({ tolerateControlPlane: true, rollingUpdate: { maxUnavailable: 2 } }));
    await c.advance(READY_MS);
    setImage(c, "fluentd:v2");
    await c.settle();
    expect(pods(c).filter((p) => p.metadata.deletionTimestamp)).toHaveLength(2);
  });

  it("surges a new pod next to the old one with maxSurge", async () => {
    const c = cluster();
    c.create(fluentd({ rollingUpdate: { maxSurge: 1, maxUnavailable: 0 } }));
    await c.advance(READY_MS);
    setImage(c, "fluentd:v2");
    await c.settle();
    expect(live(c)).toHaveLength(3);
    expect(live(c).filter((p) => image(p) === "fluentd:v2")).toHaveLength(1);
    await c.advance(READY_MS);
    // The new pod is available: its node's old pod goes, and the next node surges.
    expect(pods(c).filter((p) => p.metadata.deletionTimestamp)).toHaveLength(1);
    await c.advance(60_000);
    expect(live(c).map(image)).toEqual(["fluentd:v2", "fluentd:v2"]);
    expect(status(c)).toMatchObject({ updatedNumberScheduled: 2, numberAvailable: 2 });
  });

  it("OnDelete leaves old pods until they are deleted", async () => {
    const c = cluster();
    const ds = fluentd();
    (ds.spec as { updateStrategy: object }).updateStrategy = { type: "OnDelete" };
    c.create(ds);
    await c.advance(READY_MS);
    setImage(c, "fluentd:v2");
    await c.advance(30_000);
    expect(live(c).map(image)).toEqual(["fluentd:v1", "fluentd:v1"]);
    expect(status(c).updatedNumberScheduled).toBeUndefined();
    c.delete("pods", "default", String(live(c)[0].metadata.name));
    await c.advance(30_000);
    expect(live(c).map(image).sort()).toEqual(["fluentd:v1", "fluentd:v2"]);
    expect(status(c)).toMatchObject({ updatedNumberScheduled: 1 });
  });

  it("adopts the seeded kindnet and kube-proxy pods and leaves them as they are", async () => {
    const c = cluster();
    const before = c
      .list("pods", "kube-system")
      .map((p) => `${p.metadata.name}/${p.metadata.uid}/${p.metadata.resourceVersion}`);
    const revsBefore = c
      .list("controllerrevisions.apps", "kube-system")
      .map((r) => `${r.metadata.name}/${r.metadata.resourceVersion}`);
    const statusBefore = [status(c, "kube-system", "kindnet"), status(c, "kube-system", "kube-proxy")];
    c.engine.enqueue("daemonset-controller", "apps/daemonsets/kube-system/kindnet");
    c.engine.enqueue("daemonset-controller", "apps/daemonsets/kube-system/kube-proxy");
    await c.settle();
    await c.advance(60_000);
    expect(
      c.list("pods", "kube-system").map((p) => `${p.metadata.name}/${p.metadata.uid}/${p.metadata.resourceVersion}`),
    ).toEqual(before);
    expect(
      c.list("controllerrevisions.apps", "kube-system").map((r) => `${r.metadata.name}/${r.metadata.resourceVersion}`),
    ).toEqual(revsBefore);
    expect([status(c, "kube-system", "kindnet"), status(c, "kube-system", "kube-proxy")]).toEqual(statusBefore);
    expect(c.events("kube-system", "kindnet")).toHaveLength(0);

    // A new node gets a kindnet pod with the seeded revision's hash.
    addNode(c, "test-worker3");
    await c.settle();
    const kindnet = c.list("pods", "kube-system").filter((p) => p.metadata.labels?.app === "kindnet");
    expect(kindnet).toHaveLength(4);
    const fresh = kindnet.find((p) => nodeOf(p) === "test-worker3")!;
    expect(fresh.metadata.labels).toMatchObject({
      "controller-revision-hash": "5f7b7b4f9c",
      "pod-template-generation": "1",
    });
    expect((fresh.spec as PodSpec).tolerations?.some((t) => t.key === "node.kubernetes.io/network-unavailable")).toBe(
      true,
    );
  });
});
