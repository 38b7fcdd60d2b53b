/**
 * PersistentVolume columns (printers.go printPersistentVolume): NAME CAPACITY ACCESS MODES RECLAIM POLICY STATUS
 * CLAIM STORAGECLASS VOLUMEATTRIBUTESCLASS REASON AGE | wide: VOLUMEMODE.
 */
import type { KObject } from "../object";
import type { TableColumn } from "../registry/kind";
import { ageColumn, arr, field, nameColumn, rec, recOrUndef, str } from "./common";
import { quantityString } from "./quantities";

/** core.BetaStorageClassAnnotation, which takes precedence over spec.storageClassName. */
export const BETA_STORAGE_CLASS_ANNOTATION = "volume.beta.kubernetes.io/storage-class";

/** helper.GetAccessModesAsString: de-duplicated, always in the order RWO, ROX, RWX, RWOP, joined by ",". */
export function accessModesString(modes: unknown): string {
  const set = new Set(arr(modes).map(str));
  const out: string[] = [];
  if (set.has("ReadWriteOnce")) out.push("RWO");
  if (set.has("ReadOnlyMany")) out.push("ROX");
  if (set.has("ReadWriteMany")) out.push("RWX");
  if (set.has("ReadWriteOncePod")) out.push("RWOP");
  return out.join(",");
}

/** The value of an annotation, or undefined when the key is absent (Go's `v, found := m[k]`). */
export function annotation(obj: KObject, key: string): string | undefined {
  const annotations = rec(obj.metadata?.annotations);
  return Object.hasOwn(annotations, key) ? str(annotations[key]) : undefined;
}

/** helper.GetPersistentVolumeClass: the beta annotation if present, else spec.storageClassName. */
export function persistentVolumeClass(pv: KObject): string {
  return annotation(pv, BETA_STORAGE_CLASS_ANNOTATION) ?? str(field(pv, "spec").storageClassName);
}

/** A pointer-to-string field: its value, or "<unset>" when nil. */
export function unsetIfNil(v: unknown): string {
  return v === undefined || v === null ? "<unset>" : str(v);
}

/** status.phase, or "Terminating" once deletionTimestamp is set. */
export function phaseOrTerminating(obj: KObject): string {
  return obj.metadata?.deletionTimestamp ? "Terminating" : str(field(obj, "status").phase);
}

/** spec.claimRef as "namespace/name", "" when unbound. */
function claimRef(pv: KObject): string {
  const ref = recOrUndef(field(pv, "spec").claimRef);
  return ref ? `${str(ref.namespace)}/${str(ref.name)}` : "";
}

export const persistentVolumeColumns: readonly TableColumn[] = [
  nameColumn,
  {
    name: "Capacity",
    type: "string",
    format: "",
    description:
      "capacity is the description of the persistent volume's resources and capacity. More info: https://kubernetes.io/docs/concepts/storage/persistent-volumes#capacity",
    priority: 0,
    cell: (obj) => quantityString(rec(field(obj, "spec").capacity).storage),
  },
  {
    name: "Access Modes",
    type: "string",
    format: "",
    description:
      "accessModes contains all ways the volume can be mounted. More info: https://kubernetes.io/docs/concepts/storage/persistent-volumes#access-modes",
    priority: 0,
    cell: (obj) => accessModesString(field(obj, "spec").accessModes),
  },
  {
    name: "Reclaim Policy",
    type: "string",
    format: "",
    description:
      "persistentVolumeReclaimPolicy defines what happens to a persistent volume when released from its claim. Valid options are Retain (default for manually created PersistentVolumes), Delete (default for dynamically provisioned PersistentVolumes), and Recycle (deprecated). Recycle must be supported by the volume plugin underlying this PersistentVolume. More info: https://kubernetes.io/docs/concepts/storage/persistent-volumes#reclaiming",
    priority: 0,
    cell: (obj) => str(field(obj, "spec").persistentVolumeReclaimPolicy),
  },
  {
    name: "Status",
    type: "string",
    format: "",
    description:
      "phase indicates if a volume is available, bound to a claim, or released by a claim. More info: https://kubernetes.io/docs/concepts/storage/persistent-volumes#phase",
    priority: 0,
    cell: (obj) => phaseOrTerminating(obj),
  },
  {
    name: "Claim",
    type: "string",
    format: "",
    description:
      "claimRef is part of a bi-directional binding between PersistentVolume and PersistentVolumeClaim. Expected to be non-nil when bound. claim.VolumeName is the authoritative bind between PV and PVC. More info: https://kubernetes.io/docs/concepts/storage/persistent-volumes#binding",
    priority: 0,
    cell: (obj) => claimRef(obj),
  },
  {
    name: "StorageClass",
    type: "string",
    format: "",
    description: "StorageClass of the pv",
    priority: 0,
    cell: (obj) => persistentVolumeClass(obj),
  },
  {
    name: "VolumeAttributesClass",
    type: "string",
    format: "",
    description: "VolumeAttributesClass of the pv",
    priority: 0,
    cell: (obj) => unsetIfNil(field(obj, "spec").volumeAttributesClassName),
  },
  {
    name: "Reason",
    type: "string",
    format: "",
    description:
      "reason is a brief CamelCase string that describes any failure and is meant for machine parsing and tidy display in the CLI.",
    priority: 0,
    cell: (obj) => str(field(obj, "status").reason),
  },
  ageColumn,
  {
    name: "VolumeMode",
    type: "string",
    format: "",
    description:
      "volumeMode defines if a volume is intended to be used with a formatted filesystem or to remain in raw block state. Value of Filesystem is implied when not included in spec.",
    priority: 1,
    cell: (obj) => unsetIfNil(field(obj, "spec").volumeMode),
  },
];
