/**
 * The two rollout strategies (pkg/controller/deployment/rolling.go and recreate.go).
 * RollingUpdate: scale the new ReplicaSet up within maxSurge, then old ones down while at least
 * replicas - maxUnavailable pods stay available (unhealthy old pods go first). Recreate: old ReplicaSets to zero,
 * wait until their pods are gone, then the new one at full size.
 */

import type { KObject } from "../../kube/object";
import { type DeploymentSync, newRSNewReplicas } from "./deployment-sync";
import {
  activeReplicaSets,
  availableReplicaCount,
  byCreation,
  deploymentComplete,
  dStatus,
  maxUnavailable,
  replicasOf,
  rsReplicas,
  specReplicaCount,
} from "./deployment-util";
import { podPhase } from "./pod-template";
import { rsStatus } from "./replicaset";

export function rolloutRolling(s: DeploymentSync): void {
  const { newRS: created, oldRSs } = s.getAllReplicaSetsAndSyncRevision(true);
  const newRS = created!;
  const allRSs = [...oldRSs, newRS];
  if (reconcileNewReplicaSet(s, allRSs, newRS)) {
    s.syncRolloutStatus(current(s, allRSs), current(s, [newRS])[0]);
    return;
  }
  if (reconcileOldReplicaSets(s, allRSs, activeReplicaSets(oldRSs), newRS)) {
    s.syncRolloutStatus(current(s, allRSs), newRS);
    return;
  }
  if (deploymentComplete(s.d, dStatus(s.d))) s.cleanupDeployment(oldRSs);
  s.syncRolloutStatus(allRSs, newRS);
}

/** The latest stored version of each ReplicaSet this sync touched (deleted ones drop out). */
function current(s: DeploymentSync, rss: KObject[]): KObject[] {
  return rss.map((rs) => s.rsList.find((x) => x.metadata.uid === rs.metadata.uid) ?? rs);
}

function reconcileNewReplicaSet(s: DeploymentSync, allRSs: KObject[], newRS: KObject): boolean {
  const replicas = replicasOf(s.d);
  if (rsReplicas(newRS) === replicas) return false;
  if (rsReplicas(newRS) > replicas) return s.scaleReplicaSetAndRecordEvent(newRS, replicas).scaled;
  return s.scaleReplicaSetAndRecordEvent(newRS, newRSNewReplicas(s.d, allRSs, newRS)).scaled;
}

function reconcileOldReplicaSets(s: DeploymentSync, allRSs: KObject[], oldRSs: KObject[], newRS: KObject): boolean {
  const oldPods = specReplicaCount(oldRSs);
  if (oldPods === 0) return false;
  const allPods = specReplicaCount(allRSs);
  const minAvailable = replicasOf(s.d) - maxUnavailable(s.d);
  const newUnavailable = rsReplicas(newRS) - (rsStatus(newRS).availableReplicas ?? 0);
  const maxScaledDown = allPods - minAvailable - newUnavailable;
  if (maxScaledDown <= 0) return false;
  const { oldRSs: cleaned, count: cleanedUp } = cleanupUnhealthyReplicas(s, oldRSs, maxScaledDown);
  const scaledDown = scaleDownOldReplicaSetsForRollingUpdate(s, [...cleaned, newRS], cleaned);
  return cleanedUp + scaledDown > 0;
}

/** cleanupUnhealthyReplicas: old pods that are not available go first, oldest ReplicaSet first. */
function cleanupUnhealthyReplicas(
  s: DeploymentSync,
  oldRSs: KObject[],
  maxCleanup: number,
): { oldRSs: KObject[]; count: number } {
  const sorted = [...oldRSs].sort(byCreation);
  let total = 0;
  for (let i = 0; i < sorted.length; i++) {
    if (total >= maxCleanup) break;
    const rs = sorted[i];
    const replicas = rsReplicas(rs);
    const available = rsStatus(rs).availableReplicas ?? 0;
    if (replicas === 0 || replicas === available) continue;
    const down = Math.min(maxCleanup - total, replicas - available);
    sorted[i] = s.scaleReplicaSetAndRecordEvent(rs, replicas - down).rs;
    total += down;
  }
  return { oldRSs: sorted, count: total };
}

function scaleDownOldReplicaSetsForRollingUpdate(s: DeploymentSync, allRSs: KObject[], oldRSs: KObject[]): number {
  const minAvailable = replicasOf(s.d) - maxUnavailable(s.d);
  const available = availableReplicaCount(allRSs);
  if (available <= minAvailable) return 0;
  const total = available - minAvailable;
  let scaled = 0;
  for (const rs of [...oldRSs].sort(byCreation)) {
    if (scaled >= total) break;
    if (rsReplicas(rs) === 0) continue;
    const down = Math.min(rsReplicas(rs), total - scaled);
    s.scaleReplicaSetAndRecordEvent(rs, rsReplicas(rs) - down);
    scaled += down;
  }
  return scaled;
}

export function rolloutRecreate(s: DeploymentSync): void {
  let { newRS, oldRSs } = s.getAllReplicaSetsAndSyncRevision(false);
  let scaledDown = false;
  for (const rs of activeReplicaSets(oldRSs)) {
    if (s.scaleReplicaSetAndRecordEvent(rs, 0).scaled) scaledDown = true;
  }
  oldRSs = current(s, oldRSs);
  if (scaledDown) {
    s.syncRolloutStatus([...oldRSs, newRS], newRS);
    return;
  }
  if (oldPodsRunning(s, newRS, oldRSs)) {
    s.syncRolloutStatus([...oldRSs, newRS], newRS);
    return;
  }
  if (!newRS) ({ newRS, oldRSs } = s.getAllReplicaSetsAndSyncRevision(true));
  const scaled = s.scaleReplicaSetAndRecordEvent(newRS!, replicasOf(s.d)).rs;
  if (deploymentComplete(s.d, dStatus(s.d))) s.cleanupDeployment(oldRSs);
  s.syncRolloutStatus(current(s, [...oldRSs, scaled]), scaled);
}

/** oldPodsRunning: any old ReplicaSet still counts pods, or a pod of one is still there and not terminal. */
function oldPodsRunning(s: DeploymentSync, newRS: KObject | undefined, oldRSs: KObject[]): boolean {
  if (oldRSs.some((rs) => (rsStatus(rs).replicas ?? 0) > 0)) return true;
  for (const [uid, pods] of s.podsByReplicaSet()) {
    if (newRS && newRS.metadata.uid === uid) continue;
    for (const p of pods) {
      const phase = podPhase(p);
      if (phase === "Failed" || phase === "Succeeded") continue;
      return true;
    }
  }
  return false;
}
