/**
 * The pod garbage collector's orphan pass: pods bound to a node that no longer exists are marked Failed
 * with the DisruptionTarget condition (DeletionByPodGC) and force-deleted, as kube's PodGC does.
 */
import { rfc3339 } from "../../apiserver/time";
import type { Change } from "../../durable/store/kv-store";
import type { KObject } from "../../kube/object";
import type { ControllerContext } from "../controller-context";
import type { Controller, ReconcileResult } from "../engine";
import { podsOnNode } from "./node-lifecycle-controller";
import { isPodTerminal, type PodCondition, podSpec } from "./pods";
import { KCM, kinds, tolerate } from "./store-helpers";

const ORPHANS = "orphans/";
const CONFIRMED = "orphans-confirmed/";
/** PodGC's quarantine: a node must stay missing this long before its pods count as orphans. */
export const QUARANTINE_MS = 40_000;

export function podGarbageCollector(ctx: ControllerContext): Controller {
  const k = kinds(ctx);
  const collect = (pod: KObject) => {
    const ns = pod.metadata.namespace!;
    const name = pod.metadata.name!;
    const status = { ...((pod.status as Record<string, unknown>) ?? {}) };
    const conds = ((status.conditions as PodCondition[] | undefined) ?? []).filter(
      (c) => c.type !== "DisruptionTarget",
    );
    conds.push({
      type: "DisruptionTarget",
      status: "True",
      reason: "DeletionByPodGC",
      message: "PodGC: node no longer exists",
      lastTransitionTime: rfc3339(ctx.clock.now()),
      lastProbeTime: null,
    });
    status.conditions = conds;
    if (!isPodTerminal(pod)) status.phase = "Failed";
    tolerate([404, 409], () =>
      ctx.store.update(
        k.pods,
        ns,
        name,
        { ...pod, status },
        { dryRun: false, fieldManager: KCM, subresource: "status" },
      ),
    );
    tolerate([404, 409], () =>
      ctx.store.delete(k.pods, ns, name, {
        dryRun: false,
        gracePeriodSeconds: 0,
        preconditions: { uid: pod.metadata.uid },
      }),
    );
  };
  return {
    name: "pod-garbage-collector",
    keysFor(ch: Change): string[] {
      if (ch.key.startsWith("core/nodes/") && ch.type === "DELETED") return [ORPHANS + ch.object.metadata.name];
      // A pod bound to a node that does not exist (bound, or created with spec.nodeName).
      if (ch.key.startsWith("core/pods/") && ch.type !== "DELETED") {
        const node = podSpec(ch.object).nodeName;
        if (node && (ch.type === "ADDED" || podSpec(ch.prev!).nodeName !== node)) return [ORPHANS + node];
      }
      return [];
    },
    reconcile(key: string): ReconcileResult | undefined {
      const confirmed = key.startsWith(CONFIRMED);
      const node = key.slice(confirmed ? CONFIRMED.length : ORPHANS.length);
      if (ctx.store.tryGet(k.nodes, undefined, node)) return undefined;
      const pods = podsOnNode(ctx, node);
      if (pods.length === 0) return undefined;
      if (!confirmed) ctx.enqueue("pod-garbage-collector", CONFIRMED + node, QUARANTINE_MS);
      else for (const pod of pods) collect(pod);
      return undefined;
    },
  };
}
