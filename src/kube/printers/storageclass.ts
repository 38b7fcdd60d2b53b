/**
 * StorageClass columns (printers.go printStorageClass): NAME PROVISIONER RECLAIMPOLICY VOLUMEBINDINGMODE
 * ALLOWVOLUMEEXPANSION AGE. NAME gets " (default)" for the default class; unset fields show their defaults
 * (Delete, Immediate, false).
 */
import type { KObject } from "../object";
import type { TableColumn } from "../registry/kind";
import { ageColumn, NAME_DESCRIPTION, rec, str } from "./common";

/** storageutil.IsDefaultAnnotation: the GA or beta is-default-class annotation is exactly "true". */
export function isDefaultStorageClass(obj: KObject): boolean {
  const annotations = rec(obj.metadata?.annotations);
  return (
    annotations["storageclass.kubernetes.io/is-default-class"] === "true" ||
    annotations["storageclass.beta.kubernetes.io/is-default-class"] === "true"
  );
}

function orDefault(v: unknown, dflt: string): string {
  return v === undefined || v === null ? dflt : str(v);
}

export const storageClassColumns: readonly TableColumn[] = [
  {
    name: "Name",
    type: "string",
    format: "name",
    description: NAME_DESCRIPTION,
    priority: 0,
    cell: (obj) => {
      const name = str(obj.metadata?.name);
      return isDefaultStorageClass(obj) ? `${name} (default)` : name;
    },
  },
  {
    name: "Provisioner",
    type: "string",
    format: "",
    description: "provisioner indicates the type of the provisioner.",
    priority: 0,
    cell: (obj) => str(obj.provisioner),
  },
  {
    name: "ReclaimPolicy",
    type: "string",
    format: "",
    description:
      "reclaimPolicy controls the reclaimPolicy for dynamically provisioned PersistentVolumes of this storage class. Defaults to Delete.",
    priority: 0,
    cell: (obj) => orDefault(obj.reclaimPolicy, "Delete"),
  },
  {
    name: "VolumeBindingMode",
    type: "string",
    format: "",
    description:
      "volumeBindingMode indicates how PersistentVolumeClaims should be provisioned and bound.  When unset, VolumeBindingImmediate is used. This field is only honored by servers that enable the VolumeScheduling feature.",
    priority: 0,
    cell: (obj) => orDefault(obj.volumeBindingMode, "Immediate"),
  },
  {
    name: "AllowVolumeExpansion",
    // Declared "string" in printers.go, but the cell is a bool.
    type: "string",
    format: "",
    description: "allowVolumeExpansion shows whether the storage class allow volume expand.",
    priority: 0,
    cell: (obj) => obj.allowVolumeExpansion === true,
  },
  ageColumn,
];
