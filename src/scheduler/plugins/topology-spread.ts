/**
 * PodTopologySpread: DoNotSchedule constraints filter (skew against the least-loaded domain), ScheduleAnyway
 * constraints — or the system default spreading by Service/ReplicaSet/StatefulSet — score.
 */
import { isEmpty, type LabelSelector, matches } from "../../kube/selectors/label-selector";
import type { FilterStatus, NodeInfo, PodInfo, TopologySpreadConstraint } from "../types";
import { podMatchesNodeSelectorAndAffinity, taintTolerationFilter } from "./node-basics";

export const ERR_SPREAD = "node(s) didn't match pod topology spread constraints";
export const ERR_SPREAD_LABEL = "node(s) didn't match pod topology spread constraints (missing required label)";

const HOSTNAME = "kubernetes.io/hostname";
const ZONE = "topology.kubernetes.io/zone";

export interface SpreadFilterState {
  constraints: TopologySpreadConstraint[];
  /** Per constraint: domain value → matching pods. */
  counts: Map<string, number>[];
}

function countMatching(node: NodeInfo, namespace: string, selector: LabelSelector): number {
  let n = 0;
  for (const p of node.pods.values()) {
    if (p.namespace === namespace && !p.terminating && matches(selector, p.labels)) n++;
  }
  return n;
}

function nodeCounts(pod: PodInfo, c: TopologySpreadConstraint, node: NodeInfo): boolean {
  if (c.nodeAffinityPolicy === "Honor" && !podMatchesNodeSelectorAndAffinity(pod, node)) return false;
  if (c.nodeTaintsPolicy === "Honor" && taintTolerationFilter(pod, node)) return false;
  return true;
}

export function spreadPreFilter(pod: PodInfo, nodes: readonly NodeInfo[]): SpreadFilterState | undefined {
  const constraints = pod.spreadConstraints.filter((c) => c.whenUnsatisfiable === "DoNotSchedule");
  if (constraints.length === 0) return undefined;
  const counts = constraints.map(() => new Map<string, number>());
  for (const node of nodes) {
    if (!constraints.every((c) => node.labels[c.topologyKey] !== undefined)) continue;
    constraints.forEach((c, i) => {
      if (!nodeCounts(pod, c, node)) return;
      const v = node.labels[c.topologyKey];
      counts[i].set(v, (counts[i].get(v) ?? 0) + countMatching(node, pod.namespace, c.selector));
    });
  }
  return { constraints, counts };
}

export function spreadFilter(
  pod: PodInfo,
  node: NodeInfo,
  state: SpreadFilterState | undefined,
): FilterStatus | undefined {
  if (!state) return undefined;
  for (let i = 0; i < state.constraints.length; i++) {
    const c = state.constraints[i];
    const v = node.labels[c.topologyKey];
    if (v === undefined) return { reasons: [ERR_SPREAD_LABEL], unresolvable: true };
    const domains = state.counts[i];
    let min = Number.MAX_SAFE_INTEGER;
    for (const n of domains.values()) if (n < min) min = n;
    if (domains.size < c.minDomains) min = 0;
    const self = matches(c.selector, pod.labels) ? 1 : 0;
    if ((domains.get(v) ?? 0) + self - min > c.maxSkew) return { reasons: [ERR_SPREAD], unresolvable: false };
  }
  return undefined;
}

export interface SpreadScoreState {
  constraints: TopologySpreadConstraint[];
  counts: Map<string, number>[];
  weights: number[];
  ignored: Set<string>;
}

/** The soft constraints, or kube's default ones (hostname maxSkew 3, zone maxSkew 5) when the pod has none. */
function scoreConstraints(
  pod: PodInfo,
  defaultSelector: LabelSelector | undefined,
): [TopologySpreadConstraint[], boolean] {
  if (pod.spreadConstraints.length > 0) {
    return [pod.spreadConstraints.filter((c) => c.whenUnsatisfiable === "ScheduleAnyway"), true];
  }
  if (!defaultSelector || isEmpty(defaultSelector) || defaultSelector.nothing) return [[], false];
  const base = { whenUnsatisfiable: "ScheduleAnyway" as const, selector: defaultSelector, minDomains: 1 };
  const policies = { nodeAffinityPolicy: "Honor" as const, nodeTaintsPolicy: "Ignore" as const };
  return [
    [
      { ...base, ...policies, maxSkew: 3, topologyKey: HOSTNAME },
      { ...base, ...policies, maxSkew: 5, topologyKey: ZONE },
    ],
    false,
  ];
}

export function spreadPreScore(
  pod: PodInfo,
  feasible: readonly NodeInfo[],
  all: readonly NodeInfo[],
  defaultSelector: LabelSelector | undefined,
): SpreadScoreState | undefined {
  const [constraints, requireAll] = scoreConstraints(pod, defaultSelector);
  if (constraints.length === 0) return undefined;
  const ignored = new Set<string>();
  const counts = constraints.map(() => new Map<string, number>());
  for (const node of feasible) {
    if (requireAll && !constraints.every((c) => node.labels[c.topologyKey] !== undefined)) {
      ignored.add(node.name);
      continue;
    }
    constraints.forEach((c, i) => {
      const v = node.labels[c.topologyKey];
      if (v !== undefined) counts[i].set(v, 0);
    });
  }
  const weights = constraints.map((c, i) =>
    Math.log((c.topologyKey === HOSTNAME ? feasible.length - ignored.size : counts[i].size) + 2),
  );
  for (const node of all) {
    if (requireAll && !constraints.every((c) => node.labels[c.topologyKey] !== undefined)) continue;
    constraints.forEach((c, i) => {
      if (c.topologyKey === HOSTNAME || !nodeCounts(pod, c, node)) return;
      const v = node.labels[c.topologyKey];
      if (v === undefined || !counts[i].has(v)) return;
      counts[i].set(v, (counts[i].get(v) ?? 0) + countMatching(node, pod.namespace, c.selector));
    });
  }
  return { constraints, counts, weights, ignored };
}

export function spreadScore(pod: PodInfo, node: NodeInfo, state: SpreadScoreState | undefined): number {
  if (!state || state.ignored.has(node.name)) return 0;
  let score = 0;
  state.constraints.forEach((c, i) => {
    const v = node.labels[c.topologyKey];
    if (v === undefined) return;
    const cnt =
      c.topologyKey === HOSTNAME ? countMatching(node, pod.namespace, c.selector) : (state.counts[i].get(v) ?? 0);
    score += cnt * state.weights[i] + (c.maxSkew - 1) * state.weights[i];
  });
  return Math.round(score);
}

/** Fewer matching pods is better: the least loaded node gets 100, ignored nodes 0. */
export function spreadNormalize(
  nodes: readonly NodeInfo[],
  scores: number[],
  state: SpreadScoreState | undefined,
): void {
  if (!state) return;
  let min = Number.MAX_SAFE_INTEGER;
  let max = 0;
  nodes.forEach((n, i) => {
    if (state.ignored.has(n.name)) return;
    if (scores[i] < min) min = scores[i];
    if (scores[i] > max) max = scores[i];
  });
  nodes.forEach((n, i) => {
    if (state.ignored.has(n.name)) scores[i] = 0;
    else if (max === 0) scores[i] = 100;
    else scores[i] = Math.floor((100 * (max + min - scores[i])) / max);
  });
}
