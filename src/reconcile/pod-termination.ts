/**
 * Finishes graceful pod deletion without running containers. NOT registered in CONTROLLERS any more: the
 * simulated kubelet (src/kubelet/) owns graceful termination. Kept only for unit tests that exercise one
 * controller without the kubelet (they pass it explicitly).
 *
 * A DELETE on a pod bound to a node sets deletionTimestamp = now + grace period; the kubelet then stops the
 * containers and removes the pod with a zero grace period. Our simulated containers stop promptly on
 * SIGTERM (like nginx does), so the pod is removed after CONTAINER_STOP_MS, or at its deadline if shorter.
 */
import type { Change } from "../durable/store/kv-store";
import { type ControllerContext, parseKey } from "./controller-context";
import type { Controller, ReconcileResult } from "./engine";

export const CONTAINER_STOP_MS = 1000;

export function podTerminationController(ctx: ControllerContext): Controller {
  return {
    name: "pod-termination",
    keysFor(ch: Change): string[] {
      if (!ch.key.startsWith("core/pods/") || ch.type === "DELETED") return [];
      return ch.object.metadata.deletionTimestamp ? [ch.key] : [];
    },
    reconcile(key: string): ReconcileResult | undefined {
      const ref = parseKey(ctx.registry, key);
      if (!ref) return undefined;
      const pod = ctx.store.tryGet(ref.decl, ref.namespace, ref.name);
      if (!pod?.metadata.deletionTimestamp) return undefined;
      const deadline = Date.parse(pod.metadata.deletionTimestamp);
      const grace = Number(pod.metadata.deletionGracePeriodSeconds ?? 0);
      // deletionTimestamp has second precision (rounded down), so round the start back up: the containers
      // never stop earlier than CONTAINER_STOP_MS after the DELETE.
      const startedAt = deadline - grace * 1000 + 999;
      const stopAt = Math.min(deadline, startedAt + CONTAINER_STOP_MS);
      const now = ctx.clock.now();
      if (now < stopAt) return { requeueAfterMs: stopAt - now };
      // Finalizers (if any) still hold the pod after this; their owners remove them.
      ctx.store.delete(ref.decl, ref.namespace, ref.name, {
        dryRun: false,
        gracePeriodSeconds: 0,
        preconditions: { uid: pod.metadata.uid },
      });
      return undefined;
    },
  };
}
