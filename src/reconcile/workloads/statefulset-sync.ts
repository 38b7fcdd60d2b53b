/**
 * One sync of a StatefulSet, in the order kube-controller-manager's defaultStatefulSetControl.updateStatefulSet
 * (v1.32) takes its steps:
 * 1. split the pods into replicas (ordinals in [start, start+replicas)) and condemned ones (beyond the range);
 * 2. bring every replica into being: recreate Failed/Succeeded pods, create missing ones with their PVCs first,
 *    and in OrderedReady ("monotonic") mode stop at the first pod that is not yet Running, Ready and Available;
 *    Parallel mode does all of them at once;
 * 3. delete condemned pods, highest ordinal first, one at a time and only when every other pod is healthy
 *    (OrderedReady), or all at once (Parallel);
 * 4. RollingUpdate: delete the highest-ordinal pod not at the update revision (down to the partition), one at
 *    a time, waiting for each to come back Running and Ready; OnDelete leaves pods until a user deletes them.
 * The MaxUnavailableStatefulSet feature gate is alpha (off) in 1.32, so rolling updates go one pod at a time.
 */

import type { KObject } from "../../kube/object";
import { type ControllerContext, codeOf, declOf } from "../controller-context";
import type { ReconcileResult } from "../engine";
import { templateOfRevision, truncateHistory } from "./controller-revision";
import { claimPods, isPodReady, isTerminating, msUntilAvailable, podPhase } from "./controller-revision-owner";
import {
  claimOwnerRefsFor,
  claimsFor,
  identityMatches,
  inOrdinalRange,
  isMemberOf,
  newStatefulSetPod,
  ordinalOf,
  podRevision,
  specOf,
  startOrdinal,
  withIdentity,
} from "./statefulset-pods";
import { statefulSetRevisions } from "./statefulset-revisions";
import { writeStatefulSetStatus } from "./statefulset-status";

export const FIELD_MANAGER = "kube-controller-manager";
const SOURCE = { component: "statefulset-controller" };

const isRunningAndReady = (pod: KObject) => podPhase(pod) === "Running" && isPodReady(pod);
const isHealthy = (pod: KObject | undefined) => !!pod && isRunningAndReady(pod) && !isTerminating(pod);

export function syncStatefulSet(ctx: ControllerContext, set: KObject): ReconcileResult | undefined {
  const podDecl = declOf(ctx.registry, "", "pods");
  const pvcDecl = declOf(ctx.registry, "", "persistentvolumeclaims");
  const ns = set.metadata.namespace;
  const spec = specOf(set);
  const minReady = spec.minReadySeconds ?? 0;
  const now = ctx.clock.now();

  const pods = claimPods(ctx, set, FIELD_MANAGER, (p) => isMemberOf(set, p));
  const revs = statefulSetRevisions(ctx, set, FIELD_MANAGER);
  const currentTemplate = templateOfRevision(revs.current);
  const updateTemplate = templateOfRevision(revs.update);
  const currentName = String(revs.current.metadata.name);
  const updateName = String(revs.update.metadata.name);

  const replicaCount = spec.replicas ?? 1;
  const start = startOrdinal(set);
  const replicas: (KObject | undefined)[] = new Array(replicaCount).fill(undefined);
  const condemned: KObject[] = [];
  for (const pod of pods) {
    const ord = ordinalOf(pod);
    if (inOrdinalRange(set, pod)) replicas[ord - start] = pod;
    else if (ord >= 0) condemned.push(pod);
  }
  condemned.sort((a, b) => ordinalOf(b) - ordinalOf(a));

  const finish = (): ReconcileResult | undefined => {
    const live = [...replicas.filter((p): p is KObject => !!p), ...condemned];
    writeStatefulSetStatus(ctx, set, live, revs, FIELD_MANAGER);
    const liveRevisions = new Set([currentName, updateName, ...live.map(podRevision)]);
    truncateHistory(ctx, revs.all, liveRevisions, spec.revisionHistoryLimit ?? 10);
    // Pods that are Ready but not yet Available need a look when minReadySeconds have passed.
    const waits = live
      .map((p) => msUntilAvailable(p, minReady, ctx.clock.now()))
      .filter((ms): ms is number => ms !== undefined && ms > 0);
    return waits.length > 0 ? { requeueAfterMs: Math.min(...waits) } : undefined;
  };

  if (set.metadata.deletionTimestamp) return finish();

  // newVersionedStatefulSetPod: ordinals below the partition stay at the current revision.
  const newPod = (ordinal: number): KObject => {
    const partition = spec.updateStrategy?.rollingUpdate?.partition ?? 0;
    const atCurrent = spec.updateStrategy?.type !== "OnDelete" && ordinal < start + partition;
    return atCurrent
      ? newStatefulSetPod(set, currentTemplate, ordinal, currentName)
      : newStatefulSetPod(set, updateTemplate, ordinal, updateName);
  };

  const recordPod = (verb: string, pod: KObject) =>
    ctx.events.record(
      set,
      "Normal",
      `Successful${verb[0].toUpperCase()}${verb.slice(1)}`,
      `${verb} Pod ${pod.metadata.name} in StatefulSet ${set.metadata.name} successful`,
      SOURCE,
    );

  /** createPersistentVolumeClaims: missing claims are created (and announced); a claim being deleted blocks. */
  const ensureClaims = (pod: KObject): void => {
    for (const { claim } of claimsFor(set, ordinalOf(pod))) {
      const existing = ctx.store.tryGet(pvcDecl, ns, String(claim.metadata.name));
      if (existing) {
        if (existing.metadata.deletionTimestamp) throw new Error(`pvc ${claim.metadata.name} is being deleted`);
        continue;
      }
      try {
        ctx.store.create(pvcDecl, ns, claim, { dryRun: false, fieldManager: FIELD_MANAGER });
      } catch (e) {
        if (codeOf(e) === 409) continue;
        ctx.events.record(
          set,
          "Warning",
          "FailedCreate",
          `create Claim ${claim.metadata.name} for Pod ${pod.metadata.name} in StatefulSet ${set.metadata.name} failed error: ${(e as Error).message}`,
          SOURCE,
        );
        throw e;
      }
      ctx.events.record(
        set,
        "Normal",
        "SuccessfulCreate",
        `create Claim ${claim.metadata.name} Pod ${pod.metadata.name} in StatefulSet ${set.metadata.name} success`,
        SOURCE,
      );
    }
  };

  /** UpdatePodClaimForRetentionPolicy: ownerReferences on the claims so the GC honours Delete policies. */
  const fixClaimOwners = (pod: KObject): void => {
    for (const { claim } of claimsFor(set, ordinalOf(pod))) {
      const existing = ctx.store.tryGet(pvcDecl, ns, String(claim.metadata.name));
      if (!existing) continue;
      const refs = claimOwnerRefsFor(set, pod, existing);
      if (!refs) continue;
      const next = structuredClone(existing);
      next.metadata.ownerReferences = refs;
      if (refs.length === 0) delete next.metadata.ownerReferences;
      ctx.store.update(pvcDecl, ns, String(existing.metadata.name), next, {
        dryRun: false,
        fieldManager: FIELD_MANAGER,
      });
    }
  };

  const createPod = (pod: KObject): KObject => {
    ensureClaims(pod);
    let created: KObject;
    try {
      created = ctx.store.create(podDecl, ns, pod, { dryRun: false, fieldManager: FIELD_MANAGER });
    } catch (e) {
      if (codeOf(e) !== 409) {
        ctx.events.record(
          set,
          "Warning",
          "FailedCreate",
          `create Pod ${pod.metadata.name} in StatefulSet ${set.metadata.name} failed error: ${(e as Error).message}`,
          SOURCE,
        );
      }
      throw e;
    }
    fixClaimOwners(created);
    recordPod("create", created);
    return created;
  };

  /** Deletes a pod; returns what is left of it (terminating) or undefined once it is gone. */
  const deletePod = (pod: KObject): KObject | undefined => {
    try {
      const res = ctx.store.delete(podDecl, ns, String(pod.metadata.name), {
        dryRun: false,
        preconditions: { uid: pod.metadata.uid },
      });
      recordPod("delete", pod);
      return res.deleted ? undefined : res.object;
    } catch (e) {
      if (codeOf(e) === 404) return undefined;
      throw e;
    }
  };

  const monotonic = spec.podManagementPolicy !== "Parallel";

  /** processReplica: returns true when OrderedReady must stop here for now. */
  const processReplica = (i: number): boolean => {
    let pod = replicas[i];
    const ordinal = start + i;
    if (pod && !isTerminating(pod) && (podPhase(pod) === "Failed" || podPhase(pod) === "Succeeded")) {
      const failed = podPhase(pod) === "Failed";
      ctx.events.record(
        set,
        failed ? "Warning" : "Normal",
        failed ? "RecreatingFailedPod" : "RecreatingTerminatedPod",
        `StatefulSet ${ns}/${set.metadata.name} is recreating ${failed ? "failed" : "terminated"} Pod ${pod.metadata.name}`,
        SOURCE,
      );
      pod = deletePod(pod);
      replicas[i] = pod;
      if (pod) return true; // still terminating: its removal brings us back
    }
    if (!pod) {
      pod = createPod(newPod(ordinal));
      replicas[i] = pod;
      if (monotonic) return true;
    }
    if (podPhase(pod) === "Pending" && !isTerminating(pod)) ensureClaims(pod);
    if (isTerminating(pod) && monotonic) return true;
    if (!isRunningAndReady(pod) && monotonic) return true;
    if (msUntilAvailable(pod, spec.minReadySeconds ?? 0, now) !== 0 && monotonic) return true;
    if (!isTerminating(pod) && !identityMatches(set, pod)) {
      replicas[i] = ctx.store.update(podDecl, ns, String(pod.metadata.name), withIdentity(set, pod), {
        dryRun: false,
        fieldManager: FIELD_MANAGER,
      }).object;
      recordPod("update", pod);
    }
    if (!isTerminating(pod)) fixClaimOwners(pod);
    return false;
  };

  /** runForAll: OrderedReady stops at the first blocked pod; Parallel visits them all. */
  const runForAll = (n: number, fn: (i: number) => boolean): boolean => {
    for (let i = 0; i < n; i++) {
      if (fn(i) && monotonic) return true;
    }
    return false;
  };

  if (runForAll(replicas.length, processReplica)) return finish();

  for (const pod of condemned) if (!isTerminating(pod)) fixClaimOwners(pod);

  // The first unhealthy pod (replicas in order, then condemned from the lowest ordinal) may be deleted even
  // though it is unhealthy: waiting for it to become healthy before removing it would block forever.
  const firstUnhealthy =
    replicas.find((p) => !isHealthy(p)) ?? [...condemned].reverse().find((p) => !isHealthy(p)) ?? undefined;

  const processCondemned = (i: number): boolean => {
    const pod = condemned[i];
    if (isTerminating(pod)) return monotonic;
    if (monotonic && pod !== firstUnhealthy) {
      if (!isRunningAndReady(pod)) return true;
      if (msUntilAvailable(pod, spec.minReadySeconds ?? 0, now) !== 0) return true;
    }
    const left = deletePod(pod);
    if (left) condemned[i] = left;
    else condemned.splice(i, 1, { ...pod, metadata: { ...pod.metadata, deletionTimestamp: "gone" } });
    return true;
  };
  const blocked = runForAll(condemned.length, processCondemned);
  // Pods deleted outright are not counted any more.
  for (let i = condemned.length - 1; i >= 0; i--) {
    if (condemned[i].metadata.deletionTimestamp === "gone") condemned.splice(i, 1);
  }
  if (blocked) return finish();

  if (spec.updateStrategy?.type === "OnDelete") return finish();

  const updateMin = spec.updateStrategy?.rollingUpdate?.partition ?? 0;
  for (let target = replicas.length - 1; target >= updateMin; target--) {
    const pod = replicas[target];
    if (!pod) return finish();
    if (podRevision(pod) !== updateName && !isTerminating(pod)) {
      replicas[target] = deletePod(pod);
      return finish();
    }
    if (!isHealthy(pod)) return finish();
  }
  return finish();
}
