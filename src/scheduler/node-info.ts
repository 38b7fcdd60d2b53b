/** framework.NodeInfo: a node with the running totals of the pods bound to it. */
import { isPlainObject, type KObject } from "../kube/object";
import { resourcesOf } from "./resources";
import { CPU, EPHEMERAL_STORAGE, MEMORY, type NodeInfo, PODS, type PodInfo, type Taint } from "./types";

export function newNodeInfo(node: KObject): NodeInfo {
  const spec = (node.spec ?? {}) as { taints?: Taint[]; unschedulable?: boolean };
  const status = (node.status ?? {}) as { allocatable?: unknown; capacity?: unknown; images?: { names?: string[] }[] };
  const images = new Set<string>();
  for (const img of status.images ?? []) for (const n of img.names ?? []) images.add(n);
  const allocatable = resourcesOf(isPlainObject(status.allocatable) ? status.allocatable : status.capacity);
  return {
    name: node.metadata.name ?? "",
    node,
    labels: node.metadata.labels ?? {},
    taints: Array.isArray(spec.taints) ? spec.taints : [],
    unschedulable: spec.unschedulable === true,
    allocatable,
    allocCpu: allocatable.get(CPU) ?? 0,
    allocMemory: allocatable.get(MEMORY) ?? 0,
    allocEphemeral: allocatable.get(EPHEMERAL_STORAGE) ?? 0,
    allocPods: allocatable.get(PODS) ?? 0,
    ...noPods(),
    images,
  };
}

/** The per-pod accounting of a node holding no pods (addPod fills it in). */
function noPods(): Pick<
  NodeInfo,
  | "requested"
  | "reqCpu"
  | "reqMemory"
  | "reqEphemeral"
  | "nonZeroCpu"
  | "nonZeroMemory"
  | "pods"
  | "podsWithAffinity"
  | "podsWithRequiredAntiAffinity"
  | "usedPorts"
> {
  return {
    requested: new Map(),
    reqCpu: 0,
    reqMemory: 0,
    reqEphemeral: 0,
    nonZeroCpu: 0,
    nonZeroMemory: 0,
    pods: new Map(),
    podsWithAffinity: new Set(),
    podsWithRequiredAntiAffinity: new Set(),
    usedPorts: new Map(),
  };
}

/** Moves the pods of `from` (an older version of the same node) onto a fresh NodeInfo for the new object. */
export function replaceNode(from: NodeInfo | undefined, node: KObject): NodeInfo {
  const next = newNodeInfo(node);
  if (from) for (const p of from.pods.values()) addPod(next, p);
  return next;
}

function hasAffinity(p: PodInfo): boolean {
  const a = (p.pod.spec as { affinity?: { podAffinity?: unknown; podAntiAffinity?: unknown } } | undefined)?.affinity;
  return Boolean(a && (a.podAffinity || a.podAntiAffinity));
}

export function addPod(n: NodeInfo, p: PodInfo): void {
  if (n.pods.has(p.key)) removePod(n, p.key);
  n.pods.set(p.key, p);
  update(n, p, 1);
}

export function removePod(n: NodeInfo, key: string): PodInfo | undefined {
  const p = n.pods.get(key);
  if (!p) return undefined;
  n.pods.delete(key);
  update(n, p, -1);
  return p;
}

function update(n: NodeInfo, p: PodInfo, sign: 1 | -1): void {
  for (const [k, v] of p.requests) n.requested.set(k, (n.requested.get(k) ?? 0) + sign * v);
  n.reqCpu += sign * p.cpu;
  n.reqMemory += sign * p.memory;
  n.reqEphemeral += sign * p.ephemeral;
  n.nonZeroCpu += sign * p.nonZeroCpu;
  n.nonZeroMemory += sign * p.nonZeroMemory;
  if (sign > 0) {
    if (hasAffinity(p)) n.podsWithAffinity.add(p);
    if (p.requiredAntiAffinity.length > 0) n.podsWithRequiredAntiAffinity.add(p);
  } else {
    n.podsWithAffinity.delete(p);
    n.podsWithRequiredAntiAffinity.delete(p);
  }
  for (const hp of p.hostPorts) {
    const k = `${hp.protocol}/${hp.port}`;
    const ips = n.usedPorts.get(k);
    if (sign > 0) {
      if (ips) ips.add(hp.hostIP);
      else n.usedPorts.set(k, new Set([hp.hostIP]));
    } else if (ips) {
      ips.delete(hp.hostIP);
      if (ips.size === 0) n.usedPorts.delete(k);
    }
  }
}

/** A copy whose pod set can be changed without touching the cache (preemption's what-if runs). */
export function cloneNodeInfo(n: NodeInfo): NodeInfo {
  const c: NodeInfo = {
    ...n,
    ...noPods(),
  };
  for (const p of n.pods.values()) addPod(c, p);
  return c;
}
