/**
 * One sample of a cluster for its metrics history. Pure over the cluster's store: usage comes from the
 * same metrics.k8s.io view `kubectl top` reads (src/apiserver/metrics.ts over src/sim/usage.ts), so a chart
 * of the history and `kubectl top` agree, and a node whose kubelet is stopped is missing from both.
 */
import { scrape } from "../apiserver/metrics";
import type { ResourceStore } from "../apiserver/resource-store";
import type { KObject } from "../kube/object";
import { canonicalLabels, type MetricSample, SERIES } from "./series";

export const POD_PHASES = ["Pending", "Running", "Succeeded", "Failed", "Unknown"] as const;

export interface SampleInput {
  /** The cluster's clock (virtual or wall), as metrics.k8s.io reads usage at. */
  now: number;
  /** The API server's request counter, kept by the Durable Object. */
  requestsTotal: number;
}

/** A node whose Ready condition is True (what `kubectl get nodes` shows as Ready). */
export function isNodeReady(node: KObject): boolean {
  const conditions = (node.status as { conditions?: { type: string; status: string }[] } | undefined)?.conditions;
  return conditions?.some((c) => c.type === "Ready" && c.status === "True") ?? false;
}

export function sampleCluster(store: ResourceStore, input: SampleInput): MetricSample[] {
  const decl = (group: string, plural: string) => store.registry.byResource(group, plural)!;
  const out: MetricSample[] = [];
  const push = (series: MetricSample["series"], labels: Record<string, string>, value: number) =>
    out.push({ series, labels: canonicalLabels(labels), value });

  // One scrape, in raw units: rounded as metrics.k8s.io rounds its quantities, so the figures match `kubectl top`.
  const { nodes: usageByNode, pods: podUsages } = scrape(store, input.now);
  const milli = (nanoCores: number) => Math.round(nanoCores) / 1e6;
  for (const [node, { usage }] of usageByNode) {
    push(SERIES.nodeCpu, { node }, milli(usage.cpuNanoCores));
    push(SERIES.nodeMemory, { node }, Math.round(usage.memoryBytes));
  }
  for (const { pod, containers } of podUsages) {
    const labels = { namespace: pod.metadata.namespace!, pod: pod.metadata.name! };
    push(
      SERIES.podCpu,
      labels,
      containers.reduce((sum, c) => sum + milli(c.usage.cpuNanoCores), 0),
    );
    push(
      SERIES.podMemory,
      labels,
      containers.reduce((sum, c) => sum + Math.round(c.usage.memoryBytes), 0),
    );
  }

  push(SERIES.clusterObjects, {}, store.kv.count());
  const phases = new Map<string, number>(POD_PHASES.map((p) => [p, 0]));
  for (const pod of store.list(decl("", "pods"), undefined, { filter: {} }).items) {
    // A pod is Pending until the kubelet reports otherwise (kube defaults status.phase on create).
    const phase = (pod.status as { phase?: string } | undefined)?.phase || "Pending";
    phases.set(phase, (phases.get(phase) ?? 0) + 1);
  }
  for (const [phase, n] of phases) push(SERIES.clusterPods, { phase }, n);
  const nodes = store.list(decl("", "nodes"), undefined, { filter: {} }).items;
  push(SERIES.clusterNodesReady, {}, nodes.filter(isNodeReady).length);
  push(SERIES.apiserverRequests, {}, input.requestsTotal);
  return out;
}
