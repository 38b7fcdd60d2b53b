/** Controller references as apimachinery's metav1 helpers read and write them (GetControllerOf, NewControllerRef). */
import type { KObject, OwnerReference } from "./object";

/** metav1.GetControllerOf: the owner reference marked controller, if any. */
export function controllerRefOf(obj: KObject | undefined): OwnerReference | undefined {
  return (obj?.metadata.ownerReferences ?? []).find((r) => r.controller === true);
}

/** metav1.NewControllerRef: controller and blockOwnerDeletion both true. */
export function newControllerRef(owner: KObject, apiVersion: string, kind: string): OwnerReference {
  return {
    apiVersion,
    kind,
    name: String(owner.metadata.name),
    uid: String(owner.metadata.uid),
    controller: true,
    blockOwnerDeletion: true,
  };
}
