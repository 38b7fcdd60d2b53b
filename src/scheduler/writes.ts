/**
 * What the scheduler writes through the API: the binding (as pods/binding's BindingREST.assignPod does it),
 * the PodScheduled=False condition and nominatedNodeName of a pod that did not fit, PVC selected-node
 * annotations, and preemption's DisruptionTarget condition + graceful delete of the victims.
 */
import { rfc3339 } from "../apiserver/time";
import type { KObject } from "../kube/object";
import { type ControllerContext, declOf } from "../reconcile/controller-context";
import { SELECTED_NODE_ANNOTATION } from "./plugins/volume-binding";

export const SCHEDULER_NAME = "default-scheduler";
export const FIELD_MANAGER = "kube-scheduler";
const SOURCE = { component: SCHEDULER_NAME };

type Condition = Record<string, unknown> & { type?: string; status?: string };

function conditionsOf(pod: KObject): Condition[] {
  return ((pod.status as { conditions?: Condition[] } | undefined)?.conditions ?? []).map((c) => ({ ...c }));
}

/** spec.nodeName + PodScheduled=True in one internal write, then the `Scheduled` event. */
export function bindPod(ctx: ControllerContext, pod: KObject, nodeName: string): void {
  const decl = declOf(ctx.registry, "", "pods");
  const next = structuredClone(pod);
  (next.spec as { nodeName?: string }).nodeName = nodeName;
  const status = (next.status ?? {}) as Record<string, unknown>;
  const conditions = conditionsOf(pod).filter((c) => c.type !== "PodScheduled");
  conditions.push({
    type: "PodScheduled",
    status: "True",
    lastProbeTime: null,
    lastTransitionTime: rfc3339(ctx.clock.now()),
  });
  next.status = { ...status, conditions };
  const res = ctx.store.update(decl, pod.metadata.namespace, pod.metadata.name ?? "", next, {
    dryRun: false,
    fieldManager: FIELD_MANAGER,
    internal: true,
  });
  ctx.events.record(
    res.object,
    "Normal",
    "Scheduled",
    `Successfully assigned ${pod.metadata.namespace}/${pod.metadata.name} to ${nodeName}`,
    SOURCE,
  );
}

/** PreBind of VolumeBinding for claims to be provisioned where the pod lands. */
export function annotateSelectedNode(ctx: ControllerContext, namespace: string, claims: string[], node: string): void {
  const decl = declOf(ctx.registry, "", "persistentvolumeclaims");
  for (const name of claims) {
    const pvc = ctx.store.tryGet(decl, namespace, name);
    if (!pvc || pvc.metadata.annotations?.[SELECTED_NODE_ANNOTATION] === node) continue;
    const next = structuredClone(pvc);
    next.metadata.annotations = { ...(next.metadata.annotations ?? {}), [SELECTED_NODE_ANNOTATION]: node };
    ctx.store.update(decl, namespace, name, next, { dryRun: false, fieldManager: FIELD_MANAGER });
  }
}

/**
 * updatePod of handleSchedulingFailure: PodScheduled=False/Unschedulable with the message, and the nominated
 * node (undefined = leave as is, "" = clear). Writes only when something changed, as kube does.
 */
export function markUnschedulable(
  ctx: ControllerContext,
  pod: KObject,
  message: string,
  nominatedNodeName: string | undefined,
): void {
  const decl = declOf(ctx.registry, "", "pods");
  const conditions = conditionsOf(pod);
  const i = conditions.findIndex((c) => c.type === "PodScheduled");
  const cur = i >= 0 ? conditions[i] : undefined;
  const status = (pod.status ?? {}) as Record<string, unknown>;
  const curNominated = typeof status.nominatedNodeName === "string" ? status.nominatedNodeName : "";
  const nominatedChanged = nominatedNodeName !== undefined && nominatedNodeName !== curNominated;
  const conditionChanged = cur?.status !== "False" || cur.reason !== "Unschedulable" || cur.message !== message;
  if (!conditionChanged && !nominatedChanged) return;
  const cond: Condition = {
    type: "PodScheduled",
    status: "False",
    lastProbeTime: null,
    lastTransitionTime: cur && cur.status === "False" ? cur.lastTransitionTime : rfc3339(ctx.clock.now()),
    reason: "Unschedulable",
    message,
  };
  if (i >= 0) conditions[i] = cond;
  else conditions.push(cond);
  const next = structuredClone(pod);
  const nextStatus: Record<string, unknown> = { ...status, conditions };
  if (nominatedNodeName !== undefined) {
    if (nominatedNodeName) nextStatus.nominatedNodeName = nominatedNodeName;
    else delete nextStatus.nominatedNodeName;
  }
  next.status = nextStatus;
  ctx.store.update(decl, pod.metadata.namespace, pod.metadata.name ?? "", next, {
    dryRun: false,
    fieldManager: FIELD_MANAGER,
    subresource: "status",
  });
}

export function failedSchedulingEvent(ctx: ControllerContext, pod: KObject, message: string): void {
  ctx.events.record(pod, "Warning", "FailedScheduling", message, SOURCE);
}

/** Evaluator.PreemptPod: DisruptionTarget condition, graceful delete, `Preempted` event on the victim. */
export function preemptVictim(ctx: ControllerContext, victim: KObject, preemptor: KObject, nodeName: string): void {
  const decl = declOf(ctx.registry, "", "pods");
  const ns = victim.metadata.namespace;
  const name = victim.metadata.name ?? "";
  const cur = ctx.store.tryGet(decl, ns, name);
  if (!cur || cur.metadata.uid !== victim.metadata.uid) return;
  const conditions = conditionsOf(cur).filter((c) => c.type !== "DisruptionTarget");
  conditions.push({
    type: "DisruptionTarget",
    status: "True",
    lastProbeTime: null,
    lastTransitionTime: rfc3339(ctx.clock.now()),
    reason: "PreemptionByScheduler",
    message: `${SCHEDULER_NAME}: preempting to accommodate a higher priority pod`,
  });
  const next = structuredClone(cur);
  next.status = { ...((cur.status as object) ?? {}), conditions };
  const updated = ctx.store.update(decl, ns, name, next, {
    dryRun: false,
    fieldManager: FIELD_MANAGER,
    subresource: "status",
  }).object;
  ctx.store.delete(decl, ns, name, { dryRun: false, preconditions: { uid: cur.metadata.uid } });
  ctx.events.record(
    updated,
    "Normal",
    "Preempted",
    `Preempted by pod ${preemptor.metadata.uid} on node ${nodeName}`,
    SOURCE,
  );
}

/** Lower-priority pods nominated to the node lose their nomination (they may no longer fit there). */
export function clearNomination(ctx: ControllerContext, pod: KObject): void {
  const decl = declOf(ctx.registry, "", "pods");
  const cur = ctx.store.tryGet(decl, pod.metadata.namespace, pod.metadata.name ?? "");
  const status = (cur?.status ?? {}) as Record<string, unknown>;
  if (!cur || !status.nominatedNodeName) return;
  const next = structuredClone(cur);
  const { nominatedNodeName: _, ...rest } = status;
  next.status = rest;
  ctx.store.update(decl, cur.metadata.namespace, cur.metadata.name ?? "", next, {
    dryRun: false,
    fieldManager: FIELD_MANAGER,
    subresource: "status",
  });
}
