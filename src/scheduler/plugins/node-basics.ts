/**
 * The per-node filters and scores that only look at the node: NodeName, NodeUnschedulable, TaintToleration
 * and NodeAffinity (nodeSelector + node affinity), with kube-scheduler's reason strings.
 */
import type {
  FilterStatus,
  NodeInfo,
  NodeSelectorRequirement,
  NodeSelectorTerm,
  PodInfo,
  Taint,
  Toleration,
} from "../types";

export const ERR_NODE_NAME = "node(s) didn't match the requested node name";
export const ERR_UNSCHEDULABLE = "node(s) were unschedulable";
export const ERR_NODE_AFFINITY = "node(s) didn't match Pod's node affinity/selector";
export const ERR_AFFINITY_CONFLICT = "pod affinity terms conflict";

const unresolvable = (reason: string): FilterStatus => ({ reasons: [reason], unresolvable: true });

export function nodeNameFilter(pod: PodInfo, node: NodeInfo): FilterStatus | undefined {
  return pod.nodeName && pod.nodeName !== node.name ? unresolvable(ERR_NODE_NAME) : undefined;
}

export function nodeUnschedulableFilter(pod: PodInfo, node: NodeInfo): FilterStatus | undefined {
  if (!node.unschedulable) return undefined;
  const taint: Taint = { key: "node.kubernetes.io/unschedulable", effect: "NoSchedule" };
  return pod.tolerations.some((t) => tolerates(t, taint)) ? undefined : unresolvable(ERR_UNSCHEDULABLE);
}

/** v1.Toleration.ToleratesTaint. */
export function tolerates(t: Toleration, taint: Taint): boolean {
  if (t.effect && t.effect !== taint.effect) return false;
  if (t.key && t.key !== taint.key) return false;
  const op = t.operator || "Equal";
  if (op === "Exists") return true;
  if (op === "Equal") return (t.value ?? "") === (taint.value ?? "");
  return false;
}

export function taintTolerationFilter(pod: PodInfo, node: NodeInfo): FilterStatus | undefined {
  for (const taint of node.taints) {
    if (taint.effect !== "NoSchedule" && taint.effect !== "NoExecute") continue;
    if (!pod.tolerations.some((t) => tolerates(t, taint))) {
      return unresolvable(`node(s) had untolerated taint {${taint.key}: ${taint.value ?? ""}}`);
    }
  }
  return undefined;
}

/** TaintToleration score: how many PreferNoSchedule taints the pod does not tolerate (normalised reversed). */
export function taintTolerationScore(pod: PodInfo, node: NodeInfo): number {
  if (node.taints.length === 0) return 0;
  const prefer = pod.tolerations.filter((t) => !t.effect || t.effect === "PreferNoSchedule");
  let n = 0;
  for (const taint of node.taints) {
    if (taint.effect === "PreferNoSchedule" && !prefer.some((t) => tolerates(t, taint))) n++;
  }
  return n;
}

function requirementMatches(r: NodeSelectorRequirement, value: string | undefined): boolean {
  const values = r.values ?? [];
  switch (r.operator) {
    case "In":
      return value !== undefined && values.includes(value);
    case "NotIn":
      return value === undefined || !values.includes(value);
    case "Exists":
      return value !== undefined;
    case "DoesNotExist":
      return value === undefined;
    case "Gt":
    case "Lt": {
      if (value === undefined || values.length !== 1) return false;
      const a = Number.parseInt(value, 10);
      const b = Number.parseInt(values[0], 10);
      if (!Number.isFinite(a) || !Number.isFinite(b)) return false;
      return r.operator === "Gt" ? a > b : a < b;
    }
    default:
      return false;
  }
}

/** A NodeSelectorTerm: its expressions (labels) and fields (only metadata.name exists) ANDed; empty matches nothing. */
export function termMatchesNode(term: NodeSelectorTerm, node: NodeInfo): boolean {
  const exprs = term.matchExpressions ?? [];
  const fields = term.matchFields ?? [];
  if (exprs.length === 0 && fields.length === 0) return false;
  for (const r of exprs) if (!requirementMatches(r, node.labels[r.key])) return false;
  for (const r of fields) {
    if (r.key !== "metadata.name" || !requirementMatches(r, node.name)) return false;
  }
  return true;
}

/** nodeSelector and required node affinity (terms ORed). */
export function matchesNodeSelectorAndAffinity(pod: PodInfo, node: NodeInfo): boolean {
  if (pod.nodeSelector) {
    for (const [k, v] of Object.entries(pod.nodeSelector)) if (node.labels[k] !== v) return false;
  }
  if (pod.requiredNodeTerms) return pod.requiredNodeTerms.some((t) => termMatchesNode(t, node));
  return true;
}

export function nodeAffinityFilter(pod: PodInfo, node: NodeInfo): FilterStatus | undefined {
  return matchesNodeSelectorAndAffinity(pod, node) ? undefined : unresolvable(ERR_NODE_AFFINITY);
}

/**
 * NodeAffinity PreFilter: required terms that all pin metadata.name (how DaemonSet pods target their node)
 * narrow the nodes to evaluate. Returns undefined for "all nodes", or the set (empty = conflict).
 */
export function nodeAffinityPreFilter(pod: PodInfo): Set<string> | undefined {
  if (!pod.requiredNodeTerms) return undefined;
  let names: Set<string> | undefined;
  for (const t of pod.requiredNodeTerms) {
    let termNames: Set<string> | undefined;
    for (const r of t.matchFields ?? []) {
      if (r.key !== "metadata.name" || r.operator !== "In") continue;
      const s = new Set(r.values ?? []);
      termNames = termNames ? new Set([...termNames].filter((n) => s.has(n))) : s;
    }
    if (!termNames) return undefined;
    names = names ? new Set([...names, ...termNames]) : termNames;
  }
  return names;
}

/** NodeAffinity score: the summed weights of the preferred terms the node matches. */
export function nodeAffinityScore(pod: PodInfo, node: NodeInfo): number {
  let score = 0;
  for (const p of pod.preferredNodeTerms) if (p.weight && termMatchesNode(p.preference, node)) score += p.weight;
  return score;
}
