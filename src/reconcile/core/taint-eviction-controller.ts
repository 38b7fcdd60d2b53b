/**
 * The taint eviction controller (TaintManager): pods on a node with NoExecute taints they do not tolerate
 * are deleted at once; pods that tolerate them for tolerationSeconds are deleted when that runs out, counted
 * from when the taint was added (so a restart of the cluster's controllers does not restart the clock).
 * Before deleting, the pod gets the DisruptionTarget condition and the event
 * `TaintManagerEviction: Marking for deletion Pod <ns>/<name>`, as kube's does.
 */
import { rfc3339 } from "../../apiserver/time";
import type { Change } from "../../durable/store/kv-store";
import { deepEqual, type KObject } from "../../kube/object";
import { type ControllerContext, parseKey } from "../controller-context";
import type { Controller, ReconcileResult } from "../engine";
import { podsOnNode } from "./node-lifecycle-controller";
import { isPodTerminal, type PodCondition, podSpec, type Taint } from "./pods";
import { kinds, tolerate } from "./store-helpers";
import { nodeTaints, podTolerations, tolerates } from "./taints";

const NAME = "taint-eviction-controller";
const EVICT = "evict@";
const noExecute = (node: KObject | undefined): Taint[] => nodeTaints(node).filter((t) => t.effect === "NoExecute");

/** How long the pod may stay: 0 = evict now, undefined = forever (tolerated without a time limit). */
export function tolerationMs(pod: KObject, taints: Taint[]): number | undefined {
  const tols = podTolerations(pod);
  let min: number | undefined;
  let bounded = false;
  for (const taint of taints) {
    const matching = tols.filter((t) => tolerates(t, taint));
    if (matching.length === 0) return 0;
    for (const t of matching) {
      if (t.tolerationSeconds === undefined || t.tolerationSeconds === null) continue;
      const ms = Math.max(0, t.tolerationSeconds) * 1000;
      min = min === undefined ? ms : Math.min(min, ms);
      bounded = true;
    }
  }
  return bounded ? min : undefined;
}

export function taintEvictionController(ctx: ControllerContext): Controller {
  const k = kinds(ctx);

  const evict = (pod: KObject): void => {
    const ns = pod.metadata.namespace!;
    ctx.events.record(pod, "Normal", "TaintManagerEviction", `Marking for deletion Pod ${ns}/${pod.metadata.name}`, {
      component: NAME,
    });
    const conds = ((pod.status as { conditions?: PodCondition[] } | undefined)?.conditions ?? []).filter(
      (c) => c.type !== "DisruptionTarget",
    );
    conds.push({
      type: "DisruptionTarget",
      status: "True",
      reason: "DeletionByTaintManager",
      message: "Taint manager: deleting due to NoExecute taint",
      lastTransitionTime: rfc3339(ctx.clock.now()),
      lastProbeTime: null,
    });
    tolerate([404, 409], () =>
      ctx.store.update(
        k.pods,
        ns,
        pod.metadata.name!,
        { ...pod, status: { ...(pod.status as object), conditions: conds } },
        { dryRun: false, fieldManager: "kube-controller-manager", subresource: "status" },
      ),
    );
    tolerate([404, 409], () =>
      ctx.store.delete(k.pods, ns, pod.metadata.name!, { dryRun: false, preconditions: { uid: pod.metadata.uid } }),
    );
  };

  /**
   * Evicts now, or schedules an `evict@<deadline>/<pod key>` item for when the tolerations run out. The
   * deadline counts from the taint's timeAdded; a taint without one (added by a user) counts from when it
   * was first seen, which the queued item remembers.
   */
  const handlePod = (pod: KObject, node: KObject | undefined, deadlineFromKey?: number): void => {
    if (pod.metadata.deletionTimestamp || isPodTerminal(pod)) return;
    const taints = noExecute(node);
    if (taints.length === 0) return;
    const allowed = tolerationMs(pod, taints);
    if (allowed === undefined) return;
    const now = ctx.clock.now();
    const added = taints.map((t) => (t.timeAdded ? Date.parse(t.timeAdded) : now));
    let deadline = Math.min(...added) + allowed;
    if (deadlineFromKey !== undefined) deadline = Math.min(deadline, deadlineFromKey);
    if (now >= deadline) {
      evict(pod);
      return;
    }
    const podKey = `core/pods/${pod.metadata.namespace}/${pod.metadata.name}`;
    ctx.enqueue(NAME, `${EVICT}${deadline}/${podKey}`, deadline - now);
  };

  return {
    name: NAME,
    keysFor(ch: Change): string[] {
      if (ch.key.startsWith("core/nodes/")) {
        if (ch.type === "DELETED") return [];
        return noExecute(ch.object).length && !deepEqual(noExecute(ch.object), noExecute(ch.prev)) ? [ch.key] : [];
      }
      if (!ch.key.startsWith("core/pods/") || ch.type === "DELETED" || ch.object.metadata.deletionTimestamp) return [];
      const node = podSpec(ch.object).nodeName;
      if (!node) return [];
      const moved = ch.type === "ADDED" || podSpec(ch.prev!).nodeName !== node;
      const retolerated = !deepEqual(podTolerations(ch.object), ch.prev ? podTolerations(ch.prev) : undefined);
      return moved || retolerated ? [ch.key] : [];
    },
    reconcile(key: string): ReconcileResult | undefined {
      let deadline: number | undefined;
      if (key.startsWith(EVICT)) {
        const m = /^evict@(\d+)\/(.*)$/.exec(key);
        if (!m) return undefined;
        deadline = Number(m[1]);
        key = m[2];
      }
      const ref = parseKey(ctx.registry, key);
      if (!ref) return undefined;
      if (ref.decl === k.nodes) {
        const node = ctx.store.tryGet(k.nodes, undefined, ref.name);
        if (!node) return undefined;
        for (const pod of podsOnNode(ctx, ref.name)) handlePod(pod, node);
        return undefined;
      }
      const pod = ctx.store.tryGet(k.pods, ref.namespace, ref.name);
      const nodeName = pod && podSpec(pod).nodeName;
      if (!pod || !nodeName) return undefined;
      handlePod(pod, ctx.store.tryGet(k.nodes, undefined, nodeName), deadline);
      return undefined;
    },
  };
}
