/**
 * StatefulSet status (updateStatus / computeReplicaStatus / completeRollingUpdate, v1.32): counts of created,
 * ready, available, current and updated pods, the two revisions, and — once a RollingUpdate has every pod
 * updated and ready — current := update. Written only when something changed.
 */
import type { KObject } from "../../kube/object";
import { deepEqual } from "../../kube/object";
import { type ControllerContext, declOf } from "../controller-context";
import { isPodAvailable, isPodReady, isTerminating, podPhase } from "./controller-revision-owner";
import { podRevision, specOf } from "./statefulset-pods";
import type { StatefulSetRevisions } from "./statefulset-revisions";

export function computeStatefulSetStatus(
  set: KObject,
  pods: KObject[],
  revs: StatefulSetRevisions,
  now: number,
): Record<string, unknown> {
  const spec = specOf(set);
  const minReady = spec.minReadySeconds ?? 0;
  const currentName = String(revs.current.metadata.name);
  const updateName = String(revs.update.metadata.name);
  let replicas = 0;
  let ready = 0;
  let available = 0;
  let current = 0;
  let updated = 0;
  for (const pod of pods) {
    replicas++;
    if (podPhase(pod) === "Running" && isPodReady(pod)) {
      ready++;
      if (isPodAvailable(pod, minReady, now)) available++;
    }
    if (!isTerminating(pod)) {
      const rev = podRevision(pod);
      if (rev === currentName) current++;
      if (rev === updateName) updated++;
    }
  }
  let currentRevision = currentName;
  // completeRollingUpdate
  if (spec.updateStrategy?.type !== "OnDelete" && updated === replicas && ready === replicas) {
    current = updated;
    currentRevision = updateName;
  }
  // Field order and omitempty as apps/v1 StatefulSetStatus marshals them.
  const status: Record<string, unknown> = { observedGeneration: set.metadata.generation, replicas };
  if (ready) status.readyReplicas = ready;
  if (current) status.currentReplicas = current;
  if (updated) status.updatedReplicas = updated;
  status.currentRevision = currentRevision;
  status.updateRevision = updateName;
  status.collisionCount = revs.collisionCount;
  const conditions = (set.status as { conditions?: unknown[] } | undefined)?.conditions;
  if (conditions?.length) status.conditions = conditions;
  status.availableReplicas = available;
  return status;
}

export function writeStatefulSetStatus(
  ctx: ControllerContext,
  set: KObject,
  pods: KObject[],
  revs: StatefulSetRevisions,
  fieldManager: string,
): void {
  const status = computeStatefulSetStatus(set, pods, revs, ctx.clock.now());
  if (deepEqual(status, set.status)) return;
  const decl = declOf(ctx.registry, "apps", "statefulsets");
  const cur = ctx.store.tryGet(decl, set.metadata.namespace, String(set.metadata.name));
  if (!cur || cur.metadata.uid !== set.metadata.uid) return;
  ctx.store.update(
    decl,
    set.metadata.namespace,
    String(set.metadata.name),
    { ...cur, status },
    { dryRun: false, fieldManager, subresource: "status" },
  );
}
