import { describe, expect, it } from "vitest";
import { serveMetrics } from "../../../src/apiserver/metrics";
import type { KObject } from "../../../src/kube/object";
import { parseQuantity } from "../../../src/kube/quantity";
import { createTestCluster } from "../harness/memory-cluster";
import { createPod } from "./fixtures";

type Usage = { cpu: string; memory: string };

describe("metrics.k8s.io", () => {
  it("serves pod metrics from simulated usage and node metrics as the sum of pods plus a baseline", () => {
    const c = createTestCluster({ controllers: [] });
    createPod(c, "busy", {
      node: "test-worker",
      ip: "10.244.1.2",
      annotations: { "sim.edgeplane.dev/cpu-load": "250m", "sim.edgeplane.dev/memory": "64Mi" },
    });
    createPod(c, "pending", {});
    const podDecl = c.registry.byResource("metrics.k8s.io", "pods")!;
    const nodeDecl = c.registry.byResource("metrics.k8s.io", "nodes")!;
    const pods = serveMetrics(c.store, podDecl, c.now(), "default", undefined, {}).items as KObject[];
    expect(pods.map((p) => p.metadata.name)).toEqual(["busy"]);
    const busy = pods[0];
    expect(busy.window).toBe("10s");
    expect(busy.containers).toEqual([{ name: "nginx", usage: { cpu: "250000000n", memory: "65536Ki" } }]);

    const one = serveMetrics(c.store, nodeDecl, c.now(), undefined, "test-worker", {}).item!;
    const usage = one.usage as Usage;
    // The node's CPU is its baseline (45m) plus what its pods use, to the nanocore.
    const onWorker = new Set(
      c
        .list("pods")
        .filter((p) => (p.spec as { nodeName?: string }).nodeName === "test-worker")
        .map((p) => p.metadata.name),
    );
    const podCpu = serveMetrics(c.store, podDecl, c.now(), undefined, undefined, {})
      .items!.filter((p) => onWorker.has(p.metadata.name))
      .flatMap((p) => (p.containers as { usage: Usage }[]).map((x) => parseQuantity(x.usage.cpu).scaledValue(-9)))
      .reduce((a, b) => a + b, 0n);
    expect(onWorker.size).toBeGreaterThan(1);
    expect(parseQuantity(usage.cpu).scaledValue(-9)).toBe(45_000_000n + podCpu);
    expect(one.metadata.labels?.["kubernetes.io/hostname"]).toBe("test-worker");

    expect(() => serveMetrics(c.store, podDecl, c.now(), "default", "pending", {})).toThrow(
      'podmetrics.metrics.k8s.io "default/pending" not found',
    );
    c.update("nodes", undefined, "test-worker", (n) => {
      n.metadata.annotations = { ...n.metadata.annotations, "sim.edgeplane.dev/kubelet": "stopped" };
    });
    const nodes = serveMetrics(c.store, nodeDecl, c.now(), undefined, undefined, {}).items!.map((n) => n.metadata.name);
    expect(nodes).toEqual(["test-control-plane", "test-worker2"]);
  });
});
