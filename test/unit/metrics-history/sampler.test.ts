import { describe, expect, it } from "vitest";
import { serveMetrics } from "../../../src/apiserver/metrics";
import type { KObject } from "../../../src/kube/object";
import { parseQuantity } from "../../../src/kube/quantity";
import { sampleCluster } from "../../../src/metrics-history/sampler";
import type { MetricSample } from "../../../src/metrics-history/series";
import { createTestCluster } from "../harness/memory-cluster";

const deployment = (replicas: number): KObject => ({
  apiVersion: "apps/v1",
  kind: "Deployment",
  metadata: { name: "web", namespace: "default" },
  spec: {
    replicas,
    selector: { matchLabels: { app: "web" } },
    template: {
      metadata: { labels: { app: "web" }, annotations: { "sim.edgeplane.dev/cpu-load": "250m" } },
      spec: { containers: [{ name: "nginx", image: "nginx:1.27" }] },
    },
  },
});

const value = (samples: MetricSample[], series: string, labels: string) =>
  samples.find((s) => s.series === series && s.labels === labels)?.value;
const labelsOf = (samples: MetricSample[], series: string) =>
  samples.filter((s) => s.series === series).map((s) => s.labels);

describe("sampleCluster", () => {
  it("samples nodes, running pods and the cluster's counters of a cluster running a Deployment", async () => {
    const c = createTestCluster();
    c.create(deployment(3));
    // One pod nobody can schedule stays Pending.
    c.create({
      apiVersion: "v1",
      kind: "Pod",
      metadata: { name: "huge", namespace: "default" },
      spec: { containers: [{ name: "c", image: "busybox", resources: { requests: { cpu: "500" } } }] },
    });
    await c.advance(30_000);
    const samples = sampleCluster(c.store, { now: c.now(), requestsTotal: 42 });

    expect(labelsOf(samples, "node_cpu_usage_millicores")).toEqual([
      "node=test-control-plane",
      "node=test-worker",
      "node=test-worker2",
    ]);
    const web = c
      .list("pods", "default")
      .filter((p) => p.metadata.labels?.app === "web")
      .map((p) => `namespace=default,pod=${p.metadata.name}`);
    expect(web).toHaveLength(3);
    const podSeries = labelsOf(samples, "pod_cpu_usage_millicores");
    expect(podSeries).toEqual(expect.arrayContaining(web));
    expect(podSeries).toContain("namespace=kube-system,pod=etcd-test-control-plane");
    expect(podSeries).not.toContain("namespace=default,pod=huge");
    expect(labelsOf(samples, "pod_memory_usage_bytes")).toEqual(podSeries);
    for (const l of web) expect(value(samples, "pod_cpu_usage_millicores", l)).toBe(250);

    // The same numbers `kubectl top` reads from metrics.k8s.io.
    const nodeDecl = c.registry.byResource("metrics.k8s.io", "nodes")!;
    const top = serveMetrics(c.store, nodeDecl, c.now(), undefined, "test-worker", {}).item!;
    const usage = top.usage as { cpu: string; memory: string };
    expect(value(samples, "node_cpu_usage_millicores", "node=test-worker")).toBe(
      Number(parseQuantity(usage.cpu).scaledValue(-9)) / 1e6,
    );
    expect(value(samples, "node_memory_usage_bytes", "node=test-worker")).toBe(
      Number(parseQuantity(usage.memory).value()),
    );

    const pods = c.list("pods");
    const running = pods.filter((p) => (p.status as { phase?: string }).phase === "Running").length;
    expect(labelsOf(samples, "cluster_pods")).toEqual([
      "phase=Pending",
      "phase=Running",
      "phase=Succeeded",
      "phase=Failed",
      "phase=Unknown",
    ]);
    expect(value(samples, "cluster_pods", "phase=Running")).toBe(running);
    expect(value(samples, "cluster_pods", "phase=Pending")).toBe(1);
    expect(running + 1).toBe(pods.length);
    expect(value(samples, "cluster_nodes_ready", "")).toBe(3);
    expect(value(samples, "cluster_objects", "")).toBe(c.kv.count());
    expect(value(samples, "apiserver_requests_total", "")).toBe(42);
  });

  it("drops a node whose kubelet stopped, as metrics-server does", () => {
    const c = createTestCluster({ controllers: [] });
    c.update("nodes", undefined, "test-worker2", (n) => {
      n.metadata.annotations = { ...n.metadata.annotations, "sim.edgeplane.dev/kubelet": "stopped" };
    });
    const samples = sampleCluster(c.store, { now: c.now(), requestsTotal: 0 });
    expect(labelsOf(samples, "node_memory_usage_bytes")).toEqual(["node=test-control-plane", "node=test-worker"]);
  });
});
