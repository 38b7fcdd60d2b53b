/**
 * The TTL-after-finished controller ("ttl-after-finished-controller"): a finished Job with
 * `spec.ttlSecondsAfterFinished` is deleted that many seconds after its Complete/Failed condition's
 * lastTransitionTime, with Foreground propagation (its pods go first) and a UID precondition, exactly as
 * pkg/controller/ttlafterfinished does. The check is re-queued for the expiry instant, never polled.
 */
import type { Change } from "../../durable/store/kv-store";
import type { KObject } from "../../kube/object";
import { type ControllerContext, declOf, parseKey } from "../controller-context";
import type { Controller, ReconcileResult } from "../engine";
import { finishedCondition, jobSpecOf } from "./job-status";

export const TTL_AFTER_FINISHED_CONTROLLER = "ttl-after-finished-controller";

/** needsCleanup: a TTL, finished, and not already being deleted. */
function needsCleanup(job: KObject): boolean {
  return jobSpecOf(job).ttlSecondsAfterFinished != null && !!finishedCondition(job) && !job.metadata.deletionTimestamp;
}

export function ttlAfterFinishedController(ctx: ControllerContext): Controller {
  const jobs = declOf(ctx.registry, "batch", "jobs");
  return {
    name: TTL_AFTER_FINISHED_CONTROLLER,
    keysFor(ch: Change): string[] {
      if (!ch.key.startsWith("batch/jobs/") || ch.type === "DELETED") return [];
      return needsCleanup(ch.object) ? [ch.key] : [];
    },
    reconcile(key: string): ReconcileResult | undefined {
      const ref = parseKey(ctx.registry, key);
      if (!ref) return undefined;
      const job = ctx.store.tryGet(jobs, ref.namespace, ref.name);
      if (!job || !needsCleanup(job)) return undefined;
      const finishAt = Date.parse(finishedCondition(job)?.lastTransitionTime ?? "");
      if (Number.isNaN(finishAt))
        throw new Error(`unable to find the time when the Job ${ref.namespace}/${ref.name} finished`);
      const expireAt = finishAt + Number(jobSpecOf(job).ttlSecondsAfterFinished) * 1000;
      const now = ctx.clock.now();
      if (now < expireAt) return { requeueAfterMs: expireAt - now };
      try {
        ctx.store.delete(jobs, ref.namespace, ref.name, {
          dryRun: false,
          propagationPolicy: "Foreground",
          preconditions: { uid: job.metadata.uid },
        });
      } catch (e) {
        // Gone already, or replaced by a new Job of the same name (whose own TTL is checked on its own).
        const code = e instanceof Error && "code" in e ? Number((e as { code: unknown }).code) : 0;
        if (code !== 404 && code !== 409) throw e;
      }
      return undefined;
    },
  };
}
