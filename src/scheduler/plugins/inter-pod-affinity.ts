/**
 * InterPodAffinity: required pod affinity / anti-affinity (filter) and the preferred terms (score), counted
 * per topology domain once per scheduling cycle (PreFilter / PreScore) as kube-scheduler does.
 */
import { matches } from "../../kube/selectors/label-selector";
import { termMatches } from "../pod-info";
import type { AffinityTerm, FilterStatus, NodeInfo, PodInfo } from "../types";

export const ERR_AFFINITY = "node(s) didn't match pod affinity rules";
export const ERR_ANTI_AFFINITY = "node(s) didn't match pod anti-affinity rules";
export const ERR_EXISTING_ANTI_AFFINITY = "node(s) didn't satisfy existing pods anti-affinity rules";

export type NamespaceLabels = (ns: string) => Record<string, string> | undefined;

/** Counts keyed by `topologyKey\u0000value`. */
type Counts = Map<string, number>;

export interface InterPodAffinityState {
  existingAnti: Counts;
  affinity: Counts;
  anti: Counts;
}

const pair = (k: string, v: string) => `${k}\u0000${v}`;
const bump = (c: Counts, k: string, by: number) => c.set(k, (c.get(k) ?? 0) + by);

export function matchesTerm(term: AffinityTerm, pod: PodInfo, ns: NamespaceLabels): boolean {
  return termMatches(term, pod, ns, matches);
}

export function interPodAffinityPreFilter(
  pod: PodInfo,
  nodes: readonly NodeInfo[],
  ns: NamespaceLabels,
): InterPodAffinityState | undefined {
  const state: InterPodAffinityState = { existingAnti: new Map(), affinity: new Map(), anti: new Map() };
  let any = false;
  const own = pod.requiredAffinity.length > 0 || pod.requiredAntiAffinity.length > 0;
  for (const node of nodes) {
    for (const existing of node.podsWithRequiredAntiAffinity) {
      for (const t of existing.requiredAntiAffinity) {
        const v = node.labels[t.topologyKey];
        if (v !== undefined && matchesTerm(t, pod, ns)) {
          bump(state.existingAnti, pair(t.topologyKey, v), 1);
          any = true;
        }
      }
    }
    if (!own) continue;
    for (const existing of node.pods.values()) {
      if (pod.requiredAffinity.length > 0 && pod.requiredAffinity.every((t) => matchesTerm(t, existing, ns))) {
        for (const t of pod.requiredAffinity) {
          const v = node.labels[t.topologyKey];
          if (v !== undefined) bump(state.affinity, pair(t.topologyKey, v), 1);
        }
      }
      for (const t of pod.requiredAntiAffinity) {
        const v = node.labels[t.topologyKey];
        if (v !== undefined && matchesTerm(t, existing, ns)) bump(state.anti, pair(t.topologyKey, v), 1);
      }
    }
    any = true;
  }
  return any ? state : undefined;
}

export function interPodAffinityFilter(
  pod: PodInfo,
  node: NodeInfo,
  state: InterPodAffinityState | undefined,
  ns: NamespaceLabels,
): FilterStatus | undefined {
  if (!state) return undefined;
  // kube's order: the pod's affinity, its anti-affinity, then existing pods' anti-affinity towards it.
  if (pod.requiredAffinity.length > 0) {
    const ok = pod.requiredAffinity.every((t) => {
      const v = node.labels[t.topologyKey];
      return v !== undefined && (state.affinity.get(pair(t.topologyKey, v)) ?? 0) > 0;
    });
    // The first pod of a group that selects itself may go anywhere its topology keys exist.
    const selfMatch =
      state.affinity.size === 0 &&
      pod.requiredAffinity.every((t) => node.labels[t.topologyKey] !== undefined && matchesTerm(t, pod, ns));
    if (!ok && !selfMatch) return { reasons: [ERR_AFFINITY], unresolvable: true };
  }
  for (const t of pod.requiredAntiAffinity) {
    const v = node.labels[t.topologyKey];
    if (v !== undefined && (state.anti.get(pair(t.topologyKey, v)) ?? 0) > 0) {
      return { reasons: [ERR_ANTI_AFFINITY], unresolvable: false };
    }
  }
  if (state.existingAnti.size > 0) {
    for (const [k, v] of Object.entries(node.labels)) {
      if ((state.existingAnti.get(pair(k, v)) ?? 0) > 0) {
        return { reasons: [ERR_EXISTING_ANTI_AFFINITY], unresolvable: false };
      }
    }
  }
  return undefined;
}

/** PreScore: per-domain sums of preferred (and existing pods' hard, weight 1) affinity towards this pod. */
export function interPodAffinityPreScore(
  pod: PodInfo,
  nodes: readonly NodeInfo[],
  ns: NamespaceLabels,
): Counts | undefined {
  const hasPreferred = pod.preferredAffinity.length > 0 || pod.preferredAntiAffinity.length > 0;
  const scores: Counts = new Map();
  for (const node of nodes) {
    const candidates = hasPreferred ? node.pods.values() : node.podsWithAffinity.values();
    for (const existing of candidates) {
      const add = (key: string, w: number) => {
        const v = node.labels[key];
        if (v !== undefined && w !== 0) bump(scores, pair(key, v), w);
      };
      for (const w of pod.preferredAffinity) if (matchesTerm(w.term, existing, ns)) add(w.term.topologyKey, w.weight);
      for (const w of pod.preferredAntiAffinity) {
        if (matchesTerm(w.term, existing, ns)) add(w.term.topologyKey, -w.weight);
      }
      for (const t of existing.requiredAffinity) if (matchesTerm(t, pod, ns)) add(t.topologyKey, 1);
      for (const w of existing.preferredAffinity) if (matchesTerm(w.term, pod, ns)) add(w.term.topologyKey, w.weight);
      for (const w of existing.preferredAntiAffinity) {
        if (matchesTerm(w.term, pod, ns)) add(w.term.topologyKey, -w.weight);
      }
    }
  }
  return scores.size > 0 ? scores : undefined;
}

export function interPodAffinityScore(node: NodeInfo, scores: Counts | undefined): number {
  if (!scores) return 0;
  let s = 0;
  for (const [k, v] of Object.entries(node.labels)) s += scores.get(pair(k, v)) ?? 0;
  return s;
}
