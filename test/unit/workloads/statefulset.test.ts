import { describe, expect, it } from "vitest";
import { rfc3339 } from "../../../src/apiserver/time";
import type { Change } from "../../../src/durable/store/kv-store";
import type { KObject } from "../../../src/kube/object";
import { type ControllerContext, declOf, parseKey } from "../../../src/reconcile/controller-context";
import type { Controller } from "../../../src/reconcile/engine";
import { garbageCollector } from "../../../src/reconcile/garbage-collector";
import { statefulSetController } from "../../../src/reconcile/workloads/statefulset";
import { createTestCluster, type TestCluster } from "../harness/memory-cluster";

/** Time a fake pod takes from creation to Running + Ready, and a terminating one to go away. */
const READY_MS = 2000;
const STOP_MS = 1000;

/**
 * A tiny stand-in for the scheduler and kubelet: binds pods to the first worker, marks them Running and Ready
 * READY_MS after creation (unless annotated test/never-ready), removes terminating pods after STOP_MS.
 */
function fakeKubelet(ctx: ControllerContext): Controller {
  return {
    name: "fake-kubelet",
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
      const spec = pod.spec as { nodeName?: string };
      if (!spec.nodeName) {
        ctx.store.update(
          ref.decl,
          ref.namespace,
          ref.name,
          { ...pod, spec: { ...spec, nodeName: "test-worker" } },
          {
            ...opts,
            internal: true,
          },
        );
        return undefined;
      }
      const status = (pod.status ?? {}) as { phase?: string };
      if (status.phase !== "Pending" || pod.metadata.annotations?.["test/never-ready"]) return undefined;
      const readyAt = Date.parse(String(pod.metadata.creationTimestamp)) + READY_MS;
      if (now < readyAt) return { requeueAfterMs: readyAt - now };
      const t = rfc3339(now);
      const containers = (pod.spec as { containers: { name: string; image: string }[] }).containers;
      ctx.store.update(
        ref.decl,
        ref.namespace,
        ref.name,
        {
          ...pod,
          status: {
            ...status,
            phase: "Running",
            conditions: ["PodReadyToStartContainers", "Initialized", "Ready", "ContainersReady", "PodScheduled"].map(
              (type) => ({ type, status: "True", lastProbeTime: null, lastTransitionTime: t }),
            ),
            containerStatuses: containers.map((c) => ({
              name: c.name,
              image: c.image,
              ready: true,
              started: true,
              restartCount: 0,
              state: { running: { startedAt: t } },
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
  return createTestCluster({ seed: true, controllers: [statefulSetController, fakeKubelet, garbageCollector] });
}

function web(
  opts: { replicas?: number; parallel?: boolean; onDelete?: boolean; partition?: number; retention?: object } = {},
): KObject {
  return {
    apiVersion: "apps/v1",
    kind: "StatefulSet",
    metadata: { name: "web", namespace: "default" },
    spec: {
      serviceName: "nginx",
      replicas: opts.replicas ?? 3,
      selector: { matchLabels: { app: "nginx" } },
      ...(opts.parallel ? { podManagementPolicy: "Parallel" } : {}),
      ...(opts.onDelete ? { updateStrategy: { type: "OnDelete" } } : {}),
      ...(opts.partition !== undefined
        ? { updateStrategy: { type: "RollingUpdate", rollingUpdate: { partition: opts.partition } } }
        : {}),
      ...(opts.retention ? { persistentVolumeClaimRetentionPolicy: opts.retention } : {}),
      template: {
        metadata: { labels: { app: "nginx" } },
        spec: {
          containers: [
            { name: "nginx", image: "registry.k8s.io/nginx-slim:0.24", ports: [{ containerPort: 80, name: "web" }] },
          ],
        },
      },
      volumeClaimTemplates: [
        {
          metadata: { name: "www" },
          spec: { accessModes: ["ReadWriteOnce"], resources: { requests: { storage: "1Gi" } } },
        },
      ],
    },
  };
}

const podNames = (c: TestCluster) =>
  c
    .list("pods", "default")
    .map((p) => p.metadata.name)
    .sort();
const livePodNames = (c: TestCluster) =>
  c
    .list("pods", "default")
    .filter((p) => !p.metadata.deletionTimestamp)
    .map((p) => p.metadata.name)
    .sort();
const pvcNames = (c: TestCluster) =>
  c
    .list("persistentvolumeclaims", "default")
    .map((p) => p.metadata.name)
    .sort();
const status = (c: TestCluster) => c.get("statefulsets.apps", "default", "web")?.status as Record<string, unknown>;
const phase = (c: TestCluster, name: string) =>
  (c.get("pods", "default", name)?.status as { phase?: string } | undefined)?.phase;
const image = (p: KObject | undefined) =>
  (p?.spec as { containers: { image: string }[] } | undefined)?.containers[0].image;
const messages = (c: TestCluster) => c.events("default", "web").map((e) => `${e.reason}: ${e.message}`);

async function settled(c: TestCluster, ms = 30_000): Promise<void> {
  await c.settle();
  await c.advance(ms);
}

function setImage(c: TestCluster, img: string): void {
  c.update("statefulsets.apps", "default", "web", (o) => {
    (o.spec as { template: { spec: { containers: { image: string }[] } } }).template.spec.containers[0].image = img;
  });
}

describe("StatefulSet controller", () => {
  it("creates pods in order, each after its predecessor is Running and Ready, with claims made first", async () => {
    const c = cluster();
    c.create(web());
    await c.settle();
    expect(podNames(c)).toEqual(["web-0"]);
    expect(pvcNames(c)).toEqual(["www-web-0"]);
    await c.advance(READY_MS - 1);
    expect(podNames(c)).toEqual(["web-0"]);
    await c.advance(1);
    expect(podNames(c)).toEqual(["web-0", "web-1"]);
    await c.advance(READY_MS);
    expect(podNames(c)).toEqual(["web-0", "web-1", "web-2"]);
    await c.advance(READY_MS);

    const pod = c.get("pods", "default", "web-1")!;
    expect(pod.metadata.labels).toMatchObject({
      app: "nginx",
      "statefulset.kubernetes.io/pod-name": "web-1",
      "apps.kubernetes.io/pod-index": "1",
    });
    expect(pod.metadata.ownerReferences?.[0]).toMatchObject({ kind: "StatefulSet", name: "web", controller: true });
    expect(pod.spec).toMatchObject({ hostname: "web-1", subdomain: "nginx" });
    expect((pod.spec as { volumes: unknown[] }).volumes[0]).toEqual({
      name: "www",
      persistentVolumeClaim: { claimName: "www-web-1" },
    });
    expect(pvcNames(c)).toEqual(["www-web-0", "www-web-1", "www-web-2"]);
    expect(c.get("persistentvolumeclaims", "default", "www-web-2")?.metadata.labels).toEqual({ app: "nginx" });

    const s = status(c);
    expect(s).toMatchObject({
      replicas: 3,
      readyReplicas: 3,
      availableReplicas: 3,
      currentReplicas: 3,
      updatedReplicas: 3,
      observedGeneration: 1,
      collisionCount: 0,
    });
    expect(s.currentRevision).toBe(s.updateRevision);
    expect(pod.metadata.labels?.["controller-revision-hash"]).toBe(s.updateRevision);
    expect(String(s.updateRevision)).toMatch(/^web-[bcdfghjklmnpqrstvwxz2456789]{6,10}$/);

    const msgs = messages(c);
    expect(msgs).toContain("SuccessfulCreate: create Claim www-web-0 Pod web-0 in StatefulSet web success");
    expect(msgs).toContain("SuccessfulCreate: create Pod web-0 in StatefulSet web successful");
    expect(msgs.indexOf("SuccessfulCreate: create Claim www-web-0 Pod web-0 in StatefulSet web success")).toBeLessThan(
      msgs.indexOf("SuccessfulCreate: create Pod web-0 in StatefulSet web successful"),
    );
    const ev = c.events("default", "web")[0];
    expect(ev.source).toEqual({ component: "statefulset-controller" });
  });

  it("keeps a ControllerRevision with the template as a replace patch, like kubectl rollout undo expects", async () => {
    const c = cluster();
    c.create(web({ replicas: 1 }));
    await settled(c);
    const revs = c.list("controllerrevisions.apps", "default");
    expect(revs).toHaveLength(1);
    const rev = revs[0];
    expect(rev.metadata.name).toBe(status(c).updateRevision);
    expect(rev.revision).toBe(1);
    expect(rev.metadata.labels?.app).toBe("nginx");
    expect(rev.metadata.labels?.["controller.kubernetes.io/hash"]).toBe(String(rev.metadata.name).slice(4));
    expect(rev.metadata.ownerReferences?.[0]).toMatchObject({ kind: "StatefulSet", name: "web", controller: true });
    const data = rev.data as { spec: { template: Record<string, unknown> } };
    expect(Object.keys(data)).toEqual(["spec"]);
    expect(data.spec.template.$patch).toBe("replace");
    expect((data.spec.template.spec as { containers: { image: string }[] }).containers[0].image).toBe(
      "registry.k8s.io/nginx-slim:0.24",
    );
  });

  it("scales down from the highest ordinal, one at a time, and keeps the claims", async () => {
    const c = cluster();
    c.create(web());
    await settled(c);
    c.update("statefulsets.apps", "default", "web", (o) => {
      (o.spec as { replicas: number }).replicas = 1;
    });
    await c.settle();
    expect(livePodNames(c)).toEqual(["web-0", "web-1"]);
    expect(c.get("pods", "default", "web-2")?.metadata.deletionTimestamp).toBeDefined();
    await c.advance(STOP_MS);
    expect(podNames(c)).toEqual(["web-0", "web-1"]);
    expect(c.get("pods", "default", "web-1")?.metadata.deletionTimestamp).toBeDefined();
    await c.advance(STOP_MS);
    expect(podNames(c)).toEqual(["web-0"]);
    expect(pvcNames(c)).toEqual(["www-web-0", "www-web-1", "www-web-2"]);
    expect(messages(c)).toContain("SuccessfulDelete: delete Pod web-2 in StatefulSet web successful");
    const msgs = messages(c);
    expect(msgs.indexOf("SuccessfulDelete: delete Pod web-2 in StatefulSet web successful")).toBeLessThan(
      msgs.indexOf("SuccessfulDelete: delete Pod web-1 in StatefulSet web successful"),
    );
    expect(status(c)).toMatchObject({ replicas: 1, readyReplicas: 1, availableReplicas: 1 });

    // Scaling back up reuses the kept claims.
    c.update("statefulsets.apps", "default", "web", (o) => {
      (o.spec as { replicas: number }).replicas = 2;
    });
    await settled(c);
    expect(podNames(c)).toEqual(["web-0", "web-1"]);
    expect(messages(c).filter((m) => m.includes("Claim www-web-1"))).toHaveLength(1);
  });

  it("deletes the claims of scaled-down pods when whenScaled is Delete", async () => {
    const c = cluster();
    c.create(web({ retention: { whenScaled: "Delete", whenDeleted: "Retain" } }));
    await settled(c);
    c.update("statefulsets.apps", "default", "web", (o) => {
      (o.spec as { replicas: number }).replicas = 1;
    });
    await settled(c);
    expect(podNames(c)).toEqual(["web-0"]);
    expect(pvcNames(c)).toEqual(["www-web-0"]);
  });

  it("Parallel pod management creates and deletes all pods at once", async () => {
    const c = cluster();
    c.create(web({ parallel: true }));
    await c.settle();
    expect(podNames(c)).toEqual(["web-0", "web-1", "web-2"]);
    await settled(c);
    c.update("statefulsets.apps", "default", "web", (o) => {
      (o.spec as { replicas: number }).replicas = 0;
    });
    await c.settle();
    expect(livePodNames(c)).toEqual([]);
    await c.advance(STOP_MS);
    expect(podNames(c)).toEqual([]);
  });

  it("rolls out highest ordinal first, respecting the partition", async () => {
    const c = cluster();
    c.create(web({ partition: 1 }));
    await settled(c);
    const rev1 = String(status(c).currentRevision);
    setImage(c, "registry.k8s.io/nginx-slim:0.27");
    await c.settle();
    expect(c.get("pods", "default", "web-2")?.metadata.deletionTimestamp).toBeDefined();
    expect(c.get("pods", "default", "web-1")?.metadata.deletionTimestamp).toBeUndefined();
    await c.advance(STOP_MS);
    expect(image(c.get("pods", "default", "web-2"))).toBe("registry.k8s.io/nginx-slim:0.27");
    // web-1 waits until the new web-2 is Ready.
    expect(c.get("pods", "default", "web-1")?.metadata.deletionTimestamp).toBeUndefined();
    await settled(c);
    expect(image(c.get("pods", "default", "web-1"))).toBe("registry.k8s.io/nginx-slim:0.27");
    expect(image(c.get("pods", "default", "web-0"))).toBe("registry.k8s.io/nginx-slim:0.24");
    let s = status(c);
    expect(s).toMatchObject({
      replicas: 3,
      readyReplicas: 3,
      updatedReplicas: 2,
      currentReplicas: 1,
      currentRevision: rev1,
    });
    expect(s.updateRevision).not.toBe(rev1);

    c.update("statefulsets.apps", "default", "web", (o) => {
      (o.spec as { updateStrategy: { rollingUpdate: { partition: number } } }).updateStrategy.rollingUpdate.partition =
        0;
    });
    await settled(c);
    expect(image(c.get("pods", "default", "web-0"))).toBe("registry.k8s.io/nginx-slim:0.27");
    s = status(c);
    expect(s).toMatchObject({
      replicas: 3,
      readyReplicas: 3,
      updatedReplicas: 3,
      currentReplicas: 3,
      observedGeneration: 3,
    });
    expect(s.currentRevision).toBe(s.updateRevision);
  });

  it("OnDelete only updates pods a user deletes", async () => {
    const c = cluster();
    c.create(web({ onDelete: true }));
    await settled(c);
    setImage(c, "registry.k8s.io/nginx-slim:0.27");
    await settled(c);
    expect(c.list("pods", "default").map(image)).toEqual(Array(3).fill("registry.k8s.io/nginx-slim:0.24"));
    expect(status(c).currentReplicas).toBe(3);
    expect(status(c).updatedReplicas).toBeUndefined();
    c.delete("pods", "default", "web-1");
    await settled(c);
    expect(image(c.get("pods", "default", "web-1"))).toBe("registry.k8s.io/nginx-slim:0.27");
    expect(image(c.get("pods", "default", "web-2"))).toBe("registry.k8s.io/nginx-slim:0.24");
    expect(status(c)).toMatchObject({ updatedReplicas: 1, currentReplicas: 2, readyReplicas: 3 });
  });

  it("records revisions for rollout history and rolls back to an older one as a new revision", async () => {
    const c = cluster();
    c.create(web({ replicas: 2 }));
    await settled(c);
    setImage(c, "registry.k8s.io/nginx-slim:0.27");
    await settled(c);
    let revs = c.list("controllerrevisions.apps", "default").sort((a, b) => Number(a.revision) - Number(b.revision));
    expect(revs.map((r) => r.revision)).toEqual([1, 2]);
    const first = revs[0];
    // kubectl rollout undo: the revision's data is a strategic-merge patch replacing the template.
    const template = structuredClone((first.data as { spec: { template: Record<string, unknown> } }).spec.template);
    delete template.$patch;
    c.update("statefulsets.apps", "default", "web", (o) => {
      (o.spec as { template: unknown }).template = template;
    });
    await settled(c);
    revs = c.list("controllerrevisions.apps", "default").sort((a, b) => Number(a.revision) - Number(b.revision));
    expect(revs.map((r) => [r.metadata.name, r.revision])).toEqual([
      [revs[0].metadata.name, 2],
      [first.metadata.name, 3],
    ]);
    expect(status(c).updateRevision).toBe(first.metadata.name);
    expect(c.list("pods", "default").map(image)).toEqual(Array(2).fill("registry.k8s.io/nginx-slim:0.24"));
  });

  it("prunes revisions beyond revisionHistoryLimit", async () => {
    const c = cluster();
    const sts = web({ replicas: 1 });
    (sts.spec as { revisionHistoryLimit: number }).revisionHistoryLimit = 1;
    c.create(sts);
    await settled(c);
    for (const tag of ["0.25", "0.26", "0.27"]) {
      setImage(c, `registry.k8s.io/nginx-slim:${tag}`);
      await settled(c);
    }
    const revs = c
      .list("controllerrevisions.apps", "default")
      .map((r) => r.revision)
      .sort();
    expect(revs).toEqual([3, 4]);
  });

  it("recreates failed pods and pods a user deleted, with the same name", async () => {
    const c = cluster();
    c.create(web({ replicas: 2 }));
    await settled(c);
    const uid = c.get("pods", "default", "web-0")?.metadata.uid;
    c.delete("pods", "default", "web-0");
    await settled(c);
    const again = c.get("pods", "default", "web-0");
    expect(again?.metadata.uid).not.toBe(uid);
    expect(phase(c, "web-0")).toBe("Running");

    const decl = declOf(c.registry, "", "pods");
    const failed = c.get("pods", "default", "web-1")!;
    c.store.update(
      decl,
      "default",
      "web-1",
      { ...failed, status: { ...(failed.status as object), phase: "Failed" } },
      {
        dryRun: false,
        fieldManager: "kubelet",
        subresource: "status",
      },
    );
    await settled(c);
    expect(phase(c, "web-1")).toBe("Running");
    expect(messages(c)).toContain("RecreatingFailedPod: StatefulSet default/web is recreating failed Pod web-1");
  });

  it("waits minReadySeconds before creating the next pod", async () => {
    const c = cluster();
    const sts = web({ replicas: 2 });
    (sts.spec as { minReadySeconds: number }).minReadySeconds = 10;
    c.create(sts);
    await c.settle();
    await c.advance(READY_MS + 9_000);
    expect(podNames(c)).toEqual(["web-0"]);
    expect(status(c)).toMatchObject({ readyReplicas: 1, availableReplicas: 0 });
    // podutil.IsPodAvailable: ready time + minReadySeconds must be strictly before now.
    await c.advance(1_000);
    expect(podNames(c)).toEqual(["web-0"]);
    await c.advance(1);
    expect(podNames(c)).toEqual(["web-0", "web-1"]);
    expect(status(c)).toMatchObject({ availableReplicas: 1 });
  });
});
