/**
 * The node lifecycle controller (kube-controller-manager's "node-controller"): a node whose kubelet has not
 * heartbeated for node-monitor-grace-period (50 s in 1.32) has its conditions set to Unknown
 * (NodeStatusUnknown, "Kubelet stopped posting node status."), an event NodeNotReady, its pods' Ready
 * condition set to False (event NodeNotReady "Node is not ready" on each), and the taints
 * node.kubernetes.io/unreachable NoSchedule and NoExecute (not-ready when Ready is False). The taint
 * eviction controller then evicts pods once their tolerations run out (300 s by default, added at
 * admission). When Ready is True again the taints are lifted.
 *
 * Heartbeats are lazy (see node-heartbeat.ts), so only a stopped kubelet is judged by its last renewTime; a
 * running kubelet is alive by definition, however old its Lease looks.
 */
import { rfc3339 } from "../../apiserver/time";
import type { Change } from "../../durable/store/kv-store";
import { deepEqual, type KObject } from "../../kube/object";
import { parseFieldSelector } from "../../kube/selectors/field-selector";
import { type ControllerContext, parseKey } from "../controller-context";
import type { Controller, ReconcileResult } from "../engine";
import { kubeletStopped, LEASE_NAMESPACE, nodeConditions } from "./node-heartbeat";
import type { PodCondition, Taint } from "./pods";
import { KCM, kinds } from "./store-helpers";
import { nodeTaints, TAINT_NOT_READY, TAINT_UNREACHABLE } from "./taints";

export const NODE_MONITOR_GRACE_PERIOD_MS = 50_000;
const NODE_CONTROLLER = { component: "node-controller" };
const UNKNOWN_MESSAGE = "Kubelet stopped posting node status.";

export function podsOnNode(ctx: ControllerContext, node: string): KObject[] {
  return ctx.store.list(kinds(ctx).pods, undefined, { filter: { field: parseFieldSelector(`spec.nodeName=${node}`) } })
    .items;
}

export function nodeLifecycleController(ctx: ControllerContext): Controller {
  const k = kinds(ctx);

  /** When the kubelet last proved alive: its Lease renewal or its last status post. */
  const lastHeartbeat = (node: KObject): number => {
    const lease = ctx.store.tryGet(k.leases, LEASE_NAMESPACE, node.metadata.name!);
    const renew = (lease?.spec as { renewTime?: string } | undefined)?.renewTime;
    const ready = nodeConditions(node).find((c) => c.type === "Ready")?.lastHeartbeatTime;
    return Math.max(renew ? Date.parse(renew) : 0, ready ? Date.parse(ready) : 0);
  };

  const markUnknown = (node: KObject): KObject => {
    const ts = rfc3339(ctx.clock.now());
    const conds = nodeConditions(node);
    for (const type of ["MemoryPressure", "DiskPressure", "PIDPressure", "Ready"]) {
      let c = conds.find((x) => x.type === type);
      if (!c) {
        c = { type, status: "Unknown", lastHeartbeatTime: ts };
        conds.push(c);
      }
      if (c.status !== "Unknown") c.lastTransitionTime = ts;
      Object.assign(c, { status: "Unknown", reason: "NodeStatusUnknown", message: UNKNOWN_MESSAGE });
    }
    const updated = ctx.store.update(
      k.nodes,
      undefined,
      node.metadata.name!,
      { ...node, status: { ...(node.status as object), conditions: conds } },
      { dryRun: false, fieldManager: KCM, subresource: "status" },
    ).object;
    ctx.events.record(
      updated,
      "Normal",
      "NodeNotReady",
      `Node ${node.metadata.name} status is now: NodeNotReady`,
      NODE_CONTROLLER,
    );
    return updated;
  };

  /** nodeutil.MarkPodsNotReady. */
  const markPodsNotReady = (nodeName: string): void => {
    const ts = rfc3339(ctx.clock.now());
    for (const pod of podsOnNode(ctx, nodeName)) {
      const conds = ((pod.status as { conditions?: PodCondition[] } | undefined)?.conditions ?? []).map((c) => ({
        ...c,
      }));
      const ready = conds.find((c) => c.type === "Ready");
      if (!ready || ready.status === "False") continue;
      ready.status = "False";
      ready.lastTransitionTime = ts;
      ctx.store.update(
        k.pods,
        pod.metadata.namespace,
        pod.metadata.name!,
        { ...pod, status: { ...(pod.status as object), conditions: conds } },
        { dryRun: false, fieldManager: KCM, subresource: "status" },
      );
      ctx.events.record(pod, "Warning", "NodeNotReady", "Node is not ready", NODE_CONTROLLER);
    }
  };

  /** The taints a node's Ready condition calls for, keeping the time already-present ones were added. */
  const syncTaints = (node: KObject, readyStatus: string | undefined): void => {
    const current = nodeTaints(node);
    const ours = new Set([TAINT_UNREACHABLE, TAINT_NOT_READY]);
    const keep = current.filter((t) => !ours.has(t.key) || (t.effect !== "NoSchedule" && t.effect !== "NoExecute"));
    const wantKey =
      readyStatus === "Unknown" ? TAINT_UNREACHABLE : readyStatus === "False" ? TAINT_NOT_READY : undefined;
    const next: Taint[] = [...keep];
    if (wantKey) {
      const existing = (effect: string) => current.find((t) => t.key === wantKey && t.effect === effect);
      next.push(existing("NoSchedule") ?? { key: wantKey, effect: "NoSchedule" });
      next.push(existing("NoExecute") ?? { key: wantKey, effect: "NoExecute", timeAdded: rfc3339(ctx.clock.now()) });
    }
    if (deepEqual(next, current)) return;
    const spec = { ...(node.spec as object) } as { taints?: Taint[] };
    if (next.length) spec.taints = next;
    else delete spec.taints;
    ctx.store.update(k.nodes, undefined, node.metadata.name!, { ...node, spec }, { dryRun: false, fieldManager: KCM });
  };

  return {
    name: "node-lifecycle-controller",
    keysFor(ch: Change): string[] {
      return ch.key.startsWith("core/nodes/") && ch.type !== "DELETED" ? [ch.key] : [];
    },
    reconcile(key: string): ReconcileResult | undefined {
      const ref = parseKey(ctx.registry, key);
      if (!ref) return undefined;
      let node = ctx.store.tryGet(k.nodes, undefined, ref.name);
      if (!node) return undefined;
      let ready = nodeConditions(node).find((c) => c.type === "Ready")?.status;
      let result: ReconcileResult | undefined;
      if (kubeletStopped(node) && ready !== "Unknown") {
        const deadline = lastHeartbeat(node) + NODE_MONITOR_GRACE_PERIOD_MS;
        const now = ctx.clock.now();
        if (now < deadline) result = { requeueAfterMs: deadline - now };
        else {
          node = markUnknown(node);
          ready = "Unknown";
        }
      }
      if (ready !== undefined && ready !== "True") markPodsNotReady(ref.name);
      syncTaints(node, ready);
      return result;
    },
  };
}
