import { describe, expect, it } from "vitest";
import { rfc3339 } from "../../../src/apiserver/time";
import type { KObject } from "../../../src/kube/object";
import { horizontalPodAutoscalerColumns } from "../../../src/kube/printers";
import { horizontalPodAutoscalerController } from "../../../src/reconcile/core/hpa-controller";
import { createTestCluster, type TestCluster } from "../harness/memory-cluster";
import { createPod } from "./fixtures";

const LOAD = "sim.edgeplane.dev/cpu-load";

type Condition = { type: string; status: string; reason: string; message: string };
type HpaStatus = {
  currentReplicas?: number;
  desiredReplicas: number;
  lastScaleTime?: string;
  currentMetrics?: { type: string; resource?: { name: string; current: Record<string, unknown> } }[] | null;
  conditions?: Condition[];
};

function cluster(): TestCluster {
  return createTestCluster({ controllers: [horizontalPodAutoscalerController] });
}

function deployment(c: TestCluster, replicas: number): KObject {
  const labels = { app: "web" };
  return c.create({
    apiVersion: "apps/v1",
    kind: "Deployment",
    metadata: { name: "web", namespace: "default" },
    spec: {
      replicas,
      selector: { matchLabels: labels },
      template: {
        metadata: { labels },
        spec: { containers: [{ name: "nginx", image: "nginx", resources: { requests: { cpu: "200m" } } }] },
      },
    },
  });
}

let ip = 10;
/** A running, ready pod of the deployment, as a kubelet reports it (startTime, running container). */
function webPod(c: TestCluster, name: string, load: string, requests: Record<string, string> | null = { cpu: "200m" }) {
  createPod(c, name, {
    labels: { app: "web" },
    node: "test-worker",
    ip: `10.244.1.${ip++}`,
    annotations: { [LOAD]: load },
    ...(requests ? { requests } : {}),
  });
  const decl = c.registry.byResource("", "pods")!;
  const cur = c.store.get(decl, "default", name);
  c.store.update(
    decl,
    "default",
    name,
    { ...cur, status: { ...(cur.status as object), startTime: rfc3339(c.now()) } },
    { dryRun: false, fieldManager: "kubelet", subresource: "status" },
  );
}

function setLoad(c: TestCluster, names: string[], load: string) {
  for (const n of names) {
    c.update("pods", "default", n, (p) => {
      p.metadata.annotations = { ...p.metadata.annotations, [LOAD]: load };
    });
  }
}

function hpa(c: TestCluster, spec: Record<string, unknown> = {}): KObject {
  return c.create({
    apiVersion: "autoscaling/v2",
    kind: "HorizontalPodAutoscaler",
    metadata: { name: "web", namespace: "default" },
    spec: {
      scaleTargetRef: { apiVersion: "apps/v1", kind: "Deployment", name: "web" },
      minReplicas: 1,
      maxReplicas: 10,
      metrics: [
        { type: "Resource", resource: { name: "cpu", target: { type: "Utilization", averageUtilization: 80 } } },
      ],
      ...spec,
    },
  });
}

const statusOf = (c: TestCluster) =>
  c.get("horizontalpodautoscalers.autoscaling", "default", "web")!.status as HpaStatus;
const condition = (c: TestCluster, type: string) => statusOf(c).conditions?.find((x) => x.type === type);
const replicas = (c: TestCluster) =>
  (c.get("deployments.apps", "default", "web")!.spec as { replicas: number }).replicas;
const events = (c: TestCluster) => c.events("default", "web").map((e) => `${e.type} ${e.reason} ${e.message}`);
const targets = (c: TestCluster) => {
  const col = horizontalPodAutoscalerColumns.find((x) => x.name === "Targets")!;
  return col.cell(c.get("horizontalpodautoscalers.autoscaling", "default", "web")!, c.now());
};

describe("horizontal pod autoscaler", () => {
  it("waits one sync period, then scales up on CPU utilization of requests", async () => {
    const c = cluster();
    deployment(c, 3);
    for (const n of ["web-a", "web-b", "web-c"]) webPod(c, n, "250m");
    hpa(c);
    await c.settle();
    expect(targets(c)).toBe("cpu: <unknown>/80%");
    await c.advance(14_000);
    expect(replicas(c)).toBe(3);

    await c.advance(1_000);
    // 3 pods at 250m of 200m requested: 125% against 80% → ceil(1.5625 × 3) = 5.
    expect(replicas(c)).toBe(5);
    expect(events(c)).toEqual([
      "Normal SuccessfulRescale New size: 5; reason: cpu resource utilization (percentage of request) above target",
    ]);
    const st = statusOf(c);
    expect(st.currentReplicas).toBe(3);
    expect(st.desiredReplicas).toBe(5);
    expect(st.lastScaleTime).toBe(rfc3339(c.now()));
    expect(st.currentMetrics).toEqual([
      { type: "Resource", resource: { name: "cpu", current: { averageValue: "250m", averageUtilization: 125 } } },
    ]);
    expect(targets(c)).toBe("cpu: 125%/80%");
    expect(st.conditions?.map((x) => [x.type, x.status, x.reason, x.message])).toEqual([
      ["AbleToScale", "True", "SucceededRescale", "the HPA controller was able to update the target scale to 5"],
      [
        "ScalingActive",
        "True",
        "ValidMetricFound",
        "the HPA was able to successfully calculate a replica count from cpu resource utilization (percentage of request)",
      ],
      ["ScalingLimited", "False", "DesiredWithinRange", "the desired count is within the acceptable range"],
    ]);
    const managers = c.get("deployments.apps", "default", "web")!.metadata.managedFields?.map((m) => m.manager);
    expect(managers).toContain("kube-controller-manager");
  });

  it("is capped by maxReplicas (and, without a behavior, by doubling)", async () => {
    const c = cluster();
    deployment(c, 3);
    for (const n of ["web-a", "web-b", "web-c"]) webPod(c, n, "500m");
    hpa(c, { maxReplicas: 5 });
    await c.advance(15_000);
    // 250% wants 10; the scale-up limit max(2×3, 4) = 6 is above maxReplicas, so maxReplicas limits.
    expect(replicas(c)).toBe(5);
    expect(condition(c, "ScalingLimited")).toMatchObject({
      status: "True",
      reason: "TooManyReplicas",
      message: "the desired replica count is more than the maximum replica count",
    });
    expect(targets(c)).toBe("cpu: 250%/80%");

    const d = cluster();
    deployment(d, 2);
    for (const n of ["web-a", "web-b"]) webPod(d, n, "500m");
    hpa(d, { maxReplicas: 10 });
    await d.advance(15_000);
    // 250% of 2 pods wants 7; at most max(2×2, 4) = 4 per sync.
    expect(replicas(d)).toBe(4);
    expect(condition(d, "ScalingLimited")?.reason).toBe("ScaleUpLimit");
  });

  it("stays put within the 10% tolerance", async () => {
    const c = cluster();
    deployment(c, 2);
    for (const n of ["web-a", "web-b"]) webPod(c, n, "170m");
    hpa(c);
    await c.advance(60_000);
    expect(replicas(c)).toBe(2);
    expect(events(c)).toEqual([]);
    expect(targets(c)).toBe("cpu: 85%/80%");
    expect(statusOf(c).desiredReplicas).toBe(2);
    expect(statusOf(c).lastScaleTime).toBeUndefined();
    expect(condition(c, "AbleToScale")).toMatchObject({ reason: "ReadyForNewScale" });
    // A steady state writes nothing.
    const rv = c.get("horizontalpodautoscalers.autoscaling", "default", "web")!.metadata.resourceVersion;
    await c.advance(45_000);
    expect(c.get("horizontalpodautoscalers.autoscaling", "default", "web")!.metadata.resourceVersion).toBe(rv);
  });

  it("leaves a target scaled to zero alone (ScalingDisabled)", async () => {
    const c = cluster();
    deployment(c, 0);
    hpa(c);
    await c.advance(15_000);
    expect(replicas(c)).toBe(0);
    expect(condition(c, "ScalingActive")).toMatchObject({
      status: "False",
      reason: "ScalingDisabled",
      message: "scaling is disabled since the replica count of the target is zero",
    });
    const rv = c.get("horizontalpodautoscalers.autoscaling", "default", "web")!.metadata.resourceVersion;
    await c.advance(30_000);
    expect(c.get("horizontalpodautoscalers.autoscaling", "default", "web")!.metadata.resourceVersion).toBe(rv);
  });

  it("autoscales what `kubectl autoscale` creates (autoscaling/v1)", async () => {
    const c = cluster();
    deployment(c, 2);
    for (const n of ["web-a", "web-b"]) webPod(c, n, "300m");
    c.create({
      apiVersion: "autoscaling/v1",
      kind: "HorizontalPodAutoscaler",
      metadata: { name: "web", namespace: "default" },
      spec: {
        scaleTargetRef: { apiVersion: "apps/v1", kind: "Deployment", name: "web" },
        maxReplicas: 10,
        targetCPUUtilizationPercentage: 50,
      },
    });
    await c.advance(15_000);
    // 150% of 50% → 6, limited to max(2×2, 4) = 4.
    expect(replicas(c)).toBe(4);
    const v1 = c.registry.byKind("autoscaling", "HorizontalPodAutoscaler", "v1")!;
    const st = c.store.get(v1, "default", "web").status as Record<string, unknown>;
    expect(st).toMatchObject({ currentReplicas: 2, desiredReplicas: 4, currentCPUUtilizationPercentage: 150 });
  });

  it("scales down only after the 300 s stabilization window", async () => {
    const c = cluster();
    deployment(c, 3);
    const names = ["web-a", "web-b", "web-c"];
    for (const n of names) webPod(c, n, "250m");
    hpa(c);
    await c.advance(15_000);
    expect(replicas(c)).toBe(5);
    // The load goes away right after the last high recommendation.
    setLoad(c, names, "10m");
    await c.advance(300_000);
    expect(replicas(c)).toBe(5);
    expect(condition(c, "AbleToScale")).toMatchObject({
      reason: "ScaleDownStabilized",
      message: "recent recommendations were higher than current one, applying the highest recent recommendation",
    });
    await c.advance(15_000);
    expect(replicas(c)).toBe(1);
    expect(events(c).at(-1)).toBe("Normal SuccessfulRescale New size: 1; reason: All metrics below target");
  });

  it("respects minReplicas", async () => {
    const c = cluster();
    deployment(c, 1);
    webPod(c, "web-a", "10m");
    hpa(c, { minReplicas: 2 });
    await c.advance(15_000);
    expect(replicas(c)).toBe(2);
    expect(events(c)).toEqual([
      "Normal SuccessfulRescale New size: 2; reason: Current number of replicas below Spec.MinReplicas",
    ]);
    webPod(c, "web-b", "10m");
    await c.advance(330_000);
    expect(replicas(c)).toBe(2);
    expect(condition(c, "ScalingLimited")).toMatchObject({
      status: "True",
      reason: "TooFewReplicas",
      message: "the desired replica count is less than the minimum replica count",
    });
  });

  it("reports pods without a CPU request as FailedGetResourceMetric", async () => {
    const c = cluster();
    deployment(c, 1);
    webPod(c, "web-a", "500m", null);
    hpa(c);
    await c.advance(15_000);
    expect(replicas(c)).toBe(1);
    const cause = "failed to get cpu utilization: missing request for cpu in container nginx of Pod web-a";
    expect(events(c)).toEqual([
      `Warning FailedGetResourceMetric ${cause}`,
      `Warning FailedComputeMetricsReplicas invalid metrics (1 invalid out of 1), first error is: failed to get cpu resource metric value: ${cause}`,
    ]);
    expect(condition(c, "ScalingActive")).toMatchObject({
      status: "False",
      reason: "FailedGetResourceMetric",
      message: `the HPA was unable to compute the replica count: ${cause}`,
    });
    expect(statusOf(c).currentMetrics).toEqual([{ type: "" }]);
    expect(targets(c)).toBe("cpu: <unknown>/80%");
    // Repeats aggregate into counts, as kubectl describe shows "(x2 over 15s)".
    await c.advance(15_000);
    const ev = c.events("default", "web").find((e) => e.reason === "FailedGetResourceMetric")!;
    expect(ev.count).toBe(2);
  });

  it("reports a missing target as FailedGetScale", async () => {
    const c = cluster();
    hpa(c);
    await c.advance(15_000);
    expect(events(c)).toEqual(['Warning FailedGetScale deployments/scale.apps "web" not found']);
    expect(condition(c, "AbleToScale")).toMatchObject({
      status: "False",
      reason: "FailedGetScale",
      message:
        'the HPA controller was unable to get the target\'s current scale: deployments/scale.apps "web" not found',
    });
  });

  it("honours a user behavior: at most one pod per minute up", async () => {
    const c = cluster();
    deployment(c, 2);
    for (const n of ["web-a", "web-b"]) webPod(c, n, "500m");
    hpa(c, { behavior: { scaleUp: { policies: [{ type: "Pods", value: 1, periodSeconds: 60 }] } } });
    await c.advance(15_000);
    expect(replicas(c)).toBe(3);
    expect(condition(c, "ScalingLimited")).toMatchObject({
      status: "True",
      reason: "ScaleUpLimit",
      message: "the desired replica count is increasing faster than the maximum scale rate",
    });
    await c.advance(45_000);
    expect(replicas(c)).toBe(3);
    await c.advance(15_000);
    expect(replicas(c)).toBe(4);
  });

  it("reads ContainerResource and AverageValue targets", async () => {
    const c = cluster();
    deployment(c, 2);
    for (const n of ["web-a", "web-b"]) webPod(c, n, "400m");
    hpa(c, {
      metrics: [
        { type: "Resource", resource: { name: "cpu", target: { type: "AverageValue", averageValue: "300m" } } },
        {
          type: "ContainerResource",
          containerResource: {
            name: "cpu",
            container: "nginx",
            target: { type: "Utilization", averageUtilization: 100 },
          },
        },
      ],
    });
    await c.advance(15_000);
    // AverageValue: 400m of 300m → ceil(1.33 × 2) = 3; container utilization 200% of 100% → 4, the higher wins.
    expect(replicas(c)).toBe(4);
    expect(statusOf(c).currentMetrics).toEqual([
      { type: "Resource", resource: { name: "cpu", current: { averageValue: "400m" } } },
      {
        type: "ContainerResource",
        containerResource: {
          name: "cpu",
          container: "nginx",
          current: { averageValue: "400m", averageUtilization: 200 },
        },
      },
    ]);
    expect(targets(c)).toBe("cpu: 400m/300m, cpu: 200%/100%");
    expect(events(c).at(-1)).toBe(
      "Normal SuccessfulRescale New size: 4; reason: cpu container resource utilization (percentage of request) above target",
    );
  });

  it("syncs every 15 s while an HPA exists and queues nothing once it is deleted", async () => {
    const c = cluster();
    await c.settle();
    expect(c.engine.pending()).toBe(0);
    deployment(c, 1);
    webPod(c, "web-a", "100m");
    hpa(c);
    await c.advance(15_000);
    expect(c.engine.pending()).toBe(1);
    expect(c.engine.nextDue()).toBe(c.now() + 15_000);
    c.delete("horizontalpodautoscalers.autoscaling", "default", "web");
    await c.settle();
    expect(c.engine.pending()).toBe(0);
  });

  it("scales a Deployment whose pods the real controllers and kubelets run", async () => {
    const c = createTestCluster();
    c.create({
      apiVersion: "apps/v1",
      kind: "Deployment",
      metadata: { name: "web", namespace: "default" },
      spec: {
        replicas: 1,
        selector: { matchLabels: { app: "web" } },
        template: {
          metadata: { labels: { app: "web" }, annotations: { [LOAD]: "500m" } },
          spec: { containers: [{ name: "nginx", image: "nginx", resources: { requests: { cpu: "200m" } } }] },
        },
      },
    });
    await c.advance(30_000);
    hpa(c, { maxReplicas: 3 });
    await c.advance(60_000);
    expect(replicas(c)).toBe(3);
    const running = c
      .list("pods", "default")
      .filter((p) => p.metadata.labels?.app === "web" && (p.status as { phase?: string }).phase === "Running");
    expect(running).toHaveLength(3);
    expect(targets(c)).toBe("cpu: 250%/80%");
  });
});
