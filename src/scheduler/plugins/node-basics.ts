/**
 * The per-node filters and scores that only look at the node: NodeName, NodeUnschedulable, TaintToleration
 * and NodeAffinity (nodeSelector + node affinity), with kube-scheduler's reason strings.
 */
import { matchesNodeSelectorAndAffinity, nodeSelectorTermMatches } from "../../kube/scheduling/node-affinity";
import { tolerates } from "../../kube/scheduling/tolerations";
import type { FilterStatus, NodeInfo, NodeSelectorTerm, PodInfo, Taint } from "../types";

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

/** A NodeSelectorTerm: its expressions (labels) and fields (only metadata.name exists) ANDed; empty matches nothing. */
export function termMatchesNode(term: NodeSelectorTerm, node: NodeInfo): boolean {
  return nodeSelectorTermMatches(term, node.labels, node.name);
}

/** nodeSelector and required node affinity (terms ORed). */
export function podMatchesNodeSelectorAndAffinity(pod: PodInfo, node: NodeInfo): boolean {
  return matchesNodeSelectorAndAffinity(pod.nodeSelector, pod.requiredNodeTerms, node.labels, node.name);
}

export function nodeAffinityFilter(pod: PodInfo, node: NodeInfo): FilterStatus | undefined {
  return podMatchesNodeSelectorAndAffinity(pod, node) ? undefined : unresolvable(ERR_NODE_AFFINITY);
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
