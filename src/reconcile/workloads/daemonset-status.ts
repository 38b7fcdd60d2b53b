/**
 * DaemonSet status (updateDaemonSetStatus, v1.32) — what `kubectl get ds` prints as DESIRED CURRENT READY
 * UP-TO-DATE AVAILABLE: per node that should run the pod, whether one is there, whether the oldest is Ready /
 * Available / at the current template; pods on nodes that should not run one are "misscheduled".
 */
import type { KObject } from "../../kube/object";
import { deepEqual } from "../../kube/object";
import { type ControllerContext, declOf } from "../controller-context";
import { isPodReady, msUntilAvailable } from "./controller-revision-owner";
import { byCreation, type DaemonSetView, isPodUpdated } from "./daemonset-pods";
import { daemonPodSpec, nodeShouldRunDaemonPod } from "./daemonset-predicates";

export function computeDaemonSetStatus(
  view: DaemonSetView,
  now: number,
): { status: Record<string, unknown>; nextAvailableInMs?: number } {
  const { ds, nodes, nodeToPods, hash, generation } = view;
  const minReady = (ds.spec as { minReadySeconds?: number }).minReadySeconds ?? 0;
  const spec = daemonPodSpec(ds);
  let desired = 0;
  let current = 0;
  let ready = 0;
  let available = 0;
  let updated = 0;
  let misscheduled = 0;
  let nextAvailableInMs: number | undefined;
  for (const node of nodes) {
    const { shouldRun } = nodeShouldRunDaemonPod(node, spec);
    const pods = nodeToPods.get(String(node.metadata.name)) ?? [];
    if (!shouldRun) {
      if (pods.length > 0) misscheduled++;
      continue;
    }
    desired++;
    if (pods.length === 0) continue;
    current++;
    const pod = [...pods].sort(byCreation)[0];
    if (isPodReady(pod)) {
      ready++;
      const wait = msUntilAvailable(pod, minReady, now);
      if (wait === 0) available++;
      else if (wait !== undefined) nextAvailableInMs = Math.min(nextAvailableInMs ?? wait, wait);
    }
    if (isPodUpdated(pod, hash, generation)) updated++;
  }
  const old = (ds.status ?? {}) as Record<string, unknown>;
  // apps/v1 DaemonSetStatus: the last three are omitempty.
  const status: Record<string, unknown> = {
    currentNumberScheduled: current,
    numberMisscheduled: misscheduled,
    desiredNumberScheduled: desired,
    numberReady: ready,
    observedGeneration: ds.metadata.generation,
  };
  if (updated) status.updatedNumberScheduled = updated;
  if (available) status.numberAvailable = available;
  if (desired - available) status.numberUnavailable = desired - available;
  if (old.collisionCount !== undefined) status.collisionCount = old.collisionCount;
  if (Array.isArray(old.conditions) && old.conditions.length > 0) status.conditions = old.conditions;
  return { status, nextAvailableInMs };
}

export function writeDaemonSetStatus(
  ctx: ControllerContext,
  view: DaemonSetView,
  fieldManager: string,
): { nextAvailableInMs?: number } {
  const { ds } = view;
  const { status, nextAvailableInMs } = computeDaemonSetStatus(view, ctx.clock.now());
  const decl = declOf(ctx.registry, "apps", "daemonsets");
  const cur: KObject | undefined = ctx.store.tryGet(decl, ds.metadata.namespace, String(ds.metadata.name));
  if (!cur || cur.metadata.uid !== ds.metadata.uid || deepEqual(status, cur.status)) return { nextAvailableInMs };
  ctx.store.update(
    decl,
    ds.metadata.namespace,
    String(ds.metadata.name),
    { ...cur, status },
    { dryRun: false, fieldManager, subresource: "status" },
  );
  return { nextAvailableInMs };
}
