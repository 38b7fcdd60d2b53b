/**
 * A tiny stand-in for the scheduler and kubelet so workload controller tests depend on nothing else: a new pod
 * (outside kube-system) is bound round-robin to the workers and, `readyAfterMs` later, becomes Running and
 * Ready (Ready's lastTransitionTime = then). Pods whose image contains "broken" are bound but never get ready.
 * A pod being deleted gracefully is removed STOP_MS after its deletionTimestamp appears.
 */
import { rfc3339 } from "../../../src/apiserver/time";
import type { KObject } from "../../../src/kube/object";
import { type ControllerContext, declOf, parseKey } from "../../../src/reconcile/controller-context";
import type { Controller } from "../../../src/reconcile/engine";
import { garbageCollector } from "../../../src/reconcile/garbage-collector";
import { deploymentController } from "../../../src/reconcile/workloads/deployment";
import { replicaSetController } from "../../../src/reconcile/workloads/replicaset";
import { createTestCluster } from "../harness/memory-cluster";

export const NODES = ["test-worker", "test-worker2"];
const STOP_MS = 1000;

export function fakeKubelet(readyAfterMs = 2000) {
  return (ctx: ControllerContext): Controller => {
    const pods = declOf(ctx.registry, "", "pods");
    const seen = new Set<string>();
    const stopping = new Set<string>();
    let next = 0;
    return {
      name: "fake-kubelet",
      keysFor: (ch) =>
        ch.key.startsWith("core/pods/") &&
        !ch.key.startsWith("core/pods/kube-system/") &&
        (ch.type === "ADDED" || (ch.type === "MODIFIED" && ch.object.metadata.deletionTimestamp))
          ? [ch.key]
          : [],
      reconcile(key) {
        const ref = parseKey(ctx.registry, key);
        if (!ref) return undefined;
        const pod = ctx.store.tryGet(pods, ref.namespace, ref.name);
        if (!pod) return undefined;
        const uid = String(pod.metadata.uid);
        if (pod.metadata.deletionTimestamp) {
          if (!stopping.has(uid)) {
            stopping.add(uid);
            return { requeueAfterMs: STOP_MS };
          }
          ctx.store.delete(pods, ref.namespace, ref.name, { dryRun: false, gracePeriodSeconds: 0 });
          return undefined;
        }
        if (!seen.has(uid)) {
          seen.add(uid);
          return { requeueAfterMs: readyAfterMs };
        }
        const spec = pod.spec as { nodeName?: string; containers: { name: string; image: string }[] };
        if ((pod.status as { phase?: string }).phase === "Running") return undefined;
        const now = rfc3339(ctx.clock.now());
        const broken = spec.containers.some((c) => c.image.includes("broken"));
        const next_ = structuredClone(pod);
        const nspec = next_.spec as typeof spec;
        nspec.nodeName ??= NODES[next++ % NODES.length];
        const cond = (type: string, ok: boolean) => ({
          type,
          status: ok ? "True" : "False",
          lastProbeTime: null,
          lastTransitionTime: now,
        });
        next_.status = {
          ...(pod.status as object),
          phase: broken ? "Pending" : "Running",
          conditions: [
            cond("Initialized", true),
            cond("Ready", !broken),
            cond("ContainersReady", !broken),
            cond("PodScheduled", true),
          ],
          containerStatuses: spec.containers.map((c) => ({
            name: c.name,
            image: c.image,
            imageID: "",
            ready: !broken,
            restartCount: 0,
            started: !broken,
            state: broken
              ? { waiting: { reason: "ImagePullBackOff", message: `Back-off pulling image "${c.image}"` } }
              : { running: { startedAt: now } },
          })),
        };
        ctx.store.update(pods, ref.namespace, ref.name, next_, {
          dryRun: false,
          fieldManager: "kubelet",
          internal: true,
        });
        return undefined;
      },
    };
  };
}

export function workloadCluster(readyAfterMs = 2000) {
  return createTestCluster({
    controllers: [replicaSetController, deploymentController, fakeKubelet(readyAfterMs), garbageCollector],
  });
}

export type WorkloadCluster = ReturnType<typeof workloadCluster>;

export const podReady = (p: KObject) =>
  ((p.status as { conditions?: { type: string; status: string }[] })?.conditions ?? []).some(
    (c) => c.type === "Ready" && c.status === "True",
  );

/** Pods a user sees as live (not terminating), in a namespace, optionally with a label. */
export function livePods(c: WorkloadCluster, ns = "default", label?: [string, string]): KObject[] {
  return c
    .list("pods", ns)
    .filter((p) => !p.metadata.deletionTimestamp)
    .filter((p) => !label || p.metadata.labels?.[label[0]] === label[1]);
}

export function messages(c: WorkloadCluster, name: string, ns = "default"): string[] {
  return c.events(ns, name).map((e) => `${e.reason}: ${e.message}`);
}

export function nginxTemplate(image = "nginx:1.20", labels: Record<string, string> = { app: "nginx" }) {
  return {
    metadata: { labels },
    spec: { containers: [{ name: "nginx", image }] },
  };
}

/** Changes a pod's status through the status subresource (as a kubelet would). */
export function setPodStatus(c: WorkloadCluster, name: string, mutate: (status: Record<string, unknown>) => void) {
  const pods = c.registry.byResource("", "pods")!;
  const pod = structuredClone(c.get("pods", "default", name)!);
  mutate(pod.status as Record<string, unknown>);
  c.store.update(pods, "default", name, pod, { dryRun: false, fieldManager: "kubelet", subresource: "status" });
}
