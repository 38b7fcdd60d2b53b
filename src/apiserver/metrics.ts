/**
 * metrics.k8s.io/v1beta1 NodeMetrics and PodMetrics, computed on read from the simulated usage
 * (src/sim/usage.ts) the way metrics-server answers from its last scrape: running pods' containers, and
 * nodes as the sum of their pods plus the node's own system overhead. Nothing is stored and nothing runs
 * between reads. A node whose kubelet is stopped cannot be scraped, so it and its pods are missing, as
 * they are from metrics-server.
 */
import { notFound } from "../kube/errors";
import type { KObject } from "../kube/object";
import { parseQuantity } from "../kube/quantity";
import type { KindDeclaration } from "../kube/registry/kind";
import { ANNOTATIONS, kubeletStopped } from "../sim/annotations";
import { podUsage, type Usage } from "../sim/usage";
import { type ListFilter, matchesFilter } from "./list-filter";
import type { ResourceStore } from "./resource-store";
import { rfc3339 } from "./time";

export const METRICS_GROUP = "metrics.k8s.io";
/** metrics-server's scrape window (its --metric-resolution). */
const WINDOW = "10s";
/** What a kind node uses besides its pods (kubelet, containerd, systemd). */
const NODE_BASELINE: Usage = { cpuNanoCores: 45_000_000, memoryBytes: 420 * 1024 * 1024 };

export function cpuQuantity(nanoCores: number): string {
  return `${Math.round(nanoCores)}n`;
}

/** Memory as metrics-server prints it: BinarySI, so whole KiB show as Ki. */
export function memoryQuantity(bytes: number): string {
  const b = Math.round(bytes);
  return b % 1024 === 0 ? `${b / 1024}Ki` : String(b);
}

export interface Scraped {
  pods: { pod: KObject; containers: { name: string; usage: Usage }[] }[];
  nodes: Map<string, { node: KObject; usage: Usage }>;
}

/** Every running pod's and live node's usage at `nowMs` (what metrics.k8s.io serves, before formatting). */
export function scrape(store: ResourceStore, nowMs: number, namespace?: string): Scraped {
  const nodesDecl = store.registry.byResource("", "nodes")!;
  const podsDecl = store.registry.byResource("", "pods")!;
  const nodes = new Map<string, { node: KObject; usage: Usage }>();
  for (const node of store.list(nodesDecl, undefined, { filter: {} }).items) {
    if (kubeletStopped(node)) continue;
    nodes.set(node.metadata.name!, { node, usage: { ...NODE_BASELINE } });
  }
  const pods: Scraped["pods"] = [];
  const listed = store.list(podsDecl, namespace, { filter: {} }).items;
  const shared = sharedLoad(listed, nowMs);
  for (const pod of listed) {
    const nodeName = (pod.spec as { nodeName?: string } | undefined)?.nodeName;
    const node = nodeName ? nodes.get(nodeName) : undefined;
    if (!node) continue;
    const u = podUsage(pod, nowMs);
    if (!u) continue;
    const extra = shared.get(pod.metadata.uid ?? "");
    if (extra) u.containers[0].usage.cpuNanoCores += extra;
    pods.push({ pod, containers: u.containers });
    for (const c of u.containers) {
      node.usage.cpuNanoCores += c.usage.cpuNanoCores;
      node.usage.memoryBytes += c.usage.memoryBytes;
    }
  }
  return { pods, nodes };
}

/**
 * The `cpu-load-shared` annotation: a workload's load split evenly across its running pods (grouped by
 * namespace, the annotation's value and their labels without the controllers' hash labels), in nanocores
 * per pod uid.
 */
function sharedLoad(pods: KObject[], nowMs: number): Map<string, number> {
  const groups = new Map<string, { total: number; uids: string[] }>();
  for (const pod of pods) {
    const value = pod.metadata.annotations?.[ANNOTATIONS.cpuLoadShared];
    if (!value || pod.metadata.deletionTimestamp || !podUsage(pod, nowMs)) continue;
    let total: number;
    try {
      total = Number(parseQuantity(value).scaledValue(-9));
    } catch {
      continue;
    }
    const labels = Object.entries(pod.metadata.labels ?? {})
      .filter(([k]) => k !== "pod-template-hash" && k !== "controller-revision-hash")
      .sort(([a], [b]) => a.localeCompare(b));
    const key = JSON.stringify([pod.metadata.namespace, value, labels]);
    const g = groups.get(key) ?? { total, uids: [] };
    g.uids.push(pod.metadata.uid ?? "");
    groups.set(key, g);
  }
  const out = new Map<string, number>();
  for (const g of groups.values()) for (const uid of g.uids) out.set(uid, g.total / g.uids.length);
  return out;
}

const usageOf = (u: Usage) => ({ cpu: cpuQuantity(u.cpuNanoCores), memory: memoryQuantity(u.memoryBytes) });

export function nodeMetrics(node: KObject, usage: Usage, nowMs: number): KObject {
  return {
    kind: "NodeMetrics",
    apiVersion: "metrics.k8s.io/v1beta1",
    metadata: { name: node.metadata.name, creationTimestamp: rfc3339(nowMs), labels: node.metadata.labels },
    timestamp: rfc3339(nowMs),
    window: WINDOW,
    usage: usageOf(usage),
  };
}

export function podMetrics(pod: KObject, containers: { name: string; usage: Usage }[], nowMs: number): KObject {
  return {
    kind: "PodMetrics",
    apiVersion: "metrics.k8s.io/v1beta1",
    metadata: {
      name: pod.metadata.name,
      namespace: pod.metadata.namespace,
      creationTimestamp: rfc3339(nowMs),
      labels: pod.metadata.labels,
    },
    timestamp: rfc3339(nowMs),
    window: WINDOW,
    containers: containers.map((c) => ({ name: c.name, usage: usageOf(c.usage) })),
  };
}

/** GET one or LIST (after label/field filtering) of NodeMetrics or PodMetrics. */
export function serveMetrics(
  store: ResourceStore,
  decl: KindDeclaration,
  nowMs: number,
  namespace: string | undefined,
  name: string | undefined,
  filter: ListFilter,
): { item?: KObject; items?: KObject[] } {
  const scraped = scrape(store, nowMs, decl.kind === "PodMetrics" ? namespace : undefined);
  const all =
    decl.kind === "NodeMetrics"
      ? [...scraped.nodes.values()].map((n) => nodeMetrics(n.node, n.usage, nowMs))
      : scraped.pods.map((p) => podMetrics(p.pod, p.containers, nowMs));
  if (name !== undefined) {
    const item = all.find((o) => o.metadata.name === name);
    if (!item) {
      // metrics-server names its resources podmetrics / nodemetrics in errors.
      const resource = decl.kind === "PodMetrics" ? "podmetrics" : "nodemetrics";
      throw notFound({ group: METRICS_GROUP, resource }, namespace ? `${namespace}/${name}` : name);
    }
    return { item };
  }
  return { items: all.filter((o) => matchesFilter(decl, o, filter)) };
}
