/**
 * What the two revision-keeping controllers (StatefulSet, DaemonSet) share about the pods they own: controller
 * references, adoption and release (ClaimPods), pods from a template (GetPodFromTemplate) and readiness /
 * availability read purely from pod status, as podutil.IsPodReady / IsPodAvailable do.
 */
import type { Change } from "../../durable/store/kv-store";
import { controllerRefOf, newControllerRef as newOwnerControllerRef } from "../../kube/controller-ref";
import type { KObject, OwnerReference } from "../../kube/object";
import { labelSelectorFromObject, matches } from "../../kube/selectors/label-selector";
import { type ControllerContext, declOf } from "../controller-context";
import {
  isPodAvailable,
  ownerKeysForControlled,
  type PodTemplate,
  podAvailableAt,
  podFromTemplate as podFromPodTemplate,
} from "./pod-template";

export { controllerRefOf } from "../../kube/controller-ref";
export { isPodReady, podPhase } from "../../kube/pod-status";
export { isPodAvailable };

/** The owner's controller reference, with the owner's own apiVersion and kind. */
export function newControllerRef(owner: KObject): OwnerReference {
  return newOwnerControllerRef(owner, owner.apiVersion ?? "apps/v1", owner.kind ?? "");
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

/**
 * Milliseconds until a ready pod counts as available (0 = available now); undefined when it never will as it
 * stands (not ready). The instant is podutil.IsPodAvailable's, shared with the ReplicaSet controller.
 */
export function msUntilAvailable(pod: KObject, minReadySeconds: number, now: number): number | undefined {
  const at = podAvailableAt(pod, minReadySeconds);
  return at === undefined ? undefined : Math.max(0, at - now);
}

export function isTerminating(pod: KObject): boolean {
  return pod.metadata.deletionTimestamp !== undefined;
}

// ---- pods from a template ----------------------------------------------------------------------------------

/** GetPodFromTemplate: the template's labels, annotations and finalizers, its spec, and the controller ref. */
export function podFromTemplate(template: Record<string, unknown>, owner: KObject): KObject {
  return podFromPodTemplate(template as PodTemplate, owner, newControllerRef(owner));
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
  // The same triggers as the ReplicaSet controller's: only an orphan that appeared or was relabelled looks
  // for adopters, so the kubelet's status writes to bare pods do not list every owner in the namespace.
  const decl = declOf(ctx.registry, "apps", plural);
  return ownerKeysForControlled(
    ch,
    kind,
    (ns, name) => `apps/${plural}/${ns}/${name}`,
    (ns, labels) =>
      labels
        ? ctx.store
            .list(decl, ns, { filter: {} })
            .items.filter((owner) => selectorMatcher(owner)(labels))
            .map((owner) => `apps/${plural}/${ns}/${owner.metadata.name}`)
        : [],
  );
}
