/**
 * kube-scheduler as a controller: each pending pod's key is the unit of work. Store changes keep the cache
 * current (keysFor sees every change) and decide what to retry, like the scheduling queue's cluster events:
 * a new pending pod is scheduled at once; a pod that did not fit waits in "unschedulable" until a change
 * that could help (node added or changed, a bound pod gone, storage objects changed…) moves it back, never
 * sooner than its backoff (1 s doubling to 10 s), and at most every 5 minutes regardless
 * (podMaxInUnschedulablePodsDuration). Nothing is queued while nothing is pending.
 */
import type { Change } from "../durable/store/kv-store";
import type { KObject } from "../kube/object";
import { type ControllerContext, declOf, parseKey } from "../reconcile/controller-context";
import type { Controller, ReconcileResult } from "../reconcile/engine";
import { isTerminal, SchedulerCache } from "./cache";
import { fitErrorMessage, NO_NODES_AVAILABLE } from "./fit-error";
import { type SchedulerState, schedulePod } from "./framework";
import { newPodInfo } from "./pod-info";
import { pdbFromObject, preempt } from "./preemption";
import {
  annotateSelectedNode,
  bindPod,
  clearNomination,
  failedSchedulingEvent,
  markUnschedulable,
  preemptVictim,
  SCHEDULER_NAME,
} from "./writes";

export const SCHEDULER_CONTROLLER = "scheduler";
const INITIAL_BACKOFF_MS = 1000;
const MAX_BACKOFF_MS = 10_000;
/** podMaxInUnschedulablePodsDuration. */
export const UNSCHEDULABLE_FLUSH_MS = 5 * 60_000;

export function podBackoffMs(attempts: number): number {
  return Math.min(INITIAL_BACKOFF_MS * 2 ** Math.max(0, attempts - 1), MAX_BACKOFF_MS);
}

/** Pods this scheduler is responsible for placing (scheduling gates aside). */
export function needsScheduling(pod: KObject): boolean {
  const spec = (pod.spec ?? {}) as { schedulerName?: string; nodeName?: string };
  if (spec.nodeName) return false;
  if ((spec.schedulerName || SCHEDULER_NAME) !== SCHEDULER_NAME) return false;
  if (pod.metadata.deletionTimestamp) return false;
  return !isTerminal(pod);
}

function gated(pod: KObject): boolean {
  const gates = (pod.spec as { schedulingGates?: unknown[] } | undefined)?.schedulingGates;
  return Array.isArray(gates) && gates.length > 0;
}

interface Attempt {
  attempts: number;
  lastAttempt: number;
  /** Required pod affinity: a newly bound pod may be what it waits for. */
  podAffinity: boolean;
}

const WATCHED = [
  "core/nodes/",
  "core/pods/",
  "core/namespaces/",
  "core/persistentvolumeclaims/",
  "core/persistentvolumes/",
  "core/services/",
  "storage.k8s.io/storageclasses/",
];

/** Whether a node change could let a pod fit that did not before. */
function nodeChangeMatters(ch: Change): boolean {
  if (ch.type === "ADDED") return true;
  if (ch.type === "DELETED" || !ch.prev) return false;
  const a = ch.prev;
  const b = ch.object;
  const spec = (o: KObject) => o.spec as { unschedulable?: boolean; taints?: unknown } | undefined;
  const alloc = (o: KObject) => (o.status as { allocatable?: unknown } | undefined)?.allocatable;
  return (
    JSON.stringify(a.metadata.labels ?? {}) !== JSON.stringify(b.metadata.labels ?? {}) ||
    Boolean(spec(a)?.unschedulable) !== Boolean(spec(b)?.unschedulable) ||
    JSON.stringify(spec(a)?.taints ?? []) !== JSON.stringify(spec(b)?.taints ?? []) ||
    JSON.stringify(alloc(a) ?? {}) !== JSON.stringify(alloc(b) ?? {})
  );
}

export function schedulerController(ctx: ControllerContext): Controller {
  let cache: SchedulerCache | undefined;
  const unschedulable = new Map<string, Attempt>();
  const sched: SchedulerState = { nextStartNodeIndex: 0 };
  const podDecl = () => declOf(ctx.registry, "", "pods");

  const ensureCache = (): SchedulerCache => {
    if (cache) return cache;
    const list = (group: string, plural: string) => {
      const d = ctx.registry.byResource(group, plural);
      return d ? ctx.store.list(d, undefined, { filter: {} }).items : [];
    };
    const c = new SchedulerCache((ns, kind, name) => {
      const plural = {
        ReplicaSet: "replicasets",
        StatefulSet: "statefulsets",
        ReplicationController: "replicationcontrollers",
      }[kind];
      const d = plural ? ctx.registry.byResource(kind === "ReplicationController" ? "" : "apps", plural) : undefined;
      return d ? ctx.store.tryGet(d, ns, name) : undefined;
    });
    const pods = list("", "pods");
    c.load({
      nodes: list("", "nodes"),
      pods,
      namespaces: list("", "namespaces"),
      pvcs: list("", "persistentvolumeclaims"),
      pvs: list("", "persistentvolumes"),
      classes: list("storage.k8s.io", "storageclasses"),
      services: list("", "services"),
    });
    // After a restart, pods that already failed to fit wait for a helpful change like the rest.
    for (const p of pods) {
      const conds = (p.status as { conditions?: { type?: string; reason?: string }[] } | undefined)?.conditions ?? [];
      if (needsScheduling(p) && conds.some((x) => x.type === "PodScheduled" && x.reason === "Unschedulable")) {
        const key = `core/pods/${p.metadata.namespace}/${p.metadata.name}`;
        unschedulable.set(key, { attempts: 1, lastAttempt: 0, podAffinity: newPodInfo(p).requiredAffinity.length > 0 });
      }
    }
    cache = c;
    return c;
  };

  /** Moves unschedulable pods back to the queue, each no sooner than its backoff allows. */
  const moveUnschedulable = (only?: (key: string) => boolean): void => {
    const now = ctx.clock.now();
    for (const [key, a] of unschedulable) {
      if (only && !only(key)) continue;
      const due = a.lastAttempt + podBackoffMs(a.attempts);
      ctx.enqueue(SCHEDULER_CONTROLLER, key, Math.max(0, due - now));
    }
  };

  const withPodAffinity = (key: string): boolean => unschedulable.get(key)?.podAffinity === true;
  const attempt = (key: string, pod: KObject, prior: Attempt | undefined, now: number) =>
    unschedulable.set(key, {
      attempts: (prior?.attempts ?? 0) + 1,
      lastAttempt: now,
      podAffinity: newPodInfo(pod).requiredAffinity.length > 0,
    });

  const onPod = (ch: Change): string[] => {
    const pod = ch.object;
    const prev = ch.prev;
    const assigned = Boolean((pod.spec as { nodeName?: string } | undefined)?.nodeName);
    if (ch.type === "DELETED") {
      unschedulable.delete(ch.key);
      if (assigned && unschedulable.size > 0) moveUnschedulable();
      return [];
    }
    if (assigned) {
      const wasAssigned = Boolean((prev?.spec as { nodeName?: string } | undefined)?.nodeName);
      if (!wasAssigned) unschedulable.delete(ch.key);
      if (unschedulable.size === 0) return [];
      if (isTerminal(pod) && prev && !isTerminal(prev)) moveUnschedulable();
      else if (
        !wasAssigned ||
        JSON.stringify(prev?.metadata.labels ?? {}) !== JSON.stringify(pod.metadata.labels ?? {})
      ) {
        moveUnschedulable(withPodAffinity);
      }
      return [];
    }
    if (!needsScheduling(pod)) {
      unschedulable.delete(ch.key);
      return [];
    }
    if (ch.type === "ADDED" || !prev) return [ch.key];
    // The pod itself changed (labels, tolerations, gates removed…): worth another try, after its backoff.
    // Its status alone (our own condition updates) is not.
    const changed =
      JSON.stringify(prev.spec) !== JSON.stringify(pod.spec) ||
      JSON.stringify(prev.metadata.labels ?? {}) !== JSON.stringify(pod.metadata.labels ?? {});
    if (!changed) return [];
    if (!unschedulable.has(ch.key)) return [ch.key];
    moveUnschedulable((k) => k === ch.key);
    return [];
  };

  return {
    name: SCHEDULER_CONTROLLER,
    keysFor(ch: Change): string[] {
      if (!WATCHED.some((p) => ch.key.startsWith(p))) return [];
      const isPod = ch.key.startsWith("core/pods/");
      // The cache is built on first use; until then, the store already holds this change.
      if (cache) cache.apply(ch);
      if (isPod) return onPod(ch);
      if (!cache && unschedulable.size === 0) {
        // Nothing known to be waiting, unless this is a fresh start: learn that lazily on a node change.
        if (!ch.key.startsWith("core/nodes/")) return [];
        ensureCache();
      }
      if (unschedulable.size === 0) return [];
      if (ch.key.startsWith("core/nodes/")) {
        if (nodeChangeMatters(ch)) moveUnschedulable();
      } else if (!ch.key.startsWith("core/namespaces/") && !ch.key.startsWith("core/services/")) {
        moveUnschedulable();
      }
      return [];
    },

    reconcile(key: string): ReconcileResult | undefined {
      const ref = parseKey(ctx.registry, key);
      if (!ref) return undefined;
      const snap = ensureCache();
      const pod = ctx.store.tryGet(podDecl(), ref.namespace, ref.name);
      if (!pod || !needsScheduling(pod) || gated(pod)) {
        unschedulable.delete(key);
        return undefined;
      }
      const now = ctx.clock.now();
      const prior = unschedulable.get(key);
      if (prior) {
        const due = prior.lastAttempt + podBackoffMs(prior.attempts);
        if (now < due) return { requeueAfterMs: due - now };
      }
      const info = newPodInfo(pod);
      if (snap.nodeList().length === 0) {
        markUnschedulable(ctx, pod, NO_NODES_AVAILABLE, undefined);
        failedSchedulingEvent(ctx, pod, NO_NODES_AVAILABLE);
        attempt(key, pod, prior, now);
        return { requeueAfterMs: UNSCHEDULABLE_FLUSH_MS };
      }
      const result = schedulePod(info, snap, sched, ctx.random);
      if (result.ok) {
        unschedulable.delete(key);
        if (result.state.volume?.claimsToBind.length) {
          annotateSelectedNode(ctx, info.namespace, result.state.volume.claimsToBind, result.node);
        }
        bindPod(ctx, pod, result.node);
        return undefined;
      }

      // PostFilter: preemption.
      let postFilterMsg = "";
      let nominated: string | undefined;
      const pdbDecl = ctx.registry.byResource("policy", "poddisruptionbudgets");
      const pdbs = pdbDecl ? ctx.store.list(pdbDecl, undefined, { filter: {} }).items.map(pdbFromObject) : [];
      const pre = preempt(info, snap, result.state, result.diagnosis, pdbs);
      if (pre.ok) {
        const { node, victims } = pre.candidate;
        nominated = node;
        for (const v of victims) preemptVictim(ctx, v.pod, pod, node);
        for (const p of [...snap.nominatedPods(node)]) {
          if (p.key !== info.key && p.priority < info.priority) clearNomination(ctx, p.pod);
        }
      } else {
        postFilterMsg = `preemption: ${pre.message}`;
        if (pre.clearNomination) nominated = "";
      }
      const message = fitErrorMessage(result.diagnosis, postFilterMsg);
      const current = ctx.store.tryGet(podDecl(), ref.namespace, ref.name) ?? pod;
      markUnschedulable(ctx, current, message, nominated);
      failedSchedulingEvent(ctx, current, message);
      attempt(key, pod, prior, now);
      return { requeueAfterMs: UNSCHEDULABLE_FLUSH_MS };
    },
  };
}
