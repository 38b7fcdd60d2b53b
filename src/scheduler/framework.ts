/**
 * One scheduling cycle, shaped like kube-scheduler's framework (schedule_one.go): PreFilter, Filter over the
 * nodes (stopping once enough feasible nodes are found, starting where the previous cycle stopped), then
 * Score + NormalizeScore with the default profile's weights, and a random-but-seeded pick among the best.
 * Pure: reads a Snapshot, writes nothing.
 */
import type { LabelSelector } from "../kube/selectors/label-selector";
import { addPod, cloneNodeInfo } from "./node-info";
import {
  type InterPodAffinityState,
  interPodAffinityFilter,
  interPodAffinityPreFilter,
  interPodAffinityPreScore,
  interPodAffinityScore,
  type NamespaceLabels,
} from "./plugins/inter-pod-affinity";
import {
  ERR_AFFINITY_CONFLICT,
  nodeAffinityFilter,
  nodeAffinityPreFilter,
  nodeAffinityScore,
  nodeNameFilter,
  nodeUnschedulableFilter,
  taintTolerationFilter,
  taintTolerationScore,
} from "./plugins/node-basics";
import { nodePortsFilter } from "./plugins/node-ports";
import { balancedAllocationScore, leastAllocatedScore, resourcesFitFilter } from "./plugins/resources-fit";
import {
  type SpreadFilterState,
  spreadFilter,
  spreadNormalize,
  spreadPreFilter,
  spreadPreScore,
  spreadScore,
} from "./plugins/topology-spread";
import { type VolumeLister, type VolumeState, volumeFilter, volumePreFilter } from "./plugins/volume-binding";
import type { FilterStatus, NodeInfo, PodInfo } from "./types";

export interface Snapshot extends VolumeLister {
  /** Every node, in a stable order. */
  nodeList(): readonly NodeInfo[];
  node(name: string): NodeInfo | undefined;
  namespaceLabels: NamespaceLabels;
  /** Pending pods nominated to this node by preemption (their room is kept for them). */
  nominatedPods(nodeName: string): Iterable<PodInfo>;
  /** Selector of the Services / ReplicaSets / StatefulSets owning the pod, for default spreading. */
  defaultSpreadSelector(pod: PodInfo): LabelSelector | undefined;
}

export interface CycleState {
  volume?: VolumeState;
  interPod?: InterPodAffinityState;
  spread?: SpreadFilterState;
}

export interface Diagnosis {
  numAllNodes: number;
  preFilterMsg?: string;
  statuses: Map<string, FilterStatus>;
  /** Status of nodes a PreFilter left out (DaemonSet pods pinned by matchFields). */
  absent?: FilterStatus;
}

export type ScheduleResult =
  | { ok: true; node: string; state: CycleState; feasible: number; evaluated: number }
  | { ok: false; diagnosis: Diagnosis; state: CycleState };

export interface SchedulerState {
  /** Where the next cycle starts filtering (round robin over nodes, like nextStartNodeIndex). */
  nextStartNodeIndex: number;
}

/** kube's default profile score weights. */
export const SCORE_WEIGHTS = {
  TaintToleration: 3,
  NodeAffinity: 2,
  PodTopologySpread: 2,
  InterPodAffinity: 2,
  NodeResourcesFit: 1,
  NodeResourcesBalancedAllocation: 1,
} as const;

const MIN_FEASIBLE_NODES_TO_FIND = 100;
const MIN_FEASIBLE_NODES_PERCENTAGE = 5;

/** numFeasibleNodesToFind with the adaptive percentage (50% − nodes/125, at least 5%, at least 100 nodes). */
export function numFeasibleNodesToFind(numAllNodes: number): number {
  if (numAllNodes < MIN_FEASIBLE_NODES_TO_FIND) return numAllNodes;
  let pct = Math.floor(50 - numAllNodes / 125);
  if (pct < MIN_FEASIBLE_NODES_PERCENTAGE) pct = MIN_FEASIBLE_NODES_PERCENTAGE;
  const n = Math.floor((numAllNodes * pct) / 100);
  return Math.max(n, MIN_FEASIBLE_NODES_TO_FIND);
}

/** The filter plugins in the default profile's order; the first failure decides the node's status. */
export function runFilters(pod: PodInfo, node: NodeInfo, state: CycleState, snap: Snapshot): FilterStatus | undefined {
  return (
    nodeUnschedulableFilter(pod, node) ??
    nodeNameFilter(pod, node) ??
    taintTolerationFilter(pod, node) ??
    nodeAffinityFilter(pod, node) ??
    nodePortsFilter(pod, node) ??
    resourcesFitFilter(pod, node) ??
    volumeFilter(node, state.volume) ??
    spreadFilter(pod, node, state.spread) ??
    interPodAffinityFilter(pod, node, state.interPod, snap.namespaceLabels)
  );
}

/** RunFilterPluginsWithNominatedPods: equal or higher priority pods nominated here count as already placed. */
export function filterWithNominated(
  pod: PodInfo,
  node: NodeInfo,
  state: CycleState,
  snap: Snapshot,
): FilterStatus | undefined {
  let withNominated: NodeInfo | undefined;
  for (const p of snap.nominatedPods(node.name)) {
    if (p.key === pod.key || p.priority < pod.priority) continue;
    withNominated ??= cloneNodeInfo(node);
    addPod(withNominated, p);
  }
  if (withNominated) {
    const s = runFilters(pod, withNominated, state, snap);
    if (s) return s;
  }
  return runFilters(pod, node, state, snap);
}

/** PreFilter: returns a failure message for the whole cycle, or the per-cycle state. */
export function preFilter(
  pod: PodInfo,
  snap: Snapshot,
): { state: CycleState; nodeNames?: Set<string>; message?: string } {
  const state: CycleState = {};
  const nodeNames = nodeAffinityPreFilter(pod);
  if (nodeNames && nodeNames.size === 0) return { state, message: ERR_AFFINITY_CONFLICT };
  if (pod.pvcNames.length > 0) {
    const v = volumePreFilter(pod, snap);
    if ("message" in v) return { state, message: v.message };
    state.volume = v;
  }
  const nodes = snap.nodeList();
  state.spread = spreadPreFilter(pod, nodes);
  state.interPod = interPodAffinityPreFilter(pod, nodes, snap.namespaceLabels);
  return { state, nodeNames };
}

export function schedulePod(pod: PodInfo, snap: Snapshot, sched: SchedulerState, random: () => number): ScheduleResult {
  const all = snap.nodeList();
  const diagnosis: Diagnosis = { numAllNodes: all.length, statuses: new Map() };
  const pre = preFilter(pod, snap);
  const state = pre.state;
  if (pre.message !== undefined) {
    diagnosis.preFilterMsg = pre.message;
    diagnosis.absent = { reasons: [pre.message], unresolvable: true };
    return { ok: false, diagnosis, state };
  }

  // A pod nominated by an earlier preemption tries its node first.
  if (pod.nominatedNodeName) {
    const n = snap.node(pod.nominatedNodeName);
    if (n && (!pre.nodeNames || pre.nodeNames.has(n.name)) && !filterWithNominated(pod, n, state, snap)) {
      return { ok: true, node: n.name, state, feasible: 1, evaluated: 1 };
    }
  }

  let nodes = all;
  if (pre.nodeNames) {
    nodes = all.filter((n) => pre.nodeNames!.has(n.name));
    diagnosis.absent = { reasons: ["node(s) didn't satisfy plugin(s) [NodeAffinity]"], unresolvable: true };
  }
  const want = numFeasibleNodesToFind(nodes.length);
  const feasible: NodeInfo[] = [];
  const start = nodes.length > 0 ? sched.nextStartNodeIndex % nodes.length : 0;
  let processed = 0;
  for (let i = 0; i < nodes.length && feasible.length < want; i++) {
    const node = nodes[(start + i) % nodes.length];
    processed++;
    const s = filterWithNominated(pod, node, state, snap);
    if (s) diagnosis.statuses.set(node.name, s);
    else feasible.push(node);
  }
  if (nodes.length > 0) sched.nextStartNodeIndex = (start + processed) % nodes.length;
  if (feasible.length === 0) return { ok: false, diagnosis, state };
  if (feasible.length === 1) return { ok: true, node: feasible[0].name, state, feasible: 1, evaluated: processed };
  const scores = scoreNodes(pod, feasible, snap);
  return {
    ok: true,
    node: selectHost(feasible, scores, random),
    state,
    feasible: feasible.length,
    evaluated: processed,
  };
}

/** DefaultNormalizeScore: scale to 0–100 by the maximum (reversed: fewer is better). */
function defaultNormalize(scores: number[], reverse: boolean): void {
  let max = 0;
  for (const s of scores) if (s > max) max = s;
  for (let i = 0; i < scores.length; i++) {
    if (max === 0) scores[i] = reverse ? 100 : 0;
    else {
      const s = Math.floor((100 * scores[i]) / max);
      scores[i] = reverse ? 100 - s : s;
    }
  }
}

function minMaxNormalize(scores: number[]): void {
  let min = Number.POSITIVE_INFINITY;
  let max = Number.NEGATIVE_INFINITY;
  for (const s of scores) {
    if (s < min) min = s;
    if (s > max) max = s;
  }
  const diff = max - min;
  for (let i = 0; i < scores.length; i++) scores[i] = diff > 0 ? Math.floor((100 * (scores[i] - min)) / diff) : 0;
}

/** Every score plugin, normalised and weighted, summed per node. */
export function scoreNodes(pod: PodInfo, nodes: readonly NodeInfo[], snap: Snapshot): number[] {
  const total = new Array<number>(nodes.length).fill(0);
  const add = (weight: number, scores: number[]) => {
    for (let i = 0; i < scores.length; i++) total[i] += weight * scores[i];
  };

  const taints = nodes.map((n) => taintTolerationScore(pod, n));
  defaultNormalize(taints, true);
  add(SCORE_WEIGHTS.TaintToleration, taints);

  if (pod.preferredNodeTerms.length > 0) {
    const aff = nodes.map((n) => nodeAffinityScore(pod, n));
    defaultNormalize(aff, false);
    add(SCORE_WEIGHTS.NodeAffinity, aff);
  }

  const spreadState = spreadPreScore(pod, nodes, snap.nodeList(), snap.defaultSpreadSelector(pod));
  if (spreadState) {
    const spread = nodes.map((n) => spreadScore(pod, n, spreadState));
    spreadNormalize(nodes, spread, spreadState);
    add(SCORE_WEIGHTS.PodTopologySpread, spread);
  }

  const ipa = interPodAffinityPreScore(pod, snap.nodeList(), snap.namespaceLabels);
  if (ipa) {
    const s = nodes.map((n) => interPodAffinityScore(n, ipa));
    minMaxNormalize(s);
    add(SCORE_WEIGHTS.InterPodAffinity, s);
  }

  add(
    SCORE_WEIGHTS.NodeResourcesFit,
    nodes.map((n) => leastAllocatedScore(pod, n)),
  );
  add(
    SCORE_WEIGHTS.NodeResourcesBalancedAllocation,
    nodes.map((n) => balancedAllocationScore(pod, n)),
  );
  return total;
}

/** selectHost: the highest total; ties broken by reservoir sampling with the cluster's seeded random. */
export function selectHost(nodes: readonly NodeInfo[], scores: number[], random: () => number): string {
  let best = 0;
  let ties = 1;
  for (let i = 1; i < nodes.length; i++) {
    if (scores[i] > scores[best]) {
      best = i;
      ties = 1;
    } else if (scores[i] === scores[best]) {
      ties++;
      if (Math.floor(random() * ties) === 0) best = i;
    }
  }
  return nodes[best].name;
}
