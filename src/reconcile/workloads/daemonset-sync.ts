/**
 * One sync of a DaemonSet (syncDaemonSet, v1.32): find the current ControllerRevision, `manage` the pods (one per
 * node that should run it; failed ones replaced with back-off; extra or misplaced ones deleted), then — only when
 * manage had nothing to do, as kube's expectations make it — the RollingUpdate step, history cleanup and status.
 * Pods are created unbound, pinned by a required node affinity `matchFields metadata.name In [node]`, for the
 * scheduler to place.
 */
import type { KObject } from "../../kube/object";
import { type ControllerContext, declOf } from "../controller-context";
import type { ReconcileResult } from "../engine";
import { claimPods, isTerminating, podPhase } from "./controller-revision-owner";
import {
  allowsSurge,
  byCreation,
  DaemonPodControl,
  type DaemonSetView,
  DS_SOURCE,
  type FailedPodBackoff,
  FIELD_MANAGER,
  isPodUpdated,
  templateGeneration,
} from "./daemonset-pods";
import { daemonPodSpec, nodeShouldRunDaemonPod, targetNodeOf } from "./daemonset-predicates";
import { cleanupHistory, constructHistory } from "./daemonset-revisions";
import { rollingUpdate } from "./daemonset-rolling-update";
import { writeDaemonSetStatus } from "./daemonset-status";

const BACKOFF_INITIAL_MS = 1000;
const BACKOFF_MAX_MS = 15 * 60 * 1000;

function nodesToPods(pods: KObject[]): Map<string, KObject[]> {
  const m = new Map<string, KObject[]>();
  for (const pod of pods) {
    const phase = podPhase(pod);
    if (isTerminating(pod) && (phase === "Succeeded" || phase === "Failed")) continue;
    const node = targetNodeOf(pod);
    if (!node) continue;
    m.set(node, [...(m.get(node) ?? []), pod]);
  }
  return m;
}

/**
 * manage: which nodes need a daemon pod and which pods must go. Returns the number of writes (0 = nothing to do,
 * so the rolling update may proceed) and the earliest back-off expiry to come back at.
 */
function manage(
  ctx: ControllerContext,
  view: DaemonSetView,
  control: DaemonPodControl,
  backoff: FailedPodBackoff,
): { writes: number; retryAfterMs?: number } {
  const { ds, nodes, nodeToPods } = view;
  const spec = daemonPodSpec(ds);
  const now = ctx.clock.now();
  const needing: string[] = [];
  const toDelete: KObject[] = [];
  let retryAfterMs: number | undefined;
  const nodeNames = new Set<string>();
  for (const node of nodes) {
    const name = String(node.metadata.name);
    nodeNames.add(name);
    const { shouldRun, shouldContinueRunning } = nodeShouldRunDaemonPod(node, spec);
    const pods = nodeToPods.get(name);
    if (shouldRun && !pods) {
      needing.push(name);
    } else if (shouldContinueRunning && pods) {
      const running: KObject[] = [];
      for (const pod of pods) {
        if (isTerminating(pod)) continue;
        const phase = podPhase(pod);
        if (phase === "Failed") {
          // The kubelet may keep rejecting the pod: back off between replacements instead of hot-looping.
          const key = `${ds.metadata.namespace}/${ds.metadata.name}/${name}`;
          const b = backoff.get(key);
          if (b && now - b.updated < b.delay) {
            const wait = b.delay - (now - b.updated);
            retryAfterMs = Math.min(retryAfterMs ?? wait, wait);
            continue;
          }
          const delay =
            !b || now - b.updated > 2 * BACKOFF_MAX_MS ? BACKOFF_INITIAL_MS : Math.min(b.delay * 2, BACKOFF_MAX_MS);
          backoff.set(key, { updated: now, delay });
          ctx.events.record(
            ds,
            "Warning",
            "FailedDaemonPod",
            `Found failed daemon pod ${pod.metadata.namespace}/${pod.metadata.name} on node ${name}, will try to kill it`,
            DS_SOURCE,
          );
          toDelete.push(pod);
        } else if (phase === "Succeeded") {
          toDelete.push(pod);
        } else {
          running.push(pod);
        }
      }
      if (running.length > 1) {
        running.sort(byCreation);
        if (!allowsSurge(ds)) {
          toDelete.push(...running.slice(1));
        } else {
          // With surge, keep the oldest updated and the oldest old pod; anything else goes.
          let keptNew = false;
          let keptOld = false;
          for (const pod of running) {
            const updated = isPodUpdated(pod, view.hash, view.generation);
            if (updated && !keptNew) keptNew = true;
            else if (!updated && !keptOld) keptOld = true;
            else toDelete.push(pod);
          }
        }
      }
    } else if (!shouldContinueRunning && pods) {
      toDelete.push(...pods.filter((p) => !isTerminating(p)));
    }
  }
  // Pods pinned to nodes that no longer exist (kube leaves bound ones to the pod GC; we have none, so all go).
  for (const [node, pods] of nodeToPods) {
    if (!nodeNames.has(node)) toDelete.push(...pods.filter((p) => !isTerminating(p)));
  }
  for (const pod of toDelete) control.delete(pod);
  for (const node of needing) control.create(node, view.hash, view.generation);
  return { writes: toDelete.length + needing.length, retryAfterMs };
}

export function syncDaemonSet(
  ctx: ControllerContext,
  ds: KObject,
  backoff: FailedPodBackoff,
): ReconcileResult | undefined {
  const nodeDecl = declOf(ctx.registry, "", "nodes");
  const nodes = ctx.store.list(nodeDecl, undefined, { filter: {} }).items;
  const history = constructHistory(ctx, ds, FIELD_MANAGER);
  const view = (): DaemonSetView => ({
    ds,
    nodes,
    nodeToPods: nodesToPods(claimPods(ctx, ds, FIELD_MANAGER)),
    hash: history.hash,
    generation: templateGeneration(ds),
  });
  let retryAfterMs: number | undefined;
  if (!ds.metadata.deletionTimestamp) {
    const control = new DaemonPodControl(ctx, ds);
    const managed = manage(ctx, view(), control, backoff);
    retryAfterMs = managed.retryAfterMs;
    const strategy = (ds.spec as { updateStrategy?: { type?: string } }).updateStrategy?.type;
    if (managed.writes === 0 && strategy === "RollingUpdate") rollingUpdate(ctx, view(), control);
  }
  const final = view();
  cleanupHistory(ctx, ds, history, [...final.nodeToPods.values()].flat());
  const status = writeDaemonSetStatus(ctx, final, FIELD_MANAGER);
  const waits = [retryAfterMs, status.nextAvailableInMs].filter((x): x is number => x !== undefined && x > 0);
  return waits.length > 0 ? { requeueAfterMs: Math.min(...waits) } : undefined;
}
