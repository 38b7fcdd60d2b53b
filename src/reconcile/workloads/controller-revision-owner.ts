/**
 * What the two revision-keeping controllers (StatefulSet, DaemonSet) share about the pods they own: controller
 * references, adoption and release (ClaimPods), pods from a template (GetPodFromTemplate) and readiness /
 * availability read purely from pod status, as podutil.IsPodReady / IsPodAvailable do.
 */
import type { Change } from "../../durable/store/kv-store";
import type { KObject, OwnerReference } from "../../kube/object";
import { labelSelectorFromObject, matches } from "../../kube/selectors/label-selector";
import { type ControllerContext, declOf } from "../controller-context";

export interface PodCondition {
  type: string;
  status: string;
  lastTransitionTime?: string;
}

export function newControllerRef(owner: KObject): OwnerReference {
  return {
    apiVersion: owner.apiVersion ?? "apps/v1",
    kind: owner.kind ?? "",
    name: String(owner.metadata.name),
    uid: String(owner.metadata.uid),
    controller: true,
    blockOwnerDeletion: true,
  };
}

export function controllerRefOf(o: KObject | undefined): OwnerReference | undefined {
  return o?.metadata.ownerReferences?.find((r) => r.controller === true);
}

export function isControlledBy(o: KObject, owner: KObject): boolean {
  return controllerRefOf(o)?.uid === owner.metadata.uid;
}

/** The owner's spec.selector as a matcher; a missing selector selects nothing (like kube's validation demands). */
export function selectorMatcher(owner: KObject): (labels: Record<string, string> | undefined) => boolean {
  const sel = (owner.spec as { selector?: Parameters<typeof labelSelectorFromObject>[0] } | undefined)?.selector;
  if (!sel) return () => false;
  try {
    const selector = labelSelectorFromObject(sel);
    return (labels) => matches(selector, labels);
  } catch {
    return () => false;
  }
}

// ---- pod status --------------------------------------------------------------------------------------------

export function podConditions(pod: KObject): PodCondition[] {
  return ((pod.status as { conditions?: PodCondition[] } | undefined)?.conditions ?? []) as PodCondition[];
}

export function podPhase(pod: KObject): string {
  return String((pod.status as { phase?: string } | undefined)?.phase ?? "");
}

/** podutil.IsPodReady: the Ready condition is True. */
export function isPodReady(pod: KObject): boolean {
  return podConditions(pod).some((c) => c.type === "Ready" && c.status === "True");
}

/**
 * Milliseconds until a ready pod counts as available (0 = available now); undefined when it is not ready.
 * podutil.IsPodAvailable: Ready for at least minReadySeconds, measured from the condition's lastTransitionTime.
 */
export function msUntilAvailable(pod: KObject, minReadySeconds: number, now: number): number | undefined {
  const ready = podConditions(pod).find((c) => c.type === "Ready" && c.status === "True");
  if (!ready) return undefined;
  if (!minReadySeconds) return 0;
  const since = ready.lastTransitionTime ? Date.parse(ready.lastTransitionTime) : Number.NaN;
  if (Number.isNaN(since)) return 0;
  return Math.max(0, since + minReadySeconds * 1000 - now);
}

export function isPodAvailable(pod: KObject, minReadySeconds: number, now: number): boolean {
  return msUntilAvailable(pod, minReadySeconds, now) === 0;
}

export function isTerminating(pod: KObject): boolean {
  return pod.metadata.deletionTimestamp !== undefined;
}

// ---- pods from a template ----------------------------------------------------------------------------------

/** GetPodFromTemplate: the template's labels, annotations and finalizers, its spec, and the controller ref. */
export function podFromTemplate(template: Record<string, unknown>, owner: KObject): KObject {
  const meta = (template.metadata ?? {}) as {
    labels?: Record<string, string>;
    annotations?: Record<string, string>;
    finalizers?: string[];
  };
  const pod: KObject = {
    apiVersion: "v1",
    kind: "Pod",
    metadata: {
      generateName: `${owner.metadata.name}-`,
      namespace: owner.metadata.namespace,
      ...(meta.labels ? { labels: { ...meta.labels } } : {}),
      ...(meta.annotations ? { annotations: { ...meta.annotations } } : {}),
      ...(meta.finalizers ? { finalizers: [...meta.finalizers] } : {}),
      ownerReferences: [newControllerRef(owner)],
    },
    spec: structuredClone(template.spec ?? {}),
  };
  return pod;
}

// ---- claiming pods -----------------------------------------------------------------------------------------

/**
 * ClaimPods: the pods `owner` controls, after adopting matching orphans (`canAdopt` adds the kind's own test,
 * e.g. the StatefulSet's name pattern) and releasing owned pods whose labels no longer match.
 */
export function claimPods(
  ctx: ControllerContext,
  owner: KObject,
  fieldManager: string,
  canAdopt: (pod: KObject) => boolean = () => true,
): KObject[] {
  const podDecl = declOf(ctx.registry, "", "pods");
  const ns = owner.metadata.namespace;
  const selects = selectorMatcher(owner);
  const uid = owner.metadata.uid;
  const out: KObject[] = [];
  for (const pod of ctx.store.list(podDecl, ns, { filter: {} }).items) {
    const ref = controllerRefOf(pod);
    if (ref) {
      if (ref.uid !== uid) continue;
      if (selects(pod.metadata.labels) || owner.metadata.deletionTimestamp) {
        out.push(pod);
        continue;
      }
      // Released: the pod's labels no longer match, so it is no longer ours (ReleasePod).
      if (!isTerminating(pod)) {
        const next = structuredClone(pod);
        next.metadata.ownerReferences = (next.metadata.ownerReferences ?? []).filter((r) => r.uid !== uid);
        if (next.metadata.ownerReferences.length === 0) delete next.metadata.ownerReferences;
        ctx.store.update(podDecl, ns, String(pod.metadata.name), next, { dryRun: false, fieldManager });
      }
      continue;
    }
    if (owner.metadata.deletionTimestamp || isTerminating(pod) || !selects(pod.metadata.labels) || !canAdopt(pod)) {
      continue;
    }
    const next = structuredClone(pod);
    next.metadata.ownerReferences = [...(next.metadata.ownerReferences ?? []), newControllerRef(owner)];
    out.push(ctx.store.update(podDecl, ns, String(pod.metadata.name), next, { dryRun: false, fieldManager }).object);
  }
  return out;
}

/**
 * Owner keys a pod (or revision) change concerns: its controller's, before and after the change, and for an
 * orphan the owners whose selector matches it (they may adopt it).
 */
export function ownerKeysFor(ctx: ControllerContext, ch: Change, kind: string, plural: string): string[] {
  const keys = new Set<string>();
  const ns = ch.object.metadata.namespace ?? "";
  for (const o of [ch.object, ch.prev]) {
    const ref = controllerRefOf(o);
    if (ref?.kind === kind) keys.add(`apps/${plural}/${ns}/${ref.name}`);
  }
  if (!controllerRefOf(ch.object) && ch.type !== "DELETED" && ch.object.metadata.labels) {
    const decl = declOf(ctx.registry, "apps", plural);
    for (const owner of ctx.store.list(decl, ns, { filter: {} }).items) {
      if (selectorMatcher(owner)(ch.object.metadata.labels)) keys.add(`apps/${plural}/${ns}/${owner.metadata.name}`);
    }
  }
  return [...keys];
}
