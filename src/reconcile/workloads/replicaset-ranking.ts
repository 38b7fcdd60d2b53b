/**
 * Which pods a ReplicaSet deletes first when it scales down: controller.ActivePodsWithRanks (Kubernetes 1.32,
 * with the PodDeletionCost and LogarithmicScaleDown features on, as they are by default).
 */
import type { KObject } from "../../kube/object";
import { isPodActive, isPodReady, maxContainerRestarts, nodeNameOf, podPhase, podReadyCondition } from "./pod-template";

export const POD_DELETION_COST = "controller.kubernetes.io/pod-deletion-cost";

const PHASE_ORDINAL: Record<string, number> = { Pending: 0, Unknown: 1, Running: 2 };

/** helper.GetDeletionCostFromPodAnnotations: an int32, 0 when absent or invalid. */
export function deletionCost(pod: KObject): number {
  const v = pod.metadata.annotations?.[POD_DELETION_COST];
  if (v === undefined || !/^[+-]?\d+$/.test(v.trim())) return 0;
  const n = Number(v.trim());
  return n >= -2147483648 && n <= 2147483647 ? n : 0;
}

function readyTime(pod: KObject): number {
  const c = podReadyCondition(pod);
  return c?.status === "True" && c.lastTransitionTime ? Date.parse(c.lastTransitionTime) : 0;
}

function creationTime(pod: KObject): number {
  return pod.metadata.creationTimestamp ? Date.parse(pod.metadata.creationTimestamp) : 0;
}

/** afterOrZero: a zero time sorts first, then the later time. */
function afterOrZero(t1: number, t2: number): boolean {
  if (t1 === 0 || t2 === 0) return t1 === 0;
  return t1 > t2;
}

/** logarithmicRankDiff: compares floor(log2(now - t)) in nanoseconds, so times close together tie. */
function logRankDiff(t1: number, t2: number, now: number): number {
  const rank = (t: number) => {
    const d = (now - t) * 1e6;
    return d > 0 ? Math.floor(Math.log2(d)) : -1;
  };
  return rank(t1) - rank(t2);
}

/** A time comparison with LogarithmicScaleDown: ties in the same power-of-two bucket go by UID (pseudo-random). */
function newerFirst(a: KObject, b: KObject, ta: number, tb: number, now: number): boolean | undefined {
  if (ta === tb) return undefined;
  if (ta === 0 || tb === 0) return afterOrZero(ta, tb);
  const diff = logRankDiff(ta, tb, now);
  if (diff === 0) return String(a.metadata.uid) < String(b.metadata.uid);
  return diff < 0;
}

/** ActivePodsWithRanks.Less: true when `a` should be deleted before `b`. */
export function deletesBefore(a: KObject, rankA: number, b: KObject, rankB: number, now: number): boolean {
  // 1. Unassigned < assigned.
  const na = nodeNameOf(a);
  const nb = nodeNameOf(b);
  if (na !== nb && (na === "" || nb === "")) return na === "";
  // 2. Pending < Unknown < Running.
  const pa = PHASE_ORDINAL[podPhase(a)] ?? 0;
  const pb = PHASE_ORDINAL[podPhase(b)] ?? 0;
  if (pa !== pb) return pa < pb;
  // 3. Not ready < ready.
  const ra = isPodReady(a);
  const rb = isPodReady(b);
  if (ra !== rb) return !ra;
  // 4. Lower pod-deletion-cost first.
  const ca = deletionCost(a);
  const cb = deletionCost(b);
  if (ca !== cb) return ca < cb;
  // 5. Doubled up (more related pods on the same node) first.
  if (rankA !== rankB) return rankA > rankB;
  // 6. Ready for less time first.
  if (ra && rb) {
    const r = newerFirst(a, b, readyTime(a), readyTime(b), now);
    if (r !== undefined) return r;
  }
  // 7. More container restarts first.
  const xa = maxContainerRestarts(a);
  const xb = maxContainerRestarts(b);
  if (xa !== xb) return xa > xb;
  // 8. Newer first.
  return newerFirst(a, b, creationTime(a), creationTime(b), now) ?? false;
}

/**
 * getPodsToDelete: the `diff` pods to delete, ranked with the number of active related pods (pods of every
 * ReplicaSet of the same Deployment) on each pod's node.
 */
export function podsToDelete(pods: KObject[], related: KObject[], diff: number, now: number): KObject[] {
  if (diff >= pods.length) return [...pods];
  const onNode = new Map<string, number>();
  for (const p of related) {
    if (isPodActive(p)) onNode.set(nodeNameOf(p), (onNode.get(nodeNameOf(p)) ?? 0) + 1);
  }
  const ranked = pods.map((pod) => ({ pod, rank: onNode.get(nodeNameOf(pod)) ?? 0 }));
  // Stable sort with a strict-weak "less" (Go's sort.Sort is not stable, but ties are rare and harmless).
  ranked.sort((x, y) => {
    if (deletesBefore(x.pod, x.rank, y.pod, y.rank, now)) return -1;
    if (deletesBefore(y.pod, y.rank, x.pod, x.rank, now)) return 1;
    return 0;
  });
  return ranked.slice(0, diff).map((r) => r.pod);
}
