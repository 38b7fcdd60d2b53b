/** policy/v1 PodDisruptionBudget, scheduling.k8s.io/v1 PriorityClass, storage.k8s.io/v1 StorageClass. */

import { defaultPodDisruptionBudget } from "../defaults/policy";
import { defaultPriorityClass } from "../defaults/scheduling";
import { defaultStorageClass } from "../defaults/storage";
import { podDisruptionBudgetColumns, priorityClassColumns, storageClassColumns } from "../printers";
import { podDisruptionBudgetSchema } from "../types/policy";
import { priorityClassSchema, storageClassSchema } from "../types/scheduling-storage";
import { validatePodDisruptionBudget } from "../validation/policy";
import { validatePriorityClass } from "../validation/scheduling";
import { validateStorageClass } from "../validation/storage";
import { defineKind } from "./define";

export const podDisruptionBudgetKind = defineKind({
  group: "policy",
  version: "v1",
  kind: "PodDisruptionBudget",
  plural: "poddisruptionbudgets",
  namespaced: true,
  shortNames: ["pdb"],
  schema: podDisruptionBudgetSchema,
  statusSubresource: true,
  generationFields: ["spec"],
  columns: podDisruptionBudgetColumns,
  prepareForCreate(pdb) {
    pdb.status = { disruptionsAllowed: 0, currentHealthy: 0, desiredHealthy: 0, expectedPods: 0 };
  },
  defaults: defaultPodDisruptionBudget,
  validate: (o, old) => validatePodDisruptionBudget(o, old),
});

export const priorityClassKind = defineKind({
  group: "scheduling.k8s.io",
  version: "v1",
  kind: "PriorityClass",
  plural: "priorityclasses",
  namespaced: false,
  shortNames: ["pc"],
  schema: priorityClassSchema,
  columns: priorityClassColumns,
  defaults: defaultPriorityClass,
  validate: (o, old) => validatePriorityClass(o, old),
});

export const storageClassKind = defineKind({
  group: "storage.k8s.io",
  version: "v1",
  kind: "StorageClass",
  plural: "storageclasses",
  namespaced: false,
  shortNames: ["sc"],
  schema: storageClassSchema,
  columns: storageClassColumns,
  defaults: defaultStorageClass,
  validate: (o, old) => validateStorageClass(o, old),
});
