/**
 * The simulated kubelets' heartbeats: each node's Lease in kube-node-lease (renewTime) and the
 * lastHeartbeatTime of its Node conditions.
 *
 * A real kubelet renews its Lease every 10 s and posts node status every 5 min when nothing changes. Doing
 * that on a timer would wake an idle cluster forever, so heartbeats here are lazy: a node's heartbeat is
 * brought up to date whenever something happens on it (a pod bound to it or changing on it, the Node itself
 * changing), at most once per 10 s for the Lease and once per 5 min for the conditions. Nothing ever reads
 * an old renewTime as "dead": the only way a node stops is its kubelet being stopped
 * (`sim.edgeplane.dev/kubelet: stopped` on the Node), and at that instant the kubelet's last heartbeat is
 * written (it was alive until then), so node-monitor-grace-period counts from the moment it stopped.
 *
 * Removing the annotation restarts the kubelet: it renews at once and posts healthy conditions again
 * (Ready=True KubeletReady, event NodeReady), after which the node lifecycle controller lifts its taints.
 */

import { rfc3339, rfc3339Micro } from "../../apiserver/time";
import type { Change } from "../../durable/store/kv-store";
import type { KObject } from "../../kube/object";
import { kubeletStopped } from "../../sim/annotations";
import { type ControllerContext, parseKey } from "../controller-context";
import type { Controller, ReconcileResult } from "../engine";
import type { PodCondition } from "./pods";
import { kinds, tolerate } from "./store-helpers";

export const LEASE_NAMESPACE = "kube-node-lease";
export const LEASE_DURATION_SECONDS = 40;
const RENEW_INTERVAL_MS = 10_000;
const STATUS_REPORT_MS = 5 * 60_000;
/** Queue key prefix of "the kubelet just stopped: write its last heartbeat" (sorts before node keys). */
export const STOP_KEY = "!stopped/";

export { kubeletStopped };

const HEALTHY: [string, string, string, string][] = [
  ["MemoryPressure", "False", "KubeletHasSufficientMemory", "kubelet has sufficient memory available"],
  ["DiskPressure", "False", "KubeletHasNoDiskPressure", "kubelet has no disk pressure"],
  ["PIDPressure", "False", "KubeletHasSufficientPID", "kubelet has sufficient PID available"],
  ["Ready", "True", "KubeletReady", "kubelet is posting ready status"],
];

type NodeCondition = PodCondition & { lastHeartbeatTime?: string };

export function nodeConditions(node: KObject): NodeCondition[] {
  return ((node.status as { conditions?: NodeCondition[] } | undefined)?.conditions ?? []).map((c) => ({ ...c }));
}

export function nodeHeartbeat(ctx: ControllerContext): Controller {
  const k = kinds(ctx);
  const nodeKey = (name: string) => `core/nodes//${name}`;

  const renewLease = (node: KObject, force: boolean): void => {
    const name = node.metadata.name!;
    const now = ctx.clock.now();
    const lease = ctx.store.tryGet(k.leases, LEASE_NAMESPACE, name);
    if (!lease) {
      tolerate([403, 404, 409], () =>
        ctx.store.create(
          k.leases,
          LEASE_NAMESPACE,
          {
            apiVersion: "coordination.k8s.io/v1",
            kind: "Lease",
            metadata: {
              name,
              namespace: LEASE_NAMESPACE,
              ownerReferences: [{ apiVersion: "v1", kind: "Node", name, uid: node.metadata.uid! }],
            },
            spec: { holderIdentity: name, leaseDurationSeconds: LEASE_DURATION_SECONDS, renewTime: rfc3339Micro(now) },
          },
          { dryRun: false, fieldManager: "kubelet" },
        ),
      );
      return;
    }
    const spec = (lease.spec ?? {}) as { renewTime?: string };
    const last = spec.renewTime ? Date.parse(spec.renewTime) : 0;
    if (!force && now - last < RENEW_INTERVAL_MS) return;
    if (last >= now) return;
    ctx.store.update(
      k.leases,
      LEASE_NAMESPACE,
      name,
      {
        ...lease,
        spec: {
          ...spec,
          holderIdentity: name,
          leaseDurationSeconds: LEASE_DURATION_SECONDS,
          renewTime: rfc3339Micro(now),
        },
      },
      { dryRun: false, fieldManager: "kubelet" },
    );
  };

  /** Posts node status: healthy conditions (if they were not) and fresh heartbeats when due. */
  const postStatus = (node: KObject, force: boolean): void => {
    const now = ctx.clock.now();
    const ts = rfc3339(now);
    const conds = nodeConditions(node);
    let changed = false;
    let becameReady = false;
    for (const [type, status, reason, message] of HEALTHY) {
      let c = conds.find((x) => x.type === type);
      if (!c) {
        c = { type, status, reason, message, lastTransitionTime: ts, lastHeartbeatTime: ts };
        conds.push(c);
        changed = true;
      }
      if (c.status !== status) {
        if (type === "Ready") becameReady = true;
        Object.assign(c, { status, reason, message, lastTransitionTime: ts });
        changed = true;
      }
    }
    const heartbeat = Math.min(...conds.map((c) => (c.lastHeartbeatTime ? Date.parse(c.lastHeartbeatTime) : 0)));
    const due = force ? heartbeat < Math.floor(now / 1000) * 1000 : now - heartbeat >= STATUS_REPORT_MS;
    if (!changed && !due) return;
    for (const c of conds) c.lastHeartbeatTime = ts;
    ctx.store.update(
      k.nodes,
      undefined,
      node.metadata.name!,
      { ...node, status: { ...(node.status as object), conditions: conds } },
      { dryRun: false, fieldManager: "kubelet", subresource: "status" },
    );
    if (becameReady) {
      ctx.events.record(node, "Normal", "NodeReady", `Node ${node.metadata.name} status is now: NodeReady`, {
        component: "kubelet",
        host: node.metadata.name,
      });
    }
  };

  return {
    name: "node-heartbeat",
    keysFor(ch: Change): string[] {
      if (ch.key.startsWith("core/nodes/")) {
        if (ch.type === "DELETED") return [];
        if (kubeletStopped(ch.object)) {
          return ch.type === "MODIFIED" && !kubeletStopped(ch.prev) ? [STOP_KEY + ch.object.metadata.name] : [];
        }
        return [ch.key];
      }
      if (ch.key.startsWith("core/pods/")) {
        const nodes = new Set<string>();
        for (const o of [ch.object, ch.prev]) {
          const n = (o?.spec as { nodeName?: string } | undefined)?.nodeName;
          if (n) nodes.add(nodeKey(n));
        }
        return [...nodes];
      }
      return [];
    },
    reconcile(key: string): ReconcileResult | undefined {
      const stopping = key.startsWith(STOP_KEY);
      const name = stopping ? key.slice(STOP_KEY.length) : parseKey(ctx.registry, key)?.name;
      if (!name) return undefined;
      const node = ctx.store.tryGet(k.nodes, undefined, name);
      if (!node) return undefined;
      if (stopping) {
        // The kubelet's last words: it was alive until this instant.
        renewLease(node, true);
        const conds = nodeConditions(node);
        if (conds.find((c) => c.type === "Ready")?.status === "True") postStatus(node, true);
        return undefined;
      }
      if (kubeletStopped(node)) return undefined;
      renewLease(node, false);
      postStatus(node, false);
      return undefined;
    },
  };
}
