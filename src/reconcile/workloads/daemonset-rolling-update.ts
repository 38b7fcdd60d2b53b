/**
 * The DaemonSet RollingUpdate step (rollingUpdate in pkg/controller/daemon/update.go, v1.32).
 * - maxSurge 0: delete old pods, at most maxUnavailable nodes unavailable at a time (unavailable old pods are
 *   replaced regardless); `manage` then creates the new pod once the old one is gone.
 * - maxSurge > 0: start a new pod next to an old one on up to maxSurge nodes (at once where the old pod is
 *   unavailable anyway); delete the old pod once the new one is available.
 * Nodes are visited in name order (kube ranges over a map, so its order is random).
 */
import { scaledValue } from "../../kube/intstr";
import type { KObject } from "../../kube/object";
import type { ControllerContext } from "../controller-context";
import { isPodAvailable, isTerminating } from "./controller-revision-owner";
import { type DaemonPodControl, type DaemonSetView, isPodUpdated } from "./daemonset-pods";
import { daemonPodSpec, nodeShouldRunDaemonPod } from "./daemonset-predicates";

type IntOrString = number | string | undefined;

/** findUpdatedPodsOnNode: the node's (single) new and old pod; ok=false when there are duplicates. */
function findUpdatedPodsOnNode(
  pods: KObject[],
  hash: string,
  generation: string | undefined,
): { ok: boolean; newPod?: KObject; oldPod?: KObject } {
  let newPod: KObject | undefined;
  let oldPod: KObject | undefined;
  for (const pod of pods) {
    if (isTerminating(pod)) continue;
    if (isPodUpdated(pod, hash, generation)) {
      if (newPod) return { ok: false };
      newPod = pod;
    } else {
      if (oldPod) return { ok: false };
      oldPod = pod;
    }
  }
  return { ok: true, newPod, oldPod };
}

export function rollingUpdate(ctx: ControllerContext, view: DaemonSetView, control: DaemonPodControl): void {
  const { ds, nodes, hash, generation } = view;
  const minReady = (ds.spec as { minReadySeconds?: number }).minReadySeconds ?? 0;
  const now = ctx.clock.now();
  const available = (p: KObject) => isPodAvailable(p, minReady, now);
  const podSpec = daemonPodSpec(ds);
  const nodeByName = new Map(nodes.map((n) => [String(n.metadata.name), n]));
  const shouldRun = (node: string) => {
    const n = nodeByName.get(node);
    return n ? nodeShouldRunDaemonPod(n, podSpec).shouldRun : false;
  };

  // updatedDesiredNodeCounts: every node that should run a pod takes part, with or without one.
  const nodeToPods = new Map(view.nodeToPods);
  let desired = 0;
  for (const n of nodes) {
    if (!nodeShouldRunDaemonPod(n, podSpec).shouldRun) continue;
    desired++;
    if (!nodeToPods.has(String(n.metadata.name))) nodeToPods.set(String(n.metadata.name), []);
  }
  const ru = (
    ds.spec as { updateStrategy?: { rollingUpdate?: { maxUnavailable?: IntOrString; maxSurge?: IntOrString } } }
  ).updateStrategy?.rollingUpdate;
  let maxUnavailable = scaledValue(ru?.maxUnavailable, desired, true);
  const maxSurge = scaledValue(ru?.maxSurge, desired, true);
  if (desired > 0 && maxUnavailable === 0 && maxSurge === 0) maxUnavailable = 1;
  const entries = [...nodeToPods.entries()].sort(([a], [b]) => a.localeCompare(b));

  if (maxSurge === 0) {
    let numUnavailable = 0;
    const allowedReplacements: KObject[] = [];
    const candidates: KObject[] = [];
    for (const [, pods] of entries) {
      const { ok, newPod, oldPod } = findUpdatedPodsOnNode(pods, hash, generation);
      if (!ok) {
        numUnavailable++;
        continue;
      }
      if ((!oldPod && !newPod) || (oldPod && newPod)) {
        // manage creates or deletes what is needed here; the node counts as unavailable meanwhile.
        numUnavailable++;
      } else if (newPod) {
        if (!available(newPod)) numUnavailable++;
      } else if (oldPod) {
        if (!available(oldPod)) allowedReplacements.push(oldPod);
        else if (numUnavailable < maxUnavailable) candidates.push(oldPod);
      }
    }
    const remaining = Math.min(Math.max(0, maxUnavailable - numUnavailable), candidates.length);
    for (const pod of [...allowedReplacements, ...candidates.slice(0, remaining)]) control.delete(pod);
    return;
  }

  const oldToDelete: KObject[] = [];
  const shouldNotRunToDelete: KObject[] = [];
  const candidateNodes: string[] = [];
  const allowedNodes: string[] = [];
  let numSurge = 0;
  let numAvailable = 0;
  for (const [node, pods] of entries) {
    const { ok, newPod, oldPod } = findUpdatedPodsOnNode(pods, hash, generation);
    if (!ok) {
      numSurge++;
      continue;
    }
    if (oldPod ? available(oldPod) : newPod ? available(newPod) : false) numAvailable++;
    if (!oldPod) continue;
    if (!newPod) {
      if (!available(oldPod)) {
        if (!shouldRun(node)) oldToDelete.push(oldPod);
        else allowedNodes.push(node);
      } else if (!shouldRun(node)) {
        shouldNotRunToDelete.push(oldPod);
      } else if (numSurge < maxSurge) {
        candidateNodes.push(node);
      }
    } else if (!available(newPod)) {
      numSurge++;
    } else {
      oldToDelete.push(oldPod);
    }
  }
  // With surge the owner expects full availability: pods on nodes that should no longer run one go only once
  // enough others are available.
  const deletable = Math.min(Math.max(0, numAvailable - desired), shouldNotRunToDelete.length);
  oldToDelete.push(...shouldNotRunToDelete.slice(0, deletable));
  const remainingSurge = Math.min(Math.max(0, maxSurge - numSurge), candidateNodes.length);
  for (const pod of oldToDelete) control.delete(pod);
  for (const node of [...allowedNodes, ...candidateNodes.slice(0, remainingSurge)])
    control.create(node, hash, generation);
}
