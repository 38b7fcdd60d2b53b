import { describe, expect, it } from "vitest";
import type { KObject } from "../../../src/kube/object";
import { deploymentColumns } from "../../../src/kube/printers";
import { rolloutStatus as kubectlRolloutStatus } from "../../../src/kube/rollout-status";
import { computeHash } from "../../../src/reconcile/workloads/deployment-hash";
import {
  livePods,
  messages,
  nginxTemplate,
  podReady,
  type WorkloadCluster,
  workloadCluster,
} from "./replicaset-fake-kubelet";

type Status = {
  observedGeneration?: number;
  replicas?: number;
  updatedReplicas?: number;
  readyReplicas?: number;
  availableReplicas?: number;
  unavailableReplicas?: number;
  conditions?: { type: string; status: string; reason: string; message: string; lastUpdateTime: string }[];
};

function deployment(name: string, replicas: number, spec: Record<string, unknown> = {}): KObject {
  return {
    apiVersion: "apps/v1",
    kind: "Deployment",
    metadata: { name, namespace: "default" },
    spec: { replicas, selector: { matchLabels: { app: "nginx" } }, template: nginxTemplate(), ...spec },
  };
}

const getD = (c: WorkloadCluster, name = "nginx-deployment") => c.get("deployments.apps", "default", name)!;
const st = (o: KObject) => (o.status ?? {}) as Status;
const cond = (o: KObject, type: string) => st(o).conditions?.find((x) => x.type === type);
const rsSpecReplicas = (rs: KObject) => (rs.spec as { replicas: number }).replicas;
const revision = (rs: KObject) => rs.metadata.annotations?.["deployment.kubernetes.io/revision"];

/** ReplicaSets of a Deployment, oldest revision first. */
function replicaSets(c: WorkloadCluster, name = "nginx-deployment"): KObject[] {
  return c
    .list("replicasets.apps", "default")
    .filter((rs) => rs.metadata.ownerReferences?.[0]?.name === name)
    .sort((a, b) => Number(revision(a)) - Number(revision(b)));
}

function setImage(c: WorkloadCluster, image: string, name = "nginx-deployment") {
  c.update("deployments.apps", "default", name, (d) => {
    (d.spec as { template: { spec: { containers: { image: string }[] } } }).template.spec.containers[0].image = image;
  });
}

/** What `kubectl rollout status` prints for a Deployment (its errors go to stderr prefixed "error: "). */
function rolloutStatus(d: KObject): string {
  const r = kubectlRolloutStatus(d);
  return r.failed ? `error: ${r.message}` : r.message;
}

/** `kubectl get deploy` cells: NAME READY UP-TO-DATE AVAILABLE. */
const row = (d: KObject) =>
  deploymentColumns.slice(0, 4).map((col) => String(col.cell(d, Date.parse("2026-01-01T00:00:00Z"))));

async function rolledOut(c: WorkloadCluster, name = "nginx-deployment", maxMs = 120_000) {
  for (let t = 0; t < maxMs; t += 1000) {
    if (rolloutStatus(getD(c, name)).endsWith("successfully rolled out")) return;
    await c.advance(1000);
  }
  throw new Error(`not rolled out: ${rolloutStatus(getD(c, name))}`);
}

describe("Deployment controller", { timeout: 30_000 }, () => {
  it("creates a hashed ReplicaSet and reports what kubectl get / rollout status show", async () => {
    const c = workloadCluster();
    c.create(deployment("nginx-deployment", 3));
    await c.settle();
    const [rs] = replicaSets(c);
    const hash = rs.metadata.labels?.["pod-template-hash"];
    expect(hash).toMatch(/^[4-9bcdf]{1,10}$/);
    expect(rs.metadata.name).toBe(`nginx-deployment-${hash}`);
    expect(hash).toBe(computeHash((getD(c).spec as { template: unknown }).template));
    expect(rs.spec).toMatchObject({
      replicas: 3,
      selector: { matchLabels: { app: "nginx", "pod-template-hash": hash } },
      template: { metadata: { labels: { app: "nginx", "pod-template-hash": hash } } },
    });
    expect(rs.metadata.annotations).toEqual({
      "deployment.kubernetes.io/desired-replicas": "3",
      "deployment.kubernetes.io/max-replicas": "4",
      "deployment.kubernetes.io/revision": "1",
    });
    expect(rs.metadata.ownerReferences?.[0]).toMatchObject({
      kind: "Deployment",
      controller: true,
      blockOwnerDeletion: true,
    });
    expect(livePods(c).every((p) => String(p.metadata.name).startsWith(`${rs.metadata.name}-`))).toBe(true);
    expect(messages(c, "nginx-deployment")).toEqual([
      `ScalingReplicaSet: Scaled up replica set ${rs.metadata.name} to 3`,
    ]);
    expect(c.events("default", "nginx-deployment")[0].source).toEqual({ component: "deployment-controller" });
    expect(getD(c).metadata.annotations?.["deployment.kubernetes.io/revision"]).toBe("1");
    expect(cond(getD(c), "Available")).toMatchObject({
      status: "False",
      reason: "MinimumReplicasUnavailable",
      message: "Deployment does not have minimum availability.",
    });
    expect(cond(getD(c), "Progressing")).toMatchObject({ status: "True", reason: "ReplicaSetUpdated" });
    expect(rolloutStatus(getD(c))).toBe(
      'Waiting for deployment "nginx-deployment" rollout to finish: 0 of 3 updated replicas are available...',
    );

    await rolledOut(c);
    const d = getD(c);
    expect(row(d)).toEqual(["nginx-deployment", "3/3", "3", "3"]);
    expect(st(d)).toMatchObject({
      observedGeneration: 1,
      replicas: 3,
      updatedReplicas: 3,
      readyReplicas: 3,
      availableReplicas: 3,
    });
    expect(st(d).unavailableReplicas).toBeUndefined();
    expect(st(d).conditions?.map((x) => [x.type, x.status, x.reason, x.message])).toEqual([
      ["Available", "True", "MinimumReplicasAvailable", "Deployment has minimum availability."],
      [
        "Progressing",
        "True",
        "NewReplicaSetAvailable",
        `ReplicaSet "${rs.metadata.name}" has successfully progressed.`,
      ],
    ]);
    // Quiet once done: no polling.
    expect(c.engine.pending()).toBe(0);
  });

  it("rolls 1.20 to 1.21 within maxSurge/maxUnavailable 25% at every step", async () => {
    const c = workloadCluster();
    c.create(deployment("nginx-deployment", 4));
    await rolledOut(c);
    setImage(c, "nginx:1.21");
    await c.settle();
    expect(replicaSets(c)).toHaveLength(2);
    let steps = 0;
    while (!rolloutStatus(getD(c)).endsWith("successfully rolled out")) {
      const live = livePods(c);
      // 4 replicas: maxSurge ceil(1) → at most 5 pods; maxUnavailable floor(1) → at least 3 ready.
      expect(live.length).toBeLessThanOrEqual(5);
      expect(live.filter(podReady).length).toBeGreaterThanOrEqual(3);
      const specTotal = replicaSets(c).reduce((n, rs) => n + rsSpecReplicas(rs), 0);
      expect(specTotal).toBeLessThanOrEqual(5);
      await c.advance(250);
      if (++steps > 400) throw new Error(rolloutStatus(getD(c)));
    }
    const [oldRS, newRS] = replicaSets(c);
    expect(rsSpecReplicas(oldRS)).toBe(0);
    expect(revision(oldRS)).toBe("1");
    expect(revision(newRS)).toBe("2");
    expect(rsSpecReplicas(newRS)).toBe(4);
    expect(getD(c).metadata.annotations?.["deployment.kubernetes.io/revision"]).toBe("2");
    const images = livePods(c).map((p) => (p.spec as { containers: { image: string }[] }).containers[0].image);
    expect(images).toEqual(["nginx:1.21", "nginx:1.21", "nginx:1.21", "nginx:1.21"]);
    const [o, n] = [oldRS.metadata.name, newRS.metadata.name];
    // Both surge pods of a step get ready together here, so the old ReplicaSet drops two at a time.
    expect(messages(c, "nginx-deployment")).toEqual([
      `ScalingReplicaSet: Scaled up replica set ${o} to 4`,
      `ScalingReplicaSet: Scaled up replica set ${n} to 1`,
      `ScalingReplicaSet: Scaled down replica set ${o} to 3 from 4`,
      `ScalingReplicaSet: Scaled up replica set ${n} to 2 from 1`,
      `ScalingReplicaSet: Scaled down replica set ${o} to 1 from 3`,
      `ScalingReplicaSet: Scaled up replica set ${n} to 4 from 2`,
      `ScalingReplicaSet: Scaled down replica set ${o} to 0 from 1`,
    ]);
    expect(cond(getD(c), "Progressing")?.message).toBe(
      `ReplicaSet "${newRS.metadata.name}" has successfully progressed.`,
    );
  });

  it("Recreate scales the old ReplicaSet to zero and waits for its pods before starting new ones", async () => {
    const c = workloadCluster();
    c.create(deployment("nginx-deployment", 3, { strategy: { type: "Recreate" } }));
    await rolledOut(c);
    setImage(c, "nginx:1.21");
    let sawWaiting = false;
    for (let i = 0; i < 60; i++) {
      await c.advance(250);
      const pods = c.list("pods", "default");
      const images = new Set(pods.map((p) => (p.spec as { containers: { image: string }[] }).containers[0].image));
      expect(images.size).toBeLessThanOrEqual(1); // never old and new pods together, terminating ones included
      if (pods.length > 0 && pods.every((p) => p.metadata.deletionTimestamp)) sawWaiting = true;
    }
    expect(sawWaiting).toBe(true);
    await rolledOut(c);
    const [oldRS, newRS] = replicaSets(c);
    expect(rsSpecReplicas(oldRS)).toBe(0);
    expect(rsSpecReplicas(newRS)).toBe(3);
    expect(messages(c, "nginx-deployment")).toEqual([
      `ScalingReplicaSet: Scaled up replica set ${oldRS.metadata.name} to 3`,
      `ScalingReplicaSet: Scaled down replica set ${oldRS.metadata.name} to 0 from 3`,
      `ScalingReplicaSet: Scaled up replica set ${newRS.metadata.name} to 3`,
    ]);
  });

  it("rollout undo brings revision 1's ReplicaSet back as revision 3", async () => {
    const c = workloadCluster();
    c.create(deployment("nginx-deployment", 3));
    await rolledOut(c);
    setImage(c, "nginx:1.21");
    await rolledOut(c);
    const [rs1, rs2] = replicaSets(c);
    // kubectl rollout undo: the template of the previous revision's ReplicaSet, without its hash label.
    c.update("deployments.apps", "default", "nginx-deployment", (d) => {
      const template = structuredClone(
        (rs1.spec as { template: { metadata: { labels: Record<string, string> } } }).template,
      );
      delete template.metadata.labels["pod-template-hash"];
      (d.spec as Record<string, unknown>).template = template;
    });
    await rolledOut(c);
    const after = replicaSets(c);
    expect(after.map((rs) => rs.metadata.name)).toEqual([rs2.metadata.name, rs1.metadata.name]);
    const back = after[1];
    expect(revision(back)).toBe("3");
    expect(back.metadata.annotations?.["deployment.kubernetes.io/revision-history"]).toBe("1");
    expect(rsSpecReplicas(back)).toBe(3);
    expect(rsSpecReplicas(after[0])).toBe(0);
    expect(getD(c).metadata.annotations?.["deployment.kubernetes.io/revision"]).toBe("3");
    expect(messages(c, "nginx-deployment")).toContain(
      `ScalingReplicaSet: Scaled up replica set ${rs1.metadata.name} to 1 from 0`,
    );
  });

  it("pause holds a template change back (scaling still works); resume rolls it out", async () => {
    const c = workloadCluster();
    c.create(deployment("nginx-deployment", 2));
    await rolledOut(c);
    c.update("deployments.apps", "default", "nginx-deployment", (d) => {
      (d.spec as Record<string, unknown>).paused = true;
    });
    await c.settle();
    expect(cond(getD(c), "Progressing")).toMatchObject({
      status: "Unknown",
      reason: "DeploymentPaused",
      message: "Deployment is paused",
    });
    setImage(c, "nginx:1.21");
    c.update("deployments.apps", "default", "nginx-deployment", (d) => {
      (d.spec as Record<string, number>).replicas = 3;
    });
    await c.advance(10_000);
    expect(replicaSets(c)).toHaveLength(1);
    expect(rsSpecReplicas(replicaSets(c)[0])).toBe(3);
    expect(livePods(c)).toHaveLength(3);
    expect(st(getD(c))).toMatchObject({ observedGeneration: 4, replicas: 3, readyReplicas: 3 });
    expect(rolloutStatus(getD(c))).toMatch(/0 out of 3 new replicas have been updated/);

    c.update("deployments.apps", "default", "nginx-deployment", (d) => {
      (d.spec as Record<string, unknown>).paused = false;
    });
    await c.settle();
    expect(replicaSets(c)).toHaveLength(2);
    await rolledOut(c);
    expect(revision(replicaSets(c)[1])).toBe("2");
    const reasons = c.events("default", "nginx-deployment").map((e) => e.reason);
    expect(new Set(reasons)).toEqual(new Set(["ScalingReplicaSet"]));
  });

  it("reports ProgressDeadlineExceeded when new pods never become ready", async () => {
    const c = workloadCluster();
    c.create(deployment("nginx-deployment", 2, { progressDeadlineSeconds: 60 }));
    await rolledOut(c);
    setImage(c, "nginx:broken");
    await c.advance(59_000);
    expect(cond(getD(c), "Progressing")).toMatchObject({ status: "True", reason: "ReplicaSetUpdated" });
    await c.advance(2000);
    const newRS = replicaSets(c)[1];
    expect(cond(getD(c), "Progressing")).toMatchObject({
      status: "False",
      reason: "ProgressDeadlineExceeded",
      message: `ReplicaSet "${newRS.metadata.name}" has timed out progressing.`,
    });
    expect(rolloutStatus(getD(c))).toBe('error: deployment "nginx-deployment" exceeded its progress deadline');
    // The old pods keep serving: maxUnavailable 25% of 2 rounds down to 0.
    expect(cond(getD(c), "Available")).toMatchObject({ status: "True" });
    expect(livePods(c).filter(podReady)).toHaveLength(2);
    expect(c.engine.pending()).toBe(0);
  });

  it("keeps revisionHistoryLimit old ReplicaSets", async () => {
    const c = workloadCluster();
    c.create(deployment("nginx-deployment", 1, { revisionHistoryLimit: 2 }));
    await rolledOut(c);
    for (const v of ["1.21", "1.22", "1.23", "1.24"]) {
      setImage(c, `nginx:${v}`);
      await rolledOut(c);
      await c.settle();
    }
    expect(replicaSets(c).map(revision)).toEqual(["3", "4", "5"]);
  });

  it("kubectl scale mid-rollout spreads new replicas proportionally", async () => {
    const c = workloadCluster();
    c.create(deployment("nginx-deployment", 10));
    await rolledOut(c);
    setImage(c, "nginx:broken");
    await c.advance(5000);
    let [oldRS, newRS] = replicaSets(c);
    // maxSurge 3, maxUnavailable 2: the broken new ReplicaSet stalls at 5, the old one at 8.
    expect([rsSpecReplicas(oldRS), rsSpecReplicas(newRS)]).toEqual([8, 5]);
    c.update("deployments.apps", "default", "nginx-deployment", (d) => {
      (d.spec as Record<string, number>).replicas = 15;
    });
    await c.advance(5000);
    [oldRS, newRS] = replicaSets(c);
    // 15 + maxSurge 4 = 19 allowed: 6 more split by size, 8*19/13 → 12 and 5*19/13 → 7.
    expect([rsSpecReplicas(oldRS), rsSpecReplicas(newRS)]).toEqual([12, 7]);
    expect(oldRS.metadata.annotations?.["deployment.kubernetes.io/desired-replicas"]).toBe("15");
    expect(newRS.metadata.annotations?.["deployment.kubernetes.io/max-replicas"]).toBe("19");
    expect(messages(c, "nginx-deployment")).toEqual(
      expect.arrayContaining([
        `ScalingReplicaSet: Scaled up replica set ${oldRS.metadata.name} to 12 from 8`,
        `ScalingReplicaSet: Scaled up replica set ${newRS.metadata.name} to 7 from 5`,
      ]),
    );
  });

  it("rollout restart (a restartedAt template annotation) makes a new ReplicaSet", async () => {
    const c = workloadCluster();
    c.create(deployment("nginx-deployment", 2));
    await rolledOut(c);
    c.update("deployments.apps", "default", "nginx-deployment", (d) => {
      const t = (d.spec as { template: { metadata: { annotations?: Record<string, string> } } }).template;
      t.metadata.annotations = { "kubectl.kubernetes.io/restartedAt": "2026-01-01T00:05:00Z" };
    });
    await rolledOut(c);
    const [oldRS, newRS] = replicaSets(c);
    expect(newRS.metadata.name).not.toBe(oldRS.metadata.name);
    expect(rsSpecReplicas(oldRS)).toBe(0);
    expect(livePods(c).every((p) => p.metadata.annotations?.["kubectl.kubernetes.io/restartedAt"])).toBe(true);
  });
});
