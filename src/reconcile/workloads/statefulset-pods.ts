/**
 * A StatefulSet's pods and claims (stateful_set_utils.go, v1.32): ordinal names `<set>-<ordinal>`, the identity
 * labels, hostname/subdomain, one PVC per volumeClaimTemplate named `<template>-<set>-<ordinal>` mounted as a
 * persistentVolumeClaim volume, and the PVC ownerReferences the retention policy asks for.
 */
import type { KObject, OwnerReference } from "../../kube/object";
import { podFromTemplate } from "./controller-revision-owner";

export const POD_NAME_LABEL = "statefulset.kubernetes.io/pod-name";
export const POD_INDEX_LABEL = "apps.kubernetes.io/pod-index";
export const REVISION_LABEL = "controller-revision-hash";

export interface StatefulSetSpec {
  replicas?: number;
  serviceName?: string;
  podManagementPolicy?: string;
  minReadySeconds?: number;
  revisionHistoryLimit?: number;
  ordinals?: { start?: number };
  selector?: { matchLabels?: Record<string, string> };
  template?: Record<string, unknown>;
  volumeClaimTemplates?: KObject[];
  updateStrategy?: { type?: string; rollingUpdate?: { partition?: number; maxUnavailable?: number | string } };
  persistentVolumeClaimRetentionPolicy?: { whenDeleted?: string; whenScaled?: string };
}

export function specOf(set: KObject): StatefulSetSpec {
  return (set.spec ?? {}) as StatefulSetSpec;
}

/** getParentNameAndOrdinal: `web-12` → ("web", 12); -1 when the name has no ordinal. */
export function parentAndOrdinal(pod: KObject): { parent: string; ordinal: number } {
  const m = /^(.*)-([0-9]+)$/.exec(String(pod.metadata.name ?? ""));
  if (!m) return { parent: "", ordinal: -1 };
  const ordinal = Number.parseInt(m[2], 10);
  return { parent: m[1], ordinal: Number.isSafeInteger(ordinal) ? ordinal : -1 };
}

export function ordinalOf(pod: KObject): number {
  return parentAndOrdinal(pod).ordinal;
}

/** isMemberOf: the pod's name says it belongs to this set. */
export function isMemberOf(set: KObject, pod: KObject): boolean {
  return parentAndOrdinal(pod).parent === set.metadata.name;
}

export function startOrdinal(set: KObject): number {
  return specOf(set).ordinals?.start ?? 0;
}

export function endOrdinal(set: KObject): number {
  return startOrdinal(set) + (specOf(set).replicas ?? 1) - 1;
}

export function inOrdinalRange(set: KObject, pod: KObject): boolean {
  const o = ordinalOf(pod);
  return o >= startOrdinal(set) && o <= endOrdinal(set);
}

export function podName(set: KObject, ordinal: number): string {
  return `${set.metadata.name}-${ordinal}`;
}

export function podRevision(pod: KObject): string {
  return pod.metadata.labels?.[REVISION_LABEL] ?? "";
}

export function claimName(set: KObject, template: KObject, ordinal: number): string {
  return `${template.metadata.name}-${set.metadata.name}-${ordinal}`;
}

/** getPersistentVolumeClaims: the claims of the pod at `ordinal`, labelled with the set's selector labels. */
export function claimsFor(set: KObject, ordinal: number): { volume: string; claim: KObject }[] {
  const spec = specOf(set);
  const selectorLabels = spec.selector?.matchLabels ?? {};
  return (spec.volumeClaimTemplates ?? []).map((t) => {
    const claim = structuredClone(t);
    claim.apiVersion = "v1";
    claim.kind = "PersistentVolumeClaim";
    claim.metadata = {
      ...claim.metadata,
      name: claimName(set, t, ordinal),
      namespace: set.metadata.namespace,
      labels: { ...(t.metadata.labels ?? {}), ...selectorLabels },
    };
    delete claim.status;
    return { volume: String(t.metadata.name), claim };
  });
}

/** updateIdentity: the pod-name and pod-index labels. */
function applyIdentity(set: KObject, pod: KObject, ordinal: number): void {
  pod.metadata.name = podName(set, ordinal);
  pod.metadata.namespace = set.metadata.namespace;
  pod.metadata.labels = {
    ...(pod.metadata.labels ?? {}),
    [POD_NAME_LABEL]: String(pod.metadata.name),
    [POD_INDEX_LABEL]: String(ordinal),
  };
}

/** updateStorage: one persistentVolumeClaim volume per claim template, replacing same-named template volumes. */
function applyStorage(set: KObject, pod: KObject, ordinal: number): void {
  const spec = pod.spec as { volumes?: { name: string }[] };
  const claims = claimsFor(set, ordinal);
  const names = new Set(claims.map((c) => c.volume));
  spec.volumes = [
    ...claims.map((c) => ({
      name: c.volume,
      persistentVolumeClaim: { claimName: String(c.claim.metadata.name) },
    })),
    ...(spec.volumes ?? []).filter((v) => !names.has(v.name)),
  ];
  if (spec.volumes.length === 0) delete spec.volumes;
}

/**
 * newStatefulSetPod: the pod at `ordinal` built from `template` (the current or update revision's), with its
 * stable identity and storage, labelled with `revision` (the ControllerRevision's name).
 */
export function newStatefulSetPod(
  set: KObject,
  template: Record<string, unknown>,
  ordinal: number,
  revision: string,
): KObject {
  const pod = podFromTemplate(template, set);
  delete pod.metadata.generateName;
  applyIdentity(set, pod, ordinal);
  const spec = pod.spec as Record<string, unknown>;
  // Set only on creation: the stable network identity `<pod>.<service>`.
  spec.hostname = pod.metadata.name;
  if (specOf(set).serviceName) spec.subdomain = specOf(set).serviceName;
  applyStorage(set, pod, ordinal);
  pod.metadata.labels = { ...(pod.metadata.labels ?? {}), [REVISION_LABEL]: revision };
  return pod;
}

/** identityMatches: right name, namespace and identity labels. */
export function identityMatches(set: KObject, pod: KObject): boolean {
  const { parent, ordinal } = parentAndOrdinal(pod);
  const l = pod.metadata.labels ?? {};
  return (
    ordinal >= 0 &&
    parent === set.metadata.name &&
    pod.metadata.namespace === set.metadata.namespace &&
    l[POD_NAME_LABEL] === pod.metadata.name &&
    l[POD_INDEX_LABEL] === String(ordinal)
  );
}

/** Puts the identity labels back on a pod that lost them (UpdateStatefulPod); volumes are immutable on pods. */
export function withIdentity(set: KObject, pod: KObject): KObject {
  const next = structuredClone(pod);
  applyIdentity(set, next, ordinalOf(pod));
  return next;
}

// ---- PVC retention policy (StatefulSetAutoDeletePVC, GA in 1.32) ------------------------------------------

function plainRef(o: KObject, apiVersion: string, kind: string): OwnerReference {
  return { apiVersion, kind, name: String(o.metadata.name), uid: String(o.metadata.uid) };
}

/**
 * updateClaimOwnerRefForSetAndPod: the ownerReferences a claim should carry so the garbage collector deletes it
 * when the policy says Delete (owned by the set for whenDeleted, by the condemned pod for whenScaled).
 * Returns the new list, or undefined when the claim already matches.
 */
export function claimOwnerRefsFor(set: KObject, pod: KObject, claim: KObject): OwnerReference[] | undefined {
  const policy = specOf(set).persistentVolumeClaimRetentionPolicy ?? {};
  const whenDeleted = policy.whenDeleted === "Delete";
  const whenScaled = policy.whenScaled === "Delete";
  const scaledDown = !inOrdinalRange(set, pod);
  const wantSet = whenDeleted && !(whenScaled && scaledDown);
  const wantPod = whenScaled && scaledDown;
  let refs = [...(claim.metadata.ownerReferences ?? [])];
  const before = JSON.stringify(refs);
  const setUid = set.metadata.uid;
  const podUid = pod.metadata.uid;
  refs = refs.filter((r) => (r.uid !== setUid || wantSet) && (r.uid !== podUid || wantPod));
  if (wantSet && !refs.some((r) => r.uid === setUid)) refs.push(plainRef(set, "apps/v1", "StatefulSet"));
  if (wantPod && podUid && !refs.some((r) => r.uid === podUid)) refs.push(plainRef(pod, "v1", "Pod"));
  return JSON.stringify(refs) === before ? undefined : refs;
}
