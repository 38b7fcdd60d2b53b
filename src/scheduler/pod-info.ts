/** framework.NewPodInfo: everything the plugins read from a pod, parsed once. */
import { isPlainObject, type KObject } from "../kube/object";
import {
  type LabelSelector,
  type LabelSelectorObject,
  labelSelectorFromObject,
  nothing,
} from "../kube/selectors/label-selector";
import { podRequests } from "./resources";
import type {
  AffinityTerm,
  HostPort,
  NodeSelectorTerm,
  PodInfo,
  Toleration,
  TopologySpreadConstraint,
  WeightedAffinityTerm,
} from "./types";
import { CPU, EPHEMERAL_STORAGE, MEMORY, PODS } from "./types";

type J = Record<string, any>;

function safeSelector(sel: unknown): LabelSelector {
  try {
    return labelSelectorFromObject(isPlainObject(sel) ? (sel as LabelSelectorObject) : undefined);
  } catch {
    return nothing();
  }
}

function affinityTerm(namespace: string, t: J): AffinityTerm {
  const namespaces = new Set<string>(Array.isArray(t.namespaces) ? t.namespaces : []);
  const namespaceSelector = isPlainObject(t.namespaceSelector) ? safeSelector(t.namespaceSelector) : null;
  if (namespaces.size === 0 && namespaceSelector === null) namespaces.add(namespace);
  return {
    selector: safeSelector(t.labelSelector),
    namespaces,
    namespaceSelector,
    topologyKey: String(t.topologyKey ?? ""),
  };
}

/** matchLabelKeys / mismatchLabelKeys (beta since 1.31): the pod's own label values join the selector. */
function withLabelKeys(term: AffinityTerm, t: J, labels: Record<string, string>): AffinityTerm {
  const reqs = [...term.selector.requirements];
  for (const k of Array.isArray(t.matchLabelKeys) ? t.matchLabelKeys : []) {
    if (k in labels) reqs.push({ key: k, operator: "in", values: [labels[k]] });
  }
  for (const k of Array.isArray(t.mismatchLabelKeys) ? t.mismatchLabelKeys : []) {
    if (k in labels) reqs.push({ key: k, operator: "notin", values: [labels[k]] });
  }
  return reqs.length === term.selector.requirements.length
    ? term
    : { ...term, selector: { nothing: term.selector.nothing, requirements: reqs } };
}

function terms(namespace: string, list: unknown, labels: Record<string, string>): AffinityTerm[] {
  return (Array.isArray(list) ? (list as J[]) : []).map((t) => withLabelKeys(affinityTerm(namespace, t), t, labels));
}

function weightedTerms(namespace: string, list: unknown, labels: Record<string, string>): WeightedAffinityTerm[] {
  return (Array.isArray(list) ? (list as J[]) : []).map((w) => ({
    weight: Number(w.weight ?? 0),
    term: withLabelKeys(affinityTerm(namespace, w.podAffinityTerm ?? {}), w.podAffinityTerm ?? {}, labels),
  }));
}

function spreadConstraints(list: unknown, labels: Record<string, string>): TopologySpreadConstraint[] {
  return (Array.isArray(list) ? (list as J[]) : []).map((c) => {
    let selector = isPlainObject(c.labelSelector) ? safeSelector(c.labelSelector) : nothing();
    const keys: string[] = Array.isArray(c.matchLabelKeys) ? c.matchLabelKeys : [];
    const reqs = keys.filter((k) => k in labels).map((k) => ({ key: k, operator: "in" as const, values: [labels[k]] }));
    if (reqs.length > 0) selector = { ...selector, requirements: [...selector.requirements, ...reqs] };
    return {
      maxSkew: Number(c.maxSkew ?? 1),
      topologyKey: String(c.topologyKey ?? ""),
      whenUnsatisfiable: c.whenUnsatisfiable === "ScheduleAnyway" ? "ScheduleAnyway" : "DoNotSchedule",
      selector,
      minDomains: Number(c.minDomains ?? 1),
      nodeAffinityPolicy: c.nodeAffinityPolicy === "Ignore" ? "Ignore" : "Honor",
      nodeTaintsPolicy: c.nodeTaintsPolicy === "Honor" ? "Honor" : "Ignore",
    };
  });
}

function hostPorts(spec: J): HostPort[] {
  const out: HostPort[] = [];
  for (const c of [...(spec.initContainers ?? []), ...(spec.containers ?? [])] as J[]) {
    for (const p of (c.ports ?? []) as J[]) {
      const port = Number(p.hostPort ?? 0);
      if (port > 0) out.push({ hostIP: p.hostIP || "0.0.0.0", protocol: p.protocol || "TCP", port });
    }
  }
  return out;
}

export function newPodInfo(pod: KObject): PodInfo {
  const spec = (pod.spec ?? {}) as J;
  const status = (pod.status ?? {}) as J;
  const namespace = pod.metadata.namespace ?? "default";
  const name = pod.metadata.name ?? "";
  const labels = pod.metadata.labels ?? {};
  const affinity = (spec.affinity ?? {}) as J;
  const nodeAffinity = (affinity.nodeAffinity ?? {}) as J;
  const podAffinity = (affinity.podAffinity ?? {}) as J;
  const podAntiAffinity = (affinity.podAntiAffinity ?? {}) as J;
  const required = nodeAffinity.requiredDuringSchedulingIgnoredDuringExecution;
  const nonZero = podRequests(spec, true);
  const requests = podRequests(spec, false);
  return {
    key: `${namespace}/${name}`,
    namespace,
    name,
    uid: String(pod.metadata.uid ?? ""),
    pod,
    labels,
    priority: typeof spec.priority === "number" ? spec.priority : 0,
    preemptionPolicy: typeof spec.preemptionPolicy === "string" ? spec.preemptionPolicy : "PreemptLowerPriority",
    nodeName: typeof spec.nodeName === "string" ? spec.nodeName : "",
    nominatedNodeName: typeof status.nominatedNodeName === "string" ? status.nominatedNodeName : "",
    terminating: Boolean(pod.metadata.deletionTimestamp),
    creationMs: Date.parse(String(pod.metadata.creationTimestamp ?? "")) || 0,
    requests,
    cpu: requests.get(CPU) ?? 0,
    memory: requests.get(MEMORY) ?? 0,
    ephemeral: requests.get(EPHEMERAL_STORAGE) ?? 0,
    scalars: [...requests.keys()]
      .filter((r) => r !== CPU && r !== MEMORY && r !== EPHEMERAL_STORAGE && r !== PODS && requests.get(r))
      .sort(),
    nonZeroCpu: nonZero.get(CPU) ?? 0,
    nonZeroMemory: nonZero.get(MEMORY) ?? 0,
    hostPorts: hostPorts(spec),
    tolerations: Array.isArray(spec.tolerations) ? (spec.tolerations as Toleration[]) : [],
    nodeSelector: isPlainObject(spec.nodeSelector) ? (spec.nodeSelector as Record<string, string>) : undefined,
    requiredNodeTerms: isPlainObject(required) ? ((required.nodeSelectorTerms ?? []) as NodeSelectorTerm[]) : undefined,
    preferredNodeTerms: Array.isArray(nodeAffinity.preferredDuringSchedulingIgnoredDuringExecution)
      ? nodeAffinity.preferredDuringSchedulingIgnoredDuringExecution
      : [],
    requiredAffinity: terms(namespace, podAffinity.requiredDuringSchedulingIgnoredDuringExecution, labels),
    requiredAntiAffinity: terms(namespace, podAntiAffinity.requiredDuringSchedulingIgnoredDuringExecution, labels),
    preferredAffinity: weightedTerms(namespace, podAffinity.preferredDuringSchedulingIgnoredDuringExecution, labels),
    preferredAntiAffinity: weightedTerms(
      namespace,
      podAntiAffinity.preferredDuringSchedulingIgnoredDuringExecution,
      labels,
    ),
    spreadConstraints: spreadConstraints(spec.topologySpreadConstraints, labels),
    pvcNames: ((spec.volumes ?? []) as J[])
      .map((v) => v.persistentVolumeClaim?.claimName)
      .filter((n): n is string => typeof n === "string"),
    images: ((spec.containers ?? []) as J[]).map((c) => String(c.image ?? "")),
  };
}

/** A term matches a pod when the pod is in one of its namespaces and carries the selected labels. */
export function termMatches(
  term: AffinityTerm,
  pod: PodInfo,
  nsLabels: (ns: string) => Record<string, string> | undefined,
  matchLabels: (sel: LabelSelector, labels: Record<string, string>) => boolean,
): boolean {
  if (!term.namespaces.has(pod.namespace)) {
    if (!term.namespaceSelector) return false;
    if (!matchLabels(term.namespaceSelector, nsLabels(pod.namespace) ?? {})) return false;
  }
  return matchLabels(term.selector, pod.labels);
}
