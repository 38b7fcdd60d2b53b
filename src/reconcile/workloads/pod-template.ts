/**
 * Shared pieces of kube-controller-manager's pkg/controller (controller_utils.go, controller_ref_manager.go) and
 * pkg/api/v1/pod that the ReplicaSet and Deployment controllers use: pods from templates, controllerRefs,
 * pod readiness/availability from status alone, and ControllerRef adoption/release.
 */

import type { Change } from "../../durable/store/kv-store";
import { controllerRefOf, newControllerRef } from "../../kube/controller-ref";
import { deepEqual, type KObject, type OwnerReference } from "../../kube/object";
import { type PodCondition, podCondition, podPhase } from "../../kube/pod-status";
import type { KindDeclaration } from "../../kube/registry/kind";
import { type LabelSelector, matches } from "../../kube/selectors/label-selector";
import type { ControllerContext } from "../controller-context";
import { codeOf } from "../controller-context";

export { controllerRefOf, newControllerRef } from "../../kube/controller-ref";
export { isPodReady, type PodCondition, podPhase } from "../../kube/pod-status";

/** Every write these controllers make is attributed to kube-controller-manager, like client-go's user agent. */
export const FIELD_MANAGER = "kube-controller-manager";

export interface PodTemplate {
  metadata?: { labels?: Record<string, string>; annotations?: Record<string, string>; finalizers?: string[] };
  spec?: Record<string, unknown>;
}

interface PodShape {
  spec?: { nodeName?: string };
  status?: { containerStatuses?: { restartCount?: number }[] };
}

const shape = (pod: KObject) => pod as unknown as PodShape;

export function nodeNameOf(pod: KObject): string {
  return shape(pod).spec?.nodeName ?? "";
}

/** controller.IsPodActive: not Succeeded, not Failed, not being deleted. */
export function isPodActive(pod: KObject): boolean {
  const phase = podPhase(pod);
  return phase !== "Succeeded" && phase !== "Failed" && !pod.metadata.deletionTimestamp;
}

export function podReadyCondition(pod: KObject): PodCondition | undefined {
  return podCondition(pod, "Ready");
}

/**
 * When a ready pod counts as available (podutil.IsPodAvailable: Ready's lastTransitionTime + minReadySeconds is
 * strictly before now, so the first instant is one millisecond after). Undefined when not ready.
 */
export function podAvailableAt(pod: KObject, minReadySeconds: number): number | undefined {
  const c = podReadyCondition(pod);
  if (c?.status !== "True") return undefined;
  if (!minReadySeconds) return Number.NEGATIVE_INFINITY;
  if (!c.lastTransitionTime) return undefined;
  return Date.parse(c.lastTransitionTime) + minReadySeconds * 1000 + 1;
}

export function isPodAvailable(pod: KObject, minReadySeconds: number, now: number): boolean {
  const at = podAvailableAt(pod, minReadySeconds);
  return at !== undefined && at <= now;
}

export function maxContainerRestarts(pod: KObject): number {
  let max = 0;
  for (const c of shape(pod).status?.containerStatuses ?? []) max = Math.max(max, c.restartCount ?? 0);
  return max;
}

/**
 * controller.GetPodFromTemplate: labels, annotations and finalizers of the template, generateName `<parent>-`
 * (the API server adds five random characters), the controllerRef, and the template's spec.
 */
export function podFromTemplate(template: PodTemplate, parent: KObject, controllerRef: OwnerReference): KObject {
  const meta = template.metadata ?? {};
  const pod: KObject = {
    apiVersion: "v1",
    kind: "Pod",
    metadata: {
      generateName: `${parent.metadata.name}-`,
      namespace: parent.metadata.namespace,
      ownerReferences: [controllerRef],
    },
    spec: structuredClone(template.spec ?? {}),
  };
  if (meta.labels && Object.keys(meta.labels).length > 0) pod.metadata.labels = { ...meta.labels };
  if (meta.annotations && Object.keys(meta.annotations).length > 0) pod.metadata.annotations = { ...meta.annotations };
  if (meta.finalizers && meta.finalizers.length > 0) pod.metadata.finalizers = [...meta.finalizers];
  return pod;
}

/**
 * The owner keys a change to a controlled object concerns (the ReplicaSet controller's pod handlers, the
 * Deployment controller's ReplicaSet handlers): the `ownerKind` (apps/) named by its controllerRef before and
 * after, and for a live orphan that appeared or whose labels or owners changed, every owner whose selector picks
 * it (`selecting`), since it may be adopted.
 */
export function ownerKeysForControlled(
  ch: Change,
  ownerKind: string,
  ownerKey: (namespace: string, name: string) => string,
  selecting: (namespace: string, labels: Record<string, string> | undefined) => string[],
): string[] {
  const keys = new Set<string>();
  const ns = ch.object.metadata.namespace ?? "";
  for (const obj of [ch.object, ch.prev]) {
    const ref = obj && controllerRefOf(obj);
    if (ref?.kind === ownerKind && ref.apiVersion.startsWith("apps/")) keys.add(ownerKey(ns, ref.name));
  }
  const cur = ch.object;
  if (ch.type !== "DELETED" && !controllerRefOf(cur) && !cur.metadata.deletionTimestamp) {
    const relabelled =
      ch.type === "ADDED" ||
      !ch.prev ||
      !deepEqual(ch.prev.metadata.labels, cur.metadata.labels) ||
      !deepEqual(ch.prev.metadata.ownerReferences, cur.metadata.ownerReferences);
    if (relabelled) for (const k of selecting(ns, cur.metadata.labels)) keys.add(k);
  }
  return [...keys];
}

/** A controller's own key for an object: `<group|core>/<plural>/<ns>/<name>`. */
export function keyOf(decl: KindDeclaration, namespace: string | undefined, name: string): string {
  return `${decl.group || "core"}/${decl.plural}/${namespace ?? ""}/${name}`;
}

/**
 * BaseControllerRefManager.ClaimObject over a list of candidates: keeps what the owner controls and still
 * selects, adopts matching orphans (not while the owner or the orphan is being deleted) and releases controlled
 * objects that no longer match. Returns the objects the owner now controls, as stored after any adoption.
 */
export function claimObjects(
  ctx: ControllerContext,
  decl: KindDeclaration,
  owner: KObject,
  ownerApiVersion: string,
  ownerKind: string,
  selector: LabelSelector,
  candidates: KObject[],
): KObject[] {
  const uid = owner.metadata.uid;
  const ownerDeleting = !!owner.metadata.deletionTimestamp;
  const claimed: KObject[] = [];
  for (const obj of candidates) {
    const ref = controllerRefOf(obj);
    const selected = matches(selector, obj.metadata.labels);
    if (ref) {
      if (ref.uid !== uid) continue;
      if (selected || ownerDeleting) {
        claimed.push(obj);
        continue;
      }
      release(ctx, decl, obj, String(uid));
      continue;
    }
    if (ownerDeleting || !selected || obj.metadata.deletionTimestamp) continue;
    if (obj.metadata.namespace !== owner.metadata.namespace) continue;
    const adopted = adopt(ctx, decl, obj, newControllerRef(owner, ownerApiVersion, ownerKind));
    if (adopted) claimed.push(adopted);
  }
  return claimed;
}

function adopt(ctx: ControllerContext, decl: KindDeclaration, obj: KObject, ref: OwnerReference): KObject | undefined {
  const next = structuredClone(obj);
  next.metadata.ownerReferences = [...(next.metadata.ownerReferences ?? []), ref];
  try {
    return ctx.store.update(decl, obj.metadata.namespace, String(obj.metadata.name), next, {
      dryRun: false,
      fieldManager: FIELD_MANAGER,
    }).object;
  } catch (e) {
    // Gone or changed since we listed it: the next sync sees the fresh object.
    if ([404, 409].includes(codeOf(e) ?? 0)) return undefined;
    throw e;
  }
}

function release(ctx: ControllerContext, decl: KindDeclaration, obj: KObject, ownerUid: string): void {
  const next = structuredClone(obj);
  next.metadata.ownerReferences = (next.metadata.ownerReferences ?? []).filter((r) => r.uid !== ownerUid);
  if (next.metadata.ownerReferences.length === 0) delete next.metadata.ownerReferences;
  try {
    ctx.store.update(decl, obj.metadata.namespace, String(obj.metadata.name), next, {
      dryRun: false,
      fieldManager: FIELD_MANAGER,
    });
  } catch (e) {
    if ([404, 409].includes(codeOf(e) ?? 0)) return;
    throw e;
  }
}

/** Reads a Ready/ContainersReady-style condition lastTransitionTime to epoch ms (0 when absent). */
