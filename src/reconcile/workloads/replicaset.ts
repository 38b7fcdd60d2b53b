/**
 * The ReplicaSet controller, as kube-controller-manager 1.32's pkg/controller/replicaset does it: claim the
 * namespace's active pods (adopting orphans the selector matches, releasing ours that stopped matching), create
 * or delete pods to reach spec.replicas (creates in slow-start batches 1, 2, 4 …, deletes by the
 * ActivePodsWithRanks order), then write status (replicas, fullyLabeledReplicas, readyReplicas,
 * availableReplicas, observedGeneration, the ReplicaFailure condition).
 *
 * No expectations cache is needed: reconciles run one at a time against the store itself, so a sync always
 * sees the pods the previous one created or deleted.
 */

import { rfc3339 } from "../../apiserver/time";
import type { Change } from "../../durable/store/kv-store";
import { deepEqual, type KObject } from "../../kube/object";
import {
  type LabelSelector,
  type LabelSelectorObject,
  labelSelectorFromObject,
  matches,
  selectorFromSet,
} from "../../kube/selectors/label-selector";
import { type ControllerContext, codeOf, declOf, parseKey } from "../controller-context";
import type { Controller, ReconcileResult } from "../engine";
import {
  claimObjects,
  controllerRefOf,
  FIELD_MANAGER,
  isPodActive,
  isPodAvailable,
  isPodReady,
  keyOf,
  newControllerRef,
  ownerKeysForControlled,
  type PodTemplate,
  podAvailableAt,
  podFromTemplate,
} from "./pod-template";
import { podsToDelete } from "./replicaset-ranking";

const COMPONENT = { component: "replicaset-controller" };
/** replicaset.BurstReplicas: at most this many creates or deletes per sync. */
const BURST_REPLICAS = 500;

export interface ReplicaSetCondition {
  type: string;
  status: string;
  lastTransitionTime?: string;
  reason?: string;
  message?: string;
}

export interface ReplicaSetStatus {
  replicas?: number;
  fullyLabeledReplicas?: number;
  readyReplicas?: number;
  availableReplicas?: number;
  observedGeneration?: number;
  conditions?: ReplicaSetCondition[];
  [k: string]: unknown;
}

interface ReplicaSetSpec {
  replicas?: number;
  minReadySeconds?: number;
  selector?: LabelSelectorObject;
  template?: PodTemplate;
}

export const rsSpec = (rs: KObject) => (rs.spec ?? {}) as ReplicaSetSpec;
export const rsStatus = (rs: KObject) => (rs.status ?? {}) as ReplicaSetStatus;

export function replicaSetController(ctx: ControllerContext): Controller {
  const rsDecl = declOf(ctx.registry, "apps", "replicasets");
  const podDecl = declOf(ctx.registry, "", "pods");

  /** ReplicaSets in a namespace whose selector matches these labels (getPodReplicaSets). */
  const selectingRSes = (namespace: string, labels: Record<string, string> | undefined): string[] => {
    const out: string[] = [];
    for (const rs of ctx.store.list(rsDecl, namespace, { filter: {} }).items) {
      const sel = selectorOf(rs);
      if (sel && !sel.nothing && sel.requirements.length > 0 && matches(sel, labels)) {
        out.push(keyOf(rsDecl, namespace, String(rs.metadata.name)));
      }
    }
    return out;
  };

  const podKeys = (ch: Change): string[] =>
    ownerKeysForControlled(ch, "ReplicaSet", (ns, name) => keyOf(rsDecl, ns, name), selectingRSes);

  return {
    name: "replicaset-controller",
    keysFor(ch: Change): string[] {
      if (ch.key.startsWith("apps/replicasets/")) return [ch.key];
      if (ch.key.startsWith("core/pods/")) return podKeys(ch);
      return [];
    },
    reconcile(key: string): ReconcileResult | undefined {
      const ref = parseKey(ctx.registry, key);
      if (!ref) return undefined;
      const rs = ctx.store.tryGet(rsDecl, ref.namespace, ref.name);
      if (!rs) return undefined;
      return syncReplicaSet(rs);
    },
  };

  function syncReplicaSet(rs: KObject): ReconcileResult | undefined {
    const ns = rs.metadata.namespace ?? "";
    const selector = selectorOf(rs);
    if (!selector) return undefined; // invalid selector: validation should have stopped it; nothing to do
    const allPods = ctx.store.list(podDecl, ns, { filter: {} }).items;
    const pods = claimObjects(
      ctx,
      podDecl,
      rs,
      "apps/v1",
      "ReplicaSet",
      selector,
      allPods.filter((p) => isPodActive(p)),
    );

    let manageErr: Error | undefined;
    if (!rs.metadata.deletionTimestamp) {
      try {
        manageReplicas(rs, pods, allPods);
      } catch (e) {
        manageErr = e instanceof Error ? e : new Error(String(e));
      }
    }

    const now = ctx.clock.now();
    const status = calculateStatus(rs, pods, manageErr, now);
    if (!deepEqual(status, rs.status ?? {})) {
      const next = structuredClone(rs);
      next.status = status;
      ctx.store.update(rsDecl, ns, String(rs.metadata.name), next, {
        dryRun: false,
        fieldManager: FIELD_MANAGER,
        subresource: "status",
      });
    }
    if (manageErr) throw manageErr;

    // A ready pod becomes available minReadySeconds later without any change to look at: come back then.
    const minReady = rsSpec(rs).minReadySeconds ?? 0;
    if (minReady > 0) {
      let next = Number.POSITIVE_INFINITY;
      for (const p of pods) {
        const at = podAvailableAt(p, minReady);
        if (at !== undefined && at > now) next = Math.min(next, at);
      }
      if (next !== Number.POSITIVE_INFINITY) return { requeueAfterMs: next - now };
    }
    return undefined;
  }

  function manageReplicas(rs: KObject, pods: KObject[], allPods: KObject[]): void {
    const want = rsSpec(rs).replicas ?? 1;
    const diff = pods.length - want;
    if (diff < 0) createPods(rs, Math.min(-diff, BURST_REPLICAS));
    else if (diff > 0) deletePods(rs, pods, allPods, Math.min(diff, BURST_REPLICAS));
  }

  /** slowStartBatch: batches of 1, 2, 4 … creates; a batch with a failure ends the sync with the first error. */
  function createPods(rs: KObject, count: number): void {
    const ref = newControllerRef(rs, "apps/v1", "ReplicaSet");
    const template = rsSpec(rs).template ?? {};
    let remaining = count;
    for (let batch = Math.min(remaining, 1); batch > 0; batch = Math.min(2 * batch, remaining)) {
      let firstErr: Error | undefined;
      for (let i = 0; i < batch; i++) {
        const pod = podFromTemplate(template, rs, ref);
        try {
          const created = ctx.store.create(podDecl, rs.metadata.namespace, pod, {
            dryRun: false,
            fieldManager: FIELD_MANAGER,
          });
          ctx.events.record(rs, "Normal", "SuccessfulCreate", `Created pod: ${created.metadata.name}`, COMPONENT);
        } catch (e) {
          const err = e instanceof Error ? e : new Error(String(e));
          // A terminating namespace refuses every create; kube stays quiet about it.
          if (!/because it is being terminated/.test(err.message)) {
            ctx.events.record(rs, "Warning", "FailedCreate", `Error creating: ${err.message}`, COMPONENT);
          }
          firstErr ??= err;
        }
      }
      if (firstErr) throw firstErr;
      remaining -= batch;
    }
  }

  function deletePods(rs: KObject, pods: KObject[], allPods: KObject[], count: number): void {
    const victims = podsToDelete(pods, relatedPods(rs, allPods), count, ctx.clock.now());
    let firstErr: Error | undefined;
    for (const pod of victims) {
      const name = String(pod.metadata.name);
      try {
        ctx.store.delete(podDecl, rs.metadata.namespace, name, { dryRun: false });
        ctx.events.record(rs, "Normal", "SuccessfulDelete", `Deleted pod: ${name}`, COMPONENT);
      } catch (e) {
        if (codeOf(e) === 404) continue;
        const err = e instanceof Error ? e : new Error(String(e));
        ctx.events.record(rs, "Warning", "FailedDelete", `Error deleting: ${err.message}`, COMPONENT);
        firstErr ??= err;
      }
    }
    if (firstErr) throw firstErr;
  }

  /**
   * getIndirectlyRelatedPods: pods selected by any ReplicaSet with the same controller (the Deployment's other
   * ReplicaSets), used to prefer deleting pods doubled up on a node. A ReplicaSet without a controller has none.
   */
  function relatedPods(rs: KObject, allPods: KObject[]): KObject[] {
    const owner = controllerRefOf(rs);
    if (!owner) return [];
    const seen = new Set<string>();
    const out: KObject[] = [];
    for (const other of ctx.store.list(rsDecl, rs.metadata.namespace, { filter: {} }).items) {
      if (controllerRefOf(other)?.uid !== owner.uid) continue;
      const sel = selectorOf(other);
      if (!sel) continue;
      for (const p of allPods) {
        const uid = String(p.metadata.uid);
        if (!seen.has(uid) && matches(sel, p.metadata.labels)) {
          seen.add(uid);
          out.push(p);
        }
      }
    }
    return out;
  }

  function calculateStatus(rs: KObject, pods: KObject[], manageErr: Error | undefined, now: number): ReplicaSetStatus {
    const spec = rsSpec(rs);
    const old = rsStatus(rs);
    const templateLabels = selectorFromSet(spec.template?.metadata?.labels ?? {});
    let fullyLabeled = 0;
    let ready = 0;
    let available = 0;
    for (const p of pods) {
      if (matches(templateLabels, p.metadata.labels)) fullyLabeled++;
      if (isPodReady(p)) {
        ready++;
        if (isPodAvailable(p, spec.minReadySeconds ?? 0, now)) available++;
      }
    }
    const status: ReplicaSetStatus = { ...structuredClone(old) };
    // Every count but replicas is omitempty in the Go type.
    status.replicas = pods.length;
    setOrDrop(status, "fullyLabeledReplicas", fullyLabeled);
    setOrDrop(status, "readyReplicas", ready);
    setOrDrop(status, "availableReplicas", available);
    status.observedGeneration = rs.metadata.generation ?? 1;

    const conditions = (status.conditions ?? []).filter((c) => c.type !== "ReplicaFailure");
    const failure = (old.conditions ?? []).find((c) => c.type === "ReplicaFailure");
    if (manageErr && !failure) {
      const diff = pods.length - (spec.replicas ?? 1);
      conditions.push({
        type: "ReplicaFailure",
        status: "True",
        lastTransitionTime: rfc3339(now),
        reason: diff < 0 ? "FailedCreate" : diff > 0 ? "FailedDelete" : "",
        message: manageErr.message,
      });
    } else if (manageErr && failure) {
      conditions.push(failure);
    }
    if (conditions.length > 0) status.conditions = conditions;
    else delete status.conditions;
    return status;
  }
}

function setOrDrop(status: ReplicaSetStatus, field: string, n: number): void {
  if (n === 0) delete status[field];
  else status[field] = n;
}

/** The ReplicaSet's selector, or undefined when it cannot be parsed. */
export function selectorOf(obj: KObject): LabelSelector | undefined {
  try {
    return labelSelectorFromObject((obj.spec as { selector?: LabelSelectorObject } | undefined)?.selector);
  } catch {
    return undefined;
  }
}
