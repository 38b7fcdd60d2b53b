/**
 * storage.k8s.io/v1 StorageClass defaulting (pkg/apis/storage/v1/defaults.go, Kubernetes 1.32).
 */
import type { KObject } from "../object";

/** SetDefaults_StorageClass: reclaimPolicy Delete, volumeBindingMode Immediate. */
export function defaultStorageClass(sc: KObject): void {
  const s = sc as Record<string, unknown>;
  if (s.reclaimPolicy === undefined || s.reclaimPolicy === null) s.reclaimPolicy = "Delete";
  if (s.volumeBindingMode === undefined || s.volumeBindingMode === null) s.volumeBindingMode = "Immediate";
}
