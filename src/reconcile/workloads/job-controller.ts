/**
 * The Job controller (kube-controller-manager's "job-controller"): keys and the work around syncJob.
 *
 * Queue keys:
 * - a Job's storage key: sync it (job-sync.ts). Job creation and spec changes sync at once; pod events and
 *   status-only updates sync after syncJobBatchPeriod (1 s), as kube batches them.
 * - `pod:<ns>/<name>`: an orphan pod (its Job gone or finished) that still holds the tracking finalizer loses it
 *   (syncOrphanPod), so a deleted Job's pods can go away.
 * - `pods-of:<ns>/<uid>`: the same check for every pod of a Job that was deleted or finished
 *   (cleanupPodFinalizers).
 */
import type { Change } from "../../durable/store/kv-store";
import { type ControllerContext, declOf, parseKey } from "../controller-context";
import type { Controller, ReconcileResult } from "../engine";
import { BackoffStore } from "./job-backoff";
import { controllerRefOf, hasTrackingFinalizer } from "./job-pods";
import { isJobFinished } from "./job-status";
import { type JobDeps, removeTrackingFinalizer, SYNC_BATCH_MS, syncJob } from "./job-sync";

export const JOB_CONTROLLER = "job-controller";

const jobKey = (ns: string | undefined, name: string) => `batch/jobs/${ns ?? ""}/${name}`;

export function jobController(ctx: ControllerContext): Controller {
  const d: JobDeps = {
    ctx,
    jobs: declOf(ctx.registry, "batch", "jobs"),
    pods: declOf(ctx.registry, "", "pods"),
    backoff: new BackoffStore(),
  };
  const batched = (key: string) => ctx.enqueue(JOB_CONTROLLER, key, SYNC_BATCH_MS);

  /** syncOrphanPod: drop the finalizer unless a live, unfinished batch/v1 Job controls the pod. */
  const syncOrphanPod = (ns: string, name: string): void => {
    const pod = ctx.store.tryGet(d.pods, ns, name);
    if (!pod || !hasTrackingFinalizer(pod)) return;
    const ref = controllerRefOf(pod);
    if (ref) {
      if (ref.kind !== "Job" || ref.apiVersion !== "batch/v1") return;
      const job = ctx.store.tryGet(d.jobs, ns, ref.name);
      if (job && job.metadata.uid === ref.uid && !isJobFinished(job)) return;
    }
    removeTrackingFinalizer(d, pod);
  };

  return {
    name: JOB_CONTROLLER,
    keysFor(ch: Change): string[] {
      const m = ch.object.metadata;
      if (ch.key.startsWith("batch/jobs/")) {
        if (ch.type === "DELETED") return [`pods-of:${m.namespace}/${m.uid}`];
        const keys: string[] = [];
        if (ch.type === "ADDED" || ch.prev?.metadata.generation !== m.generation) keys.push(ch.key);
        else batched(ch.key);
        if (isJobFinished(ch.object) && (!ch.prev || !isJobFinished(ch.prev)))
          keys.push(`pods-of:${m.namespace}/${m.uid}`);
        return keys;
      }
      if (!ch.key.startsWith("core/pods/")) return [];
      const keys: string[] = [];
      const ref = controllerRefOf(ch.object);
      if (ref?.kind === "Job" && ref.apiVersion === "batch/v1") batched(jobKey(m.namespace, ref.name));
      if (ch.type !== "DELETED" && hasTrackingFinalizer(ch.object) && (m.deletionTimestamp || !ref)) {
        keys.push(`pod:${m.namespace}/${m.name}`);
      }
      return keys;
    },
    reconcile(key: string): ReconcileResult | undefined {
      if (key.startsWith("pod:")) {
        const [ns, name] = key.slice(4).split("/");
        syncOrphanPod(ns, name);
        return undefined;
      }
      if (key.startsWith("pods-of:")) {
        const [ns, uid] = key.slice(8).split("/");
        for (const pod of ctx.store.list(d.pods, ns, { filter: {} }).items) {
          if (controllerRefOf(pod)?.uid === uid && hasTrackingFinalizer(pod))
            syncOrphanPod(ns, String(pod.metadata.name));
        }
        return undefined;
      }
      const ref = parseKey(ctx.registry, key);
      if (!ref) return undefined;
      return syncJob(d, key, ref.namespace, ref.name);
    },
  };
}
