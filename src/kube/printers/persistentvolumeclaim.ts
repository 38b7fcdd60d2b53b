/**
 * PersistentVolumeClaim columns (printers.go printPersistentVolumeClaim): NAME STATUS VOLUME CAPACITY ACCESS MODES
 * STORAGECLASS VOLUMEATTRIBUTESCLASS AGE | wide: VOLUMEMODE. CAPACITY and ACCESS MODES come from status and are
 * only shown once spec.volumeName is set.
 */
import type { KObject } from "../object";
import type { TableColumn } from "../registry/kind";
import { ageColumn, field, nameColumn, rec, str } from "./common";
import {
  accessModesString,
  annotation,
  BETA_STORAGE_CLASS_ANNOTATION,
  phaseOrTerminating,
  unsetIfNil,
} from "./persistentvolume";
import { quantityString } from "./quantities";

/** helper.GetPersistentVolumeClaimClass: the beta annotation if present, else spec.storageClassName, else "". */
export function persistentVolumeClaimClass(pvc: KObject): string {
  return annotation(pvc, BETA_STORAGE_CLASS_ANNOTATION) ?? str(field(pvc, "spec").storageClassName);
}

function bound(pvc: KObject): boolean {
  return str(field(pvc, "spec").volumeName) !== "";
}

export const persistentVolumeClaimColumns: readonly TableColumn[] = [
  nameColumn,
  {
    name: "Status",
    type: "string",
    format: "",
    description: "phase represents the current phase of PersistentVolumeClaim.",
    priority: 0,
    cell: (obj) => phaseOrTerminating(obj),
  },
  {
    name: "Volume",
    type: "string",
    format: "",
    description: "volumeName is the binding reference to the PersistentVolume backing this claim.",
    priority: 0,
    cell: (obj) => str(field(obj, "spec").volumeName),
  },
  {
    name: "Capacity",
    type: "string",
    format: "",
    description: "capacity represents the actual resources of the underlying volume.",
    priority: 0,
    cell: (obj) => (bound(obj) ? quantityString(rec(field(obj, "status").capacity).storage) : ""),
  },
  {
    name: "Access Modes",
    type: "string",
    format: "",
    description:
      "accessModes contains the actual access modes the volume backing the PVC has. More info: https://kubernetes.io/docs/concepts/storage/persistent-volumes#access-modes-1",
    priority: 0,
    cell: (obj) => (bound(obj) ? accessModesString(field(obj, "status").accessModes) : ""),
  },
  {
    name: "StorageClass",
    type: "string",
    format: "",
    description: "StorageClass of the pvc",
    priority: 0,
    cell: (obj) => persistentVolumeClaimClass(obj),
  },
  {
    name: "VolumeAttributesClass",
    type: "string",
    format: "",
    description: "VolumeAttributesClass of the pvc",
    priority: 0,
    cell: (obj) => unsetIfNil(field(obj, "spec").volumeAttributesClassName),
  },
  ageColumn,
  {
    name: "VolumeMode",
    type: "string",
    format: "",
    description:
      "volumeMode defines what type of volume is required by the claim. Value of Filesystem is implied when not included in claim spec.",
    priority: 1,
    cell: (obj) => unsetIfNil(field(obj, "spec").volumeMode),
  },
];
