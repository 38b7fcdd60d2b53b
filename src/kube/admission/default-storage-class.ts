/**
 * The DefaultStorageClass admission plugin (plugin/pkg/admission/storage/storageclass/setdefault, Kubernetes
 * 1.32): a PersistentVolumeClaim created without a class gets the default StorageClass's name, so kind's
 * `standard` class (local-path) provisions claims that name none. A claim that asks for a class — any
 * spec.storageClassName including "" (explicitly no class), or the beta annotation — is left alone, and so is
 * one created while no class is marked default. Only CREATE: updates never add a class.
 */
import type { KObject } from "../object";
import { isPlainObject } from "../object";
import { isDefaultStorageClass } from "../printers/storageclass";

const BETA_CLASS_ANNOTATION = "volume.beta.kubernetes.io/storage-class";

/** helper.PersistentVolumeClaimHasClass: the beta annotation (any value) or a set spec.storageClassName. */
export function persistentVolumeClaimHasClass(pvc: KObject): boolean {
  if (pvc.metadata.annotations && Object.hasOwn(pvc.metadata.annotations, BETA_CLASS_ANNOTATION)) return true;
  const spec = isPlainObject(pvc.spec) ? pvc.spec : {};
  return spec.storageClassName !== undefined && spec.storageClassName !== null;
}

/**
 * util.GetDefaultClass: among the classes annotated default, the newest (creationTimestamp), ties going to the
 * name first in order; undefined when none is.
 */
export function defaultStorageClass(classes: readonly KObject[]): KObject | undefined {
  const created = (c: KObject) => Date.parse(String(c.metadata.creationTimestamp ?? "")) || 0;
  return classes
    .filter(isDefaultStorageClass)
    .sort((a, b) => created(b) - created(a) || (a.metadata.name! < b.metadata.name! ? -1 : 1))[0];
}

/** Admit: sets spec.storageClassName on a claim that has no class to the default class's name, if any. */
export function admitDefaultStorageClass(pvc: KObject, storageClasses: readonly KObject[]): void {
  if (persistentVolumeClaimHasClass(pvc)) return;
  const def = defaultStorageClass(storageClasses);
  if (!def) return;
  if (!isPlainObject(pvc.spec)) pvc.spec = {};
  (pvc.spec as Record<string, unknown>).storageClassName = def.metadata.name;
}
